//! `briefing check`: everything a build checks, without writing anything,
//! plus advice: names that look like misspellings of each other, names that
//! look like an undeclared alias of a profile, briefings without highlights,
//! raw HTML and template tags shown as text, files under content/briefings/
//! that are not briefings.
//! A consumer of the pipeline in lib.rs (`site_folder`, `prepare`, then every
//! page rendered in memory); nothing in the pipeline refers back to it.

use std::path::Path;

use crate::error::{Diagnostic, Failure};
use crate::output::Item;
use crate::pipeline::{
    BuildOptions, LinkPolicy, Ready, Stopwatch, first_of_each, prepare, shown_from, site_folder,
};
use crate::site::{Kind, Site, Term};

/// What a check found in a site that builds.
#[derive(Debug)]
pub struct CheckReport {
    pub briefings: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Checks the site at `root`, drafts and future briefings included; every
/// page is rendered in memory so template errors show too.
pub fn check(root: &Path) -> Result<CheckReport, Failure> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        out: None,
        base_url: None,
        drafts: true,
        future: true,
        links: LinkPolicy::Refuse,
        incremental: false,
        shard: None,
        writes_cache: false,
        ends_process: false,
    };
    let absolute = site_folder(root)?;
    let shown = |problems| Failure::new(shown_from(root, problems));
    let cache = crate::media::Cache::read_only(&absolute);
    let ready = prepare(&absolute, &opts, &cache, &mut Stopwatch::new()).map_err(shown)?;
    render_everything(&ready).map_err(shown)?;
    let mut warnings = shown_from(root, advice(&ready.producer.site));
    warnings.sort_by(|a, b| a.location.cmp(&b.location));
    Ok(CheckReport {
        briefings: ready.producer.site.briefings.len(),
        pages: ready.catalogue.pages(),
        warnings,
    })
}

fn render_everything(ready: &Ready) -> Result<(), Vec<Diagnostic>> {
    use rayon::prelude::*;
    let problems: Vec<Diagnostic> = ready
        .catalogue
        .files
        .par_iter()
        .filter(|(_, item)| matches!(item, Item::Page(_) | Item::Alias(_)))
        .filter_map(|(_, item)| ready.producer.produce(item).err())
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(first_of_each(problems)) }
}

/// Warnings about a site that builds.
pub fn advice(site: &Site) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> =
        site.briefings.iter().flat_map(|b| b.advice.iter().cloned()).collect();
    for b in site.briefings.iter().filter(|b| b.highlights_html.is_empty()) {
        warnings.push(
            Diagnostic::warning(&b.path, "this briefing has no key highlights")
                .at(1, 1)
                .help("add `key_highlights:` with the two to five points a reader should skim first"),
        );
    }
    warnings.extend(shown_as_text(site));
    for path in &site.unread {
        warnings.push(Diagnostic::warning(path, "this file is not a briefing, so it is not read").help(
            "briefings are Markdown files (.md, .markdown, …); put images and other files to publish in static/ (static/x.png is published as /x.png), or delete this one",
        ));
    }
    for kind in Kind::ALL {
        warnings.extend(look_alikes(site, kind));
        warnings.extend(undeclared_aliases(site, kind));
    }
    warnings
}

const RAW_HTML: &str = "raw HTML is shown as text, because `markdown.raw_html` is off";
const TEMPLATE_TAGS: &str = "template tags (`{{ … }}`, `{% … %}`) are shown as text";
/// Warnings about the whole site: printed once, with a count, for any
/// number of files.
const ONCE_PER_SITE: [&str; 2] = [RAW_HTML, TEMPLATE_TAGS];

/// Bodies with raw HTML (while `raw_html` is off) or another generator's
/// template tags, which the reader sees as text.
fn shown_as_text(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for b in site.briefings.iter() {
        if let Some((line, col)) = b.raw_html_at {
            warnings.push(Diagnostic::warning(&b.path, RAW_HTML).at(line, col).help(
                "if you trust the HTML in these files, set `raw_html: true` under `markdown:` in site.yaml; otherwise rewrite it in Markdown",
            ));
        }
        if let Some((line, col)) = b.template_tag_at {
            warnings.push(Diagnostic::warning(&b.path, TEMPLATE_TAGS).at(line, col).help(
                "they are shortcodes or includes of the generator these files come from (Hugo, Zola, Jekyll), which briefing does not run: rewrite them in Markdown or remove them",
            ));
        }
    }
    warnings
}

/// A warning repeated in more files than this is printed once, with a count.
const GROUP_OVER: usize = 3;
/// How many of a group's files are named.
const GROUP_SHOWN: usize = 3;

