//! Images: the hero and body images of the published briefings checked
//! (the file exists, reads, is within the size limit, has alt text), each
//! raster image made into WebP and own-format variants at a few widths
//! (cached by content hash in `.briefing/images/`, made in parallel), SVGs
//! published as they are, markup written (`<picture>`, `srcset`, `sizes`),
//! and the files of briefings written as folders. A build finds every
//! problem here before it writes anything.
//!
//! The stage, in order: [`refs`] (what each briefing shows) -> [`process`]
//! (probe each file, then find or make each image's variants) ->
//! [`publish`] (files, names, markup). [`card`] draws the briefings' social cards.

pub mod bundle;
pub mod card;
pub mod encode;
pub mod html;
pub mod probe;
pub mod process;
pub mod publish;
pub mod refs;
pub mod resolve;
pub mod store;
pub mod svg;
pub mod variants;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::Briefing;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, IdVec};
use crate::routes::Routes;
use html::Picture;
use probe::{MAX_PIXELS, Refusal};
use process::{Counts, Image, Memo, Trouble};
use store::Store;

/// The image cache of a site and how a build may use it; `serve` keeps one
/// between rebuilds, so unchanged files are not read again.
pub struct Cache {
    store: Store,
    write: bool,
    memo: Memo,
}

impl Cache {
    /// For `build` and `serve`: images not in the cache are made and stored.
    pub fn writing(root: &Path) -> Cache {
        Cache { store: Store::new(images_dir(root)), write: true, memo: Memo::default() }
    }

    /// For `check`, which writes nothing: an image not in the cache is
    /// decoded to check that it reads, and nothing is stored.
    pub fn read_only(root: &Path) -> Cache {
        Cache { write: false, ..Cache::writing(root) }
    }
}

/// `<root>/.briefing/images`.
pub fn images_dir(root: &Path) -> PathBuf {
    crate::cache::dir(root).join("images")
}

/// How to make one file of the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    /// Variant `index` of the image with this key.
    Variant { key: u128, index: usize },
    /// A file published as it is (an SVG, a file of a folder briefing),
    /// relative to the site root.
    Copy(PathBuf),
}

/// An image shown at the top of a briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub picture: Picture,
    /// Its markup.
    pub html: String,
}

/// The images of one build: every file to write and the heroes' markup.
#[derive(Default)]
pub struct Media {
    root: PathBuf,
    store: Option<Store>,
    write: bool,
    heroes: Vec<Option<Shown>>,
    images: BTreeMap<u128, Image>,
    /// Each file by its path in the output, sorted.
    pub files: Vec<(String, Made)>,
    pub counts: Counts,
}

/// Checks and processes the images of the published `briefings`, replacing
/// the placeholders of body images with their markup. Returns the images
/// and every problem found, each at its place in its briefing.
pub fn prepare(
    root: &Path,
    briefings: &mut IdVec<BriefingId, Arc<Briefing>>,
    routes: &Routes,
    cache: &Cache,
) -> (Media, Vec<Diagnostic>) {
    let (refs, mut problems) = refs::collect(briefings);
    let places: BTreeSet<&resolve::Place> = refs.iter().map(|r| &r.place).collect();
    let probed = process::probe_all(root, places, &variants::settings(), &cache.memo);
    let mut wanted = BTreeMap::new();
    for r in &refs {
        match &probed[&r.place] {
            Ok(p) if p.format != probe::Format::Svg => {
                wanted.entry(p.key).or_insert_with(|| (r.place.rel().to_path_buf(), *p));
            }
            Ok(_) if r.used == refs::Use::Hero && briefings[r.briefing].hero_is_social() => {
                problems.push(
                    r.problem(
                        briefings,
                        format!(
                            "the image `{}` is an SVG, which social networks do not show in link previews",
                            r.src
                        ),
                        "remove `social: hero` to use the drawn card, or make the hero a PNG, JPEG or WebP"
                            .to_string(),
                    ),
                );
            }
            Ok(_) => {}
            Err(trouble) => {
                let (message, help) = explain(r, trouble, briefings);
                problems.push(r.problem(briefings, message, help));
            }
        }
    }
    let (images, broken, counts) = process::process_all(root, wanted, &cache.store, cache.write);
    for r in &refs {
        if let Some(why) = probed[&r.place].as_ref().ok().and_then(|p| broken.get(&p.key)) {
            problems.push(r.problem(
                briefings,
                format!("the image `{}` cannot be read: {why}", r.src),
                "open it in an image editor and save it again as PNG, JPEG, WebP or GIF".to_string(),
            ));
        }
    }
    let published = publish::publish(root, briefings, routes, &refs, &probed, &images);
    problems.extend(published.problems);
    let media = Media {
        root: root.to_path_buf(),
        store: Some(cache.store.clone()),
        write: cache.write,
        heroes: published.heroes,
        images,
        files: published.files.into_iter().collect(),
        counts,
    };
    (media, problems)
}

