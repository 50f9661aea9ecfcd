//! The command line, as clap definitions: part of the binary only, turned
//! into the library's plain option structs (the library does not use clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "briefing", version, about = "A static site generator for tech briefings")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build(BuildArgs),
    /// Preview the site with live reload while you write; nothing is written to disk
    Serve(ServeArgs),
    /// Check every briefing, profile, template and link without writing anything
    Check(CheckArgs),
    /// Start a new briefing: content/briefings/YYYY/<slug>.md with today's date
    New(NewArgs),
    /// Start a new publication in an empty folder
    Init(InitArgs),
    /// Make a new publication from a Hugo, Jekyll or Zola site (which is only read)
    Import(ImportArgs),
    /// Remove the build cache (.briefing/: processed images); the next build makes it again
    Clean(CleanArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The generator that built the source site: hugo, jekyll or zola
    #[arg(value_name = "GENERATOR")]
    pub generator: String,
    /// The source site's folder (never modified)
    #[arg(value_name = "SRC")]
    pub src: PathBuf,
    /// The folder for the new publication: empty, or holding no content/briefings/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub into: PathBuf,
    /// A YAML file renaming front matter keys and taxonomies, and naming the sections to import
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
}

impl From<ImportArgs> for briefing::import::ImportOptions {
    fn from(a: ImportArgs) -> Self {
        briefing::import::ImportOptions { generator: a.generator, src: a.src, into: a.into, map: a.map }
    }
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// The site folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on (anything but loopback exposes your drafts to the network)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also show briefings marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// List every warning, instead of one line for a warning repeated in many files
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The title of the briefing
    pub title: String,
    /// A company the briefing is about (repeat for several)
    #[arg(long = "company", value_name = "NAME")]
    pub companies: Vec<String>,
    /// A topic of the briefing (repeat for several)
    #[arg(long = "topic", value_name = "NAME")]
    pub topics: Vec<String>,
    /// An author of the briefing (repeat for several; default: site.yaml's default_author)
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// The site folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new publication (created if missing; must be empty)
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder: it holds content/, and optionally site.yaml, templates/ and static/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The output folder [default: <root>/public]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Override `base_url` from site.yaml for this build
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also publish briefings marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Also publish briefings dated in the future
    #[arg(long)]
    pub future: bool,
    /// Build even when internal links lead nowhere, listing each as a warning (other problems still fail)
    #[arg(long)]
    pub allow_broken_links: bool,
    /// Render every file from the sources, neither reading nor writing the parsed briefings and the incremental state in .briefing/ (processed images and social cards are still reused)
    #[arg(long)]
    pub no_cache: bool,
    /// Build only shard K of N (1-based), into its own folder: the N folders copied into one give the full build
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Print how long each stage of the build took
    #[arg(long, short)]
    pub verbose: bool,
}

impl TryFrom<BuildArgs> for briefing::BuildOptions {
    type Error = briefing::Diagnostic;

    fn try_from(a: BuildArgs) -> Result<Self, Self::Error> {
        let shard = a.shard.as_deref().map(briefing::output::Shard::parse).transpose()?;
        Ok(briefing::BuildOptions {
            root: a.root,
            out: a.out,
            base_url: a.base_url,
            drafts: a.drafts,
            future: a.future,
            links: if a.allow_broken_links {
                briefing::LinkPolicy::Warn
            } else {
                briefing::LinkPolicy::Refuse
            },
            incremental: !a.no_cache,
            shard,
            writes_cache: !a.no_cache,
            ends_process: true,
        })
    }
}

impl From<ServeArgs> for briefing::serve::ServeOptions {
    fn from(a: ServeArgs) -> Self {
        briefing::serve::ServeOptions {
            root: a.root,
            port: a.port,
            bind: a.bind,
            drafts: a.drafts,
            open: a.open,
        }
    }
}
