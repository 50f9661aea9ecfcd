//! Output: every file of a build (the catalogue and how each is made: pages,
//! feeds, sitemap, search index, static files, alias redirects, the digest's
//! email editions), the guard on the output
//! folder, and the staging folder swapped in atomically.

pub mod aliases;
pub mod catalogue;
pub mod email_text;
pub mod feeds;
pub mod guard;
pub mod news;
pub mod search;
pub mod shard;
pub mod sitemap;
pub mod staging;
pub mod xml;

pub use catalogue::{Catalogue, Item, Producer};
pub use shard::Shard;
pub use staging::Staging;
