//! Live reload: the script that served pages load, the events it listens to
//! (`hello`, `reload`, `problem`), and the open event streams, at most
//! [`MAX_CLIENTS`] of them. Streams hold no thread: an event is written to
//! each without blocking, and a client that cannot take it at once is
//! dropped (its browser reconnects and is told the current version).

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::error::Diagnostic;

pub const EVENTS: &str = "/__briefing/events";
pub const LIVE_JS: &str = "/__briefing/live.js";
pub const LIVE_SCRIPT: &str = include_str!("live.js");

/// Open live-reload streams at once; one per open tab of the site.
pub const MAX_CLIENTS: usize = 64;
/// How often closed streams are noticed and open ones kept alive.
pub const TEND_EVERY: Duration = Duration::from_secs(10);
/// How long writing the first events to a new client may block.
const FIRST_WRITE_LIMIT: Duration = Duration::from_secs(2);

/// Adds the live-reload script to a page (only ever to served pages).
pub fn inject_live_reload(mut html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\" data-version=\"{version}\" defer></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

/// The first event of a stream: the version being served (a page of an
/// older one reloads).
pub fn hello_event(version: u64) -> String {
    format!("event: hello\ndata: {version}\n\n")
}

/// Tells pages that a new build is served.
pub fn reload_event(version: u64) -> String {
    format!("event: reload\ndata: {version}\n\n")
}

/// The event that shows the problems in the browser.
pub fn problem_event(problems: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = problems
        .iter()
        .map(|d| {
            json!({
                "path": d.path().map(|p| p.display().to_string()),
                "line": d.position().map(|p| p.0),
                "column": d.position().map(|p| p.1),
                "message": d.message,
                "help": d.help,
                "text": d.to_string(),
            })
        })
        .collect();
    format!("event: problem\ndata: {}\n\n", serde_json::Value::Array(list))
}

/// A stream refused because [`MAX_CLIENTS`] are open; the connection is
/// given back to answer it.
pub struct Full(pub TcpStream);

/// The open live-reload streams.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<Clients>,
}

#[derive(Default)]
struct Clients {
    streams: Vec<TcpStream>,
    /// Refusals since the last one was logged, and when that was.
    refused: usize,
    logged: Option<Instant>,
}

impl Hub {
    /// Opens a stream on `stream`: writes `head` and the events `first`
    /// returns, then sends it every later event. `first` runs while no event
    /// can be sent, so a client misses none between its first and the next.
    pub fn join(
        &self,
        mut stream: TcpStream,
        head: &[u8],
        first: impl FnOnce() -> String,
    ) -> Result<(), Full> {
        let mut clients = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if clients.streams.len() >= MAX_CLIENTS {
            clients.streams.retain_mut(is_open);
        }
        if clients.streams.len() >= MAX_CLIENTS {
            clients.note_refusal();
            return Err(Full(stream));
        }
        let written = stream
            .set_write_timeout(Some(FIRST_WRITE_LIMIT))
            .and_then(|_| stream.write_all(head))
            .and_then(|_| stream.write_all(first().as_bytes()))
            .and_then(|_| stream.flush())
            .and_then(|_| stream.set_nonblocking(true));
        if written.is_ok() {
            clients.streams.push(stream);
        }
        Ok(())
    }

    /// Sends an event to every open stream, dropping those that cannot take it.
    pub fn broadcast(&self, event: &str) {
        let mut clients = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        clients.streams.retain_mut(|stream| send(stream, event.as_bytes()));
    }

    /// Drops the streams whose browser went away and keeps the others alive
    /// (a comment line); called every [`TEND_EVERY`].
    pub fn tend(&self) {
        let mut clients = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        clients.streams.retain_mut(|stream| is_open(stream) && send(stream, b": keep-alive\n\n"));
    }

    /// The number of open streams.
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).streams.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Clients {
    /// Logs refusals, at most one line every few seconds.
    fn note_refusal(&mut self) {
        self.refused += 1;
        if self.logged.is_none_or(|at| at.elapsed() >= Duration::from_secs(5)) {
            eprintln!(
                "warning: refused {} live-reload {}: {MAX_CLIENTS} are open already; close some tabs of this site",
                self.refused,
                if self.refused == 1 { "client" } else { "clients" }
            );
            self.refused = 0;
            self.logged = Some(Instant::now());
        }
    }
}

/// Writes all of `bytes` without blocking; false if the stream could not
/// take them (closed, or not reading).
fn send(stream: &mut TcpStream, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        match stream.write(bytes) {
            Ok(0) => return false,
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

/// Whether the browser still holds the stream open (what it sends is ignored).
fn is_open(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 512];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec(), 3);
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with(
            "<script src=\"/__briefing/live.js\" data-version=\"3\" defer></script></body></html>"
        ));
    }

    /// A pair of connected sockets: (server side, client side).
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (server, client)
    }

    #[test]
    fn at_most_max_clients_and_closed_ones_make_room() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let hub = Hub::default();
        let mut browsers = Vec::new();
        for _ in 0..MAX_CLIENTS {
            let (server, client) = pair(&listener);
            assert!(hub.join(server, b"head\n", || "first\n".into()).is_ok());
            browsers.push(client);
        }
        let (server, _client) = pair(&listener);
        assert!(hub.join(server, b"head\n", || "first\n".into()).is_err());
        drop(browsers.pop());
        let (server, mut client) = pair(&listener);
        assert!(hub.join(server, b"head\n", || "first\n".into()).is_ok(), "a closed stream makes room");
        assert_eq!(hub.len(), MAX_CLIENTS);

        hub.broadcast("event: reload\n\n");
        client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut got = vec![0u8; "head\nfirst\nevent: reload\n\n".len()];
        client.read_exact(&mut got).unwrap();
        assert_eq!(got, b"head\nfirst\nevent: reload\n\n");
        drop(browsers);
        hub.tend();
        assert_eq!(hub.len(), 1);
    }
}
