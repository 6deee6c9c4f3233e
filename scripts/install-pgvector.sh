#!/usr/bin/env bash
# Installs pgvector into the system PostgreSQL 15 (Debian bookworm has no package for it): builds Debian's
# source package of pgvector from trixie against postgresql-server-dev-15. Idempotent; safe to re-run.
set -euo pipefail
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ -f "$($PG_CONFIG --sharedir)/extension/vector.control" ]; then
  echo "pgvector already installed in $($PG_CONFIG --sharedir)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql-server-dev-15 dpkg-dev >/dev/null
U=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
W=$(mktemp -d)
mkdir -p "$W/sp" "$W/lists/partial"
printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$U" >"$W/sp/t.sources"
O="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$W/sp -o Dir::State::Lists=$W/lists -o Dir::Cache::pkgcache=$W/p.bin -o Dir::Cache::srcpkgcache=$W/s.bin"
# shellcheck disable=SC2086
apt-get $O update -qq
# shellcheck disable=SC2086
(cd "$W" && apt-get $O source -qq pgvector >/dev/null)
SRC=$(find "$W" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
make -s -C "$SRC" PG_CONFIG="$PG_CONFIG" >/dev/null
make -s -C "$SRC" PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "pgvector installed from $SRC"
