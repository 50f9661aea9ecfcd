//! Minimal XML text helpers for the feeds and the sitemap.

pub use crate::escape::escaped as escape;
use crate::escape::is_forbidden_control;

/// Wraps HTML in a CDATA section, splitting any `]]>` inside it.
pub fn cdata(html: &str) -> String {
    // Nearly every text is clean: copy it once rather than char by char.
    let clean: std::borrow::Cow<str> = if html.chars().any(is_forbidden_control) {
        html.chars().filter(|&c| !is_forbidden_control(c)).collect::<String>().into()
    } else {
        html.into()
    };
    let mut out = String::with_capacity(clean.len() + 16);
    out.push_str("<![CDATA[");
    match clean.contains("]]>") {
        true => out.push_str(&clean.replace("]]>", "]]]]><![CDATA[>")),
        false => out.push_str(&clean),
    }
    out.push_str("]]>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_survives_its_terminator() {
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
    }
}
