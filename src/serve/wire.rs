//! The HTTP/1.1 message format the preview server speaks: reading a request
//! head from bytes, and responses whose every header is checked before it is
//! sent (a bad header is an error to answer with 500, never a panic).

use std::fmt;
use std::io::{self, Write};
use std::net::TcpStream;

/// The longest request head accepted; a longer one is answered with 431.
pub const MAX_HEAD: usize = 16 * 1024;

/// A request line and its headers (the preview server reads no bodies).
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub target: String,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub minor_version: u8,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the client may send another request on this connection:
    /// HTTP/1.1 unless it said `close`, HTTP/1.0 only if it said `keep-alive`,
    /// and never after a body this server does not read.
    pub fn keep_alive(&self) -> bool {
        let said = |token: &str| {
            self.header("Connection")
                .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        };
        let wants = if self.minor_version >= 1 { !said("close") } else { said("keep-alive") };
        wants && !self.has_body()
    }

    /// Whether a body follows the head (this server never reads one).
    pub fn has_body(&self) -> bool {
        self.header("Transfer-Encoding").is_some()
            || self.header("Content-Length").is_some_and(|v| v.trim() != "0")
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// What the bytes received so far on a connection hold.
#[derive(Debug)]
pub enum Head {
    /// A whole request head, and the number of bytes it took.
    Complete(Request, usize),
    /// Not the end of the head yet.
    Partial,
    /// Not a request this server can read: answer with this status and close.
    Bad(u16),
}

/// Reads a request head from the start of `bytes`.
pub fn parse_head(bytes: &[u8]) -> Head {
    let Some(end) = head_end(bytes) else {
        return if bytes.len() > MAX_HEAD { Head::Bad(431) } else { Head::Partial };
    };
    if end > MAX_HEAD {
        return Head::Bad(431);
    }
    let Ok(text) = std::str::from_utf8(&bytes[..end]) else { return Head::Bad(400) };
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    // Blank lines before a request line are allowed (RFC 9112, 2.2).
    let Some(first) = lines.by_ref().find(|l| !l.is_empty()) else { return Head::Partial };
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Head::Bad(400);
    };
    let minor_version = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        v if v.starts_with("HTTP/") => return Head::Bad(505),
        _ => return Head::Bad(400),
    };
    if method.is_empty() || !method.bytes().all(is_token) || target.is_empty() {
        return Head::Bad(400);
    }
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else { return Head::Bad(400) };
        if name.is_empty() || !name.bytes().all(is_token) {
            return Head::Bad(400);
        }
        headers.push((name.to_string(), value.trim_matches([' ', '\t']).to_string()));
    }
    let request = Request { method: method.to_string(), target: target.to_string(), minor_version, headers };
    Head::Complete(request, end)
}

/// The length of the head (through its blank line), if it has ended.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    let mut seen_line = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let line = &bytes[line_start..i];
            let blank = line.is_empty() || line == b"\r";
            if blank && seen_line {
                return Some(i + 1);
            }
            seen_line |= !blank;
            line_start = i + 1;
        }
    }
    None
}

/// A `tchar` of RFC 9110: what method and header names are made of.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A header that cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadHeader {
    pub name: String,
}

impl fmt::Display for BadHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot send the `{}` header: its value is not plain visible ASCII", self.name)
    }
}

