//! Company and topic names: the real ones first, then combinatorial ones in
//! several scripts (Latin, accented Latin, Chinese, Cyrillic, Korean,
//! Japanese), as many as asked for. Every name and alias of a kind has its
//! own slug (`briefing::slug::slugify`), since the site merges names that
//! slugify alike: a candidate whose slug is taken is drawn again, and names
//! grow a syllable longer whenever short ones run out, so any count ends.

use std::collections::HashSet;

use briefing::slug::slugify;

use super::parts::*;
use super::real::*;
use super::rng::{Rng, Stream};
use super::words::*;

/// A company or a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub aliases: Vec<String>,
    /// Whether it gets a profile file (when a published briefing names it).
    pub profiled: bool,
    pub description: Option<String>,
    pub website: Option<String>,
}

/// Every company and topic of a corpus, most mentioned first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub companies: Vec<Term>,
    pub topics: Vec<Term>,
}

impl Names {
    pub fn new(seed: u64, companies: usize, topics: usize) -> Names {
        let mut rng = Rng::stream(seed, Stream::Names, 0);
        let mut pool = Pool::default();
        pool.fill(&mut rng, REAL_COMPANIES, companies, Kind::Company);
        let companies = pool.terms;
        let mut pool = Pool::default();
        pool.fill(&mut rng, REAL_TOPICS, topics, Kind::Topic);
        Names { companies, topics: pool.terms }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Company,
    Topic,
}

/// The terms of one kind so far, and every slug they claim.
#[derive(Default)]
struct Pool {
    terms: Vec<Term>,
    taken: HashSet<String>,
    /// Syllables or words added to every new candidate, once short ones ran out.
    extra: usize,
}

/// Candidates rejected in a row before names grow longer.
const MISSES_BEFORE_WIDENING: usize = 32;

impl Pool {
    /// The slug of `text` if no other name or alias has it yet (and claims it).
    fn claim(&mut self, text: &str) -> Option<String> {
        let slug = slugify(text)?;
        self.taken.insert(slug.clone()).then_some(slug)
    }

    fn fill(&mut self, rng: &mut Rng, real: &[(&str, &[&str])], count: usize, kind: Kind) {
        for (name, aliases) in real.iter().take(count) {
            let Some(slug) = self.claim(name) else { continue };
            let aliases = aliases.iter().filter(|a| self.claim(a).is_some()).map(|a| a.to_string()).collect();
            let description = Some(describe(rng, name, kind));
            let website = (kind == Kind::Company).then(|| format!("https://example.com/companies/{slug}/"));
            self.terms.push(Term {
                name: name.to_string(),
                slug,
                aliases,
                profiled: true,
                description,
                website,
            });
        }
        while self.terms.len() < count {
            let (name, slug) = self.fresh(rng, kind);
            let profiled = self.terms.len().is_multiple_of(if kind == Kind::Company { 3 } else { 4 });
            let mut term =
                Term { name, slug, aliases: Vec::new(), profiled, description: None, website: None };
            if profiled {
                self.profile(rng, &mut term, kind);
            }
            self.terms.push(term);
        }
    }

    /// A new name and its slug.
    fn fresh(&mut self, rng: &mut Rng, kind: Kind) -> (String, String) {
        let mut misses = 0;
        loop {
            let name = match kind {
                Kind::Company => company_name(rng, self.extra),
                Kind::Topic => topic_name(rng, self.extra),
            };
            if let Some(slug) = self.claim(&name) {
                return (name, slug);
            }
            misses += 1;
            if misses == MISSES_BEFORE_WIDENING {
                self.extra += 1;
                misses = 0;
            }
        }
    }

    /// Fills in a synthetic term's profile: a description, sometimes a
    /// website, sometimes an alias.
    fn profile(&mut self, rng: &mut Rng, term: &mut Term, kind: Kind) {
        if rng.chance(80) {
            term.description = Some(describe(rng, &term.name, kind));
        }
        if kind == Kind::Company && rng.chance(50) {
            term.website = Some(format!("https://{}.example/", term.slug));
        }
        if rng.chance(40) {
            let alias = alias_of(rng, &term.name, kind);
            if alias.as_deref().is_some_and(|a| self.claim(a).is_some()) {
                term.aliases.extend(alias);
            }
        }
    }
}

/// A synthetic company name: a stem of syllables of one script, then a word
/// such as "Systems" in the same script.
fn company_name(rng: &mut Rng, extra: usize) -> String {
    let script = pick_script(rng);
    let syllables = rng.range(script.width.0, script.width.1) + extra;
    let stem: String = (0..syllables).map(|_| *rng.pick(script.syllables)).collect();
    let suffix = rng.pick(script.suffixes);
    if script.capitalize { format!("{} {suffix}", capitalize(&stem)) } else { format!("{stem}{suffix}") }
}

fn pick_script(rng: &mut Rng) -> &'static Script {
    let mut roll = rng.below(SCRIPTS.iter().map(|s| s.share).sum());
    for script in SCRIPTS {
        if roll < script.share {
            return script;
        }
        roll -= script.share;
    }
    &SCRIPTS[0]
}

/// A synthetic topic: English most of the time ("Edge Chips Policy"), else
/// Chinese ("边缘芯片") or French ("Réseaux Numérique").
fn topic_name(rng: &mut Rng, extra: usize) -> String {
    let roll = rng.below(100);
    if roll < 10 {
        let mut name: String = (0..=extra).map(|_| *rng.pick(CJK_TOPIC_QUALIFIERS)).collect();
        let noun = *rng.pick(CJK_TOPIC_NOUNS);
        name.push_str(noun);
        name
    } else if roll < 18 {
        let mut words = vec![*rng.pick(FRENCH_TOPIC_NOUNS)];
        words.extend((0..=extra).map(|_| *rng.pick(FRENCH_TOPIC_QUALIFIERS)));
        words.join(" ")
    } else {
        let mut words: Vec<&str> = (0..=extra).map(|_| *rng.pick(TOPIC_QUALIFIERS)).collect();
        words.push(*rng.pick(TOPIC_NOUNS));
        if rng.chance(50) {
            words.push(*rng.pick(TOPIC_SCOPES));
        }
        words.join(" ")
    }
}

/// Another name for a synthetic term: "Corvex Systems" may also be written
/// "Corvex" or "Corvex Systems Group", a topic by its initials.
fn alias_of(rng: &mut Rng, name: &str, kind: Kind) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    match kind {
        Kind::Company if words.len() > 1 && rng.chance(50) => Some(words[..words.len() - 1].join(" ")),
        Kind::Company if words.len() > 1 => Some(format!("{name} {}", rng.pick(GROUP_WORDS))),
        // A name in a script without spaces: its romanization, as one word.
        Kind::Company => Some(format!("{} {}", capitalize(&romanized(name)), rng.pick(GROUP_WORDS))),
        Kind::Topic if words.len() > 1 && name.is_ascii() => {
            Some(words.iter().filter_map(|w| w.chars().next()).collect::<String>().to_uppercase())
        }
        Kind::Topic => None,
    }
}

/// `name` in Latin letters, without spaces: "华星科技" -> "huaxingkeji".
fn romanized(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

fn describe(rng: &mut Rng, name: &str, kind: Kind) -> String {
    match kind {
        Kind::Company => format!(
            "{name} makes {} products and sells them mostly in {}.",
            rng.pick(NOUNS),
            rng.pick(REGIONS)
        ),
        Kind::Topic => format!(
            "Briefings on {name}: the companies involved, their {} bets and the rules around them.",
            rng.pick(ADJ)
        ),
    }
}

/// `word` with its first letter in upper case (any script that has case).
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
