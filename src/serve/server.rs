//! The preview server's connections, with a fixed number of threads however
//! many clients connect: one thread accepts, one "waiting room" thread reads
//! request heads from every open connection without blocking, and a fixed
//! pool of workers answers complete requests.
//!
//! tiny_http 0.12 (used before) gives every connection a thread of its own
//! for as long as it stays open and sets no read timeout, so a thousand idle
//! sockets meant a thousand threads; its accept loop also stops for good on
//! the first accept error (such as running out of file descriptors). Hence
//! this small server on `std::net`.
//!
//! Limits: a connection waiting for a request (new, kept alive, or halfway
//! through sending its head) is closed after [`WAIT_LIMIT`]; past
//! [`MAX_WAITING`] waiting connections the one that has waited longest is
//! closed to make room, so a flood of idle sockets cannot lock out the
//! browser; a worker gives up on a client that does not read its response
//! for [`WRITE_LIMIT`]. The waiting room checks its sockets in turns (a
//! non-blocking read each), sleeping between turns in proportion to how many
//! it holds; it sleeps for good when none are open.

use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::wire::{Handler, Head, MAX_HEAD, Reply, Request, Response, parse_head};

/// Threads that answer requests.
pub const WORKERS: usize = 8;
/// How long a connection may wait for (the rest of) its next request head.
pub const WAIT_LIMIT: Duration = Duration::from_secs(5);
/// Connections waiting for a request at once; past it the oldest is closed.
pub const MAX_WAITING: usize = 512;
/// How long one write to a client may block.
pub const WRITE_LIMIT: Duration = Duration::from_secs(10);

/// An open connection and the bytes read from it but not yet used.
struct Conn {
    stream: TcpStream,
    buffer: Vec<u8>,
    /// When it began waiting for its current request.
    since: Instant,
}

/// A complete request head, and the connection it came on.
struct Job {
    conn: Conn,
    request: Request,
}

/// Serves `handler` on `listener` until the process ends.
pub fn run(listener: TcpListener, handler: Arc<dyn Handler>) {
    let (waiting_tx, waiting_rx) = mpsc::channel::<Conn>();
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    for n in 0..WORKERS {
        let jobs = Arc::clone(&job_rx);
        let back = waiting_tx.clone();
        let handler = Arc::clone(&handler);
        let spawned = thread::Builder::new()
            .name(format!("serve-worker-{n}"))
            .spawn(move || work(&jobs, &back, handler.as_ref()));
        if let Err(e) = spawned {
            eprintln!("warning: cannot start a request thread: {e}");
        }
    }
    let spawned =
        thread::Builder::new().name("serve-waiting".into()).spawn(move || wait(&waiting_rx, &job_tx));
    if let Err(e) = spawned {
        eprintln!("error: cannot start the connection thread: {e}");
        return;
    }
    accept(&listener, &waiting_tx);
}

