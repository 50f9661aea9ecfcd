//! `briefing serve` as a writer uses it: the server on an ephemeral port,
//! files edited the way editors save them, the live-reload events and the
//! new content observed over HTTP, the error overlay's event appearing and
//! clearing, and requests that try to leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use std::{fs, thread};

use common::*;

/// A running `briefing serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start briefing serve");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let port = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed no URL");
            if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        Server { child, port }
    }

    /// `GET path` -> (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        self.get_with(path, &[])
    }

    fn get_with(&self, path: &str, headers: &[&str]) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// Waits until `path` serves a body containing `needle`.
    #[track_caller]
    fn wait_for(&self, path: &str, needle: &str) -> Duration {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if status == 200 && body.contains(needle) {
                return started.elapsed();
            }
            assert!(started.elapsed() < Duration::from_secs(15), "{path} never showed {needle:?}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the live-reload stream; events arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && tx.send((event.clone(), data.to_string())).is_err()
                {
                    return;
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next event named `name`, skipping others; panics after a timeout.
#[track_caller]
fn next_event(events: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event arrived"),
        }
    }
}

fn site(tmp: &TempDir) -> PathBuf {
    let root = tmp.join("site");
    write(
        &root,
        "content/briefings/2024/huawei.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: [Huawei]\nkey_highlights:\n  - First.\n---\nBody.\n",
    );
    write(
        &root,
        "content/briefings/2024/apple.md",
        "---\ntitle: Apple slips\ndate: 2024-02-01\ncompanies: [Apple]\n---\nText.\n",
    );
    write(&root, "static/notes.txt", "static file");
    write(tmp.path(), "secret.txt", "outside the site");
    root
}

/// Saves like many editors: write a temporary file beside it, rename it over.
fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_extension("md.tmp~");
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, path).unwrap();
}

