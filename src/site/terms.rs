//! Companies and topics as terms: names merged by slug, aliases filed under
//! their profile, each term's briefings and the terms it appears with.

use std::collections::{BTreeMap, HashMap};

use crate::content::{Briefing, Profile};
use crate::error::Diagnostic;
use crate::slug::slugify;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Company,
    Topic,
}

impl Kind {
    /// `company` / `topic`.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Topic => "topic",
        }
    }

    /// The URL folder: `companies` / `topics`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Company => "companies",
            Kind::Topic => "topics",
        }
    }

    /// `Companies` / `Topics`.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Company => "Companies",
            Kind::Topic => "Topics",
        }
    }
}

/// One company or topic.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub profile: Option<Profile>,
    /// Indexes into the site's briefings, newest first.
    pub briefings: Vec<usize>,
    /// Terms of the other kind this one appears with: (index, shared briefings),
    /// most shared first.
    pub related: Vec<(usize, usize)>,
}

/// All terms of one kind, sorted by name.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: Kind,
    pub terms: Vec<Term>,
}

/// Files the names in `names_of(briefing)` under terms. `briefings` must be
/// sorted newest first. Returns the taxonomy and, per briefing, its term indexes.
pub fn build(
    kind: Kind,
    profiles: &[Profile],
    briefings: &[Briefing],
    names_of: impl Fn(&Briefing) -> &[String],
) -> Result<(Taxonomy, Vec<Vec<usize>>), Vec<Diagnostic>> {
    let aliases = alias_map(profiles)?;
    let mut builders: BTreeMap<String, Builder> = BTreeMap::new();
    for p in profiles {
        builders.entry(p.slug.clone()).or_default().profile = Some(p);
    }
    let mut per_briefing_slugs: Vec<Vec<String>> = Vec::with_capacity(briefings.len());
    for (i, b) in briefings.iter().enumerate() {
        let mut slugs: Vec<String> = Vec::new();
        for name in names_of(b) {
            let key = slugify(name).unwrap_or_default();
            let slug = aliases.get(&key).map(|p| p.slug.clone()).unwrap_or(key);
            if slugs.contains(&slug) {
                continue;
            }
            let t = builders.entry(slug.clone()).or_default();
            *t.spellings.entry(name.as_str()).or_insert(0) += 1;
            t.briefings.push(i);
            slugs.push(slug);
        }
        per_briefing_slugs.push(slugs);
    }

    let mut terms: Vec<Term> = builders.into_iter().map(|(slug, b)| b.finish(slug)).collect();
    terms.sort_by(|a, b| sort_key(&a.name).cmp(&sort_key(&b.name)).then_with(|| a.slug.cmp(&b.slug)));
    let index: HashMap<&str, usize> = terms.iter().enumerate().map(|(i, t)| (t.slug.as_str(), i)).collect();
    let per_briefing = per_briefing_slugs
        .iter()
        .map(|slugs| slugs.iter().filter_map(|s| index.get(s.as_str()).copied()).collect())
        .collect();
    Ok((Taxonomy { kind, terms }, per_briefing))
}

/// Name and alias keys -> the profile that owns them; a key claimed twice is an error.
fn alias_map(profiles: &[Profile]) -> Result<HashMap<String, &Profile>, Vec<Diagnostic>> {
    let mut map: HashMap<String, &Profile> = HashMap::new();
    let mut problems = Vec::new();
    for p in profiles {
        let keys = std::iter::once(p.slug.clone())
            .chain(std::iter::once(&p.name).chain(&p.aliases).filter_map(|n| slugify(n)));
        for key in keys {
            match map.get(&key) {
                Some(owner) if owner.slug != p.slug => problems.push(
                    Diagnostic::new(
                        &p.path,
                        format!("the name `{key}` is also claimed by {}", owner.path.display()),
                    )
                    .help("a name or alias may belong to one profile only; remove it from one of them"),
                ),
                _ => {
                    map.insert(key, p);
                }
            }
        }
    }
    if problems.is_empty() { Ok(map) } else { Err(problems) }
}

#[derive(Default)]
struct Builder<'a> {
    profile: Option<&'a Profile>,
    spellings: BTreeMap<&'a str, usize>,
    briefings: Vec<usize>,
}

impl Builder<'_> {
    fn finish(self, slug: String) -> Term {
        let name = match self.profile {
            Some(p) => p.name.clone(),
            None => most_common(&self.spellings).unwrap_or(&slug).to_string(),
        };
        Term { slug, name, profile: self.profile.cloned(), briefings: self.briefings, related: Vec::new() }
    }
}

/// The spelling written most often; ties go to the first in sort order.
fn most_common<'a>(spellings: &BTreeMap<&'a str, usize>) -> Option<&'a str> {
    let best = spellings.values().copied().max()?;
    spellings.iter().find(|(_, n)| **n == best).map(|(s, _)| *s)
}

fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// Fills `related` on both taxonomies from the per-briefing term lists.
pub fn link(
    companies: &mut Taxonomy,
    topics: &mut Taxonomy,
    per_company: &[Vec<usize>],
    per_topic: &[Vec<usize>],
) {
    let mut c_rel: Vec<HashMap<usize, usize>> = vec![HashMap::new(); companies.terms.len()];
    let mut t_rel: Vec<HashMap<usize, usize>> = vec![HashMap::new(); topics.terms.len()];
    for (cs, ts) in per_company.iter().zip(per_topic) {
        for &c in cs {
            for &t in ts {
                *c_rel[c].entry(t).or_insert(0) += 1;
                *t_rel[t].entry(c).or_insert(0) += 1;
            }
        }
    }
    fill(companies, c_rel);
    fill(topics, t_rel);
}

fn fill(tax: &mut Taxonomy, counts: Vec<HashMap<usize, usize>>) {
    for (term, counts) in tax.terms.iter_mut().zip(counts) {
        let mut related: Vec<(usize, usize)> = counts.into_iter().collect();
        related.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        term.related = related;
    }
}
