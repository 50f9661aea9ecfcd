//! One briefing file -> [`Briefing`]: strict front matter, validated fields,
//! Markdown rendered once.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::date::{DATE_HELP, Date};
use super::frontmatter::{self, SplitError};
use super::images::{BodyImage, HeroImage, RawHero, Written};
use super::markdown::{Markdown, TocEntry};
use super::targets::{At, Refs};
use crate::error::Diagnostic;
use crate::routes::Alias;
use crate::slug::{is_slug, slugify};
use crate::yaml::{self, Origin};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBriefing {
    title: String,
    date: String,
    updated: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    companies: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    key_highlights: Vec<String>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    aliases: Vec<String>,
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    extra: Option<serde_yaml::Value>,
    image: Option<RawHero>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: String,
}

/// A validated briefing, Markdown already rendered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Briefing {
    /// The file, relative to the site root.
    pub path: PathBuf,
    pub title: String,
    pub slug: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub summary_html: String,
    pub summary_text: String,
    /// Whether the summary is the body's first paragraph (no `summary:`):
    /// the briefing's own page then shows it once, in the body.
    pub summary_is_lead: bool,
    /// Company and topic names as written (filed under terms by the site model).
    pub companies: Vec<String>,
    pub topics: Vec<String>,
    /// The slug of each name, in the same order.
    pub company_keys: Vec<String>,
    pub topic_keys: Vec<String>,
    /// Author names as written, and their slugs; empty when the front
    /// matter names none (the site model may file it under a default author).
    pub authors: Vec<String>,
    pub author_keys: Vec<String>,
    /// The date as `2024-01-28` and as `28 January 2024`, made once.
    pub ymd: String,
    pub date_display: String,
    pub highlights_html: Vec<String>,
    /// The same highlights as plain text, for feeds and the search index.
    pub highlights_text: Vec<String>,
    pub sources: Vec<Source>,
    /// Old URLs that redirect here, each once, in the order written.
    pub aliases: Vec<AliasAt>,
    pub draft: bool,
    #[serde(with = "yaml_text")]
    pub extra: serde_yaml::Value,
    /// The body's HTML: in memory, or in the build's spill file. The parse
    /// cache keeps it apart, as raw text (`crate::cache::parsed`).
    #[serde(skip)]
    pub body_html: crate::spill::Text,
    /// The targets of the body's links that wait for the site model, by
    /// link number, sorted (see `crate::site::links`): put in as the body
    /// is read, so the model need not read and rewrite every body. Empty
    /// until the model gives them.
    #[serde(skip)]
    pub link_targets: Vec<(usize, String)>,
    pub reading_minutes: u32,
    /// The body's `h2`/`h3` headings.
    pub toc: Vec<TocEntry>,
    /// Every heading id of the body.
    pub anchors: Vec<String>,
    /// Every link and image target in the body, the summary and the key
    /// highlights, where it is written (a reference link: at its definition).
    pub links: Vec<BodyLink>,
    /// Where the body's first raw HTML and first template tag (`{{ … }}`,
    /// `{% … %}`) are, which are shown as text (line, column).
    pub raw_html_at: Option<(usize, usize)>,
    pub template_tag_at: Option<(usize, usize)>,
    /// The hero image (`image:`), if any.
    pub image: Option<HeroImage>,
    /// The body's images that are files of the site, in order; the body's
    /// HTML holds a placeholder for each until the media stage replaces it.
    pub images: Vec<BodyImage>,
    /// Where the `companies:` and `topics:` lists are written (line, column).
    pub companies_at: (usize, usize),
    pub topics_at: (usize, usize),
    pub authors_at: (usize, usize),
    /// Advice found while parsing, for `check` (a `slug:` that was slugified).
    pub advice: Vec<Diagnostic>,
}

impl Briefing {
    /// The body's HTML, read back from the spill file when it is there.
    pub fn body(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let body = self.body_html.read().map_err(|e| crate::spill::unreadable(&self.path, "body", &e))?;
        if self.link_targets.is_empty() {
            return Ok(body);
        }
        let target = |n: usize| {
            let at = self.link_targets.binary_search_by_key(&n, |(m, _)| *m).ok()?;
            Some(self.link_targets[at].1.as_str())
        };
        Ok(std::borrow::Cow::Owned(crate::routes::replace_link_placeholders(&body, target)))
    }

