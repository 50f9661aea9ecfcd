//! The search index: `search/meta.json` (facets, shard list) and
//! `search/index-N.json` shards of the newest briefings first (and the weekly
//! digests, in `meta.json`), in the format
//! of docs/search-index.md.

use std::collections::BTreeSet;

use serde_json::json;

use crate::ids::Kind;
use crate::render::digest;
use crate::routes::{self, File, Page, Routes};
use crate::site::Site;

/// Briefings per shard: the first results show after one shard downloads.
pub const SHARD_SIZE: usize = 1000;

fn shard_count(site: &Site) -> usize {
    site.briefings.len().div_ceil(SHARD_SIZE).max(1)
}

/// One file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `search/meta.json`: facets and the list of shards.
    Meta,
    /// Shard `n`, 0-based.
    Shard(usize),
}

impl Part {
    pub fn file(self) -> File<'static> {
        match self {
            Part::Meta => File::SearchMeta,
            Part::Shard(n) => File::SearchShard(n),
        }
    }
}

/// The index files of `site`.
pub fn parts(site: &Site) -> Vec<Part> {
    std::iter::once(Part::Meta).chain((0..shard_count(site)).map(Part::Shard)).collect()
}

/// Makes one index file.
pub fn make(part: Part, site: &Site, routes: &Routes) -> String {
    match part {
        Part::Meta => meta(site, routes),
        Part::Shard(n) => shard(site, routes, n),
    }
}

fn meta(site: &Site, routes: &Routes) -> String {
    let names: Vec<String> = (0..shard_count(site)).map(routes::search_shard_name).collect();
    let facets = |kind: Kind| -> Vec<[&str; 2]> {
        site.taxonomy(kind).terms.iter().map(|t| [t.slug.as_str(), t.name.as_str()]).collect()
    };
    let years: BTreeSet<i32> = site.briefings.iter().map(|b| b.date.year()).collect();
    let digests: Vec<[String; 3]> = site
        .digest
        .weeks
        .iter()
        .map(|w| {
            [
                routes.route(File::Page(Page::Digest(w.key))).into_owned(),
                digest::week_title(w.key),
                digest::week_dates(w),
            ]
        })
        .collect();
    json!({
        "version": 1,
        "count": site.briefings.len(),
        "shards": names,
        "companies": facets(Kind::Company),
        "topics": facets(Kind::Topic),
        "authors": facets(Kind::Author),
        "years": years.into_iter().rev().collect::<Vec<_>>(),
        "digests": digests,
    })
    .to_string()
}

/// Shard `n`: briefings `n * SHARD_SIZE ..`, newest first.
fn shard(site: &Site, routes: &Routes, n: usize) -> String {
    let indexes = |i, kind| -> Vec<usize> { site.terms_of(i, kind).iter().map(|t| t.index()).collect() };
    let rows: Vec<serde_json::Value> = site
        .briefings
        .slice_ids(n * SHARD_SIZE..(n + 1) * SHARD_SIZE)
        .map(|i| {
            let b = &site.briefings[i];
            let mut row = json!([
                b.title,
                routes.route(File::Page(Page::Briefing(i))),
                b.ymd,
                b.date_display,
                b.summary_text,
                b.highlights_text,
                indexes(i, Kind::Company),
                indexes(i, Kind::Topic),
            ]);
            // Authors come last, and only when there are some: a site
            // without bylines pays nothing for them.
            let authors = indexes(i, Kind::Author);
            if let (false, Some(row)) = (authors.is_empty(), row.as_array_mut()) {
                row.push(json!(authors));
            }
            row
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}
