//! The watcher and the build thread.
//!
//! The debouncer (10 ms: an editor's burst of events for one save comes within a
//! millisecond or two, and every millisecond here is added to each rebuild's latency; a save
//! slow enough to be split costs one extra build, and a build that fails on a file caught
//! half-written is not shown when the rest of the save follows during it) sends the
//! paths that matter into a channel; one thread owns the [`Session`] and the watcher, takes a
//! batch from the channel, drains whatever else is queued, and builds. Builds therefore never
//! overlap, and edits made during a build become exactly one follow-up build.

use super::{ErrorItem, State};
use crate::build::{Report, Session};
use crate::config::CONFIG_FILE;
use crate::error::BuildError;
use anyhow::Context;
use notify_debouncer_full::notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long the watcher must be quiet after a build before the cache is saved.
const SAVE_WHEN_IDLE: Duration = Duration::from_millis(500);

/// The folders of the archive whose changes trigger a build (besides briefing.toml).
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// How many changed files the log line names before it says "…".
const NAMED_CHANGES: usize = 5;

/// How many builds in a row [`build`] makes while sources vanish under it.
const VANISHED_TRIES: usize = 3;

pub(super) enum Msg {
    /// Files changed, as paths relative to the archive root with `/` separators.
    Changed(Vec<String>),
    Stop,
}

/// The file watcher: the archive root (for briefing.toml and folders created later) plus each
/// source folder that exists.
pub(super) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    pub(super) fn start(opts: &crate::build::Options, tx: Sender<Msg>) -> anyhow::Result<Watcher> {
        let root = opts
            .root
            .canonicalize()
            .with_context(|| format!("cannot open the archive folder {}", opts.root.display()))?;
        let filter = Filter {
            root: root.clone(),
            // The output, where a non-Linux swap parks the old site (`site.old`), the cache.
            ignored: vec![
                resolve(&opts.output),
                resolve(&opts.output.with_extension("old")),
                resolve(&opts.cache_dir()),
            ],
        };
        // The build trusts these names to cover every change to content/ (it lists the folder
        // again only when they say `content`): so when the watcher may have missed events
        // (its queue overflowed, or it failed), the message says `content`.
        let lost_track = || Msg::Changed(vec!["content".to_string()]);
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                if events.iter().any(|e| e.need_rescan()) {
                    let _ = tx.send(lost_track());
                }
                let changed: BTreeSet<String> = events
                    .iter()
                    .filter(|e| relevant(&e.kind))
                    .flat_map(|e| e.paths.iter())
                    .filter_map(|p| filter.changed_name(p))
                    .collect();
                if !changed.is_empty() {
                    let _ = tx.send(Msg::Changed(changed.into_iter().collect()));
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: file watcher: {e}");
                }
                let _ = tx.send(lost_track());
            }
        };
        let mut debouncer = new_debouncer(DEBOUNCE, None, handler).context("cannot start the file watcher")?;
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watcher = Watcher {
            debouncer,
            root,
            watched: Vec::new(),
        };
        watcher.refresh();
        Ok(watcher)
    }

    /// Watches the source folders that exist now (one may have been created since the last
    /// look) and forgets those that were removed.
    pub(super) fn refresh(&mut self) {
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            let is_watched = self.watched.contains(&dir);
            match (dir.is_dir(), is_watched) {
                (true, false) => match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                },
                (false, true) => {
                    let _ = self.debouncer.unwatch(&dir);
                    self.watched.retain(|d| *d != dir);
                }
                _ => {}
            }
        }
    }
}

/// An absolute form of a path that may not exist yet (the output folder before the first build).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (
        path.parent()
            .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }),
        path.file_name(),
    ) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |p| p.join(name)),
        _ => path.to_path_buf(),
    }
}

