//! Rendering: Tera setup with the built-in theme, the URLs of a build, view
//! structs for templates, JSON-LD, and the pages of the site.

pub mod jsonld;
pub mod pages;
pub mod theme;
pub mod urls;
pub mod views;

pub use pages::Page;
pub use theme::Theme;
pub use urls::Prepared;
