//! Aliases in the output: where the redirect page of each old URL of a
//! published briefing goes, checked against every other file of the build,
//! and `_redirects`, the same redirects as rules for hosts that read them
//! (Netlify, Cloudflare Pages). Aliases appear nowhere else: not in the
//! sitemap, the search index or the feeds.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::content::briefing::AliasAt;
use crate::error::Diagnostic;
use crate::ids::BriefingId;
use crate::routes::{File, Routes};
use crate::site::Site;

/// Whether any published briefing has an alias.
pub fn any(site: &Site) -> bool {
    site.briefings.iter().any(|b| !b.aliases.is_empty())
}

/// The redirect pages of `site`: the file of each alias and the briefing it
/// leads to, in a stable order. `existing` are the other files of the build;
/// `describe(path)` says what one of them is, for messages. An alias at the
/// path of one of them, or inside one of them (`/atom.xml/`), or around one
/// (`/search.html` when `search.html/x` exists) is an error at its item. An
/// alias claimed by two briefings is left to the site model, which reports it.
pub fn place(
    site: &Site,
    routes: &Routes,
    existing: &BTreeSet<&str>,
    describe: impl Fn(&str) -> String,
) -> (Vec<(String, BriefingId)>, Vec<Diagnostic>) {
    let mut placed: BTreeMap<String, BriefingId> = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, b) in site.briefings.enumerate() {
        for alias in &b.aliases {
            let file = routes.file(File::Alias(&alias.alias));
            if placed.contains_key(&file) {
                continue;
            }
            let clash = if existing.contains(file.as_str()) {
                Some(format!("is the address of {}", describe(&file)))
            } else if let Some(folder) = ancestors(&file).find(|a| existing.contains(a)) {
                Some(format!("would be written at `{file}`, but `{folder}` is {}", describe(folder)))
            } else {
                within(existing, &file)
                    .map(|inside| format!("would be written at `{file}`, the folder of {}", describe(inside)))
            };
            match clash {
                Some(why) => problems.push(
                    Diagnostic::new(&b.path, format!("the alias `{}` {why}", alias.written))
                        .at(alias.line, alias.col)
                        .help("an alias is an old URL that no longer has a page of its own: remove it from `aliases`"),
                ),
                None => {
                    placed.insert(file, id);
                }
            }
        }
    }
    let mut problems_between = clashes_between_aliases(site, routes, &placed);
    problems.append(&mut problems_between);
    (placed.into_iter().collect(), problems)
}

/// Aliases of which one needs the other's file to be a folder (`/a.html`
/// and `/a.html/b/`).
fn clashes_between_aliases(
    site: &Site,
    routes: &Routes,
    placed: &BTreeMap<String, BriefingId>,
) -> Vec<Diagnostic> {
    let files: BTreeSet<&str> = placed.keys().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (file, &id) in placed {
        if let Some(folder) = ancestors(file).find(|a| files.contains(a)) {
            let b = &site.briefings[id];
            let mine = b.aliases.iter().find(|a| &routes.file(File::Alias(&a.alias)) == file);
            if let Some(AliasAt { written, line, col, .. }) = mine {
                let message = format!(
                    "the alias `{written}` would be written at `{file}`, but `{folder}` is another alias"
                );
                problems.push(
                    Diagnostic::new(&b.path, message)
                        .at(*line, *col)
                        .help("a path cannot be a page and a folder at once: keep one of the two aliases"),
                );
            }
        }
    }
    problems
}

/// `a`, `a/b` for `a/b/index.html`: the folders a file is in.
fn ancestors(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(move |(i, _)| &file[..i])
}

/// A file of `existing` inside the folder `file` (which would replace it).
fn within<'a>(existing: &BTreeSet<&'a str>, file: &str) -> Option<&'a str> {
    let folder = format!("{file}/");
    let from = (Bound::Included(folder.as_str()), Bound::Unbounded);
    existing.range::<str, _>(from).next().copied().filter(|inside| inside.starts_with(&folder))
}

/// `_redirects`: one `FROM TO 301` line per alias, both paths with the base
/// path, sorted by FROM, after `before` (the site's own `static/_redirects`,
/// whose rules come first, as hosts apply the first rule that matches).
pub fn redirects(site: &Site, routes: &Routes, before: &str) -> String {
    let mut rules: Vec<(String, &str)> = site
        .briefings
        .enumerate()
        .flat_map(|(id, b)| {
            b.aliases.iter().map(move |a| (routes.url(File::Alias(&a.alias)), routes.briefing_url(id)))
        })
        .collect();
    rules.sort();
    rules.dedup();
    let mut text = before.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for (from, to) in rules {
        text.push_str(&format!("{from} {to} 301\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_a_file() {
        assert_eq!(ancestors("a/b/index.html").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(ancestors("page.html").count(), 0);
        let existing: BTreeSet<&str> = ["a.html/x.png", "a.htmlx", "b.html"].into_iter().collect();
        assert_eq!(within(&existing, "a.html"), Some("a.html/x.png"));
        assert_eq!(within(&existing, "b.html"), None);
    }
}
