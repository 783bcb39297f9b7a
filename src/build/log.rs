//! The cache file's format: a log of records, appended to in batches.
//!
//! A build changes a handful of the cache's tens of thousands of records (a source's
//! articles, the fingerprints of the pages it rewrote, a card), so it appends those instead of
//! writing ten megabytes again; the file is rewritten whole only once most of it is stale.
//! The file is mapped, not read: a build looks only at the records it needs.
//!
//! ```text
//! file   = MAGIC batch*
//! batch  = length (u64 LE, of the records) record* END
//! record = tag (u8) key-length (u32 LE) value-length (u32 LE) key value
//! ```
//!
//! (A key or value is far below 4 GiB: a source's articles, a page's path, a card, a shard.)
//!
//! A later record replaces an earlier one with the same tag and key; an empty value removes
//! it. A batch cut short (a build stopped while appending) lacks its end mark, and a file with
//! such a batch is not used at all: the next build starts afresh and rewrites it.

use foldhash::{HashMap, HashMapExt};
use memmap2::Mmap;
use std::io::{BufWriter, Seek, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"BRFLOG01";
const END: &[u8; 8] = b"\xffbatch\xff\n";
const RECORD_HEAD: usize = 9;

/// What a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Tag {
    /// The cache's settings (format, settings hash, output folder); key empty.
    Head = b'H',
    /// A source's unit, by its path under content/.
    Unit = b'U',
    /// An output file's fingerprint (u64 LE), by its path under the output folder.
    File = b'F',
    /// Whether the site may differ from the fingerprints (1) or not (0); key empty.
    Dirty = b'D',
    /// The search plan's summary; key empty.
    Search = b'S',
    /// A listing card's HTML, by the settings hash and the article's rev (u64 LE each).
    Card = b'C',
    /// A search term shard as written, after its fingerprint (u64 LE), by the shard's key.
    Terms = b'T',
    /// An article body's HTML as a feed shows it, by the article's rev (u64 LE).
    Body = b'B',
}

impl Tag {
    fn of(b: u8) -> Option<Tag> {
        Some(match b {
            b'H' => Tag::Head,
            b'U' => Tag::Unit,
            b'F' => Tag::File,
            b'D' => Tag::Dirty,
            b'S' => Tag::Search,
            b'C' => Tag::Card,
            b'T' => Tag::Terms,
            b'B' => Tag::Body,
            _ => return None,
        })
    }
}

/// Records appended to a log together, in one write (see [`NewLog`] for a whole new log).
pub struct Batch {
    buf: Vec<u8>,
}

impl Batch {
    pub fn with_capacity(bytes: usize) -> Batch {
        let mut buf = Vec::with_capacity(bytes + 32);
        buf.extend_from_slice(&[0; 8]);
        Batch { buf }
    }

    pub fn put(&mut self, tag: Tag, key: &[u8], value: &[u8]) {
        self.put_parts(tag, key, &[value]);
    }

    /// A record whose value is these parts, one after the other.
    pub fn put_parts(&mut self, tag: Tag, key: &[u8], value: &[&[u8]]) {
        let len: usize = value.iter().map(|p| p.len()).sum();
        self.buf.push(tag as u8);
        self.buf.extend_from_slice(&(key.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(&(len as u32).to_le_bytes());
        self.buf.extend_from_slice(key);
        for p in value {
            self.buf.extend_from_slice(p);
        }
    }

    /// Records that `tag`/`key` no longer exists.
    pub fn remove(&mut self, tag: Tag, key: &[u8]) {
        self.put(tag, key, &[]);
    }

    pub fn is_empty(&self) -> bool {
        self.buf.len() == 8
    }

    fn finish(mut self) -> Vec<u8> {
        let len = (self.buf.len() - 8) as u64;
        self.buf[..8].copy_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(END);
        self.buf
    }

    /// Appends this batch to the log at `path`, in one write.
    pub fn append(self, path: &Path) -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
        f.write_all(&self.finish())
    }
}

/// A log written anew in place of another, as one batch streamed to disk: at a hundred
/// thousand articles it is a quarter of a gigabyte, which is not held in memory at once.
/// The old file stays in place, and readable, until [`NewLog::finish`] renames the new one
/// over it; a new log dropped unfinished (its build failed) removes its file.
pub struct NewLog {
    out: BufWriter<std::fs::File>,
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
    len: u64,
    /// The first write that failed: reported by `finish`.
    error: Option<std::io::Error>,
    /// Renamed into place (or removed): nothing for `drop` to clean up.
    done: bool,
}

impl NewLog {
    pub fn create(path: &Path) -> std::io::Result<NewLog> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        remove_abandoned(path);
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        out.write_all(MAGIC)?;
        out.write_all(&[0; 8])?; // the batch's length, once known
        Ok(NewLog {
            out,
            tmp,
            path: path.to_path_buf(),
            len: 0,
            error: None,
            done: false,
        })
    }