/// A response with a whole body.
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// A response of `status` with a body of `content_type`, never cached.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Result<Response, BadHeader> {
        Response { status, headers: Vec::new(), body }
            .header("Content-Type", content_type)?
            .header("Cache-Control", "no-store")?
            .header("X-Content-Type-Options", "nosniff")
    }

    /// A plain-text response.
    pub fn text(status: u16, text: &str) -> Result<Response, BadHeader> {
        Response::new(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
    }

    /// Adds a header, refusing a name or value that would break the message
    /// (line breaks, control characters, bytes outside ASCII).
    pub fn header(mut self, name: &'static str, value: &str) -> Result<Response, BadHeader> {
        let name_ok = !name.is_empty() && name.bytes().all(is_token);
        let value_ok = value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        if !name_ok || !value_ok {
            return Err(BadHeader { name: name.to_string() });
        }
        self.headers.push((name, value.to_string()));
        Ok(self)
    }

    /// The response for a failure to build another: a plain 500 whose few
    /// headers are constants, so making it cannot fail.
    pub fn internal_error(problem: &dyn fmt::Display) -> Response {
        Response {
            status: 500,
            headers: vec![
                ("Content-Type", "text/plain; charset=utf-8".to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: format!("internal error: {problem}\n").into_bytes(),
        }
    }

    /// A response, or the 500 that says why it could not be made.
    pub fn or_internal_error(made: Result<Response, BadHeader>) -> Response {
        made.unwrap_or_else(|bad| Response::internal_error(&bad))
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    /// Writes the response; `head_only` leaves out the body (for HEAD).
    pub fn write_to(&self, out: &mut impl Write, head_only: bool, keep_alive: bool) -> io::Result<()> {
        let mut head = status_line(self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The head of an endless response (an event stream): no length, so the
/// body runs until the connection closes.
pub fn stream_head(content_type: &str) -> Result<Vec<u8>, BadHeader> {
    // Checks the value the same way as any header.
    Response::new(200, content_type, Vec::new())?;
    Ok(format!(
        "{}Content-Type: {content_type}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n",
        status_line(200)
    )
    .into_bytes())
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// What a handler wants done with a request.
pub enum Reply<'a> {
    /// Send this response; keep the connection if the request allows.
    Respond(Response),
    /// Hand the connection over for good (an event stream).
    TakeOver(Box<dyn FnOnce(TcpStream) + 'a>),
}

/// Answers requests; shared by every worker of the server.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: &Request) -> Reply<'_>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(bytes: &[u8]) -> (Request, usize) {
        match parse_head(bytes) {
            Head::Complete(request, used) => (request, used),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn heads() {
        let text = b"GET /a?b HTTP/1.1\r\nHost: x\r\nOrigin:  http://y \r\n\r\nGET /next";
        let (request, used) = complete(text);
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/a?b"));
        assert_eq!(request.header("origin"), Some("http://y"));
        assert_eq!(&text[used..], b"GET /next");
        assert!(request.keep_alive());
        let (request, _) = complete(b"\r\nGET / HTTP/1.0\nConnection: Keep-Alive\n\n");
        assert!(request.keep_alive());
        let (request, _) = complete(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(!request.keep_alive());
        let (request, _) = complete(b"GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
        assert!(!request.keep_alive(), "a body this server does not read ends the connection");

        assert!(matches!(parse_head(b"GET / HTTP/1.1\r\nHost: x\r\n"), Head::Partial));
        assert!(matches!(parse_head(b""), Head::Partial));
        assert!(matches!(parse_head(b"\r\n\r\n"), Head::Partial));
        assert!(matches!(parse_head(b"GET /\r\n\r\n"), Head::Bad(400)));
        assert!(matches!(parse_head(b"GET / HTTP/2.0\r\n\r\n"), Head::Bad(505)));
        assert!(matches!(parse_head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n"), Head::Bad(400)));
        assert!(matches!(parse_head(b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), Head::Bad(400)));
        assert!(matches!(parse_head(b"GET /\xff HTTP/1.1\r\n\r\n"), Head::Bad(400)));
        assert!(matches!(parse_head(&vec![b'a'; MAX_HEAD + 1]), Head::Bad(431)));
    }

    #[test]
    fn headers_are_checked_not_trusted() {
        assert!(Response::text(200, "x").and_then(|r| r.header("Location", "/caf%C3%A9/")).is_ok());
        for bad in ["/café/", "/a\r\nSet-Cookie: x", "/a\n", "/\0"] {
            let made = Response::text(200, "x").and_then(|r| r.header("Location", bad));
            assert_eq!(made.unwrap_err(), BadHeader { name: "Location".into() }, "{bad:?}");
        }
        let response =
            Response::or_internal_error(Response::text(301, "").and_then(|r| r.header("Location", "é")));
        let mut out = Vec::new();
        response.write_to(&mut out, false, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("HTTP/1.1 500 Internal Server Error\r\n"), "{out}");
        assert!(out.ends_with(
            "internal error: cannot send the `Location` header: its value is not plain visible ASCII\n"
        ));
    }

    #[test]
    fn head_requests_get_no_body() {
        let mut out = Vec::new();
        Response::text(200, "body").unwrap().write_to(&mut out, true, true).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("Content-Length: 4\r\nConnection: keep-alive\r\n\r\n"), "{out}");
        assert!(out.ends_with("\r\n\r\n"));
    }
}
