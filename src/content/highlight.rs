//! Build-time syntax highlighting of fenced code blocks with syntect, as
//! `hl-`-prefixed classes that the stylesheet colours for light and dark.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::escape::push_escaped;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlights code; the grammars load on first use, so a build without
/// code blocks never pays for them.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    /// `<pre class="code" data-lang="LANG" tabindex="0"><code>…</code></pre>`
    /// (focusable, so a keyboard can scroll a wide block); code in an unknown
    /// or missing language, or with `colour` off, is escaped but not coloured.
    pub fn code_block(&self, lang: &str, code: &str, colour: bool) -> String {
        let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let mut out = String::with_capacity(code.len() * 2 + 64);
        out.push_str("<pre class=\"code\"");
        if !lang.is_empty() {
            out.push_str(" data-lang=\"");
            push_escaped(lang, &mut out);
            out.push('"');
        }
        out.push_str(" tabindex=\"0\"><code>");
        match self.highlight(lang, code).filter(|_| colour) {
            Some(html) => out.push_str(&html),
            None => push_escaped(code, &mut out),
        }
        out.push_str("</code></pre>\n");
        out
    }

    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        if lang.is_empty() {
            return None;
        }
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let syntax = syntaxes.find_syntax_by_token(lang)?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = Highlighter::default().code_block("rust", "fn main() {}\n", true);
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code>"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let html = Highlighter::default().code_block("nosuchlang", "<b>&</b>\n", true);
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"nosuchlang\" tabindex=\"0\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn language_attribute_is_escaped() {
        let html = Highlighter::default().code_block("x\"onmouseover=", "a\n", true);
        assert!(html.contains("data-lang=\"x&quot;onmouseover=\""), "{html}");
    }
}
