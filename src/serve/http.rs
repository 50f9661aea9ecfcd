//! The preview server's HTTP side: files of the current build from memory,
//! the live-reload event stream, and nothing else. Request paths are checked
//! before anything is looked up, and only the build's own files exist here.

use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use super::state::{Shared, problem_event};

pub const EVENTS: &str = "/__briefing/events";
pub const LIVE_JS: &str = "/__briefing/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");

/// Who may open the live-reload stream: pages of this server.
pub struct Origins(pub Vec<String>);

/// Answers one request.
pub fn handle(shared: &Shared, origins: &Origins, request: Request) {
    if !matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head) {
        respond(request, 405, "text/plain; charset=utf-8", b"only GET and HEAD\n".to_vec());
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    match path {
        EVENTS => events(shared, origins, request),
        LIVE_JS => respond(request, 200, "text/javascript; charset=utf-8", LIVE_SCRIPT.as_bytes().to_vec()),
        _ => match safe_path(path) {
            Some(rel) => file(shared, request, &rel),
            None => respond(request, 400, "text/plain; charset=utf-8", b"bad path\n".to_vec()),
        },
    }
}

/// The path below the site root of a request path, or `None` for anything
/// that tries to leave it: `..` and `.` segments (also percent-encoded),
/// encoded slashes, backslashes, NUL bytes, invalid UTF-8.
pub fn safe_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\') || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode(rest)?;
    if decoded.split('/').any(|seg| seg == ".." || seg == "." || seg.contains(['\0', '\\']))
        || decoded.contains("//")
        || decoded.starts_with('/')
    {
        return None;
    }
    Some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file(shared: &Shared, request: Request, rel: &str) {
    let (ready, version) = {
        let snapshot = shared.snapshot.read().unwrap_or_else(|e| e.into_inner());
        (snapshot.ready.clone(), snapshot.version)
    };
    let Some(ready) = ready else {
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No build yet</title>\
                    </head><body><p>The site has not built yet: see the problems.</p></body></html>";
        respond(request, 503, "text/html; charset=utf-8", inject_live_reload(page.as_bytes().to_vec(), 0));
        return;
    };
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string()]
    };
    for candidate in &candidates {
        match shared.file(&ready, candidate, version) {
            Some(Ok(bytes)) => return respond(request, 200, content_type(candidate), bytes.to_vec()),
            Some(Err(problem)) => {
                let text = format!("{problem}\n");
                return respond(request, 500, "text/plain; charset=utf-8", text.into_bytes());
            }
            None => {}
        }
    }
    // `/briefings/x` -> `/briefings/x/`, as static hosts do.
    if !rel.is_empty() && !rel.ends_with('/') && ready.catalogue.get(&format!("{rel}/index.html")).is_some() {
        let location = Header::from_bytes("Location", format!("/{rel}/")).expect("a valid header");
        let _ = request.respond(Response::empty(301).with_header(location));
        return;
    }
    match shared.file(&ready, "404.html", version) {
        Some(Ok(bytes)) => respond(request, 404, "text/html; charset=utf-8", bytes.to_vec()),
        _ => respond(request, 404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(Header::from_bytes("Content-Type", content_type).expect("a valid header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("a valid header"))
        .with_header(Header::from_bytes("X-Content-Type-Options", "nosniff").expect("a valid header"));
    let _ = request.respond(response);
}

/// The live-reload stream (server-sent events), for pages of this server only.
fn events(shared: &Shared, origins: &Origins, request: Request) {
    let origin = request.headers().iter().find(|h| h.field.equiv("Origin")).map(|h| h.value.to_string());
    if let Some(origin) = origin
        && !origins.0.contains(&origin)
    {
        respond(request, 403, "text/plain; charset=utf-8", b"not from this server\n".to_vec());
        return;
    }
    let (tx, rx) = mpsc::channel::<String>();
    let first = {
        let snapshot = shared.snapshot.read().unwrap_or_else(|e| e.into_inner());
        let mut first = format!("event: hello\ndata: {}\n\n", snapshot.version);
        if !snapshot.problems.is_empty() {
            first.push_str(&problem_event(&snapshot.problems));
        }
        first
    };
    shared.listen(tx);
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.write_all(first.as_bytes()))
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(message.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}

/// Adds the live-reload script to a page (only ever to served pages).
pub fn inject_live_reload(mut html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\" data-version=\"{version}\" defer></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/briefings/x/").as_deref(), Some("briefings/x/"));
        assert_eq!(safe_path("/soci%C3%A9t%C3%A9/").as_deref(), Some("société/"));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/%2E%2E/etc",
            "/a%2fb",
            "/a%5Cb",
            "/a\\b",
            "/%00",
            "/%zz",
            "//etc/passwd",
            "x",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec(), 3);
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with(
            "<script src=\"/__briefing/live.js\" data-version=\"3\" defer></script></body></html>"
        ));
    }
}
