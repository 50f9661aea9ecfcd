//! `site.yaml` -> [`Config`]: every key optional, unknown keys rejected.

use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::yaml::{self, Origin};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    author: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    paginate_by: Option<i64>,
    feed_limit: Option<i64>,
    default_author: Option<String>,
    social_cards: Option<bool>,
    timezone: Option<String>,
    #[serde(default)]
    markdown: RawMarkdown,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    raw_html: Option<bool>,
    smart_punctuation: Option<bool>,
    highlight_code: Option<bool>,
}

/// Validated site settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// The publication as an author: named at the top of every feed, and as
    /// the author of a briefing that has none; defaults to the title.
    pub author: String,
    /// The person filed as the author of every briefing without `authors:`,
    /// as if its front matter named them; `None` leaves such briefings to
    /// the publication (`author`).
    pub default_author: Option<String>,
    /// Absolute, ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`: `/` or `/briefs/`.
    pub base_path: String,
    pub language: String,
    pub paginate_by: usize,
    /// Entries per feed.
    pub feed_limit: usize,
    /// Whether every briefing gets a drawn social card (`social_cards:`, default true).
    pub social_cards: bool,
    /// The zone the weekly digest's weeks run in (`timezone:`, an IANA
    /// name; default UTC).
    pub timezone: chrono_tz::Tz,
    pub markdown: MarkdownOptions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Pass raw HTML in bodies through; when off it is shown as text.
    pub raw_html: bool,
    pub smart_punctuation: bool,
    /// Colour fenced code blocks at build time.
    pub highlight_code: bool,
    /// Prefix for root-relative links in Markdown (`/briefings/x/`): the
    /// site's base path, so they work when the site lives under a sub-path.
    pub base_path: String,
}

impl Default for Config {
    fn default() -> Self {
        let base_url = "http://127.0.0.1:1111/".to_string();
        Config {
            title: "Briefings".into(),
            description: "Short news and analysis about technology companies.".into(),
            author: "Briefings".into(),
            default_author: None,
            base_path: "/".into(),
            base_url,
            language: "en".into(),
            paginate_by: 10,
            feed_limit: 50,
            social_cards: true,
            timezone: chrono_tz::Tz::UTC,
            markdown: MarkdownOptions {
                raw_html: false,
                smart_punctuation: true,
                highlight_code: true,
                base_path: "/".into(),
            },
        }
    }
}

impl Config {
    /// Reads `site.yaml` under `root` (absent means all defaults), then
    /// applies a `--base-url` override.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostic> {
        let path = Path::new(CONFIG_FILE);
        let text = match crate::walk::read(root, path) {
            Ok(source) => source.text,
            Err(_) if !root.join(path).exists() => String::new(),
            Err(d) => return Err(d),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let origin = Origin { path, first_line: 1 };
        let raw: RawConfig =
            if text.trim().is_empty() { RawConfig::default() } else { yaml::parse(text, origin)? };
        let mut config = validate(raw, text, origin)?;
        if let Some(url) = base_url_override {
            let (base_url, base_path) = parse_base_url(url).map_err(|why| {
                Diagnostic::flag("--base-url", format!("`{url}` is not a usable base URL: {why}"))
                    .help("give an absolute URL such as https://example.org/ or https://example.org/briefs/")
            })?;
            config.base_url = base_url;
            config.base_path = base_path;
        }
        config.markdown.base_path = config.base_path.clone();
        Ok(config)
    }
}

fn validate(raw: RawConfig, text: &str, origin: Origin) -> Result<Config, Diagnostic> {
    let defaults = Config::default();
    let at = |key: &str, message: String| {
        let (line, col) = yaml::value_position(text, key).unwrap_or((1, 1));
        origin.diagnostic(line, col, message)
    };
    let (base_url, base_path) = match raw.base_url {
        Some(url) => parse_base_url(&url).map_err(|why| {
            at("base_url", format!("`{url}` is not a usable base URL: {why}"))
                .help("write an absolute URL such as https://example.org/ or https://example.org/briefs/")
        })?,
        None => (defaults.base_url, defaults.base_path),
    };
    let paginate_by = match raw.paginate_by {
        Some(n) if (1..=1000).contains(&n) => n as usize,
        Some(n) => {
            return Err(at("paginate_by", format!("`paginate_by` must be between 1 and 1000, not {n}")));
        }
        None => defaults.paginate_by,
    };
    let feed_limit = match raw.feed_limit {
        Some(n) if (1..=10_000).contains(&n) => n as usize,
        Some(n) => {
            return Err(at("feed_limit", format!("`feed_limit` must be between 1 and 10000, not {n}")));
        }
        None => defaults.feed_limit,
    };
    let language = raw.language.unwrap_or(defaults.language);
    if language.is_empty() || !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(at("language", format!("`{language}` is not a language tag"))
            .help("use a BCP 47 tag such as `en`, `en-GB` or `zh-Hans`"));
    }
    let default_author = match raw.default_author.map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        Some(a) if crate::slug::slugify(&a).is_none() => {
            return Err(at("default_author", format!("the author name `{a}` has no letters or digits"))
                .help("write the name of the person who writes briefings that name no `authors:`"));
        }
        other => other,
    };
    let timezone = match raw.timezone {
        Some(name) => parse_timezone(&name).map_err(|help| {
            at("timezone", format!("`{name}` is not a time zone this build knows")).help(help)
        })?,
        None => defaults.timezone,
    };
    let title = raw.title.unwrap_or(defaults.title);
    Ok(Config {
        timezone,
        default_author,
        author: raw.author.unwrap_or_else(|| title.clone()),
        title,
        description: raw.description.unwrap_or(defaults.description),
        base_url,
        base_path,
        language,
        paginate_by,
        feed_limit,
        social_cards: raw.social_cards.unwrap_or(defaults.social_cards),
        markdown: MarkdownOptions {
            raw_html: raw.markdown.raw_html.unwrap_or(defaults.markdown.raw_html),
            smart_punctuation: raw.markdown.smart_punctuation.unwrap_or(defaults.markdown.smart_punctuation),
            highlight_code: raw.markdown.highlight_code.unwrap_or(defaults.markdown.highlight_code),
            base_path: String::new(),
        },
    })
}

