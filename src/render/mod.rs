//! Rendering: Tera setup with the built-in theme, view structs for
//! templates (authors' in `authors.rs`, the digest's in `digest.rs`), JSON-LD,
//! and the pages of the site.

pub mod authors;
pub mod digest;
pub mod jsonld;
pub mod pages;
pub mod theme;
pub mod views;

pub use theme::Theme;
