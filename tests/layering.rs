//! Data flows one way: no module depends on a module that depends on it.
//!
//! Reads every `src/**/*.rs` file, collects the `crate::…`, `super::…` and
//! `self::…` paths it names (in `use` trees and in expressions; comments and
//! string literals are skipped), resolves each to the deepest module it
//! names, and reports dependency cycles at two levels: between top-level
//! modules (`config`, `content`, `site`, …, and the crate root), and between
//! submodules of one parent (`output::catalogue` and `output::feeds`).
//! A child using its parent's items (`site::related` using `Site`) is not a
//! cycle: a parent owns its children. A name a parent re-exports from one of
//! its children (`pub use catalogue::Item` in `output/mod.rs`) counts as a
//! dependency on that child.
//!
//! `lib.rs` is the root: it drives every stage, so it depends on every
//! module, and a module that uses an item of `lib.rs` closes a cycle with it.
//! `main.rs` is a separate binary and is not read.
//!
//! `cargo test --test layering -- --nocapture` prints the top-level graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles tolerated, as pairs of modules at one level (`""` is the top
/// level, `"crate"` the root): none today. The pipeline lives in
/// `pipeline.rs`, so `check` and `serve` use it without closing a cycle
/// with the crate root.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// A module path below the crate root: `[]` is the root, `["output", "feeds"]`.
type Module = Vec<String>;

/// Names a module re-exports from one of its submodules: (module, name) -> submodule.
type Reexports = BTreeMap<(Module, String), Module>;

/// One dependency, with where it is written.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    at: String,
}

#[test]
fn no_cycles_between_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = module_files(&src);
    let known: BTreeSet<Module> = files.iter().map(|(_, m)| m.clone()).collect();
    let texts: Vec<String> =
        files.iter().map(|(path, _)| std::fs::read_to_string(path).expect("readable source")).collect();
    let mut reexports = Reexports::new();
    for ((_, module), text) in files.iter().zip(&texts) {
        reexports.extend(reexported(text, module, &known));
    }
    let mut levels: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
    for ((path, module), text) in files.iter().zip(&texts) {
        let shown = path.strip_prefix(src.parent().unwrap()).unwrap().display().to_string();
        if module.is_empty() {
            // The root depends on every module it declares.
            for top in known.iter().filter(|m| m.len() == 1) {
                let edge = Edge { from: "crate".into(), to: top[0].clone(), at: shown.clone() };
                levels.entry(String::new()).or_default().push(edge);
            }
            continue;
        }
        for (target, line) in dependencies(text, module, &known, &reexports) {
            if let Some((level, from, to)) = edge_between(module, &target) {
                let edge = Edge { from, to, at: format!("{shown}:{line}") };
                levels.entry(level).or_default().push(edge);
            }
        }
    }
    assert!(
        levels.get("").is_some_and(|edges| edges.iter().any(|e| e.from == "output" && e.to == "render")),
        "the parser found no output -> render edge; is it reading the sources?"
    );
    print_top_level(levels.get("").map_or(&[][..], Vec::as_slice));

    let mut problems = Vec::new();
    for (level, edges) in &levels {
        let kept: Vec<&Edge> = edges.iter().filter(|e| !allowed(level, &e.from, &e.to)).collect();
        for cycle in cycles(&kept) {
            let inside: BTreeSet<String> = kept
                .iter()
                .filter(|e| cycle.contains(&e.from) && cycle.contains(&e.to))
                .map(|e| format!("    {} -> {}  ({})", e.from, e.to, e.at))
                .collect();
            let place =
                if level.is_empty() { "top-level modules".to_string() } else { format!("`{level}::`") };
            problems.push(format!(
                "a cycle among {place}: {}\n{}",
                cycle.iter().cloned().collect::<Vec<_>>().join(", "),
                inside.into_iter().collect::<Vec<_>>().join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "modules depend on each other:\n{}", problems.join("\n"));
}

fn allowed(level: &str, a: &str, b: &str) -> bool {
    ALLOWED.iter().any(|&(l, x, y)| l == level && ((x == a && y == b) || (x == b && y == a)))
}

fn print_top_level(edges: &[Edge]) {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges.iter().filter(|e| e.from != "crate") {
        graph.entry(&e.from).or_default().insert(&e.to);
    }
    println!("top-level dependencies (the crate root depends on every module):");
    for (from, to) in graph {
        println!("  {from} -> {}", to.into_iter().collect::<Vec<_>>().join(", "));
    }
}

/// Every `.rs` file under `src` with the module it defines (`main.rs` left out).
fn module_files(src: &Path) -> Vec<(PathBuf, Module)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut module: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match module.last().map(String::as_str) {
                Some("main") if module.len() == 1 => continue,
                Some("lib") if module.len() == 1 => module.clear(),
                Some("mod") => {
                    module.pop();
                }
                _ => {}
            }
            out.push((path, module));
        }
    }
    out.sort();
    out
}

