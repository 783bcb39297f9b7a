//! The cache model: what one build keeps for the next, in memory (`Cache`, `Unit`) and on
//! disk (the log, `log.rs`), and how it is read and saved.

use super::log::{Batch, Log, NewLog, Tag};
use super::{CACHE_FORMAT, Options, Session};
use crate::error::{BuildError, Diagnostic};
use crate::load::{SourceFile, Stamp};
use crate::model::Article;
use crate::output::{self, Manifest};
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A sidecar's path and stamp, when the source has one.
pub(super) type SidecarStamp = Option<(PathBuf, Stamp)>;

/// Articles read from one source file, with what the file said about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Unit {
    pub(super) stamp: Stamp,
    pub(super) sidecar: SidecarStamp,
    pub(super) articles: Vec<Arc<Article>>,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) errors: Vec<Diagnostic>,
    /// The file or its sidecar had been saved moments before it was read: a second save
    /// within the same tick of the file system's clock, of the same length, would leave the
    /// stamp as it is. Such a unit is read again by the next build (as git re-checks "racily
    /// clean" files), and is trusted once it is read after that moment has passed.
    pub(super) racy: bool,
    /// Bodies of the articles (by index), as read by this run, so that rendering does not read,
    /// split or extract the file again: in a clean build that is every source once instead of
    /// twice. Kept for one build only (a reused unit starts without them) and never saved: a
    /// later run re-reads what it renders, and checks it against the article's `rev`.
    #[serde(skip)]
    pub(super) bodies: Vec<(usize, String)>,
    /// Search terms of the articles (by index), as read by this run, for the index: kept for
    /// one build only, as `bodies` are, and given up to the index once it has read them
    /// (see [`TakenOnce`]). The cache keeps only their hash (`Article::terms_hash`): the
    /// index's stored shards hold them, and an article whose source did not change has the
    /// terms it had.
    #[serde(skip)]
    pub(super) terms: Vec<(usize, TakenOnce)>,
    /// This unit as the cache's log holds it (the mapped file and where in it), when it is
    /// there: a save appends only units without it, and a rewrite copies the bytes as they are.
    #[serde(skip)]
    pub(super) saved: Option<(Arc<memmap2::Mmap>, std::ops::Range<usize>)>,
}

/// A text that its one reader takes rather than copies: the index takes each article's terms
/// as it packs them, so that they are not held through the whole render stage (at 100,000
/// articles they are a quarter of a gigabyte). A reader that finds it taken makes it again.
#[derive(Debug, Default)]
pub(super) struct TakenOnce(std::sync::Mutex<Option<String>>);

impl TakenOnce {
    pub(super) fn new(text: String) -> TakenOnce {
        TakenOnce(std::sync::Mutex::new(Some(text)))
    }

    pub(super) fn take(&self) -> Option<String> {
        self.0.lock().expect("not poisoned").take()
    }
}

impl Clone for TakenOnce {
    fn clone(&self) -> TakenOnce {
        TakenOnce(std::sync::Mutex::new(self.0.lock().expect("not poisoned").clone()))
    }
}

impl Unit {
    pub(super) fn saved_bytes(&self) -> Option<&[u8]> {
        self.saved.as_ref().map(|(file, r)| &file[r.clone()])
    }
}

