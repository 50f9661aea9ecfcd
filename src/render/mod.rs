//! Rendering: Tera setup with the built-in theme, view structs, and every page
//! rendered in parallel and handed to the output stage.

pub mod pages;
pub mod theme;
pub mod views;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Outcome};
use crate::site::Site;
pub use pages::Page;
pub use theme::Theme;
use views::{Prepared, SiteView, Views};

/// Renders every page and the stylesheet, handing each file to `write`
/// (a path inside the output folder and its bytes). Returns the page count.
pub fn render_site<W>(site: &Site, config: &Config, mut theme: Theme, write: W) -> Outcome<usize>
where
    W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
{
    let prepared = Prepared::new(site, config);
    theme
        .tera
        .global_context()
        .insert("site", &SiteView::new(config, &prepared));
    let views = Views {
        site,
        prepared: &prepared,
    };
    let jobs = pages::jobs(&views, config);
    let problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&job| {
            let page = pages::render(job, &views, &theme, config);
            page.and_then(|page| write(&page.file, page.html.as_bytes()))
                .err()
        })
        .collect();
    let mut problems = first_of_each(problems);
    if let Err(d) = write(theme::STYLESHEET, theme.stylesheet.as_bytes()) {
        problems.push(d);
    }
    if problems.is_empty() {
        Ok(jobs.len())
    } else {
        Err(problems)
    }
}

/// One diagnostic per distinct problem: a broken template fails every page
/// that uses it, and the writer needs to hear about it once.
fn first_of_each(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|d| seen.insert((d.path.clone(), d.position, d.message.clone())));
    problems
}