/// The level and the two modules a dependency from `from` on `to` connects,
/// if it connects siblings (or a module and the root).
fn edge_between(from: &Module, to: &Module) -> Option<(String, String, String)> {
    if to.is_empty() {
        return Some((String::new(), from[0].clone(), "crate".into()));
    }
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    (common < from.len() && common < to.len())
        .then(|| (from[..common].join("::"), from[common].clone(), to[common].clone()))
}

/// The names `text` (the file of `module`) re-exports from its submodules
/// with `pub use child::…` or `pub use self::child::…`.
fn reexported(text: &str, module: &Module, known: &BTreeSet<Module>) -> Reexports {
    let tokens = tokens(text);
    let mut out = Reexports::new();
    for i in 0..tokens.len() {
        if tokens[i].0 != "pub" || tokens.get(i + 1).is_none_or(|t| t.0 != "use") {
            continue;
        }
        let start = if tokens.get(i + 2).is_some_and(|t| t.0 == "self") { i + 4 } else { i + 2 };
        let Some(child) = tokens.get(start).map(|t| t.0.clone()) else { continue };
        let mut child_module = module.clone();
        child_module.push(child);
        if !known.contains(&child_module) {
            continue;
        }
        for (path, name) in use_tree(&tokens, start).0 {
            if path.len() < 2 {
                continue;
            }
            let mut target = module.clone();
            for segment in &path[..path.len() - 1] {
                let mut deeper = target.clone();
                deeper.push(segment.clone());
                if !known.contains(&deeper) {
                    break;
                }
                target = deeper;
            }
            out.insert((module.clone(), name), target);
        }
    }
    out
}

