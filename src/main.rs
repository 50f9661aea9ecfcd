//! Parses the command line, runs the command, prints problems, sets the exit
//! status: 0 on success, 1 when content or configuration is wrong, 2 for bad usage.

use std::process::ExitCode;

use briefing::cli::{BuildArgs, Cli, Command};
use briefing::error::plural;
use clap::Parser;

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
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let verbose = args.verbose;
    match briefing::build(&args.into()) {
        Ok(r) => {
            if verbose {
                for (stage, took) in &r.stages {
                    println!("  {stage:<24} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                }
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
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(1)
        }
    }
}
