#!/bin/sh
# What the tests need beside Python packages: Debian's chromium for the browser tests
# (Playwright cannot download browsers here) and LibreOffice Writer, which proves that the
# Word files Paraat produces open without error; Node.js with the `oidc-provider` package
# (tests/oidc/), a real OpenID provider for the single sign-on tests.
root=$(cd "$(dirname "$0")/.." && pwd)
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing for the tests:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $missing >/dev/null || {
      echo "apt-get install$missing failed" >&2; exit 1; }
  else
    echo "The tests need:$missing. Install with: sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi
# The test OpenID provider, exactly as locked (again only when the lock file changed).
oidc="$root/tests/oidc"
if [ ! -f "$oidc/node_modules/.package-lock.json" ] || \
   [ "$oidc/package-lock.json" -nt "$oidc/node_modules/.package-lock.json" ]; then
  (cd "$oidc" && npm ci --no-audit --no-fund --loglevel=error) || {
    echo "npm ci in tests/oidc failed" >&2; exit 1; }
fi
exit 0
