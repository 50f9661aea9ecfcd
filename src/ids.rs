//! Typed ids: a published briefing, a company, topic or author, a page number, an ISO week. The
//! vocabulary the site model, routes, rendering and output share, so no stage
//! passes a bare index that only means something in another stage's vector.

use std::marker::PhantomData;
use std::num::NonZeroU32;
use std::ops::Index;

/// Companies, topics and authors: the kinds of terms a briefing is filed
/// under. Companies and topics are what it is about; authors, who wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Company,
    Topic,
    Author,
}

impl Kind {
    /// Every kind: each has an index page, term pages and term feeds.
    pub const ALL: [Kind; 3] = [Kind::Company, Kind::Topic, Kind::Author];

    /// What a briefing is about: feed categories, tags and related briefings.
    pub const SUBJECTS: [Kind; 2] = [Kind::Company, Kind::Topic];

    /// `company` / `topic`.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Topic => "topic",
            Kind::Author => "author",
        }
    }

    /// `companies` / `topics`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Company => "companies",
            Kind::Topic => "topics",
            Kind::Author => "authors",
        }
    }

    /// `Companies` / `Topics`.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Company => "Companies",
            Kind::Topic => "Topics",
            Kind::Author => "Authors",
        }
    }

    /// Topics for a company or an author, companies for a topic.
    pub fn other(self) -> Kind {
        match self {
            Kind::Company | Kind::Author => Kind::Topic,
            Kind::Topic => Kind::Company,
        }
    }
}

/// A published briefing: its place in the site's newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BriefingId(u32);

/// A company, topic or author: its kind and its place in that taxonomy's name order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    pub kind: Kind,
    index: u32,
}

impl TermId {
    pub fn new(kind: Kind, index: usize) -> TermId {
        TermId { kind, index: to_u32(index) }
    }

    /// The position among the terms of its kind.
    pub fn index(self) -> usize {
        self.index as usize
    }
}

/// A 1-based page number of a paginated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageNo(NonZeroU32);

impl PageNo {
    pub const FIRST: PageNo = PageNo(NonZeroU32::MIN);

    /// Page `n`, or `None` for 0.
    pub fn new(n: usize) -> Option<PageNo> {
        NonZeroU32::new(to_u32(n)).map(PageNo)
    }

    /// Pages 1 to `count`.
    pub fn up_to(count: usize) -> impl Iterator<Item = PageNo> {
        (1..=to_u32(count)).filter_map(NonZeroU32::new).map(PageNo)
    }

    pub fn get(self) -> usize {
        self.0.get() as usize
    }

    pub fn is_first(self) -> bool {
        self == PageNo::FIRST
    }
}

/// An ISO 8601 week (Monday to Sunday; week 1 holds the year's first
/// Thursday): what a weekly digest is of. Orders oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WeekKey {
    /// The ISO week-numbering year (2024-12-30 is in week 1 of 2025).
    pub year: i32,
    /// 1 to 53.
    pub week: u32,
}

/// A type whose values number the items of an [`IdVec`].
pub trait Id: Copy {
    fn from_index(index: usize) -> Self;
    fn index(self) -> usize;
}

impl Id for BriefingId {
    fn from_index(index: usize) -> Self {
        BriefingId(to_u32(index))
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

impl BriefingId {
    /// The position in the site's newest-first order.
    pub fn index(self) -> usize {
        Id::index(self)
    }
}

/// A vector indexed by a typed id instead of a bare `usize`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// The items in id order, to change in parallel.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    /// Every item with its id, in order.
    pub fn enumerate(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, item)| (I::from_index(i), item))
    }

    /// The ids just before and just after `id`, where there are items.
    pub fn around(&self, id: I) -> (Option<I>, Option<I>) {
        let i = id.index();
        (i.checked_sub(1).map(I::from_index), (i + 1 < self.items.len()).then(|| I::from_index(i + 1)))
    }

    /// The ids of the items `range` (positions, clamped to the length).
    pub fn slice_ids(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = I> + use<I, T> {
        let end = range.end.min(self.items.len());
        (range.start.min(end)..end).map(I::from_index)
    }
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec { items: Vec::new(), id: PhantomData }
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec { items, id: PhantomData }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec { items: iter.into_iter().collect(), id: PhantomData }
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;

    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Ids are `u32` to keep them small; no site has four billion briefings.
fn to_u32(index: usize) -> u32 {
    u32::try_from(index).expect("fewer than 2^32 items")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(PageNo::up_to(3).map(PageNo::get).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(PageNo::new(0).is_none());
        assert!(PageNo::FIRST.is_first() && !PageNo::new(2).unwrap().is_first());
    }

    #[test]
    fn id_vec_is_indexed_by_its_id() {
        let v: IdVec<BriefingId, &str> = vec!["a", "b", "c"].into();
        let ids: Vec<BriefingId> = v.ids().collect();
        assert_eq!(v[ids[2]], "c");
        assert_eq!(v.slice_ids(1..9).map(|id| v[id]).collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(v.slice_ids(5..9).count(), 0);
    }
}
