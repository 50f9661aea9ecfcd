//! The site model: published briefings newest first, companies, topics and
//! authors as terms, the archive, the weekly digest's weeks, each addressed by a typed id.

pub mod archive;
pub mod digest;
pub mod links;
pub mod pending;
pub mod related;
pub mod terms;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::briefing::AliasAt;
use crate::content::{Briefing, Content, Selection};
use crate::error::{Diagnostic, Outcome};
use crate::ids::IdVec;
pub use crate::ids::{BriefingId, TermId};
use crate::routes::{self, Slugs};
pub use terms::{Kind, Taxonomy, Term};

/// Everything a build renders.
#[derive(Debug)]
pub struct Site {
    /// Published briefings, newest first.
    pub briefings: IdVec<BriefingId, Arc<Briefing>>,
    pub companies: Taxonomy,
    pub topics: Taxonomy,
    pub authors: Taxonomy,
    pub archive: Vec<archive::Year>,
    /// The ISO weeks that have briefings, in the site's time zone.
    pub digest: digest::Digest,
    /// Files under `content/briefings/` that are not briefings, not read.
    pub unread: Vec<PathBuf>,
    /// The build's clock ([`Selection::now`]): what "recent" is measured from.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Where each briefing is filed.
    filings: IdVec<BriefingId, Filing>,
}

/// The terms one briefing is filed under, in the order it names them.
#[derive(Debug, Default)]
struct Filing {
    companies: Vec<TermId>,
    topics: Vec<TermId>,
    authors: Vec<TermId>,
}

impl Site {
    /// Selects what to publish and builds the indexes over it; the digest's
    /// weeks run in `timezone`.
    pub fn assemble(content: Content, selection: Selection, timezone: chrono_tz::Tz) -> Outcome<Site> {
        let mut briefings: Vec<Arc<Briefing>> =
            content.briefings.into_iter().filter(|b| selection.admits(b)).collect();
        briefings.sort_by(|a, b| b.date.instant.cmp(&a.date.instant).then_with(|| a.slug.cmp(&b.slug)));
        let briefings = IdVec::from(briefings);
        let slugs = match (check_unique_slugs(&briefings), check_unique_aliases(&briefings)) {
            (Ok(()), Ok(())) => Ok(()),
            (s, a) => Err(s.err().into_iter().chain(a.err()).flatten().collect()),
        };
        let companies =
            terms::build(Kind::Company, &content.companies, &briefings, |b| (&b.companies, &b.company_keys));
        let topics = terms::build(Kind::Topic, &content.topics, &briefings, |b| (&b.topics, &b.topic_keys));
        let authors = authors(&content.authors, content.default_author.as_deref(), &briefings);
        let (
            (mut companies, briefing_companies),
            (mut topics, briefing_topics),
            (mut authors, briefing_authors),
        ) = match (slugs, companies, topics, authors) {
            (Ok(()), Ok(c), Ok(t), Ok(a)) => (c, t, a),
            (s, c, t, a) => {
                let problems = s.err().into_iter().chain(c.err()).chain(t.err()).chain(a.err());
                return Err(problems.flatten().collect());
            }
        };
        let filings: IdVec<BriefingId, Filing> = briefing_companies
            .into_iter()
            .zip(briefing_topics)
            .zip(briefing_authors)
            .map(|((companies, topics), authors)| Filing { companies, topics, authors })
            .collect();
        terms::link(&mut companies, &mut topics, filings.iter().map(|f| (&f.companies[..], &f.topics[..])));
        terms::relate(&mut authors, filings.iter().map(|f| (&f.authors[..], &f.topics[..])));
        let archive = archive::build(&briefings);
        let digest = digest::Digest::build(&briefings, timezone);
        Ok(Site {
            digest,
            briefings,
            companies,
            topics,
            authors,
            archive,
            unread: content.unread,
            now: selection.now,
            filings,
        })
    }

    pub fn taxonomy(&self, kind: Kind) -> &Taxonomy {
        match kind {
            Kind::Company => &self.companies,
            Kind::Topic => &self.topics,
            Kind::Author => &self.authors,
        }
    }

    pub fn term(&self, id: TermId) -> &Term {
        &self.taxonomy(id.kind).terms[id.index()]
    }

    /// The companies, topics or authors of briefing `id`.
    pub fn terms_of(&self, id: BriefingId, kind: Kind) -> &[TermId] {
        let filing = &self.filings[id];
        match kind {
            Kind::Company => &filing.companies,
            Kind::Topic => &filing.topics,
            Kind::Author => &filing.authors,
        }
    }
}

impl Slugs for Site {
    fn briefing_slugs(&self) -> impl Iterator<Item = &str> {
        self.briefings.iter().map(|b| b.slug.as_str())
    }

    fn term_slugs(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.taxonomy(kind).terms.iter().map(|t| t.slug.as_str())
    }

    fn has_digest(&self) -> bool {
        !self.digest.weeks.is_empty()
    }
}

/// Files each briefing under the authors it names, or under the default
/// author (`site.yaml`) when it names none.
fn authors(
    profiles: &[crate::content::Profile],
    default_author: Option<&str>,
    briefings: &IdVec<BriefingId, Arc<Briefing>>,
) -> Result<(Taxonomy, Vec<Vec<TermId>>), Vec<Diagnostic>> {
    let default: (Vec<String>, Vec<String>) = match default_author {
        Some(name) => (vec![name.to_string()], crate::slug::slugify(name).into_iter().collect()),
        None => (Vec::new(), Vec::new()),
    };
    terms::build(Kind::Author, profiles, briefings, |b| {
        if b.authors.is_empty() { (&default.0, &default.1) } else { (&b.authors, &b.author_keys) }
    })
}

fn check_unique_slugs(briefings: &IdVec<BriefingId, Arc<Briefing>>) -> Outcome<()> {
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

/// One old URL leads to one briefing: an alias (by the file it is written
/// at, so `/x` and `/x/` are one) claimed by two published briefings is
/// reported at the later file's item, naming the other file.
fn check_unique_aliases(briefings: &IdVec<BriefingId, Arc<Briefing>>) -> Outcome<()> {
    let mut claims: Vec<(String, &Briefing, &AliasAt)> = briefings
        .iter()
        .flat_map(|b| b.aliases.iter().map(move |a| (routes::file_of(a.alias.route()), &**b, a)))
        .collect();
    if claims.is_empty() {
        return Ok(());
    }
    claims.sort_by(|x, y| (&x.0, &x.1.path, x.2.line).cmp(&(&y.0, &y.1.path, y.2.line)));
    let mut problems = Vec::new();
    for pair in claims.windows(2) {
        let ((file, first, was), (again, b, alias)) = (&pair[0], &pair[1]);
        if file != again || first.path == b.path {
            continue;
        }
        problems.push(
            Diagnostic::new(
                &b.path,
                format!("the alias `{}` is also claimed by another briefing", alias.written),
            )
            .at(alias.line, alias.col)
            .other(&first.path)
            .help(format!(
                "an old URL can lead to one briefing only: remove it here or at line {} of the other file",
                was.line
            )),
        );
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
