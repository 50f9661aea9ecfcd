//! What can still be checked in a site that does not build: the links of
//! the briefings that loaded, while other files are broken or clash (two
//! briefings on one slug, one alias claimed twice), so that one run reports
//! both. Links to what a broken file may define are left alone: they may
//! be fine once it loads.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{Content, Selection};
use crate::error::Diagnostic;
use crate::output::Producer;
use crate::render::Theme;
use crate::routes::Routes;
use crate::site::pending::Pending;
use crate::site::{self, Site};

/// The link problems of the good files of `content`, which did not build
/// because of `problems`: every file those name is set aside as pending.
/// Empty when what is left cannot be modelled either.
pub fn links(
    root: &Path,
    config: &Config,
    mut content: Content,
    theme: Theme,
    selection: Selection,
    problems: &[Diagnostic],
) -> Vec<Diagnostic> {
    let named = problems.iter().flat_map(|d| d.path().into_iter().chain(d.other.as_deref()));
    let pending = Pending::new(root, named.filter(|p| p.starts_with("content")).map(Path::to_path_buf));
    let loaded = |path: &PathBuf| !pending.has_file(path);
    content.briefings.retain(|b| loaded(&b.path));
    content.companies.retain(|p| loaded(&p.path));
    content.topics.retain(|p| loaded(&p.path));
    let all = site::links::file_link_targets(&content.briefings);
    let Ok(mut site) = Site::assemble(content, selection, config.timezone) else {
        return Vec::new();
    };
    let routes = Routes::new(config, &site);
    let mut found = site::links::resolve_file_links(&mut site.briefings, &all, &routes, root, &pending);
    let producer = Producer::with_routes(root, site, config.clone(), routes, theme);
    match producer.catalogue() {
        Ok(catalogue) => {
            let exists = |path: &str| catalogue.get(path).is_some();
            found.extend(site::links::check(&producer.site, &producer.routes, root, exists, &pending));
        }
        Err(static_problems) => found.extend(static_problems),
    }
    found
}
