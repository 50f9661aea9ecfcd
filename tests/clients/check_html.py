#!/usr/bin/env python3
"""Every HTML page (and the stylesheet) of each built site through the Nu Html Checker.

    check_html.py VNU_JAR NAME=DIR [NAME=DIR ...]

One `java -jar vnu.jar` run covers all sites (one JVM start). Prints one
`ok - ...` / `not ok - ...` line per site, with every error as
`    PAGE:LINE:COLUMN: MESSAGE` under a failure. Warnings are printed as notes
and do not fail.
"""
import json
import os
import subprocess
import sys
from urllib.parse import unquote, urlparse


def main():
    jar, sites = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    dirs = [os.path.realpath(d) for _, d in sites]
    # No --errors-only: warnings are shown as notes. --also-check-css: style.css too.
    run = subprocess.run(
        ["java", "-Xss4m", "-jar", jar, "--format", "json", "--skip-non-html", "--also-check-css", *dirs],
        capture_output=True,
        text=True,
    )
    raw = run.stderr.strip() or run.stdout.strip()
    try:
        messages = json.loads(raw)["messages"]
    except (ValueError, KeyError):
        print("not ok - vnu ran and reported its results as JSON")
        print("    exit status %d; output: %s" % (run.returncode, raw[:2000].replace("\n", "\n    ")))
        return

    for (name, _), root in zip(sites, dirs):
        checked = sum(
            1 for base, _, files in os.walk(root) for f in files if f.endswith((".html", ".css"))
        )
        errors, notes = [], []
        for m in messages:
            path = unquote(urlparse(m.get("url", "")).path)
            if not (path == root or path.startswith(root + os.sep)):
                continue
            where = "%s:%s:%s" % (
                os.path.relpath(path, root),
                m.get("lastLine", m.get("firstLine", "?")),
                m.get("firstColumn", m.get("lastColumn", "?")),
            )
            line = "%s: %s" % (where, m.get("message", "").strip())
            if m.get("extract"):
                line += "  [%s]" % m["extract"].replace("\n", "\\n")
            if m.get("type") == "info":  # subType "warning" or plain info
                notes.append(line)
            else:  # "error", and "non-document-error" (a file vnu could not read)
                errors.append(line)
        title = "vnu: %s site, %d HTML/CSS files, no errors" % (name, checked)
        print(("not ok - " if errors else "ok - ") + title)
        for line in errors:
            print("    error: " + line)
        for line in notes:
            print("    note: " + line)


if __name__ == "__main__":
    main()
