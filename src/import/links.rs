//! Links and images of a converted body: each destination is given to the
//! import's resolvers, which say whether to keep it, rewrite it (a link to
//! another imported post, an image now in `static/`), or list it; images
//! without alt text are marked decorative and images that cannot be
//! published become plain links, each listed with what to do.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::edits::{Edit, Edited, Lines, Note, Topic};

/// What to do with a link's destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFate {
    Keep,
    Rewrite(String),
    /// Left as written and listed: what is wrong, what to do.
    Listed(String, String),
}

/// What became of an image's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFate {
    /// Published at this destination (maybe rewritten).
    Found(String),
    /// On another site: left as written.
    Remote,
    /// No such file (where it was looked for).
    Missing(String),
    /// A format the build does not publish.
    Unsupported,
}

/// The resolvers of one post.
pub struct Pass<'a> {
    pub file: &'a str,
    pub lines: &'a Lines,
    /// How the body being read maps to the source body.
    pub edited: &'a Edited,
    pub link: &'a dyn Fn(&str) -> LinkFate,
    pub image: &'a mut dyn FnMut(&str) -> ImageFate,
}

/// Rewrites `body` (the text of `pass.edited`).
pub fn rewrite(body: &str, pass: &mut Pass) -> (String, Vec<Note>) {
    let mut edits = Vec::new();
    let mut notes = Vec::new();
    let parser = Parser::new_ext(body, Options::all());
    for (_, def) in parser.reference_definitions().iter() {
        let span = def.span.clone();
        if let Some(at) = dest_in(&body[span.clone()], "]:", &def.dest) {
            let start = span.start + at;
            link(pass, &def.dest, start, &mut edits, &mut notes);
        }
    }
    let mut image: Option<(std::ops::Range<usize>, String, String, String)> = None;
    let mut alt = String::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. }) => {
                if let Some(at) = dest_in(&body[range.clone()], "](", &dest_url) {
                    link(pass, &dest_url, range.start + at, &mut edits, &mut notes);
                }
            }
            Event::Start(Tag::Image { link_type: LinkType::Inline, dest_url, title, .. })
                if image.is_none() =>
            {
                let written_alt = alt_written(&body[range.clone()]);
                image = Some((range, dest_url.to_string(), title.to_string(), written_alt));
                alt.clear();
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => alt.push_str(&t),
            Event::End(TagEnd::Image) => {
                if let Some((range, dest, title, written)) = image.take() {
                    let at = pass.lines.line(pass.edited.source_offset(range.start));
                    if let Some(edit) =
                        picture(pass, range, &dest, &title, &written, alt.trim().is_empty(), at, &mut notes)
                    {
                        edits.push(edit);
                    }
                }
            }
            _ => {}
        }
    }
    (Edited::apply(body, edits).text, notes)
}

/// Offset of the destination `dest` after `marker` in `written`.
fn dest_in(written: &str, marker: &str, dest: &str) -> Option<usize> {
    let after = written.rfind(marker)? + marker.len();
    let rest = &written[after..];
    let skipped = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let (skipped, rest) = match rest.strip_prefix('<') {
        Some(r) => (skipped + 1, r),
        None => (skipped, rest),
    };
    (!dest.is_empty() && rest.starts_with(dest)).then_some(after + skipped)
}

fn link(pass: &Pass, dest: &str, start: usize, edits: &mut Vec<Edit>, notes: &mut Vec<Note>) {
    match (pass.link)(dest) {
        LinkFate::Keep => {}
        LinkFate::Rewrite(new) => edits.push(Edit { range: start..start + dest.len(), text: new }),
        LinkFate::Listed(what, todo) => {
            let line = pass.lines.line(pass.edited.source_offset(start));
            notes.push(Note { topic: Topic::Link, file: pass.file.into(), line, what, todo });
        }
    }
}

/// The alt text as written between `![` and `](`.
fn alt_written(image: &str) -> String {
    let inner = image.strip_prefix("![").unwrap_or(image);
    inner.rfind("](").map_or(String::new(), |at| inner[..at].to_string())
}

#[allow(clippy::too_many_arguments)]
fn picture(
    pass: &mut Pass,
    range: std::ops::Range<usize>,
    dest: &str,
    title: &str,
    alt: &str,
    no_alt: bool,
    line: usize,
    notes: &mut Vec<Note>,
) -> Option<Edit> {
    let mut note = |what: String, todo: &str| {
        notes.push(Note { topic: Topic::Image, file: pass.file.into(), line, what, todo: todo.into() })
    };
    let quoted = |t: &str| if t.is_empty() { String::new() } else { format!(" \"{}\"", t.replace('"', "'")) };
    match (pass.image)(dest) {
        ImageFate::Remote => None,
        ImageFate::Missing(looked) => {
            note(
                format!(
                    "the image `{dest}` does not exist in the source (looked for {looked}): it became a plain link"
                ),
                "find the image and put it back, or remove the link",
            );
            Some(Edit { range: range.start..range.start + 1, text: String::new() })
        }
        ImageFate::Unsupported => {
            note(
                format!(
                    "the image `{dest}` is in a format briefing does not publish: it became a plain link"
                ),
                "convert it to PNG, JPEG, WebP or GIF and make it an image again",
            );
            Some(Edit { range: range.start..range.start + 1, text: String::new() })
        }
        ImageFate::Found(new) if no_alt => {
            let lost = if title.is_empty() || title == "decorative" {
                String::new()
            } else {
                format!(" (its title `{title}` was replaced)")
            };
            if title != "decorative" {
                note(
                    format!("the image `{dest}` has no alt text: it is marked decorative{lost}"),
                    "describe what it shows between the brackets and remove the \"decorative\" title",
                );
            }
            Some(Edit { range, text: format!("![{alt}](<{new}> \"decorative\")") })
        }
        ImageFate::Found(new) if new != dest => {
            Some(Edit { range, text: format!("![{alt}](<{new}>{})", quoted(title)) })
        }
        ImageFate::Found(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_images() {
        let body = "[a](/old/x/) [b](https://e.org) [c][r]\n\n![](/img/a.png) ![B](gone.png) ![C](<x y.tif>)\n\n[r]: /missing/\n";
        let lines = Lines::new(body, 10);
        let edited = Edited::unchanged(body);
        let fate = |d: &str| match d {
            "/old/x/" => LinkFate::Rewrite("../2024/x.md".into()),
            "/missing/" => LinkFate::Listed("not imported".into(), "fix".into()),
            _ => LinkFate::Keep,
        };
        let mut image = |d: &str| match d {
            "/img/a.png" => ImageFate::Found(d.into()),
            "gone.png" => ImageFate::Missing("x".into()),
            _ => ImageFate::Unsupported,
        };
        let mut pass = Pass { file: "x.md", lines: &lines, edited: &edited, link: &fate, image: &mut image };
        let (text, notes) = rewrite(body, &mut pass);
        assert_eq!(
            text,
            "[a](../2024/x.md) [b](https://e.org) [c][r]\n\n![](</img/a.png> \"decorative\") [B](gone.png) [C](<x y.tif>)\n\n[r]: /missing/\n"
        );
        let lines: Vec<usize> = notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, vec![14, 12, 12, 12]);
    }
}
