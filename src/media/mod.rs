//! Media drawn or processed at build time: the briefings' social cards.

pub mod card;