    /// The fingerprint of the body as [`Briefing::body`] gives it, made
    /// without reading the body: its text's, and its links' targets.
    pub fn body_print(&self) -> Result<u128, Diagnostic> {
        let text =
            self.body_html.fingerprint().map_err(|e| crate::spill::unreadable(&self.path, "body", &e))?;
        if self.link_targets.is_empty() {
            return Ok(text);
        }
        let mut bytes = text.to_le_bytes().to_vec();
        for (n, target) in &self.link_targets {
            bytes.extend_from_slice(&(*n as u64).to_le_bytes());
            bytes.extend_from_slice(&(target.len() as u64).to_le_bytes());
            bytes.extend_from_slice(target.as_bytes());
        }
        Ok(crate::spill::fingerprint_of_bytes(&bytes))
    }

    /// Whether link previews show the hero (`image: {social: hero}`)
    /// instead of a drawn social card.
    pub fn hero_is_social(&self) -> bool {
        self.image.as_ref().is_some_and(|hero| hero.social)
    }
}

/// `extra` as YAML text in the parse cache: YAML values (tags among them)
/// survive the round trip exactly.
mod yaml_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_yaml::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_yaml::to_string(value).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_yaml::Value, D::Error> {
        serde_yaml::from_str(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A link target in a body, summary or key highlight, with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
}

/// An old URL of the briefing, with where it is written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasAt {
    pub alias: Alias,
    /// As written in the front matter.
    pub written: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// Parses and validates one briefing file's text.
pub fn parse(path: &Path, text: &str, markdown: &Markdown) -> Result<Briefing, Diagnostic> {
    let text = crate::walk::normalize(text);
    let split = frontmatter::split(&text).map_err(|e| split_error(path, e))?;
    let origin = Origin { path, first_line: split.yaml_line };
    if split.yaml.trim().is_empty() {
        return Err(origin
            .diagnostic(1, 1, "the front matter is empty")
            .help("add at least `title:` and `date:` between the `---` lines"));
    }
    let raw: RawBriefing = yaml::parse(split.yaml, origin)?;
    let body_line = text[..text.len() - split.body.len()].matches('\n').count() + 1;
    Validator { path, yaml: split.yaml, origin, markdown }.briefing(raw, split.body, body_line)
}

fn split_error(path: &Path, e: SplitError) -> Diagnostic {
    let d = Diagnostic::new(path, "").at(1, 1);
    match e {
        SplitError::Empty => Diagnostic { message: "the file is empty".into(), ..d }
            .help("a briefing starts with `---`, then `title:` and `date:`, then `---`, then the text"),
        SplitError::NoOpening => {
            Diagnostic { message: "the file does not start with front matter".into(), ..d }
                .help("put a line `---` first, then `title:` and `date:`, then another `---`")
        }
        SplitError::Unclosed => {
            Diagnostic { message: "the front matter opened here is never closed".into(), ..d }
                .help("add a line `---` after the last front-matter field")
        }
    }
}

struct Validator<'a> {
    path: &'a Path,
    yaml: &'a str,
    origin: Origin<'a>,
    markdown: &'a Markdown,
}

