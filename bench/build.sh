#!/usr/bin/env bash
# Full-build benchmark: generates N briefings with the project's generator
# (examples/corpus) and times `briefing build` on them with hyperfine (first
# build into an empty folder, then rebuilds), plus peak memory from /usr/bin/time.
#   bench/build.sh [N] [RUNS]        (from the repository root; default 10000 8)
# Needs hyperfine (apt-get install -y hyperfine). For the comparison with Hugo,
# run bench/compare.sh N; for the growth guard, bench/growth.sh.
set -euo pipefail
N=${1:-10000}
RUNS=${2:-8}
WORK=${BENCH_DIR:-/tmp/briefing-build-bench}/n$N
command -v hyperfine >/dev/null || { echo "install hyperfine first: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet --bins --example corpus
BIN=$(pwd)/target/release/briefing
rm -rf "$WORK"; mkdir -p "$WORK"
target/release/examples/corpus --n "$N" --out "$WORK/site"
BUILD="$BIN build --future --root $WORK/site --out $WORK/out"
hyperfine --runs 3 -n "first build (empty output folder)" \
  --prepare "rm -rf $WORK/out $WORK/.out.old $WORK/.out.staging" "$BUILD"
hyperfine --warmup 2 --runs "$RUNS" -n "rebuild" "$BUILD"
/usr/bin/time -f "peak RSS: %M KiB" $BUILD --verbose
