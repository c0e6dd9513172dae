#!/bin/sh
# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
  echo "apt-get install chromium failed" >&2; exit 1
fi
echo "The browser tests need chromium. Install it with: sudo apt-get install -y chromium" >&2
exit 1
