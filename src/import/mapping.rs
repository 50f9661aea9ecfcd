//! Front matter keys into a briefing's: the mapping of the issue (title,
//! dates, summary, draft, taxonomies, authors, slug, aliases; every other key
//! under `extra`), after the renames of a `--map` file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::source::Generator;
use crate::error::Diagnostic;

/// A `--map` file: renames of keys and taxonomies, and the sections to import.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// Source key -> briefing key (or `extra`).
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// Taxonomy -> `companies`, `topics`, `authors` or `extra`.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, String>,
    /// Folders below the content root whose posts are imported (all when empty).
    #[serde(default)]
    pub sections: Vec<String>,
}

/// Briefing keys a source key may be renamed to.
const KEY_TARGETS: [&str; 11] = [
    "title",
    "date",
    "updated",
    "summary",
    "draft",
    "topics",
    "companies",
    "authors",
    "slug",
    "aliases",
    "extra",
];
const TAXONOMY_TARGETS: [&str; 4] = ["companies", "topics", "authors", "extra"];

/// Reads and checks the map file at `path`.
pub fn read_map(path: &Path) -> Result<MapFile, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::io(path, &e).help("--map names a YAML file of `keys:`, `taxonomies:` and `sections:`")
    })?;
    let text = crate::walk::normalize(&text);
    let map: MapFile = crate::yaml::parse(&text, crate::yaml::Origin { path, first_line: 1 })?;
    let check = |table: &BTreeMap<String, String>, allowed: &[&str], what: &str| {
        for (from, to) in table {
            if !allowed.contains(&to.as_str()) {
                let (line, col) = value_at(&text, from);
                return Err(Diagnostic::new(path, format!("`{from}` cannot become `{to}`"))
                    .at(line, col)
                    .help(format!("a {what} becomes one of: {}", allowed.join(", "))));
            }
        }
        Ok(())
    };
    check(&map.keys, &KEY_TARGETS, "key")?;
    check(&map.taxonomies, &TAXONOMY_TARGETS, "taxonomy")?;
    Ok(map)
}

/// Line and column of the value of nested key `key` in `text`.
fn value_at(text: &str, key: &str) -> (usize, usize) {
    for (n, line) in text.lines().enumerate() {
        let bare = line.trim_start();
        if let Some(rest) = bare.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let col = line.len() - rest.trim_start().len() + 1;
            return (n + 1, col);
        }
    }
    (1, 1)
}

/// A post's front matter, mapped.
#[derive(Debug, Default)]
pub struct Mapped {
    pub title: Option<String>,
    pub date: Option<Value>,
    pub updated: Option<Value>,
    pub summary: Option<String>,
    pub draft: bool,
    pub topics: Vec<String>,
    pub companies: Vec<String>,
    pub authors: Vec<String>,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub extra: Mapping,
    /// The post's own URL in the source (Hugo `url`, Jekyll `permalink`, Zola `path`).
    pub url: Option<String>,
    /// Jekyll's `category`/`categories`, which its URLs use.
    pub categories: Vec<String>,
    /// Keys kept under `extra`, and values that could not be read (key, why).
    pub kept: Vec<String>,
    pub unreadable: Vec<(String, String)>,
}

/// Maps `data` as `generator` wrote it, after `map`'s renames.
pub fn map(data: &Mapping, generator: Generator, map: &MapFile) -> Mapped {
    let mut m = Mapped::default();
    for (key, value) in data {
        let Some(key) = key.as_str() else { continue };
        let target = map.keys.get(key).map_or(key, String::as_str);
        if key == "taxonomies" && value.is_mapping() && !map.keys.contains_key(key) {
            for (tax, values) in value.as_mapping().into_iter().flatten() {
                if let Some(tax) = tax.as_str() {
                    taxonomy(&mut m, tax, values, map, generator);
                }
            }
            continue;
        }
        if map.taxonomies.contains_key(key) || default_taxonomy(key).is_some() && !map.keys.contains_key(key)
        {
            taxonomy(&mut m, key, value, map, generator);
            continue;
        }
        one(&mut m, key, target, value, generator);
    }
    m.topics = dedup(std::mem::take(&mut m.topics));
    m.companies = dedup(std::mem::take(&mut m.companies));
    m.authors = dedup(std::mem::take(&mut m.authors));
    m
}

fn default_taxonomy(name: &str) -> Option<&'static str> {
    match name {
        "tags" | "categories" | "category" => Some("topics"),
        "companies" | "organizations" | "organisations" | "orgs" => Some("companies"),
        _ => None,
    }
}

fn taxonomy(m: &mut Mapped, name: &str, values: &Value, map: &MapFile, generator: Generator) {
    let target = map.taxonomies.get(name).map(String::as_str).or(default_taxonomy(name)).unwrap_or("extra");
    let split = generator == Generator::Jekyll;
    let items = strings(values, split);
    if generator == Generator::Jekyll && matches!(name, "category" | "categories") {
        m.categories.extend(items.iter().cloned());
    }
    match target {
        "topics" => m.topics.extend(items),
        "companies" => m.companies.extend(items),
        "authors" => m.authors.extend(items),
        _ => keep(m, name, values.clone()),
    }
}

