//! The search index: `search/meta.json` (facets, shard list) and
//! `search/index-N.json` shards of the newest briefings first, in the format
//! of docs/search-index.md.

use std::collections::BTreeSet;

use serde_json::json;

use super::catalogue::{Item, Producer};
use crate::ids::Kind;
use crate::routes::{self, File, Page};
use crate::site::Site;

/// Briefings per shard: the first results show after one shard downloads.
pub const SHARD_SIZE: usize = 1000;

fn shard_count(site: &Site) -> usize {
    site.briefings.len().div_ceil(SHARD_SIZE).max(1)
}

/// The index files.
pub fn files(p: &Producer) -> Vec<(String, Item)> {
    let mut files = vec![(p.routes.file(File::SearchMeta), Item::SearchMeta)];
    files.extend(
        (0..shard_count(&p.site)).map(|n| (p.routes.file(File::SearchShard(n)), Item::SearchShard(n))),
    );
    files
}

pub fn meta(site: &Site) -> String {
    let names: Vec<String> = (0..shard_count(site)).map(routes::search_shard_name).collect();
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
    let site = &p.site;
    let indexes = |i, kind| -> Vec<usize> { site.terms_of(i, kind).iter().map(|t| t.index()).collect() };
    let rows: Vec<serde_json::Value> = site
        .briefings
        .slice_ids(n * SHARD_SIZE..(n + 1) * SHARD_SIZE)
        .map(|i| {
            let b = &site.briefings[i];
            json!([
                b.title,
                p.routes.route(File::Page(Page::Briefing(i))),
                b.ymd,
                b.date_display,
                b.summary_text,
                b.highlights_text,
                indexes(i, Kind::Company),
                indexes(i, Kind::Topic),
            ])
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}
