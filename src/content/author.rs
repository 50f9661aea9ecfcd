//! Author profiles: `content/authors/*.yaml` -> a [`Profile`] with a
//! [`Person`]: name, aliases, bio, url, avatar and links.

use std::path::Path;

use serde::Deserialize;

use super::markdown::Markdown;
use super::profile::{Avatar, Person, Profile, ProfileLink, open};
use crate::error::Diagnostic;
use crate::slug::slugify;
use crate::yaml::{self, Origin};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    bio: Option<String>,
    url: Option<String>,
    avatar: Option<String>,
    #[serde(default)]
    links: Vec<RawLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    title: String,
    url: String,
}

/// The extensions an avatar in `static/` may have.
const IMAGE_EXTS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Parses one author profile's text. `in_static(path)` tells whether the
/// site's `static/` folder has a file at `path` (inside it).
pub fn parse(
    path: &Path,
    text: &str,
    markdown: &Markdown,
    in_static: impl Fn(&str) -> bool,
) -> Result<Profile, Diagnostic> {
    let origin = Origin { path, first_line: 1 };
    let (text, slug, raw) = open::<RawAuthor>(path, text)?;
    let at = |key: &str, message: String| {
        let (line, col) = yaml::value_position(&text, key).unwrap_or((1, 1));
        origin.diagnostic(line, col, message)
    };
    let name = raw.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if slugify(&name).is_none() {
        return Err(at("name", format!("the name `{name}` has no letters or digits")));
    }
    if let Some(alias) = raw.aliases.iter().find(|a| slugify(a).is_none()) {
        return Err(at("aliases", format!("the alias `{alias}` has no letters or digits")));
    }
    let url = match raw.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if !is_web_address(u) => {
            return Err(at("url", format!("`{u}` is not a web address"))
                .help("write the author's own page with https:// or http://"));
        }
        other => other.map(str::to_string),
    };
    let avatar = match raw.avatar.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => Some(avatar(a, &in_static).map_err(|(message, help)| at("avatar", message).help(help))?),
        None => None,
    };
    let links = raw
        .links
        .into_iter()
        .map(|l| {
            let (title, url) = (l.title.trim().to_string(), l.url.trim().to_string());
            if title.is_empty() {
                return Err(at("links", "a link has an empty `title`".into())
                    .help("every link needs a title to show, like `title: Mastodon`"));
            }
            if !(is_web_address(&url) || url.starts_with("mailto:")) {
                let message = format!("the link URL `{url}` is not a web address");
                let d = match position_of(&text, &url) {
                    Some((line, col)) => origin.diagnostic(line, col, message),
                    None => at("links", message),
                };
                return Err(d.help("link URLs start with https://, http:// or mailto:"));
            }
            Ok(ProfileLink { title, url })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bio = raw.bio.as_deref().map(str::trim).unwrap_or_default();
    Ok(Profile {
        path: path.to_path_buf(),
        slug: slug.to_string(),
        name,
        aliases: raw.aliases.iter().map(|a| a.trim().to_string()).collect(),
        description: markdown.plain_text(bio),
        website: url,
        name_at: yaml::value_position(&text, "name").unwrap_or((1, 1)),
        aliases_at: yaml::value_position(&text, "aliases").unwrap_or((1, 1)),
        person: Some(Person { bio_html: markdown.inline(bio), avatar, links }),
    })
}

/// The line and column of the first `needle` in `text` (a value, to point at).
fn position_of(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle).filter(|_| !needle.is_empty())?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((text[..at].matches('\n').count() + 1, text[line_start..at].chars().count() + 1))
}

fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// An avatar as written: a web address, or a picture under `static/`
/// (`authors/li-wei.png`; a leading `/` is the same) that must exist.
fn avatar(written: &str, in_static: impl Fn(&str) -> bool) -> Result<Avatar, (String, String)> {
    const HELP: &str = "give a picture under static/ (`avatar: authors/li-wei.png` for static/authors/li-wei.png) or a https:// address";
    if is_web_address(written) {
        return Ok(Avatar::Url(written.to_string()));
    }
    let inside = written.trim_start_matches('/');
    let bad_segment = inside.split('/').any(|s| s.is_empty() || s == "." || s == "..");
    if written.contains("://")
        || written.starts_with("//")
        || written.contains(['\\', ':', '?', '#'])
        || bad_segment
    {
        return Err((
            format!("the avatar `{written}` is neither a path under static/ nor a web address"),
            HELP.into(),
        ));
    }
    if inside.contains(char::is_whitespace) || inside.contains(['"', '<', '>']) {
        return Err((
            format!("the avatar path `{written}` has a space or a quote in it"),
            "rename the picture with letters, digits and dashes, like `authors/li-wei.png`".into(),
        ));
    }
    let ext = Path::new(inside).extension().and_then(|e| e.to_str()).unwrap_or_default();
    if !IMAGE_EXTS.iter().any(|known| known.eq_ignore_ascii_case(ext)) {
        return Err((
            format!("the avatar `{written}` is not a picture"),
            format!("an avatar is a file ending in .{}", IMAGE_EXTS.join(", .")),
        ));
    }
    if !in_static(inside) {
        return Err((
            format!("the avatar `static/{inside}` does not exist"),
            format!(
                "put the picture at static/{inside}, or give the path of one under static/ or a https:// address"
            ),
        ));
    }
    Ok(Avatar::Static(inside.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse_str(text: &str) -> Result<Profile, String> {
        let markdown = Markdown::new(Config::default().markdown);
        parse(Path::new("content/authors/li-wei.yaml"), text, &markdown, |p| p == "authors/li-wei.png")
            .map_err(|d| d.to_string())
    }

    #[test]
    fn parses_a_profile() {
        let p = parse_str(
            "name: Li Wei\naliases: [Wei Li]\nbio: Covers *chips*.\nurl: https://li.example\navatar: /authors/li-wei.png\nlinks:\n  - title: Mastodon\n    url: https://social.example/@li\n",
        )
        .unwrap();
        assert_eq!(
            (p.slug.as_str(), p.name.as_str(), p.description.as_str()),
            ("li-wei", "Li Wei", "Covers chips.")
        );
        assert_eq!(p.website.as_deref(), Some("https://li.example"));
        let person = p.person.unwrap();
        assert_eq!(person.bio_html, "Covers <em>chips</em>.");
        assert_eq!(person.avatar, Some(Avatar::Static("authors/li-wei.png".into())));
        assert_eq!(
            person.links,
            [ProfileLink { title: "Mastodon".into(), url: "https://social.example/@li".into() }]
        );
    }

    #[test]
    fn avatar_is_a_file_under_static_or_a_web_address() {
        let web = parse_str("name: X\navatar: https://img.example/x.png\n").unwrap();
        assert_eq!(web.person.unwrap().avatar, Some(Avatar::Url("https://img.example/x.png".into())));
        let e = parse_str("name: X\navatar: authors/missing.png\n").unwrap_err();
        assert!(e.starts_with("error: content/authors/li-wei.yaml:2:9: the avatar `static/authors/missing.png` does not exist"), "{e}");
        assert!(parse_str("name: X\navatar: ../secret.png\n").unwrap_err().contains("neither a path"));
        assert!(parse_str("name: X\navatar: authors/li-wei.txt\n").unwrap_err().contains("is not a picture"));
        assert!(parse_str("name: X\navatar: \"authors/li wei.png\"\n").unwrap_err().contains("has a space"));
    }

    #[test]
    fn unknown_key_suggests_a_field() {
        let e = parse_str("name: X\nbiography: hi\n").unwrap_err();
        assert_eq!(
            e,
            "error: content/authors/li-wei.yaml:2:1: unknown field `biography`\n  did you mean `bio`?"
        );
        let e = parse_str("name: X\nlinks:\n  - title: A\n    link: https://a.example\n").unwrap_err();
        assert!(e.contains(":4:5: unknown field `link`"), "{e}");
    }

    #[test]
    fn urls_are_web_addresses() {
        assert!(
            parse_str("name: X\nurl: li.example\n")
                .unwrap_err()
                .starts_with("error: content/authors/li-wei.yaml:2:6: `li.example` is not a web address")
        );
        let e = parse_str("name: X\nlinks:\n  - title: A\n    url: javascript:alert(1)\n").unwrap_err();
        assert!(e.contains("is not a web address"), "{e}");
    }
}
