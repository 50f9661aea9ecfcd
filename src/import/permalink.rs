//! A post's old URL, as its generator made it: Hugo's `permalinks` patterns
//! (`/:year/:month/:slug/`) or section path, Jekyll's `permalink` styles
//! (`date`, `pretty`, `ordinal`, `weekdate`, `none`) and patterns, Zola's
//! section path and slug or the page's own `path`.

use chrono::Datelike;

use super::source::{Post, Urls};
use crate::content::date::Date;

/// What a post's URL is made of.
#[derive(Debug)]
pub struct Facts<'a> {
    pub post: &'a Post,
    /// The front matter's `slug`, as written.
    pub slug: Option<&'a str>,
    pub title: &'a str,
    /// Hugo `url`, Jekyll `permalink`, Zola `path`.
    pub own: Option<&'a str>,
    pub date: &'a Date,
    /// Jekyll's front matter categories.
    pub categories: &'a [String],
}

/// The old URL's path, from the site's root (`/2024/01/28/huawei/`).
pub fn old_url(urls: &Urls, f: &Facts) -> String {
    let url = match urls {
        Urls::Hugo { permalinks, lower } => {
            let url = hugo(permalinks, f);
            if *lower { url.to_lowercase() } else { url }
        }
        Urls::Jekyll { permalink } => jekyll(f.own.unwrap_or(permalink), f),
        Urls::Zola => zola(f),
    };
    tidy(&url)
}

/// One leading `/`, no empty segments.
fn tidy(url: &str) -> String {
    let trailing = url.ends_with('/');
    let inner: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
    match (inner.is_empty(), trailing) {
        (true, _) => "/".into(),
        (false, true) => format!("/{}/", inner.join("/")),
        (false, false) => format!("/{}", inner.join("/")),
    }
}

fn hugo(permalinks: &std::collections::BTreeMap<String, String>, f: &Facts) -> String {
    if let Some(own) = f.own {
        return own.to_string();
    }
    let section = f.post.dirs.first().map_or("", String::as_str);
    let name = f.slug.map(str::to_string).unwrap_or_else(|| f.post.name_slug.clone());
    match permalinks.get(section) {
        Some(pattern) => expand(pattern, |token| match token {
            "slug" | "slugorfilename" | "slugorcontentbasename" => Some(name.clone()),
            "title" => Some(urlize(f.title)),
            "filename" | "contentbasename" => Some(f.post.name_slug.clone()),
            "section" => Some(section.to_string()),
            "sections" => Some(f.post.dirs.join("/")),
            other => date_token(other, f.date),
        }),
        None => format!("/{}/{}/", f.post.dirs.join("/"), name),
    }
}

fn jekyll(permalink: &str, f: &Facts) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let mut categories: Vec<String> =
        f.post.dirs.iter().chain(f.categories).map(|c| c.to_lowercase()).collect();
    let mut seen = std::collections::HashSet::new();
    categories.retain(|c| seen.insert(c.clone()));
    let title = f.slug.map(str::to_string).unwrap_or_else(|| f.post.name_slug.clone());
    let url = expand(pattern, |token| match token {
        "categories" => Some(categories.join("/")),
        "title" => Some(title.clone()),
        "slug" => Some(crate::slug::slugify(&title).unwrap_or_else(|| title.clone())),
        "output_ext" => Some(".html".into()),
        other => date_token(other, f.date),
    });
    url.replace("/.html", ".html")
}

fn zola(f: &Facts) -> String {
    if let Some(own) = f.own {
        return format!("/{}/", own.trim_matches('/')).replace(".html/", ".html");
    }
    let name = f.slug.map(str::to_string).unwrap_or_else(|| f.post.name_slug.clone());
    let name = crate::slug::slugify(&name).unwrap_or(name);
    format!("/{}/{}/", f.post.dirs.join("/"), name)
}

