//! The write stage: put files into the output folder so that a failed or killed build never
//! leaves a broken site.
//!
//! A clean build writes a whole new tree beside the output and swaps it in with one atomic
//! rename. An incremental build stages only the files whose bytes changed, records the moves
//! in a journal, then applies them; a run killed while applying is finished (rolled forward)
//! by the next run before it does anything else.
//!
//! An incremental build stages into *spare* files and exchanges each with the file it
//! replaces, so the old version becomes a spare for a later build: no file is created or
//! deleted. On this ext4 creating a file was most of what writing one cost (the allocator
//! skips inodes freed in the last moments, and a rebuild frees dozens), about a sixth of a
//! one-article rebuild at 10,000 articles. Spares come in two sets used in turn, so a file
//! that a reader (the dev server, a static host) opened just before it was replaced is not
//! written over until two builds later.

pub mod search;
pub mod sitemap;

use crate::error::BuildError;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Paths beside the output folder that belong to it: staging tree, spares, journal, lock.
#[derive(Debug, Clone)]
pub struct OutputPaths {
    pub out: PathBuf,
    pub staging: PathBuf,
    pub spares: PathBuf,
    pub journal: PathBuf,
    pub lock: PathBuf,
}

/// The file that marks a folder as briefing's output: a clean build replaces such a folder
/// whole, and refuses to replace any other non-empty folder without `--force`.
pub const MARKER: &str = ".briefing-site";

/// What the marker says to someone who finds it in a published folder.
pub const MARKER_TEXT: &str = "This folder is written by `briefing build` and replaced whole by each clean build.\nKeep files of your own in static/ beside content/; briefing copies them here.\n";

/// Whether a build may replace `out`: it does not exist, is empty, or holds briefing's marker.
/// `built_before`: the cache records a site there (made before the marker existed).
pub fn owns(out: &Path, built_before: bool) -> bool {
    match fs::read_dir(out) {
        Ok(mut entries) => built_before || out.join(MARKER).is_file() || entries.next().is_none(),
        Err(_) => !out.exists(),
    }
}

/// How many spare files each set keeps after a build (more are removed): enough for any
/// rebuild of a few articles, without keeping a copy of a whole site after a template change.
const MAX_SPARES: usize = 256;

impl OutputPaths {
    pub fn new(out: &Path) -> OutputPaths {
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        OutputPaths {
            out: out.to_path_buf(),
            staging: parent.join(format!(".{name}.staging")),
            spares: parent.join(format!(".{name}.spares")),
            journal: parent.join(format!(".{name}.journal")),
            lock: parent.join(format!(".{name}.lock")),
        }
    }
}

