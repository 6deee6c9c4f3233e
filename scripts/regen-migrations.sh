#!/usr/bin/env bash
# PRE-RELEASE ONLY (nothing has shipped yet): regenerates migrations from scratch as
# 0000_enable_vector (custom) + 0001_init, so parallel schema work does not fight over numbering.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/stratum-migrations.lock
flock 9
rm -rf migrations
npx drizzle-kit generate --custom --name=enable_vector >/dev/null
echo 'CREATE EXTENSION IF NOT EXISTS vector;' >migrations/0000_enable_vector.sql
npx drizzle-kit generate --name=init | tail -n 1
# Custom SQL drizzle-kit cannot express (functions, triggers): one `--custom` migration per file, in name order.
for f in scripts/custom-sql/*.sql; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .sql | sed 's/^[0-9]*_//')
  npx drizzle-kit generate --custom --name="$name" >/dev/null
  cp "$f" "$(ls migrations/*_"$name".sql | tail -n 1)"
done
