//! One briefing as data, the same for every output format: its front matter
//! fields and its Markdown body, made from its plan, the names, and its own
//! stream of random numbers (so the briefings can be made in any order).

use super::body::{self, Context, Earlier, LinkStyle};
use super::names::{Names, Term};
use super::newsroom;
use super::plan::{self, Plan, Stamp};
use super::rng::{Rng, Stream};
use super::words::*;

/// Everything that is known before the text: names, plans, profiles.
pub struct Corpus<'a> {
    pub seed: u64,
    pub names: &'a Names,
    pub plans: Vec<Plan>,
    /// Per company and topic: whether a profile file is written for it (it
    /// is profiled and a published briefing names it).
    pub company_profile: Vec<bool>,
    pub topic_profile: Vec<bool>,
    /// The writers of the bylines (none unless asked for).
    pub authors: Vec<newsroom::Author>,
    /// Every this many briefings one is a folder with images; 0 for none.
    pub images_every: usize,
}

/// A briefing ready to be written.
pub struct Doc {
    pub index: usize,
    pub year: i64,
    pub title: String,
    pub date: String,
    pub updated: Option<String>,
    pub summary: Option<String>,
    pub companies: Vec<String>,
    pub topics: Vec<String>,
    pub authors: Vec<String>,
    pub highlights: Vec<String>,
    pub sources: Vec<(String, String)>,
    pub draft: bool,
    /// `extra:` as (region, priority).
    pub extra: Option<(&'static str, usize)>,
    /// Lists written `[a, b]` rather than one item a line.
    pub flow_lists: bool,
    /// Written as a folder, with a hero photo and an inline chart.
    pub images: bool,
    pub body: String,
}

/// How a briefing writes a term's name.
enum Spelling {
    Name,
    Alias(usize),
    /// The name in Latin letters or lower case: the same slug, another spelling.
    Variant,
}

impl Corpus<'_> {
    /// Briefing `index`. `canonical` writes every term by its name (for a
    /// generator that does not know aliases); the random draws are the same.
    pub fn doc(&self, index: usize, style: LinkStyle, canonical: bool) -> Doc {
        let plan = &self.plans[index];
        let mut rng = Rng::stream(self.seed, Stream::Body, index as u64);
        let spell = |rng: &mut Rng, terms: &[Term], profiles: &[bool], ids: &[usize], alias_percent| {
            ids.iter()
                .map(|&id| {
                    let spelling = spelling(rng, &terms[id], profiles[id], alias_percent);
                    if canonical { terms[id].name.clone() } else { spelled(&terms[id], spelling) }
                })
                .collect::<Vec<String>>()
        };
        let companies = spell(&mut rng, &self.names.companies, &self.company_profile, &plan.companies, 15);
        let topics = spell(&mut rng, &self.names.topics, &self.topic_profile, &plan.topics, 10);
        let who: Vec<&str> = companies.iter().map(String::as_str).collect();
        let about: Vec<&str> = topics.iter().map(String::as_str).collect();
        let title = title(&mut rng, index, &who, &about);
        let highlights = (0..rng.range(3, 5)).map(|_| body::sentence(&mut rng, &who)).collect();
        let summary = rng.chance(80).then(|| body::sentence(&mut rng, &who));
        let stamp = Stamp::at(plan.minutes);
        let date = if plan.date_only { stamp.ymd() } else { stamp.rfc3339() };
        let updated = rng.chance(10).then(|| Stamp::at(plan.minutes + rng.range(1, 5) as i64 * 1440).ymd());
        let sources = sources(&mut rng, index);
        let extra = rng.chance(5).then(|| (*rng.pick(REGIONS), rng.range(1, 3)));
        let flow_lists = rng.chance(20);
        let outline = body::outline(self.seed, index);
        let context = Context {
            index,
            companies: &who,
            topics: &about,
            company_page: self.company_page(plan, &companies),
            earlier: self.earlier(&mut rng, index),
            outline: &outline,
            style,
            images_every: self.images_every,
        };
        let body = body::body(&mut rng, &context);
        Doc {
            index,
            year: stamp.year,
            title,
            date,
            updated,
            summary,
            companies,
            topics,
            authors: newsroom::byline(self.seed, index, self.authors.len())
                .into_iter()
                .map(|a| self.authors[a].name.clone())
                .collect(),
            highlights,
            sources,
            draft: plan.draft,
            extra,
            flow_lists,
            images: newsroom::has_images(index, self.images_every),
            body,
        }
    }

