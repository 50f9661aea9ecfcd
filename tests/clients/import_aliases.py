#!/usr/bin/env python3
"""Follows old URLs of a site made by `briefing import`, served by a static file server.

usage: import_aliases.py hugo|jekyll|zola SRC PUBLIC [--section PREFIX] [--n 50] [--seed 1]

Old URLs are worked out here from the source files alone, independently of
briefing's code: Zola's `path` or section path and slug; Jekyll's `pretty`
permalinks (/:categories/:year/:month/:day/:title/); Hugo's section path and
slug or bundle name (no `permalinks`), or the page's `url`. A sample of posts
is drawn; PUBLIC is served with `python3 -m http.server`; each old URL must
answer 200 with a redirect page whose target, a /briefings/<slug>/ page,
answers 200. Prints one line per URL and a total; exits 1 on any failure.
"""
import argparse, os, random, re, socket, subprocess, sys, time, tomllib, urllib.request

def front(text):
    if text.startswith('+++'):
        return 'toml', text.split('+++', 2)[1]
    if text.startswith('---'):
        return 'yaml', text.split('---', 2)[1]
    return None, ''

def yaml_key(fm, key):
    m = re.search(r'^' + key + r':\s*["\']?([^"\'\n]*)', fm, re.M)
    return m.group(1).strip() if m else None

def slugify(s):
    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')

def zola(src, section):
    root = os.path.join(src, 'content')
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.md') or f == '_index.md':
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            if section and not rel.startswith(section):
                continue
            kind, fm = front(open(os.path.join(dirpath, f)).read())
            data = tomllib.loads(fm) if kind == 'toml' else {}
            stem = os.path.basename(dirpath) if f == 'index.md' else f[:-3]
            dated = re.match(r'\d{4}-\d\d-\d\d[-_]', stem)
            path = data.get('path')
            if not (data.get('date') or dated or (path and re.search(r'\d{4}/\d\d/\d\d', path))):
                continue  # no date: not imported
            if path:
                url = '/' + path.strip('/') + ('' if path.endswith('.html') else '/')
            else:
                parent = os.path.dirname(os.path.dirname(rel)) if f == 'index.md' else os.path.dirname(rel)
                name = slugify(data.get('slug') or stem[11:] if dated else data.get('slug') or stem)
                url = '/' + '/'.join(p for p in [parent, name] if p) + '/'
            yield rel, url

def jekyll(src, section):
    for dirpath, _, files in os.walk(src):
        if not dirpath.endswith('_posts'):
            continue
        cats = os.path.relpath(os.path.dirname(dirpath), src)
        for f in files:
            m = re.match(r'(\d{4})-(\d\d)-(\d\d)-(.*)\.(md|markdown)$', f)
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            if not m or (section and not rel.startswith(section)):
                continue
            _, fm = front(open(os.path.join(dirpath, f)).read())
            slug = yaml_key(fm, 'slug') or m.group(4)
            parts = [] if cats == '.' else cats.lower().split(os.sep)
            yield rel, '/' + '/'.join(parts + [m.group(1), m.group(2), m.group(3), slug]) + '/'

def hugo(src, section):
    root = os.path.join(src, 'content', 'en') if os.path.isdir(os.path.join(src, 'content', 'en')) else os.path.join(src, 'content')
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.md') or f == '_index.md':
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            if section and not rel.startswith(section):
                continue
            _, fm = front(open(os.path.join(dirpath, f)).read())
            if yaml_key(fm, 'url'):
                yield rel, yaml_key(fm, 'url')
                continue
            bundle = f == 'index.md'
            parent = os.path.dirname(os.path.dirname(rel)) if bundle else os.path.dirname(rel)
            name = yaml_key(fm, 'slug') or (os.path.basename(dirpath) if bundle else f[:-3])
            yield rel, ('/' + parent + '/' + name + '/').lower()

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as e:
        return e.code, ''

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('generator'); ap.add_argument('src'); ap.add_argument('public')
    ap.add_argument('--section', default=''); ap.add_argument('--n', type=int, default=50); ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    posts = sorted({'zola': zola, 'jekyll': jekyll, 'hugo': hugo}[a.generator](a.src, a.section))
    sample = random.Random(a.seed).sample(posts, min(a.n, len(posts)))
    port = free_port()
    server = subprocess.Popen([sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1', '--directory', a.public],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = 0
    try:
        time.sleep(1)
        base = f'http://127.0.0.1:{port}'
        for rel, url in sample:
            status, page = get(base + url)
            m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
            target = re.sub(r'^https?://[^/]+', '', m.group(1)) if m else None
            ok = status == 200 and target and target.startswith('/briefings/') and get(base + target)[0] == 200
            failures += not ok
            print(('ok  ' if ok else 'FAIL'), url, '->', target, '(' + rel + ')')
    finally:
        server.terminate()
    print(f'{len(sample) - failures} of {len(sample)} old URLs redirect to their briefing ({len(posts)} posts in the source)')
    sys.exit(1 if failures else 0)

main()
