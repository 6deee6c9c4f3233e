#!/usr/bin/env bash
# Fails when committed generated code drifts from its source: GraphQL resolver types (graphql-codegen)
# and drizzle-kit migrations (the schema must produce no new migration).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f codegen.ts ] && ls schema/*.graphql >/dev/null 2>&1; then
  npx graphql-codegen --config codegen.ts >/dev/null
fi
npx drizzle-kit check
out=$(npx drizzle-kit generate 2>&1)
echo "$out" | tail -n 2
untracked=$(git status --porcelain -- migrations src/graphql/__generated__ web/src/gql)
if [ -n "$untracked" ] || ! git diff --quiet -- migrations src/graphql/__generated__ web/src/gql; then
  echo "Generated files drift from their sources:"
  git status --porcelain -- migrations src/graphql/__generated__ web/src/gql
  git diff --stat -- migrations src/graphql/__generated__ web/src/gql
  exit 1
fi
echo "generated code and migrations: in sync"