    /// A company of `plan` written by its name, whose page therefore exists
    /// whenever this briefing is published: (as written, slug).
    fn company_page<'a>(&'a self, plan: &Plan, written: &'a [String]) -> Option<(&'a str, &'a str)> {
        plan.companies.iter().zip(written).find_map(|(&id, name)| {
            let term = &self.names.companies[id];
            (term.name == *name).then_some((name.as_str(), term.slug.as_str()))
        })
    }

    /// Half the time, a published briefing dated at least a day before this
    /// one: published whenever this one is, with or without `--future`.
    fn earlier(&self, rng: &mut Rng, index: usize) -> Option<Earlier> {
        let gap = plan::day_gap(self.plans.len());
        if index < gap || !rng.chance(50) {
            return None;
        }
        let reach = (index - gap + 1).min(400);
        let mut target = index - gap - rng.below(reach);
        while self.plans[target].draft {
            target = target.checked_sub(1)?;
        }
        let sections = body::outline(self.seed, target);
        Some(Earlier {
            index: target,
            year: Stamp::at(self.plans[target].minutes).year,
            anchor: body::anchor(sections[rng.below(sections.len())]),
        })
    }
}

fn spelling(rng: &mut Rng, term: &Term, profile: bool, alias_percent: usize) -> Spelling {
    // An alias only files under the term when the profile that names it is written.
    if profile && !term.aliases.is_empty() && rng.chance(alias_percent) {
        Spelling::Alias(rng.below(term.aliases.len()))
    } else if rng.chance(3) {
        Spelling::Variant
    } else {
        Spelling::Name
    }
}

fn spelled(term: &Term, spelling: Spelling) -> String {
    match spelling {
        Spelling::Name => term.name.clone(),
        Spelling::Alias(n) => term.aliases[n].clone(),
        Spelling::Variant => {
            let variant = if term.name.is_ascii() {
                term.name.to_lowercase()
            } else {
                deunicode::deunicode(&term.name)
            };
            let same = briefing::slug::slugify(&variant).as_deref() == Some(term.slug.as_str());
            if same { variant } else { term.name.clone() }
        }
    }
}

fn title(rng: &mut Rng, index: usize, companies: &[&str], topics: &[&str]) -> String {
    let lead = companies[0];
    match rng.below(20) {
        0..12 => format!("{lead} {} {} {} ({index})", rng.pick(VERBS), rng.pick(ADJ), rng.pick(NOUNS)),
        12..15 => format!("Why {lead}'s {} {} matters ({index})", rng.pick(ADJ), rng.pick(NOUNS)),
        15..18 if companies.len() > 1 => {
            format!("{lead} and {}: a {} {} ({index})", companies[1], rng.pick(ADJ), rng.pick(NOUNS))
        }
        _ => format!("{}: {lead} {} its {} ({index})", topics[0], rng.pick(VERBS), rng.pick(NOUNS)),
    }
}

/// None a tenth of the time, else one to three.
fn sources(rng: &mut Rng, index: usize) -> Vec<(String, String)> {
    if rng.chance(10) {
        return Vec::new();
    }
    (0..rng.range(1, 3))
        .map(|n| {
            let title = rng.pick(SOURCES).to_string();
            let url = if n == 0 {
                format!("https://example.com/reports/{index}")
            } else {
                format!("https://example.org/{}/{index}-{n}", rng.pick(FILLER))
            };
            (title, url)
        })
        .collect()
}