fn one(m: &mut Mapped, key: &str, target: &str, value: &Value, generator: Generator) {
    match (target, generator) {
        ("title", _) => m.title = scalar(value).or_else(|| unreadable(m, key, "not text")),
        ("date", _) => m.date = Some(value.clone()),
        ("lastmod" | "updated", _) => m.updated = Some(value.clone()),
        ("description" | "summary" | "excerpt", _) if m.summary.is_none() => {
            m.summary = scalar(value).or_else(|| unreadable(m, key, "not text"))
        }
        ("draft", _) => m.draft = value.as_bool().unwrap_or(m.draft),
        ("published", _) if value.as_bool() == Some(false) => m.draft = true,
        ("author" | "authors", _) => m.authors.extend(people(value)),
        ("slug", _) => m.slug = scalar(value),
        ("aliases" | "redirect_from", _) => m.aliases.extend(strings(value, false)),
        ("topics", _) => m.topics.extend(strings(value, false)),
        ("companies", _) => m.companies.extend(strings(value, false)),
        ("url", Generator::Hugo) | ("permalink", Generator::Jekyll) | ("path", Generator::Zola) => {
            m.url = scalar(value)
        }
        ("extra", _) if value.is_mapping() && key == "extra" => {
            for (k, v) in value.as_mapping().into_iter().flatten() {
                m.extra.insert(k.clone(), v.clone());
            }
        }
        _ => keep(m, key, value.clone()),
    }
}

fn keep(m: &mut Mapped, key: &str, value: Value) {
    m.extra.insert(Value::String(key.to_string()), value);
    m.kept.push(key.to_string());
}

fn unreadable<T>(m: &mut Mapped, key: &str, why: &str) -> Option<T> {
    m.unreadable.push((key.to_string(), why.to_string()));
    None
}

/// Text of a scalar (a number or a boolean as written).
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of names, from a list or one string (Jekyll splits a string at spaces).
fn strings(value: &Value, split: bool) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect::<Vec<_>>(),
        Value::String(s) if split => s.split_whitespace().map(str::to_string).collect(),
        other => scalar(other).into_iter().collect(),
    }
    .into_iter()
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
    .collect()
}

/// Authors as names: strings, or mappings with a `name`.
fn people(value: &Value) -> Vec<String> {
    let name = |v: &Value| scalar(v).or_else(|| v.get("name").and_then(scalar));
    match value {
        Value::Sequence(items) => items.iter().filter_map(name).collect::<Vec<_>>(),
        other => name(other).into_iter().collect(),
    }
    .into_iter()
    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    .filter(|s| !s.is_empty())
    .collect()
}

/// Names in their first order, without repeats that differ only in case.
fn dedup(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().filter(|n| seen.insert(n.to_lowercase())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn the_mapping_of_the_issue() {
        let data = mapping(
            "title: T\ndate: 2024-01-02\nlastmod: 2024-02-01\ndescription: D\nexcerpt: E\ndraft: true\n\
             tags: [a, B]\ncategories: [b]\norganizations: [Huawei]\nauthor: Li\nslug: s\naliases: [/x/]\nweight: 3\n",
        );
        let m = map(&data, Generator::Hugo, &MapFile::default());
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.summary.as_deref(), Some("D"));
        assert!(m.draft);
        assert_eq!(m.topics, vec!["a", "B"]);
        assert_eq!(m.companies, vec!["Huawei"]);
        assert_eq!(m.authors, vec!["Li"]);
        assert_eq!(m.aliases, vec!["/x/"]);
        assert_eq!(m.kept, vec!["excerpt", "weight"]);
    }

    #[test]
    fn jekyll_and_zola_shapes() {
        let m = map(
            &mapping("tags: one two\npublished: false\nredirect_from: /old/\n"),
            Generator::Jekyll,
            &MapFile::default(),
        );
        assert_eq!(m.topics, vec!["one", "two"]);
        assert!(m.draft);
        assert_eq!(m.aliases, vec!["/old/"]);
        let m = map(
            &mapping("taxonomies: {tags: [x], orgs: [Acme], series: [s]}\nextra: {a: 1}\n"),
            Generator::Zola,
            &MapFile::default(),
        );
        assert_eq!((m.topics, m.companies), (vec!["x".to_string()], vec!["Acme".to_string()]));
        assert!(m.extra.contains_key("series") && m.extra.contains_key("a"));
    }

    #[test]
    fn a_map_file_renames() {
        let map_file = MapFile {
            keys: [("subtitle".to_string(), "summary".to_string())].into(),
            taxonomies: [("vendors".to_string(), "companies".to_string())].into(),
            sections: vec![],
        };
        let m = map(&mapping("subtitle: S\nvendors: [Arm]\n"), Generator::Hugo, &map_file);
        assert_eq!(m.summary.as_deref(), Some("S"));
        assert_eq!(m.companies, vec!["Arm"]);
    }
}
