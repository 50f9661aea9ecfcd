#!/usr/bin/env python3
"""Every HTML page (and the stylesheet) of each built site through the Nu Html Checker.

    check_html.py VNU_JAR NAME=DIR [NAME=DIR ...]

One `java -jar vnu.jar` run covers all sites (one JVM start). Prints one
`ok - ...` / `not ok - ...` line per site, with every error as
`    PAGE:LINE:COLUMN: MESSAGE` under a failure. Warnings are printed as notes
and do not fail.

The digest's email editions (`digest/*/email.html`) are HTML for email
clients, not browsers: vnu checks them too, except for the presentational
table attributes that email clients still need (`width`, `bgcolor`,
`cellpadding`, `cellspacing`, `border`, `align` on tables and cells), which
HTML calls obsolete. They are then checked statically with Python's own
parser: no `<style>`, `<script>`, `<link>`, form, frame or web font; every
URL absolute; images only from the site, with width, height and alt; tables
at most 600 px wide; a preheader; a link to the week's page.
"""
import glob
import re
from html.parser import HTMLParser
import json
import os
import subprocess
import sys
from urllib.parse import unquote, urlparse


# What email clients need of a table layout, and HTML calls obsolete.
EMAIL_TABLE_ATTRS = re.compile(
    r"The “(width|bgcolor|cellpadding|cellspacing|border|align)” attribute on the “(table|td)” element is obsolete"
)


class EmailProbe(HTMLParser):
    """Collects what an email client would refuse or fetch."""

    def __init__(self):
        super().__init__()
        self.problems, self.links, self.text = [], [], []
        self.preheader = None
        self._in_hidden = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        where = "line %d" % self.getpos()[0]
        if tag in ("style", "script", "link", "form", "iframe", "object", "embed", "input", "button"):
            self.problems.append("%s: <%s> in an email" % (where, tag))
        for name in ("href", "src", "background", "action", "srcset"):
            url = a.get(name)
            if url is not None and not url.startswith(("https://", "http://", "mailto:")):
                self.problems.append("%s: relative URL %s=%r" % (where, name, url))
        if tag == "img":
            for name in ("width", "height", "alt"):
                if name not in a:
                    self.problems.append("%s: <img> without %s" % (where, name))
        if tag == "table" and a.get("width", "").isdigit() and int(a["width"]) > 600:
            self.problems.append("%s: a table %s px wide" % (where, a["width"]))
        if "class" in a:
            self.problems.append("%s: class=%r (styles are inline)" % (where, a["class"]))
        style = a.get("style", "")
        if "@font-face" in style or "url(" in style:
            self.problems.append("%s: an external resource in a style: %r" % (where, style))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "div" and "display:none" in style.replace(" ", "") and self.preheader is None:
            self._in_hidden = True
            self.preheader = ""

    def handle_endtag(self, tag):
        if tag == "div":
            self._in_hidden = False

    def handle_data(self, data):
        if self._in_hidden:
            self.preheader += data


def check_emails(name, root):
    files = sorted(glob.glob(os.path.join(root, "digest", "*", "email.html")))
    problems = []
    for path in files:
        rel = os.path.relpath(path, root)
        probe = EmailProbe()
        with open(path, encoding="utf-8") as f:
            probe.feed(f.read())
        problems += ["%s: %s" % (rel, p) for p in probe.problems]
        if not (probe.preheader or "").strip():
            problems.append("%s: no preheader" % rel)
        week = rel.split(os.sep)[1]
        if not any(link.rstrip("/").endswith("/digest/" + week) for link in probe.links):
            problems.append("%s: no link to the week's page" % rel)
    title = "email editions: %s site, %d email.html, inline styles only, absolute URLs, no external resource" % (name, len(files))
    print(("not ok - " if problems or not files else "ok - ") + title)
    for line in problems[:40] or ([] if files else ["no email.html found"]):
        print("    " + line)


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
            if path.endswith(os.sep + "email.html") and EMAIL_TABLE_ATTRS.search(m.get("message", "")):
                continue
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
        check_emails(name, root)


if __name__ == "__main__":
    main()
