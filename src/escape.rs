//! Escaping text for HTML and XML, shared by the code highlighter, the
//! feeds and the sitemap.

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

/// A control character that XML 1.0 does not allow.
pub fn is_forbidden_control(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escaped("a<b>&\"'\u{1}\tz"), "a&lt;b&gt;&amp;&quot;&#39;\tz");
    }
}
