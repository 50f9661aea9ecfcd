//! The generated corpus: the project's generator (`examples/corpus`),
//! included as a module and run in-process.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::digest;

/// The corpus generator of `examples/corpus`.
#[path = "../../examples/corpus/generator/mod.rs"]
pub mod generator;

/// Writes a generated corpus of `n` briefings into `dir` with the
/// project's generator (`examples/corpus`), in-process; returns what it wrote.
#[track_caller]
pub fn generate_corpus(n: usize, dir: &Path) -> generator::Summary {
    generate_corpus_with(&generator::Options::new(n), dir)
}

/// [`generate_corpus`] with options of its own.
#[track_caller]
pub fn generate_corpus_with(options: &generator::Options, dir: &Path) -> generator::Summary {
    generator::generate(options, dir)
        .unwrap_or_else(|e| panic!("cannot write the corpus into {}: {e}", dir.display()))
}

/// The Markdown files of a generated corpus, sorted, relative to `root`.
pub fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = digest(&root.join("content/briefings"))
        .into_iter()
        .filter(|(p, (kind, _, _))| *kind == 'f' && p.extension() == Some(OsStr::new("md")))
        .map(|(p, _)| PathBuf::from("content/briefings").join(p))
        .collect();
    files.sort();
    files
}
