#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests, extraction scored on the corpus of
# real clippings (tests/corpus), then the browser tests (Chromium with playwright-core and
# axe-core) and HTML validation (vnu) on built sites.
#
# Works on a fresh Debian machine with Rust, node 20 and Java 17: installs Chromium with apt-get
# when it is missing (as root) and the npm dev dependencies when node_modules is missing or
# older than package-lock.json. Run from anywhere: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

section() { printf '\n==== %s ====\n' "$*"; }

section "Tools"
for tool in cargo node npm java python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test.sh: $tool is required but not installed" >&2; exit 1; }
done
if [ -z "${CHROMIUM:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "test.sh: Chromium is missing; install it (apt-get install chromium) or set CHROMIUM to its path" >&2
      exit 1
    fi
    echo "Installing Chromium with apt-get..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
  fi
  CHROMIUM="$(command -v chromium)"
fi
export CHROMIUM
echo "cargo: $(cargo --version)"
echo "node: $(node --version)"
echo "java: $(java -version 2>&1 | head -n 1)"
echo "chromium: $CHROMIUM"

section "npm dev dependencies"
stamp=node_modules/.briefing-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -d node_modules/playwright-core ]; then
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; Java is already here.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
else
  echo "node_modules is up to date"
fi

section "cargo test"
cargo test --workspace --all-targets --locked

section "cargo build"
cargo build --locked

section "Extraction on the corpus (tests/corpus)"
python3 tests/corpus/check.py target/debug/briefing

section "Search terms: the browser's normaliser on the shared cases"
node tests/search-normalise.mjs

section "Browser tests"
BRIEFING_BIN="${BRIEFING_BIN:-target/debug/briefing}" node tests/browser/run.mjs

section "Browser test: the bundled archive from file:// (relative_urls)"
BRIEFING_BIN="${BRIEFING_BIN:-target/debug/briefing}" node tests/browser/portable.mjs
section "Reader's side on the bundled archive (search end to end, screenshots)"
BRIEFING_BIN="${BRIEFING_BIN:-target/debug/briefing}" node tests/browser/reader.mjs

section "HTML validation (vnu)"
bash tests/browser/validate.sh

section "All tests passed"
