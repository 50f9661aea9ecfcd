//! The images each published briefing shows, gathered from its hero and
//! its body, each placed (which file it is) and held to the alt-text rule:
//! an image says what it shows, unless it is marked decorative.

use std::path::Path;
use std::sync::Arc;

use super::resolve::{self, Place};
use crate::content::Briefing;
use crate::content::images::is_local;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, IdVec};

/// Where in its briefing an image is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Hero,
    /// The `n`th image of the body (its placeholder's number).
    Body(usize),
}

/// One image shown by one briefing.
#[derive(Debug, Clone)]
pub struct Ref {
    pub briefing: BriefingId,
    pub used: Use,
    /// As written.
    pub src: String,
    pub place: Place,
    pub line: usize,
    pub col: usize,
}

impl Ref {
    /// A problem with this image, at its place in its briefing's file.
    pub fn problem(
        &self,
        briefings: &IdVec<BriefingId, Arc<Briefing>>,
        message: String,
        help: String,
    ) -> Diagnostic {
        at(&briefings[self.briefing].path, self.line, self.col, message, help)
    }
}

fn at(path: &Path, line: usize, col: usize, message: String, help: String) -> Diagnostic {
    Diagnostic::new(path, message).at(line, col).help(help)
}

/// Every image of `briefings` that could be placed, and the problems of
/// the others and of missing alt texts.
pub fn collect(briefings: &IdVec<BriefingId, Arc<Briefing>>) -> (Vec<Ref>, Vec<Diagnostic>) {
    let mut refs = Vec::new();
    let mut problems = Vec::new();
    for (id, b) in briefings.enumerate() {
        if let Some(hero) = &b.image {
            let problem =
                |message: String, help: &str| at(&b.path, hero.line, hero.col, message, help.to_string());
            if !is_local(&hero.src) {
                problems.push(problem(
                    format!("the image `{}` is not a file of this site", hero.src),
                    "images are published with the site: put the file beside the briefing and write its name",
                ));
                continue;
            }
            if hero.alt.is_empty() && !hero.decorative {
                problems.push(problem(
                    format!("the image `{}` has no alt text", hero.src),
                    "write what it shows in `alt:`, for readers who cannot see it; \
                     if it adds nothing they need, write `decorative: true` instead",
                ));
            }
            if hero.social && hero.decorative {
                problems.push(problem(
                    format!("the image `{}` is decorative, so it cannot stand for the briefing in link previews", hero.src),
                    "link previews need alt text: write what it shows in `alt:` and remove `decorative: true`, \
                     or remove `social: hero` to use the drawn card",
                ));
            }
            match resolve::place(&b.path, &hero.src) {
                Ok(place) => refs.push(Ref {
                    briefing: id,
                    used: Use::Hero,
                    src: hero.src.clone(),
                    place,
                    line: hero.line,
                    col: hero.col,
                }),
                Err(refused) => {
                    problems.push(at(&b.path, hero.line, hero.col, refused.message, refused.help))
                }
            }
        }
        for (n, image) in b.images.iter().enumerate() {
            if image.alt.is_empty() && !image.decorative {
                problems.push(at(
                    &b.path,
                    image.line,
                    image.col,
                    format!("the image `{}` has no alt text", image.src),
                    format!(
                        "describe what it shows between the brackets: `![Bar chart of sales by brand]({src})`; \
                         if it adds nothing a reader needs, mark it decorative: `![]({src} \"decorative\")`",
                        src = image.src
                    ),
                ));
            }
            match resolve::place(&b.path, &image.src) {
                Ok(place) => refs.push(Ref {
                    briefing: id,
                    used: Use::Body(n),
                    src: image.src.clone(),
                    place,
                    line: image.line,
                    col: image.col,
                }),
                Err(refused) => {
                    problems.push(at(&b.path, image.line, image.col, refused.message, refused.help))
                }
            }
        }
    }
    (refs, problems)
}
