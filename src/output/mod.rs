//! The write stage: put files into the output folder so that a failed or killed build never
//! leaves a broken site.
//!
//! A clean build writes a whole new tree beside the output and swaps it in with one atomic
//! rename. An incremental build stages only the files whose bytes changed, records the moves
//! in a journal, then applies them; a run killed while applying is finished (rolled forward)
//! by the next run before it does anything else.

pub mod search;
pub mod sitemap;

use crate::error::BuildError;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Paths beside the output folder that belong to it: staging tree, journal, lock.
#[derive(Debug, Clone)]
pub struct OutputPaths {
    pub out: PathBuf,
    pub staging: PathBuf,
    pub journal: PathBuf,
    pub lock: PathBuf,
}

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
            journal: parent.join(format!(".{name}.journal")),
            lock: parent.join(format!(".{name}.lock")),
        }
    }
}

/// Held for the whole build: a second build on the same output waits for nothing and says so.
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
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(BuildError::Locked {
                output: paths.out.clone(),
                lock: paths.lock.clone(),
            }),
            Err(fs::TryLockError::Error(e)) => Err(BuildError::io("lock", &paths.lock, e)),
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
        if paths.staging.exists() {
            fs::remove_dir_all(&paths.staging).map_err(io("remove", &paths.staging))?;
        }
        fs::create_dir_all(&paths.staging).map_err(io("create", &paths.staging))?;
        // An incremental build needs an output to update; without one it is a clean build.
        let mode = if mode == Mode::Incremental && !paths.out.is_dir() {
            Mode::Clean
        } else {
            mode
        };
        Ok(Writer {
            paths: paths.clone(),
            mode,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
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
        let dest = self.paths.staging.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        fs::write(&dest, bytes).map_err(io("write", &dest))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Counts a file that was not staged because its inputs did not change.
    pub fn skip(&self) {
        self.unchanged.fetch_add(1, Ordering::Relaxed);
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
                let mut moves = Vec::new();
                for entry in walkdir::WalkDir::new(&p.staging).sort_by_file_name() {
                    let entry = entry.map_err(|e| BuildError::io("list", &p.staging, e.into()))?;
                    if entry.file_type().is_file()
                        && let Ok(rel) = entry.path().strip_prefix(&p.staging)
                    {
                        moves.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
                let journal = Journal {
                    moves,
                    removes: removed.to_vec(),
                };
                let tmp = p.journal.with_extension("tmp");
                fs::write(&tmp, serde_json::to_vec(&journal).expect("journal serializes"))
                    .map_err(io("write", &tmp))?;
                fs::rename(&tmp, &p.journal).map_err(io("write", &p.journal))?;
                stats.removed = apply(p, &journal)?;
            }
        }
        Ok(stats)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // A build that failed before commit leaves only its staging tree behind; clear it.
        // After a clean commit the staging path is gone already, and after an incremental one
        // it is an empty tree.
        let _ = fs::remove_dir_all(&self.paths.staging);
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    moves: Vec<String>,
    removes: Vec<String>,
}

/// Applies a journal; safe to run again on a half-applied one.
fn apply(p: &OutputPaths, j: &Journal) -> Result<usize, BuildError> {
    for rel in &j.moves {
        let from = p.staging.join(rel);
        let to = p.out.join(rel);
        if !from.exists() {
            continue; // moved by an earlier, interrupted run
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        fs::rename(&from, &to).map_err(io("move into place", &to))?;
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
    let _ = fs::remove_dir_all(&p.staging);
    Ok(removed)
}

fn roll_forward(p: &OutputPaths) -> Result<(), BuildError> {
    match fs::read(&p.journal) {
        Ok(bytes) => match serde_json::from_slice::<Journal>(&bytes) {
            Ok(j) => apply(p, &j).map(|_| ()),
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
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(new.as_os_str().as_bytes())
            .map_err(|_| BuildError::io("swap", new, std::io::ErrorKind::InvalidInput.into()))?;
        let b = CString::new(out.as_os_str().as_bytes())
            .map_err(|_| BuildError::io("swap", out, std::io::ErrorKind::InvalidInput.into()))?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
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
pub type Manifest = BTreeMap<String, u64>;

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

    #[test]
    fn clean_swap_and_incremental_update() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let paths = OutputPaths::new(&out);
        let w = Writer::begin(&paths, Mode::Clean).unwrap();
        w.put("index.html", b"one").unwrap();
        w.put("a/index.html", b"a").unwrap();
        w.commit(&[]).unwrap();
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
    fn failed_build_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let paths = OutputPaths::new(&out);
        let w = Writer::begin(&paths, Mode::Clean).unwrap();
        w.put("index.html", b"good").unwrap();
        w.commit(&[]).unwrap();
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
