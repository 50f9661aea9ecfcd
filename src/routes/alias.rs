//! Aliases: old URLs of a briefing, written in its front matter, checked
//! into routes below the base path where redirect pages are written.

use std::borrow::Cow;

/// An old URL of a briefing (an item of `aliases:` in its front matter),
/// validated: a path below the base path where a redirect page is written.
/// `/posts/huawei/` is the pretty URL `posts/huawei/index.html`, and so is
/// `/posts/huawei` (hosts serve both from that folder); a last segment ending
/// in `.html` or `.htm` (`/old/page.html`) is that file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Alias {
    /// Below the base path, decoded: `posts/huawei/`, `old/page.html`, `café/`.
    route: String,
}

/// Why a written alias cannot be one: what is wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRefusal {
    pub message: String,
    pub help: &'static str,
}

/// The characters of an alias besides letters and digits (of any script):
/// RFC 3986's path characters less `%` (aliases are written decoded), and
/// `*` and `:`, which `_redirects` reads as patterns.
const ALIAS_PUNCTUATION: &str = "-._~!$&'()+,;=@";
/// Longer segments would not fit a file name.
const MAX_SEGMENT_BYTES: usize = 200;

impl Alias {
    /// Validates an alias as written in front matter: it starts with `/`
    /// (it is relative to the site's base path), it stays on the site (no
    /// scheme, no `//host`, no `.` or `..` segment, no backslash, no `?` or
    /// `#`), and each segment is made of letters, digits and [`ALIAS_PUNCTUATION`].
    pub fn parse(written: &str) -> Result<Alias, AliasRefusal> {
        let refuse = |message: String, help: &'static str| Err(AliasRefusal { message, help });
        const FROM_ROOT: &str = "write the old URL's path from the site's root, as in `/posts/huawei/`; \
                                 it is relative to the site's base URL";
        if written.trim().is_empty() {
            return refuse("an alias is empty".into(), FROM_ROOT);
        }
        if written.contains('\\') {
            return refuse(
                format!("the alias `{written}` has a backslash"),
                "separate the folders of a URL with `/`",
            );
        }
        let scheme = written.split([':', '/']).next().unwrap_or("");
        if written[scheme.len()..].starts_with(':') && scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return refuse(format!("the alias `{written}` is a full URL, which leaves this site"), FROM_ROOT);
        }
        if written.starts_with("//") {
            return refuse(
                format!("the alias `{written}` names another host, which leaves this site"),
                FROM_ROOT,
            );
        }
        if !written.starts_with('/') {
            return refuse(format!("the alias `{written}` does not start with `/`"), FROM_ROOT);
        }
        if let Some(at) = written.find(['?', '#']) {
            let what = if written[at..].starts_with('?') { "a query" } else { "a fragment" };
            return refuse(
                format!("the alias `{written}` has {what} (`{}`)", &written[at..]),
                "hosts find an old URL by its path alone: leave out everything from the `?` or `#`",
            );
        }
        let rest = &written[1..];
        let segments: Vec<&str> = rest.split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            if segment.is_empty() && !last {
                return refuse(format!("the alias `{written}` has an empty folder (`//`)"), FROM_ROOT);
            }
            if *segment == "." || *segment == ".." {
                return refuse(
                    format!("the alias `{written}` has a `{segment}` segment, which could leave this site"),
                    "write the old URL's path as the browser showed it, without `.` or `..`",
                );
            }
            if segment.len() > MAX_SEGMENT_BYTES {
                return refuse(
                    format!("the alias `{written}` has a segment longer than {MAX_SEGMENT_BYTES} bytes"),
                    "no file name can be that long: shorten it",
                );
            }
            if let Some(c) = segment.chars().find(|&c| !c.is_alphanumeric() && !ALIAS_PUNCTUATION.contains(c))
            {
                let help = match c {
                    '%' => {
                        "write the characters themselves, not percent-encoded: `/café/`, not `/caf%C3%A9/`"
                    }
                    _ => "an alias is made of letters, digits, `/` and `-._~!$&'()+,;=@`",
                };
                return refuse(
                    format!("the alias `{written}` has {}, which cannot be part of a path", shown_char(c)),
                    help,
                );
            }
        }
        let is_file = segments.last().is_some_and(|s| {
            let lower = s.to_ascii_lowercase();
            lower.len() > 5 && (lower.ends_with(".html") || lower.ends_with(".htm"))
        });
        let route = if rest.is_empty() || rest.ends_with('/') || is_file {
            rest.to_string()
        } else {
            format!("{rest}/")
        };
        Ok(Alias { route })
    }

    /// The path below the base path: `posts/huawei/`.
    pub fn route(&self) -> &str {
        &self.route
    }
}

/// A character as a message shows it: `` `*` ``, a space, `U+0009`.
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_control() || c.is_whitespace() => format!("the invisible character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// `path` as it goes into a URL: every byte that is not ASCII as `%XX`
/// (the ASCII characters of routes need no escaping).
pub(super) fn percent_encode(path: &str) -> Cow<'_, str> {
    if path.is_ascii() {
        return path.into();
    }
    let mut out = String::with_capacity(path.len() * 3);
    for &b in path.as_bytes() {
        if b.is_ascii() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_routes_below_the_base_path() {
        let route = |w: &str| Alias::parse(w).map(|a| a.route().to_string()).map_err(|r| r.message);
        assert_eq!(route("/posts/huawei/").as_deref(), Ok("posts/huawei/"));
        assert_eq!(route("/posts/huawei").as_deref(), Ok("posts/huawei/"));
        assert_eq!(route("/old/page.html").as_deref(), Ok("old/page.html"));
        assert_eq!(route("/old/PAGE.HTM").as_deref(), Ok("old/PAGE.HTM"));
        assert_eq!(route("/2024/01/28/huawei-tops-china/").as_deref(), Ok("2024/01/28/huawei-tops-china/"));
        assert_eq!(route("/").as_deref(), Ok(""));
        assert_eq!(percent_encode("café/"), "caf%C3%A9/");
    }

    #[test]
    fn aliases_that_leave_the_site_or_are_no_path_are_refused() {
        for (written, expected) in [
            ("", "an alias is empty"),
            ("posts/huawei/", "does not start with `/`"),
            ("https://example.org/x/", "is a full URL"),
            ("javascript:alert(1)", "is a full URL"),
            ("//evil.example/x/", "names another host"),
            ("/a/../../etc/", "has a `..` segment"),
            ("/./x/", "has a `.` segment"),
            ("/a\\b/", "has a backslash"),
            ("/x/?p=1", "has a query (`?p=1`)"),
            ("/x/#top", "has a fragment (`#top`)"),
            ("/a//b/", "empty folder"),
            ("/a b/", "has a space"),
            ("/a*/", "has `*`"),
            ("/a:b/", "has `:`"),
            ("/caf%C3%A9/", "has `%`"),
            ("/a\u{7}/", "U+0007"),
        ] {
            let refused = Alias::parse(written).expect_err(written);
            assert!(refused.message.contains(expected), "{written}: {}", refused.message);
        }
    }
}
