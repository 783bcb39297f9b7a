//! `briefing serve`: preview the site, rebuild on every change, reload the browser.
//!
//! Why it is built this way:
//!
//! - **One build path.** Every rebuild is [`Session::build`], the same call `briefing build`
//!   makes; the session skips unchanged sources and pages by itself, so the server never
//!   decides what to rebuild and the preview is always byte-identical to a real build. The
//!   one thing the server adds is the watcher's list of changed paths
//!   ([`Session::build_changed`]), which spares the session listing and statting every source.
//! - **One build thread.** The [`Session`] lives on a plain thread that owns it and the file
//!   watcher. Builds are CPU work (rayon) and must not overlap, so changes that arrive while
//!   a build runs wait in a channel and are drained into one follow-up build.
//! - **The site on disk stays pristine.** The live-reload script tag is added to HTML
//!   responses as they are served, never written into `site/`; `site/` can be published as
//!   it is at any moment.
//! - **Nothing inline.** The pages carry a strict CSP (`script-src 'self'`, `style-src 'self'`),
//!   so the client is an external script and the error overlay is built with DOM calls and
//!   styled through `element.style` (CSSOM), which the CSP permits. Messages are shown with
//!   `textContent`: they quote the editor's files and must never become markup.
//! - **Hand-written file serving.** Paths are resolved segment by segment and then
//!   canonicalised and checked against the output folder, so `..`, encoded traversal and
//!   symlinks pointing outside all end in a 404; the site's own `404.html` is the miss page.
//! - **Loopback means loopback.** Listening on 127.0.0.1, the server answers only requests
//!   addressed to a loopback name (`Host`, or an absolute-form target): a page on another
//!   site cannot reach the preview through DNS rebinding, and the server is no proxy.
//! - **The base URL's path is honoured.** A site published under `/briefing/` links to
//!   `/briefing/…`; the server maps that prefix to the output folder, so the preview works
//!   without rebuilding for another base URL.
//! - **A failed build keeps the last good site.** A failed build leaves `site/` untouched;
//!   the server keeps serving it and shows the errors over every page until the next
//!   successful build.

mod live;
mod router;
mod watch;

use crate::build::{Options, Session};
use crate::config::{Config, normalise_base_url};
use crate::error::Diagnostic;
use crate::render::urls::Urls;
use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// How long Ctrl-C waits for open connections to finish before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// What the build thread tells the browsers (over server-sent events).
#[derive(Debug, Clone)]
enum Signal {
    /// A build succeeded: reload the page.
    Reload,
    /// A build failed with this many errors: fetch them and show the overlay.
    Error(usize),
    /// The server is stopping: end the event streams so connections can close.
    Shutdown,
}

/// One build error as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
struct ErrorItem {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    help: Option<String>,
}

impl From<&Diagnostic> for ErrorItem {
    fn from(d: &Diagnostic) -> ErrorItem {
        ErrorItem {
            file: d.file.as_ref().map(|f| f.to_string_lossy().replace('\\', "/")),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// What the request handlers share with the build thread.
struct State {
    /// The output folder, as given (it is swapped, so it is resolved again per request).
    output: PathBuf,
    /// The base URL's path (`/` or `/briefing/`): requests under it map to the output root.
    base_path: RwLock<String>,
    /// The errors of the last build; empty after a successful one.
    errors: RwLock<Vec<ErrorItem>>,
    /// The server listens on loopback only, so requests must name a loopback host (see
    /// `router::addressed_to_loopback`).
    loopback_only: bool,
    events: broadcast::Sender<Signal>,
}

impl State {
    fn base_path(&self) -> String {
        self.base_path.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn errors(&self) -> Vec<ErrorItem> {
        self.errors.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Records a build's outcome and tells the browsers.
    fn publish(&self, errors: Vec<ErrorItem>) {
        let signal = if errors.is_empty() {
            Signal::Reload
        } else {
            Signal::Error(errors.len())
        };
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
        // No receivers (no open page) is not an error.
        let _ = self.events.send(signal);
    }

    /// Reads the base path again from the configuration; keeps the old one if it is broken
    /// (the build reports that error).
    fn reload_base_path(&self, opts: &Options) {
        if let Some(path) = base_path(opts) {
            *self.base_path.write().unwrap_or_else(|e| e.into_inner()) = path;
        }
    }
}

/// The path of the base URL in effect: `--base-url` if given, else briefing.toml's.
fn base_path(opts: &Options) -> Option<String> {
    let base_url = match &opts.base_url {
        Some(b) => normalise_base_url(b).ok()?,
        None => Config::load(&opts.root).ok()?.base_url,
    };
    Some(Urls::new(&base_url).base_path().to_string())
}

/// Builds once, then serves the output folder and rebuilds on every change until Ctrl-C.
pub fn run(opts: Options, bind: &str, port: u16, open: bool) -> anyhow::Result<()> {
    let (events, _) = broadcast::channel(16);
    let state = Arc::new(State {
        output: opts.output.clone(),
        base_path: RwLock::new(base_path(&opts).unwrap_or_else(|| "/".into())),
        errors: RwLock::new(Vec::new()),
        loopback_only: is_loopback_bind(bind),
        events,
    });

    // Watch before the first build, so an edit made while it runs is not lost.
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = watch::Watcher::start(&opts, tx.clone())?;
    let mut session = Session::resume(opts.clone()).remembering();
    let first_ok = watch::first_build(&mut session, &state);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((bind, port)))
        .with_context(|| {
            format!(
                "cannot listen on {bind}:{port}; is another server using the port? pass --port 0 to pick a free one"
            )
        })?;
    let addr = listener.local_addr()?;
    announce(&opts, &state, addr, open);

    let builder = {
        let state = Arc::clone(&state);
        std::thread::Builder::new()
            .name("briefing-rebuild".into())
            .spawn(move || watch::rebuild_loop(session, watcher, rx, &state, first_ok))
            .context("cannot start the build thread")?
    };
    let served = runtime.block_on(serve(listener, Arc::clone(&state)));
    let _ = tx.send(watch::Msg::Stop);
    let _ = builder.join();
    served
}

/// `--bind 127.0.0.1`, `::1`, `localhost`: only this machine can connect.
fn is_loopback_bind(bind: &str) -> bool {
    let bind = bind.trim_start_matches('[').trim_end_matches(']');
    bind.eq_ignore_ascii_case("localhost") || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Prints the address (tests read it from this line) and opens the browser if asked.
fn announce(opts: &Options, state: &State, addr: SocketAddr, open: bool) {
    let url = format!("http://{addr}{}", state.base_path());
    println!("Serving {} at {url} (press Ctrl-C to stop)", opts.root.display());
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&url);
    }
}

/// Serves until Ctrl-C (or SIGTERM), then lets open requests finish for a moment.
async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) -> anyhow::Result<()> {
    let app = router::router(Arc::clone(&state));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stop_rx.await;
            })
            .await
    });
    shutdown_signal().await;
    println!("stopping…");
    // End the event streams first: graceful shutdown waits for every open connection.
    let _ = state.events.send(Signal::Shutdown);
    let _ = stop_tx.send(());
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        Ok(Ok(result)) => result.context("the server failed"),
        Ok(Err(join)) => Err(anyhow::anyhow!("the server task failed: {join}")),
        Err(_) => Ok(()), // connections still open after the grace period: stop anyway
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Opens the preview in the default browser; a missing opener is not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reap it so it does not linger as a zombie.
        std::thread::spawn(move || child.wait());
    }
}
