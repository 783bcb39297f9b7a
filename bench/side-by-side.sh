#!/usr/bin/env bash
# Two builds of briefing side by side on the same archive, runs alternated so that both see
# the same hour of a noisy machine. See docs/benchmarks.md.
#
#   bash bench/side-by-side.sh OLD_BIN NEW_BIN ARCHIVE [RUNS]
#
# ARCHIVE is a folder with briefing.toml and content/ (from the generator, for example
# `synth --articles 10000 --seed 42 --out DIR`, built with the OLD generator when the old
# binary cannot build the new one's archives). It is copied twice; the copies, their sites and
# the outputs moved aside live under BENCH_DIR (default /tmp/briefing-side). For each binary:
# RUNS (default 6) clean builds (output and cache moved aside, untimed), then RUNS second
# `build`s each after one new article in the middle of the archive's last year (January 2025:
# the later articles' search ids move up one), then RUNS after one new article that is the
# newest (June 2026). Prints each run and the medians of wall time, user CPU and peak memory
# (from /usr/bin/time).
set -euo pipefail

(($# >= 3)) || { echo "usage: $0 OLD_BIN NEW_BIN ARCHIVE [RUNS]" >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2") SRC=$(realpath "$3") RUNS=${4:-6}
BENCH_DIR=${BENCH_DIR:-/tmp/briefing-side}
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (Debian package 'time') is required" >&2; exit 1; }
[[ -f $SRC/briefing.toml ]] || { echo "$SRC has no briefing.toml" >&2; exit 1; }
case "$BENCH_DIR" in "" | / | /tmp | /root | /home | /work) echo "unsafe BENCH_DIR" >&2; exit 1 ;; esac
rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR/aside"
for w in old new; do
  mkdir -p "$BENCH_DIR/$w"
  cp -r "$SRC/briefing.toml" "$SRC/content" "$BENCH_DIR/$w/"
done

bin_of() { if [[ $1 == old ]]; then echo "$OLD"; else echo "$NEW"; fi; }
n=0
aside() { for d in site .briefing-cache; do [[ -e $1/$d ]] && mv "$1/$d" "$BENCH_DIR/aside/$((n += 1))"; done; sync; }
timed() { # label, binary, archive
  local err="$BENCH_DIR/err"
  /usr/bin/time -f "$1 %e %U %M" "$2" build --root "$3" >/dev/null 2>"$err" || { tail -5 "$err" >&2; exit 1; }
  tail -1 "$err"
}

# A first build of each (the new one writes its addresses file), untimed.
for w in old new; do "$(bin_of $w)" build --root "$BENCH_DIR/$w" >/dev/null 2>&1; done
results="$BENCH_DIR/results"
: >"$results"
for i in $(seq "$RUNS"); do
  for w in old new; do
    aside "$BENCH_DIR/$w"
    timed "$w clean" "$(bin_of $w)" "$BENCH_DIR/$w" | tee -a "$results"
  done
done
# RUNS builds each of one new article: LABEL FILE-PREFIX TITLE MONTH (its day is the run).
one_more() {
  for i in $(seq "$RUNS"); do
    for w in old new; do
      printf '+++\ntitle = "%s %s"\ndate = %s-%02d\n+++\nA new article about Pyongyang and Moscow.\n' "$3" "$i" "$4" "$i" \
        >"$BENCH_DIR/$w/content/$2-$i.md"
      timed "$w $1" "$(bin_of $w)" "$BENCH_DIR/$w" | tee -a "$results"
    done
  done
}
one_more +1-mid one-more "One more article" 2025-01
one_more +1-newest newest "Newest article" 2026-06

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    who, kind, wall, user, rss = line.split()
    rows.setdefault((kind, who), []).append((float(wall), float(user), int(rss) / 1024))
print("\n| build | binary | median wall | median user CPU | median peak RSS |")
print("|---|---|---:|---:|---:|")
for kind in ("clean", "+1-mid", "+1-newest"):
    base = None
    for who in ("old", "new"):
        r = rows[(kind, who)]
        med = [statistics.median(x[k] for x in r) for k in range(3)]
        # (A tiny archive's one-article build can take 0.00 s of user CPU.)
        rel = "" if base is None or base[1] == 0 else " (%+.0f%%)" % (100 * (med[1] / base[1] - 1))
        base = base or med
        print(f"| {kind} | {who} | {med[0]:.2f} s | {med[1]:.2f} s{rel} | {med[2]:.0f} MB |")
PY
for w in old new; do
  echo "$w: build cache $(du -sm "$BENCH_DIR/$w/.briefing-cache" | cut -f1) MB after $((2 * RUNS)) one-article builds"
done
