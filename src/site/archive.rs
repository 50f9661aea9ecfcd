//! The archive: briefings grouped by year and month, newest first.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::content::Briefing;
use crate::ids::{BriefingId, IdVec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    pub months: Vec<Month>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub month: u32,
    /// Newest first.
    pub briefings: Vec<BriefingId>,
}

/// Groups `briefings` (sorted newest first) by the year and month written,
/// newest first. A date's year and month are those of its own offset, so
/// briefings near a year boundary may not follow instant order: grouping is
/// by key, never by runs.
pub fn build(briefings: &IdVec<BriefingId, Arc<Briefing>>) -> Vec<Year> {
    let mut groups: BTreeMap<(i32, u32), Vec<BriefingId>> = BTreeMap::new();
    for (i, b) in briefings.enumerate() {
        groups.entry((b.date.year(), b.date.month())).or_default().push(i);
    }
    let mut years: Vec<Year> = Vec::new();
    for ((y, m), ids) in groups.into_iter().rev() {
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year { year: y, months: Vec::new() });
        }
        years.last_mut().expect("pushed above").months.push(Month { month: m, briefings: ids });
    }
    years
}
