#!/usr/bin/env bash
# Make PostgreSQL's server binaries available for the store tests (tests/pgserver.py finds them).
# On a fresh Debian machine, as root, install Debian's package; elsewhere only say what is missing.
set -euo pipefail
if [ -n "${COMMUNIQUE_PG_BIN:-}" ] && [ -x "$COMMUNIQUE_PG_BIN/pg_ctl" ]; then exit 0; fi
if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then exit 0; fi
if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's postgresql package for the store tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL server binaries not found: the PostgreSQL store tests will be skipped" \
     "(install Debian's postgresql package or set COMMUNIQUE_PG_BIN)" >&2