/// What one build leaves for the next, in memory; the log on disk holds it between runs.
#[derive(Default)]
pub(super) struct Cache {
    pub(super) format: String,
    /// Hash of the settings that shape articles (configuration, drafts flag).
    pub(super) enrich_rev: u64,
    pub(super) output: PathBuf,
    /// Keyed by the source's path relative to content/ (strings: path comparison is slow).
    /// Boxed: the map then moves a pointer per unit, not the unit, when it is filled.
    pub(super) units: HashMap<String, Box<Unit>>,
    pub(super) manifest: Manifest,
    /// The search plan's summary, as the manifest's search files were made from it.
    pub(super) search: Option<output::search::Summary>,
    /// The log this cache was read from or last saved to, when it still describes the cache
    /// (less what is noted below): the next save appends to it instead of writing it anew.
    pub(super) log: Option<LogView>,
    /// Units the log holds that are gone since (their sources were deleted).
    pub(super) dropped: Vec<String>,
    /// Manifest entries changed since the log recorded it (`None`: the file is gone).
    pub(super) unsaved_files: HashMap<String, Option<u64>>,
    /// Units whose `bodies` the last build filled: emptied at the start of the next.
    pub(super) with_bodies: Vec<String>,
    /// The log says the site may have changed since its manifest (a build committed without
    /// saving yet): the next save records that the manifest is current again.
    pub(super) marked_dirty: bool,
    /// The log file as this cache last read or wrote it. Another build of the same output
    /// (a `briefing build` while `serve` runs, say) changes it: then this cache no longer
    /// describes the site, and the next build reads the log again instead.
    pub(super) seen: Option<LogId>,
}

/// Which file (its inode), and its length and time: what changes when another build appends
/// to the log or writes it anew.
pub(super) type LogId = (u64, Stamp);

pub(super) fn log_id(path: &Path) -> Option<LogId> {
    Some(id_of(&std::fs::metadata(path).ok()?))
}

pub(super) fn id_of(meta: &std::fs::Metadata) -> LogId {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    (ino, Stamp::from_meta(meta))
}

/// The parts of a log a build uses while it runs: listing cards, and what a save compares
/// with.
pub(super) struct LogView {
    pub(super) bytes: Arc<memmap2::Mmap>,
    pub(super) stale: usize,
    /// By the settings hash they were rendered with and the article's rev.
    pub(super) cards: HashMap<(u64, u64), std::ops::Range<usize>>,
    pub(super) search: Option<std::ops::Range<usize>>,
    /// Search term shards: their fingerprint and file, by key.
    pub(super) shards: HashMap<output::search::ShardKey, std::ops::Range<usize>>,
    /// The bodies the feeds showed, as HTML, by article rev.
    pub(super) bodies: HashMap<u64, std::ops::Range<usize>>,
}

impl LogView {
    pub(super) fn card(&self, global: u64, rev: u64) -> Option<&str> {
        let r = self.cards.get(&(global, rev))?;
        std::str::from_utf8(&self.bytes[r.clone()]).ok()
    }

    pub(super) fn body(&self, rev: u64) -> Option<&str> {
        std::str::from_utf8(&self.bytes[self.bodies.get(&rev)?.clone()]).ok()
    }

    /// A search term shard as written, if the log has it for this fingerprint.
    pub(super) fn shard(&self, key: output::search::ShardKey, fp: u64) -> Option<&[u8]> {
        let v = &self.bytes[self.shards.get(&key)?.clone()];
        (v.get(..8)? == fp.to_le_bytes()).then(|| &v[8..])
    }

    /// Whether a rewrite would drop more than it keeps.
    pub(super) fn mostly_stale(&self) -> bool {
        self.stale > self.bytes.len() / 2
    }
}

/// A card's key in the log: the settings hash and the article's rev.
pub(super) fn card_key(global: u64, rev: u64) -> [u8; 16] {
    let mut k = [0; 16];
    k[..8].copy_from_slice(&global.to_le_bytes());
    k[8..].copy_from_slice(&rev.to_le_bytes());
    k
}

impl Cache {
    /// The sources whose unit cannot be reused: new, changed (file or sidecar), or read while
    /// they were being saved (`Unit::racy`). By index in `sources`.
    pub(super) fn stale(&self, sources: &[SourceFile]) -> Vec<usize> {
        let current = |src: &SourceFile, u: &Unit| {
            let sidecar = src.sidecar.as_deref().zip(src.sidecar_stamp);
            !u.racy && src.stamp == Some(u.stamp) && u.sidecar.as_ref().map(|(p, s)| (p.as_path(), *s)) == sidecar
        };
        sources
            .par_iter()
            .enumerate()
            .filter(|(_, src)| {
                !self
                    .units
                    .get(src.rel.to_string_lossy().as_ref())
                    .is_some_and(|u| current(src, u))
            })
            .map(|(k, _)| k)
            .collect()
    }

