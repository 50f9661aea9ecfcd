//! `briefing`: a static site generator for tech briefings.
//!
//! One pipeline, each stage a function of the one before:
//! `site.yaml` -> [`Config`]; `content/` -> [`content::Content`] -> [`Site`];
//! `templates/` + built-ins -> [`render::Theme`]; pages -> [`output::Staging`] -> swap.
//! The stages are called in [`pipeline`]; `check` and `serve` reuse them.

pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod escape;
pub mod ids;
pub mod import;
pub mod media;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod routes;
pub mod salvage;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod spill;
pub mod walk;
pub mod yaml;

pub use config::Config;
pub use error::{Diagnostic, Failure};
pub use pipeline::{BuildOptions, BuildReport, LinkPolicy, Ready, build, site_folder};
pub use site::Site;
