//! Output: the guard on the output folder, the staging folder, feeds, the
//! sitemap, the search index, static files.

pub mod feeds;
pub mod guard;
pub mod search;
pub mod sitemap;
pub mod staging;
pub mod xml;

use std::path::Path;

use crate::content::walk;
use crate::error::{Diagnostic, Outcome};
pub use staging::Staging;

pub const STATIC_DIR: &str = "static";

/// Copies `root/static/**` into the build; a file that would replace a
/// generated page is an error.
pub fn copy_static(root: &Path, staging: &Staging) -> Outcome<usize> {
    let (files, mut problems) = walk::find(root, STATIC_DIR, &[], usize::MAX);
    let mut copied = 0;
    for rel in files {
        let inside = rel.strip_prefix(STATIC_DIR).unwrap_or(&rel);
        if staging.contains(inside) {
            problems.push(
                Diagnostic::new(
                    &rel,
                    format!("this file would replace the generated `{}`", inside.display()),
                )
                .help("rename it; to restyle the site, put your stylesheet in templates/style.css"),
            );
            continue;
        }
        match staging.copy_in(&root.join(&rel), inside) {
            Ok(()) => copied += 1,
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() { Ok(copied) } else { Err(problems) }
}
