#!/usr/bin/env python3
"""Each built site's sitemap against the sitemaps.org 0.9 schema, with xmllint.

    check_sitemap.py NAME=DIR [NAME=DIR ...]

`sitemap.xml` is validated with `xmllint --schema` against sitemap.xsd (a
<urlset>) or siteindex.xsd (a <sitemapindex>, whose sitemaps are validated
in turn, but for the News sitemap it lists last, left to the news check).
Then every <loc> must be a page that exists in the output, and every HTML
page but 404.html must be listed. One `ok` / `not ok` per site.

`news-sitemap.xml` (Google's News sitemap) is validated against
sitemap-news.xsd (which imports sitemap.xsd); robots.txt must list it, and
every <loc> must be a briefing page of the site with a <news:news>. An empty
one (no briefing in the two days before the build) is checked for
well-formedness only: the sitemaps.org schema wants at least one <url>.
A second `ok` / `not ok` line per site.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xmllint(path, schema):
    run = subprocess.run(
        ["xmllint", "--noout", "--schema", os.path.join(HERE, schema), path],
        capture_output=True,
        text=True,
    )
    if run.returncode == 0:
        return []
    return [line for line in run.stderr.splitlines() if line.strip() and not line.endswith("fails to validate")] or [
        "xmllint exited with %d" % run.returncode
    ]


def base_url(root):
    """The site's base URL, from the Sitemap: line of robots.txt."""
    with open(os.path.join(root, "robots.txt"), encoding="utf-8") as f:
        m = re.search(r"^Sitemap:\s*(\S+)sitemap\.xml\s*$", f.read(), re.M)
    return m.group(1) if m else None


def check(root):
    problems, locs, files = [], [], 0
    sitemap = os.path.join(root, "sitemap.xml")
    if not os.path.exists(sitemap):
        return ["sitemap.xml is missing"], 0, 0
    base = base_url(root)
    if not base:
        problems.append("robots.txt has no `Sitemap: <base>sitemap.xml` line")
    root_tag = ET.parse(sitemap).getroot().tag
    if root_tag == NS + "urlset":
        files = 1
        problems += ["sitemap.xml: " + p for p in xmllint(sitemap, "sitemap.xsd")]
        locs = [e.text or "" for e in ET.parse(sitemap).getroot().iter(NS + "loc")]
    elif root_tag == NS + "sitemapindex":
        problems += ["sitemap.xml: " + p for p in xmllint(sitemap, "siteindex.xsd")]
        for loc in ET.parse(sitemap).getroot().iter(NS + "loc"):
            rel = (loc.text or "")[len(base or "") :]
            if rel == "news-sitemap.xml":
                continue  # checked on its own, by check_news
            part = os.path.join(root, rel)
            if not base or not (loc.text or "").startswith(base) or not os.path.isfile(part):
                problems.append("sitemap.xml lists %s, which is not a file of the site" % loc.text)
                continue
            files += 1
            problems += ["%s: %s" % (rel, p) for p in xmllint(part, "sitemap.xsd")]
            locs += [e.text or "" for e in ET.parse(part).getroot().iter(NS + "loc")]
    else:
        return ["sitemap.xml: the root element is %s, not urlset or sitemapindex" % root_tag], 0, 0

    listed = set()
    for loc in locs:
        if not base or not loc.startswith(base):
            problems.append("<loc>%s</loc> is not under the base URL %s" % (loc, base))
            continue
        rel = loc[len(base) :]
        path = os.path.join(root, rel, "index.html") if rel == "" or rel.endswith("/") else os.path.join(root, rel)
        if not os.path.isfile(path):
            problems.append("<loc>%s</loc> is not a page of the site (no %s)" % (loc, os.path.relpath(path, root)))
        if rel in listed:
            problems.append("<loc>%s</loc> is listed twice" % loc)
        listed.add(rel)
    for dirpath, _, names in os.walk(root):
        for n in names:
            if not n.endswith(".html") or (dirpath == root and n == "404.html"):
                continue
            # The digest's email editions are for mail (noindex), not for crawlers.
            if n == "email.html" and os.path.basename(os.path.dirname(os.path.join(dirpath, n))).count("-w") == 1:
                continue
            rel = os.path.relpath(os.path.join(dirpath, n), root)
            key = "" if rel == "index.html" else (rel[: -len("index.html")] if n == "index.html" else rel)
            if key not in listed:
                problems.append("the page %s is not in the sitemap" % rel)
    return problems, len(locs), files


def check_news(root):
    """Problems with news-sitemap.xml, and how many URLs it lists."""
    news = os.path.join(root, "news-sitemap.xml")
    if not os.path.exists(news):
        return ["news-sitemap.xml is missing"], 0
    base = base_url(root)
    problems = []
    with open(os.path.join(root, "robots.txt"), encoding="utf-8") as f:
        if base and ("Sitemap: %snews-sitemap.xml" % base) not in f.read().splitlines():
            problems.append("robots.txt has no `Sitemap: %snews-sitemap.xml` line" % base)
    try:
        urlset = ET.parse(news).getroot()
    except ET.ParseError as e:
        return problems + ["news-sitemap.xml is not well-formed XML: %s" % e], 0
    if urlset.tag != NS + "urlset":
        return problems + ["news-sitemap.xml: the root element is %s, not urlset" % urlset.tag], 0
    urls = list(urlset.iter(NS + "url"))
    if urls:
        problems += ["news-sitemap.xml: " + p for p in xmllint(news, "sitemap-news.xsd")]
    for url in urls:
        loc = url.findtext(NS + "loc") or ""
        rel = loc[len(base or "") :]
        if not base or not loc.startswith(base) or not os.path.isfile(os.path.join(root, rel, "index.html")):
            problems.append("news-sitemap.xml lists %s, which is not a page of the site" % loc)
        if url.find(NEWS + "news") is None:
            problems.append("news-sitemap.xml: %s has no <news:news>" % loc)
    return problems, len(urls)


def report(line, problems):
    print(("not ok - " if problems else "ok - ") + line)
    for p in problems[:40]:
        print("    " + p)
    if len(problems) > 40:
        print("    ... and %d more" % (len(problems) - 40))


def main():
    for name, root in (a.split("=", 1) for a in sys.argv[1:]):
        problems, n, files = check(root)
        report(
            "sitemap: %s site, %d URLs in %d file(s) valid against the sitemaps.org 0.9 schema, every page listed"
            % (name, n, files),
            problems,
        )
        problems, n = check_news(root)
        how = "valid against the Google News 0.9 schema" if n else "empty and well-formed"
        report("news sitemap: %s site, %d URLs, %s, listed in robots.txt" % (name, n, how), problems)


if __name__ == "__main__":
    main()