/// Reads and opens (our own builds read every source) are not changes.
fn relevant(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Decides which paths are sources of the site.
struct Filter {
    root: PathBuf,
    /// The output folder and the cache: the build writes there, so they never count.
    ignored: Vec<PathBuf>,
}

impl Filter {
    /// The root-relative name of a changed source, or `None` for anything else.
    fn changed_name(&self, path: &Path) -> Option<String> {
        if self.ignored.iter().any(|i| path.starts_with(i)) {
            return None;
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        let names: Vec<&str> = rel
            .components()
            .map(|c| if let Component::Normal(n) = c { n.to_str() } else { None })
            .collect::<Option<_>>()?;
        let wanted = match names.as_slice() {
            [name] => *name == CONFIG_FILE || SOURCE_DIRS.contains(name),
            [dir, rest @ ..] => SOURCE_DIRS.contains(dir) && !rest.iter().any(|n| is_temp(n)),
            [] => false,
        };
        wanted.then(|| names.join("/"))
    }
}

/// Hidden files, editor backups and swap files: the build skips them, so must the watcher
/// (the staging, journal and lock files beside the output are hidden too).
fn is_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim's probe file
        || [".swp", ".swx", ".swo", ".tmp", ".part", "___jb_tmp___", "___jb_old___"].iter().any(|s| name.ends_with(s))
}

/// The first build, before the server listens. Returns whether it succeeded.
pub(super) fn first_build(session: &mut Session, state: &State) -> bool {
    match build(session, None) {
        Ok(report) => {
            print_warnings(&report, None);
            println!("built {}: {}", session.opts.output.display(), report.summary());
            state.publish(Vec::new());
            true
        }
        Err(e) => {
            failed(session, &e);
            eprintln!("{e}");
            eprintln!("serving the last good site (if any); fix the errors and save to rebuild");
            state.publish(e.diagnostics().iter().map(ErrorItem::from).collect());
            false
        }
    }
}

/// Builds after each batch of changes until told to stop. The cache is saved once the
/// watcher has been quiet for [`SAVE_WHEN_IDLE`] after a good build (so a killed server loses
/// little, and saving never delays the build an editor is waiting for), and once more on the
/// way out. After a failed build it is not: the site and the cache on disk are as they were.
pub(super) fn rebuild_loop(
    mut session: Session,
    mut watcher: Watcher,
    rx: Receiver<Msg>,
    state: &State,
    last_ok: bool,
) {
    // A message taken early to learn that a failed build was already out of date.
    let mut carried = None;
    let mut unsaved = last_ok;
    loop {
        if unsaved && carried.is_none() {
            match rx.recv_timeout(SAVE_WHEN_IDLE) {
                Ok(msg) => carried = Some(msg),
                Err(RecvTimeoutError::Timeout) => {
                    save(&mut session);
                    unsaved = false;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        let Some(changed) = next_batch(&rx, carried.take()) else {
            break;
        };
        watcher.refresh();
        if changed.iter().any(|c| c == CONFIG_FILE) {
            state.reload_base_path(&session.opts);
        }
        // A failed build leaves the last good build's cache to save, if it was not yet.
        unsaved |= rebuild(&mut session, state, &changed, &rx, &mut carried);
    }
    drop(watcher);
    if unsaved {
        save(&mut session);
    }
}

/// Waits for changes (unless one was carried over), then takes everything else already
/// queued, so that edits made during a build become one build. `None` when the server is
/// stopping.
fn next_batch(rx: &Receiver<Msg>, carried: Option<Msg>) -> Option<Vec<String>> {
    let first = match carried {
        Some(msg) => msg,
        None => rx.recv().ok()?,
    };
    let mut changed = BTreeSet::new();
    for msg in std::iter::once(first).chain(rx.try_iter()) {
        match msg {
            Msg::Changed(paths) => changed.extend(paths),
            Msg::Stop => return None,
        }
    }
    Some(changed.into_iter().collect())
}

/// One rebuild: log it, tell the browsers. Returns whether it succeeded.
///
/// A failed build is not shown when files changed while it ran (a message is already
/// queued): the failure may be an editor caught mid-save (a truncated file) or a file moved
/// away after the build listed it, and the build that follows at once reads the files as
/// they are now. Found by `tests/serve_load.rs`: under a stream of edits most builds failed
/// on such stale states, and each flashed an error overlay about a file the editor had
/// already fixed or deleted.
fn rebuild(
    session: &mut Session,
    state: &State,
    changed: &[String],
    rx: &Receiver<Msg>,
    carried: &mut Option<Msg>,
) -> bool {
    let what = describe(changed);
    match build(session, Some(changed)) {
        Ok(report) => {
            print_warnings(&report, Some(changed));
            println!("{} rebuilt ({what}): {}", clock(), report.summary());
            report.print_timings();
            state.publish(Vec::new());
            true
        }
        Err(e) => {
            failed(session, &e);
            if let Ok(msg) = rx.try_recv() {
                eprintln!(
                    "{} build failed ({what}) while files were still changing; building again",
                    clock()
                );
                *carried = Some(msg);
                return false;
            }
            eprintln!("{} build failed ({what}):\n{e}", clock());
            state.publish(e.diagnostics().iter().map(ErrorItem::from).collect());
            false
        }
    }
}

/// Builds, and builds again at once (a few times at most) when the build failed on a source
/// that no longer exists: it was deleted or renamed after the build listed it, so its error
/// describes nothing the editor can see, and a new build will not list it.
fn build(session: &mut Session, changed: Option<&[String]>) -> Result<Report, BuildError> {
    let mut tries = 1;
    loop {
        // The watcher's list of changes is used once; a retry lists content/ again.
        let result = match changed.filter(|_| tries == 1) {
            Some(changed) => session.build_changed(changed),
            None => session.build(),
        };
        match result {
            Err(e) if tries < VANISHED_TRIES && names_a_vanished_file(&session.opts.root, &e) => {
                failed(session, &e);
                tries += 1;
            }
            result => return result,
        }
    }
}

/// Whether an error is about a source file that is gone.
fn names_a_vanished_file(root: &Path, e: &BuildError) -> bool {
    let BuildError::Input(diagnostics) = e else {
        return false;
    };
    diagnostics
        .iter()
        .filter_map(|d| d.file.as_ref())
        .any(|f| !root.join(f).exists())
}

/// After an I/O failure the output's state is unknown: the next build starts clean.
fn failed(session: &mut Session, e: &BuildError) {
    if matches!(e, BuildError::Io { .. }) {
        session.forget();
    }
}

/// Saves the cache for the next `briefing build` or `serve`.
fn save(session: &mut Session) {
    if let Err(e) = session.save() {
        eprintln!("warning: could not save the build cache ({e})");
    }
}

/// Warnings of the first build, then only those about files that just changed (the rest
/// were shown before and are counted in the summary).
fn print_warnings(report: &Report, changed: Option<&[String]>) {
    for w in &report.warnings {
        let about_change = match (changed, &w.file) {
            (None, _) => true,
            (Some(changed), Some(f)) => changed.iter().any(|c| Path::new(c) == f),
            (Some(_), None) => false,
        };
        if about_change {
            eprintln!("{w}");
        }
    }
}

/// `2 changed: content/a.md, templates/base.html`.
fn describe(changed: &[String]) -> String {
    let mut names = changed
        .iter()
        .take(NAMED_CHANGES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if changed.len() > NAMED_CHANGES {
        names.push_str(", …");
    }
    format!("{} changed: {names}", changed.len())
}

/// The local time as HH:MM:SS, for the log (UTC where the time zone cannot be read).
fn clock() -> String {
    let now = jiff::Timestamp::now();
    let zoned = now.to_zoned(jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC));
    zoned.strftime("%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> Filter {
        Filter {
            root: PathBuf::from("/a"),
            ignored: vec![
                PathBuf::from("/a/site"),
                PathBuf::from("/a/.briefing-cache"),
                PathBuf::from("/a/content/out"),
            ],
        }
    }

    #[test]
    fn only_sources_count_as_changes() {
        let f = filter();
        let name = |p: &str| f.changed_name(Path::new(p));
        assert_eq!(name("/a/content/x.md").as_deref(), Some("content/x.md"));
        assert_eq!(
            name("/a/templates/article.html").as_deref(),
            Some("templates/article.html")
        );
        assert_eq!(name("/a/static/img/logo.svg").as_deref(), Some("static/img/logo.svg"));
        assert_eq!(name("/a/briefing.toml").as_deref(), Some("briefing.toml"));
        // The key events file: every build reads it again.
        assert_eq!(name("/a/content/events.toml").as_deref(), Some("content/events.toml"));
        assert_eq!(name("/a/templates").as_deref(), Some("templates"));
        for ignored in [
            "/a/site/index.html",
            "/a/.site.staging/index.html",
            "/a/.site.lock",
            "/a/.briefing-cache/cache.bin",
            "/a/content/out/index.html",
            "/a/content/.x.md.swp",
            "/a/content/x.md~",
            "/a/content/4913",
            "/a/content/.#x.md",
            "/a/README.md",
            "/b/content/x.md",
        ] {
            assert_eq!(name(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn describes_a_batch() {
        assert_eq!(describe(&["content/a.md".into()]), "1 changed: content/a.md");
        let many: Vec<String> = (0..7).map(|i| format!("content/{i}.md")).collect();
        assert!(describe(&many).starts_with("7 changed: content/0.md, "));
        assert!(describe(&many).ends_with(", …"));
    }
}
