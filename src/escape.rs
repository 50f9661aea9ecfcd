//! Escaping text for HTML and XML, shared by the code highlighter, the
//! feeds and the sitemap, and link targets for `href`.

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` escaped, which is
/// safe in HTML and XML text and in quoted attribute values. Control
/// characters other than tab and line breaks are dropped: XML 1.0 forbids
/// them and they mean nothing in HTML.
pub fn push_escaped(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_forbidden_control(c) => {}
            c => out.push(c),
        }
    }
}

/// [`push_escaped`] into a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(text, &mut out);
    out
}

/// `url` as a quoted `href` or `src` value, escaped as pulldown-cmark
/// escapes link targets: `&` and `'` as character references, characters
/// that do not belong in a URL percent-encoded (UTF-8 bytes).
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "!#$%()*+,-./:;=?@^_~".contains(c) => out.push(c),
            c => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// A control character that XML 1.0 does not allow.
pub fn is_forbidden_control(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_escaped_like_pulldown_cmark_does() {
        assert_eq!(href("/a b/\"x\"<y>&'é#f"), "/a%20b/%22x%22%3Cy%3E&amp;&#x27;%C3%A9#f");
        assert_eq!(href("/briefs/briefings/x/#why-it-matters"), "/briefs/briefings/x/#why-it-matters");
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escaped("a<b>&\"'\u{1}\tz"), "a&lt;b&gt;&amp;&quot;&#39;\tz");
    }
}