impl Validator<'_> {
    fn at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = yaml::value_position(self.yaml, key).unwrap_or((1, 1));
        self.origin.diagnostic(line, col, message)
    }

    fn warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: crate::error::Severity::Warning, ..self.at(key, message) }
    }

    fn briefing(&self, raw: RawBriefing, body: &str, body_line: usize) -> Result<Briefing, Diagnostic> {
        let title = raw.title.trim().to_string();
        if title.is_empty() {
            return Err(self.at("title", "the title is empty"));
        }
        let date = self.date("date", &raw.date)?;
        let (ymd, date_display) = (date.ymd(), date.display());
        let updated = match &raw.updated {
            Some(text) => Some(self.date("updated", text)?),
            None => None,
        };
        if let Some(u) = &updated
            && u.instant < date.instant
        {
            return Err(self
                .at("updated", "`updated` is earlier than `date`")
                .help("`updated` is when the briefing was last revised; leave it out if it was not"));
        }
        let mut advice = Vec::new();
        let slug = self.slug(raw.slug.as_deref(), &mut advice)?;
        let (companies, company_keys) = self.names("companies", "company", raw.companies)?;
        let (topics, topic_keys) = self.names("topics", "topic", raw.topics)?;
        let (authors, author_keys) = self.names("authors", "author", raw.authors)?;
        let highlights_text = raw.key_highlights.iter().map(|h| self.markdown.plain_text(h)).collect();
        let sources = self.sources(raw.sources)?;
        let aliases = self.aliases(&raw.aliases)?;
        let extra = self.extra(raw.extra)?;

        let rendered = self.markdown.body(body);
        let in_body = Lines::new(body, body_line);
        let mut links: Vec<BodyLink> =
            rendered.links.into_iter().map(|(url, at)| in_body.link(url, at)).collect();
        let mut snippets = Snippets { v: self, refs: &rendered.refs, in_body: &in_body, links: &mut links };
        let highlights_html = snippets.highlights(&raw.key_highlights)?;
        let (summary_html, summary_text, summary_is_lead) = match raw.summary.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                let span = yaml::value_span(self.yaml, "summary");
                (snippets.render(s, span), self.markdown.plain_text(s), false)
            }
            _ => {
                let lead = rendered.first_paragraph_html;
                (lead.clone().unwrap_or_default(), rendered.first_paragraph_text, lead.is_some())
            }
        };
        let shown = rendered.shown_as_text;
        Ok(Briefing {
            path: self.path.to_path_buf(),
            title,
            slug,
            date,
            updated,
            summary_html,
            summary_text,
            summary_is_lead,
            companies,
            topics,
            company_keys,
            topic_keys,
            authors,
            author_keys,
            ymd,
            date_display,
            highlights_html,
            highlights_text,
            sources,
            aliases,
            draft: raw.draft,
            extra,
            body_html: crate::spill::Text::held(rendered.html),
            link_targets: Vec::new(),
            reading_minutes: reading_minutes(rendered.words),
            toc: rendered.toc,
            companies_at: self.position("companies"),
            topics_at: self.position("topics"),
            authors_at: self.position("authors"),
            anchors: rendered.anchors,
            links,
            raw_html_at: shown.raw_html.map(|at| in_body.at(at)),
            template_tag_at: shown.template_tag.map(|at| in_body.at(at)),
            image: raw.image.map(|image| self.hero(image)).transpose()?,
            images: locate_images(&in_body, rendered.images),
            advice,
        })
    }

    /// The file position of a top-level key's value (the file start if absent).
    fn position(&self, key: &str) -> (usize, usize) {
        match yaml::value_position(self.yaml, key) {
            Some((line, col)) => (self.origin.first_line + line - 1, col),
            None => (1, 1),
        }
    }

    fn date(&self, key: &str, text: &str) -> Result<Date, Diagnostic> {
        Date::parse(text).map_err(|why| self.at(key, why).help(DATE_HELP))
    }

    /// The briefing's slug: `slug:` or the file's stem, each slugified by
    /// one rule. A written `slug:` that changes is reported in `advice`.
    fn slug(&self, given: Option<&str>, advice: &mut Vec<Diagnostic>) -> Result<String, Diagnostic> {
        if let Some(given) = given {
            if is_slug(given) {
                return Ok(given.to_string());
            }
            return match slugify(given) {
                Some(s) => {
                    let note = format!("the slug `{given}` is published as `{s}`");
                    advice.push(self.warning("slug", note).help(format!(
                        "slugs are lowercase letters, digits and dashes: write `slug: {s}` to keep this URL"
                    )));
                    Ok(s)
                }
                None => Err(self
                    .at("slug", format!("`{given}` has no letters or digits to make a URL from"))
                    .help("slugs are lowercase letters, digits and dashes, like `huawei-tops-china`")),
            };
        }
        let stem = bundle_folder(self.path)
            .unwrap_or(self.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        slugify(stem).ok_or_else(|| {
            Diagnostic::new(self.path, format!("cannot make a URL from the file name `{stem}`"))
                .at(1, 1)
                .help("rename the file, or add a `slug:` such as `huawei-tops-china`")
        })
    }

    /// The names, whitespace tidied, and their slugs.
    fn names(
        &self,
        key: &str,
        what: &str,
        names: Vec<String>,
    ) -> Result<(Vec<String>, Vec<String>), Diagnostic> {
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        let mut keys: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let Some(slug) = slugify(&name) else {
                return Err(self
                    .at(key, format!("the {what} name `{name}` has no letters or digits"))
                    .help(format!("every {what} needs a name that can become a URL")));
            };
            out.push(name);
            keys.push(slug);
        }
        Ok((out, keys))
    }

    fn sources(&self, sources: Vec<RawSource>) -> Result<Vec<Source>, Diagnostic> {
        sources
            .into_iter()
            .map(|s| {
                let url = s.url.trim().to_string();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(self
                        .at("sources", format!("the source URL `{url}` is not a web address"))
                        .help("source URLs start with https:// or http://"));
                }
                Ok(Source { title: s.title.trim().to_string(), url })
            })
            .collect()
    }

    /// Each alias checked into a route, with the position of its item; one
    /// written twice (`/x` and `/x/` are one) is kept once.
    fn aliases(&self, written: &[String]) -> Result<Vec<AliasAt>, Diagnostic> {
        let positions = yaml::item_positions(self.yaml, "aliases");
        let mut aliases: Vec<AliasAt> = Vec::with_capacity(written.len());
        for (i, text) in written.iter().enumerate() {
            let (line, col) = match positions.get(i) {
                Some(&(line, col)) => (self.origin.first_line + line - 1, col),
                None => self.position("aliases"),
            };
            let alias = Alias::parse(text.trim()).map_err(|refused| {
                Diagnostic::new(self.path, refused.message).at(line, col).help(refused.help)
            })?;
            if !aliases.iter().any(|a| a.alias == alias) {
                aliases.push(AliasAt { alias, written: text.trim().to_string(), line, col });
            }
        }
        Ok(aliases)
    }

    /// The hero image as written, with the place of `image:`.
    fn hero(&self, raw: RawHero) -> Result<HeroImage, Diagnostic> {
        let (line, col) = match yaml::key_position(self.yaml, "image") {
            Some((line, col)) => (self.origin.first_line + line - 1, col),
            None => (1, 1),
        };
        raw.at(line, col).map_err(|written| {
            Diagnostic::new(self.path, format!("`social: {written}` in `image:` is neither `card` nor `hero`"))
                .at(line, col)
                .help("write `social: hero` to show this image in link previews, or leave `social` out for the drawn card")
        })
    }

    fn extra(&self, extra: Option<serde_yaml::Value>) -> Result<serde_yaml::Value, Diagnostic> {
        match extra {
            None | Some(serde_yaml::Value::Null) => Ok(serde_yaml::Value::Mapping(Default::default())),
            Some(map @ serde_yaml::Value::Mapping(_)) => Ok(map),
            Some(_) => Err(self
                .at("extra", "`extra` should be a mapping of your own fields")
                .help("write it as `extra: {region: China}` or as indented `key: value` lines")),
        }
    }
}

