#!/usr/bin/env bash
# Guards against a stage that grows faster than linearly: builds SMALL and
# LARGE generated briefings (examples/corpus) with the release binary, each
# RUNS times into an empty output folder, and compares the fastest times.
# Exits 1 when LARGE took more than GUARD times SMALL (default: 1.125 times
# the size ratio, 4.5 for 4x the briefings; a quadratic stage would take 16x).
#   bench/growth.sh [SMALL] [LARGE] [GUARD]   (from the repository root; default 1000 4000)
#   RUNS=5 bench/growth.sh 10000 100000       (RUNS defaults to 3)
# Timing ratios need a quiet machine, so this is a benchmark, not a test.
set -euo pipefail
SMALL=${1:-1000}
LARGE=${2:-4000}
GUARD=${3:-$(awk -v s="$SMALL" -v l="$LARGE" 'BEGIN { printf "%.2f", 1.125 * l / s }')}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-/tmp/briefing-growth-bench}
cargo build --release --quiet --bins --example corpus
BIN=$(pwd)/target/release/briefing
rm -rf "$WORK"; mkdir -p "$WORK"

# The fastest of RUNS builds of N generated briefings, in seconds.
fastest() {
  local n=$1 best="" start end took
  target/release/examples/corpus --n "$n" --out "$WORK/site-$n" >/dev/null
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out-$n"
    start=$(date +%s%N)
    "$BIN" build --future --root "$WORK/site-$n" --out "$WORK/out-$n" >/dev/null
    end=$(date +%s%N)
    took=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
  done
  awk -v ms="$best" 'BEGIN { printf "%.3f", ms / 1000 }'
}

small=$(fastest "$SMALL")
large=$(fastest "$LARGE")
rm -rf "$WORK"
ratio=$(awk -v s="$small" -v l="$large" 'BEGIN { printf "%.2f", l / s }')
echo "$SMALL briefings: $small s; $LARGE briefings: $large s; ratio $ratio (guard $GUARD, fastest of $RUNS)"
if awk -v r="$ratio" -v g="$GUARD" 'BEGIN { exit !(r > g) }'; then
  echo "growth: ${LARGE} briefings took ${ratio}x the time of ${SMALL}: a stage grows faster than linearly" >&2
  exit 1
fi