/// Replaces each `:token` of `pattern` with `value(token)`; unknown tokens stay.
fn expand(pattern: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        // The longest token that is known (`:title:output_ext`, `:slugorfilename`).
        match value(&after[..len]) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[at..at + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

fn date_token(token: &str, date: &Date) -> Option<String> {
    let d = date.instant;
    Some(match token {
        "year" => format!("{:04}", d.year()),
        "short_year" => format!("{:02}", d.year() % 100),
        "month" => format!("{:02}", d.month()),
        "i_month" => d.month().to_string(),
        "monthname" => Date::month_name(d.month()).to_lowercase(),
        "day" => format!("{:02}", d.day()),
        "i_day" => d.day().to_string(),
        "y_day" | "yearday" => format!("{:03}", d.ordinal()),
        "hour" => format!("{:02}", d.format("%H")),
        "minute" => d.format("%M").to_string(),
        "second" => d.format("%S").to_string(),
        "week" => format!("{:02}", d.iso_week().week()),
        "short_day" => d.format("%a").to_string(),
        "weekday" => d.weekday().num_days_from_sunday().to_string(),
        "weekdayname" => d.format("%A").to_string().to_lowercase(),
        _ => return None,
    })
}

/// Hugo's `urlize`: lower case, spaces to `-`, only URL-safe characters kept.
fn urlize(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || "-_.".contains(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn post(file: &str, root: &str) -> Post {
        super::super::source::post_at(Path::new(file), Path::new(root), &["index"])
    }

    fn facts<'a>(post: &'a Post, date: &'a Date, cats: &'a [String]) -> Facts<'a> {
        Facts { post, slug: None, title: "Huawei Tops China", own: None, date, categories: cats }
    }

    #[test]
    fn hugo_patterns_and_sections() {
        let date = Date::parse("2024-01-28").unwrap();
        let p = post("content/posts/huawei.md", "content");
        let permalinks = [("posts".to_string(), "/:year/:month/:slug/".to_string())].into();
        let urls = Urls::Hugo { permalinks, lower: true };
        assert_eq!(old_url(&urls, &facts(&p, &date, &[])), "/2024/01/huawei/");
        let urls = Urls::Hugo { permalinks: Default::default(), lower: true };
        assert_eq!(old_url(&urls, &facts(&p, &date, &[])), "/posts/huawei/");
        let permalinks = [("posts".to_string(), "/:section/:title/".to_string())].into();
        let urls = Urls::Hugo { permalinks, lower: true };
        assert_eq!(old_url(&urls, &facts(&p, &date, &[])), "/posts/huawei-tops-china/");
    }

    #[test]
    fn jekyll_styles() {
        let date = Date::parse("2024-01-28 09:30:00 +0800").unwrap();
        let mut p = post("_posts/2024-01-28-huawei.md", "");
        p.dirs = vec!["news".into()];
        let cats = ["Phones".to_string()];
        let f = facts(&p, &date, &cats);
        let url = |s: &str| old_url(&Urls::Jekyll { permalink: s.into() }, &f);
        assert_eq!(url("date"), "/news/phones/2024/01/28/huawei.html");
        assert_eq!(url("pretty"), "/news/phones/2024/01/28/huawei/");
        assert_eq!(url("none"), "/news/phones/huawei.html");
        assert_eq!(url("/:categories/:year/:month/:day/:title/"), "/news/phones/2024/01/28/huawei/");
        assert_eq!(url("/blog/:year/:title:output_ext"), "/blog/2024/huawei.html");
    }

    #[test]
    fn zola_paths() {
        let date = Date::parse("2024-01-28").unwrap();
        let p = post("content/blog/2024-01-28-Huawei_Tops.md", "content");
        assert_eq!(old_url(&Urls::Zola, &facts(&p, &date, &[])), "/blog/huawei-tops/");
        let mut f = facts(&p, &date, &[]);
        f.own = Some("2024/01/28/huawei.html");
        assert_eq!(old_url(&Urls::Zola, &f), "/2024/01/28/huawei.html");
    }
}