/// Accepts connections forever; an error (out of file descriptors) pauses
/// accepting for a moment instead of ending it.
fn accept(listener: &TcpListener, waiting: &Sender<Conn>) {
    let mut failing = false;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                failing = false;
                if stream.set_nonblocking(true).is_err() {
                    continue;
                }
                let _ = stream.set_nodelay(true);
                let conn = Conn { stream, buffer: Vec::new(), since: Instant::now() };
                if waiting.send(conn).is_err() {
                    return;
                }
            }
            Err(e) => {
                if !failing {
                    eprintln!("warning: cannot accept a connection: {e}; retrying");
                    failing = true;
                }
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The waiting room: reads request heads from every open connection and
/// passes the complete ones to the workers.
fn wait(arrivals: &Receiver<Conn>, jobs: &Sender<Job>) {
    let mut waiting: Vec<Conn> = Vec::new();
    let mut evicting = false;
    loop {
        // Sleep until a connection arrives, or until the next turn.
        let arrived = if waiting.is_empty() {
            match arrivals.recv() {
                Ok(conn) => Some(conn),
                Err(_) => return,
            }
        } else {
            match arrivals.recv_timeout(pause(waiting.len())) {
                Ok(conn) => Some(conn),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        waiting.extend(arrived);
        waiting.extend(arrivals.try_iter());
        if waiting.len() > MAX_WAITING {
            if !evicting {
                eprintln!(
                    "warning: more than {MAX_WAITING} connections are waiting; closing the ones that waited longest"
                );
                evicting = true;
            }
            waiting.sort_by_key(|c| std::cmp::Reverse(c.since));
            waiting.truncate(MAX_WAITING);
        } else if waiting.len() < MAX_WAITING / 2 {
            evicting = false;
        }
        let mut still = Vec::with_capacity(waiting.len());
        for mut conn in waiting.drain(..) {
            match read_head(&mut conn) {
                Progress::Ready(request) => {
                    if let Err(mpsc::SendError(job)) = jobs.send(Job { conn, request }) {
                        drop(job);
                        return;
                    }
                }
                Progress::Bad(status) => refuse(conn, status),
                Progress::Waiting if conn.since.elapsed() < WAIT_LIMIT => still.push(conn),
                Progress::Waiting | Progress::Closed => {}
            }
        }
        waiting = still;
    }
}

/// The pause between two turns of the waiting room: short when few
/// connections wait (a browser's next request), longer when many do.
fn pause(waiting: usize) -> Duration {
    Duration::from_micros((1_000 + 20 * waiting as u64).min(20_000))
}

enum Progress {
    Ready(Request),
    Waiting,
    Bad(u16),
    Closed,
}

/// Reads what has arrived on a waiting connection, without blocking.
fn read_head(conn: &mut Conn) -> Progress {
    let mut chunk = [0u8; 4096];
    loop {
        match conn.stream.read(&mut chunk) {
            Ok(0) => return Progress::Closed,
            Ok(n) => {
                conn.buffer.extend_from_slice(&chunk[..n]);
                if conn.buffer.len() > MAX_HEAD {
                    break;
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Progress::Closed,
        }
    }
    match parse_head(&conn.buffer) {
        Head::Complete(request, used) => {
            conn.buffer.drain(..used);
            Progress::Ready(request)
        }
        Head::Partial => Progress::Waiting,
        Head::Bad(status) => Progress::Bad(status),
    }
}

/// Answers a request that cannot be read, then closes the connection.
fn refuse(mut conn: Conn, status: u16) {
    let text = match status {
        431 => "request head too large\n",
        505 => "only HTTP/1.0 and HTTP/1.1\n",
        _ => "bad request\n",
    };
    let response = Response::or_internal_error(Response::text(status, text));
    // Best effort: the socket is non-blocking and the answer is small.
    let _ = response.write_to(&mut conn.stream, false, false);
}

/// A worker: answers requests until the server ends.
fn work(jobs: &Mutex<Receiver<Job>>, waiting: &Sender<Conn>, handler: &dyn Handler) {
    loop {
        let job = {
            let Ok(jobs) = jobs.lock() else { return };
            match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        // A bug behind one request must not cost the server a worker.
        let answered = panic::catch_unwind(AssertUnwindSafe(|| answer(job, handler)));
        if let Ok(Some(conn)) = answered
            && waiting.send(conn).is_err()
        {
            return;
        }
    }
}

/// Answers one request; returns the connection when it stays open.
fn answer(job: Job, handler: &dyn Handler) -> Option<Conn> {
    let Job { mut conn, request } = job;
    conn.stream.set_nonblocking(false).ok()?;
    conn.stream.set_write_timeout(Some(WRITE_LIMIT)).ok()?;
    let reply = panic::catch_unwind(AssertUnwindSafe(|| handler.handle(&request))).unwrap_or_else(|_| {
        Reply::Respond(Response::internal_error(
            &"this request hit a bug in briefing; see the server's output",
        ))
    });
    match reply {
        Reply::Respond(response) => {
            let keep = request.keep_alive();
            response.write_to(&mut conn.stream, request.is_head(), keep).ok()?;
            if !keep {
                return None;
            }
            conn.stream.set_nonblocking(true).ok()?;
            conn.since = Instant::now();
            Some(conn)
        }
        Reply::TakeOver(take) => {
            take(conn.stream);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    struct Echo;

    impl Handler for Echo {
        fn handle(&self, request: &Request) -> Reply<'_> {
            Reply::Respond(Response::or_internal_error(Response::text(200, &request.target)))
        }
    }

    fn start() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || run(listener, Arc::new(Echo)));
        port
    }

    fn read_response(stream: &mut TcpStream) -> String {
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        // Head, then the body by its length.
        while !got.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            got.push(byte[0]);
        }
        let head = String::from_utf8(got).unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .and_then(|n| n.parse().ok())
            .unwrap();
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).unwrap();
        head + &String::from_utf8(body).unwrap()
    }

    #[test]
    fn keeps_connections_alive_and_answers_pipelined_requests_in_order() {
        let port = start();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.write_all(b"GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\n").unwrap();
        assert!(read_response(&mut stream).ends_with("keep-alive\r\n\r\n/one"));
        assert!(read_response(&mut stream).ends_with("keep-alive\r\n\r\n/two"));
        // Sent in pieces, slowly.
        stream.write_all(b"GET /thr").unwrap();
        thread::sleep(Duration::from_millis(50));
        stream.write_all(b"ee HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        assert!(read_response(&mut stream).ends_with("close\r\n\r\n/three"));
        let mut rest = Vec::new();
        assert_eq!(stream.read_to_end(&mut rest).unwrap(), 0, "closed after `Connection: close`");
    }

    #[test]
    fn bad_requests_are_refused_and_closed() {
        let port = start();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.write_all(b"NONSENSE\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{response}");
    }

    #[test]
    fn the_waiting_room_pauses_longer_when_crowded() {
        assert_eq!(pause(0), Duration::from_millis(1));
        assert_eq!(pause(MAX_WAITING * 10), Duration::from_millis(20));
    }
}
