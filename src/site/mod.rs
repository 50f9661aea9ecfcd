//! The site model: published briefings newest first, companies and topics as
//! terms, the archive.

pub mod archive;
pub mod links;
pub mod related;
pub mod terms;

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{Briefing, Content, Selection};
use crate::error::{Diagnostic, Outcome};
pub use terms::{Kind, Taxonomy, Term};

/// Everything a build renders.
#[derive(Debug)]
pub struct Site {
    /// Published briefings, newest first.
    pub briefings: Vec<Arc<Briefing>>,
    pub companies: Taxonomy,
    pub topics: Taxonomy,
    /// Per briefing, indexes into `companies.terms` / `topics.terms`.
    pub briefing_companies: Vec<Vec<usize>>,
    pub briefing_topics: Vec<Vec<usize>>,
    pub archive: Vec<archive::Year>,
}

impl Site {
    /// Selects what to publish and builds the indexes over it.
    pub fn assemble(content: Content, selection: Selection) -> Outcome<Site> {
        let mut briefings: Vec<Arc<Briefing>> =
            content.briefings.into_iter().filter(|b| selection.admits(b)).collect();
        briefings.sort_by(|a, b| b.date.instant.cmp(&a.date.instant).then_with(|| a.slug.cmp(&b.slug)));
        let slugs = check_unique_slugs(&briefings);
        let companies =
            terms::build(Kind::Company, &content.companies, &briefings, |b| (&b.companies, &b.company_keys));
        let topics = terms::build(Kind::Topic, &content.topics, &briefings, |b| (&b.topics, &b.topic_keys));
        let ((mut companies, briefing_companies), (mut topics, briefing_topics)) =
            match (slugs, companies, topics) {
                (Ok(()), Ok(c), Ok(t)) => (c, t),
                (s, c, t) => {
                    return Err(s.err().into_iter().chain(c.err()).chain(t.err()).flatten().collect());
                }
            };
        terms::link(&mut companies, &mut topics, &briefing_companies, &briefing_topics);
        let archive = archive::build(&briefings);
        Ok(Site { briefings, companies, topics, briefing_companies, briefing_topics, archive })
    }

    pub fn taxonomy(&self, kind: Kind) -> &Taxonomy {
        match kind {
            Kind::Company => &self.companies,
            Kind::Topic => &self.topics,
        }
    }
}

fn check_unique_slugs(briefings: &[Arc<Briefing>]) -> Outcome<()> {
    let mut seen: HashMap<&str, &Briefing> = HashMap::new();
    let mut problems = Vec::new();
    for b in briefings.iter().map(|b| &**b) {
        if let Some(first) = seen.insert(&b.slug, b) {
            let (a, z) = if first.path < b.path { (first, b) } else { (b, first) };
            problems.push(
                Diagnostic::new(&z.path, format!("the slug `{}` is also used by another briefing", b.slug))
                    .at(1, 1)
                    .other(&a.path)
                    .help("two briefings cannot share a URL: rename one file or give it a different `slug:`"),
            );
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
