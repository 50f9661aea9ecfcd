//! A build's image files and markup: each briefing's variants named beside
//! its page (the names and URLs come from routes), the `<picture>` of its
//! hero, its body's image placeholders replaced by theirs, and the files of
//! briefings written as folders.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::html::{Picture, Placement, srcset};
use super::probe::{Format, Probe};
use super::process::{Image, Trouble};
use super::refs::{Ref, Use};
use super::resolve::Place;
use super::variants::{Encoding, fallback};
use super::{Made, Shown, bundle};
use crate::content::Briefing;
use crate::content::briefing::bundle_folder;
use crate::content::images::replace_placeholders;
use crate::ids::{BriefingId, IdVec};
use crate::routes::{self, File, Routes};
use crate::slug::slugify;

/// What publishing makes: each briefing's hero, and every file by its path
/// in the output (sorted, each once).
pub struct Published {
    pub heroes: Vec<Option<Shown>>,
    pub files: BTreeMap<String, Made>,
    /// Bodies that could not be read back to place their pictures.
    pub problems: Vec<crate::error::Diagnostic>,
}

/// Publishes the images of `refs` that are ready (their file probed, their
/// raster variants found or made, by key in `images`) and the files of
/// folder briefings; replaces the placeholders of the body images.
pub fn publish(
    root: &Path,
    briefings: &mut IdVec<BriefingId, Arc<Briefing>>,
    routes: &Routes,
    refs: &[Ref],
    probed: &BTreeMap<Place, Result<Probe, Trouble>>,
    images: &BTreeMap<u128, Image>,
) -> Published {
    let mut out =
        Published { heroes: vec![None; briefings.len()], files: BTreeMap::new(), problems: Vec::new() };
    // Briefing index -> body image number -> markup.
    let mut bodies: BTreeMap<usize, BTreeMap<usize, String>> = BTreeMap::new();
    for r in refs {
        let Some(Ok(probe)) = probed.get(&r.place) else { continue };
        let b = &briefings[r.briefing];
        let picture = match probe.format {
            Format::Svg => svg(&mut out.files, b, r, probe, routes),
            _ => match images.get(&probe.key) {
                Some(image) => raster(&mut out.files, r, image, routes),
                None => continue,
            },
        };
        match r.used {
            Use::Hero => {
                let alt = b.image.as_ref().filter(|h| !h.decorative).map_or("", |h| h.alt.as_str());
                let html = picture.html(alt, "", Placement::Hero);
                out.heroes[r.briefing.index()] = Some(Shown { picture, html });
            }
            Use::Body(n) => {
                let Some(image) = b.images.get(n) else { continue };
                let alt = if image.decorative { "" } else { image.alt.as_str() };
                let html = picture.html(alt, &image.title, Placement::Body);
                bodies.entry(r.briefing.index()).or_default().insert(n, html);
            }
        }
    }
    for (i, shared) in briefings.iter_mut().enumerate() {
        if let Some(pictures) = bodies.get(&i) {
            let b = Arc::make_mut(shared);
            match b.body() {
                Ok(body) => {
                    let body = replace_placeholders(&body, |n| pictures.get(&n).cloned());
                    b.body_html.replace(body);
                    // The body as read had its links' targets: it now holds them.
                    b.link_targets.clear();
                }
                Err(d) => out.problems.push(d),
            }
        }
    }
    for (id, b) in briefings.enumerate() {
        let Some(folder) = bundle_folder(&b.path) else { continue };
        for (rel, name) in bundle::files(root, folder) {
            out.files.insert(routes.file(File::BriefingFile(id, &name)), Made::Copy(rel));
        }
    }
    out
}

/// A raster image's variants beside the briefing, and its picture.
fn raster(files: &mut BTreeMap<String, Made>, r: &Ref, image: &Image, routes: &Routes) -> Picture {
    let stem = stem(&image.rel);
    let short = image.probe.short_key();
    let own = fallback(image.probe.format).unwrap_or(Encoding::Webp);
    let mut webp = Vec::new();
    let mut own_format = Vec::new();
    for (index, v) in image.variants.iter().enumerate() {
        let name = routes::image_variant_name(&stem, &short, v.width, v.encoding.ext());
        let file = File::BriefingFile(r.briefing, &name);
        files.insert(routes.file(file), Made::Variant { key: image.probe.key, index });
        let listed = (routes.url(file), v.width, v.height);
        if v.encoding == own {
            own_format.push(listed);
        } else {
            webp.push(listed);
        }
    }
    let (src, width, height) = own_format.last().cloned().unwrap_or_default();
    let list = |all: &[(String, u32, u32)]| srcset(all.iter().map(|(url, w, _)| (url.as_str(), *w)));
    Picture { src, srcset: list(&own_format), webp_srcset: list(&webp), width, height }
}

/// An SVG as it is: the static file itself, the file of a folder briefing,
/// or a copy beside the briefing that uses it.
fn svg(files: &mut BTreeMap<String, Made>, b: &Briefing, r: &Ref, probe: &Probe, routes: &Routes) -> Picture {
    let src = match &r.place {
        Place::Static { name, .. } => routes.url(File::Static(name)),
        Place::Content(rel) => {
            match bundle_folder(&b.path).and_then(|folder| rel.strip_prefix(folder).ok()) {
                Some(inside) => {
                    routes.url(File::BriefingFile(r.briefing, &inside.to_string_lossy().replace('\\', "/")))
                }
                None => {
                    let name = routes::image_copy_name(&stem(rel), &probe.short_key(), "svg");
                    let file = File::BriefingFile(r.briefing, &name);
                    files.insert(routes.file(file), Made::Copy(rel.clone()));
                    routes.url(file)
                }
            }
        }
    };
    Picture {
        src,
        srcset: String::new(),
        webp_srcset: String::new(),
        width: probe.width,
        height: probe.height,
    }
}

/// The image's file name as a slug (`Chart 1.PNG` -> `chart-1`), to name its variants.
fn stem(rel: &Path) -> String {
    rel.file_stem().and_then(|s| s.to_str()).and_then(slugify).unwrap_or_else(|| "image".to_string())
}
