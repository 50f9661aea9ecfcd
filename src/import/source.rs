//! What the three readers find in a source site, in one shape: its settings,
//! its posts (by file), the pages listed but not converted, and the folders
//! of files that posts use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::frontmatter;
use crate::error::Diagnostic;

/// The generators `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Hugo,
    Jekyll,
    Zola,
}

impl Generator {
    pub fn parse(name: &str) -> Option<Generator> {
        match name.to_ascii_lowercase().as_str() {
            "hugo" => Some(Generator::Hugo),
            "jekyll" => Some(Generator::Jekyll),
            "zola" => Some(Generator::Zola),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::Zola => "Zola",
        }
    }
}

/// One post of the source site, by file.
#[derive(Debug, Clone)]
pub struct Post {
    /// Relative to the source site's folder.
    pub file: PathBuf,
    /// Relative to the content root, `/`-separated: what Zola's `@/` links name.
    pub content_rel: String,
    /// The folder of a page bundle (`x/index.md`), relative to the source folder.
    pub bundle: Option<PathBuf>,
    /// The slug the file name gives (a date prefix removed; a bundle's folder name).
    pub name_slug: String,
    /// A date the file name gives (`2024-01-28-x.md`).
    pub name_date: Option<String>,
    /// Jekyll's `_drafts/`.
    pub draft_folder: bool,
    /// The folders between the content root and the file (Jekyll: the
    /// categories its folders give; Hugo, Zola: the section path).
    pub dirs: Vec<String>,
}

/// How the source site made its URLs.
#[derive(Debug, Clone)]
pub enum Urls {
    /// Section -> pattern (`/:year/:month/:slug/`), and whether URLs are lowercased.
    Hugo {
        permalinks: BTreeMap<String, String>,
        lower: bool,
    },
    /// The site's `permalink` (a style name or a pattern).
    Jekyll {
        permalink: String,
    },
    Zola,
}

/// A source site, read.
#[derive(Debug, Clone)]
pub struct SourceSite {
    pub generator: Generator,
    pub config_file: Option<PathBuf>,
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    /// Whether the source published raw HTML in Markdown.
    pub raw_html: bool,
    pub posts: Vec<Post>,
    /// Pages that are not posts, each with why: listed in the report.
    pub listed: Vec<(PathBuf, String)>,
    /// Folders published as they are (`static/`), relative to the source folder.
    pub static_dirs: Vec<PathBuf>,
    /// Folders searched for a file a post names that is not published as is (`assets/`).
    pub asset_dirs: Vec<PathBuf>,
    pub urls: Urls,
}

/// The first of `names` that exists in `src`, read into the generic value.
pub fn read_config(src: &Path, names: &[&str]) -> Result<Option<(PathBuf, Mapping)>, Diagnostic> {
    for name in names {
        let path = src.join(name);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic::io(&path, &e))?;
        let text = crate::walk::normalize(&text);
        let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("");
        let data = match ext {
            "toml" => frontmatter::toml(&path, &text, 1),
            "json" => frontmatter::json(&path, &text),
            _ => frontmatter::yaml(&path, &text, 1),
        }
        .map_err(|d| {
            Diagnostic { message: d.message.replace("front matter", "configuration"), ..d }
                .help("fix the source site's configuration file and import again")
        })?;
        return Ok(Some((PathBuf::from(name), data)));
    }
    Ok(None)
}

/// A string value at `path` of keys (`["markup", "goldmark", "renderer", "unsafe"]`).
pub fn get<'a>(map: &'a Mapping, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let value = map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(first)))?.1;
    if rest.is_empty() {
        return Some(value);
    }
    get(value.as_mapping()?, rest)
}

pub fn get_str(map: &Mapping, path: &[&str]) -> Option<String> {
    get(map, path).and_then(Value::as_str).map(str::to_string)
}

/// Every Markdown file below `src/root` (hidden files and folders skipped), sorted.
pub fn markdown_files(src: &Path, root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(src.join(root))
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().and_then(|x| x.to_str()).is_some_and(crate::content::is_markdown))
        .filter_map(|e| e.path().strip_prefix(src).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// `/`-separated path of `file` below `root`.
pub fn rel_slash(file: &Path, root: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A file name's date prefix and the rest: `2024-01-28-huawei` -> (`2024-01-28`, `huawei`);
/// Zola also accepts `2024-01-28_huawei`.
pub fn date_prefix(stem: &str) -> (Option<String>, &str) {
    let bytes = stem.as_bytes();
    let shaped = bytes.len() > 11
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && (bytes[10] == b'-' || bytes[10] == b'_');
    if shaped { (Some(stem[..10].to_string()), &stem[11..]) } else { (None, stem) }
}

/// A post at `file` (relative to the source folder) below the content root.
pub fn post_at(file: &Path, root: &Path, bundle_names: &[&str]) -> Post {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = file.parent().unwrap_or(Path::new(""));
    let is_bundle = bundle_names.contains(&stem.as_str()) && parent != root;
    let named = if is_bundle {
        parent.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        stem
    };
    let (name_date, rest) = date_prefix(&named);
    let dir_of_post = if is_bundle { parent.parent().unwrap_or(Path::new("")) } else { parent };
    let dirs =
        rel_slash(dir_of_post, root).split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    Post {
        file: file.to_path_buf(),
        content_rel: rel_slash(file, root),
        bundle: is_bundle.then(|| parent.to_path_buf()),
        name_slug: rest.to_string(),
        name_date,
        draft_folder: false,
        dirs,
    }
}

/// Whether `content_rel` (a path below the content root) is in one of
/// `sections` (prefixes); every path is when there are none.
pub fn in_sections(content_rel: &str, sections: &[String]) -> bool {
    sections.is_empty()
        || sections.iter().any(|s| {
            let s = s.trim_matches('/');
            content_rel == s || content_rel.starts_with(&format!("{s}/"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes() {
        assert_eq!(date_prefix("2024-01-28-huawei"), (Some("2024-01-28".into()), "huawei"));
        assert_eq!(date_prefix("2024-01-28_huawei"), (Some("2024-01-28".into()), "huawei"));
        assert_eq!(date_prefix("huawei"), (None, "huawei"));
    }

    #[test]
    fn bundles_take_their_folder_name() {
        let p = post_at(Path::new("content/posts/2024/x/index.md"), Path::new("content"), &["index"]);
        assert_eq!(p.name_slug, "x");
        assert_eq!(p.dirs, vec!["posts", "2024"]);
        assert_eq!(p.content_rel, "posts/2024/x/index.md");
        assert!(in_sections(&p.content_rel, &["posts".into()]));
        assert!(!in_sections(&p.content_rel, &["post".into()]));
    }
}
