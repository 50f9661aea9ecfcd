//! Shared helpers for every integration test (`mod common;` then
//! `use common::*;`): the site-test builder [`TestSite`] (a temporary site,
//! built with the real binary, its output read back), the one way of
//! running the binary, reading pages and HTML, link checking, folder trees,
//! the generated corpus and a `serve` harness.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

mod corpus;
mod html;
mod linkcheck;
mod pages;
mod run;
mod serve;
mod site;
mod tree;

#[allow(unused_imports)]
pub use {corpus::*, html::*, linkcheck::*, pages::*, run::*, serve::*, site::*, tree::*};

use std::path::PathBuf;

/// The crate root.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

/// Copies the fixture `name` into `tmp/site` and returns that path.
pub fn copy_fixture(tmp: &TempDir, name: &str) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixture(name), &site);
    // The build cache of tests that build the fixture in place is theirs.
    let _ = std::fs::remove_dir_all(site.join(".briefing"));
    site
}
