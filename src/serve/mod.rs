//! `briefing serve`: the site built in memory, served on loopback with live
//! reload; every save rebuilds only what changed and never writes to disk.

pub mod http;
pub mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::mpsc;

use crate::BuildOptions;
use crate::error::{Diagnostic, Failure};
use http::Origins;
use state::Shared;

/// What `briefing serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder, as the user gave it.
    pub root: std::path::PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(args: ServeOptions) -> Result<(), Failure> {
    let root = crate::site_folder(&args.root)?;
    let server = tiny_http::Server::http(SocketAddr::new(args.bind, args.port)).map_err(|e| {
        Failure::from(
            Diagnostic::address(
                SocketAddr::new(args.bind, args.port).to_string(),
                format!("cannot listen here: {e}"),
            )
            .help("another program may be using the port; choose another with --port"),
        )
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let host = match args.bind {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{port}/");
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this machine can read the site, drafts included; \
             use --bind 127.0.0.1 to keep it to this machine",
            args.bind
        );
    }
    let options = BuildOptions {
        root: root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: args.drafts,
        future: false,
    };
    let shared = Arc::new(Shared::new(&root, &args.root, options));
    shared.rebuild(None);
    let (changed_tx, changed_rx) = mpsc::channel();
    let mut watch = watch::Watch::start(&root, changed_tx).map_err(Failure::from)?;
    let rebuilder = Arc::clone(&shared);
    std::thread::spawn(move || {
        while let Some(paths) = watch::next_burst(&changed_rx) {
            // Watch folders that just appeared (a new `templates/`) before
            // reading them, so no change made after this rebuild is missed.
            watch.refresh();
            let briefings = watch::only_briefings(&rebuilder.root, &paths);
            rebuilder.rebuild(briefings.as_deref());
        }
    });
    println!("Serving {url} (Ctrl-C to stop)");
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let origins = Arc::new(Origins(allowed_origins(args.bind, port)));
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let origins = Arc::clone(&origins);
        std::thread::spawn(move || http::handle(&shared, &origins, request));
    }
    Ok(())
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
