//! The load stage: find the archive's sources and read them as text.

use crate::error::Diagnostic;
use crate::model::SourceKind;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Files larger than this are refused: no news article is this long, and a runaway file
/// (a log pasted by mistake) would otherwise stall every build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One source of articles: a Markdown file, or a clipping with its optional sidecar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators on every platform.
    pub rel: PathBuf,
    pub kind: SourceKind,
    /// The editor's corrections beside a clipping (`x.txt` → `x.toml`).
    pub sidecar: Option<PathBuf>,
    /// Size and time of the file, and of its sidecar, when it was listed.
    pub stamp: Option<Stamp>,
    pub sidecar_stamp: Option<Stamp>,
}

/// Size and modification time: cheap to read for 100,000 files, and enough to tell that a file
/// is untouched since the last build (as make and cargo do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub mtime_ns: i128,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        Some(Stamp::from_meta(&std::fs::metadata(path).ok()?))
    }

    pub fn from_meta(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            mtime_ns: meta.modified().map_or(0, nanos),
        }
    }
}

/// A time as nanoseconds since 1970, the unit of [`Stamp::mtime_ns`] (0 before then).
pub fn nanos(t: std::time::SystemTime) -> i128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

fn is_hidden_or_temp(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
}

/// A file found under `content/`: its path there, and its stamp.
type Found = (PathBuf, Option<Stamp>);

/// Lists one folder (`rel` under `content_dir`), its subfolders in parallel. Each file's stamp
/// is read relative to the open folder (`DirEntry::metadata`), the cheapest way to stat ten
/// thousand files, and in the same pass that lists them.
fn scan(content_dir: &Path, rel: &Path, errors: &std::sync::Mutex<Vec<Diagnostic>>) -> Vec<Found> {
    use rayon::prelude::*;
    let dir = content_dir.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            let shown = display_rel(content_dir, &dir);
            errors
                .lock()
                .expect("not poisoned")
                .push(Diagnostic::error(shown, format!("cannot read: {e}")));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_hidden_or_temp(&name) {
            continue;
        }
        // Symbolic links are not followed (as before): neither files nor folders.
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            subdirs.push(rel.join(&*name));
        } else if ft.is_file() {
            files.push((rel.join(&*name), entry.metadata().ok().map(|m| Stamp::from_meta(&m))));
        }
    }
    let nested: Vec<Vec<Found>> = subdirs.par_iter().map(|d| scan(content_dir, d, errors)).collect();
    files.extend(nested.into_iter().flatten());
    files
}