#[test]
fn an_edit_reloads_the_page_with_the_new_content() {
    let tmp = TempDir::new("serve-edit");
    let root = site(&tmp);
    let server = Server::start(&root, &[]);
    let (status, page) = server.get("/briefings/huawei/");
    assert_eq!(status, 200);
    assert!(page.contains("Huawei is back"));
    assert!(page.contains("<script src=\"/__briefing/live.js\""), "served pages get the live-reload script");
    let events = server.events();
    next_event(&events, "hello");

    let file = root.join("content/briefings/2024/huawei.md");
    let text = fs::read_to_string(&file).unwrap();
    save_by_rename(&file, &text.replace("Huawei is back", "Huawei returns to the top"));
    next_event(&events, "reload");
    server.wait_for("/briefings/huawei/", "Huawei returns to the top");

    // A burst (delete and recreate, several writes) ends in the final content.
    fs::remove_file(&file).unwrap();
    for n in 0..5 {
        fs::write(&file, text.replace("Huawei is back", &format!("Draft {n}"))).unwrap();
    }
    server.wait_for("/briefings/huawei/", "Draft 4");

    // A new briefing appears, a deleted one disappears.
    write(&root, "content/briefings/2024/new.md", "---\ntitle: Brand new\ndate: 2024-03-01\n---\nNew.\n");
    server.wait_for("/", "Brand new");
    fs::remove_file(root.join("content/briefings/2024/apple.md")).unwrap();
    let started = Instant::now();
    while server.get("/briefings/apple/").0 != 404 {
        assert!(started.elapsed() < Duration::from_secs(15), "the deleted briefing is still served");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_broken_save_keeps_the_last_good_build_and_reports_the_problem() {
    let tmp = TempDir::new("serve-broken");
    let root = site(&tmp);
    let server = Server::start(&root, &[]);
    let events = server.events();
    next_event(&events, "hello");
    let file = root.join("content/briefings/2024/huawei.md");
    let good = fs::read_to_string(&file).unwrap();

    save_by_rename(&file, &good.replace("key_highlights:", "key_highlight:"));
    let problem = next_event(&events, "problem");
    assert!(problem.contains("huawei.md"), "{problem}");
    assert!(problem.contains("\"line\":5"), "{problem}");
    assert!(problem.contains("unknown field `key_highlight`"), "{problem}");
    let (status, page) = server.get("/briefings/huawei/");
    assert_eq!(status, 200, "the last good build is still served");
    assert!(page.contains("Huawei is back"));

    // A page opened while the problem stands gets it at once.
    let late = server.events();
    next_event(&late, "hello");
    assert!(next_event(&late, "problem").contains("key_highlight"));

    // Broken templates and site.yaml keep the server up too.
    save_by_rename(&file, &good);
    next_event(&events, "reload");
    write(
        &root,
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops {% endblock content %}",
    );
    assert!(next_event(&events, "problem").contains("templates/index.html"));
    fs::remove_file(root.join("templates/index.html")).unwrap();
    next_event(&events, "reload");
    write(&root, "site.yaml", "titel: x\n");
    assert!(next_event(&events, "problem").contains("site.yaml"));
    fs::remove_file(root.join("site.yaml")).unwrap();
    next_event(&events, "reload");
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn requests_never_leave_the_site() {
    let tmp = TempDir::new("serve-paths");
    let root = site(&tmp);
    let server = Server::start(&root, &[]);
    assert_eq!(server.get("/notes.txt"), (200, "static file".to_string()));
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/..\\secret.txt",
        "//secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/content/briefings/2024/huawei.md",
        "/site.yaml",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(
            !body.contains("outside the site") && !body.contains("key_highlights"),
            "{path} leaked: {body}"
        );
    }
}

#[test]
fn the_event_stream_rejects_other_origins_and_nothing_allows_any_origin() {
    let tmp = TempDir::new("serve-origin");
    let root = site(&tmp);
    let server = Server::start(&root, &[]);
    let (status, _) = server.get_with("/__briefing/events", &["Origin: http://evil.example"]);
    assert_eq!(status, 403);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(!response.to_ascii_lowercase().contains("access-control-allow-origin"), "{response}");
}

#[test]
fn serve_writes_nothing_to_disk_and_stops_on_a_signal() {
    let tmp = TempDir::new("serve-nowrite");
    let root = site(&tmp);
    write(&root, "public/old.html", "an earlier build's file");
    let before = read_tree(tmp.path());
    let mut server = Server::start(&root, &[]);
    assert_eq!(server.get("/").0, 200);
    // SIGINT, as Ctrl-C sends it.
    let pid = server.child.id().to_string();
    let started = Instant::now();
    Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    let mut stopped = false;
    while started.elapsed() < Duration::from_secs(3) {
        if server.child.try_wait().unwrap().is_some() {
            stopped = true;
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    assert!(stopped, "serve did not stop within 3 seconds of Ctrl-C");
    assert_same_tree(&before, &read_tree(tmp.path()), "the site after serve");
}

/// The bad inputs of a build, saved while the server runs: each keeps it up,
/// serving the last good build and reporting the file.
#[test]
fn bad_saves_of_every_kind_keep_the_server_alive() {
    let tmp = TempDir::new("serve-bad");
    let root = site(&tmp);
    let server = Server::start(&root, &[]);
    let events = server.events();
    next_event(&events, "hello");
    let file = root.join("content/briefings/2024/huawei.md");
    let good = fs::read(&file).unwrap();
    let deep = format!("---\ntitle: x\ndate: 2024-01-01\nextra: {{a: {}}}\n---\n", "[".repeat(50_000));
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("empty file", Vec::new()),
        ("not UTF-8", b"---\ntitle: caf\xe9\ndate: 2024-01-01\n---\n".to_vec()),
        ("unclosed front matter", b"---\ntitle: x\n".to_vec()),
        ("impossible date", b"---\ntitle: x\ndate: 2024-02-30\n---\n".to_vec()),
        ("deep nesting", deep.into_bytes()),
        (
            "hostile title",
            b"---\ntitle: \"</script><script>alert(1)</script>\"\ndate: 2024-01-01\n---\n".to_vec(),
        ),
    ];
    for (what, bytes) in bad {
        fs::write(&file, &bytes).unwrap();
        if what == "hostile title" {
            next_event(&events, "reload");
            let (_, page) = server.get("/briefings/huawei/");
            assert!(!page.contains("<script>alert(1)"), "{what}: escaped");
        } else {
            let problem = next_event(&events, "problem");
            assert!(problem.contains("huawei.md"), "{what}: {problem}");
        }
        let (status, _) = server.get("/");
        assert_eq!(status, 200, "{what}: the server still serves");
        fs::write(&file, &good).unwrap();
        next_event(&events, "reload");
    }
}