/// Line and column in the file of byte offsets in a part of it (the body,
/// the front matter) that starts on line `first_line`.
struct Lines<'a> {
    text: &'a str,
    first_line: usize,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, first_line: usize) -> Lines<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, first_line, starts }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let col = self.text.get(self.starts[line]..offset).map_or(0, |s| s.chars().count()) + 1;
        (self.first_line + line, col)
    }

    fn link(&self, url: String, offset: usize) -> BodyLink {
        let (line, col) = self.at(offset);
        BodyLink { url, line, col }
    }
}

/// Renders the front matter's Markdown snippets (key highlights, summary)
/// with the body's reference definitions, and notes where their links are.
struct Snippets<'s, 'v> {
    v: &'s Validator<'v>,
    refs: &'s Refs,
    in_body: &'s Lines<'s>,
    links: &'s mut Vec<BodyLink>,
}

impl Snippets<'_, '_> {
    fn highlights(&mut self, items: &[String]) -> Result<Vec<String>, Diagnostic> {
        let mut html = Vec::with_capacity(items.len());
        for (i, h) in items.iter().enumerate() {
            match h.trim() {
                "" => {
                    return Err(self
                        .v
                        .at("key_highlights", "a key highlight is empty")
                        .help("remove the empty `-` line or write the highlight"));
                }
                text => {
                    let span = yaml::item_span(self.v.yaml, "key_highlights", i)
                        .or_else(|| yaml::value_span(self.v.yaml, "key_highlights"));
                    html.push(self.render(text, span));
                }
            }
        }
        Ok(html)
    }

