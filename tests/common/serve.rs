//! `briefing serve` on an ephemeral port, spoken to over plain HTTP: pages,
//! raw responses and the live-reload event stream.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{Invocation, TestSite};

/// A running `briefing serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// What the server prints on stderr, line by line.
    pub stderr: mpsc::Receiver<String>,
    /// The site served (from [`TestSite::serve`]), kept alive as long as the server.
    pub(super) site: Option<TestSite>,
}

/// Sends each line of `from` on a channel, from a thread of its own.
fn lines(from: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

impl Server {
    /// `briefing serve --port 0 --root ROOT EXTRA...`, once it has printed its URL.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::spawn(Invocation::new(Server::args(root, extra)))
    }

    /// The arguments of `briefing serve --port 0 --root ROOT EXTRA...`.
    pub fn args<'a>(root: &'a Path, extra: &[&'a str]) -> Vec<&'a OsStr> {
        let args = ["serve".as_ref(), "--port".as_ref(), "0".as_ref(), "--root".as_ref(), root.as_os_str()];
        args.into_iter().chain(extra.iter().map(|e| OsStr::new(*e))).collect()
    }

    /// Starts `serve` (an invocation from [`Server::args`]) and waits until
    /// it has printed its URL.
    pub fn spawn(serve: Invocation) -> Server {
        let mut child = serve.spawn();
        let stdout = lines(child.stdout.take().expect("stdout is piped"));
        let stderr = lines(child.stderr.take().expect("stderr is piped"));
        let deadline = Instant::now() + Duration::from_secs(20);
        let port = loop {
            let line = stdout
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed no URL");
            if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        Server { child, port, stderr, site: None }
    }

    /// `GET path` -> (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        self.get_with(path, &[])
    }

    pub fn get_with(&self, path: &str, headers: &[&str]) -> (u16, String) {
        let response = self.raw(path, headers);
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// `GET path` -> the whole response, head and body.
    pub fn raw(&self, path: &str, headers: &[&str]) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    /// Waits until `path` serves a body containing `needle`.
    #[track_caller]
    pub fn wait_for(&self, path: &str, needle: &str) -> Duration {
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
    pub fn events(&self) -> mpsc::Receiver<(String, String)> {
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
pub fn next_event(events: &mpsc::Receiver<(String, String)>, name: &str) -> String {
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

/// The value of the header `name` in a raw response.
pub fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (field, value) = line.split_once(':')?;
        field.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}