    pub fn put(&mut self, tag: Tag, key: &[u8], value: &[u8]) {
        self.put_parts(tag, key, &[value]);
    }

    /// A record whose value is these parts, one after the other.
    pub fn put_parts(&mut self, tag: Tag, key: &[u8], value: &[&[u8]]) {
        if self.error.is_some() {
            return;
        }
        let len: usize = value.iter().map(|p| p.len()).sum();
        let mut head = [0u8; RECORD_HEAD];
        head[0] = tag as u8;
        head[1..5].copy_from_slice(&(key.len() as u32).to_le_bytes());
        head[5..9].copy_from_slice(&(len as u32).to_le_bytes());
        let written = std::iter::once(&head[..])
            .chain(std::iter::once(key))
            .chain(value.iter().copied())
            .try_for_each(|p| self.out.write_all(p));
        match written {
            Ok(()) => self.len += (RECORD_HEAD + key.len() + len) as u64,
            Err(e) => self.error = Some(e),
        }
    }

    /// Ends the batch and puts the new log in place of the old.
    pub fn finish(mut self) -> std::io::Result<()> {
        let done = (|| {
            if let Some(e) = self.error.take() {
                return Err(e);
            }
            self.out.write_all(END)?;
            self.out.seek(std::io::SeekFrom::Start(MAGIC.len() as u64))?;
            self.out.write_all(&self.len.to_le_bytes())?;
            self.out.flush()
        })();
        let result = done.and_then(|()| std::fs::rename(&self.tmp, &self.path));
        self.done = result.is_ok();
        result
    }
}

impl Drop for NewLog {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes what rewrites of this log that were stopped left behind (`cache-….tmpPID`). Rewrites
/// happen under the output's lock, so another one's file is a stopped run's; one written to in
/// the last minute is left alone all the same.
fn remove_abandoned(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem().and_then(|s| s.to_str())) else {
        return;
    };
    let prefix = format!("{stem}.tmp");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let old_enough = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60);
        if e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) && old_enough {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The live record of one tag and key: where its key and value lie in the file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub tag: Tag,
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// A log as read: the mapped file and its live records.
pub struct Log {
    pub bytes: Arc<Mmap>,
    /// The latest record of each tag and key (those of the first batch that no later one
    /// replaced, then the others in the order appended); removed ones left out.
    pub live: Vec<Entry>,
    /// Bytes of records replaced or removed by later ones: what a rewrite would drop.
    pub stale: usize,
    /// The file's metadata, taken before it was mapped (the mapping holds at least as much).
    pub meta: std::fs::Metadata,
}

impl Log {
    /// Maps and checks the log at `path`; `None` if it is missing, foreign or cut short.
    pub fn open(path: &Path) -> Option<Log> {
        let file = std::fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        // SAFETY: the mapping is read-only, and briefing never truncates or rewrites a cache
        // file in place: a new log replaces it by rename, and appends only add bytes past the
        // mapped length. (A person truncating the file by hand while a build reads it would
        // make the build fail, not misbehave.)
        let map = unsafe { Mmap::map(&file) }.ok()?;
        let (live, stale) = parse(&map)?;
        Some(Log {
            bytes: Arc::new(map),
            live,
            stale,
            meta,
        })
    }

    pub fn slice(&self, r: &Range<usize>) -> &[u8] {
        &self.bytes[r.clone()]
    }
}

fn parse(b: &[u8]) -> Option<(Vec<Entry>, usize)> {
    if !b.starts_with(MAGIC) {
        return None;
    }
    let mut at = MAGIC.len();
    let mut batches = Vec::new();
    while at < b.len() {
        let len = u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?) as usize;
        let start = at + 8;
        let end = start.checked_add(len)?;
        if b.get(end..end.checked_add(END.len())?)? != END {
            return None;
        }
        batches.push(records(b, start..end)?);
        at = end + END.len();
    }
    let mut batches = batches.into_iter();
    let Some(base) = batches.next() else {
        return Some((Vec::new(), 0));
    };
    // The first batch (a whole log as written) has each key once; only the records appended
    // since, a few per build, can replace others. So only those are looked up by key.
    let mut later: HashMap<(Tag, &[u8]), Entry> = HashMap::new();
    let mut order = Vec::new();
    let mut stale = 0;
    for e in batches.flatten() {
        let key = (e.tag, &b[e.key.clone()]);
        if e.value.is_empty() {
            stale += record_size(&e);
        }
        match later.insert(key, e) {
            Some(old) => stale += size_if_live(&old),
            None => order.push(key),
        }
    }
    // Filtered in place: a second list of every record would be megabytes more to fill.
    let mut live = base;
    live.retain(|e| {
        if !later.is_empty() && later.contains_key(&(e.tag, &b[e.key.clone()])) {
            stale += size_if_live(e);
            false
        } else {
            !e.value.is_empty()
        }
    });
    live.reserve(order.len());
    live.extend(
        order
            .into_iter()
            .filter_map(|k| later.remove(&k))
            .filter(|e| !e.value.is_empty()),
    );
    Some((live, stale))
}