    /// Puts the units just read (by index in `sources`) in place, and forgets the units of
    /// sources that are gone (noting those the log holds, for the next save to drop).
    pub(super) fn replace_units(&mut self, sources: &[SourceFile], fresh: Vec<(usize, Unit)>) {
        for (k, unit) in fresh {
            let key = sources[k].rel.to_string_lossy().into_owned();
            self.with_bodies.push(key.clone());
            self.units.insert(key, Box::new(unit));
        }
        if self.units.len() > sources.len() {
            let live: std::collections::HashSet<std::borrow::Cow<str>> =
                sources.iter().map(|s| s.rel.to_string_lossy()).collect();
            let dropped = &mut self.dropped;
            self.units.retain(|k, u| {
                let keep = live.contains(k.as_str());
                if !keep && u.saved.is_some() {
                    dropped.push(k.clone());
                }
                keep
            });
        }
    }

    /// The unit of each source, in order.
    pub(super) fn units_of(&self, sources: &[SourceFile]) -> Vec<&Unit> {
        sources
            .par_iter()
            .map(|src| &*self.units[src.rel.to_string_lossy().as_ref()])
            .collect()
    }

    /// Forgets the bodies the last build read (they are its own; see `Unit::bodies`).
    pub(super) fn forget_bodies(&mut self) {
        for key in std::mem::take(&mut self.with_bodies) {
            if let Some(u) = self.units.get_mut(&key) {
                u.bodies = Vec::new();
                u.terms = Vec::new();
            }
        }
    }

    /// Whether this cache was made with these settings, for this output folder.
    pub(super) fn matches(&self, enrich_rev: u64, output: &Path) -> bool {
        self.format == CACHE_FORMAT && self.enrich_rev == enrich_rev && self.output == output
    }
}

impl Session {
    /// Saves the cache for the next `briefing build`: appends what changed since the log on
    /// disk was read or last saved (new units, changed fingerprints, new cards), or writes the
    /// log anew when there is none to append to or most of it is stale. A rewrite copies the
    /// units the log already holds as they are, without encoding them again.
    pub fn save(&mut self) -> std::io::Result<()> {
        // Released once saved, whatever the outcome.
        let _lock = self.lock.take();
        if self.cache.format.is_empty() {
            return Ok(()); // forgotten (see `forget`) or never built: nothing worth keeping
        }
        let path = self.opts.cache_file();
        let search = self
            .cache
            .search
            .as_ref()
            .map(|s| postcard::to_stdvec(s).unwrap_or_default());
        match self.cache.log.as_ref().filter(|l| !l.mostly_stale()) {
            Some(log) => {
                let batch = self.changes_since(log, search.as_deref());
                if !batch.is_empty() {
                    batch.append(&path)?;
                }
            }
            None => {
                // Begun while the pages rendered, when the build knew it would come to this.
                let out = match self.rewrite.take() {
                    Some(out) => out,
                    None => begin_log(&path, &self.cache)?,
                };
                self.finish_log(out, search.as_deref())?;
                self.cache.log = None;
            }
        }
        let c = &mut self.cache;
        c.dropped.clear();
        c.unsaved_files.clear();
        c.marked_dirty = false;
        c.seen = log_id(&path);
        if !self.remember {
            return Ok(()); // no next save to append to
        }
        self.map_log(&path)
    }

