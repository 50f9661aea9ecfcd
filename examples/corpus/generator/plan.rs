//! The plan of each briefing, made before any text: its date, whether it is
//! a draft, and which companies and topics it is about. Mentions follow a
//! Zipf-like law, so a few terms hold thousands of briefings (deep
//! pagination) and a long tail holds one each.

use super::rng::{Rng, Stream};

/// One briefing before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Minutes since 2020-01-01T00:00Z; strictly increasing with the index.
    pub minutes: i64,
    /// Written as `YYYY-MM-DD` (midnight) rather than a full timestamp.
    pub date_only: bool,
    pub draft: bool,
    /// Indexes into the company and topic lists, distinct, most mentioned first.
    pub companies: Vec<usize>,
    pub topics: Vec<usize>,
}

/// Minutes between two briefings: 263 (about 5.5 a day) up to 100,000
/// briefings, so that a larger corpus is longer rather than denser (the
/// growth benchmark compares like with like); past that, closer, so that any
/// corpus spans at most about fifty years.
pub fn step(n: usize) -> i64 {
    if n <= 100_000 { 263 } else { (263 * 100_000 / n as i64).max(2) }
}

/// How many briefings back a link must reach to land on an earlier day.
pub fn day_gap(n: usize) -> usize {
    (1440 / step(n)) as usize + 2
}

/// The plan of briefing `index` of `n`.
pub fn plan(seed: u64, index: usize, n: usize, drafts_every: usize, companies: &Zipf, topics: &Zipf) -> Plan {
    let mut rng = Rng::stream(seed, Stream::Plan, index as u64);
    let step = step(n);
    let jitter = rng.below((step * 3 / 4).max(1) as usize) as i64;
    let company_count = rng.range(1, 4);
    let topic_count = rng.range(1, 5);
    Plan {
        minutes: 8 * 60 + index as i64 * step + jitter,
        date_only: rng.chance(10),
        draft: drafts_every > 0 && index % drafts_every == drafts_every - 1,
        companies: companies.pick_distinct(&mut rng, company_count),
        topics: topics.pick_distinct(&mut rng, topic_count),
    }
}

/// Picks ranks `0..n` with weight `1 / (rank + 1)^1.125`.
///
/// The exponent is 9/8 so that weights need only square roots and
/// divisions, which IEEE 754 rounds the same way on every machine.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n.max(1))
            .map(|rank| {
                let r = rank as f64;
                total += 1.0 / (r * r.sqrt().sqrt().sqrt());
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative[self.cumulative.len() - 1];
        let u = rng.unit() * total;
        self.cumulative.partition_point(|&c| c <= u).min(self.cumulative.len() - 1)
    }

    /// `k` distinct ranks (fewer if there are fewer), most likely first.
    pub fn pick_distinct(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let k = k.min(self.cumulative.len());
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        // Small pools can make repeats likely: after a while, take the most likely unchosen.
        for _ in 0..64 {
            if chosen.len() == k {
                return chosen;
            }
            let rank = self.pick(rng);
            if !chosen.contains(&rank) {
                chosen.push(rank);
            }
        }
        let mut rank = 0;
        while chosen.len() < k {
            if !chosen.contains(&rank) {
                chosen.push(rank);
            }
            rank += 1;
        }
        chosen
    }
}

/// A date and time of the timeline, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl Stamp {
    /// The moment `minutes` after 2020-01-01T00:00Z.
    pub fn at(minutes: i64) -> Stamp {
        const DAYS_TO_2020: i64 = 18_262;
        let (year, month, day) = civil_from_days(DAYS_TO_2020 + minutes.div_euclid(1440));
        let in_day = minutes.rem_euclid(1440);
        Stamp { year, month, day, hour: (in_day / 60) as u32, minute: (in_day % 60) as u32 }
    }

    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn rfc3339(&self) -> String {
        format!("{}T{:02}:{:02}:00Z", self.ymd(), self.hour, self.minute)
    }
}

/// (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
