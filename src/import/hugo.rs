//! Hugo: `hugo.*`/`config.*` (also under `config/_default/`) with `baseURL`,
//! `title`, `languageCode`, `permalinks`, `contentDir` and languages; posts
//! are the regular pages of the content folder, `_index.md` are list pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use super::source::{self, Generator, SourceSite, Urls, get, get_str};
use crate::error::Diagnostic;

const CONFIGS: [&str; 16] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config/_default/hugo.yml",
    "config/_default/hugo.json",
    "config/_default/config.toml",
    "config/_default/config.yaml",
    "config/_default/config.yml",
    "config/_default/config.json",
];

/// Reads the Hugo site at `src`, keeping the posts under `sections` (all when empty).
pub fn read(src: &Path, sections: &[String]) -> Result<SourceSite, Diagnostic> {
    let (config_file, config) = match source::read_config(src, &CONFIGS)? {
        Some((file, data)) => (Some(file), data),
        None => (None, Mapping::new()),
    };
    let (content_root, others) = content_root(src, &config);
    let mut site = SourceSite {
        generator: Generator::Hugo,
        config_file,
        title: get_str(&config, &["title"]),
        base_url: get_str(&config, &["baseURL"]),
        language: language(&config),
        raw_html: get(&config, &["markup", "goldmark", "renderer", "unsafe"]).and_then(|v| v.as_bool())
            == Some(true),
        posts: Vec::new(),
        listed: Vec::new(),
        static_dirs: vec![PathBuf::from("static")],
        asset_dirs: vec![PathBuf::from("assets")],
        urls: Urls::Hugo {
            permalinks: permalinks(&config),
            lower: get(&config, &["disablePathToLower"]).and_then(|v| v.as_bool()) != Some(true),
        },
    };
    for dir in others {
        let n = source::markdown_files(src, &dir).len();
        if n > 0 {
            site.listed
                .push((dir, format!("{n} pages in another language: import them into a site of their own")));
        }
    }
    for file in source::markdown_files(src, &content_root) {
        let post = source::post_at(&file, &content_root, &["index"]);
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if stem == "_index" {
            site.listed.push((file, "a section (list) page, not a post".into()));
        } else if !source::in_sections(&post.content_rel, sections) {
            site.listed.push((file, "not in a section the map file imports".into()));
        } else {
            site.posts.push(post);
        }
    }
    Ok(site)
}

/// The folder of the default language's content, and the other languages' folders.
fn content_root(src: &Path, config: &Mapping) -> (PathBuf, Vec<PathBuf>) {
    let base = PathBuf::from(get_str(config, &["contentDir"]).unwrap_or_else(|| "content".into()));
    let default = get_str(config, &["defaultContentLanguage"]).unwrap_or_else(|| "en".into());
    let Some(languages) = get(config, &["languages"]).and_then(|v| v.as_mapping()) else {
        return (base, Vec::new());
    };
    let dir_of = |lang: &str| {
        get_str(config, &["languages", lang, "contentDir"])
            .map(PathBuf::from)
            .unwrap_or_else(|| base.join(lang))
    };
    let own = dir_of(&default);
    if !src.join(&own).is_dir() {
        return (base, Vec::new());
    }
    let others = languages
        .keys()
        .filter_map(|k| k.as_str())
        .filter(|k| *k != default)
        .map(dir_of)
        .filter(|d| src.join(d).is_dir())
        .collect();
    (own, others)
}

fn language(config: &Mapping) -> Option<String> {
    if let Some(code) = get_str(config, &["languageCode"]) {
        return Some(code);
    }
    let default = get_str(config, &["defaultContentLanguage"])?;
    get_str(config, &["languages", &default, "locale"])
        .or_else(|| get_str(config, &["languages", &default, "languageCode"]))
        .or(Some(default))
}

/// `permalinks: {posts: /:year/:slug/}` or, since Hugo 0.115, `permalinks: {page: {posts: …}}`.
fn permalinks(config: &Mapping) -> BTreeMap<String, String> {
    let Some(map) = get(config, &["permalinks"]).and_then(|v| v.as_mapping()) else {
        return BTreeMap::new();
    };
    let pages = get(map, &["page"]).and_then(|v| v.as_mapping()).unwrap_or(map);
    pages.iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string()))).collect()
}
