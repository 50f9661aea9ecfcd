//! The Markdown body of a briefing: a lead paragraph, two to four sections
//! with paragraphs, lists, tables, quotes, code and subsections, links to
//! earlier briefings (by file or by URL, with or without a heading anchor),
//! to company pages and to its own sections, and footnotes.

use briefing::slug::slugify;

use super::rng::{Rng, Stream};
use super::words::*;

/// The section titles of briefing `index` (indexes into `SECTION_TITLES`),
/// from their own stream so that other briefings can link to them.
pub fn outline(seed: u64, index: usize) -> Vec<usize> {
    let mut rng = Rng::stream(seed, Stream::Outline, index as u64);
    let count = rng.range(2, 4);
    rng.sample(SECTION_TITLES.len(), count)
}

/// The id the site gives a section heading.
pub fn anchor(section: usize) -> String {
    slugify(SECTION_TITLES[section]).unwrap_or_default()
}

/// An earlier, published briefing to link to.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub index: usize,
    pub year: i64,
    /// The id of one of its sections.
    pub anchor: String,
}

/// How links to other briefings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// `../2021/briefing-000012.md`, resolved by `briefing` (and checked).
    File,
    /// `/briefings/briefing-000012/`, for a site that does not resolve files (Hugo).
    Url,
}

/// What a body is about and what it may link to.
pub struct Context<'a> {
    pub index: usize,
    /// The companies and topics as this briefing writes them.
    pub companies: &'a [&'a str],
    pub topics: &'a [&'a str],
    /// A company this briefing names by its own slug, so its page exists: (name, slug).
    pub company_page: Option<(&'a str, &'a str)>,
    pub earlier: Option<Earlier>,
    pub outline: &'a [usize],
    pub style: LinkStyle,
    /// Every this many briefings one is a folder (`NAME/index.md`), which
    /// changes the relative paths from and to it; 0 for none.
    pub images_every: usize,
}

pub fn sentence(rng: &mut Rng, companies: &[&str]) -> String {
    let who = rng.pick(companies);
    let count = rng.range(6, 16);
    let words: Vec<&str> = (0..count).map(|_| *rng.pick(FILLER)).collect();
    let words = words.join(" ");
    match rng.below(6) {
        0 => format!("{who} {} its {} {}, citing {words}.", rng.pick(VERBS), rng.pick(ADJ), rng.pick(NOUNS)),
        1 => format!("Shipments rose {}% as {who} pressed on {words}.", rng.range(2, 60)),
        2 => format!(
            "According to people familiar with the plan, {who} {} a {} amid {words}.",
            rng.pick(VERBS),
            rng.pick(NOUNS)
        ),
        3 => format!("The {} move leaves **{who}** facing {words}.", rng.pick(ADJ)),
        4 => format!("Analysts expect *{}* {words} through {}.", rng.pick(ADJ), rng.range(2025, 2029)),
        _ => format!("The `{}` figures from {who} point to {words}.", rng.pick(FILLER)),
    }
}

fn paragraph(rng: &mut Rng, companies: &[&str]) -> String {
    let count = rng.range(3, 7);
    (0..count).map(|_| sentence(rng, companies)).collect::<Vec<_>>().join(" ")
}

pub fn body(rng: &mut Rng, ctx: &Context) -> String {
    let mut out = vec![paragraph(rng, ctx.companies)];
    for &section in ctx.outline {
        out.push(format!("## {}", SECTION_TITLES[section]));
        for _ in 0..rng.range(1, 3) {
            out.push(paragraph(rng, ctx.companies));
        }
        if let Some(block) = block(rng, ctx) {
            out.push(block);
        }
        if rng.chance(15) {
            out.push(format!("### {}", rng.pick(SUBSECTION_TITLES)));
            out.push(paragraph(rng, ctx.companies));
        }
    }
    if let Some(links) = links(rng, ctx) {
        out.push(links);
    }
    out.push(format!(
        "See the [original report](https://example.com/reports/{}) for methodology.[^1]",
        ctx.index
    ));
    out.push(format!("[^1]: Figures are estimates covering {}.", rng.pick(ctx.topics)));
    if rng.chance(20) {
        out.push(format!(
            "Some figures were revised after publication.[^2]\n\n[^2]: {}",
            sentence(rng, ctx.companies)
        ));
    }
    out.join("\n\n") + "\n"
}

/// A list, table, quote or code block after a section's paragraphs, or nothing.
fn block(rng: &mut Rng, ctx: &Context) -> Option<String> {
    let roll = rng.below(100);
    let companies = ctx.companies;
    Some(match roll {
        0..25 => (0..rng.range(2, 5))
            .map(|_| format!("- {}", sentence(rng, companies)))
            .collect::<Vec<_>>()
            .join("\n"),
        25..30 => (1..=rng.range(2, 4))
            .map(|n| format!("{n}. {}", sentence(rng, companies)))
            .collect::<Vec<_>>()
            .join("\n"),
        30..40 => table(rng, companies),
        40..47 => format!("> {}\n>\n> — analyst note", sentence(rng, companies)),
        47..53 => {
            let (lang, code) = rng.pick(CODE);
            format!("```{lang}\n{code}\n```")
        }
        _ => return None,
    })
}

fn table(rng: &mut Rng, companies: &[&str]) -> String {
    let mut rows = vec!["| Company | Share | Change |".to_string(), "|---|---:|---:|".to_string()];
    for c in companies.iter().take(4) {
        let change = rng.range(0, 18) as i64 - 9;
        rows.push(format!("| {} | {}% | {change:+} pts |", c.replace('|', "\\|"), rng.range(1, 40)));
    }
    rows.join("\n")
}

/// A paragraph of links to an earlier briefing, a company page and this
/// briefing's own sections, or nothing.
fn links(rng: &mut Rng, ctx: &Context) -> Option<String> {
    let mut sentences = Vec::new();
    if let Some(earlier) = &ctx.earlier {
        let target = match ctx.style {
            LinkStyle::File => {
                let folder = |i: usize| super::newsroom::has_images(i, ctx.images_every);
                let up = if folder(ctx.index) { "../../" } else { "../" };
                let file = if folder(earlier.index) { "/index.md" } else { ".md" };
                format!("{up}{}/briefing-{:06}{file}", earlier.year, earlier.index)
            }
            LinkStyle::Url => format!("/briefings/briefing-{:06}/", earlier.index),
        };
        sentences.push(match rng.below(3) {
            0 => {
                format!("As [we reported earlier]({target}), the {} shift was only the start.", rng.pick(ADJ))
            }
            1 => format!("For context, see [an earlier briefing]({target}#{}).", earlier.anchor),
            _ => format!(
                "It follows [briefing {}](/briefings/briefing-{:06}/) on the same {}.",
                earlier.index,
                earlier.index,
                rng.pick(FILLER)
            ),
        });
    }
    if let (Some((name, slug)), true) = (ctx.company_page, rng.chance(30)) {
        sentences.push(format!("More on [{name}](/companies/{slug}/)."));
    }
    if rng.chance(20) {
        let section = *rng.pick(ctx.outline);
        sentences.push(format!("Details are under [{}](#{}).", SECTION_TITLES[section], anchor(section)));
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}
