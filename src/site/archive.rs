//! The archive: briefings grouped by year and month, newest first.

use std::sync::Arc;

use crate::content::Briefing;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    pub months: Vec<Month>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub month: u32,
    /// Indexes into the site's briefings, newest first.
    pub briefings: Vec<usize>,
}

/// Groups `briefings` (sorted newest first) by the year and month written.
pub fn build(briefings: &[Arc<Briefing>]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, b) in briefings.iter().enumerate() {
        let (y, m) = (b.date.year(), b.date.month());
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year { year: y, months: Vec::new() });
        }
        let year = years.last_mut().expect("pushed above");
        if year.months.last().is_none_or(|last| last.month != m) {
            year.months.push(Month { month: m, briefings: Vec::new() });
        }
        year.months.last_mut().expect("pushed above").briefings.push(i);
    }
    years
}