    /// What changed since the log was read or last saved, as one batch to append: units,
    /// file fingerprints, the search summary and shards, cards and the feeds' bodies.
    fn changes_since(&self, log: &LogView, search: Option<&[u8]>) -> Batch {
        let c = &self.cache;
        let mut units: Vec<(&String, &Box<Unit>)> = c.units.iter().filter(|(_, u)| u.saved.is_none()).collect();
        units.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let fresh: Vec<Vec<u8>> = units
            .par_iter()
            .map(|(_, u)| postcard::to_stdvec(u).unwrap_or_default())
            .collect();
        let mut batch = Batch::with_capacity(fresh.iter().map(Vec::len).sum::<usize>() + 4096);
        for key in &c.dropped {
            batch.remove(Tag::Unit, key.as_bytes());
        }
        for ((k, _), bytes) in units.iter().zip(&fresh) {
            batch.put(Tag::Unit, k.as_bytes(), bytes);
        }
        for (file, fp) in &c.unsaved_files {
            match fp {
                Some(fp) => batch.put(Tag::File, file.as_bytes(), &fp.to_le_bytes()),
                None => batch.remove(Tag::File, file.as_bytes()),
            }
        }
        if c.marked_dirty {
            batch.put(Tag::Dirty, b"", &[0]);
        }
        if let Some(s) = search
            && log.search.as_ref().map(|r| &log.bytes[r.clone()]) != Some(s)
        {
            batch.put(Tag::Search, b"", s);
        }
        self.shards_since(log, &mut batch);
        self.renders_since(log, &mut batch);
        batch
    }

    /// The search shards made since the log was saved, and those no longer in the plan.
    fn shards_since(&self, log: &LogView, batch: &mut Batch) {
        let Some(plan) = &self.search else { return };
        let mut kept = std::collections::HashSet::new();
        for (k, fp, packed) in plan.stored_shards() {
            kept.insert(k);
            if let Some(packed) = packed
                && log.shard(k, fp).is_none()
            {
                batch.put_parts(Tag::Terms, &k, &[&fp.to_le_bytes(), packed]);
            }
        }
        for k in log.shards.keys().filter(|k| !kept.contains(*k)) {
            batch.remove(Tag::Terms, k);
        }
    }

    /// The cards and feed bodies rendered since the log was saved, and the bodies the feeds
    /// no longer show.
    fn renders_since(&self, log: &LogView, batch: &mut Batch) {
        let (global, cards) = (self.cards.0, &self.cards.1);
        for (rev, html) in cards {
            if !log.cards.contains_key(&(global, *rev)) {
                batch.put(Tag::Card, &card_key(global, *rev), html.as_bytes());
            }
        }
        let (in_feeds, fresh_bodies) = &self.feed_bodies;
        let mut fresh_bodies: Vec<(&u64, &String)> = fresh_bodies.iter().collect();
        fresh_bodies.sort_unstable();
        for (rev, html) in fresh_bodies {
            if !log.bodies.contains_key(rev) {
                batch.put(Tag::Body, &rev.to_le_bytes(), html.as_bytes());
            }
        }
        let mut gone: Vec<&u64> = log.bodies.keys().filter(|r| !in_feeds.contains(*r)).collect();
        gone.sort_unstable();
        for rev in gone {
            batch.remove(Tag::Body, &rev.to_le_bytes());
        }
    }

    /// Writes the rest of a new log (its head and units are in `out` already): the manifest,
    /// the search summary and shards, the cards of the articles there are now, and the bodies
    /// the feeds show.
    fn finish_log(&self, mut out: NewLog, search: Option<&[u8]>) -> std::io::Result<()> {
        let c = &self.cache;
        let (global, cards) = (self.cards.0, &self.cards.1);
        let old = c.log.as_ref();
        for (file, fp) in &c.manifest {
            out.put(Tag::File, file.as_bytes(), &fp.to_le_bytes());
        }
        if let Some(s) = search {
            out.put(Tag::Search, b"", s);
        }
        for (k, fp, packed) in self.search.iter().flat_map(|p| p.stored_shards()) {
            if let Some(packed) = packed.or_else(|| old.and_then(|l| l.shard(k, fp))) {
                out.put_parts(Tag::Terms, &k, &[&fp.to_le_bytes(), packed]);
            }
        }
        let mut units: Vec<(&String, &Box<Unit>)> = c.units.iter().collect();
        units.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for a in units.iter().flat_map(|(_, u)| &u.articles) {
            let kept = cards.get(&a.rev).map(String::as_str);
            if let Some(html) = kept.or_else(|| old.and_then(|l| l.card(global, a.rev))) {
                out.put(Tag::Card, &card_key(global, a.rev), html.as_bytes());
            }
        }
        let (in_feeds, fresh_bodies) = &self.feed_bodies;
        let mut in_feeds: Vec<&u64> = in_feeds.iter().collect();
        in_feeds.sort_unstable();
        for rev in in_feeds {
            let kept = fresh_bodies.get(rev).map(String::as_str);
            if let Some(html) = kept.or_else(|| old.and_then(|l| l.body(*rev))) {
                out.put(Tag::Body, &rev.to_le_bytes(), html.as_bytes());
            }
        }
        out.finish()
    }

