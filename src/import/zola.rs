//! Zola: `config.toml` with `base_url`, `title` and `default_language`;
//! posts are the pages of `content/`, sections (`_index.md`, `transparent`
//! or not) are listed, and a page's URL is its section path and slug, or its
//! own `path`.

use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use super::source::{self, Generator, SourceSite, Urls, get, get_str};
use crate::error::Diagnostic;

const CONFIGS: [&str; 2] = ["config.toml", "zola.toml"];

/// Reads the Zola site at `src`, keeping the posts under `sections` (all when empty).
pub fn read(src: &Path, sections: &[String]) -> Result<SourceSite, Diagnostic> {
    let (config_file, config) = match source::read_config(src, &CONFIGS)? {
        Some((file, data)) => (Some(file), data),
        None => (None, Mapping::new()),
    };
    let root = PathBuf::from("content");
    let mut site = SourceSite {
        generator: Generator::Zola,
        config_file,
        title: get_str(&config, &["title"]),
        base_url: get_str(&config, &["base_url"]),
        language: get_str(&config, &["default_language"]),
        raw_html: true,
        posts: Vec::new(),
        listed: Vec::new(),
        static_dirs: vec![PathBuf::from("static")],
        asset_dirs: Vec::new(),
        urls: Urls::Zola,
    };
    let languages: Vec<String> = get(&config, &["languages"])
        .and_then(|v| v.as_mapping())
        .map(|m| m.keys().filter_map(|k| k.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    for file in source::markdown_files(src, &root) {
        let post = source::post_at(&file, &root, &["index"]);
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if stem == "_index" {
            site.listed.push((file.clone(), section_note(src, &file)));
        } else if stem.rsplit_once('.').is_some_and(|(_, lang)| languages.iter().any(|l| l == lang)) {
            site.listed
                .push((file, "a translation (`name.LANG.md`): import it into a site of its own".into()));
        } else if !source::in_sections(&post.content_rel, sections) {
            site.listed.push((file, "not in a section the map file imports".into()));
        } else {
            site.posts.push(post);
        }
    }
    Ok(site)
}

fn section_note(src: &Path, file: &Path) -> String {
    let transparent = std::fs::read_to_string(src.join(file))
        .ok()
        .and_then(|text| super::frontmatter::parse(file, &crate::walk::normalize(&text), false).ok())
        .and_then(|p| get(&p.data, &["transparent"]).and_then(|v| v.as_bool()))
        .unwrap_or(false);
    match transparent {
        true => "a section page (transparent: its pages are listed with its parent's), not a post".into(),
        false => "a section (list) page, not a post".into(),
    }
}