/// A file's trouble in a writer's words, with what to do.
fn explain(
    r: &refs::Ref,
    trouble: &Trouble,
    briefings: &IdVec<BriefingId, Arc<Briefing>>,
) -> (String, String) {
    let src = &r.src;
    let resave = "save it as PNG, JPEG, WebP or GIF (or SVG for a drawing)".to_string();
    match trouble {
        Trouble::Missing => {
            let refused = resolve::missing(&briefings[r.briefing].path, src, &r.place);
            (refused.message, refused.help)
        }
        Trouble::Unreadable(why) => {
            (format!("the image `{src}` cannot be read: {why}"), "check the file's permissions".into())
        }
        Trouble::Refused(Refusal::Unsupported(format)) => {
            (format!("the image `{src}` is a {format} file, which briefing does not publish"), resave)
        }
        Trouble::Refused(Refusal::Unreadable(why)) => {
            (format!("the image `{src}` cannot be read: {why}"), resave)
        }
        Trouble::Refused(Refusal::TooLarge { width, height }) => (
            format!(
                "the image `{src}` is {width} × {height} pixels ({} megapixels); the limit is {} megapixels",
                (u64::from(*width) * u64::from(*height)).div_ceil(1_000_000),
                MAX_PIXELS / 1_000_000
            ),
            "scale it down before adding it: pages show images at most 1600 pixels wide".into(),
        ),
    }
}

impl Media {
    /// The hero of the briefing `id`, if it has one.
    pub fn hero(&self, id: BriefingId) -> Option<&Shown> {
        self.heroes.get(id.index()).and_then(Option::as_ref)
    }

    /// The bytes of one file: a variant from the cache (made again if the
    /// entry is missing or damaged), or a file as it is.
    pub fn produce(&self, made: &Made) -> Result<Vec<u8>, Diagnostic> {
        match made {
            Made::Copy(rel) => std::fs::read(self.root.join(rel)).map_err(|e| Diagnostic::io(rel, &e)),
            Made::Variant { key, index } => {
                let image = self
                    .images
                    .get(key)
                    .ok_or_else(|| Diagnostic::new("", "an image of this build is unknown"))?;
                let cached = image.stored.as_ref().and_then(|stored| {
                    let store = self.store.as_ref()?;
                    store.read(*key, stored.get(*index)?)
                });
                match cached {
                    Some(bytes) => Ok(bytes),
                    None => self.remake(image, *index),
                }
            }
        }
    }

    /// Makes the variants of `image` again (and stores them, when allowed).
    fn remake(&self, image: &Image, index: usize) -> Result<Vec<u8>, Diagnostic> {
        let bytes = std::fs::read(self.root.join(&image.rel)).map_err(|e| Diagnostic::io(&image.rel, &e))?;
        let mut files = process::make(&bytes, &image.probe, &image.variants)
            .map_err(|why| Diagnostic::new(&image.rel, format!("this image cannot be processed: {why}")))?;
        if let (true, Some(store)) = (self.write, &self.store) {
            let _ = store.write(image.probe.key, &image.variants, &files);
        }
        if index < files.len() {
            Ok(files.swap_remove(index))
        } else {
            Err(Diagnostic::new(&image.rel, "no such variant"))
        }
    }
}
