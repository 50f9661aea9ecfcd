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
    // Every shared term's neighbours of `i` with the term's weight, sorted
    // by id, so each neighbour's score is summed over one run and the best
    // few are kept as the runs go by.
    let mut candidates: Vec<(BriefingId, u32)> = Vec::with_capacity(8 * (2 * WINDOW + 1));
    for (kind, weight) in [(Kind::Company, COMPANY_WEIGHT), (Kind::Topic, TOPIC_WEIGHT)] {
        for &t in site.terms_of(i, kind) {
            candidates.extend(neighbours(&site.term(t).briefings, i).iter().map(|&j| (j, weight)));
        }
    }
    // Each term's neighbours are already in order: the stable sort finds
    // those runs and merges them, instead of sorting from scratch.
    candidates.sort_by_key(|&(j, _)| j);
    let mut best: Vec<(BriefingId, u32)> = Vec::with_capacity(MAX_RELATED + 1);
    for run in candidates.chunk_by(|a, b| a.0 == b.0) {
        let j = run[0].0;
        if j != i {
            keep_best(&mut best, j, run.iter().map(|&(_, weight)| weight).sum());
        }
    }
    best.into_iter().map(|(j, _)| j).collect()
}

/// Adds `j` with `score` to `best` (highest score first, lower ids first on
/// ties), which holds at most [`MAX_RELATED`]; ids arrive in increasing order.
fn keep_best(best: &mut Vec<(BriefingId, u32)>, j: BriefingId, score: u32) {
    let at = best.iter().position(|&(_, s)| s < score).unwrap_or(best.len());
    if at < MAX_RELATED {
        best.insert(at, (j, score));
        best.truncate(MAX_RELATED);
    }
}

/// The briefings within [`WINDOW`] of `i` in a term's list (sorted by id,
/// newest first), `i` included.
fn neighbours(list: &[BriefingId], i: BriefingId) -> &[BriefingId] {
    let pos = list.binary_search(&i).unwrap_or_else(|p| p);
    &list[pos.saturating_sub(WINDOW)..(pos + WINDOW + 1).min(list.len())]
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
        let site = site(&[&[0, 2, 3]], &[&[0, 1, 3], &[4]], &companies, &topics);
        assert_eq!(of(&site, BriefingId::from_index(0)), ids(&[3, 2, 1]));
        assert!(of(&site, BriefingId::from_index(4)).is_empty());
    }

    /// A site of `companies[i]` and `topics[i]` for briefing i, whose terms
    /// list the briefings `company_lists` and `topic_lists` say.
    fn site(
        company_lists: &[&[usize]],
        topic_lists: &[&[usize]],
        companies: &[&[usize]],
        topics: &[&[usize]],
    ) -> Site {
        Site {
            briefings: Default::default(),
            companies: tax(Kind::Company, company_lists),
            topics: tax(Kind::Topic, topic_lists),
            authors: tax(Kind::Author, &[]),
            archive: Vec::new(),
            digest: Default::default(),
            unread: Vec::new(),
            now: chrono::DateTime::UNIX_EPOCH,
            filings: companies
                .iter()
                .zip(topics)
                .map(|(&c, &t)| Filing {
                    companies: terms(Kind::Company, c),
                    topics: terms(Kind::Topic, t),
                    ..Filing::default()
                })
                .collect(),
        }
    }

    /// What `of` must return, scored the plain way: a map of every
    /// neighbour's summed weight, sorted.
    fn reference(site: &Site, i: BriefingId) -> Vec<BriefingId> {
        let mut scores = std::collections::BTreeMap::new();
        for (kind, weight) in [(Kind::Company, COMPANY_WEIGHT), (Kind::Topic, TOPIC_WEIGHT)] {
            for &t in site.terms_of(i, kind) {
                for &j in neighbours(&site.term(t).briefings, i).iter().filter(|&&j| j != i) {
                    *scores.entry(j).or_insert(0) += weight;
                }
            }
        }
        let mut ranked: Vec<(BriefingId, u32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().take(MAX_RELATED).map(|(j, _)| j).collect()
    }

    fn borrow(v: &[Vec<usize>]) -> Vec<&[usize]> {
        v.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn merged_scores_equal_scores_summed_in_a_map() {
        // 400 briefings, each in 0 to 3 of 12 companies and of 6 topics,
        // from a fixed pseudo-random sequence: windows overlap and clip.
        let (n, mut seed) = (400, 0x2545_f491_4f6c_dd1d_u64);
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        let mut pick = |terms: usize| {
            let mut l: Vec<usize> = (0..next(4)).map(|_| next(terms)).collect();
            l.sort_unstable();
            l.dedup();
            l
        };
        let companies: Vec<Vec<usize>> = (0..n).map(|_| pick(12)).collect();
        let topics: Vec<Vec<usize>> = (0..n).map(|_| pick(6)).collect();
        let lists = |of: &[Vec<usize>], terms: usize| -> Vec<Vec<usize>> {
            (0..terms).map(|t| (0..n).filter(|&i| of[i].contains(&t)).collect()).collect()
        };
        let (cl, tl) = (lists(&companies, 12), lists(&topics, 6));
        let site = site(&borrow(&cl), &borrow(&tl), &borrow(&companies), &borrow(&topics));
        let mut full = 0;
        for i in 0..n {
            let i = BriefingId::from_index(i);
            let expected = reference(&site, i);
            full += usize::from(expected.len() == MAX_RELATED);
            assert_eq!(of(&site, i), expected, "briefing {i:?}");
        }
        assert!(full > n / 2, "too few briefings with a full list ({full}) to test the ranking");
    }
}
