#!/bin/sh
# Extract and compile the Dutch catalogs: one per app (src/paraat/<app>/locale) and one for the
# shared templates (src/paraat/locale). Needs gettext (xgettext, msgfmt).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
paraat="$root/.venv/bin/paraat"
export PARAAT_ENV=development
export PARAAT_DATA_DIR="$root/var"  # not a var/ in every app folder it visits
cd "$root/src/paraat"
apps=""
for d in */; do
  d=${d%/}
  if [ -f "$d/apps.py" ]; then
    apps="$apps $d"
    if [ -d "$d/locale" ]; then
      (cd "$d" && "$paraat" makemessages -l nl --no-obsolete --no-location --ignore 'tests/*' >/dev/null)
    fi
  fi
done
ignores=""
for a in $apps; do ignores="$ignores --ignore=$a/*"; done
# shellcheck disable=SC2086
"$paraat" makemessages -l nl --no-obsolete --no-location $ignores --ignore='locale/*' >/dev/null
"$paraat" compilemessages >/dev/null
echo "Catalogs updated. Untranslated or fuzzy entries:"
"$root/.venv/bin/python" "$root/scripts/untranslated.py"
