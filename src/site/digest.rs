//! The weekly digest: published briefings grouped into ISO weeks of the
//! site's time zone, and a week's briefings grouped by company.
//!
//! The week of a briefing is decided here once, so its digest page, email
//! edition and every digest feed agree on it. A date written as a day
//! (`2024-01-29`) is that calendar day wherever the site is; a date with a
//! time is the day it falls on in the site's `timezone`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::Site;
use crate::content::Briefing;
use crate::content::date::Date;
use crate::ids::{BriefingId, IdVec, Kind, TermId, WeekKey};

/// One ISO week that has briefings.
#[derive(Debug, Clone)]
pub struct Week {
    pub key: WeekKey,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Its briefings, in the site's order (newest first).
    pub briefings: Vec<BriefingId>,
}

impl Week {
    /// Its Sunday.
    pub fn sunday(&self) -> NaiveDate {
        self.monday + chrono::Days::new(6)
    }
}

/// Every week that has briefings, and the week of each briefing.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// Newest first.
    pub weeks: Vec<Week>,
    /// The position in `weeks` of each briefing's week.
    of: IdVec<BriefingId, u32>,
}

/// The calendar day of `date` in `tz`: as written for a bare day.
pub fn local_day(date: &Date, tz: Tz) -> NaiveDate {
    if date.day_only { date.instant.date_naive() } else { date.instant.with_timezone(&tz).date_naive() }
}

/// The ISO week of `day`.
pub fn week_key(day: NaiveDate) -> WeekKey {
    let iso = day.iso_week();
    WeekKey { year: iso.year(), week: iso.week() }
}

impl Digest {
    /// Groups `briefings` (newest first) into the weeks of `tz`.
    pub fn build(briefings: &IdVec<BriefingId, Arc<Briefing>>, tz: Tz) -> Digest {
        let mut by_week: BTreeMap<WeekKey, Week> = BTreeMap::new();
        let keys: Vec<WeekKey> = briefings
            .enumerate()
            .map(|(id, b)| {
                let day = local_day(&b.date, tz);
                let key = week_key(day);
                let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
                by_week
                    .entry(key)
                    .or_insert_with(|| Week { key, monday, briefings: Vec::new() })
                    .briefings
                    .push(id);
                key
            })
            .collect();
        let weeks: Vec<Week> = by_week.into_values().rev().collect();
        let position: BTreeMap<WeekKey, u32> =
            weeks.iter().enumerate().map(|(n, w)| (w.key, n as u32)).collect();
        let of = keys.iter().map(|k| position[k]).collect();
        Digest { weeks, of }
    }

    /// The week `key` and its position (newest first), if it has briefings.
    pub fn find(&self, key: WeekKey) -> Option<(usize, &Week)> {
        let n = self.weeks.binary_search_by(|w| key.cmp(&w.key)).ok()?;
        Some((n, &self.weeks[n]))
    }

    /// The week of briefing `id`, as a position in `weeks`.
    pub fn week_of(&self, id: BriefingId) -> usize {
        self.of[id] as usize
    }

    /// The weeks just after (newer) and just before (older) the week at `n`.
    pub fn around(&self, n: usize) -> (Option<&Week>, Option<&Week>) {
        (n.checked_sub(1).and_then(|m| self.weeks.get(m)), self.weeks.get(n + 1))
    }
}

/// The briefings of a week under one company, or under none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `None` for the briefings that name no company.
    pub company: Option<TermId>,
    /// Newest first.
    pub briefings: Vec<BriefingId>,
}

/// `briefings` grouped by company. The rule: a briefing is listed once,
/// under the first company it names (the one it is mainly about; the entry
/// names the others, and each company's own digest feed has all of its
/// briefings), and under "Other briefings", last, when it names none.
/// Companies with more briefings come first, ties in name order.
pub fn groups(site: &Site, briefings: &[BriefingId]) -> Vec<Group> {
    let mut by_company: BTreeMap<TermId, Vec<BriefingId>> = BTreeMap::new();
    let mut other = Vec::new();
    for &id in briefings {
        match site.terms_of(id, Kind::Company).first() {
            Some(&c) => by_company.entry(c).or_default().push(id),
            None => other.push(id),
        }
    }
    let mut groups: Vec<Group> =
        by_company.into_iter().map(|(c, briefings)| Group { company: Some(c), briefings }).collect();
    // Term ids are in name order, so a stable sort keeps ties by name.
    groups.sort_by_key(|g| std::cmp::Reverse(g.briefings.len()));
    if !other.is_empty() {
        groups.push(Group { company: None, briefings: other });
    }
    groups
}

/// The distinct companies and topics of `briefings`.
pub fn counts(site: &Site, briefings: &[BriefingId]) -> (usize, usize) {
    let distinct = |kind: Kind| {
        let mut ids: Vec<TermId> = briefings.iter().flat_map(|&i| site.terms_of(i, kind)).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    (distinct(Kind::Company), distinct(Kind::Topic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_weeks_cross_years() {
        assert_eq!(week_key(day("2024-12-30")), WeekKey { year: 2025, week: 1 });
        assert_eq!(week_key(day("2021-01-03")), WeekKey { year: 2020, week: 53 });
        assert_eq!(week_key(day("2024-01-29")), WeekKey { year: 2024, week: 5 });
    }

    #[test]
    fn a_day_is_the_day_written_and_a_time_is_read_in_the_zone() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let bare = Date::parse("2024-01-29").unwrap();
        assert_eq!(local_day(&bare, ny), day("2024-01-29"));
        // Monday 02:00 in UTC is still Sunday evening in New York.
        let timed = Date::parse("2024-01-29T02:00:00Z").unwrap();
        assert_eq!(local_day(&timed, ny), day("2024-01-28"));
        assert_eq!(local_day(&timed, Tz::UTC), day("2024-01-29"));
    }
}
