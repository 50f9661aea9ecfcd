//! Minimal XML text helpers for the feeds and the sitemap.

pub use crate::escape::escaped as escape;
use crate::escape::is_forbidden_control;

/// Wraps HTML in a CDATA section, splitting any `]]>` inside it.
pub fn cdata(html: &str) -> String {
    let clean: String = html.chars().filter(|&c| !is_forbidden_control(c)).collect();
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_survives_its_terminator() {
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
    }
}
