//! The theme: built-in templates and assets (stylesheet, search script), overridden file by file by
//! the site's `templates/`, loaded into Tera.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::cache::hash::{Fingerprint, Hasher};
use crate::error::{Diagnostic, Outcome};
use crate::walk;

include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));

pub const TEMPLATES_DIR: &str = "templates";
pub const STYLESHEET: &str = "style.css";
pub const SEARCH_SCRIPT: &str = "search.js";

/// Where a template came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    BuiltIn,
    Site(PathBuf),
}

/// Templates ready to render, and the assets to publish as they are.
pub struct Theme {
    pub tera: Tera,
    /// Non-template files of the theme, published at the site root under
    /// their name (`style.css`, `search.js`), sorted by name.
    pub assets: BTreeMap<String, String>,
    /// The literal `id="…"` values in the templates, sorted.
    pub reserved_ids: Vec<String>,
    origins: BTreeMap<String, Origin>,
    /// Each template's fingerprint, with everything it extends, includes
    /// or imports.
    fingerprints: BTreeMap<String, Fingerprint>,
}

impl Theme {
    /// Loads the built-ins, then the site's overrides; reports every broken template.
    pub fn load(root: &Path) -> Outcome<Theme> {
        let mut sources: BTreeMap<String, (String, Origin)> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), Origin::BuiltIn)))
            .collect();
        let (paths, mut problems) = walk::find(root, TEMPLATES_DIR, &["html", "css", "js"], usize::MAX);
        for rel in paths {
            match walk::read(root, &rel) {
                Ok(source) => {
                    let name = walk::name_within(TEMPLATES_DIR, &rel);
                    let text = walk::normalize(&source.text).into_owned();
                    sources.insert(name, (text, Origin::Site(rel)));
                }
                Err(d) => problems.push(d),
            }
        }
        let asset_names: Vec<String> = sources.keys().filter(|n| !n.ends_with(".html")).cloned().collect();
        let assets: BTreeMap<String, String> = asset_names
            .into_iter()
            .filter_map(|name| sources.remove(&name).map(|(text, _)| (name, text)))
            .collect();
        let origins: BTreeMap<String, Origin> =
            sources.iter().map(|(name, (_, origin))| (name.clone(), origin.clone())).collect();
        let theme_error = |e: &tera::Error| describe(e, &origins);

        // Parse each template alone first, so every syntax error is reported.
        for (name, (text, _)) in sources.iter().filter(|(n, _)| n.ends_with(".html")) {
            let mut alone = Tera::new();
            if let Err(e) = alone.add_raw_template(name, text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                problems.push(theme_error(&e));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let html = sources.iter().filter(|(n, _)| n.ends_with(".html"));
        tera.add_raw_templates(html.map(|(n, (t, _))| (n.as_str(), t.as_str())))
            .map_err(|e| vec![theme_error(&e)])?;
        let reserved_ids = literal_ids(sources.values().map(|(text, _)| text.as_str()));
        let texts: BTreeMap<&str, &str> =
            sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        let fingerprints =
            texts.keys().map(|name| (name.to_string(), closure_fingerprint(name, &texts))).collect();
        Ok(Theme { tera, assets, reserved_ids, origins, fingerprints })
    }

    /// The fingerprint of template `name` and of every template it uses.
    pub fn fingerprint(&self, name: &str) -> Fingerprint {
        self.fingerprints.get(name).copied().unwrap_or_default()
    }

    /// Turns a rendering error into a diagnostic naming the template file.
    pub fn explain(&self, err: &tera::Error, page: &str) -> Diagnostic {
        describe(err, &self.origins).help(format!("while rendering {page}"))
    }
}

fn describe(err: &tera::Error, origins: &BTreeMap<String, Origin>) -> Diagnostic {
    let in_template = |name: &str, message: String| match origins.get(name) {
        Some(Origin::Site(path)) => Diagnostic::new(path.clone(), message),
        _ => Diagnostic::built_in(name, message),
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            in_template(report.filename(), first_line(report.message()))
                .at(span.start_line, span.start_col + 1)
        }
        ErrorKind::MissingParent { current, parent } => {
            in_template(current, format!("extends `{parent}`, which does not exist"))
                .help("check the name in `{% extends %}`; built-in templates can be extended by name")
        }
        ErrorKind::CircularExtend { tpl, .. } => {
            in_template(tpl, "this template extends itself through a loop of `{% extends %}`".into())
        }
        ErrorKind::CircularInclude { tpl, .. } => {
            in_template(tpl, "this template includes itself through a loop of `{% include %}`".into())
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new(PathBuf::from(TEMPLATES_DIR), format!("template `{name}` not found"))
        }
        other => Diagnostic::new(PathBuf::from(TEMPLATES_DIR), first_line(&other.to_string())),
    }
}

/// The fingerprint of template `name` and of every template it may use: the
/// templates named in it as quoted strings, and theirs in turn. A template
/// that names another through a variable (`{% include x %}`) may use any,
/// so its fingerprint covers them all.
fn closure_fingerprint(name: &str, texts: &BTreeMap<&str, &str>) -> Fingerprint {
    let mut used = std::collections::BTreeSet::from([name]);
    let mut queue = vec![name];
    while let Some(current) = queue.pop() {
        let text = texts.get(current).copied().unwrap_or_default();
        if names_by_variable(text) {
            used.extend(texts.keys().copied());
            break;
        }
        let named: Vec<&str> = texts
            .keys()
            .copied()
            .filter(|other| !used.contains(other))
            .filter(|other| text.contains(&format!("\"{other}\"")) || text.contains(&format!("'{other}'")))
            .collect();
        used.extend(&named);
        queue.extend(named);
    }
    let mut hasher = Hasher::new();
    for used in used {
        hasher.bytes(used.as_bytes()).bytes(texts.get(used).copied().unwrap_or_default().as_bytes());
    }
    hasher.finish()
}

/// Whether a template names another through anything but a quoted string.
fn names_by_variable(text: &str) -> bool {
    ["extends", "include", "import"].iter().any(|tag| {
        text.match_indices(tag).any(|(at, _)| {
            let before = text[..at].trim_end_matches([' ', '-']);
            let after = text[at + tag.len()..].trim_start();
            before.ends_with("{%") && !after.starts_with(['"', '\''])
        })
    })
}

/// The literal ids in templates (`id="content"`, not `id="{{ x }}"`).
fn literal_ids<'a>(templates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut ids = std::collections::BTreeSet::new();
    for text in templates {
        for (at, _) in text.match_indices(" id=\"") {
            let rest = &text[at + 5..];
            if let Some(end) = rest.find('"') {
                let id = &rest[..end];
                if !id.is_empty() && !id.contains(['{', '}', ' ']) {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids.into_iter().collect()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}