/// The order of `Path::cmp` (component by component) for the relative paths `scan` makes,
/// which have no empty or `.` components, compared as bytes with the separator lowest: ten
/// times faster than splitting both paths into components at every comparison.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key_byte = |c: u8| if c == b'/' { 0 } else { c };
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    let n = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match (a.get(n), b.get(n)) {
        (Some(&x), Some(&y)) => key_byte(x).cmp(&key_byte(y)),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// Lists the sources under `content_dir`, sorted by path so every run sees the same order,
/// each with its stamp. Sidecars without their clipping are errors, since the editor's
/// corrections would be lost.
pub fn discover(content_dir: &Path) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    let errors = std::sync::Mutex::new(Vec::new());
    let mut found = scan(content_dir, Path::new(""), &errors);
    let mut errors = errors.into_inner().expect("not poisoned");
    found.sort_unstable_by(|a, b| path_order(&a.0, &b.0));
    let mut sources = Vec::new();
    let mut sidecars = Vec::new();
    for (rel, stamp) in found {
        let kind = match rel.extension().and_then(|e| e.to_str()) {
            Some("md") | Some("markdown") => SourceKind::Curated,
            Some("txt") => SourceKind::Clipping,
            // content/events.toml holds the key events (src/events.rs), not a clipping's corrections.
            Some("toml") if rel.as_os_str() == crate::events::FILE => continue,
            Some("toml") => {
                sidecars.push((rel, stamp));
                continue;
            }
            _ => continue,
        };
        sources.push(SourceFile {
            rel,
            kind,
            sidecar: None,
            stamp,
            sidecar_stamp: None,
        });
    }
    for (sc, stamp) in sidecars {
        let clipping = sc.with_extension("txt");
        match sources.binary_search_by(|s| path_order(&s.rel, &clipping)) {
            Ok(i) => {
                sources[i].sidecar = Some(sc);
                sources[i].sidecar_stamp = stamp;
            }
            Err(_) => errors.push(
                Diagnostic::error(content_path(&sc), "sidecar without its clipping")
                    .with_help(format!(
                        "a sidecar holds corrections for the clipping beside it; rename it to match a .txt file or remove it (expected {})",
                        content_path(&clipping).display()
                    )),
            ),
        }
    }
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

/// The sources after the changes a file watcher reported (paths relative to the archive root),
/// from the list of the last build, without listing `content/` again; `None` when the changes
/// need a full [`discover`]: a folder, a sidecar, a file that vanished unknown, or anything
/// the list cannot be patched for safely.
pub fn update(content_dir: &Path, mut sources: Vec<SourceFile>, changed: &[String]) -> Option<Vec<SourceFile>> {
    for name in changed {
        let Some(rel) = name.strip_prefix("content/") else {
            // briefing.toml, templates/, static/: not sources. `content` itself: lost track.
            if name == "content" {
                return None;
            }
            continue;
        };
        let rel = PathBuf::from(rel);
        // The key events file: read by every build, not a source.
        if rel.as_os_str() == crate::events::FILE {
            continue;
        }
        if rel
            .components()
            .any(|c| is_hidden_or_temp(&c.as_os_str().to_string_lossy()))
        {
            continue;
        }
        let kind = match rel.extension().and_then(|e| e.to_str()) {
            Some("md") | Some("markdown") => SourceKind::Curated,
            Some("txt") => SourceKind::Clipping,
            _ => return None,
        };
        let at = sources.binary_search_by(|s| path_order(&s.rel, &rel));
        match std::fs::symlink_metadata(content_dir.join(&rel)) {
            Ok(meta) if meta.is_file() => {
                let mut src = SourceFile {
                    rel,
                    kind,
                    sidecar: None,
                    stamp: Some(Stamp::from_meta(&meta)),
                    sidecar_stamp: None,
                };
                if kind == SourceKind::Clipping {
                    let sc = src.rel.with_extension("toml");
                    if let Ok(m) = std::fs::symlink_metadata(content_dir.join(&sc)) {
                        src.sidecar_stamp = m.is_file().then(|| Stamp::from_meta(&m));
                        src.sidecar = m.is_file().then_some(sc);
                    }
                }
                match at {
                    Ok(i) => sources[i] = src,
                    Err(i) => sources.insert(i, src),
                }
            }
            Ok(_) => return None,
            Err(_) => {
                if let Ok(i) = at {
                    sources.remove(i);
                }
            }
        }
    }
    Some(sources)
}

/// `content/<rel>`: how files are named in messages.
pub fn content_path(rel: &Path) -> PathBuf {
    Path::new("content").join(rel)
}

fn display_rel(content_dir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(content_dir)
        .map(content_path)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a source as text: at most [`MAX_FILE_BYTES`], valid UTF-8, a leading byte-order
/// mark dropped and Windows line ends turned into `\n`, so every later stage sees one shape.
pub fn read_text(content_dir: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let shown = content_path(rel);
    let path = content_dir.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &shown,
            format!(
                "the file is {:.1} MB; briefing reads sources up to {} MB",
                meta.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .with_help("split it into one file per article, or move it out of content/"));
    }
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
    decode(&shown, bytes)
}

/// UTF-8 check and normalisation, separate from the file system for tests and fuzzing.
pub fn decode(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        Diagnostic::error(shown, format!("not valid UTF-8 (byte offset {at})"))
            .at(line, Some(col))
            .with_help("save the file as UTF-8 (most editors have an \"encoding\" option when saving)")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_is_paths_own_order() {
        let names = [
            "a",
            "a-b/x.md",
            "a/x.md",
            "a/x.md.toml",
            "a.b/c",
            "a/b/c",
            "a b/c",
            "ab",
            "é/x",
            "2024/01.md",
            "2024-01/x.md",
            "",
        ];
        for x in names {
            for y in names {
                let (x, y) = (Path::new(x), Path::new(y));
                assert_eq!(path_order(x, y), x.cmp(y), "{x:?} vs {y:?}");
            }
        }
    }

    #[test]
    fn update_matches_a_fresh_listing_or_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        let write = |rel: &str, text: &str| {
            let p = c.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("2024/a.md", "a");
        write("2024/b.txt", "b");
        write("2024/b.toml", "");
        let last = discover(c).unwrap();
        // Added, edited, removed, and a name the build does not read.
        write("2024/0-new.md", "new");
        write("2024/a.md", "a, longer");
        write("2024/c.txt", "c");
        std::fs::remove_file(c.join("2024/b.txt")).unwrap();
        std::fs::remove_file(c.join("2024/b.toml")).unwrap();
        let names = [
            "content/2024/0-new.md",
            "content/2024/a.md",
            "content/2024/c.txt",
            "content/2024/b.txt",
            "templates/base.html",
        ];
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        // The removed sidecar is named too: a sidecar change always lists the folder again.
        let mut with_sidecar = names.clone();
        with_sidecar.push("content/2024/b.toml".into());
        assert_eq!(update(c, last.clone(), &with_sidecar), None);
        assert_eq!(update(c, last.clone(), &names), Some(discover(c).unwrap()));
        // A folder, or the watcher losing track, lists everything again.
        write("2025/d.md", "d");
        assert_eq!(update(c, last.clone(), &["content/2025".to_string()]), None);
        assert_eq!(update(c, last, &["content".to_string()]), None);
    }

    #[test]
    fn decode_strips_bom_and_crlf() {
        let t = decode(Path::new("x"), b"\xef\xbb\xbfa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(t, "a\nb\nc");
    }

    #[test]
    fn decode_names_line_of_bad_byte() {
        let e = decode(Path::new("content/x.txt"), b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.to_string().contains("content/x.txt:2:3: not valid UTF-8"));
    }

    #[test]
    fn discover_pairs_sidecars_and_flags_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        std::fs::create_dir_all(c.join("a")).unwrap();
        std::fs::write(c.join("a/x.txt"), "t").unwrap();
        std::fs::write(c.join("a/x.toml"), "").unwrap();
        std::fs::write(c.join("b.md"), "").unwrap();
        std::fs::write(c.join(".hidden.md"), "").unwrap();
        // The key events file is neither an article nor a sidecar (one in a folder is a sidecar).
        std::fs::write(c.join("events.toml"), "").unwrap();
        let found = discover(c).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            update(c, found.clone(), &["content/events.toml".to_string()]),
            Some(found.clone())
        );
        assert_eq!(found[0].sidecar.as_deref(), Some(Path::new("a/x.toml")));
        std::fs::write(c.join("orphan.toml"), "").unwrap();
        let errs = discover(c).unwrap_err();
        assert!(errs[0].to_string().contains("content/orphan.toml"));
    }
}
