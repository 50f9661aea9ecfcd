//! Minimal XML text helpers for the feeds and the sitemap.

pub use crate::escape::escaped as escape;
use crate::escape::is_forbidden_control;

/// Wraps HTML in a CDATA section, splitting any `]]>` inside it.
pub fn cdata(html: &str) -> String {
    let inner = cdata_inner(html);
    let mut out = String::with_capacity(inner.len() + 12);
    out.push_str("<![CDATA[");
    out.push_str(&inner);
    out.push_str("]]>");
    out
}

/// `html` as it may stand inside a CDATA section: forbidden control
/// characters dropped, any `]]>` split across two sections. Borrowed when
/// it is clean already, as nearly every text is.
pub fn cdata_inner(html: &str) -> std::borrow::Cow<'_, str> {
    let mut text: std::borrow::Cow<str> = html.into();
    if text.chars().any(is_forbidden_control) {
        text = text.chars().filter(|&c| !is_forbidden_control(c)).collect::<String>().into();
    }
    if text.contains("]]>") {
        text = text.replace("]]>", "]]]]><![CDATA[>").into();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_survives_its_terminator() {
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
    }
}