    /// Renders `text`, written at `span` of the front matter; a link is
    /// placed where its URL is written in that span (at the span's start
    /// when it cannot be found there).
    fn render(&mut self, text: &str, span: Option<std::ops::Range<usize>>) -> String {
        let snippet = self.v.markdown.snippet(text, self.refs, self.links.len());
        if snippet.links.is_empty() {
            return snippet.html;
        }
        let yaml = self.v.yaml;
        let in_yaml = Lines::new(yaml, self.v.origin.first_line);
        for (url, at) in snippet.links {
            let link = match (at, &span) {
                (At::Definition(offset), _) => self.in_body.link(url, offset),
                (At::Here(_), Some(span)) => {
                    let written = yaml.get(span.clone()).unwrap_or("");
                    let offset =
                        span.start + written.find(url.as_str()).filter(|_| !url.is_empty()).unwrap_or(0);
                    in_yaml.link(url, offset)
                }
                (At::Here(_), None) => {
                    let (line, col) = self.v.position("key_highlights");
                    BodyLink { url, line, col }
                }
            };
            self.links.push(link);
        }
        snippet.html
    }
}

/// The folder of a briefing written as a folder (`2024/huawei-tops/index.md`,
/// its images beside it): its name is the briefing's slug, and its other
/// files are the briefing's. `None` for a briefing written as one file.
pub fn bundle_folder(path: &Path) -> Option<&Path> {
    let stem = path.file_stem()?.to_str()?;
    let folder = path.parent()?;
    let named = folder.file_name().is_some();
    (stem == "index" && named && folder != Path::new(super::BRIEFINGS_DIR)).then_some(folder)
}

/// Where each body image (a byte offset in the body) is in the file.
fn locate_images(in_body: &Lines, images: Vec<Written>) -> Vec<BodyImage> {
    images
        .into_iter()
        .map(|w| {
            let (line, col) = in_body.at(w.offset);
            w.at(line, col)
        })
        .collect()
}

