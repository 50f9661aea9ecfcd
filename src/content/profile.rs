//! Company and topic profiles: `content/companies/*.yaml`, `content/topics/*.yaml`;
//! the [`Profile`] that author profiles (`author.rs`) fill too.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::routes::{File, Routes};
use crate::slug::{is_slug, slugify};
use crate::yaml::{self, Origin};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    description: Option<String>,
    website: Option<String>,
}

/// A validated profile; its slug is its file stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub path: PathBuf,
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub website: Option<String>,
    /// Where `name:` and `aliases:` are written in the file (line, column).
    pub name_at: (usize, usize),
    pub aliases_at: (usize, usize),
    /// What only an author's profile has; `None` for companies and topics.
    /// An author's `bio` (as plain text) is its `description`, its `url` its `website`.
    pub person: Option<Person>,
}

/// The parts of an author's profile that companies and topics lack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The bio, inline Markdown rendered.
    pub bio_html: String,
    pub avatar: Option<Avatar>,
    pub links: Vec<ProfileLink>,
}

/// An author's picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Avatar {
    /// A file of the site's `static/` folder, by its path inside it (`authors/li-wei.png`).
    Static(String),
    /// An absolute `https://` or `http://` URL.
    Url(String),
}

impl Avatar {
    /// Its URL on a page: root-relative for a file under `static/`.
    pub fn url(&self, routes: &Routes) -> String {
        match self {
            Avatar::Static(inside) => routes.url(File::Static(inside)),
            Avatar::Url(url) => url.clone(),
        }
    }

    /// Its absolute URL, for feeds and JSON-LD.
    pub fn permalink(&self, routes: &Routes) -> String {
        match self {
            Avatar::Static(inside) => routes.permalink(File::Static(inside)),
            Avatar::Url(url) => url.clone(),
        }
    }
}

/// One of an author's links elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLink {
    pub title: String,
    pub url: String,
}

/// Parses one profile file's text.
pub fn parse(path: &Path, text: &str) -> Result<Profile, Diagnostic> {
    let origin = Origin { path, first_line: 1 };
    let (text, stem, raw) = open::<RawProfile>(path, text)?;
    let at = |key: &str, message: String| {
        let (line, col) = yaml::value_position(&text, key).unwrap_or((1, 1));
        origin.diagnostic(line, col, message)
    };
    let name = raw.name.trim().to_string();
    if slugify(&name).is_none() {
        return Err(at("name", format!("the name `{name}` has no letters or digits")));
    }
    if let Some(alias) = raw.aliases.iter().find(|a| slugify(a).is_none()) {
        return Err(at("aliases", format!("the alias `{alias}` has no letters or digits")));
    }
    let website = match raw.website.map(|w| w.trim().to_string()) {
        Some(w) if !(w.starts_with("https://") || w.starts_with("http://")) => {
            return Err(at("website", format!("`{w}` is not a web address"))
                .help("write it with https:// or http://"));
        }
        other => other.filter(|w| !w.is_empty()),
    };
    Ok(Profile {
        path: path.to_path_buf(),
        slug: stem.to_string(),
        name,
        aliases: raw.aliases.iter().map(|a| a.trim().to_string()).collect(),
        description: raw.description.unwrap_or_default().trim().to_string(),
        website,
        name_at: yaml::value_position(&text, "name").unwrap_or((1, 1)),
        aliases_at: yaml::value_position(&text, "aliases").unwrap_or((1, 1)),
        person: None,
    })
}

/// A profile's slug: its file stem, which must be one.
/// The first steps of reading any profile file (company, topic, author):
/// line endings normalised, the slug from the file name, refused when
/// empty, parsed into `T`. Returns the normalised text, for positions.
pub(super) fn open<'p, T: serde::de::DeserializeOwned>(
    path: &'p Path,
    text: &str,
) -> Result<(String, &'p str, T), Diagnostic> {
    let text = crate::walk::normalize(text).into_owned();
    let origin = Origin { path, first_line: 1 };
    let slug = slug_of(path)?;
    if text.trim().is_empty() {
        return Err(origin.diagnostic(1, 1, "the profile is empty").help("add at least `name:`"));
    }
    let raw = yaml::parse(&text, origin)?;
    Ok((text, slug, raw))
}

pub(super) fn slug_of(path: &Path) -> Result<&str, Diagnostic> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if is_slug(stem) {
        return Ok(stem);
    }
    let d = Diagnostic::new(path, format!("the profile file name `{stem}` is not a slug"));
    Err(match slugify(stem) {
        Some(s) => d.help(format!("the file name is the URL: rename it to `{s}.yaml`")),
        None => d.help("rename it to lowercase letters, digits and dashes, like `huawei.yaml`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_profile() {
        let p = parse(
            Path::new("content/companies/huawei.yaml"),
            "name: Huawei\naliases: [Huawei Technologies, 华为]\nwebsite: https://www.huawei.com\n",
        )
        .unwrap();
        assert_eq!(p.slug, "huawei");
        assert_eq!(p.aliases, ["Huawei Technologies", "华为"]);
    }

    #[test]
    fn file_name_must_be_a_slug() {
        let e = parse(Path::new("content/companies/Huawei Inc.yaml"), "name: Huawei\n").unwrap_err();
        assert!(e.to_string().contains("rename it to `huawei-inc.yaml`"), "{e}");
    }

    #[test]
    fn unknown_key_without_a_close_field_lists_the_fields_and_no_extra() {
        let e = parse(Path::new("content/companies/x.yaml"), "name: X\nzzz: 1\n").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("the fields are: name, aliases, description, website"));
    }

    #[test]
    fn unknown_key() {
        let e = parse(Path::new("content/companies/x.yaml"), "name: X\nwebiste: https://x\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: content/companies/x.yaml:2:1: unknown field `webiste`\n  did you mean `website`?"
        );
    }
}
