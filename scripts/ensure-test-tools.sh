#!/bin/sh
# What the tests need beside Python packages: Debian's chromium for the browser tests
# (Playwright cannot download browsers here) and LibreOffice Writer, which proves that the
# Word files Paraat produces open without error.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the tests:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing >/dev/null && exit 0
  echo "apt-get install$missing failed" >&2; exit 1
fi
echo "The tests need:$missing. Install with: sudo apt-get install -y$missing" >&2
exit 1
