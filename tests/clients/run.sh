#!/usr/bin/env bash
# Real clients against briefing's output (README: "Testing with real clients").
#
#   bash tests/clients/run.sh
#
# Builds the sample site and a 200-briefing generated site (examples/corpus)
# with the release build (with CLIENTS_PROFILE=debug, the debug build), then
# checks them with independent clients:
#   - the Nu Html Checker (vnu) on every HTML page and the stylesheet;
#   - PyPI feedparser on every Atom feed, PyPI atoma on the JSON Feed;
#   - xmllint on sitemap.xml against the sitemaps.org 0.9 schema, and on
#     news-sitemap.xml against the Google News 0.9 schema (sitemap-news.xsd);
#   - headless Chromium (Debian's) with axe-core on the sites served by a plain
#     static file server (python3 -m http.server on 127.0.0.1): console errors,
#     a reader's journey, search, keyboard, phone layout, dark mode, contrast,
#     and screenshots into target/screenshots/;
#   - the same browser checks against `briefing serve` on a copy of the sample
#     site, then live reload: an editor's save of a briefing shows in the open
#     page, a broken save shows the error overlay, a good save clears it.
# Every check prints `ok - ...` or `not ok - ...`; the last line is
# `N passed, M failed`, and the exit status is 1 when anything failed.
#
# Needs what .ci/run installs: chromium, default-jre-headless, libxml2-utils,
# the npm packages of tests/clients (npm ci --ignore-scripts), and the Python
# packages of tests/clients/requirements.txt (in target/clients-venv, or in
# the python3 on PATH). Environment: CHROMIUM (default /usr/bin/chromium),
# CLIENTS_PYTHON (default target/clients-venv/bin/python, else python3),
# CLIENTS_PROFILE (`release`, the default, or `debug`: which build of briefing
# and of the generator the clients check; .ci/run takes the debug build that
# `cargo test` has just made rather than spend minutes on a release build).
set -uo pipefail # no -e: every check runs, failures are counted at the end

cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
CLIENTS=$ROOT/tests/clients
SHOTS=$ROOT/target/screenshots
PROFILE=${CLIENTS_PROFILE:-release}
case $PROFILE in
  release) CARGO_PROFILE=(--release) ;;
  debug) CARGO_PROFILE=() ;;
  *) echo "CLIENTS_PROFILE must be release or debug, not \`$PROFILE\`" >&2; exit 2 ;;