/// The modules `text` (the file of `module`) names, with the line of each.
fn dependencies(
    text: &str,
    module: &Module,
    known: &BTreeSet<Module>,
    reexports: &Reexports,
) -> Vec<(Module, usize)> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    // Inline modules (`mod tests { … }`): `super` inside them is the file's module.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = (&tokens[i].0, tokens[i].1);
        match token.as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t.0 == "{") => {
                inline.push((tokens[i + 1].0.clone(), depth));
            }
            "crate" | "super" | "self" if tokens.get(i + 1).is_some_and(|t| t.0 == "::") => {
                let after_path_sep = i > 0 && tokens[i - 1].0 == "::";
                if !after_path_sep {
                    let mut here = module.clone();
                    here.extend(inline.iter().map(|(name, _)| name.clone()));
                    let (paths, next) = use_tree(&tokens, i);
                    for (path, _) in paths {
                        if let Some(target) = resolve(&path, &here, known, reexports) {
                            found.push((target, line));
                        }
                    }
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The module a path starting with `crate`, `super` or `self` names: the
/// deepest known module along it, through re-exports.
fn resolve(
    path: &[String],
    here: &Module,
    known: &BTreeSet<Module>,
    reexports: &Reexports,
) -> Option<Module> {
    let mut segments = path.iter().peekable();
    let mut module: Module = match segments.next()?.as_str() {
        "crate" => Vec::new(),
        "self" => here.clone(),
        _ => here[..here.len().checked_sub(1)?].to_vec(),
    };
    while segments.peek().is_some_and(|s| *s == "super") {
        segments.next();
        module.pop();
    }
    // Inline modules are not files: step out to the file's module.
    while !module.is_empty() && !known.contains(&module) {
        module.pop();
    }
    for segment in segments {
        let mut deeper = module.clone();
        deeper.push(segment.clone());
        if known.contains(&deeper) {
            module = deeper;
            continue;
        }
        if let Some(child) = reexports.get(&(module.clone(), segment.clone())) {
            module = child.clone();
        }
        break;
    }
    Some(module)
}

/// A path of a `use` tree and the name it binds (its last segment, or its `as` name).
type Bound = (Vec<String>, String);

/// The paths of the `use` tree (or plain path) starting at `tokens[start]`,
/// and the index after it: `crate::a::{b, c::{d as e, self}}` gives
/// `crate::a::b`, `crate::a::c::d` (bound as `e`) and `crate::a::c`.
fn use_tree(tokens: &[(String, usize)], start: usize) -> (Vec<Bound>, usize) {
    fn tree(tokens: &[(String, usize)], mut i: usize, prefix: &[String], out: &mut Vec<Bound>) -> usize {
        let mut path = prefix.to_vec();
        loop {
            match tokens.get(i).map(|t| t.0.as_str()) {
                Some("{") => {
                    i += 1;
                    while tokens.get(i).is_some_and(|t| t.0 != "}") {
                        i = tree(tokens, i, &path, out);
                        if tokens.get(i).is_some_and(|t| t.0 == ",") {
                            i += 1;
                        }
                    }
                    return i + 1;
                }
                Some("self") if !path.is_empty() => i += 1,
                Some("*") => {
                    i += 1;
                    break;
                }
                Some(t) if is_ident(t) => {
                    path.push(t.to_string());
                    i += 1;
                }
                _ => break,
            }
            if tokens.get(i).is_some_and(|t| t.0 == "::") {
                i += 1;
            } else {
                break;
            }
        }
        let mut name = path.last().cloned().unwrap_or_default();
        if tokens.get(i).is_some_and(|t| t.0 == "as") {
            name = tokens.get(i + 1).map_or(name, |t| t.0.clone());
            i += 2;
        }
        out.push((path, name));
        i
    }
    let mut out = Vec::new();
    let next = tree(tokens, start, &[], &mut out);
    (out, next)
}

fn is_ident(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation characters, with their line;
/// comments, string and character literals dropped.
fn tokens(text: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let skip_to = |from: usize, line: &mut usize, end: usize| {
        *line += chars[from..end.min(chars.len())].iter().filter(|&&c| c == '\n').count();
        end
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < chars.len() && depth > 0 {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            i = skip_to(i, &mut line, j);
        } else if let Some(end) = raw_string_end(&chars, i) {
            i = skip_to(i, &mut line, end);
        } else if c == '"' || (c == 'b' && next == Some('"')) {
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            i = skip_to(i, &mut line, j + 1);
        } else if c == '\'' {
            // A character literal, or a lifetime (`'a`), which has no closing quote.
            i += match (next, chars.get(i + 2)) {
                (Some('\\'), _) => chars[i + 2..].iter().position(|&q| q == '\'').map_or(1, |p| p + 3),
                (Some(_), Some('\'')) => 3,
                _ => 1,
            };
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((chars[start..i].iter().collect(), line));
        } else if c == ':' && next == Some(':') {
            out.push(("::".into(), line));
            i += 2;
        } else {
            out.push((c.to_string(), line));
            i += 1;
        }
    }
    out
}

/// The end of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) starting at `i`.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let prefixed = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i + usize::from(chars[i] == 'b');
    if prefixed || chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    let closing: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
    (j + 1..chars.len()).find(|&k| chars[k..].starts_with(&closing)).map(|k| k + closing.len())
}

/// The groups of more than one module that all reach each other (the
/// graphs are a few dozen modules: reachability from each is cheap).
fn cycles(edges: &[&Edge]) -> Vec<BTreeSet<String>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.from).or_default().insert(&e.to);
    }
    let reach = |from: &str| -> BTreeSet<String> {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from]);
        while let Some(v) = todo.pop() {
            for &w in graph.get(v).into_iter().flatten() {
                if seen.insert(w.to_string()) {
                    todo.push(w);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&str, BTreeSet<String>> = graph.keys().map(|&v| (v, reach(v))).collect();
    let mut groups: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for (&v, from_v) in &reached {
        let group: BTreeSet<String> = from_v
            .iter()
            .filter(|w| reached.get(w.as_str()).is_some_and(|r| r.contains(v)))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

#[test]
fn the_checker_sees_paths_and_cycles() {
    let module = |path: &str| -> Module { path.split("::").map(String::from).collect() };
    let known: BTreeSet<Module> = ["a", "a::b", "a::c", "a::e", "d"].into_iter().map(module).collect();
    let reexports = reexported("pub use e::{Z, W as V};\npub use self::c::Q;\n", &module("a"), &known);
    assert_eq!(reexports.get(&(module("a"), "Z".into())), Some(&module("a::e")));
    assert_eq!(reexports.get(&(module("a"), "V".into())), Some(&module("a::e")));
    assert_eq!(reexports.get(&(module("a"), "Q".into())), Some(&module("a::c")));
    let text = "use super::{c::{self, X}, Y, Z};\n// crate::d::x\nlet s = \"crate::d\";\nfn f<'a>(x: &'a str) -> char { let _ = crate::d::g(); '\"' }\nmod tests { use super::*; }\n";
    let found = dependencies(text, &module("a::b"), &known, &reexports);
    let shown: Vec<(String, usize)> = found.iter().map(|(m, line)| (m.join("::"), *line)).collect();
    let expected = [("a::c", 1), ("a::c", 1), ("a", 1), ("a::e", 1), ("d", 4), ("a::b", 5)];
    assert_eq!(shown, expected.map(|(m, line)| (m.to_string(), line)));

    let edge = |from: &str, to: &str| Edge { from: from.into(), to: to.into(), at: String::new() };
    let edges =
        [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d"), edge("d", "e"), edge("e", "d")];
    let refs: Vec<&Edge> = edges.iter().collect();
    let found: Vec<Vec<String>> = cycles(&refs).into_iter().map(|g| g.into_iter().collect()).collect();
    assert_eq!(found, [vec!["a", "b", "c"], vec!["d", "e"]]);
}
