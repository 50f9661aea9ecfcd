//! `briefing import hugo|jekyll|zola SRC [--into DIR] [--map FILE]`: another
//! generator's site into a new publication. The script: check the
//! arguments -> read the source's settings and find its posts -> convert
//! each -> give each a slug, a file and its old URLs -> rewrite links and
//! copy files -> write the site -> check it -> write the report.

mod body;
mod convert;
mod edits;
mod files;
mod frontmatter;
mod hugo;
mod index;
mod jekyll;
mod links;
mod mapping;
mod permalink;
mod report;
mod source;
mod write;
mod zola;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Failure};
use convert::Read;
use edits::{Note, Topic};
use index::{Index, Me};
use mapping::MapFile;
use source::{Generator, SourceSite};

/// The name of the report written into the new site's folder.
pub const REPORT_FILE: &str = "import-report.md";

/// What `import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub generator: String,
    pub src: PathBuf,
    pub into: PathBuf,
    pub map: Option<PathBuf>,
}

/// What `import` did.
#[derive(Debug)]
pub struct ImportSummary {
    pub posts: usize,
    pub drafts: usize,
    pub aliases: usize,
    pub images: usize,
    pub notes: usize,
    pub report: PathBuf,
    /// Posts that could not be converted.
    pub failed: Vec<Diagnostic>,
    /// The new site's problems: empty when it passes `briefing check`.
    pub problems: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Runs the import; usage problems (arguments that cannot be used) are the only failures.
pub fn import(opts: &ImportOptions) -> Result<ImportSummary, Failure> {
    let started = Instant::now();
    let generator = Generator::parse(&opts.generator).ok_or_else(|| {
        Failure::from(
            Diagnostic::flag("GENERATOR", format!("`{}` is not a generator briefing imports from", opts.generator))
                .help("write `briefing import hugo SRC`, `briefing import jekyll SRC` or `briefing import zola SRC`"),
        )
    })?;
    check_folders(&opts.src, &opts.into).map_err(Failure::from)?;
    let map_file = match &opts.map {
        Some(path) if !path.is_file() => {
            return Err(Diagnostic::flag("--map", format!("`{}` is not a file", path.display()))
                .help("give the path of a YAML mapping file (see the README's import section)")
                .into());
        }
        Some(path) => mapping::read_map(path)?,
        None => MapFile::default(),
    };
    let site = match generator {
        Generator::Hugo => hugo::read(&opts.src, &map_file.sections),
        Generator::Jekyll => jekyll::read(&opts.src, &map_file.sections),
        Generator::Zola => zola::read(&opts.src, &map_file.sections),
    }?;
    let mut run = Run { opts, site: &site, map_file: &map_file, figures: report::Figures::default() };
    let outcome = run.convert_and_write();
    let mut figures = run.figures;
    if let Err(d) = outcome {
        return Err(Failure::from(d));
    }
    let checked = crate::check::check(&opts.into);
    let mut problems = Vec::new();
    match checked {
        Ok(report) => figures.warnings = report.warnings.len(),
        Err(failure) => {
            figures.blockers = Some(failure.to_string().lines().map(str::to_string).collect());
            problems.extend(failure.diagnostics().iter().cloned());
        }
    }
    figures.generator = generator.name().into();
    figures.src = opts.src.clone();
    figures.into = opts.into.clone();
    figures.config = site.config_file.clone();
    let report_path = opts.into.join(REPORT_FILE);
    write::file(&opts.into, Path::new(REPORT_FILE), &report::markdown(&figures))?;
    Ok(ImportSummary {
        posts: figures.posts,
        drafts: figures.drafts,
        aliases: figures.aliases,
        images: figures.images,
        notes: figures.notes.len(),
        report: report_path,
        failed: figures.failed.clone(),
        problems,
        elapsed: started.elapsed(),
    })
}

/// SRC is a folder; DIR holds no briefings yet and is not inside SRC.
fn check_folders(src: &Path, into: &Path) -> Result<(), Diagnostic> {
    if !src.is_dir() {
        return Err(Diagnostic::flag("SRC", format!("`{}` is not a folder", src.display()))
            .help("give the folder of the site to import (the one holding its configuration file)"));
    }
    let briefings = into.join(crate::content::BRIEFINGS_DIR);
    if briefings.exists() {
        return Err(Diagnostic::flag(
            "--into",
            format!("`{}` already holds briefings ({})", into.display(), briefings.display()),
        )
        .help("import into an empty folder, or one without content/briefings/"));
    }
    if into.exists() && !into.is_dir() {
        return Err(Diagnostic::flag("--into", format!("`{}` is not a folder", into.display())));
    }
    std::fs::create_dir_all(into).map_err(|e| Diagnostic::io(into, &e))?;
    let (Ok(src_abs), Ok(into_abs)) = (src.canonicalize(), into.canonicalize()) else {
        return Err(Diagnostic::flag("--into", format!("`{}` cannot be opened", into.display())));
    };
    if into_abs.starts_with(&src_abs) {
        return Err(Diagnostic::flag("--into", format!("`{}` is inside the source site", into.display()))
            .help("the source is never modified: import into a folder outside it"));
    }
    Ok(())
}

struct Run<'a> {
    opts: &'a ImportOptions,
    site: &'a SourceSite,
    map_file: &'a MapFile,
    figures: report::Figures,
}

