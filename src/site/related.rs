//! Related briefings, scored by shared companies and topics through the term
//! indexes (no all-pairs scan).

use std::collections::HashMap;

use super::Site;

/// At most this many related briefings per briefing.
pub const MAX_RELATED: usize = 5;
/// Within each shared term, only the briefings this close in time are
/// candidates, which keeps the work linear in the number of briefings.
const WINDOW: usize = 30;
const COMPANY_WEIGHT: u32 = 2;
const TOPIC_WEIGHT: u32 = 1;

/// The related briefings of briefing `i` (indexes sorted newest first): most
/// shared companies (counted double) and topics first, newest first on ties.
pub fn of(site: &Site, i: usize) -> Vec<usize> {
    let mut scores: HashMap<usize, u32> = HashMap::new();
    for &c in &site.briefing_companies[i] {
        add_neighbours(&site.companies.terms[c].briefings, i, COMPANY_WEIGHT, &mut scores);
    }
    for &t in &site.briefing_topics[i] {
        add_neighbours(&site.topics.terms[t].briefings, i, TOPIC_WEIGHT, &mut scores);
    }
    let mut ranked: Vec<(usize, u32)> = scores.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(MAX_RELATED).map(|(j, _)| j).collect()
}

/// Scores the briefings next to `i` in a term's list (sorted by index).
fn add_neighbours(list: &[usize], i: usize, weight: u32, scores: &mut HashMap<usize, u32>) {
    let pos = list.binary_search(&i).unwrap_or_else(|p| p);
    let start = pos.saturating_sub(WINDOW);
    let end = (pos + WINDOW + 1).min(list.len());
    for &j in &list[start..end] {
        if j != i {
            *scores.entry(j).or_insert(0) += weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::terms::{Kind, Taxonomy, Term};

    fn tax(kind: Kind, lists: &[&[usize]]) -> Taxonomy {
        let terms = lists
            .iter()
            .enumerate()
            .map(|(n, l)| Term {
                slug: format!("t{n}"),
                name: format!("T{n}"),
                profile: None,
                briefings: l.to_vec(),
                related: vec![],
            })
            .collect();
        Taxonomy { kind, terms }
    }

    #[test]
    fn shared_company_outranks_shared_topic_and_newer_wins_ties() {
        // Briefing 0: company 0, topic 0. Briefing 1 shares the topic only,
        // 2 shares the company, 3 shares both, 4 shares nothing.
        let site = Site {
            briefings: Vec::new(),
            companies: tax(Kind::Company, &[&[0, 2, 3]]),
            topics: tax(Kind::Topic, &[&[0, 1, 3], &[4]]),
            briefing_companies: vec![vec![0], vec![], vec![0], vec![0], vec![]],
            briefing_topics: vec![vec![0], vec![0], vec![], vec![0], vec![1]],
            archive: Vec::new(),
        };
        assert_eq!(of(&site, 0), [3, 2, 1]);
        assert!(of(&site, 4).is_empty());
    }
}