    /// Maps the log as it is now, so that the next save appends to it.
    fn map_log(&mut self, path: &Path) -> std::io::Result<()> {
        let log = Log::open(path).ok_or_else(|| std::io::Error::other("the cache just written does not read back"))?;
        let view = view_of(&log);
        for e in log.live.iter().filter(|e| e.tag == Tag::Unit) {
            let key = std::str::from_utf8(log.slice(&e.key)).unwrap_or_default();
            if let Some(u) = self.cache.units.get_mut(key) {
                u.saved = Some((Arc::clone(&log.bytes), e.value.clone()));
            }
        }
        // Cards and the feeds' bodies are in the log now: memory need not hold them twice.
        self.cards.1.clear();
        self.feed_bodies.1.clear();
        self.cache.log = Some(view);
        Ok(())
    }

    /// Notes in the cache's log, before a build changes the site, that its fingerprints may
    /// no longer describe the site: a run stopped between that change and the next save then
    /// renders every page again instead of trusting them. A cache file that is not this
    /// cache's log (another version's, or other settings') is removed instead.
    pub(super) fn mark_dirty(&mut self) -> Result<(), BuildError> {
        let path = self.opts.cache_file();
        if self.cache.marked_dirty {
            return Ok(());
        }
        if self.cache.log.is_some() {
            let mut batch = Batch::with_capacity(16);
            batch.put(Tag::Dirty, b"", &[1]);
            if batch.append(&path).is_ok() {
                self.cache.marked_dirty = true;
                self.cache.seen = log_id(&path);
                return Ok(());
            }
            self.cache.log = None;
        }
        self.cache.seen = None;
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(BuildError::io("remove", &path, e)),
            _ => Ok(()),
        }
    }
}

/// A new log for `c`, holding its head and every unit so far: what a save that rewrites the
/// log writes first. The units are encoded a few thousand at a time, in parallel, and written
/// as they come: a clean build's units are all new, a hundred megabytes at 100,000 articles.
pub(super) fn begin_log(path: &Path, c: &Cache) -> std::io::Result<NewLog> {
    let mut out = NewLog::create(path)?;
    let head = postcard::to_stdvec(&(&c.format, c.enrich_rev, &c.output)).map_err(std::io::Error::other)?;
    out.put(Tag::Head, b"", &head);
    let mut units: Vec<(&String, &Box<Unit>)> = c.units.iter().collect();
    units.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for chunk in units.chunks(4096) {
        let fresh: Vec<Option<Vec<u8>>> = chunk
            .par_iter()
            .map(|(_, u)| u.saved.is_none().then(|| postcard::to_stdvec(u).unwrap_or_default()))
            .collect();
        for ((k, u), bytes) in chunk.iter().zip(&fresh) {
            let bytes = bytes.as_deref().or_else(|| u.saved_bytes()).unwrap_or_default();
            out.put(Tag::Unit, k.as_bytes(), bytes);
        }
    }
    Ok(out)
}