/// The records of the batch whose records lie in `within`.
fn records(b: &[u8], within: Range<usize>) -> Option<Vec<Entry>> {
    let mut out = Vec::with_capacity(within.len() / 256);
    let mut r = within.start;
    while r < within.end {
        let head = b.get(r..r + RECORD_HEAD)?;
        let tag = Tag::of(head[0])?;
        let klen = u32::from_le_bytes(head[1..5].try_into().ok()?) as usize;
        let vlen = u32::from_le_bytes(head[5..9].try_into().ok()?) as usize;
        let key = r + RECORD_HEAD..r + RECORD_HEAD + klen;
        let value = key.end..key.end.checked_add(vlen)?;
        if value.end > within.end {
            return None;
        }
        r = value.end;
        out.push(Entry { tag, key, value });
    }
    Some(out)
}

/// What dropping this record saves (a removal was counted when it was read).
fn size_if_live(e: &Entry) -> usize {
    if e.value.is_empty() { 0 } else { record_size(e) }
}

fn record_size(e: &Entry) -> usize {
    e.value.end - e.key.start + RECORD_HEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(log: &Log) -> Vec<(Tag, String, String)> {
        log.live
            .iter()
            .map(|e| {
                let s = |r: &Range<usize>| String::from_utf8(log.slice(r).to_vec()).unwrap();
                (e.tag, s(&e.key), s(&e.value))
            })
            .collect()
    }

    /// A new log in a temporary folder, written by `write`.
    fn new_log(write: impl FnOnce(&mut NewLog)) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut log = NewLog::create(&path).unwrap();
        write(&mut log);
        log.finish().unwrap();
        (dir, path)
    }

    #[test]
    fn later_records_replace_and_remove_earlier_ones() {
        let (_dir, path) = new_log(|b| {
            b.put(Tag::Unit, b"a.md", b"one");
            b.put_parts(Tag::Unit, b"b.md", &[b"t", b"wo"]);
            b.put(Tag::File, b"a.md", b"file");
        });
        let mut b = Batch::with_capacity(0);
        b.put(Tag::Unit, b"a.md", b"three");
        b.remove(Tag::Unit, b"b.md");
        b.remove(Tag::Unit, b"never.md");
        b.append(&path).unwrap();
        let log = Log::open(&path).unwrap();
        assert_eq!(
            values(&log),
            [
                (Tag::File, "a.md".into(), "file".into()),
                (Tag::Unit, "a.md".into(), "three".into()),
            ]
        );
        // The replaced "one", the removed "two", and both removals.
        assert_eq!(log.stale, 16 + 16 + (9 + 4) + (9 + 8));
    }

    #[test]
    fn a_batch_cut_short_makes_the_log_unusable() {
        let (_dir, path) = new_log(|b| b.put(Tag::Unit, b"a.md", b"one"));
        let whole = std::fs::read(&path).unwrap();
        assert!(Log::open(&path).is_some());
        // (Cut right after the magic, it is an empty log: whole, with nothing in it.)
        for cut in (1..whole.len()).filter(|&cut| cut != MAGIC.len()) {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(Log::open(&path).is_none(), "cut at {cut}");
        }
        std::fs::write(&path, [&whole[..], &whole[MAGIC.len()..whole.len() - 1]].concat()).unwrap();
        assert!(Log::open(&path).is_none(), "a second batch without its last byte");
    }

    #[test]
    fn a_rewrite_removes_what_a_stopped_one_left_but_not_a_fresh_one() {
        let (dir, path) = new_log(|b| b.put(Tag::Unit, b"a.md", b"one"));
        let stopped = dir.path().join("log.tmp4242");
        let fresh = dir.path().join("log.tmp4343");
        let other = dir.path().join("other.tmp4242");
        for f in [&stopped, &fresh, &other] {
            std::fs::write(f, b"partial").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in [&stopped, &other] {
            std::fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        let mut log = NewLog::create(&path).unwrap();
        log.put(Tag::Unit, b"a.md", b"two");
        log.finish().unwrap();
        assert!(!stopped.exists(), "a stopped rewrite's file is removed");
        assert!(fresh.exists(), "one written to in the last minute may be running");
        assert!(other.exists(), "another log's file is not touched");
        assert_eq!(
            values(&Log::open(&path).unwrap()),
            [(Tag::Unit, "a.md".into(), "two".into())]
        );
    }
}
