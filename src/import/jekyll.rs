//! Jekyll: `_config.yml` with `permalink`, `title`, `url`, `baseurl` and
//! `lang`; posts are the `YYYY-MM-DD-slug.md` files of every `_posts/`
//! folder (the folders above it are categories) and of `_drafts/`.

use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use super::source::{self, Generator, SourceSite, Urls, get_str};
use crate::error::Diagnostic;

const CONFIGS: [&str; 3] = ["_config.yml", "_config.yaml", "_config.toml"];
/// Folders Jekyll never publishes.
const SKIPPED: [&str; 3] = ["vendor", "node_modules", "_site"];

/// Reads the Jekyll site at `src`, keeping the posts below `sections`
/// (folder prefixes, all when empty).
pub fn read(src: &Path, sections: &[String]) -> Result<SourceSite, Diagnostic> {
    let (config_file, config) = match source::read_config(src, &CONFIGS)? {
        Some((file, data)) => (Some(file), data),
        None => (None, Mapping::new()),
    };
    let base_url = get_str(&config, &["url"]).map(|url| {
        let path = get_str(&config, &["baseurl"]).unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), path.trim_matches('/'))
    });
    let mut site = SourceSite {
        generator: Generator::Jekyll,
        config_file,
        title: get_str(&config, &["title"]),
        base_url,
        language: get_str(&config, &["lang"]).or_else(|| get_str(&config, &["locale"])),
        raw_html: true,
        posts: Vec::new(),
        listed: Vec::new(),
        static_dirs: asset_folders(src),
        asset_dirs: Vec::new(),
        urls: Urls::Jekyll { permalink: get_str(&config, &["permalink"]).unwrap_or_else(|| "date".into()) },
    };
    for file in source::markdown_files(src, Path::new("")) {
        let rel = source::rel_slash(&file, Path::new(""));
        let parts: Vec<&str> = rel.split('/').collect();
        if parts.iter().any(|p| SKIPPED.contains(p)) {
            continue;
        }
        let at = parts.iter().position(|p| *p == "_posts" || *p == "_drafts");
        let Some(at) = at else {
            if !parts[0].starts_with('_') {
                site.listed.push((file, "a page, not a post".into()));
            }
            continue;
        };
        let mut post = source::post_at(&file, Path::new(""), &[]);
        post.draft_folder = parts[at] == "_drafts";
        post.dirs = parts[..at].iter().map(|s| s.to_string()).collect();
        if !source::in_sections(&rel, sections) {
            site.listed.push((file, "not in a folder the map file imports".into()));
        } else if post.name_date.is_none() && !post.draft_folder {
            site.listed.push((
                file,
                "not published by Jekyll: a post's file name starts with its date (YYYY-MM-DD-title.md)"
                    .into(),
            ));
        } else {
            site.posts.push(post);
        }
    }
    Ok(site)
}

/// Top-level folders Jekyll publishes as they are (`assets/`, `images/`).
fn asset_folders(src: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(src) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(['_', '.']) && !SKIPPED.contains(&n.as_str()))
        .map(PathBuf::from)
        .collect();
    dirs.sort();
    dirs
}
