//! Where an image written in a briefing is: a path relative to the
//! briefing's file (anywhere under `content/`), or a path starting with `/`
//! under `static/`. Percent-escapes are decoded (`my%20chart.png`); a
//! `?query` or `#fragment` is ignored; a path may not leave its folder.

use std::path::{Component, Path, PathBuf};

use crate::content::briefing::bundle_folder;
use crate::walk;

pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";

/// An image file of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// Under `content/`: published beside the briefing that uses it.
    Content(PathBuf),
    /// Under `static/`: `rel` from the site root, and its path inside `static/`.
    Static { rel: PathBuf, name: String },
}

impl Place {
    /// The file, relative to the site root.
    pub fn rel(&self) -> &Path {
        match self {
            Place::Content(rel) | Place::Static { rel, .. } => rel,
        }
    }
}

/// Why a written path is no image file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub help: String,
}

/// The file `src` names, written in the briefing at `briefing` (relative
/// to the site root).
pub fn place(briefing: &Path, src: &str) -> Result<Place, Refused> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let path = percent_decode(path.trim());
    if let Some(below) = path.strip_prefix('/') {
        let inside = normalize(Path::new(below)).ok_or_else(|| Refused {
            message: format!("the image `{src}` is outside static/"),
            help: "a path starting with / names a file under static/, like /img/chart.png".into(),
        })?;
        let name = walk::name_within("", &inside);
        return Ok(Place::Static { rel: Path::new(STATIC_DIR).join(&inside), name });
    }
    let folder = briefing.parent().unwrap_or(Path::new(""));
    let rel = normalize(&folder.join(&path))
        .filter(|rel| rel.starts_with(CONTENT_DIR) && rel != Path::new(CONTENT_DIR))
        .ok_or_else(|| Refused {
            message: format!("the image `{src}` is outside content/"),
            help: "keep images beside the briefing (chart.png), or under static/ and write /img/chart.png"
                .into(),
        })?;
    Ok(Place::Content(rel))
}

/// What to tell a writer whose image `src` is not at `place`.
pub fn missing(briefing: &Path, src: &str, place: &Place) -> Refused {
    let message = format!("the image `{src}` does not exist (looked for {})", place.rel().display());
    let help = match place {
        Place::Static { .. } => {
            "a path starting with / names a file under static/; without the / it is relative to this briefing's file"
                .to_string()
        }
        Place::Content(_) if bundle_folder(briefing).is_some() => {
            "image paths are relative to this briefing's file: put the image in its folder".to_string()
        }
        Place::Content(_) => "image paths are relative to this briefing's file: put the image beside it, \
             or make the briefing a folder (NAME/index.md) with its images inside"
            .to_string(),
    };
    Refused { message, help }
}

/// `.` and `..` resolved without the file system; `None` when `..` climbs
/// out of the path's start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(name) => out.push(name),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// `%XX` escapes decoded (a Markdown target may write a space as `%20`);
/// anything that does not decode to UTF-8 is kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAT: &str = "content/briefings/2024/huawei.md";
    const BUNDLE: &str = "content/briefings/2024/huawei-tops/index.md";

    #[test]
    fn places() {
        let content = |p: &str| Ok(Place::Content(PathBuf::from(p)));
        assert_eq!(
            place(Path::new(BUNDLE), "chart.png"),
            content("content/briefings/2024/huawei-tops/chart.png")
        );
        assert_eq!(
            place(Path::new(BUNDLE), "./img/a%20b.png?v=2#x"),
            content("content/briefings/2024/huawei-tops/img/a b.png")
        );
        assert_eq!(place(Path::new(FLAT), "../common/x.png"), content("content/briefings/common/x.png"));
        assert_eq!(
            place(Path::new(FLAT), "/img/logo.svg"),
            Ok(Place::Static { rel: PathBuf::from("static/img/logo.svg"), name: "img/logo.svg".into() })
        );
    }

    #[test]
    fn paths_stay_inside_their_folder() {
        for outside in ["../../../site.yaml", "../../../../etc/passwd", "../../.."] {
            let refused = place(Path::new(FLAT), outside).unwrap_err();
            assert!(refused.message.contains("outside content/"), "{outside}: {refused:?}");
        }
        assert!(place(Path::new(FLAT), "/../site.yaml").unwrap_err().message.contains("outside static/"));
    }

    #[test]
    fn missing_files_say_where_they_were_looked_for() {
        let p = place(Path::new(BUNDLE), "chart.png").unwrap();
        let m = missing(Path::new(BUNDLE), "chart.png", &p);
        assert_eq!(
            m.message,
            "the image `chart.png` does not exist (looked for content/briefings/2024/huawei-tops/chart.png)"
        );
        assert!(m.help.contains("in its folder"));
    }
}