esac
GEN=$ROOT/target/$PROFILE/examples/corpus
VNU=$CLIENTS/node_modules/vnu-jar/build/dist/vnu.jar
if [ -n "${CLIENTS_PYTHON:-}" ]; then PY=$CLIENTS_PYTHON
elif [ -x "$ROOT/target/clients-venv/bin/python" ]; then PY=$ROOT/target/clients-venv/bin/python
else PY=python3
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/briefing-clients.XXXXXX")
RESULTS=$WORK/results
: >"$RESULTS"
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() { echo "ok - $1" | tee -a "$RESULTS"; }
not_ok() {
  echo "not ok - $1" | tee -a "$RESULTS"
  [ $# -lt 2 ] || sed 's/^/    /' <<<"$2"
}

# Runs a checker that prints ok/not ok lines; a crash or silence is a failure too.
checker() {
  local name=$1 out=$WORK/checker.out status
  shift
  echo "== $name"
  "$@" >"$out" 2>&1
  status=$?
  cat "$out"
  grep -E '^(not )?ok - ' "$out" >>"$RESULTS"
  if ! grep -qE '^(not )?ok - ' "$out"; then
    not_ok "$name ran (exit status $status, no results)"
  elif [ "$status" -ne 0 ] && ! grep -q '^not ok - ' "$out"; then
    not_ok "$name exited with status $status"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers (any HTTP status, or only STATUS if given), at most 20 s.
wait_for_url() {
  python3 - "$1" "${2:-}" <<'EOF'
import sys, time, urllib.error, urllib.request
want = sys.argv[2]
for _ in range(200):
    try:
        status = urllib.request.urlopen(sys.argv[1], timeout=1).status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError:
        time.sleep(0.1)
        continue
    if not want or str(status) == want:
        sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
EOF
}

# Serves DIR as a host would (plain files, no rewriting) on 127.0.0.1; sets SERVED_URL.
serve_static() {
  local dir=$1 port
  port=$(free_port)
  python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >"$WORK/http-$port.log" 2>&1 &
  PIDS+=($!)
  SERVED_URL=http://127.0.0.1:$port/
  wait_for_url "$SERVED_URL"
}

started=$(date +%s)

# ---------------------------------------------------------------- the sites
echo "== building the sample site and a 200-briefing generated site ($PROFILE)"
if ! out=$(cargo build --quiet "${CARGO_PROFILE[@]}" --example corpus 2>&1); then
  not_ok "the corpus generator (examples/corpus) builds" "$out"
fi
if out=$(cargo run --quiet "${CARGO_PROFILE[@]}" -- build --root "$ROOT" --out "$WORK/sample" 2>&1); then
  ok "the sample site builds ($(find "$WORK/sample" -name '*.html' | wc -l) pages)"
else
  not_ok "the sample site builds" "$out"
fi
if out=$("$GEN" --n 200 --authors 12 --images-every 10 --out "$WORK/corpus" 2>&1 && cargo run --quiet "${CARGO_PROFILE[@]}" -- build --future --root "$WORK/corpus" --out "$WORK/gen" 2>&1); then
  ok "the 200-briefing generated site builds ($(find "$WORK/gen" -name '*.html' | wc -l) pages)"
else
  not_ok "the 200-briefing generated site builds" "$out"
fi
SITES=()
[ -f "$WORK/sample/index.html" ] && SITES+=("sample=$WORK/sample")
[ -f "$WORK/gen/index.html" ] && SITES+=("gen=$WORK/gen")

if [ ${#SITES[@]} -gt 0 ]; then
  # ------------------------------------------------------------ validity
  checker "vnu (Nu Html Checker)" "$PY" "$CLIENTS/check_html.py" "$VNU" "${SITES[@]}"
  checker "feeds (feedparser, atoma)" "$PY" "$CLIENTS/check_feeds.py" "${SITES[@]}"
  checker "sitemap (xmllint, sitemaps.org schema)" "$PY" "$CLIENTS/check_sitemap.py" "${SITES[@]}"

  # ------------------------------------------------------------ the browser
  BROWSER_SITES=()
  for site in "${SITES[@]}"; do
    name=${site%%=*}
    dir=${site#*=}
    if serve_static "$dir"; then
      BROWSER_SITES+=(--site "$name=$SERVED_URL=$dir")
    else
      not_ok "python3 -m http.server serves the $name site"
    fi
  done

  # ---- `briefing serve` -----------------------------------------------------
  # The preview server gets the whole browser suite by being one more --site
  # ($WORK/sample, the same site built to disk, only tells the suite which pages
  # exist), and the live-reload checks by --serve. Those edit a briefing and put
  # it back, so serve runs on a copy of the sample site, never on the repository.
  BRIEFING=$ROOT/target/$PROFILE/briefing
  SERVE_ROOT=$WORK/serve-root
  if [ -f "$WORK/sample/index.html" ] && [ -x "$BRIEFING" ]; then
    mkdir -p "$SERVE_ROOT"
    for item in content templates static site.yaml; do
      if [ -e "$ROOT/$item" ]; then cp -R "$ROOT/$item" "$SERVE_ROOT/"; fi
    done
    port=$(free_port)
    "$BRIEFING" serve --root "$SERVE_ROOT" --bind 127.0.0.1 --port "$port" >"$WORK/serve.log" 2>&1 &
    PIDS+=($!)
    if wait_for_url "http://127.0.0.1:$port/" 200; then
      ok "briefing serve answers on 127.0.0.1:$port (a copy of the sample site)"
      BROWSER_SITES+=(--site "serve=http://127.0.0.1:$port/=$WORK/sample" --serve "serve=$SERVE_ROOT")
    else
      not_ok "briefing serve answers 200 on 127.0.0.1:$port" "$(cat "$WORK/serve.log")"
    fi
  fi

  if [ ${#BROWSER_SITES[@]} -gt 0 ]; then
    rm -rf "$SHOTS"
    mkdir -p "$SHOTS"
    echo "== headless Chromium, axe-core (screenshots: ${SHOTS#"$ROOT"/})"
    out=$WORK/browser.out
    # A cap for a hung browser; `timeout` passes a TERM on to node, which closes Chromium.
    timeout 900 node "$CLIENTS/browser.mjs" "${BROWSER_SITES[@]}" --screenshots "$SHOTS" --screenshot-site sample \
      > >(tee "$out") 2>&1 &
    node_pid=$!
    PIDS+=("$node_pid")
    wait "$node_pid"
    status=$?
    sleep 0.2 # let tee flush
    grep -E '^(not )?ok - ' "$out" >>"$RESULTS"
    if ! grep -qE '^(not )?ok - ' "$out"; then
      not_ok "the browser checks ran (exit status $status, no results)"
    elif [ "$status" -eq 124 ]; then
      not_ok "the browser checks finished within 15 minutes"
    elif [ "$status" -ne 0 ] && ! grep -q '^not ok - ' "$out"; then
      not_ok "the browser checks exited with status $status"
    fi
    # README: a broken save's problems are printed in the terminal once.
    if [ -f "$WORK/serve.log" ] && grep -q '^ok - \[serve\] serve: saving a broken' "$out"; then
      n=$(grep -c 'unknown field `titel`' "$WORK/serve.log")
      if [ "$n" -eq 1 ]; then
        ok "briefing serve printed the broken save's problem once in the terminal"
      else
        not_ok "briefing serve printed the broken save's problem once in the terminal (printed $n times)" "$(cat "$WORK/serve.log")"
      fi
    fi
  fi
fi

passed=$(grep -c '^ok - ' "$RESULTS")
failed=$(grep -c '^not ok - ' "$RESULTS")
echo
echo "== real clients took $(($(date +%s) - started)) s"
if [ "$failed" -gt 0 ]; then
  echo "failed:"
  grep '^not ok - ' "$RESULTS" | sed 's/^not ok - /  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
