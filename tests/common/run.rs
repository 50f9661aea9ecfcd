//! Running the real binary: one way for every suite, with no colours,
//! backtraces on (so a panic cannot go unnoticed), a time limit, and the
//! no-crash contract checked on every run.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Text that means the binary crashed instead of reporting a problem.
pub const CRASH_MARKERS: [&str; 6] = [
    "panicked",
    "RUST_BACKTRACE",
    "internal error",
    "stack backtrace",
    "overflowed its stack",
    "memory allocation of",
];

/// How long any single run may take before the test fails (debug build).
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// What one run of `briefing` did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit status 0 and returns self.
    #[track_caller]
    pub fn success(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit status 1 (content or configuration is wrong), that
    /// stderr reports errors and that stdout says nothing about success.
    #[track_caller]
    pub fn failure(self) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit status 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "stderr should start with `error: `:\n{}", self.stderr);
        assert!(
            !self.stdout.contains("Built"),
            "a failed build must not report success on stdout:\n{}",
            self.stdout
        );
        self
    }

    /// Parses `Built N briefings, M pages in X s into OUT`: (N, M, OUT).
    #[track_caller]
    pub fn built(&self) -> (usize, usize, String) {
        let line = self.stdout.trim_end();
        let rest = line.strip_prefix("Built ").unwrap_or_else(|| panic!("unexpected stdout: {line:?}"));
        let (n, rest) = rest.split_once(' ').unwrap();
        let rest = rest
            .strip_prefix("briefings, ")
            .or_else(|| rest.strip_prefix("briefing, "))
            .unwrap_or_else(|| panic!("unexpected stdout: {line:?}"));
        let (m, rest) = rest.split_once(" pages in ").unwrap();
        let (secs, out) = rest.split_once(" s into ").unwrap();
        assert!(secs.parse::<f64>().is_ok(), "elapsed seconds in {line:?} should be a number");
        (n.parse().unwrap(), m.parse().unwrap(), out.to_string())
    }

    /// Asserts that the run ended with a status of its own (no signal) and
    /// that neither stream shows a panic or a backtrace.
    #[track_caller]
    pub fn assert_no_crash(&self) {
        for marker in CRASH_MARKERS {
            assert!(
                !self.stderr.contains(marker) && !self.stdout.contains(marker),
                "briefing crashed ({marker:?} in its output)\nstdout:\n{}\nstderr:\n{}",
                self.stdout,
                self.stderr
            );
        }
        assert!(
            matches!(self.code, Some(0..=2)),
            "briefing ended with {:?}, not 0, 1 or 2\nstderr:\n{}",
            self.code,
            self.stderr
        );
    }
}

/// One run of the binary to make: its arguments, environment, working
/// folder (the crate root unless changed) and time limit ([`RUN_LIMIT`]).
pub struct Invocation {
    command: Command,
    shown: String,
    limit: Duration,
}

impl Invocation {
    pub fn new<I, S>(args: I) -> Invocation
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_os_string()).collect();
        let shown: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
        let shown = format!("briefing {}", shown.join(" "));
        let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
        command
            .args(&args)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Invocation { command, shown, limit: RUN_LIMIT }
    }

    pub fn env(mut self, key: &str, value: &str) -> Invocation {
        self.command.env(key, value);
        self
    }

    /// Runs from `dir` instead of the crate root.
    pub fn current_dir(mut self, dir: &Path) -> Invocation {
        self.command.current_dir(dir);
        self
    }

    /// Fails the test when the run takes longer than `limit`.
    pub fn time_limit(mut self, limit: Duration) -> Invocation {
        self.limit = limit;
        self
    }

    /// Starts the binary and leaves it running, stdout and stderr piped.
    pub fn spawn(mut self) -> Child {
        self.command.spawn().expect("cannot run the briefing binary")
    }

    /// Runs to the end, within the time limit; the run is checked for crashes.
    #[track_caller]
    pub fn run(self) -> Run {
        self.run_timed().0
    }

    /// [`Invocation::run`], and how long it took.
    #[track_caller]
    pub fn run_timed(self) -> (Run, Duration) {
        let (limit, shown) = (self.limit, self.shown.clone());
        let mut child = self.spawn();
        let started = Instant::now();
        let out = drain(child.stdout.take());
        let err = drain(child.stderr.take());
        let status = loop {
            if let Some(status) = child.try_wait().expect("cannot wait for briefing") {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{shown}: still running after {limit:?}; killed it");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = started.elapsed();
        let text = |bytes: Vec<u8>, stream: &str| {
            String::from_utf8(bytes).unwrap_or_else(|e| panic!("{shown}: {stream} is not UTF-8: {e}"))
        };
        let run = Run {
            code: status.code(),
            stdout: text(out.join().unwrap(), "stdout"),
            stderr: text(err.join().unwrap(), "stderr"),
        };
        run.assert_no_crash();
        (run, took)
    }
}

/// Reads a child's pipe to the end on its own thread.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Runs the binary with `args`, from the crate root (see [`Invocation`]).
#[track_caller]
pub fn briefing<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Invocation::new(args).run()
}

/// `briefing build --root ROOT --out OUT EXTRA...`.
#[track_caller]
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    briefing(build_args(root, out, extra))
}

/// The arguments of `briefing build --root ROOT --out OUT EXTRA...`.
pub fn build_args<'a>(root: &'a Path, out: &'a Path, extra: &[&'a str]) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|s| OsStr::new(*s)));
    args
}