/// The warnings as printed: a message that repeats in more than
/// [`GROUP_OVER`] files (a warning about the whole site: in more than one)
/// becomes one line with a count and the first few files (all of them, one
/// per line, when `verbose`).
pub fn grouped(warnings: &[Diagnostic], verbose: bool) -> Vec<String> {
    let mut by_message: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
    for w in warnings {
        match by_message.iter_mut().find(|(m, _)| *m == w.message) {
            Some((_, group)) => group.push(w),
            None => by_message.push((&w.message, vec![w])),
        }
    }
    let mut lines = Vec::new();
    for (message, group) in by_message {
        let once = ONCE_PER_SITE.contains(&message) && group.len() > 1;
        if verbose || (group.len() <= GROUP_OVER && !once) {
            lines.extend(group.iter().map(|w| w.to_string()));
            continue;
        }
        let shown: Vec<String> = group.iter().take(GROUP_SHOWN).map(|w| w.location.to_string()).collect();
        let mut line = format!(
            "warning: {message}: {} files, first {} (check --verbose lists every one)",
            group.len(),
            shown.join(", ")
        );
        if let Some(help) = &group[0].help {
            line.push_str(&format!("\n  {help}"));
        }
        lines.push(line);
    }
    lines
}

/// Where a term is first named: the newest briefing naming it, at its list.
fn first_mention<'a>(site: &'a Site, kind: Kind, term: &Term) -> Option<(&'a Path, (usize, usize))> {
    let b = &site.briefings[*term.briefings.first()?];
    let at = match kind {
        Kind::Company => b.companies_at,
        Kind::Topic => b.topics_at,
        Kind::Author => b.authors_at,
    };
    Some((&b.path, at))
}

/// Pairs of names that differ by a letter or two ("Huawai" next to "Huawei").
fn look_alikes(site: &Site, kind: Kind) -> Vec<Diagnostic> {
    let terms = &site.taxonomy(kind).terms;
    let keys: Vec<String> = terms.iter().map(|t| t.slug.replace('-', "")).collect();
    let mut warnings = Vec::new();
    for (i, a) in terms.iter().enumerate() {
        for (j, b) in terms.iter().enumerate().skip(i + 1) {
            if (a.profile.is_some() && b.profile.is_some()) || keys[i].len() < 5 || keys[j].len() < 5 {
                continue;
            }
            if strsim::damerau_levenshtein(&keys[i], &keys[j]) > 1 + keys[i].len().min(keys[j].len()) / 10
                || differ_only_in_numbers(&keys[i], &keys[j])
            {
                continue;
            }
            // Point at the rarer spelling: it is the likelier typo.
            let (rare, common) = if a.briefings.len() <= b.briefings.len() { (a, b) } else { (b, a) };
            if let Some((path, (line, col))) = first_mention(site, kind, rare) {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        format!("the {} `{}` looks like a misspelling of `{}`", kind.singular(), rare.name, common.name),
                    )
                    .at(line, col)
                    .help(format!(
                        "`{}` is named in {} briefing(s), `{}` in {}; fix the spelling, or if both are right, ignore this",
                        rare.name,
                        rare.briefings.len(),
                        common.name,
                        common.briefings.len()
                    )),
                );
            }
        }
    }
    warnings
}

/// "Edition 2021 Project Group" and "Edition 2024 Project Group", "Mate 60"
/// and "Mate 70": names that differ only in their numbers are two things.
fn differ_only_in_numbers(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    a.chars().any(|c| c.is_ascii_digit()) && letters(a) == letters(b)
}

/// Names that extend a profile's name ("Huawei Technologies Co" beside the
/// profile "Huawei") without being one of its aliases.
fn undeclared_aliases(site: &Site, kind: Kind) -> Vec<Diagnostic> {
    let terms = &site.taxonomy(kind).terms;
    let mut warnings = Vec::new();
    for term in terms.iter().filter(|t| t.profile.is_none()) {
        let owner = terms.iter().filter_map(|t| t.profile.as_ref().map(|p| (t, p))).find(|(t, _)| {
            term.slug.starts_with(&format!("{}-", t.slug)) || t.slug.starts_with(&format!("{}-", term.slug))
        });
        if let (Some((canonical, profile)), Some((path, (line, col)))) =
            (owner, first_mention(site, kind, term))
        {
            warnings.push(
                Diagnostic::warning(
                    path,
                    format!("`{}` looks like `{}` but is not one of its aliases", term.name, canonical.name),
                )
                .at(line, col)
                .other(&profile.path)
                .help(format!(
                    "if they are the same {}, add `{}` to `aliases` in {}",
                    kind.singular(),
                    term.name,
                    profile.path.display()
                )),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_that_differ_only_in_numbers_are_not_look_alikes() {
        assert!(super::differ_only_in_numbers("edition2021projectgroup", "edition2024projectgroup"));
        assert!(!super::differ_only_in_numbers("huawei", "huawai"));
        assert!(!super::differ_only_in_numbers("mate60", "mute60"));
    }
}