/// Held for the whole build (and until its cache is saved): a second build on the same output
/// waits a quarter of a second at most, then says so.
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(paths: &OutputPaths) -> Result<Lock, BuildError> {
        if let Some(parent) = paths.lock.parent() {
            fs::create_dir_all(parent).map_err(|e| BuildError::io("create", parent, e))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&paths.lock)
            .map_err(|e| BuildError::io("open the lock file", &paths.lock, e))?;
        // A lock held for a moment longer than its build (a process started elsewhere in
        // this one holds a copy of the descriptor until it runs its program) is waited for
        // briefly; a build that is really running is reported at once after that.
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(250);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(BuildError::Locked {
                        output: paths.out.clone(),
                        lock: paths.lock.clone(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(BuildError::io("lock", &paths.lock, e)),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write everything into a new tree, then swap it in.
    Clean,
    /// Write only changed files, then move them in.
    Incremental,
}

/// Collects the files of one build. Safe to call from many threads at once.
pub struct Writer {
    paths: OutputPaths,
    mode: Mode,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Incremental mode: the set of spares this build stages into (see the module's notes).
    set: PathBuf,
    /// Incremental mode: each staged file's spare (its name in `spares`), output path and
    /// file id. Spares are flat and numbered, not a copy of the output's folders, whose
    /// folders would cost inodes too.
    staged: std::sync::Mutex<Vec<Move>>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> BuildError + 'a {
    move |e| BuildError::io(action, path, e)
}

impl Writer {
    /// Starts a build's output. Finishes an interrupted earlier commit first.
    pub fn begin(paths: &OutputPaths, mode: Mode) -> Result<Writer, BuildError> {
        roll_forward(paths)?;
        // An incremental build needs an output to update; without one it is a clean build.
        let mode = if mode == Mode::Incremental && !paths.out.is_dir() {
            Mode::Clean
        } else {
            mode
        };
        if paths.staging.exists() {
            fs::remove_dir_all(&paths.staging).map_err(io("remove", &paths.staging))?;
        }
        let set = match mode {
            Mode::Clean => {
                fs::create_dir_all(&paths.staging).map_err(io("create", &paths.staging))?;
                PathBuf::new()
            }
            Mode::Incremental => {
                // Whose turn it is: the file `turn-a` or `turn-b`, renamed by each commit.
                let set = if paths.spares.join("turn-b").exists() { "b" } else { "a" };
                let set = paths.spares.join(set);
                fs::create_dir_all(&set).map_err(io("create", &set))?;
                set
            }
        };
        Ok(Writer {
            paths: paths.clone(),
            mode,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            set,
            staged: std::sync::Mutex::new(Vec::new()),
        })
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Stages one file. In incremental mode a file whose bytes equal the published one is
    /// left alone, so its modification time (and any host's cache) stays as it was.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|s| s == ".."));
        if self.mode == Mode::Incremental
            && let Ok(old) = fs::read(self.paths.out.join(rel))
            && old == bytes
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let n = self.written.fetch_add(1, Ordering::Relaxed);
        if self.mode == Mode::Incremental {
            let spare = self.set.join(n.to_string());
            let id = write_over(&spare, bytes).map_err(io("write", &spare))?;
            let name = spare
                .strip_prefix(&self.paths.spares)
                .expect("a set is in spares")
                .to_string_lossy()
                .replace('\\', "/");
            self.staged.lock().expect("not poisoned").push(Move {
                spare: name,
                to: rel.to_string(),
                id,
            });
            return Ok(());
        }
        let dest = self.paths.staging.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        fs::write(&dest, bytes).map_err(io("write", &dest))?;
        Ok(())
    }

    /// Counts a file that was not staged because its inputs did not change.
    pub fn skip(&self) {
        self.unchanged.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether committing would change the output: files staged, or files to remove.
    pub fn changes(&self, removed: &[String]) -> bool {
        self.mode == Mode::Clean || self.written.load(Ordering::Relaxed) > 0 || !removed.is_empty()
    }

    /// Publishes the staged files; `removed` lists files of the last build that no longer exist.
    pub fn commit(self, removed: &[String]) -> Result<WriteStats, BuildError> {
        let mut stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
        };
        let p = &self.paths;
        match self.mode {
            Mode::Clean => {
                if p.out.exists() {
                    swap_dirs(&p.staging, &p.out)?;
                    // `staging` now holds the previous site.
                    fs::remove_dir_all(&p.staging).map_err(io("remove", &p.staging))?;
                } else {
                    fs::rename(&p.staging, &p.out).map_err(io("rename into place", &p.out))?;
                }
            }
            Mode::Incremental => {
                let mut moves = std::mem::take(&mut *self.staged.lock().expect("not poisoned"));
                moves.sort_unstable_by(|a, b| a.to.cmp(&b.to));
                let journal = Journal {
                    moves,
                    removes: removed.to_vec(),
                };
                let tmp = p.journal.with_extension("tmp");
                fs::write(&tmp, serde_json::to_vec(&journal).expect("journal serializes"))
                    .map_err(io("write", &tmp))?;
                fs::rename(&tmp, &p.journal).map_err(io("write", &p.journal))?;
                stats.removed = apply(p, &journal, false)?;
                // Spares beyond the allowance (after a large rebuild) are removed.
                for n in MAX_SPARES..stats.written {
                    let _ = fs::remove_file(self.set.join(n.to_string()));
                }
                // The other set's turn next (a rename: no file made, none removed).
                let (this, next) = if self.set.ends_with("b") {
                    ("turn-b", "turn-a")
                } else {
                    ("turn-a", "turn-b")
                };
                let next = p.spares.join(next);
                if fs::rename(p.spares.join(this), &next).is_err() {
                    fs::write(&next, b"").map_err(io("write", &next))?;
                }
            }
        }
        Ok(stats)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // A clean build that failed before commit leaves its staging tree behind; clear it.
        // After a clean commit the staging path is gone already. An incremental build's
        // staged files are spares for the next one, whether it committed or not.
        if self.mode == Mode::Clean {
            let _ = fs::remove_dir_all(&self.paths.staging);
        }
    }
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Move {
    /// The spare that holds the new bytes, relative to the spares folder.
    spare: String,
    /// Where they go, relative to the output.
    to: String,
    /// The spare's file id (inode) while it holds the new bytes: after an interruption,
    /// tells a spare not yet moved in from one that now holds the old version.
    id: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    moves: Vec<Move>,
    removes: Vec<String>,
}

/// Applies a journal. `again`: an interrupted run may have applied part of it, so each
/// spare is checked before it is moved in.
fn apply(p: &OutputPaths, j: &Journal, again: bool) -> Result<usize, BuildError> {
    for m in &j.moves {
        let from = p.spares.join(&m.spare);
        let to = p.out.join(&m.to);
        if again && file_id(&from) != Some(m.id) {
            continue; // moved in by the interrupted run
        }
        if let Some(parent) = to.parent()
            && !parent.is_dir()
        {
            fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        match exchange(&from, &to) {
            Ok(true) => {}
            // Nothing to exchange with (a new file), or no exchange on this system.
            Ok(false) => fs::rename(&from, &to).map_err(io("move into place", &to))?,
            Err(e) => return Err(BuildError::io("move into place", &to, e)),
        }
    }
    let mut removed = 0;
    for rel in &j.removes {
        let path = p.out.join(rel);
        if fs::remove_file(&path).is_ok() {
            removed += 1;
            // Drop folders the removal emptied (pretty URLs leave `x/` behind).
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == p.out || fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    fs::remove_file(&p.journal).map_err(io("remove", &p.journal))?;
    Ok(removed)
}

/// Writes `bytes` over the file at `path` (made if missing), then cuts it to their length.
/// Not `fs::write`: ext4 treats a file truncated to nothing and written again as a replaced
/// file and flushes it when it is closed, which cost more than the write itself.
/// A spare with another name too (a deploy's `cp -al` or `rsync --link-dest` snapshot of a
/// page it once was) is unlinked first, so a published file is never changed in place.
/// Returns the file's id (see [`file_id`]).
fn write_over(path: &Path, bytes: &[u8]) -> std::io::Result<u64> {
    let open = || File::options().write(true).create(true).truncate(false).open(path);
    let mut f = open()?;
    if links(&f.metadata()?) > 1 {
        drop(f);
        fs::remove_file(path)?;
        f = open()?;
    }
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    Ok(id_of(&f.metadata()?))
}

/// How many names a file has (1 where the system cannot say).
fn links(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// The id of the file at `path` (not following a symlink), if there is one.
fn file_id(path: &Path) -> Option<u64> {
    fs::symlink_metadata(path).ok().map(|m| id_of(&m))
}

/// A file's inode number where there are inodes; elsewhere 0 for every file (there files are
/// only renamed into place, never exchanged, so whether a spare exists is enough).
fn id_of(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Exchanges two files in one step (Linux `renameat2`). `Ok(false)` when `b` does not exist
/// or the system cannot exchange.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        return match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(rustix::io::Errno::NOENT) if a.exists() => Ok(false),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => Ok(false),
            Err(e) => Err(e.into()),
        };
    }
    #[allow(unreachable_code)]
    {
        let _ = (a, b);
        Ok(false)
    }
}

fn roll_forward(p: &OutputPaths) -> Result<(), BuildError> {
    match fs::read(&p.journal) {
        Ok(bytes) => match serde_json::from_slice::<Journal>(&bytes) {
            Ok(j) => apply(p, &j, true).map(|_| ()),
            Err(_) => fs::remove_file(&p.journal).map_err(io("remove", &p.journal)),
        },
        Err(_) => Ok(()),
    }
}

/// Exchanges two directories in one step where the system can (Linux `renameat2`), so there
/// is no moment at which the output folder is missing.
fn swap_dirs(new: &Path, out: &Path) -> Result<(), BuildError> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // Fallback: two renames, with a short window in which the output is missing.
    let old = out.with_extension("old");
    let _ = fs::remove_dir_all(&old);
    fs::rename(out, &old).map_err(io("move aside", out))?;
    fs::rename(new, out).map_err(io("rename into place", out))?;
    fs::rename(&old, new).map_err(io("move aside", &old))?;
    Ok(())
}

/// What the last build wrote: file → fingerprint of its inputs. Kept in the cache folder.
/// A hash map: a rebuild looks up every page in it, and eleven thousand lookups by string
/// in a tree were a visible share of a one-article rebuild.
pub type Manifest = foldhash::HashMap<String, u64>;

/// Writes a file atomically (temp file + rename), for the cache and other single files.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut f = File::create(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary `site/` made by one clean build of `files`, and its paths.
    fn built(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf, OutputPaths) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let paths = OutputPaths::new(&out);
        let w = Writer::begin(&paths, Mode::Clean).unwrap();
        for (rel, bytes) in files {
            w.put(rel, bytes).unwrap();
        }
        w.commit(&[]).unwrap();
        (dir, out, paths)
    }

    #[test]
    fn clean_swap_and_incremental_update() {
        let (_dir, out, paths) = built(&[("index.html", b"one"), ("a/index.html", b"a")]);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        let w = Writer::begin(&paths, Mode::Clean).unwrap();
        w.put("index.html", b"two").unwrap();
        w.commit(&[]).unwrap();
        assert!(!out.join("a").exists(), "a clean build replaces the whole tree");
        assert!(!paths.staging.exists());

        let w = Writer::begin(&paths, Mode::Incremental).unwrap();
        w.put("index.html", b"two").unwrap(); // same bytes: not rewritten
        w.put("b/index.html", b"b").unwrap();
        let s = w.commit(&["gone.html".to_string()]).unwrap();
        assert_eq!((s.written, s.unchanged), (1, 1));
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"b");
        assert!(!paths.journal.exists());
    }

    #[test]
    fn incremental_builds_reuse_replaced_files_and_roll_forward_once() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, out, paths) = built(&[("a.html", b"a1"), ("b.html", b"b1")]);
        let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let first = inode("a.html");
        // Builds alternate between two sets of spares: the file replaced by one build is
        // written over, as a spare, two builds later, and no new file is made for it.
        let mut inodes = Vec::new();
        for v in ["a2", "a3", "a4"] {
            let w = Writer::begin(&paths, Mode::Incremental).unwrap();
            w.put("a.html", v.as_bytes()).unwrap();
            w.commit(&[]).unwrap();
            assert_eq!(fs::read(out.join("a.html")).unwrap(), v.as_bytes());
            inodes.push(inode("a.html"));
        }
        assert_ne!(inodes[0], first);
        assert_ne!(inodes[1], inodes[0]);
        assert_eq!(inodes[2], first, "the first version's inode came back as a spare");
        assert!(paths.spares.join("a").is_dir() && paths.spares.join("b").is_dir());

        // A journal applied in part (a kill between two moves) is completed, not undone.
        let w = Writer::begin(&paths, Mode::Incremental).unwrap();
        w.put("a.html", b"a5").unwrap();
        w.put("b.html", b"b5").unwrap();
        w.put("new/c.html", b"c5").unwrap();
        let moves = std::mem::take(&mut *w.staged.lock().unwrap());
        let journal = Journal {
            moves,
            removes: Vec::new(),
        };
        fs::write(&paths.journal, serde_json::to_vec(&journal).unwrap()).unwrap();
        let first_move = Journal {
            moves: vec![journal.moves[0].clone()],
            removes: Vec::new(),
        };
        drop(w);
        apply(&paths, &first_move, false).unwrap(); // a.html moved in, then the kill
        fs::write(&paths.journal, serde_json::to_vec(&journal).unwrap()).unwrap();
        drop(Writer::begin(&paths, Mode::Incremental).unwrap()); // rolls forward
        for (rel, bytes) in [("a.html", "a5"), ("b.html", "b5"), ("new/c.html", "c5")] {
            assert_eq!(fs::read_to_string(out.join(rel)).unwrap(), bytes, "{rel}");
        }
        assert!(!paths.journal.exists());
    }

    #[test]
    fn failed_build_leaves_output_alone() {
        let (_dir, out, paths) = built(&[("index.html", b"good")]);
        let w = Writer::begin(&paths, Mode::Clean).unwrap();
        w.put("index.html", b"half").unwrap();
        drop(w); // the build failed before commit
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
        assert!(!paths.staging.exists());
    }

    #[test]
    fn second_lock_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let paths = OutputPaths::new(&dir.path().join("site"));
        let _held = Lock::acquire(&paths).unwrap();
        assert!(matches!(Lock::acquire(&paths), Err(BuildError::Locked { .. })));
    }
}
