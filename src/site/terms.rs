//! Companies, topics and authors as terms: names merged by slug, aliases
//! filed under their profile, each term's briefings and the terms it appears with.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::content::profile::Person;
use crate::content::{Briefing, Profile};
use crate::error::Diagnostic;
pub use crate::ids::Kind;
use crate::ids::{BriefingId, IdVec, TermId};
use crate::slug::slugify;

/// One company, topic or author.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub profile: Option<Profile>,
    /// Its briefings, newest first.
    pub briefings: Vec<BriefingId>,
    /// Terms of the other kind this one appears with, and how many briefings
    /// they share, most shared first.
    pub related: Vec<(TermId, usize)>,
}

impl Term {
    /// The author part of its profile, if it is an author with a profile.
    pub fn person(&self) -> Option<&Person> {
        self.profile.as_ref().and_then(|p| p.person.as_ref())
    }
}

/// All terms of one kind, sorted by name.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: Kind,
    /// Term `i` is the one with the id `TermId::new(kind, i)`.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// Every term with its id, in name order.
    pub fn enumerate(&self) -> impl Iterator<Item = (TermId, &Term)> {
        self.terms.iter().enumerate().map(|(i, t)| (TermId::new(self.kind, i), t))
    }
}

/// Files the names in `names_of(briefing)` under terms. `briefings` must be
/// sorted newest first. Returns the taxonomy and, per briefing, its terms.
pub fn build<'a>(
    kind: Kind,
    profiles: &'a [Profile],
    briefings: &'a IdVec<BriefingId, Arc<Briefing>>,
    names_of: impl Fn(&'a Briefing) -> (&'a [String], &'a [String]),
) -> Result<(Taxonomy, Vec<Vec<TermId>>), Vec<Diagnostic>> {
    let aliases = alias_map(profiles)?;
    let mut builders: Vec<(&'a str, Builder<'a>)> = Vec::new();
    let mut by_slug: HashMap<&'a str, usize> = HashMap::new();
    for p in profiles {
        let id = *by_slug.entry(p.slug.as_str()).or_insert_with(|| {
            builders.push((p.slug.as_str(), Builder::default()));
            builders.len() - 1
        });
        builders[id].1.profile = Some(p);
    }
    let mut per_briefing: Vec<Vec<usize>> = Vec::with_capacity(briefings.len());
    for (i, b) in briefings.enumerate() {
        let mut ids: Vec<usize> = Vec::new();
        let (names, keys) = names_of(b);
        for (name, key) in names.iter().zip(keys) {
            let slug = aliases.get(key.as_str()).map_or(key.as_str(), |p| p.slug.as_str());
            let id = *by_slug.entry(slug).or_insert_with(|| {
                builders.push((slug, Builder::default()));
                builders.len() - 1
            });
            if ids.contains(&id) {
                continue;
            }
            let t = &mut builders[id].1;
            *t.spellings.entry(name.as_str()).or_insert(0) += 1;
            t.briefings.push(i);
            ids.push(id);
        }
        per_briefing.push(ids);
    }

    // Sort by name; renumber the per-briefing lists to match.
    let mut terms: Vec<(usize, Term)> =
        builders.into_iter().enumerate().map(|(id, (slug, b))| (id, b.finish(slug.to_string()))).collect();
    terms.sort_by_cached_key(|(_, t)| (sort_key(&t.name), t.slug.clone()));
    let mut renumber = vec![0; terms.len()];
    for (new, (old, _)) in terms.iter().enumerate() {
        renumber[*old] = new;
    }
    let per_briefing = per_briefing
        .into_iter()
        .map(|ids| ids.into_iter().map(|id| TermId::new(kind, renumber[id])).collect());
    let terms = terms.into_iter().map(|(_, t)| t).collect();
    Ok((Taxonomy { kind, terms }, per_briefing.collect()))
}

