#!/bin/sh
# The explorer's browser test drives Debian's headless Chromium (playwright-core cannot download a
# browser here). Installs it when missing, saying so; fails with one clear line when it cannot.
set -eu
CHROMIUM="${BATON_TEST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "ensure-chromium: $CHROMIUM not found; installing Debian's chromium for the explorer's browser test"
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: cannot install chromium without root: run 'apt-get install -y chromium' as root, or set BATON_TEST_CHROMIUM to a Chromium binary" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get on this machine: install Chromium and set BATON_TEST_CHROMIUM to its binary" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: apt-get update"
apt-get update -qq
echo "ensure-chromium: apt-get install -y --no-install-recommends chromium"
if ! apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
  echo "ensure-chromium: 'apt-get install chromium' failed; see the apt output above" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium installed but $CHROMIUM is missing; set BATON_TEST_CHROMIUM to its binary" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed"