impl Run<'_> {
    fn convert_and_write(&mut self) -> Result<(), Diagnostic> {
        let (src, dir, site) = (&self.opts.src, &self.opts.into, self.site);
        let first = Index::of_paths(site.posts.iter().map(|p| p.content_rel.as_str()));
        let find = |t: &str| first.find(t).map(|i| site.posts[i].content_rel.clone());
        let mut reads = Vec::new();
        for post in &site.posts {
            match convert::read(src, site, post, self.map_file, &find) {
                Ok(read) => reads.push(read),
                Err(d) => self.figures.failed.push(d),
            }
        }
        let mut index = Index::of_paths(reads.iter().map(|r| r.post.content_rel.as_str()));
        index.set_site(site.base_url.as_deref());
        index.out = place(&mut reads, &mut self.figures.notes);
        self.keep_old_urls(&mut reads, &mut index);
        let briefings = dir.join(crate::content::BRIEFINGS_DIR);
        std::fs::create_dir_all(&briefings).map_err(|e| Diagnostic::io(&briefings, &e))?;
        let mut copied = files::Copied::default();
        files::copy_static(src, &site.static_dirs, site.generator == Generator::Jekyll, dir, &mut copied)?;
        let mut roots = site.static_dirs.clone();
        roots.extend(site.asset_dirs.iter().cloned());
        if site.generator == Generator::Jekyll {
            roots.push(PathBuf::new());
        }
        let new_static = dir.join("static");
        let mut copies = Vec::new();
        for (i, read) in reads.iter().enumerate() {
            let me = Me {
                i,
                file: &read.post.file,
                content_rel: &read.post.content_rel,
                old_url: &read.old_url,
                bundle: read.post.bundle.as_deref(),
            };
            let out = &index.out[i];
            let link = |dest: &str| index::link_fate(&index, &me, dest, &new_static);
            let mut image = |dest: &str| index::image_fate(&me, out, dest, src, &roots, &mut copies);
            let mut pass = links::Pass {
                file: &read.file,
                lines: &read.lines,
                edited: &read.body,
                link: &link,
                image: &mut image,
            };
            let (body, notes) = links::rewrite(&read.body.text, &mut pass);
            self.figures.notes.extend(notes);
            write::file(dir, out, &write::briefing(read, &body))?;
            if let Some(bundle) = &read.post.bundle {
                files::copy_bundle(src, bundle, out, dir, &mut copied)?;
            }
        }
        for (from, to) in copies {
            files::copy(&from, dir, &to, &mut copied)?;
        }
        if !dir.join(crate::config::CONFIG_FILE).exists() {
            write::file(dir, Path::new(crate::config::CONFIG_FILE), &write::site_yaml(site))?;
        }
        let f = &mut self.figures;
        f.posts = reads.len();
        f.drafts = reads.iter().filter(|r| r.draft).count();
        f.aliases = reads.iter().map(|r| r.aliases.len()).sum();
        (f.files, f.images) = (copied.files, copied.images);
        f.notes.extend(reads.iter_mut().flat_map(|r| std::mem::take(&mut r.notes)));
        f.notes.sort();
        f.listed = site.listed.clone();
        f.listed.sort();
        Ok(())
    }

    /// Each old URL belongs to the first post that had it.
    fn keep_old_urls(&mut self, reads: &mut [Read], index: &mut Index) {
        let files: Vec<String> = reads.iter().map(|r| r.file.clone()).collect();
        for (i, read) in reads.iter_mut().enumerate() {
            let mut kept = Vec::new();
            for alias in std::mem::take(&mut read.aliases) {
                match index.add_url(&alias, i) {
                    None => kept.push(alias),
                    Some(other) => self.figures.notes.push(Note {
                        topic: Topic::Post,
                        file: read.file.clone(),
                        line: 1,
                        what: format!("the old URL `{alias}` is also `{}`'s, which keeps it", files[other]),
                        todo:
                            "decide which post the old URL should lead to, and add it to that one's `aliases`"
                                .into(),
                    }),
                }
            }
            read.aliases = kept;
        }
    }
}

/// Gives each post a slug of its own and its file in the new site.
fn place(reads: &mut [Read], notes: &mut Vec<Note>) -> Vec<PathBuf> {
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for read in reads.iter_mut() {
        let mut slug = read.slug.clone();
        let mut n = 2;
        while taken.contains_key(&slug) {
            slug = format!("{}-{n}", read.slug);
            n += 1;
        }
        if slug != read.slug {
            notes.push(Note {
                topic: Topic::Post,
                file: read.file.clone(),
                line: 1,
                what: format!(
                    "the slug `{}` is also `{}`'s: this post is `{slug}`",
                    read.slug, taken[&read.slug]
                ),
                todo: "keep it, or give one of the two another `slug:`".into(),
            });
            read.slug = slug.clone();
            read.mapped.slug.get_or_insert_with(|| slug.clone());
        }
        taken.insert(slug.clone(), read.file.clone());
        let year = crate::content::date::Date::parse(&read.date).map(|d| d.year()).unwrap_or(0);
        let folder = Path::new(crate::content::BRIEFINGS_DIR).join(format!("{year:04}"));
        out.push(match read.post.bundle {
            Some(_) => folder.join(&slug).join("index.md"),
            None => folder.join(format!("{slug}.md")),
        });
    }
    out
}