/// Name and alias keys -> the profile that owns them; a key claimed twice is an error.
fn alias_map(profiles: &[Profile]) -> Result<HashMap<String, &Profile>, Vec<Diagnostic>> {
    let mut claims: HashMap<String, Claim> = HashMap::new();
    let mut problems = Vec::new();
    for p in profiles {
        let names =
            std::iter::once((p.name.as_str(), false)).chain(p.aliases.iter().map(|a| (a.as_str(), true)));
        let claimed = std::iter::once(Claim { profile: p, written: &p.slug, is_alias: false })
            .chain(names.map(|(written, is_alias)| Claim { profile: p, written, is_alias }));
        for claim in claimed {
            let Some(key) = slugify(claim.written) else { continue };
            match claims.get(&key) {
                Some(owner) if owner.profile.slug != p.slug => problems.push(conflict(owner, &claim)),
                Some(_) => {}
                None => {
                    claims.insert(key, claim);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(claims.into_iter().map(|(key, c)| (key, c.profile)).collect())
    } else {
        Err(problems)
    }
}

/// A profile's claim on a name: its file stem, its name or an alias.
struct Claim<'a> {
    profile: &'a Profile,
    written: &'a str,
    is_alias: bool,
}

/// Two profiles claim one name: blame the alias rather than the name.
fn conflict(first: &Claim, second: &Claim) -> Diagnostic {
    let (blamed, other) = if first.is_alias && !second.is_alias { (first, second) } else { (second, first) };
    let (line, col) = if blamed.is_alias { blamed.profile.aliases_at } else { blamed.profile.name_at };
    Diagnostic::new(&blamed.profile.path, format!("`{}` is also a name of another profile", blamed.written))
        .at(line, col)
        .other(&other.profile.path)
        .help("a name or alias may belong to one profile only; remove it from one of them")
}

#[derive(Default)]
struct Builder<'a> {
    profile: Option<&'a Profile>,
    /// Sorted, so ties between spellings resolve the same way every time.
    spellings: BTreeMap<&'a str, usize>,
    briefings: Vec<BriefingId>,
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

/// The spelling written most often; on a tie, the one with the most
/// non-ASCII letters ("Nestlé" over "Nestle"), then the first in sort order.
fn most_common<'a>(spellings: &BTreeMap<&'a str, usize>) -> Option<&'a str> {
    let accents = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let best = spellings
        .iter()
        .max_by(|(a, n), (b, m)| n.cmp(m).then(accents(a).cmp(&accents(b))).then(b.cmp(a)))?;
    Some(best.0)
}

fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// Fills `related` on both taxonomies from each briefing's companies and topics.
pub fn link<'a>(
    companies: &mut Taxonomy,
    topics: &mut Taxonomy,
    filings: impl Iterator<Item = (&'a [TermId], &'a [TermId])>,
) {
    let mut c_rel: Vec<HashMap<TermId, usize>> = vec![HashMap::new(); companies.terms.len()];
    let mut t_rel: Vec<HashMap<TermId, usize>> = vec![HashMap::new(); topics.terms.len()];
    for (cs, ts) in filings {
        for &c in cs {
            for &t in ts {
                *c_rel[c.index()].entry(t).or_insert(0) += 1;
                *t_rel[t.index()].entry(c).or_insert(0) += 1;
            }
        }
    }
    fill(companies, c_rel);
    fill(topics, t_rel);
}

/// Fills `related` on `tax` alone (authors: the topics they write about)
/// from each briefing's terms of its kind and of the other kind.
pub fn relate<'a>(tax: &mut Taxonomy, filings: impl Iterator<Item = (&'a [TermId], &'a [TermId])>) {
    let mut rel: Vec<HashMap<TermId, usize>> = vec![HashMap::new(); tax.terms.len()];
    for (own, others) in filings {
        for &a in own {
            for &o in others {
                *rel[a.index()].entry(o).or_insert(0) += 1;
            }
        }
    }
    fill(tax, rel);
}

fn fill(tax: &mut Taxonomy, counts: Vec<HashMap<TermId, usize>>) {
    for (term, counts) in tax.terms.iter_mut().zip(counts) {
        let mut related: Vec<(TermId, usize)> = counts.into_iter().collect();
        related.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        term.related = related;
    }
}
