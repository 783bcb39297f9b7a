#!/usr/bin/env bash
# Benchmarks briefing (and Hugo, for comparison) on synthetic archives. See docs/benchmarks.md.
#
#   bash bench/run.sh                 # 1,000, 10,000 and 100,000 articles
#   bash bench/run.sh 1000 10000      # chosen sizes
#
# Environment: RUNS (runs per measurement, default 5; medians are reported), BENCH_DIR (work
# folder, default /tmp/briefing-bench), HUGO_MAX (largest size Hugo is run at, default 10000),
# BRIEFING_BIN (use this binary, skip `cargo build --release`), SYNTH_BIN (use this generator), BENCH_KEEP=1 (keep the generated
# archives), CMD_TIMEOUT (seconds allowed to any one command, default 1800).
# Prints a Markdown report and writes it to docs/benchmarks.results.md.
# The preparation steps given to measure() are single-quoted on purpose: measure() evals them
# before each run, so their counters (add_i, edit_i, hadd_i) advance in its scope.
# shellcheck disable=SC2016,SC2034
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if (($# > 0)); then SIZES=("$@"); else SIZES=(1000 10000 100000); fi
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/briefing-bench}
HUGO_MAX=${HUGO_MAX:-10000}
CMD_TIMEOUT=${CMD_TIMEOUT:-1800}
SEED=42
RESULTS="$REPO/docs/benchmarks.results.md"

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

for n in "${SIZES[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "sizes must be positive integers, got '$n'"
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
case "$BENCH_DIR" in
  "" | / | /root | /home | /tmp | /usr | /etc | /work) die "BENCH_DIR=$BENCH_DIR is not a safe work folder" ;;
esac
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

# --- tools -----------------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    timeout 600 apt-get update -qq || log "warning: apt-get update failed"
    for pkg in "${missing[@]}"; do
      DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "$pkg" >/dev/null ||
        log "warning: could not install $pkg"
    done
  else
    log "warning: missing ${missing[*]} and cannot apt-get install (not root or no apt-get)"
  fi
fi
[[ -x /usr/bin/time ]] || die "/usr/bin/time (Debian package 'time') is required"
command -v python3 >/dev/null 2>&1 || die "python3 is required for the serve latency probe"
HAVE_HUGO=0
command -v hugo >/dev/null 2>&1 && HAVE_HUGO=1
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null 2>&1 && HAVE_HYPERFINE=1

# --- build -----------------------------------------------------------------------------------
# The generator of synthetic archives is its own workspace member (bench/synth), not part of
# briefing: SYNTH_BIN names a built one.
if [[ -n ${BRIEFING_BIN:-} ]]; then
  BIN=$BRIEFING_BIN
else
  log "cargo build --release"
  (cd "$REPO" && timeout 3600 cargo build --release --quiet) || die "release build failed"
  BIN="$REPO/target/release/briefing"
fi
[[ -x $BIN ]] || die "no briefing binary at $BIN"
if [[ -n ${SYNTH_BIN:-} ]]; then
  SYNTH=$SYNTH_BIN
else
  log "cargo build --release -p briefing-synth"
  (cd "$REPO" && timeout 3600 cargo build --release --quiet -p briefing-synth) || die "building the generator failed"
  SYNTH="$REPO/target/release/synth"
fi
[[ -x $SYNTH ]] || die "no generator at $SYNTH"
HUGO_SYNTH=1