/// The cards and search summary of a log, for a build to use.
pub(super) fn view_of(log: &Log) -> LogView {
    let mut cards = HashMap::with_capacity(log.live.len() / 3);
    let mut search = None;
    let mut shards = HashMap::new();
    let mut bodies = HashMap::new();
    for e in &log.live {
        match e.tag {
            Tag::Card => {
                let k = log.slice(&e.key);
                if k.len() == 16 {
                    let global = u64::from_le_bytes(k[..8].try_into().expect("8 bytes"));
                    let rev = u64::from_le_bytes(k[8..].try_into().expect("8 bytes"));
                    cards.insert((global, rev), e.value.clone());
                }
            }
            Tag::Search => search = Some(e.value.clone()),
            Tag::Terms => {
                if let Ok(k) = log.slice(&e.key).try_into() {
                    shards.insert(k, e.value.clone());
                }
            }
            Tag::Body => {
                if let Ok(k) = log.slice(&e.key).try_into() {
                    bodies.insert(u64::from_le_bytes(k), e.value.clone());
                }
            }
            _ => {}
        }
    }
    LogView {
        bytes: Arc::clone(&log.bytes),
        stale: log.stale,
        cards,
        search,
        shards,
        bodies,
    }
}

/// Reads the cache's log: `None` when there is none, or it is not this version's.
pub(super) fn read_cache(opts: &Options) -> Option<Cache> {
    let log = Log::open(&opts.cache_file())?;
    let mut head = None;
    let mut units = Vec::new();
    let mut files = Vec::new();
    let mut dirty = false;
    for e in &log.live {
        match e.tag {
            Tag::Head => head = Some(log.slice(&e.value)),
            Tag::Unit => units.push(e),
            Tag::File => files.push(e),
            Tag::Dirty => dirty = log.slice(&e.value) == [1],
            Tag::Search | Tag::Card | Tag::Terms | Tag::Body => {}
        }
    }
    let (format, enrich_rev, output): (String, u64, PathBuf) = postcard::from_bytes(head?).ok()?;
    if format != CACHE_FORMAT {
        return None;
    }
    // The units are decoded on every core; the manifest and the view are made meanwhile (the
    // sources are still being listed: this is the end of what a build waits for first).
    let decode = || -> Option<HashMap<String, Box<Unit>>> {
        let decoded: Vec<Option<(String, Box<Unit>)>> = units
            .par_iter()
            .map(|e| {
                let mut unit: Box<Unit> = postcard::from_bytes(log.slice(&e.value)).ok()?;
                unit.saved = Some((Arc::clone(&log.bytes), e.value.clone()));
                Some((std::str::from_utf8(log.slice(&e.key)).ok()?.to_string(), unit))
            })
            .collect();
        let mut map = HashMap::with_capacity(decoded.len());
        for pair in decoded {
            let (k, u) = pair?;
            map.insert(k, u);
        }
        Some(map)
    };
    let manifest = || -> Option<Manifest> {
        let mut manifest = Manifest::with_capacity(files.len());
        if !dirty {
            for e in &files {
                let file = std::str::from_utf8(log.slice(&e.key)).ok()?;
                let fp = u64::from_le_bytes(log.slice(&e.value).try_into().ok()?);
                manifest.insert(file.to_string(), fp);
            }
        }
        Some(manifest)
    };
    let (units, (manifest, mut view)) = rayon::join(decode, || rayon::join(manifest, || view_of(&log)));
    // A build committed a new site and stopped before saving: the fingerprints (and the
    // search summary the search files were made from) no longer describe it. The units and
    // cards describe sources, not the site: they still hold. The next save writes anew.
    let search = match dirty {
        false => view
            .search
            .as_ref()
            .and_then(|r| postcard::from_bytes(&log.bytes[r.clone()]).ok()),
        true => None,
    };
    if dirty {
        view.search = None;
    }
    Some(Cache {
        format,
        enrich_rev,
        output,
        units: units?,
        manifest: manifest?,
        search,
        log: (!dirty).then_some(view),
        seen: Some(id_of(&log.meta)),
        ..Cache::default()
    })
}
