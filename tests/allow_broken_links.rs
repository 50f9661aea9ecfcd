//! `build --allow-broken-links`: a site whose only problems are internal
//! links that lead nowhere builds anyway, each link printed as a warning
//! with its place; every other problem still fails, and plain `build` and
//! `check` keep failing on broken links. `serve` always builds on them.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::*;

const BROKEN: &str = "content/briefings/2024/broken.md";

/// A site with a good briefing and one whose body has a link that leads
/// nowhere (line 5, column 5) and one to a briefing file that does not exist
/// (column 30).
fn site(tmp: &TempDir) -> PathBuf {
    let root = tmp.join("site");
    write(&root, "content/briefings/2024/good.md", "---\ntitle: Good\ndate: 2024-01-10\n---\nFine.\n");
    write(
        &root,
        BROKEN,
        "---\ntitle: Broken links\ndate: 2024-01-11\n---\nSee [nowhere](/nowhere/) and [gone](../2023/gone.md).\n",
    );
    root
}

fn shown(stderr: &str, root: &Path) -> String {
    stderr.replace(&root.display().to_string(), "[SITE]")
}

#[test]
fn build_and_check_fail_on_a_broken_link() {
    let tmp = TempDir::new("broken-links");
    let root = site(&tmp);
    let out = tmp.join("out");
    let run = build(&root, &out, &[]).failure();
    assert!(
        shown(&run.stderr, &root).contains("error: [SITE]/content/briefings/2024/broken.md:5:5:"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let check = briefing(["check", "--root", root.to_str().unwrap()]).failure();
    assert!(check.stderr.contains("`/nowhere/` leads to no page of this site"), "{}", check.stderr);
}

#[test]
fn allow_broken_links_builds_and_lists_each_link_as_a_warning() {
    let tmp = TempDir::new("broken-links-allowed");
    let root = site(&tmp);
    let out = tmp.join("out");
    let run = build(&root, &out, &["--allow-broken-links"]).success();
    let (briefings, _, _) = run.built();
    assert_eq!(briefings, 2);
    insta::assert_snapshot!(shown(&run.stderr, &root), @r"
    warning: [SITE]/content/briefings/2024/broken.md:5:5: `/nowhere/` leads to no page of this site
      link to briefings as /briefings/<slug>/ or by file (../2023/x.md), to companies as /companies/<slug>/
    warning: [SITE]/content/briefings/2024/broken.md:5:30: `../2023/gone.md` links to no such file
      did you mean `good.md`?
    2 broken links: built anyway, as --allow-broken-links asks
    ");
    let page = read_page(&out, "/briefings/broken/");
    assert!(page.contains("<a href=\"/nowhere/\">nowhere</a>"), "the link is kept as written");
    assert!(page.contains("<a href=\"../2023/gone.md\">gone</a>"), "no placeholder is left behind");
}

#[test]
fn allow_broken_links_still_fails_on_any_other_problem() {
    let tmp = TempDir::new("broken-links-and-more");
    let root = site(&tmp);
    write(
        &root,
        "content/briefings/2024/typo.md",
        "---\ntitle: Typo\ndate: 2024-01-12\nkey_highlight: [x]\n---\n",
    );
    let out = tmp.join("out");
    let run = build(&root, &out, &["--allow-broken-links"]).failure();
    assert!(run.stderr.contains("typo.md:4:1: unknown field `key_highlight`"), "{}", run.stderr);
    assert!(!out.exists(), "nothing was written");
}

/// `briefing serve` on a free port, killed when dropped; its stdout and
/// stderr lines arrive on channels.
struct Serve {
    child: Child,
    port: u16,
    stderr: mpsc::Receiver<String>,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start briefing serve");
        let lines = |from: Box<dyn Read + Send>| {
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                for line in BufReader::new(from).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
            rx
        };
        let stdout = lines(Box::new(child.stdout.take().expect("piped")));
        let stderr = lines(Box::new(child.stderr.take().expect("piped")));
        let port = loop {
            let line = stdout.recv_timeout(Duration::from_secs(20)).expect("serve printed its URL");
            if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        Serve { child, port, stderr }
    }

    /// `GET path` -> (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serve previews a site in progress: broken links are warnings in the
/// terminal, with their place, and the pages are served, the redirect pages
/// of aliases included.
#[test]
fn serve_serves_a_site_with_a_broken_link_and_warns_in_the_terminal() {
    let tmp = TempDir::new("broken-links-serve");
    let root = site(&tmp);
    write(
        &root,
        "content/briefings/2024/moved.md",
        "---\ntitle: Moved\ndate: 2024-01-09\naliases: [/posts/moved/]\n---\nHere.\n",
    );
    let serve = Serve::start(&root);
    let (status, page) = serve.get("/briefings/broken/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<a href=\"/nowhere/\">nowhere</a>"), "{page}");
    let warnings: Vec<String> =
        (0..2).map(|_| serve.stderr.recv_timeout(Duration::from_secs(10)).expect("a warning")).collect();
    assert!(
        warnings[0].starts_with("warning: ")
            && warnings[0].ends_with("broken.md:5:5: `/nowhere/` leads to no page of this site"),
        "{warnings:?}"
    );
    let (status, redirect) = serve.get("/posts/moved/");
    assert_eq!(status, 200);
    assert!(
        redirect.contains(&format!("url=http://127.0.0.1:{}/briefings/moved/", serve.port)),
        "{redirect}"
    );
}
