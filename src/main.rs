//! Parses the command line, runs the command, prints problems, sets the exit
//! status: 0 on success, 1 when content or configuration is wrong, 2 for bad
//! usage (clap's own errors, and any problem about a flag's value).

mod cli;

use std::process::ExitCode;

use briefing::error::Failure;
use briefing::error::plural;
use clap::Parser;
use cli::{BuildArgs, CheckArgs, CleanArgs, Cli, Command, ImportArgs, InitArgs, NewArgs};

// A build allocates and frees millions of small strings from two threads;
// mimalloc does that about a quarter faster than the system allocator
// (README, "Dependencies").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!(
            "error: internal error{location}: this is a bug in briefing, not in your site; please report it"
        );
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => match briefing::serve::run(args.into()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => fail(&failure),
        },
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Init(args) => init(args),
        Command::Clean(args) => clean(args),
        Command::Import(args) => import(args),
    }
}

/// Prints every problem and the summary; exits 2 when a flag is to blame
/// (bad usage), 1 when the site is.
fn fail(failure: &Failure) -> ExitCode {
    eprintln!("{failure}");
    ExitCode::from(if failure.is_bad_usage() { 2 } else { 1 })
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn check(args: CheckArgs) -> ExitCode {
    match briefing::check::check(&args.root) {
        Ok(report) => {
            for warning in briefing::check::grouped(&report.warnings, args.verbose) {
                eprintln!("{warning}");
            }
            println!(
                "Checked {} {} and {} pages: no errors, {} {}",
                report.briefings,
                plural(report.briefings, "briefing", "briefings"),
                report.pages,
                report.warnings.len(),
                plural(report.warnings.len(), "warning", "warnings")
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure),
    }
}

fn new(args: NewArgs) -> ExitCode {
    match briefing::scaffold::new_briefing(
        &args.root,
        &args.title,
        &args.companies,
        &args.topics,
        &args.authors,
        today(),
    ) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => fail(&Failure::from(d)),
    }
}

fn init(args: InitArgs) -> ExitCode {
    match briefing::scaffold::init(&args.dir, today()) {
        Ok(files) => {
            for file in files {
                println!("created {}", file.display());
            }
            let dir = args.dir.display();
            println!(
                "Next: `briefing serve --root {dir}` to preview, `briefing build --root {dir}` to publish."
            );
            ExitCode::SUCCESS
        }
        Err(d) => fail(&Failure::from(d)),
    }
}

/// Prints the summary line; exit 1 (after listing what stands in the way)
/// when a post was not converted or the new site does not pass `check`.
fn import(args: ImportArgs) -> ExitCode {
    match briefing::import::import(&args.into()) {
        Ok(s) => {
            for problem in s.failed.iter().chain(&s.problems) {
                eprintln!("{problem}");
            }
            println!(
                "Imported {} {} ({} {}), {} {} kept as aliases, {} {} copied, {} {} to look at: see {}",
                s.posts,
                plural(s.posts, "post", "posts"),
                s.drafts,
                plural(s.drafts, "draft", "drafts"),
                s.aliases,
                plural(s.aliases, "old URL", "old URLs"),
                s.images,
                plural(s.images, "image", "images"),
                s.notes,
                plural(s.notes, "thing", "things"),
                s.report.display()
            );
            let report = s.report.display();
            if !s.failed.is_empty() {
                let n = s.failed.len();
                eprintln!(
                    "{n} {} not converted: fix {} in the source and import again into an empty folder; {report} lists {}",
                    plural(n, "post was", "posts were"),
                    plural(n, "it", "them"),
                    plural(n, "it", "them")
                );
            }
            if !s.problems.is_empty() {
                eprintln!(
                    "The new site does not pass `briefing check` yet: everything converted is on disk, and {report} says what stands in the way"
                );
            }
            if s.failed.is_empty() && s.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(failure) => fail(&failure),
    }
}

fn clean(args: CleanArgs) -> ExitCode {
    let root = match briefing::site_folder(&args.root) {
        Ok(root) => root,
        Err(d) => return fail(&Failure::from(d)),
    };
    let shown = args.root.join(briefing::cache::CACHE_DIR);
    match briefing::cache::clean(&root, &args.root) {
        Ok(briefing::cache::Cleaned::Nothing) => {
            println!("Nothing to clean: {} does not exist", shown.display());
            ExitCode::SUCCESS
        }
        Ok(briefing::cache::Cleaned::Removed { files, bytes }) => {
            println!(
                "Removed {} ({files} {}, {:.1} MB)",
                shown.display(),
                plural(files as usize, "file", "files"),
                bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(d) => fail(&Failure::from(d)),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let verbose = args.verbose;
    let options = match briefing::BuildOptions::try_from(args) {
        Ok(options) => options,
        Err(d) => return fail(&Failure::from(d)),
    };
    match briefing::build(&options) {
        Ok(r) => {
            for warning in &r.warnings {
                eprintln!("{warning}");
            }
            if !r.warnings.is_empty() {
                let n = r.warnings.len();
                eprintln!(
                    "{n} broken {}: built anyway, as --allow-broken-links asks",
                    plural(n, "link", "links")
                );
            }
            if let Some(first) = r.unread.first() {
                let n = r.unread.len();
                eprintln!(
                    "warning: {n} {} under content/briefings {} not read: not Markdown (the first: {}); `briefing check` names every one",
                    plural(n, "file", "files"),
                    plural(n, "was", "were"),
                    first.display()
                );
            }
            if verbose {
                for (stage, took) in &r.stages {
                    println!("  {stage:<24} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                }
                println!("  images: {} made, {} from the cache", r.images_made, r.images_cached);
            }
            println!(
                "Built {} {}, {} pages in {:.2} s into {}",
                r.briefings,
                plural(r.briefings, "briefing", "briefings"),
                r.pages,
                r.elapsed.as_secs_f64(),
                r.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure),
    }
}
