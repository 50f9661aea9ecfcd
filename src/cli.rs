//! The command line, as clap definitions.

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
    /// Print how long each stage of the build took
    #[arg(long, short)]
    pub verbose: bool,
}

impl From<BuildArgs> for crate::BuildOptions {
    fn from(a: BuildArgs) -> Self {
        crate::BuildOptions {
            root: a.root,
            out: a.out,
            base_url: a.base_url,
            drafts: a.drafts,
            future: a.future,
        }
    }
}
