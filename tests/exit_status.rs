//! Exit statuses and what each command says when it cannot run: 0 on
//! success, 1 when the site is wrong (or an address cannot be used), 2 for
//! bad usage (clap's errors, and a flag whose value cannot be used). One
//! table of command lines, each run with the real binary, its exit status
//! checked and its report pinned by a snapshot.

mod common;

use std::net::TcpListener;
use std::time::Duration;

use common::*;

/// One command line: `{GOOD}` is a site that builds (`TestSite::good`), `{BROKEN}` one with a
/// broken briefing, `{LOOP}` one whose `base.html` extends the built-in
/// `index.html` (which extends `base.html`), `{TMP}` a temporary folder and
/// `{PORT}` a port another program listens on.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
    status: i32,
}

const CASES: &[Case] = &[
    // Success: nothing on stderr.
    Case { name: "build_a_good_site", args: &["build", "--root", "{GOOD}", "--out", "{TMP}/out"], status: 0 },
    // The site is wrong: 1.
    Case {
        name: "build_a_broken_site",
        args: &["build", "--root", "{BROKEN}", "--out", "{TMP}/out"],
        status: 1,
    },
    Case {
        name: "build_a_loop_through_a_built_in_template",
        args: &["build", "--root", "{LOOP}", "--out", "{TMP}/out"],
        status: 1,
    },
    Case {
        name: "serve_on_a_port_in_use",
        args: &["serve", "--root", "{GOOD}", "--port", "{PORT}"],
        status: 1,
    },
    // A flag's value cannot be used: 2, whatever else is wrong.
    Case {
        name: "build_base_url_not_a_url",
        args: &["build", "--root", "{GOOD}", "--out", "{TMP}/out", "--base-url", "notaurl"],
        status: 2,
    },
    Case {
        name: "build_base_url_without_a_scheme",
        args: &["build", "--root", "{GOOD}", "--out", "{TMP}/out", "--base-url", "example.org/briefs"],
        status: 2,
    },
    Case {
        name: "build_a_broken_site_with_a_bad_base_url",
        args: &["build", "--root", "{BROKEN}", "--out", "{TMP}/out", "--base-url", "notaurl"],
        status: 2,
    },
    Case { name: "build_root_missing", args: &["build", "--root", "{TMP}/nowhere"], status: 2 },
    Case {
        name: "build_root_is_a_file",
        args: &["build", "--root", "{GOOD}/content/briefings/good.md", "--out", "{TMP}/out"],
        status: 2,
    },
    Case { name: "check_root_missing", args: &["check", "--root", "{TMP}/nowhere"], status: 2 },
    Case { name: "serve_root_missing", args: &["serve", "--root", "{TMP}/nowhere"], status: 2 },
    // Refused by clap before anything runs: 2.
    Case { name: "serve_port_not_a_number", args: &["serve", "--port", "0x"], status: 2 },
    Case { name: "serve_bind_not_an_address", args: &["serve", "--bind", "localhost"], status: 2 },
    Case { name: "build_unknown_flag", args: &["build", "--no-such-flag"], status: 2 },
    Case { name: "unknown_command", args: &["no-such-command"], status: 2 },
    Case { name: "no_command", args: &[], status: 2 },
];

#[test]
fn every_command_line_exits_with_its_status_and_pinned_report() {
    let good = TestSite::good("exit-status");
    let broken = TestSite::good("exit-status-broken")
        .file("content/briefings/bad.md", "---\ntitle: Bad\ndate: 2024-02-30\n---\n");
    let looping =
        TestSite::good("exit-status-loop").file("templates/base.html", "{% extends \"index.html\" %}\n");
    let taken = TcpListener::bind("127.0.0.1:0").expect("cannot listen on a free port");
    let port = taken.local_addr().expect("a bound listener has an address").port().to_string();
    let placeholders = [
        ("{GOOD}", good.root()),
        ("{BROKEN}", broken.root()),
        ("{LOOP}", looping.root()),
        ("{TMP}", good.tmp()),
    ];
    for case in CASES {
        let args: Vec<String> = case
            .args
            .iter()
            .map(|arg| {
                let arg = arg.replace("{PORT}", &port);
                placeholders.iter().fold(arg, |a, (from, to)| a.replace(from, &to.display().to_string()))
            })
            .collect();
        // A run that outlives a minute (a server that did start) is killed and fails.
        let run = Invocation::new(&args).time_limit(Duration::from_secs(60)).run();
        let shown = placeholders
            .iter()
            .fold(run.stderr.clone(), |text, (to, from)| text.replace(&from.display().to_string(), to))
            .replace(&port, "{PORT}");
        assert_eq!(run.code, Some(case.status), "{}: briefing {args:?}\n{}", case.name, run.stderr);
        // clap's messages go on with usage and help after a blank line:
        // only their first paragraph is pinned.
        let stderr = shown.split("\n\n").next().unwrap_or_default().trim_end();
        let command: String = case.args.iter().map(|a| format!(" {a}")).collect();
        let report = format!("$ briefing{command}\nexit status {}\n{stderr}", case.status);
        insta::assert_snapshot!(case.name, report);
    }
    drop(taken);
}
