#!/usr/bin/env bash
# HTML validation with the Nu Html Checker (vnu.jar, from the npm package vnu-jar), errors only:
# on a freshly built fixture archive (tests/browser/fixture.mjs) and on the bundled archive's
# site (briefing build in the repository root writes site/). Needs java and node_modules.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

BIN="${BRIEFING_BIN:-target/debug/briefing}"
VNU=node_modules/vnu-jar/build/dist/vnu.jar
[ -x "$BIN" ] || { echo "validate: no briefing binary at $BIN (run cargo build)" >&2; exit 1; }
[ -f "$VNU" ] || { echo "validate: $VNU is missing (run npm ci)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

vnu() { # NAME [vnu options] FILE-OR-DIR...
  local name="$1"
  shift
  echo "vnu: $name"
  if java -Xss4m -jar "$VNU" --errors-only --skip-non-html "$@"; then
    echo "ok - vnu: $name has no HTML errors"
    passed=$((passed + 1))
  else
    echo "not ok - vnu: $name has HTML errors (listed above)"
    failed=$((failed + 1))
  fi
}

node tests/browser/fixture.mjs "$tmp/fixture" >/dev/null
if "$BIN" build --root "$tmp/fixture" --quiet 2>"$tmp/fixture.log"; then
  mapfile -t pages < <(find "$tmp/fixture/site" -name '*.html' | sort)
  vnu "fixture site (${#pages[@]} pages)" "${pages[@]}"
else
  cat "$tmp/fixture.log" >&2
  echo "not ok - briefing build of the fixture archive failed"
  failed=$((failed + 1))
fi

if "$BIN" build --root . --quiet 2>"$tmp/bundled.log"; then
  vnu "bundled site" "site"
else
  cat "$tmp/bundled.log" >&2
  echo "not ok - briefing build of the bundled archive failed"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