# --- measuring helpers -----------------------------------------------------------------------
TMP=$(mktemp -d "$BENCH_DIR/.tmp.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

# aside PATH...: moves PATH out of the way (into $TMP, deleted at exit) instead of deleting it.
# On a journal-less ext4 such as this machine's, the kernel skips inodes freed in the last one
# to six minutes when it allocates new ones (ext4's recently_deleted()), so a build that runs
# right after an `rm -rf` of 20,000 files spends a third of its time in that scan: the
# benchmark would be measuring its own clean-up. Both tools get the same treatment.
# (measure() runs in a subshell, so each call gets its own fresh folder rather than a counter.)
aside() {
  local p
  mkdir -p "$TMP/aside"
  for p in "$@"; do
    if [[ -e $p ]]; then
      mv "$p" "$(mktemp -d "$TMP/aside/XXXXXXXX")/"
    fi
  done
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan" } else if (NR % 2) { print a[(NR + 1) / 2] } else { print (a[NR / 2] + a[NR / 2 + 1]) / 2 } }'; }

# Converts /usr/bin/time -v output into "wall_s cpu_s rss_kb".
parse_time() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/ { u = $2 }
    /System time \(seconds\)/ { s = $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%.3f %.3f %d\n", w, u + s, r }' "$1"
}

# measure PREP CMD...: runs PREP (untimed, may be empty) then CMD under /usr/bin/time, RUNS
# times; prints the medians "wall_s cpu_s rss_kb". CMD's output goes to $TMP/last.log.
measure() {
  local prep=$1
  shift
  local i rows=$TMP/rows
  : >"$rows"
  for ((i = 1; i <= RUNS; i++)); do
    if [[ -n $prep ]]; then eval "$prep" >/dev/null; fi
    if ! timeout "$CMD_TIMEOUT" /usr/bin/time -v -o "$TMP/time" "$@" >"$TMP/last.log" 2>&1; then
      log "command failed: $*"
      tail -n 20 "$TMP/last.log" >&2 || true
      return 1
    fi
    parse_time "$TMP/time" >>"$rows"
  done
  printf '%s %s %s\n' \
    "$(cut -d' ' -f1 "$rows" | median)" \
    "$(cut -d' ' -f2 "$rows" | median)" \
    "$(cut -d' ' -f3 "$rows" | median)"
}

# hyperfine's median wall time in seconds (more runs, with warm-up), or "" without hyperfine.
hyperfine_median() {
  ((HAVE_HYPERFINE)) || return 0
  local cmd=$1
  timeout "$CMD_TIMEOUT" hyperfine --style none --warmup 1 --runs $((RUNS < 10 ? 10 : RUNS)) \
    --export-json "$TMP/hf.json" "$cmd" >/dev/null 2>&1 || return 0
  python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$TMP/hf.json"
}

secs() { awk -v s="$1" 'BEGIN { if (s == "" || s == "nan") print "n/a"; else if (s < 1) printf "%.0f ms\n", s * 1000; else printf "%.2f s\n", s }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "" || k == "nan") print "n/a"; else printf "%.0f MB\n", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f\n", a / b }'; }
thousands() { printf "%'d" "$1" 2>/dev/null || printf "%d" "$1"; }

new_article() { # new_article DIR N I: a curated article that sorts as the newest
  mkdir -p "$1"
  cat >"$1/bench-new-$2-$3.md" <<EOF
+++
title = "Bench new article $3 for size $2"
date = 2025-12-31
source = "Yonhap"
topics = ["nk-russia"]
people = ["Vladimir Putin"]
+++

The UN Security Council met on Tuesday after Moscow and Pyongyang signed a new arms deal, diplomats said.

Officials declined to comment on the timing of the next meeting.
EOF
}

# --- runs ------------------------------------------------------------------------------------
OURS=()
HUGO_ROWS=()
for n in "${SIZES[@]}"; do
  dir="$BENCH_DIR/n$n"
  log "== $n articles: generating $dir"
  rm -rf "$dir"
  if ! timeout "$CMD_TIMEOUT" /usr/bin/time -v -o "$TMP/time" \
    "$SYNTH" --articles "$n" --seed "$SEED" --out "$dir" >"$TMP/last.log" 2>&1; then
    tail -n 20 "$TMP/last.log" >&2 || true
    die "the generator (synth) failed"
  fi
  read -r g_wall _ _ < <(parse_time "$TMP/time")
  content_mb=$(du -sb "$dir/content" | awk '{ printf "%.0f", $1 / 1048576 }')

  log "clean build x$RUNS"
  # Like Hugo's clean build below, each starts with no output folder (moved aside, untimed).
  read -r c_wall c_cpu c_rss < <(measure 'aside "$dir/site" "$dir/.briefing-cache"' "$BIN" build --root "$dir" --clean) || die "clean build failed"
  site="$dir/site"
  site_mb=$(du -sb "$site" | awk '{ printf "%.0f", $1 / 1048576 }')
  site_files=$(find "$site" -type f | wc -l)

  log "no-change build x$RUNS"
  read -r z_wall _ _ < <(measure "" "$BIN" build --root "$dir") || die "no-change build failed"
  z_hf=$(hyperfine_median "$(printf '%q build --root %q' "$BIN" "$dir")")

  log "build after adding one article x$RUNS"
  add_i=0
  read -r a_wall _ _ < <(measure 'add_i=$((add_i + 1)); new_article "$dir/content/bench-new" "$n" "$add_i"' \
    "$BIN" build --root "$dir") || die "build after adding an article failed"

  log "build after editing one article x$RUNS"
  victim=$(find "$dir/content" -name '*.md' -not -path '*/bench-new/*' | sort | sed -n 1p)
  [[ -n $victim ]] || die "no curated article to edit in $dir/content"
  edit_i=0
  read -r e_wall _ _ < <(measure 'edit_i=$((edit_i + 1)); printf "\nBench edit %s: officials said the talks would resume.\n" "$edit_i" >>"$victim"' \
    "$BIN" build --root "$dir") || die "build after editing an article failed"

  log "serve: saved article to written page"
  serve_ms=n/a
  if timeout "$CMD_TIMEOUT" python3 "$REPO/bench/serve_latency.py" --bin "$BIN" --root "$dir" \
    --repeats 5 --startup-timeout $((CMD_TIMEOUT > 400 ? CMD_TIMEOUT - 200 : CMD_TIMEOUT / 2)) \
    >"$TMP/serve.out" 2>&1; then
    serve_ms=$(sed -n 's/^median_ms=//p' "$TMP/serve.out")
  else
    log "warning: serve latency probe failed:"
    tail -n 20 "$TMP/serve.out" >&2 || true
  fi
  serve_fmt=n/a
  [[ $serve_ms != n/a && -n $serve_ms ]] && serve_fmt="$(awk -v m="$serve_ms" 'BEGIN { printf "%.0f ms", m }')"

  OURS+=("| $(thousands "$n") | $content_mb MB, $(secs "$g_wall") | $(secs "$c_wall") | $(secs "$c_cpu") | $(mb "$c_rss") | $(secs "$z_wall")${z_hf:+ ($(secs "$z_hf"))} | $(secs "$a_wall") | $(secs "$e_wall") | $serve_fmt | $site_mb MB | $(thousands "$site_files") |")

  if ((HAVE_HUGO && HUGO_SYNTH && n <= HUGO_MAX)); then
    hdir="$BENCH_DIR/hugo$n"
    log "Hugo: generating $hdir"
    rm -rf "$hdir"
    timeout "$CMD_TIMEOUT" "$SYNTH" --hugo --articles "$n" --seed "$SEED" --out "$hdir" >/dev/null ||
      die "synth --hugo failed"
    log "Hugo clean build x$RUNS"
    if read -r h_wall h_cpu h_rss < <(measure 'aside "$hdir/public" "$hdir/resources"' hugo --quiet -s "$hdir"); then
      log "Hugo build after adding one article x$RUNS"
      hadd_i=0
      read -r ha_wall _ _ < <(measure 'hadd_i=$((hadd_i + 1)); new_article "$hdir/content/articles" "$n" "$hadd_i"' \
        hugo --quiet -s "$hdir") || ha_wall=""
      HUGO_ROWS+=("| $(thousands "$n") | $(secs "$h_wall") | $(secs "$h_cpu") | $(mb "$h_rss") | $(secs "$ha_wall") | $(ratio "$c_wall" "$h_wall") | $(ratio "$c_rss" "$h_rss") |")
    else
      log "warning: Hugo build failed at $n"
      HUGO_ROWS+=("| $(thousands "$n") | failed | | | | | |")
    fi
    [[ ${BENCH_KEEP:-0} == 1 ]] || aside "$hdir"
  fi
  [[ ${BENCH_KEEP:-0} == 1 ]] || aside "$dir"
done

# --- report ----------------------------------------------------------------------------------
commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit="$commit (with uncommitted changes)"; fi
mem_gb=$(free -g | awk '/^Mem:/ { print $2 }')
hugo_version=$( ((HAVE_HUGO)) && hugo version 2>/dev/null | awk '{ print $2 }' || echo "not installed")
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bash bench/run.sh ${SIZES[*]}\`; see [benchmarks.md](benchmarks.md) for what each column means."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, ${mem_gb} GB RAM (free -g), kernel $(uname -r)"
  echo "- commit: $commit"
  echo "- runs per measurement: $RUNS (medians); seed $SEED; Hugo: $hugo_version"
  echo
  echo "## briefing"
  echo
  echo "| articles | content, generated in | clean build | clean CPU | clean peak RSS | no-change build | +1 article | 1 edited | serve: saved → written | site size | site files |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${OURS[@]}"
  echo
  echo "No-change build: /usr/bin/time median, with hyperfine's median in parentheses when installed."
  if ((${#HUGO_ROWS[@]} > 0)); then
    echo
    echo "## Hugo on the same articles"
    echo
    echo "| articles | Hugo clean build | Hugo CPU | Hugo peak RSS | Hugo +1 article | time briefing/Hugo | memory briefing/Hugo |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${HUGO_ROWS[@]}"
  elif ((!HAVE_HUGO)); then
    echo
    echo "Hugo was not available, so there is no comparison."
  fi
} >"$TMP/report.md"
cat "$TMP/report.md"
mkdir -p "$(dirname "$RESULTS")"
cp "$TMP/report.md" "$RESULTS"
log "wrote $RESULTS"
