//! Sharded builds (`--shard K/N`): which of a build's files shard K makes,
//! a deterministic share balanced by the cost of making each file, so the N
//! shards' folders copied into one tree are the full build.

use super::catalogue::Item;
use crate::error::Diagnostic;
use crate::routes::Page;

/// Shard `k` of `n` (1-based), as `--shard K/N` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Reads `K/N` (`2/3`): whole numbers with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, Diagnostic> {
        let bad = |why: &str| {
            Diagnostic::flag("--shard", format!("`{text}` {why}"))
                .help("write K/N, as in --shard 2/3 for the second of three shards; K runs from 1 to N")
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("is not of the form K/N"))?;
        let number = |s: &str| s.trim().parse::<usize>().ok();
        let (Some(k), Some(n)) = (number(k), number(n)) else { return Err(bad("is not two whole numbers")) };
        if n == 0 || k == 0 || k > n {
            return Err(bad("is not a shard: K must be at least 1 and at most N"));
        }
        Ok(Shard { k, n })
    }

    /// Which of `files` this shard makes (a mask in the same order).
    /// The costliest files are dealt first, each to the shard with the least
    /// work so far; ties go by position, so every shard computes the same deal.
    pub fn select(&self, files: &[(String, Item)]) -> Vec<bool> {
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(cost(&files[i].1)), i));
        let mut load = vec![0u64; self.n];
        let mut mine = vec![false; files.len()];
        for i in order {
            let least = (0..self.n).min_by_key(|&s| (load[s], s)).unwrap_or(0);
            load[least] += cost(&files[i].1);
            mine[i] = least == self.k - 1;
        }
        mine
    }
}

/// The relative cost of making a file, as measured on generated sites:
/// drawing a card or making image variants costs most, a page with a
/// timeline of briefings more than a redirect.
fn cost(item: &Item) -> u64 {
    match item {
        Item::Card(_) => 20,
        Item::Media(_) => 40,
        Item::Page(Page::Briefing(_)) => 4,
        Item::Page(_) | Item::Email(..) => 5,
        Item::Feed(_) | Item::Search(_) | Item::Crawlers(_) => 8,
        Item::Alias(_) | Item::Redirects(_) | Item::Asset(_) | Item::Static(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_k_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { k: 2, n: 3 });
        for bad in ["3", "0/3", "4/3", "a/b", "1/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_file_goes_to_exactly_one_shard() {
        let files: Vec<(String, Item)> =
            (0..50).map(|i| (format!("f{i}"), Item::Asset(format!("a{i}")))).collect();
        let masks: Vec<Vec<bool>> = (1..=3).map(|k| Shard { k, n: 3 }.select(&files)).collect();
        for i in 0..files.len() {
            assert_eq!(masks.iter().filter(|m| m[i]).count(), 1);
        }
        let sizes: Vec<usize> = masks.iter().map(|m| m.iter().filter(|&&x| x).count()).collect();
        assert!(sizes.iter().all(|&s| (16..=17).contains(&s)), "{sizes:?}");
    }
}
