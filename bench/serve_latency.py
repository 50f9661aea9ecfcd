#!/usr/bin/env python3
"""Save-to-page latency of `briefing serve` on a generated site.

Starts `briefing serve` on a corpus from the project's generator
(examples/corpus, built here with `cargo build --release --example corpus`), then
saves an edited briefing the way editors do (write a temporary file, rename
it over the original) and polls the page until the new title is served.
Prints each measurement and the median, in milliseconds.

    bench/serve_latency.py [--n 10000] [--runs 15] [--bin target/release/briefing]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "target", "release", "examples", "corpus")


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "briefing"))
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bins", "--example", "corpus"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="briefing-serve-bench-")
    subprocess.run([GEN, "--n", str(args.n), "--out", work], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([args.bin, "serve", "--root", work, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        port = None
        for line in server.stdout:
            match = re.search(r"Serving http://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = match.group(1)
                break
        if port is None:
            sys.exit("serve did not start")
        # The middle briefing that is not a draft (briefing-005000 of 10,000).
        folder = os.path.join(work, "content", "briefings")
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".md"))
        target = next(p for p in files[len(files) // 2:] if "\ndraft: true\n" not in open(p, encoding="utf-8").read())
        slug = os.path.basename(target)[:-3]
        url = f"http://127.0.0.1:{port}/briefings/{slug}/"
        fetch(url)
        original = open(target, encoding="utf-8").read()
        times = []
        for run in range(args.runs):
            title = f"Edited title number {run}"
            text = re.sub(r"^title: .*$", f'title: "{title}"', original, count=1, flags=re.M)
            temporary = target + ".tmp"
            started = time.perf_counter()
            with open(temporary, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(temporary, target)
            while title not in fetch(url):
                time.sleep(0.002)
            elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.0f} ms")
            time.sleep(0.3)
        print(f"median save-to-page time over {len(times)} saves on {args.n} briefings: {statistics.median(times):.0f} ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
