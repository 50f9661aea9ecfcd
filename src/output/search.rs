//! The search index: `search/meta.json` (facets, shard list) and
//! `search/index-N.json` shards of the newest briefings first, in the format
//! of docs/search-index.md.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde_json::json;

use crate::error::{Diagnostic, Outcome};
use crate::render::{Prepared, Write};
use crate::site::{Kind, Site};

/// Briefings per shard: the first results show after one shard downloads.
pub const SHARD_SIZE: usize = 1000;

/// Writes the index; returns the number of files.
pub fn write(site: &Site, urls: &Prepared, out: &dyn Write) -> Outcome<usize> {
    let ids: Vec<usize> = (0..site.briefings.len()).collect();
    let shards: Vec<&[usize]> = ids.chunks(SHARD_SIZE).collect();
    let names: Vec<String> = (0..shards.len().max(1)).map(|n| format!("index-{n}.json")).collect();
    let facets = |kind: Kind| -> Vec<[&str; 2]> {
        site.taxonomy(kind).terms.iter().map(|t| [t.slug.as_str(), t.name.as_str()]).collect()
    };
    let years: BTreeSet<i32> = site.briefings.iter().map(|b| b.date.year()).collect();
    let meta = json!({
        "version": 1,
        "count": site.briefings.len(),
        "shards": names,
        "companies": facets(Kind::Company),
        "topics": facets(Kind::Topic),
        "years": years.into_iter().rev().collect::<Vec<_>>(),
    });
    let mut files: Vec<(String, String)> = vec![("search/meta.json".into(), meta.to_string())];
    let rendered: Vec<(String, String)> = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| (format!("search/{}", names[n]), shard_json(site, urls, shard)))
        .collect();
    files.extend(rendered);
    if shards.is_empty() {
        files.push(("search/index-0.json".into(), "[]".into()));
    }
    let problems: Vec<Diagnostic> =
        files.iter().filter_map(|(name, text)| out.write(name, text.as_bytes()).err()).collect();
    if problems.is_empty() { Ok(files.len()) } else { Err(problems) }
}

fn shard_json(site: &Site, urls: &Prepared, shard: &[usize]) -> String {
    let rows: Vec<serde_json::Value> = shard
        .iter()
        .map(|&i| {
            let b = &site.briefings[i];
            json!([
                b.title,
                &urls.briefing_urls[i][urls.base_path.len()..],
                urls.briefing_ymd[i],
                urls.briefing_dates[i],
                b.summary_text,
                b.highlights_text,
                site.briefing_companies[i],
                site.briefing_topics[i],
            ])
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}
