//! Related briefings, scored by shared companies and topics through the term
//! indexes (no all-pairs scan).

use super::{BriefingId, Kind, Site};

/// At most this many related briefings per briefing.
pub const MAX_RELATED: usize = 5;
/// Within each shared term, only the briefings this close in time are
/// candidates, which keeps the work linear in the number of briefings.
const WINDOW: usize = 30;
const COMPANY_WEIGHT: u32 = 2;
const TOPIC_WEIGHT: u32 = 1;

/// The related briefings of briefing `i`: most shared companies (counted
/// double) and topics first, newest first on ties.
pub fn of(site: &Site, i: BriefingId) -> Vec<BriefingId> {
    // Every (neighbour, weight) pair, then summed per neighbour: a few
    // hundred pairs at most, which a sort handles faster than a hash map.
    let mut pairs: Vec<(BriefingId, u32)> = Vec::new();
    for (kind, weight) in [(Kind::Company, COMPANY_WEIGHT), (Kind::Topic, TOPIC_WEIGHT)] {
        for &t in site.terms_of(i, kind) {
            add_neighbours(&site.term(t).briefings, i, weight, &mut pairs);
        }
    }
    pairs.sort_unstable_by_key(|&(j, _)| j);
    let mut ranked: Vec<(BriefingId, u32)> = Vec::with_capacity(pairs.len());
    for (j, weight) in pairs {
        match ranked.last_mut() {
            Some((last, score)) if *last == j => *score += weight,
            _ => ranked.push((j, weight)),
        }
    }
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(MAX_RELATED).map(|(j, _)| j).collect()
}

/// The briefings next to `i` in a term's list (sorted newest first), each
/// with `weight`.
fn add_neighbours(list: &[BriefingId], i: BriefingId, weight: u32, pairs: &mut Vec<(BriefingId, u32)>) {
    let pos = list.binary_search(&i).unwrap_or_else(|p| p);
    let start = pos.saturating_sub(WINDOW);
    let end = (pos + WINDOW + 1).min(list.len());
    pairs.extend(list[start..end].iter().filter(|&&j| j != i).map(|&j| (j, weight)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{Id, TermId};
    use crate::site::Filing;
    use crate::site::terms::{Taxonomy, Term};

    fn ids(list: &[usize]) -> Vec<BriefingId> {
        list.iter().map(|&i| BriefingId::from_index(i)).collect()
    }

    fn terms(kind: Kind, list: &[usize]) -> Vec<TermId> {
        list.iter().map(|&i| TermId::new(kind, i)).collect()
    }

    fn tax(kind: Kind, lists: &[&[usize]]) -> Taxonomy {
        let terms = lists
            .iter()
            .enumerate()
            .map(|(n, l)| Term {
                slug: format!("t{n}"),
                name: format!("T{n}"),
                profile: None,
                briefings: ids(l),
                related: vec![],
            })
            .collect();
        Taxonomy { kind, terms }
    }

    #[test]
    fn shared_company_outranks_shared_topic_and_newer_wins_ties() {
        // Briefing 0: company 0, topic 0. Briefing 1 shares the topic only,
        // 2 shares the company, 3 shares both, 4 shares nothing.
        let companies: [&[usize]; 5] = [&[0], &[], &[0], &[0], &[]];
        let topics: [&[usize]; 5] = [&[0], &[0], &[], &[0], &[1]];
        let site = Site {
            briefings: Default::default(),
            companies: tax(Kind::Company, &[&[0, 2, 3]]),
            topics: tax(Kind::Topic, &[&[0, 1, 3], &[4]]),
            authors: tax(Kind::Author, &[]),
            archive: Vec::new(),
            digest: Default::default(),
            unread: Vec::new(),
            now: chrono::DateTime::UNIX_EPOCH,
            filings: companies
                .iter()
                .zip(topics)
                .map(|(c, t)| Filing {
                    companies: terms(Kind::Company, c),
                    topics: terms(Kind::Topic, t),
                    ..Filing::default()
                })
                .collect(),
        };
        assert_eq!(of(&site, BriefingId::from_index(0)), ids(&[3, 2, 1]));
        assert!(of(&site, BriefingId::from_index(4)).is_empty());
    }
}
