//! The search index: `search/meta.json` (facets, shard list) and
//! `search/index-N.json` shards of the newest briefings first, in the format
//! of docs/search-index.md.

use std::collections::BTreeSet;

use serde_json::json;

use super::catalogue::{Item, Producer};
use crate::site::{Kind, Site};

/// Briefings per shard: the first results show after one shard downloads.
pub const SHARD_SIZE: usize = 1000;

fn shard_count(site: &Site) -> usize {
    site.briefings.len().div_ceil(SHARD_SIZE).max(1)
}

/// The index files.
pub fn files(site: &Site) -> Vec<(String, Item)> {
    let mut files = vec![("search/meta.json".to_string(), Item::SearchMeta)];
    files.extend((0..shard_count(site)).map(|n| (format!("search/index-{n}.json"), Item::SearchShard(n))));
    files
}

pub fn meta(site: &Site) -> String {
    let names: Vec<String> = (0..shard_count(site)).map(|n| format!("index-{n}.json")).collect();
    let facets = |kind: Kind| -> Vec<[&str; 2]> {
        site.taxonomy(kind).terms.iter().map(|t| [t.slug.as_str(), t.name.as_str()]).collect()
    };
    let years: BTreeSet<i32> = site.briefings.iter().map(|b| b.date.year()).collect();
    json!({
        "version": 1,
        "count": site.briefings.len(),
        "shards": names,
        "companies": facets(Kind::Company),
        "topics": facets(Kind::Topic),
        "years": years.into_iter().rev().collect::<Vec<_>>(),
    })
    .to_string()
}

/// Shard `n`: briefings `n * SHARD_SIZE ..`, newest first.
pub fn shard(p: &Producer, n: usize) -> String {
    let (site, urls) = (&p.site, &p.urls);
    let start = (n * SHARD_SIZE).min(site.briefings.len());
    let end = (start + SHARD_SIZE).min(site.briefings.len());
    let rows: Vec<serde_json::Value> = (start..end)
        .map(|i| {
            let b = &site.briefings[i];
            json!([
                b.title,
                &urls.briefing_urls[i][urls.base_path.len()..],
                b.ymd,
                b.date_display,
                b.summary_text,
                b.highlights_text,
                site.briefing_companies[i],
                site.briefing_topics[i],
            ])
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}