/// An IANA time zone name (`Europe/Paris`, `UTC`); the error is the help
/// line: the nearest name, or what to write.
fn parse_timezone(name: &str) -> Result<chrono_tz::Tz, String> {
    if let Ok(tz) = name.trim().parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    let lower = name.trim().to_ascii_lowercase().replace(' ', "_");
    // A name in the wrong case (`europe/paris`) is the name.
    let same = names.iter().find(|n| n.to_ascii_lowercase() == lower);
    match same.copied().or_else(|| crate::error::did_you_mean(name.trim(), &names)) {
        Some(near) => Err(format!("did you mean `{near}`?")),
        None => Err("write an IANA time zone name such as `UTC`, `Europe/Paris` or `Asia/Shanghai`".into()),
    }
}

/// Normalises a base URL to end with `/` and splits off its path.
fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    if rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err("it must not contain spaces, quotes, a query or a fragment");
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err("it has no host name");
    }
    let path = if path.ends_with('/') { path.to_string() } else { format!("{path}/") };
    if path.contains("//") || path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("its path must not contain empty, `.` or `..` segments");
    }
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, String> {
        let dir = tempdir(text);
        let loaded = Config::load(&dir, None).map_err(|d| d.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        loaded
    }

    fn tempdir(text: &str) -> std::path::PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "briefing-config-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(CONFIG_FILE), text).unwrap();
        dir
    }

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(load("").unwrap(), Config::default());
    }

    #[test]
    fn sub_path_base_url() {
        let c = load("base_url: https://example.org/briefs").unwrap();
        assert_eq!(c.base_url, "https://example.org/briefs/");
        assert_eq!(c.base_path, "/briefs/");
    }

    #[test]
    fn unknown_key_suggests() {
        assert_eq!(
            load("title: x\npaginate: 5\n").unwrap_err(),
            "error: site.yaml:2:1: unknown field `paginate`\n  did you mean `paginate_by`?"
        );
    }

    #[test]
    fn every_key_is_suggested() {
        for (typo, key) in [("autor", "author"), ("feed_limt", "feed_limit"), ("base_ur", "base_url")] {
            let e = load(&format!("{typo}: x\n")).unwrap_err();
            assert!(e.ends_with(&format!("did you mean `{key}`?")), "{e}");
        }
        let e = load("markdown:\n  highlight_cod: false\n").unwrap_err();
        assert!(e.ends_with("did you mean `highlight_code`?"), "{e}");
    }

    #[test]
    fn no_extra_in_site_yaml() {
        let e = load("zzz: 1\n").unwrap_err();
        assert!(e.contains("the fields are: title, description, author, base_url"), "{e}");
        assert!(!e.contains("extra"), "{e}");
    }

    #[test]
    fn bad_values_point_at_the_value() {
        assert!(load("paginate_by: 0\n").unwrap_err().starts_with("error: site.yaml:1:14:"));
        assert!(load("base_url: example.org\n").unwrap_err().contains("http://"));
    }

    #[test]
    fn default_author() {
        assert_eq!(load("").unwrap().default_author, None);
        let c = load("author: The Desk\ndefault_author: \"  Li   Wei \"\n").unwrap();
        assert_eq!((c.author.as_str(), c.default_author.as_deref()), ("The Desk", Some("Li Wei")));
        assert!(load("default_author: \"--\"\n").unwrap_err().starts_with("error: site.yaml:1:17:"));
    }

    #[test]
    fn timezone() {
        assert_eq!(load("").unwrap().timezone, chrono_tz::Tz::UTC);
        assert_eq!(load("timezone: Asia/Shanghai\n").unwrap().timezone, chrono_tz::Tz::Asia__Shanghai);
        let e = load("title: x\ntimezone: Europe/Pariss\n").unwrap_err();
        assert!(e.starts_with("error: site.yaml:2:11: `Europe/Pariss`"), "{e}");
        assert!(e.ends_with("did you mean `Europe/Paris`?"), "{e}");
        assert!(load("timezone: america/new_york\n").unwrap_err().ends_with("`America/New_York`?"));
        assert!(load("timezone: 12\n").unwrap_err().contains("IANA"));
        assert!(load("timezne: UTC\n").unwrap_err().ends_with("did you mean `timezone`?"));
    }

    #[test]
    fn markdown_options() {
        let c = load("markdown:\n  raw_html: true\n  smart_punctuation: false\n").unwrap();
        assert!(c.markdown.raw_html && !c.markdown.smart_punctuation);
    }
}
