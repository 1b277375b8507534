#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright (no browser download). Install it
# when it is missing and we may (root, apt-get present); otherwise say why the tests will skip.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
  echo "ensure-chromium: chromium did not install" >&2
  exit 1
fi
echo "ensure-chromium: chromium is missing and cannot be installed here (not root); the browser tests will be skipped" >&2