/// At 220 words a minute, never less than one minute.
fn reading_minutes(words: usize) -> u32 {
    (words.div_ceil(220)).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse_str(text: &str) -> Result<Briefing, String> {
        parse(Path::new("content/briefings/2024/huawei.md"), text, &Markdown::new(Config::default().markdown))
            .map_err(|d| d.to_string())
    }

    #[test]
    fn full_briefing() {
        let b = parse_str(
            "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: [Huawei, Apple]\ntopics: [Smartphones]\nkey_highlights:\n  - \"**Huawei** first\"\nsources:\n  - title: Report\n    url: https://example.com/r\n---\nThe lead paragraph.\n\n## More\n\nText.\n",
        )
        .unwrap();
        assert_eq!(b.slug, "huawei");
        assert_eq!(b.summary_html, "The lead paragraph.");
        assert_eq!(b.highlights_html, ["<strong>Huawei</strong> first"]);
        assert_eq!(b.companies, ["Huawei", "Apple"]);
        assert!(b.body().unwrap().contains("<h2 id=\"more\">"));
    }

    #[test]
    fn authors_are_names_with_slugs() {
        let b = parse_str("---\ntitle: x\ndate: 2024-01-28\nauthors: [Li  Wei, José Núñez]\n---\n").unwrap();
        assert_eq!(b.authors, ["Li Wei", "José Núñez"]);
        assert_eq!(b.author_keys, ["li-wei", "jose-nunez"]);
        assert_eq!(b.authors_at, (4, 10));
        let e = parse_str("---\ntitle: x\ndate: 2024-01-28\nauthors: [\"--\"]\n---\n").unwrap_err();
        assert!(e.contains(":4:10: the author name `--` has no letters or digits"), "{e}");
    }

    #[test]
    fn unknown_key_is_pinned_to_its_line() {
        let e = parse_str("---\ntitle: x\ndate: 2024-01-28\nkey_highlight:\n  - a\n---\n").unwrap_err();
        assert_eq!(
            e,
            "error: content/briefings/2024/huawei.md:4:1: unknown field `key_highlight`\n  did you mean `key_highlights`?"
        );
    }

    #[test]
    fn bad_date_points_at_the_value() {
        let e = parse_str("---\ntitle: x\ndate: 2024-02-30\n---\n").unwrap_err();
        assert!(
            e.starts_with(
                "error: content/briefings/2024/huawei.md:3:7: `2024-02-30` is not a real calendar date"
            ),
            "{e}"
        );
    }

    #[test]
    fn crlf_and_lf_agree() {
        let lf = parse_str("---\ntitle: x\ndate: 2024-01-28\n---\nA\nB\n\n## H\n").unwrap();
        let crlf = parse_str("\u{feff}---\r\ntitle: x\r\ndate: 2024-01-28\r\n---\r\nA\r\nB\r\n\r\n## H\r\n")
            .unwrap();
        assert_eq!(lf.body().unwrap(), crlf.body().unwrap());
    }

    #[test]
    fn a_written_slug_is_slugified_like_a_file_name_and_reported() {
        let b = parse_str("---\ntitle: x\ndate: 2024-01-28\nslug: Huawei_Tops China\n---\n").unwrap();
        assert_eq!(b.slug, "huawei-tops-china");
        let advice: Vec<String> = b.advice.iter().map(|d| d.to_string()).collect();
        assert_eq!(advice.len(), 1);
        assert!(advice[0].starts_with("warning: content/briefings/2024/huawei.md:4:7: the slug `Huawei_Tops China` is published as `huawei-tops-china`"), "{advice:?}");
        let e = parse_str("---\ntitle: x\ndate: 2024-01-28\nslug: \"../..\"\n---\n").unwrap_err();
        assert!(e.contains("`../..` has no letters or digits"), "{e}");
    }

    #[test]
    fn aliases_are_routes_with_the_position_of_each_item() {
        let b = parse_str(
            "---\ntitle: x\ndate: 2024-01-28\naliases:\n  - /posts/huawei\n  - /old/page.html\n  - /posts/huawei/\n---\n",
        )
        .unwrap();
        let found: Vec<(&str, usize, usize)> =
            b.aliases.iter().map(|a| (a.alias.route(), a.line, a.col)).collect();
        assert_eq!(found, [("posts/huawei/", 5, 5), ("old/page.html", 6, 5)]);
        let e = parse_str("---\ntitle: x\ndate: 2024-01-28\naliases: [/fine/, ../up/]\n---\n").unwrap_err();
        assert!(e.starts_with("error: content/briefings/2024/huawei.md:4:19: the alias `../up/`"), "{e}");
    }

    #[test]
    fn front_matter_shapes() {
        assert!(parse_str("").unwrap_err().contains(":1:1: the file is empty"));
        assert!(parse_str("---\n---\nbody").unwrap_err().contains("front matter is empty"));
        assert!(parse_str("---\ntitle: x\n").unwrap_err().contains("never closed"));
        assert!(
            parse_str("---\ndate: 2024-01-01\n---\n").unwrap_err().contains("missing required field `title`")
        );
    }

    #[test]
    fn template_syntax_stays_literal() {
        let b = parse_str(
            "---\ntitle: \"{{ get_env(name='HOME') }}\"\ndate: 2024-01-28\n---\n{% raw %} {{ x }}\n",
        )
        .unwrap();
        assert_eq!(b.title, "{{ get_env(name='HOME') }}");
        assert!(b.body().unwrap().contains("{{ x }}"));
    }
}
