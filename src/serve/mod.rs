//! `briefing serve`: the site built in memory, served on loopback with live
//! reload; every save rebuilds only what changed and never writes to disk.
//!
//! Modules, each using only the ones to its right (no cycles):
//! `server` (connections and threads) -> `wire` (HTTP messages);
//! `http` (what to answer) -> `state` (builds) -> `live` (event streams),
//! and `http` -> `wire`; `watch` (file events) -> `rebuild` (what a save
//! rebuilds). This module wires them together.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod server;
pub mod state;
pub mod watch;
pub mod wire;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread;

use crate::content::Scan;
use crate::error::{Diagnostic, Failure};
use crate::pipeline::{BuildOptions, LinkPolicy};
use http::{Origins, Site};
use state::Shared;

/// What `briefing serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Anything but loopback exposes the site, drafts included, to the network.
    pub bind: IpAddr,
    /// Also show briefings marked `draft: true`.
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(options: ServeOptions) -> Result<(), Failure> {
    let root = crate::pipeline::site_folder(&options.root)?;
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Failure::from(
            Diagnostic::address(
                SocketAddr::new(options.bind, options.port).to_string(),
                format!("cannot listen here: {e}"),
            )
            .help("another program may be using the port; choose another with --port"),
        )
    })?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let url = format!("http://{}:{port}/", shown_host(options.bind));
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this machine can read the site, drafts included; \
             use --bind 127.0.0.1 to keep it to this machine",
            options.bind
        );
    }
    let build = BuildOptions {
        root: root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: options.drafts,
        future: false,
        // A site in progress is previewed with its broken links, which the
        // terminal lists after each rebuild.
        links: LinkPolicy::Warn,
        incremental: false,
        shard: None,
        writes_cache: false,
        ends_process: false,
    };
    let shared = Arc::new(Shared::new(&root, &options.root, build));
    shared.rebuild(Scan::Everything);
    let (changed_tx, changed_rx) = mpsc::channel();
    let mut watch = watch::Watch::start(&root, changed_tx).map_err(Failure::from)?;
    let rebuilder = Arc::clone(&shared);
    thread::spawn(move || {
        while let Some(paths) = watch::next_burst(&changed_rx) {
            // Watch folders that just appeared (a new `templates/`) before
            // reading them, so no change made after this rebuild is missed.
            watch.refresh();
            if let Some(scan) = rebuild::decide(&rebuilder.root, &paths).scan() {
                rebuilder.rebuild(scan);
            }
        }
    });
    let tender = Arc::clone(&shared);
    thread::spawn(move || {
        loop {
            thread::sleep(live::TEND_EVERY);
            tender.live.tend();
        }
    });
    println!("Serving {url} (Ctrl-C to stop)");
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let site = Site { shared, origins: Origins(allowed_origins(options.bind, port)) };
    server::run(listener, Arc::new(site));
    Ok(())
}

/// The host of the printed URL: loopback for "any address".
fn shown_host(bind: IpAddr) -> String {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    }
}

/// The origins of this server's own pages.
fn allowed_origins(bind: IpAddr, port: u16) -> Vec<String> {
    let mut hosts = vec!["127.0.0.1".to_string(), "localhost".to_string(), "[::1]".to_string()];
    match bind {
        IpAddr::V4(ip) if !ip.is_unspecified() => hosts.push(ip.to_string()),
        IpAddr::V6(ip) if !ip.is_unspecified() => hosts.push(format!("[{ip}]")),
        _ => {}
    }
    hosts.into_iter().map(|h| format!("http://{h}:{port}")).collect()
}
