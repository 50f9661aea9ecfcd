#!/usr/bin/env python3
"""Every feed of each built site through independent readers.

    check_feeds.py NAME=DIR [NAME=DIR ...]

Atom (`atom.xml`, `companies/*/atom.xml`, `topics/*/atom.xml`, and the
weekly digest's `digest/atom.xml`, `companies/*/digest.xml`,
`topics/*/digest.xml`) is read by
PyPI `feedparser`, which must raise no warning and set no `bozo` flag (its
sign that the feed was not well-formed or not what it claims to be). The JSON
Feed (`feed.json`) is read by PyPI `atoma` (which knows JSON Feed 1.0) and
checked against the JSON Feed 1.1 fields that atoma does not know
(`authors`, `language`). One `ok` / `not ok` line per site and format.
"""
import datetime as dt
import glob
import json
import os
import sys
import warnings

import atoma
import feedparser


def rfc3339(value):
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def check_atom(path):
    problems = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = feedparser.parse(path)
    for w in caught:
        problems.append("warning: %s" % w.message)
    if d.bozo:
        problems.append("bozo: %r" % d.get("bozo_exception"))
    if d.version != "atom10":
        problems.append("read as %r, not Atom 1.0" % d.version)
    feed = d.feed
    for key in ("title", "id", "updated_parsed", "link"):
        if not feed.get(key):
            problems.append("feed has no %s" % key.replace("_parsed", ""))
    if not any(link.get("rel") == "self" for link in feed.get("links", [])):
        problems.append("feed has no rel=self link")
    if not d.entries:
        problems.append("feed has no entries")
    ids = set()
    for i, e in enumerate(d.entries, 1):
        label = "entry %d (%s)" % (i, e.get("title", "?"))
        for key in ("title", "id", "link", "published_parsed", "updated_parsed", "summary"):
            if not e.get(key):
                problems.append("%s has no %s" % (label, key.replace("_parsed", "")))
        if not e.get("content") or not e.content[0].get("value"):
            problems.append("%s has no content" % label)
        if not e.get("tags"):
            problems.append("%s has no categories" % label)
        if e.get("id") in ids:
            problems.append("%s repeats the id %s" % (label, e.get("id")))
        ids.add(e.get("id"))
        if not str(e.get("link", "")).startswith(("http://", "https://")):
            problems.append("%s link is not absolute: %s" % (label, e.get("link")))
    return problems, len(d.entries)


def check_json_feed(path):
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parsed = atoma.parse_json_feed_bytes(data)
        except Exception as e:  # atoma raises FeedJSONError / FeedParseError and friends
            return ["atoma could not read it: %r" % e], 0
    for w in caught:
        problems.append("warning: %s" % w.message)
    raw = json.loads(data)
    if raw.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is %r, not JSON Feed 1.1" % raw.get("version"))
    if not parsed.title:
        problems.append("feed has no title")
    for key in ("home_page_url", "feed_url"):
        if not str(raw.get(key, "")).startswith(("http://", "https://")):
            problems.append("feed %s is missing or not absolute" % key)
    authors = raw.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, dict) and a.get("name") for a in authors):
        problems.append("authors is not a list of objects with a name: %r" % authors)
    if not parsed.items:
        problems.append("feed has no items")
    ids = set()
    for i, (item, raw_item) in enumerate(zip(parsed.items, raw.get("items", [])), 1):
        label = "item %d (%s)" % (i, item.title)
        if not isinstance(raw_item.get("id"), str) or not raw_item["id"]:
            problems.append("%s: id must be a non-empty string" % label)
        if raw_item.get("id") in ids:
            problems.append("%s repeats the id %s" % (label, raw_item.get("id")))
        ids.add(raw_item.get("id"))
        if not (item.content_html or item.content_text):
            problems.append("%s has neither content_html nor content_text" % label)
        if not item.title or not item.url or not item.url.startswith(("http://", "https://")):
            problems.append("%s needs a title and an absolute url" % label)
        for key in ("date_published", "date_modified"):
            if key in raw_item and not rfc3339(raw_item[key]):
                problems.append("%s: %s is not RFC 3339: %r" % (label, key, raw_item[key]))
        if not item.date_published:
            problems.append("%s has no date_published" % label)
        if not isinstance(raw_item.get("tags", []), list) or len(item.tags) != len(raw_item.get("tags", [])):
            problems.append("%s: tags must be a list of strings" % label)
    return problems, len(parsed.items)


def report(title, failures):
    print(("not ok - " if failures else "ok - ") + title)
    for line in failures[:40]:
        print("    " + line)
    if len(failures) > 40:
        print("    ... and %d more" % (len(failures) - 40))


def main():
    for name, root in (a.split("=", 1) for a in sys.argv[1:]):
        atom_files = sorted(
            [os.path.join(root, "atom.xml")]
            + glob.glob(os.path.join(root, "companies", "*", "atom.xml"))
            + glob.glob(os.path.join(root, "topics", "*", "atom.xml"))
        )
        digest_files = sorted(
            [os.path.join(root, "digest", "atom.xml")]
            + glob.glob(os.path.join(root, "companies", "*", "digest.xml"))
            + glob.glob(os.path.join(root, "topics", "*", "digest.xml"))
        )
        failures, entries = [], 0
        for path in atom_files:
            if not os.path.exists(path):
                failures.append("%s: missing" % os.path.relpath(path, root))
                continue
            problems, n = check_atom(path)
            entries += n
            failures += ["%s: %s" % (os.path.relpath(path, root), p) for p in problems]
        report(
            "feedparser: %s site, %d Atom feeds (%d entries), no warnings" % (name, len(atom_files), entries),
            failures,
        )

        failures, entries = [], 0
        for path in digest_files:
            if not os.path.exists(path):
                failures.append("%s: missing" % os.path.relpath(path, root))
                continue
            problems, n = check_atom(path)
            entries += n
            failures += ["%s: %s" % (os.path.relpath(path, root), p) for p in problems]
            if path.endswith(os.path.join("digest", "atom.xml")):
                d = feedparser.parse(path)
                for e in d.entries:
                    body = e.content[0].value if e.get("content") else ""
                    if "<h2>" not in body or "/digest/" not in body:
                        failures.append("digest/atom.xml: %s is not a whole digest" % e.get("title"))
        report(
            "feedparser: %s site, %d digest feeds (%d weekly entries), no warnings" % (name, len(digest_files), entries),
            failures,
        )

        path = os.path.join(root, "feed.json")
        if os.path.exists(path):
            problems, n = check_json_feed(path)
        else:
            problems, n = ["missing"], 0
        report(
            "atoma: %s site, feed.json is a valid JSON Feed 1.1 (%d items)" % (name, n),
            ["feed.json: %s" % p for p in problems],
        )


if __name__ == "__main__":
    main()
