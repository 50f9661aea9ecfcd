//! `briefing serve` as a writer uses it: the server on an ephemeral port,
//! files edited the way editors save them, the live-reload events and the
//! new content observed over HTTP, the error overlay's event appearing and
//! clearing, requests that try to leave the site, redirects to folders with
//! non-ASCII names, and a server under a flood of idle connections and
//! live-reload clients.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use std::{fs, thread};

use common::*;

/// Two briefings and a static file, and a secret beside the site.
fn two_briefings(label: &str) -> TestSite {
    let site = TestSite::new(label)
        .file(
            "content/briefings/2024/huawei.md",
            "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: [Huawei]\nkey_highlights:\n  - First.\n---\nBody.\n",
        )
        .file(
            "content/briefings/2024/apple.md",
            "---\ntitle: Apple slips\ndate: 2024-02-01\ncompanies: [Apple]\n---\nText.\n",
        )
        .file("static/notes.txt", "static file");
    write(site.tmp(), "secret.txt", "outside the site");
    site
}

/// Saves like many editors: write a temporary file beside it, rename it over.
fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_extension("md.tmp~");
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, path).unwrap();
}

#[test]
fn an_edit_reloads_the_page_with_the_new_content() {
    let site = two_briefings("serve-edit");
    let server = site.serve(&[]);
    let (status, page) = server.get("/briefings/huawei/");
    assert_eq!(status, 200);
    assert!(page.contains("Huawei is back"));
    assert!(page.contains("<script src=\"/__briefing/live.js\""), "served pages get the live-reload script");
    let events = server.events();
    next_event(&events, "hello");

    let file = site.path("content/briefings/2024/huawei.md");
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
    site.write("content/briefings/2024/new.md", "---\ntitle: Brand new\ndate: 2024-03-01\n---\nNew.\n");
    server.wait_for("/", "Brand new");
    site.remove("content/briefings/2024/apple.md");
    let started = Instant::now();
    while server.get("/briefings/apple/").0 != 404 {
        assert!(started.elapsed() < Duration::from_secs(15), "the deleted briefing is still served");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_broken_save_keeps_the_last_good_build_and_reports_the_problem() {
    let site = two_briefings("serve-broken");
    let server = site.serve(&[]);
    let events = server.events();
    next_event(&events, "hello");
    let file = site.path("content/briefings/2024/huawei.md");
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
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops {% endblock content %}",
    );
    assert!(next_event(&events, "problem").contains("templates/index.html"));
    site.remove("templates/index.html");
    next_event(&events, "reload");
    site.write("site.yaml", "titel: x\n");
    assert!(next_event(&events, "problem").contains("site.yaml"));
    site.remove("site.yaml");
    next_event(&events, "reload");
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn requests_never_leave_the_site() {
    let site = two_briefings("serve-paths");
    let server = site.serve(&[]);
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
    let site = two_briefings("serve-origin");
    let server = site.serve(&[]);
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
    let site = two_briefings("serve-nowrite").file("public/old.html", "an earlier build's file");
    let before = read_tree(site.tmp());
    let mut server = site.serve(&[]);
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
    assert_same_tree(&before, &read_tree(site.tmp()), "the site after serve");
}

/// The bad inputs of a build, saved while the server runs: each keeps it up,
/// serving the last good build and reporting the file.
#[test]
fn bad_saves_of_every_kind_keep_the_server_alive() {
    let site = two_briefings("serve-bad");
    let server = site.serve(&[]);
    let events = server.events();
    next_event(&events, "hello");
    let file = site.path("content/briefings/2024/huawei.md");
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

/// A folder whose name is not ASCII redirects to its percent-encoded path
/// with a slash (the redirect used to panic the request).
#[test]
fn a_folder_with_a_non_ascii_name_redirects_to_its_encoded_path() {
    let site = two_briefings("serve-cafe")
        .file("static/café/index.html", "<html><body><p>Menu du café</p></body></html>")
        .file("static/a b?/index.html", "<html><body><p>Spaced out</p></body></html>");
    let server = site.serve(&[]);

    let response = server.raw("/caf%C3%A9", &[]);
    assert!(response.starts_with("HTTP/1.1 301"), "{response}");
    assert_eq!(header(&response, "Location"), Some("/caf%C3%A9/"), "{response}");
    let (status, page) = server.get("/caf%C3%A9/");
    assert_eq!(status, 200);
    assert!(page.contains("Menu du café"), "{page}");

    let response = server.raw("/a%20b%3F", &[]);
    assert!(response.starts_with("HTTP/1.1 301"), "{response}");
    assert_eq!(header(&response, "Location"), Some("/a%20b%3F/"), "{response}");
    let (status, page) = server.get("/a%20b%3F/");
    assert_eq!(status, 200);
    assert!(page.contains("Spaced out"), "{page}");
}

/// Reads a response head (up to the blank line), within the stream's timeout.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// The number of threads of process `pid`.
#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(usize::MAX)
}

/// Lets this test hold more sockets than a default soft limit of 1024 allows.
#[cfg(target_os = "linux")]
fn raise_open_files_limit(wanted: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// A thousand idle connections, one stalled half-request and a hundred
/// live-reload clients: a page still answers at once, live-reload clients
/// past the cap are refused in words, the stalled connection is closed, and
/// the server's threads stay few.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_and_many_live_reload_clients_do_not_starve_the_server() {
    const IDLE: usize = 1000;
    const LIVE: usize = 100;
    raise_open_files_limit(4096);
    let site = two_briefings("serve-load");
    let server = site.serve(&[]);
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    let connect = || TcpStream::connect_timeout(&address, Duration::from_secs(10)).expect("connect");

    let idle: Vec<TcpStream> = (0..IDLE).map(|_| connect()).collect();
    let mut slow = connect();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let slow_since = Instant::now();

    let (mut accepted, mut refused, mut refusal) = (0, 0, String::new());
    let mut live = Vec::new();
    for _ in 0..LIVE {
        let mut stream = connect();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(stream, "GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let head = read_head(&mut stream);
        if head.starts_with("HTTP/1.1 200") {
            accepted += 1;
        } else if head.starts_with("HTTP/1.1 503") {
            refused += 1;
            let mut body = String::new();
            let _ = stream.read_to_string(&mut body);
            refusal = body;
        }
        live.push(stream);
    }

    let started = Instant::now();
    let (status, page) = server.get("/briefings/huawei/");
    let page_took = started.elapsed();
    let threads = threads_of(server.child.id());

    // The stalled half-request is closed by the server within its time limit.
    slow.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    let mut slow_closed = None;
    let mut sink = [0u8; 1024];
    while slow_since.elapsed() < Duration::from_secs(15) {
        match slow.read(&mut sink) {
            Ok(0) => {
                slow_closed = Some(slow_since.elapsed());
                break;
            }
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => {
                slow_closed = Some(slow_since.elapsed());
                break;
            }
        }
    }
    let (status_after, _) = server.get("/");

    let report = format!(
        "page: {status} in {page_took:?}; live-reload: {accepted} accepted, {refused} refused ({refusal:?}); \
         server threads: {threads}; stalled request closed after {slow_closed:?}; page afterwards: {status_after}"
    );
    println!("{report}");
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    assert!(status == 200 && page.contains("Huawei is back"), "{report}");
    assert!(page_took < Duration::from_secs(3), "{report}");
    assert_eq!((accepted, refused), (64, LIVE - 64), "{report}");
    assert!(refusal.contains("too many live-reload clients"), "{report}");
    assert!(threads < 60 + cores, "{report}");
    assert!(slow_closed.is_some(), "{report}");
    assert_eq!(status_after, 200, "{report}");
    drop((idle, live));
}
