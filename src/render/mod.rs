//! Rendering: Tera setup with the built-in theme, view structs, and every page
//! rendered in parallel and handed to the output stage.

pub mod jsonld;
pub mod pages;
pub mod theme;
pub mod urls;
pub mod views;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Outcome};
use crate::site::Site;
pub use pages::Page;
pub use theme::Theme;
pub use urls::Prepared;
use views::{SiteView, Views};

/// Something that stores a generated file: a path inside the output folder
/// (`/`-separated, made by the generator) and its bytes.
pub trait Write: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

impl<F: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync> Write for F {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self(rel, bytes)
    }
}

/// Renders every page and the theme's assets (stylesheet, search script).
/// Returns the number of pages.
pub fn render_site(
    site: &Site,
    config: &Config,
    prepared: &Prepared,
    mut theme: Theme,
    out: &dyn Write,
) -> Outcome<usize> {
    theme.tera.global_context().insert("site", &SiteView::new(config, prepared));
    let views = Views { site, prepared };
    let jobs = pages::jobs(site, config);
    let problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&job| {
            let page = pages::render(job, &views, &theme, config);
            page.and_then(|page| out.write(&page.file, page.html.as_bytes())).err()
        })
        .collect();
    let mut problems = first_of_each(problems);
    for (name, text) in &theme.assets {
        if let Err(d) = out.write(name, text.as_bytes()) {
            problems.push(d);
        }
    }
    if problems.is_empty() { Ok(jobs.len()) } else { Err(problems) }
}

/// One diagnostic per distinct problem: a broken template fails every page
/// that uses it, and the writer needs to hear about it once.
fn first_of_each(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|d| seen.insert((d.path.clone(), d.position, d.message.clone())));
    problems
}
