//! What the preview server answers: files of the current build from memory,
//! the live-reload script and event stream, and nothing else. Request paths
//! are checked before anything is looked up, only the build's own files
//! exist here, and every response is built without panicking.

use std::net::TcpStream;
use std::sync::Arc;

use crate::routes;

use super::live::{self, EVENTS, LIVE_JS, LIVE_SCRIPT};
use super::state::{Build, Shared};
use super::wire::{self, BadHeader, Handler, Reply, Request, Response};

/// Who may open the live-reload stream: pages of this server.
pub struct Origins(pub Vec<String>);

/// The site as the server's request handler.
pub struct Site {
    pub shared: Arc<Shared>,
    pub origins: Origins,
}

impl Handler for Site {
    fn handle(&self, request: &Request) -> Reply<'_> {
        if !matches!(request.method.as_str(), "GET" | "HEAD") {
            return respond(
                Response::text(405, "only GET and HEAD\n").and_then(|r| r.header("Allow", "GET, HEAD")),
            );
        }
        let path = request.target.split(['?', '#']).next().unwrap_or("/");
        match path {
            EVENTS => self.events(request),
            LIVE_JS => respond(Response::new(200, "text/javascript; charset=utf-8", LIVE_SCRIPT.into())),
            _ => match safe_path(path) {
                Some(rel) => respond(file(self.shared.current().as_deref(), &rel)),
                None => respond(Response::text(400, "bad path\n")),
            },
        }
    }
}

impl Site {
    /// The live-reload stream (server-sent events), for pages of this server
    /// only, and for at most [`live::MAX_CLIENTS`] at once.
    fn events(&self, request: &Request) -> Reply<'_> {
        if let Some(origin) = request.header("Origin")
            && !self.origins.0.iter().any(|o| o == origin)
        {
            return respond(Response::text(403, "not from this server\n"));
        }
        if request.is_head() {
            return respond(Response::new(200, "text/event-stream", Vec::new()));
        }
        let head = match wire::stream_head("text/event-stream") {
            Ok(head) => head,
            Err(bad) => return Reply::Respond(Response::internal_error(&bad)),
        };
        Reply::TakeOver(Box::new(move |stream: TcpStream| {
            let shared = &self.shared;
            if let Err(live::Full(mut stream)) = shared.live.join(stream, &head, || shared.greeting()) {
                let text = format!(
                    "too many live-reload clients are open ({}); close some tabs of this site and reload\n",
                    live::MAX_CLIENTS
                );
                let response = Response::or_internal_error(Response::text(503, &text));
                let _ = response.write_to(&mut stream, false, false);
            }
        }))
    }
}

fn respond(made: Result<Response, BadHeader>) -> Reply<'static> {
    Reply::Respond(Response::or_internal_error(made))
}

/// The answer for the file at `rel` (decoded, checked) of `build`.
fn file(build: Option<&Build>, rel: &str) -> Result<Response, BadHeader> {
    let Some(build) = build else {
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No build yet</title>\
                    </head><body><p>The site has not built yet: see the problems.</p></body></html>";
        let page = live::inject_live_reload(page.as_bytes().to_vec(), 0);
        return Response::new(503, "text/html; charset=utf-8", page);
    };
    let candidate = routes::file_of(rel);
    match build.file(&candidate) {
        Some(Ok(bytes)) => return Response::new(200, content_type(&candidate), bytes.to_vec()),
        Some(Err(problem)) => return Response::text(500, &format!("{problem}\n")),
        None => {}
    }
    // `/briefings/x` -> `/briefings/x/`, as static hosts do.
    if !rel.is_empty() && !rel.ends_with('/') && build.has(&routes::file_of(&format!("{rel}/"))) {
        let location = format!("/{}/", percent_encode_path(rel));
        return Response::text(301, "")?.header("Location", &location);
    }
    match build.file(routes::not_found_file()) {
        Some(Ok(bytes)) => Response::new(404, "text/html; charset=utf-8", bytes.to_vec()),
        _ => Response::text(404, "not found\n"),
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

/// A decoded path as it goes into a URL (RFC 3986): every byte but the
/// unreserved ones and `/` as `%XX`.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if routes::is_atom_feed(path) => "application/atom+xml",
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
    fn encoded_paths_round_trip() {
        assert_eq!(percent_encode_path("café/"), "caf%C3%A9/");
        assert_eq!(percent_encode_path("a b?#%/x-y_z.~"), "a%20b%3F%23%25/x-y_z.~");
        for path in ["café/menu", "华为/", "a b?#%\r\n"] {
            assert_eq!(safe_path(&format!("/{}", percent_encode_path(path))).as_deref(), Some(path));
        }
    }
}
