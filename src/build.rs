//! Runs the stages in order and keeps what the next run can reuse.
//!
//! One code path for every kind of build: a clean `build`, a `build` with a warm cache, and
//! each rebuild of `serve` are the same [`Session::build`]; they differ only in what the cache
//! holds. The result is always byte-identical to a clean build.

use crate::addresses;
use crate::archive::Archive;
use crate::classify::Classifier;
use crate::config::{CONFIG_FILE, Config};
use crate::error::{BuildError, Diagnostic, MAX_REPORTED};
use crate::hash::hash64;
use crate::load::{self, SourceFile, Stamp, content_path};
use crate::markdown;
use crate::model::{Article, Draft, SourceKind};
use crate::output::{self, Lock, Manifest, Mode, OutputPaths, Writer};
use crate::render::templates::Templates;
use crate::render::urls::{Urls, route};
use crate::render::{self, Renderer};
use crate::slug::Slug;
use crate::{extract, frontmatter, sidecar};
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod log;
use log::{Batch, Log, NewLog, Tag};

/// Bumped whenever the cache's shape or meaning changes.
const CACHE_FORMAT: &str = concat!("briefing-cache-13-", env!("CARGO_PKG_VERSION"));

/// The default stylesheet and scripts, compiled in; an archive's `static/` adds to or replaces them.
const STATIC_DEFAULTS: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../static/style.css")),
    ("static/search.js", include_bytes!("../static/search.js")),
];

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Ignore the cache: read, render and write everything.
    pub clean: bool,
    /// Build what can be built; list what was skipped instead of failing.
    pub keep_going: bool,
    /// Fail on any warning (a clipping with no article, an undated article), for CI.
    pub strict: bool,
    /// Replace the output folder even when briefing did not make it.
    pub force: bool,
    /// Record new addresses in the archive's addresses file (not for `check`).
    pub record: bool,
    pub progress: bool,
}

impl Options {
    pub fn new(root: &Path) -> Options {
        Options {
            root: root.to_path_buf(),
            output: root.join("site"),
            base_url: None,
            drafts: false,
            clean: false,
            keep_going: false,
            strict: false,
            force: false,
            record: true,
            progress: false,
        }
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(".briefing-cache")
    }

    /// The output folder as an absolute path: the same folder named from elsewhere (`site`
    /// from the archive, `/srv/archive/site` from anywhere) has the same cache.
    fn output_key(&self) -> PathBuf {
        std::path::absolute(&self.output).unwrap_or_else(|_| self.output.clone())
    }

    /// One cache per output folder, so building elsewhere (`--output`) does not evict it.
    pub fn cache_file(&self) -> PathBuf {
        let out = self.output_key();
        let out = out.to_string_lossy();
        // (Named with BLAKE3, as it always was: a new name would leave the old file behind.)
        let h = blake3::hash(out.as_bytes());
        let h = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
        self.cache_dir().join(format!("cache-{h:016x}.bin"))
    }
}

/// What a build did, for the one-line summary and the dev server's log.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub articles: usize,
    pub pages: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub reused_sources: usize,
    pub read_sources: usize,
    pub warnings: Vec<Diagnostic>,
    /// Errors that `--keep-going` stepped over.
    pub skipped: Vec<Diagnostic>,
    /// Things an editor may want to know that need no action (an article given a dated
    /// address because another has its headline).
    pub notes: Vec<String>,
    pub elapsed: Duration,
    /// Time spent in each stage, in order (shown with BRIEFING_TIMINGS=1, used by the benchmarks).
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    /// Prints the time of each stage to stderr when BRIEFING_TIMINGS is set.
    pub fn print_timings(&self) {
        if std::env::var_os("BRIEFING_TIMINGS").is_some() {
            for (stage, d) in &self.stages {
                eprintln!("  {:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0);
            }
        }
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} article{}, {} file{} written, {} unchanged",
            self.articles,
            plural(self.articles),
            self.written,
            plural(self.written),
            self.unchanged
        );
        if self.removed > 0 {
            s.push_str(&format!(", {} removed", self.removed));
        }
        if !self.warnings.is_empty() {
            s.push_str(&format!(
                ", {} warning{}",
                self.warnings.len(),
                plural(self.warnings.len())
            ));
        }
        if !self.notes.is_empty() {
            s.push_str(&format!(", {} note{}", self.notes.len(), plural(self.notes.len())));
        }
        if !self.skipped.is_empty() {
            s.push_str(&format!(
                ", {} error{} skipped",
                self.skipped.len(),
                plural(self.skipped.len())
            ));
        }
        s.push_str(&format!(" in {}", human_duration(self.elapsed)));
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn human_duration(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// A sidecar's path and stamp, when the source has one.
type SidecarStamp = Option<(PathBuf, Stamp)>;

/// Articles read from one source file, with what the file said about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Unit {
    stamp: Stamp,
    sidecar: SidecarStamp,
    articles: Vec<Arc<Article>>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    /// The file or its sidecar had been saved moments before it was read: a second save
    /// within the same tick of the file system's clock, of the same length, would leave the
    /// stamp as it is. Such a unit is read again by the next build (as git re-checks "racily
    /// clean" files), and is trusted once it is read after that moment has passed.
    racy: bool,
    /// Bodies of the articles (by index), as read by this run, so that rendering does not read,
    /// split or extract the file again: in a clean build that is every source once instead of
    /// twice. Kept for one build only (a reused unit starts without them) and never saved: a
    /// later run re-reads what it renders, and checks it against the article's `rev`.
    #[serde(skip)]
    bodies: Vec<(usize, String)>,
    /// This unit as the cache's log holds it (the mapped file and where in it), when it is
    /// there: a save appends only units without it, and a rewrite copies the bytes as they are.
    #[serde(skip)]
    saved: Option<(Arc<memmap2::Mmap>, std::ops::Range<usize>)>,
}

impl Unit {
    fn saved_bytes(&self) -> Option<&[u8]> {
        self.saved.as_ref().map(|(file, r)| &file[r.clone()])
    }
}

/// What one build leaves for the next, in memory; the log on disk holds it between runs.
#[derive(Default)]
struct Cache {
    format: String,
    /// Hash of the settings that shape articles (configuration, drafts flag).
    enrich_rev: u64,
    output: PathBuf,
    /// Keyed by the source's path relative to content/ (strings: path comparison is slow).
    /// Boxed: the map then moves a pointer per unit, not the unit, when it is filled.
    units: HashMap<String, Box<Unit>>,
    manifest: Manifest,
    /// The search plan's summary, as the manifest's search files were made from it.
    search: Option<output::search::Summary>,
    /// The log this cache was read from or last saved to, when it still describes the cache
    /// (less what is noted below): the next save appends to it instead of writing it anew.
    log: Option<LogView>,
    /// Units the log holds that are gone since (their sources were deleted).
    dropped: Vec<String>,
    /// Manifest entries changed since the log recorded it (`None`: the file is gone).
    unsaved_files: HashMap<String, Option<u64>>,
    /// Units whose `bodies` the last build filled: emptied at the start of the next.
    with_bodies: Vec<String>,
    /// The log says the site may have changed since its manifest (a build committed without
    /// saving yet): the next save records that the manifest is current again.
    marked_dirty: bool,
    /// The log file as this cache last read or wrote it. Another build of the same output
    /// (a `briefing build` while `serve` runs, say) changes it: then this cache no longer
    /// describes the site, and the next build reads the log again instead.
    seen: Option<LogId>,
}

/// Which file (its inode), and its length and time: what changes when another build appends
/// to the log or writes it anew.
type LogId = (u64, Stamp);

fn log_id(path: &Path) -> Option<LogId> {
    Some(id_of(&std::fs::metadata(path).ok()?))
}

fn id_of(meta: &std::fs::Metadata) -> LogId {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    (ino, Stamp::from_meta(meta))
}

/// The parts of a log a build uses while it runs: listing cards, and what a save compares
/// with.
struct LogView {
    bytes: Arc<memmap2::Mmap>,
    stale: usize,
    /// By the settings hash they were rendered with and the article's rev.
    cards: HashMap<(u64, u64), std::ops::Range<usize>>,
    search: Option<std::ops::Range<usize>>,
    /// Search term shards: their fingerprint and pairs, by key.
    shards: HashMap<output::search::ShardKey, std::ops::Range<usize>>,
    /// The bodies the feeds showed, as HTML, by article rev.
    bodies: HashMap<u64, std::ops::Range<usize>>,
}

impl LogView {
    fn card(&self, global: u64, rev: u64) -> Option<&str> {
        let r = self.cards.get(&(global, rev))?;
        std::str::from_utf8(&self.bytes[r.clone()]).ok()
    }

    fn body(&self, rev: u64) -> Option<&str> {
        std::str::from_utf8(&self.bytes[self.bodies.get(&rev)?.clone()]).ok()
    }

    /// The pairs of a search term shard, if the log has them for this fingerprint.
    fn shard(&self, key: output::search::ShardKey, fp: u64) -> Option<&[u8]> {
        let v = &self.bytes[self.shards.get(&key)?.clone()];
        (v.get(..8)? == fp.to_le_bytes()).then(|| &v[8..])
    }

    /// Whether a rewrite would drop more than it keeps.
    fn mostly_stale(&self) -> bool {
        self.stale > self.bytes.len() / 2
    }
}

/// A card's key in the log: the settings hash and the article's rev.
fn card_key(global: u64, rev: u64) -> [u8; 16] {
    let mut k = [0; 16];
    k[..8].copy_from_slice(&global.to_le_bytes());
    k[8..].copy_from_slice(&rev.to_le_bytes());
    k
}

impl Cache {
    /// Whether this cache was made with these settings, for this output folder.
    fn matches(&self, enrich_rev: u64, output: &Path) -> bool {
        self.format == CACHE_FORMAT && self.enrich_rev == enrich_rev && self.output == output
    }
}

/// A build with memory: `serve` keeps one for its whole life; `build` loads one from disk.
pub struct Session {
    pub opts: Options,
    cache: Cache,
    /// The cache file being read on a thread of its own, while the first build reads the
    /// configuration and templates and lists the sources: it becomes `cache` once they are.
    pending: Option<std::thread::JoinHandle<Option<Cache>>>,
    /// Listing cards rendered by the last build, by article rev, and the `global` hash
    /// (templates, settings) they were rendered with. Kept in memory only (for `serve`).
    cards: (u64, HashMap<u64, String>),
    /// The last build's search plan (in memory only): the next build adds to it.
    search: Option<output::search::Plan>,
    /// The sources the last build listed, and what changed under the root since, when a file
    /// watcher says so (`serve`): the next build updates the list instead of listing and
    /// checking every file again.
    sources: Option<Vec<SourceFile>>,
    /// Article bodies as HTML that the last build rendered, by article rev (in memory only).
    html: HashMap<u64, String>,
    /// The revs of the articles the feeds show, and those of their bodies this build
    /// rendered: the log keeps the feeds' bodies, so that the next build renders only a new
    /// article's (a clipping's body is its whole extraction again).
    feed_bodies: (std::collections::HashSet<u64>, HashMap<u64, String>),
    /// The last good build's templates.
    templates: Option<Templates>,
    /// The topic and people classifier, and the `enrich_rev` it was compiled for.
    classifier: Option<(u64, Classifier)>,
    /// Whether this session builds more than once (`serve`): only then is it worth keeping
    /// cards and bodies for the next build, work a one-shot build would spend for nothing.
    remember: bool,
    /// The output's lock, held from a good build until its cache is saved: no other build
    /// may change the site between the two, or the saved fingerprints would describe a site
    /// that is no longer there.
    lock: Option<Lock>,
    /// A new log that a one-shot build began beside its rendering, when its save was going to
    /// write the log anew (a clean build): its head and units are written, `save` adds the
    /// rest. Writing them is otherwise the longest step a build takes on one core alone.
    rewrite: Option<NewLog>,
}

impl Session {
    /// A session with no memory of earlier builds.
    pub fn new(opts: Options) -> Session {
        Session {
            opts,
            cache: Cache::default(),
            pending: None,
            cards: (0, HashMap::new()),
            search: None,
            sources: None,
            html: HashMap::new(),
            feed_bodies: Default::default(),
            templates: None,
            classifier: None,
            remember: false,
            lock: None,
            rewrite: None,
        }
    }

    /// Keeps rendered cards and bodies from one build for the next (for a long-lived session).
    pub fn remembering(mut self) -> Session {
        self.remember = true;
        self
    }

    /// A session that continues from the cache of the last build, unless `--clean`. The
    /// cache is read in the background; the first build waits for it only once it needs it.
    pub fn resume(opts: Options) -> Session {
        let pending = if opts.clean {
            None
        } else {
            let o = opts.clone();
            // Without a thread to be had, the build starts without a cache.
            std::thread::Builder::new().spawn(move || read_cache(&o)).ok()
        };
        Session {
            pending,
            ..Session::new(opts)
        }
    }

    /// Builds after a file watcher reported these paths (relative to the root, `/`-separated)
    /// as changed: a list it can trust to name every change to `content/` (it names the folder
    /// `content` itself when it lost track).
    pub fn build_changed(&mut self, changed: &[String]) -> Result<Report, BuildError> {
        self.run(Some(changed))
    }

    /// Runs every stage; on success the output folder holds the new site.
    pub fn build(&mut self) -> Result<Report, BuildError> {
        let result = self.run(None);
        if result.is_err() {
            self.rewrite = None; // (its file removed now, not when the session is freed)
        }
        result
    }

    fn run(&mut self, changed: Option<&[String]>) -> Result<Report, BuildError> {
        let last_sources = self.sources.take();
        let started = Instant::now();
        let mut lap = Laps::new();
        let opts = self.opts.clone();
        let paths = OutputPaths::new(&opts.output);
        let lock = match self.lock.take() {
            Some(held) => held,
            None => Lock::acquire(&paths)?,
        };

        // Configuration and templates: nothing else can be checked without them.
        let mut config = Config::load(&opts.root).map_err(BuildError::Input)?;
        if let Some(b) = &opts.base_url {
            config.base_url = crate::config::normalise_base_url(b)
                .map_err(|m| BuildError::Input(vec![Diagnostic::general(format!("--base-url: {m}"))]))?;
        }
        let config_text = std::fs::read(opts.root.join(CONFIG_FILE)).unwrap_or_default();
        // The program itself is an input too: a rebuilt briefing may read articles differently.
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| Stamp::of(&p))
            .map_or(0, |s| s.mtime_ns ^ s.len as i128);
        let enrich_rev = hash64(&[&config_text, &[opts.drafts as u8], &exe.to_le_bytes()]);
        // Compiled from the configuration, so kept while it is unchanged (`enrich_rev`), and
        // compiled only when a source is to be read.
        let mut classifier = self
            .classifier
            .take()
            .filter(|(rev, _)| *rev == enrich_rev)
            .map(|(_, c)| c);

        // The templates are parsed while the sources are listed: neither needs the other.
        // The watcher says whether templates/ changed; without it they are read again.
        let last_templates = self.templates.take();
        let load_templates = || match (last_templates, changed) {
            // (`content` alone means the watcher lost track of what changed: read them too.)
            (Some(t), Some(changed))
                if !changed
                    .iter()
                    .any(|n| n == "content" || n == "templates" || n.starts_with("templates/")) =>
            {
                Ok(t)
            }
            _ => Templates::load(&opts.root).map_err(BuildError::Input),
        };
        // Load, extract and enrich: one unit per source file, reused when the file is untouched.
        let content_dir = opts.root.join("content");
        let output_key = opts.output_key();
        let known = match (changed, last_sources) {
            (Some(changed), Some(last)) if self.cache.matches(enrich_rev, &output_key) => {
                load::update(&content_dir, last, changed)
            }
            _ => None,
        };
        let list_sources = || match known {
            Some(s) => Ok(s),
            None if content_dir.is_dir() => load::discover(&content_dir).map_err(BuildError::Input),
            None => Ok(Vec::new()),
        };
        // (The addresses file too: 2 MB at 10,000 articles, read while the sources are listed.)
        let read_ledger = || addresses::Ledger::read(&opts.root);
        let (templates, (sources, ledger)) = rayon::join(load_templates, || rayon::join(list_sources, read_ledger));
        let (templates, sources) = (templates?, sources?);
        let global = hash64(&[
            &enrich_rev.to_le_bytes(),
            &templates.rev.to_le_bytes(),
            config.base_url.as_bytes(),
            CACHE_FORMAT.as_bytes(),
        ]);
        if self.remember {
            self.sources = Some(sources.clone());
        }
        lap.mark("config, templates, discover");
        if let Some(pending) = self.pending.take() {
            self.cache = pending.join().ok().flatten().unwrap_or_default();
            lap.mark("wait for the cache (read meanwhile)");
        }
        // Under the lock now: if another build changed the site since this cache was read or
        // saved, the log says what it left; this cache does not.
        if !self.cache.format.is_empty() && log_id(&opts.cache_file()) != self.cache.seen {
            self.cache = read_cache(&opts).unwrap_or_default();
        }
        if !self.cache.matches(enrich_rev, &output_key) {
            self.cache = Cache {
                format: CACHE_FORMAT.into(),
                enrich_rev,
                output: output_key,
                ..Cache::default()
            };
        }
        // Keep each unit whose file and sidecar are as they were (discover read their stamps),
        // in place; read the rest in parallel; forget the units of files that are gone.
        // Bodies the last build read are its own (see `Unit::bodies`).
        for key in std::mem::take(&mut self.cache.with_bodies) {
            if let Some(u) = self.cache.units.get_mut(&key) {
                u.bodies = Vec::new();
            }
        }
        let compile = || {
            let rules: Vec<(String, crate::classify::TopicRules)> = config
                .topics
                .iter()
                .map(|t| (t.slug.to_string(), t.rules.clone()))
                .collect();
            Classifier::new(&rules, &config.people)
                .map_err(|m| BuildError::Input(vec![Diagnostic::error(CONFIG_FILE, m)]))
        };
        // A source the cache does not know is to be read: the classifier is compiled while
        // the others are matched, not after.
        let early = classifier.is_none() && self.cache.units.len() < sources.len();
        let units = &mut self.cache.units;
        let (to_read, compiled) = rayon::join(
            || -> Vec<usize> {
                sources
                    .par_iter()
                    .enumerate()
                    .filter(|(_, src)| {
                        let sidecar = src.sidecar.as_deref().zip(src.sidecar_stamp);
                        !units.get(src.rel.to_string_lossy().as_ref()).is_some_and(|u| {
                            !u.racy
                                && src.stamp == Some(u.stamp)
                                && u.sidecar.as_ref().map(|(p, s)| (p.as_path(), *s)) == sidecar
                        })
                    })
                    .map(|(k, _)| k)
                    .collect()
            },
            || early.then(compile),
        );
        if classifier.is_none() && !to_read.is_empty() {
            classifier = Some(compiled.unwrap_or_else(compile)?);
        }
        let ctx = classifier.as_ref().map(|classifier| EnrichCtx {
            config: &config,
            outlets: config.gazetteer(),
            classifier,
            content_dir: &content_dir,
        });
        let fresh: Vec<(usize, Unit)> = to_read
            .par_iter()
            .map(|&k| {
                let src = &sources[k];
                let sc = src.sidecar.clone().zip(src.sidecar_stamp);
                let ctx = ctx.as_ref().expect("compiled when there are sources to read");
                (k, read_unit(src, src.stamp, sc, ctx))
            })
            .collect();
        let mut report = Report {
            read_sources: fresh.len(),
            reused_sources: sources.len() - fresh.len(),
            ..Report::default()
        };
        for (k, unit) in fresh {
            let key = sources[k].rel.to_string_lossy().into_owned();
            self.cache.with_bodies.push(key.clone());
            units.insert(key, Box::new(unit));
        }
        if units.len() > sources.len() {
            let live: std::collections::HashSet<std::borrow::Cow<str>> =
                sources.iter().map(|s| s.rel.to_string_lossy()).collect();
            let dropped = &mut self.cache.dropped;
            units.retain(|k, u| {
                let keep = live.contains(k.as_str());
                if !keep && u.saved.is_some() {
                    dropped.push(k.clone());
                }
                keep
            });
        }
        let units: Vec<&Unit> = sources
            .par_iter()
            .map(|src| &*units[src.rel.to_string_lossy().as_ref()])
            .collect();
        let mut errors = Vec::new();
        for unit in &units {
            report.warnings.extend(unit.warnings.iter().cloned());
            errors.extend(unit.errors.iter().cloned());
        }
        // `--strict`: a warning fails the build before anything is written.
        if opts.strict && !report.warnings.is_empty() {
            let mut failed: Vec<Diagnostic> = report.warnings.iter().map(Diagnostic::as_error).collect();
            failed.truncate(MAX_REPORTED + 1);
            return Err(BuildError::Input(failed));
        }
        let articles = articles_of(&units, opts.drafts);
        drop(units);
        lap.mark("load, extract, enrich");
        // Addresses: chosen once, recorded in the archive's addresses file, and kept.
        let ledger = ledger.map_err(|d| BuildError::Input(vec![d]))?;
        let mut assigned = addresses::assign(&articles, ledger, &addresses::build_time());
        let fixes = std::mem::take(&mut assigned.fixes);
        let mut articles = keep_assigned(&mut self.cache.units, articles, &fixes, &sources, opts.drafts);
        report.notes.clone_from(&assigned.notes);
        // Articles with the same slug would overwrite each other's page.
        let mut dup_ids = Vec::new();
        for (i, earlier) in same_slugs(&articles) {
            let (a, first) = (&articles[i], &articles[earlier]);
            let d = Diagnostic::error(content_path(&a.file), format!("article {:?} has the slug `{}`, as does {:?} in {}", a.title, a.slug, first.title, content_path(&first.file).display()))
                .with_help("two pages cannot share an address: set a different `slug` in the front matter or sidecar of one of them");
            errors.push(d);
            dup_ids.push(a.id.clone());
        }
        if !errors.is_empty() {
            if !opts.keep_going {
                errors.truncate(MAX_REPORTED + 1);
                return Err(BuildError::Input(errors));
            }
            articles.retain(|a| !dup_ids.contains(&a.id));
            report.skipped = errors;
        }

        // Index, plan, render, write.
        lap.mark("addresses");
        let archive = Archive::new(articles, &config);
        lap.mark("index");
        report.articles = archive.articles.len();
        if self.cards.0 != global {
            self.cards = (global, HashMap::new());
        }
        // Cards rendered by an earlier build with the same settings: kept in memory by `serve`,
        // in the cache's log for `build`.
        let (memory_cards, log) = (&self.cards.1, self.cache.log.as_ref());
        let earlier = |rev: u64| {
            memory_cards
                .get(&rev)
                .map(String::as_str)
                .or_else(|| log.and_then(|l| l.card(global, rev)))
        };
        let renderer = Renderer::new(&archive, &config, &templates).with_earlier_cards(&earlier);
        let mode = if self.cache.manifest.is_empty() {
            Mode::Clean
        } else {
            Mode::Incremental
        };
        if mode == Mode::Clean && !opts.force && !output::owns(&paths.out, opts.cache_file().is_file()) {
            return Err(BuildError::ForeignOutput(paths.out.clone()));
        }
        let writer = Writer::begin(&paths, mode)?;
        let incremental = writer.mode() == Mode::Incremental;
        let old_manifest = std::mem::take(&mut self.cache.manifest);
        let last_search = self.search.take();
        let last_summary = self.cache.search.take();
        let units = &self.cache.units;
        // Bodies rendered by the last build (serve keeps them: the feeds show the same twenty
        // bodies build after build), by article rev; those of this build are kept for the next.
        // A clean build renders every body: keeping them all would hold the whole site's text
        // in memory, so at most KEPT_BODIES are kept.
        const KEPT_BODIES: usize = 1000;
        let last_html = std::mem::take(&mut self.html);
        let new_html = std::sync::Mutex::new(HashMap::new());
        let keep = |rev: u64, html: &String| {
            if !self.remember {
                return;
            }
            let mut map = new_html.lock().expect("not poisoned");
            if map.len() < KEPT_BODIES {
                map.insert(rev, html.clone());
            }
        };
        // The bodies the feeds show are kept in the log (by rev): the next build, whose feeds
        // show nearly the same articles, renders only a new one's. Those rendered now are
        // shared by the pages that show them (an article's page and its feeds).
        let feed_revs: std::collections::HashSet<u64> = render::in_feeds(&archive, &config)
            .map(|i| archive.articles[i].rev)
            .collect();
        let feed_html = std::sync::Mutex::new(HashMap::new());
        let outlets = config.gazetteer();
        let body = |a: &Article| {
            if let Some(html) = last_html.get(&a.rev) {
                keep(a.rev, html);
                return Ok(html.clone());
            }
            let in_feed = feed_revs.contains(&a.rev);
            if in_feed {
                let done = feed_html.lock().expect("not poisoned").get(&a.rev).cloned();
                if let Some(html) = done.or_else(|| log.and_then(|l| l.body(a.rev)).map(str::to_string)) {
                    keep(a.rev, &html);
                    return Ok(html);
                }
            }
            let kept = units
                .get(a.file.to_string_lossy().as_ref())
                .and_then(|u| u.bodies.iter().find(|(i, _)| *i == a.index))
                .map(|(_, b)| b.as_str());
            let html = match kept {
                Some(md) => markdown::to_html(md),
                None => body_html(&content_dir, a, outlets)?,
            };
            keep(a.rev, &html);
            if in_feed {
                feed_html.lock().expect("not poisoned").insert(a.rev, html.clone());
            }
            Ok(html)
        };
        let bar = progress_bar(opts.progress, archive.articles.len());
        // How many of the last build's files this build makes again: when all of them, none
        // is to be removed, and the last manifest need not be searched for any.
        let again = std::sync::atomic::AtomicUsize::new(0);
        let count_again = |file: &String| {
            if incremental && old_manifest.contains_key(file) {
                again.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let urls = Urls::new(&config.base_url);
        // A file is unchanged when the last build made it with the same fingerprint.
        let unchanged = |file: &String, fp: &u64| incremental && old_manifest.get(file) == Some(fp);
        // The search index: fingerprints first, then only the files that changed. Planned
        // and rendered alongside the pages (it needs the archive, not their plan), which leave
        // a core idle while one long page (a year of the timeline) renders. The static files
        // are read there too.
        let search_index = || {
            let search = match (last_search, last_summary) {
                (Some(last), _) => output::search::Plan::new(&archive, global, Some(last)),
                // (`serve` plans in full once, then carries its plan from build to build.)
                (None, Some(summary)) if incremental && !self.remember => {
                    let stored = |k: output::search::ShardKey, fp: u64| log.and_then(|l| l.shard(k, fp));
                    let plan = output::search::Plan::from_summary(&archive, global, summary, &stored);
                    // A shard it knows only by fingerprint but must write (the site and the
                    // cache disagree): plan everything.
                    let files = plan.files();
                    if files
                        .iter()
                        .all(|(file, fp, part)| unchanged(file, fp) || plan.can_render(part))
                    {
                        plan
                    } else {
                        output::search::Plan::new(&archive, global, None)
                    }
                }
                _ => output::search::Plan::new(&archive, global, None),
            };
            // Staged as they are made (a failed build discards them with the pages).
            let files: Vec<(String, u64, Result<(), BuildError>)> = search
                .files()
                .into_par_iter()
                .map(|(file, fp, part)| {
                    let staged = if unchanged(&file, &fp) {
                        writer.skip();
                        Ok(())
                    } else {
                        writer.put(&file, &output::search::render(&archive, &urls, &search, &part))
                    };
                    (file, fp, staged)
                })
                .collect();
            // The highlighting stylesheet is made from syntect's themes here too, not after.
            let extra = static_files(&opts.root).map(|mut extra| {
                extra.push(("static/syntax.css".into(), markdown::syntax_css().as_bytes().to_vec()));
                extra
            });
            (search, files, extra)
        };
        // The pages: planned (each with its fingerprint), then those whose fingerprint changed
        // rendered and staged. A page whose source was saved again mid-build is "stale": it
        // is not written now (its last version stays) and the next build renders it; the body
        // fn says so with a warning-level diagnostic.
        let render_pages = || {
            let pages = render::plan(&archive, &config, global);
            bar.set_length(pages.len() as u64);
            let files: Vec<String> = pages.par_iter().map(|p| route::file(&p.route)).collect();
            let mut todo: Vec<usize> = (0..pages.len())
                .into_par_iter()
                .filter(|&i| {
                    if incremental && let Some(fp) = old_manifest.get(&files[i]) {
                        again.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if *fp == pages[i].fingerprint {
                            writer.skip();
                            bar.inc(1);
                            return false;
                        }
                    }
                    true
                })
                .collect();
            todo.sort_by_key(|&i| pages[i].kind.render_order());
            let render_todo = || -> Vec<(String, Diagnostic)> {
                todo.par_iter()
                    .with_max_len(1)
                    .filter_map(|&i| {
                        bar.inc(1);
                        let file = &files[i];
                        match renderer.render(&pages[i], &body) {
                            Ok(bytes) => writer
                                .put(file, &bytes)
                                .err()
                                .map(|e| (file.clone(), Diagnostic::general(e.to_string()))),
                            Err(d) => Some((file.clone(), d)),
                        }
                    })
                    .collect()
            };
            // The sitemap lists the pages a reader can land on.
            let sitemap = || {
                // An article's page changes when the article is corrected (its time in the
                // addresses file); a listing's with any of its articles, so it gets no date.
                let html_routes: Vec<(&str, &str)> = pages
                    .iter()
                    .filter(|p| {
                        !matches!(
                            p.kind,
                            render::PageKind::NotFound | render::PageKind::Feed(_) | render::PageKind::Search
                        )
                    })
                    .map(|p| match p.kind {
                        render::PageKind::Article(i) => (p.route.as_str(), archive.articles[i].updated.as_str()),
                        _ => (p.route.as_str(), ""),
                    })
                    .collect();
                output::sitemap::files(&html_routes, &urls)
            };
            let (outcomes, sitemap) = rayon::join(render_todo, sitemap);
            (pages, files, todo, outcomes, sitemap)
        };
        // A one-shot build whose save will write the log anew (a clean build) begins it here,
        // beside the pages: the units are final, and writing them at the end would leave one
        // core idle while the other writes.
        let cache = &self.cache;
        let cache_file = self.opts.cache_file();
        let begin = || {
            let rewrite = !self.remember && cache.log.as_ref().is_none_or(|l| l.mostly_stale());
            rewrite.then(|| begin_log(&cache_file, cache).ok()).flatten()
        };
        let (((pages, files, todo, outcomes, sitemap), (search, search_out, extra)), rewrite) =
            rayon::join(|| rayon::join(render_pages, search_index), begin);
        self.rewrite = rewrite;
        bar.finish_and_clear();
        // Kept for the next build (`serve`) or the cache's log (`build`).
        let fresh = renderer.into_cards();
        let cards = &mut self.cards.1;
        cards.extend(fresh);
        // Cards of articles since changed or removed are dropped now and then, not on
        // every build: that would visit every article.
        if cards.len() > archive.articles.len() + 1000 {
            let live: std::collections::HashSet<u64> = archive.articles.iter().map(|a| a.rev).collect();
            cards.retain(|rev, _| live.contains(rev));
        }
        self.html = new_html.into_inner().expect("not poisoned");
        let feed_bodies = (feed_revs, feed_html.into_inner().expect("not poisoned"));
        let (stale, render_errors): (Vec<_>, Vec<_>) = outcomes.into_iter().partition(|(_, d)| !d.is_error());
        if !render_errors.is_empty() {
            // Dropping the writer discards the staged files: the site stays as it was, and so
            // the old manifest still describes it. (The search plan describes the archive, not
            // the site, so the next build may start from it.)
            self.cache.manifest = old_manifest;
            if search.complete() {
                self.search = Some(search);
            }
            let mut errs: Vec<Diagnostic> = render_errors.into_iter().map(|(_, d)| d).collect();
            errs.sort_by(|a, b| a.message.cmp(&b.message));
            errs.dedup_by(|a, b| a.message == b.message);
            errs.truncate(MAX_REPORTED + 1);
            return Err(BuildError::Input(errs));
        }
        // The files whose fingerprint may differ from the last build's: the pages rendered,
        // and below, the search and other files written. (Only they are checked for what the
        // next save records, not all eleven thousand.)
        let mut written: Vec<String> = todo.iter().map(|&i| files[i].clone()).collect();
        let mut manifest = Manifest::with_capacity(old_manifest.len().max(pages.len()) + 512);
        manifest.extend(files.into_iter().zip(pages.iter().map(|p| p.fingerprint)));
        for (file, d) in stale {
            // Keep the fingerprint of the version on disk (or none), so the next build redoes it.
            match old_manifest.get(&file) {
                Some(fp) => manifest.insert(file, *fp),
                None => manifest.remove(&file),
            };
            report.warnings.push(d);
        }

        lap.mark("plan and render pages, search index");
        // Files that are not templated pages: their fingerprint is the hash of their bytes.
        let mut extra = match extra {
            Ok(extra) => extra,
            Err(e) => {
                self.cache.manifest = old_manifest;
                return Err(e);
            }
        };
        for (file, fp, staged) in search_out {
            count_again(&file);
            if let Err(e) = staged {
                self.cache.manifest = old_manifest;
                return Err(e);
            }
            if !unchanged(&file, &fp) {
                written.push(file.clone());
            }
            manifest.insert(file, fp);
        }
        let summary = search.summary();
        self.search = Some(search);
        lap.mark("stage search index");
        extra.extend(sitemap);
        for r in &assigned.redirects {
            extra.push((
                route::file(&r.route),
                addresses::redirect_page(r, &urls, &config.language),
            ));
        }
        extra.extend(output::sitemap::robots(&urls).map(|r| ("robots.txt".to_string(), r)));
        extra.push((output::MARKER.into(), output::MARKER_TEXT.as_bytes().to_vec()));
        for (file, bytes) in &extra {
            let fp = hash64(&[bytes]);
            count_again(file);
            if !unchanged(file, &fp) {
                if let Err(e) = writer.put(file, bytes) {
                    self.cache.manifest = old_manifest;
                    return Err(e);
                }
                written.push(file.clone());
            } else {
                writer.skip();
            }
            manifest.insert(file.clone(), fp);
        }
        let mut removed: Vec<String> = Vec::new();
        if incremental && again.into_inner() < old_manifest.len() {
            removed.extend(old_manifest.keys().filter(|f| !manifest.contains_key(*f)).cloned());
            removed.sort_unstable();
        }
        lap.mark("sitemap, static");
        if writer.changes(&removed)
            && let Err(e) = self.mark_dirty()
        {
            self.cache.manifest = old_manifest;
            return Err(e);
        }
        let stats = writer.commit(&removed)?;
        if opts.record && assigned.dirty {
            let file = opts.root.join(addresses::FILE);
            output::write_atomic(&file, assigned.ledger.to_text().as_bytes())
                .map_err(|e| BuildError::io("write", &file, e))?;
        }
        lap.mark("commit");
        report.pages = manifest.len();
        report.written = stats.written;
        report.unchanged = stats.unchanged;
        report.removed = stats.removed;
        // What the next save records of the manifest.
        let unsaved = &mut self.cache.unsaved_files;
        for file in written {
            if let Some(fp) = manifest.get(&file)
                && old_manifest.get(&file) != Some(fp)
            {
                unsaved.insert(file, Some(*fp));
            }
        }
        unsaved.extend(removed.into_iter().map(|f| (f, None)));
        self.cache.manifest = manifest;
        self.cache.search = Some(summary);
        self.feed_bodies = feed_bodies;
        self.templates = Some(templates);
        self.classifier = classifier.map(|c| (enrich_rev, c));
        // Freeing the last manifest and the list of sources takes a millisecond or two: the
        // build need not wait for it.
        drop_later((old_manifest, sources));
        if self.remember || incremental {
            // `serve`, or a build that rendered few pages: the next change, or the save, need
            // not wait for this. (A clean build frees them here, before it saves its cache,
            // which would otherwise raise its peak memory.)
            drop_later((archive, pages));
        }
        report.elapsed = started.elapsed();
        report.stages = lap.stages;
        self.lock = Some(lock);
        Ok(report)
    }

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
        let c = &mut self.cache;
        let (global, cards) = (self.cards.0, &self.cards.1);
        let search = c.search.as_ref().map(|s| postcard::to_stdvec(s).unwrap_or_default());
        match c.log.as_ref().filter(|l| !l.mostly_stale()) {
            Some(log) => {
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
                if let Some(s) = &search
                    && log.search.as_ref().map(|r| &log.bytes[r.clone()]) != Some(s.as_slice())
                {
                    batch.put(Tag::Search, b"", s);
                }
                if let Some(plan) = &self.search {
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
                if !batch.is_empty() {
                    batch.append(&path)?;
                }
            }
            None => {
                // Begun while the pages rendered, when the build knew it would come to this.
                let mut out = match self.rewrite.take() {
                    Some(out) => out,
                    None => begin_log(&path, c)?,
                };
                let mut units: Vec<(&String, &Box<Unit>)> = c.units.iter().collect();
                units.sort_unstable_by(|a, b| a.0.cmp(b.0));
                for (file, fp) in &c.manifest {
                    out.put(Tag::File, file.as_bytes(), &fp.to_le_bytes());
                }
                if let Some(s) = &search {
                    out.put(Tag::Search, b"", s);
                }
                for (k, fp, packed) in self.search.iter().flat_map(|p| p.stored_shards()) {
                    let packed = packed.or_else(|| c.log.as_ref().and_then(|l| l.shard(k, fp)));
                    if let Some(packed) = packed {
                        out.put_parts(Tag::Terms, &k, &[&fp.to_le_bytes(), packed]);
                    }
                }
                // The cards of the articles there are now, rendered with these settings.
                for (_, u) in &units {
                    for a in &u.articles {
                        let html = cards
                            .get(&a.rev)
                            .map(String::as_str)
                            .or_else(|| c.log.as_ref().and_then(|l| l.card(global, a.rev)));
                        if let Some(html) = html {
                            out.put(Tag::Card, &card_key(global, a.rev), html.as_bytes());
                        }
                    }
                }
                drop(units);
                let (in_feeds, fresh_bodies) = &self.feed_bodies;
                let mut in_feeds: Vec<&u64> = in_feeds.iter().collect();
                in_feeds.sort_unstable();
                for rev in in_feeds {
                    let html = fresh_bodies
                        .get(rev)
                        .map(String::as_str)
                        .or_else(|| c.log.as_ref().and_then(|l| l.body(*rev)));
                    if let Some(html) = html {
                        out.put(Tag::Body, &rev.to_le_bytes(), html.as_bytes());
                    }
                }
                out.finish()?;
                c.log = None;
            }
        }
        c.dropped.clear();
        c.unsaved_files.clear();
        c.marked_dirty = false;
        c.seen = log_id(&path);
        if !self.remember {
            return Ok(()); // no next save to append to
        }
        // Map the log as it is now, so the next save appends to it.
        let log = Log::open(&path).ok_or_else(|| std::io::Error::other("the cache just written does not read back"))?;
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
    fn mark_dirty(&mut self) -> Result<(), BuildError> {
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

    /// Forgets the cache (after a failed build whose output state is unknown).
    pub fn forget(&mut self) {
        self.lock = None;
        self.rewrite = None;
        self.cache = Cache::default();
        self.sources = None;
        self.search = None;
    }
}

/// A new log for `c`, holding its head and every unit so far: what a save that rewrites the
/// log writes first. The units are encoded a few thousand at a time, in parallel, and written
/// as they come: a clean build's units are all new, a hundred megabytes at 100,000 articles.
fn begin_log(path: &Path, c: &Cache) -> std::io::Result<NewLog> {
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
fn view_of(log: &Log) -> LogView {
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
fn read_cache(opts: &Options) -> Option<Cache> {
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

/// Runs a one-shot build, using and refreshing the on-disk cache.
pub fn build(opts: &Options) -> Result<Report, BuildError> {
    let started = Instant::now();
    let mut session = Session::resume(opts.clone());
    let mut result = session.build();
    let saved = Instant::now();
    match &result {
        // Nothing read, written or removed: the cache on disk already says all there is.
        Ok(r) if r.read_sources == 0 && r.written == 0 && r.removed == 0 && opts.cache_file().is_file() => {}
        Ok(_) => {
            if let Err(e) = session.save() {
                eprintln!("warning: could not save the build cache ({e}); the next build will start from scratch");
            }
        }
        Err(_) => {
            // The site is untouched; the old cache still describes it.
        }
    }
    if let Ok(r) = &mut result {
        r.stages.push(("save cache", saved.elapsed()));
        r.elapsed = started.elapsed();
    }
    // Released now, not with the rest of the session on another thread: the next build may
    // start at once.
    session.lock = None;
    drop_later(session);
    result
}

/// Each article whose slug an earlier one (in the given order) has, with the nearest such
/// earlier one, in order. Found by sorting hashes rather than with a map of slugs: ten
/// thousand slugs are hashed in parallel, and only equal hashes are compared as text.
fn same_slugs(articles: &[Arc<Article>]) -> Vec<(usize, usize)> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0);
    let mut keyed: Vec<(u64, usize)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| (state.hash_one(a.slug.as_str()), i))
        .collect();
    keyed.par_sort_unstable();
    let mut same = Vec::new();
    for run in keyed.chunk_by(|x, y| x.0 == y.0).filter(|run| run.len() > 1) {
        for (n, &(_, i)) in run.iter().enumerate().skip(1) {
            // (Equal hashes, different slugs: rare, but possible.)
            if let Some(&(_, j)) = run[..n]
                .iter()
                .rev()
                .find(|(_, j)| articles[*j].slug == articles[i].slug)
            {
                same.push((i, j));
            }
        }
    }
    same.sort_unstable();
    same
}

/// The articles of `sources` that are published: from sources without errors, and no drafts
/// unless asked for. In the sources' order.
fn publishable(units: &HashMap<String, Box<Unit>>, sources: &[load::SourceFile], drafts: bool) -> Vec<Arc<Article>> {
    let units: Vec<&Unit> = sources
        .par_iter()
        .map(|src| &*units[src.rel.to_string_lossy().as_ref()])
        .collect();
    articles_of(&units, drafts)
}

/// The published articles of `units`, in their order.
fn articles_of(units: &[&Unit], drafts: bool) -> Vec<Arc<Article>> {
    units
        .par_iter()
        .filter(|u| u.errors.is_empty())
        .flat_map_iter(|u| u.articles.iter().filter(|a| drafts || !a.draft).map(Arc::clone))
        .collect()
}

/// Applies the addresses stage's fixes to the articles and to their units, where the cache
/// keeps them for the next build (and its log, which then saves those units again).
fn keep_assigned(
    units: &mut HashMap<String, Box<Unit>>,
    mut articles: Vec<Arc<Article>>,
    fixes: &[addresses::Fix],
    sources: &[load::SourceFile],
    drafts: bool,
) -> Vec<Arc<Article>> {
    if fixes.len() * 8 < articles.len() {
        // A few (an incremental build): each copied once and shared with its unit.
        for f in fixes {
            f.apply(Arc::make_mut(&mut articles[f.at]));
            let a = &articles[f.at];
            if let Some(slot) = unit_slot(units, &a.file.to_string_lossy(), a.index) {
                *slot = Arc::clone(a);
            }
        }
        return articles;
    }
    // Most (a first build): the list is dropped first, so that each article, held only by its
    // unit, is changed in place rather than copied (in parallel: each fix hashes its article
    // again); then the list is made again.
    let mut by_file: HashMap<String, Vec<(usize, &addresses::Fix)>> = HashMap::new();
    for f in fixes {
        let a = &articles[f.at];
        by_file
            .entry(a.file.to_string_lossy().into_owned())
            .or_default()
            .push((a.index, f));
    }
    drop(articles);
    units.par_iter_mut().for_each(|(file, u)| {
        for (index, fix) in by_file.get(file).into_iter().flatten() {
            if let Some(slot) = u.articles.iter_mut().find(|x| x.index == *index) {
                fix.apply(Arc::make_mut(slot));
                u.saved = None;
            }
        }
    });
    publishable(units, sources, drafts)
}

/// The unit's place for its `index`th article, the unit marked as to be saved again.
fn unit_slot<'a>(units: &'a mut HashMap<String, Box<Unit>>, file: &str, index: usize) -> Option<&'a mut Arc<Article>> {
    let u = units.get_mut(file)?;
    u.saved = None;
    u.articles.iter_mut().find(|x| x.index == index)
}

/// Frees `value` on a thread of its own. A build's last act was freeing what it held, a
/// hundred thousand articles, pages and cards at a time, while the editor waited: the
/// process can exit (or `serve` take the next change) meanwhile.
fn drop_later<T: Send + 'static>(value: T) {
    // Without a thread to be had, the value is freed here, with the closure that holds it.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Stage timings: each mark closes the stage that ran since the previous one.
struct Laps {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn new() -> Laps {
        Laps {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

fn progress_bar(show: bool, len: usize) -> indicatif::ProgressBar {
    if !show || len < 500 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
            .expect("valid template"),
    );
    bar
}

fn static_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut files: BTreeMap<String, Vec<u8>> = STATIC_DEFAULTS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
            let entry = entry.map_err(|e| BuildError::io("read", &dir, e.into()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.split('/').any(|s| s.starts_with('.')) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| BuildError::io("read", entry.path(), e))?;
            files.insert(format!("static/{rel}"), bytes);
        }
    }
    Ok(files.into_iter().collect())
}

// ---------- per-source work: read, extract or parse, apply sidecar, enrich ----------

struct EnrichCtx<'a> {
    config: &'a Config,
    outlets: &'static extract::Gazetteer,
    classifier: &'a Classifier,
    content_dir: &'a Path,
}

fn read_unit(src: &SourceFile, stamp: Option<Stamp>, sc: SidecarStamp, ctx: &EnrichCtx) -> Unit {
    let mut unit = Unit {
        stamp: stamp.unwrap_or(Stamp { len: 0, mtime_ns: 0 }),
        sidecar: sc,
        articles: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        racy: false,
        bodies: Vec::new(),
        saved: None,
    };
    let drafts = drafts_of(src, ctx.content_dir, ctx.outlets);
    // File times tick in steps of a few milliseconds on Linux (a jiffy): a tenth of a
    // second leaves a wide margin. (File systems with coarser times, FAT's two seconds,
    // could still hide a second save of the same length within the same step.)
    const RACY_NS: i128 = 100_000_000;
    let now = load::nanos(std::time::SystemTime::now());
    unit.racy = std::iter::once(unit.stamp)
        .chain(unit.sidecar.as_ref().map(|(_, s)| *s))
        .any(|s| now - s.mtime_ns < RACY_NS);
    match drafts {
        Ok((drafts, warnings)) => {
            unit.warnings = warnings;
            for d in drafts {
                unit.bodies.push((d.index, d.body.clone()));
                match enrich(src, d, ctx) {
                    Ok((a, w)) => {
                        unit.articles.push(Arc::new(a));
                        unit.warnings.extend(w);
                    }
                    Err(e) => unit.errors.extend(e),
                }
            }
        }
        Err(e) => unit.errors = e,
    }
    unit
}

/// The drafts a source holds: one for a curated file, one per story for a clipping, with the
/// sidecar's corrections applied.
pub fn drafts_of(
    src: &SourceFile,
    content_dir: &Path,
    outlets: &'static extract::Gazetteer,
) -> Result<(Vec<Draft>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown = content_path(&src.rel);
    let text = load::read_text(content_dir, &src.rel).map_err(|d| vec![d])?;
    match src.kind {
        SourceKind::Curated => frontmatter::parse(&shown, &text).map(|(d, w)| (vec![d], w)),
        SourceKind::Clipping => {
            let mut drafts = clipping_drafts(&text, outlets);
            // One unreadable clipping never holds the archive back: it is named and skipped.
            if drafts.is_empty() {
                return Ok((Vec::new(), vec![no_article(&shown)]));
            }
            let mut warnings = Vec::new();
            if let Some(sc) = &src.sidecar {
                let sc_shown = content_path(sc);
                let sc_text = load::read_text(content_dir, sc).map_err(|d| vec![d])?;
                let parsed = sidecar::parse(&sc_shown, &sc_text)?;
                (drafts, warnings) = sidecar::apply(&sc_shown, &parsed, drafts)?;
            }
            Ok((drafts, warnings))
        }
    }
}

/// The warning for a clipping in which extraction found no story.
pub fn no_article(shown: &Path) -> Diagnostic {
    Diagnostic::warning(shown, "no article found in this clipping; it is left out of the site").with_help(
        "a clipping needs paragraphs of story text (sentences); `briefing extract --explain FILE` shows how each line was read",
    )
}

/// Extracted stories as drafts (shared with `briefing extract` and `import`).
pub fn clipping_drafts(text: &str, outlets: &'static extract::Gazetteer) -> Vec<Draft> {
    extract::extract_with(text, outlets)
        .into_iter()
        .map(|e| Draft {
            index: e.index,
            title: e.title,
            date: e.date,
            source: e.source,
            credits: e.credits,
            byline: e.byline,
            summary: e.summary,
            title_from_text: e.title_from_text,
            body: extract::paragraphs_to_markdown(&e.paragraphs),
            ..Draft::default()
        })
        .collect()
}

/// Turns a draft into an article: topics and people from the rules where the editor gave
/// none, topic slugs checked, the slug fixed, the body measured.
fn enrich(src: &SourceFile, d: Draft, ctx: &EnrichCtx) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let d = d.scrubbed();
    let shown = match (
        &src.sidecar,
        d.lines.topics.is_some() && src.kind == SourceKind::Clipping,
    ) {
        (Some(sc), true) => content_path(sc),
        _ => content_path(&src.rel),
    };
    let file_shown = content_path(&src.rel);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let config = ctx.config;
    let topics = match d.topics {
        Some(list) => {
            for t in &list {
                if config.topic(t).is_none() {
                    let mut e = Diagnostic::error(&shown, format!("unknown topic `{t}`"));
                    if let Some(l) = d.lines.topics {
                        e = e.at(l, None);
                    }
                    let known: Vec<&str> = config.topics.iter().map(|t| t.slug.as_str()).collect();
                    e = match config.suggest_topic(t) {
                        Some(s) => e.with_help(format!(
                            "did you mean `{s}`? topics are defined in briefing.toml: {}",
                            known.join(", ")
                        )),
                        None => e.with_help(format!("topics are defined in briefing.toml: {}", known.join(", "))),
                    };
                    errors.push(e);
                }
            }
            // Configuration order, once each.
            config
                .topics
                .iter()
                .map(|t| t.slug.to_string())
                .filter(|s| list.contains(s))
                .collect()
        }
        None => ctx.classifier.topics(
            &d.title,
            &format!("{}\n\n{}", d.summary.as_deref().unwrap_or(""), d.body),
        ),
    };
    let people = match d.people {
        Some(list) => {
            let mut out: Vec<String> = list
                .iter()
                .map(|p| canonical_person(config, p))
                .filter(|p| !p.is_empty())
                .collect();
            out.dedup();
            out
        }
        None => ctx.classifier.people(
            &d.title,
            &format!("{}\n\n{}", d.summary.as_deref().unwrap_or(""), d.body),
        ),
    };
    let (slug, explicit) = match &d.slug {
        Some(s) => match Slug::parse(s) {
            Ok(s) => (s, true),
            Err(e) => {
                let mut diag = Diagnostic::error(&shown, format!("bad slug: {e}"))
                    .with_help("a slug is lowercase letters, digits and hyphens, such as kim-putin-summit");
                if let Some(l) = d.lines.slug {
                    diag = diag.at(l, None);
                }
                errors.push(diag);
                (Article::slug_from_title(&d.title, d.index), false)
            }
        },
        None => (Article::slug_from_title(&d.title, d.index), false),
    };
    let mut aliases = Vec::new();
    for alias in &d.aliases {
        match crate::addresses::alias_route(alias) {
            Ok(route) => aliases.push(route),
            Err(m) => {
                let mut diag = Diagnostic::error(&shown, m)
                    .with_help("an alias is an earlier address of this article, such as /articles/old-title/ or /2019/06/story.html");
                if let Some(l) = d.lines.aliases {
                    diag = diag.at(l, None);
                }
                errors.push(diag);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let id = match src.kind {
        SourceKind::Curated => src.rel.to_string_lossy().replace('\\', "/"),
        SourceKind::Clipping => format!("{}#{}", src.rel.to_string_lossy().replace('\\', "/"), d.index),
    };
    if d.title_from_text {
        warnings.push(
            Diagnostic::warning(
                &file_shown,
                format!("no headline found; the title {:?} is the first sentence", d.title),
            )
            .with_help(format!(
                "set the headline with title = \"…\" in {} under an [[article]] with match = {:?}",
                content_path(&src.rel.with_extension("toml")).display(),
                d.title.chars().take(40).collect::<String>()
            )),
        );
    }
    if d.date.is_none() && !d.draft {
        let hint = match (src.kind, &src.sidecar) {
            (SourceKind::Clipping, _) => format!(
                "if the date is known, set it in {} under an [[article]] with match = {:?}",
                content_path(&src.rel.with_extension("toml")).display(),
                d.title.chars().take(40).collect::<String>()
            ),
            (SourceKind::Curated, _) => {
                "if the date is known, add date = YYYY-MM-DD (or YYYY-MM, YYYY) to the front matter".into()
            }
        };
        warnings.push(
            Diagnostic::warning(
                &file_shown,
                format!("{:?} has no date; it is listed under Undated", d.title),
            )
            .with_help(hint),
        );
    }
    let (words, lede) = markdown::words_and_lede(&d.body, 60);
    let topic_names: Vec<&str> = topics
        .iter()
        .filter_map(|t| config.topic(t))
        .map(|t| t.name.as_str())
        .collect();
    let search_terms = crate::terms::article_terms(&[
        &d.title,
        d.summary.as_deref().unwrap_or(""),
        &people.join(" "),
        d.source.as_deref().unwrap_or(""),
        &d.credits.join(" "),
        &topic_names.join(" "),
        &lede,
    ]);
    let lang = crate::lang::detect(&d.title, &d.body, &config.language);
    let mut article = Article {
        id,
        file: src.rel.clone(),
        index: d.index,
        kind: src.kind,
        slug,
        slug_explicit: explicit,
        aliases,
        title: d.title,
        date: d.date,
        source: d.source,
        credits: d.credits,
        url: d.url,
        byline: d.byline,
        topics,
        people,
        lang,
        summary: d.summary,
        draft: d.draft,
        words,
        search_terms,
        body_hash: crate::hash::stable64(d.body.as_bytes()),
        content_hash: 0,
        added: String::new(),
        updated: String::new(),
        rev: 0,
    };
    article.content_hash = article.reader_hash();
    article.rehash();
    Ok((article, warnings))
}

/// The gazetteer's name for a person written as one of their aliases.
fn canonical_person(config: &Config, name: &str) -> String {
    let n = name.trim();
    for p in &config.people {
        if p.name.eq_ignore_ascii_case(n) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(n)) {
            return p.name.clone();
        }
    }
    n.to_string()
}

/// An article's body as HTML, read again from its source (for sources this run did not read).
/// A source saved again since it was read would mix two versions on one page (the old title,
/// the new body): that page is left as it was, and the next build picks up the new version.
fn body_html(content_dir: &Path, a: &Article, outlets: &'static extract::Gazetteer) -> Result<String, Diagnostic> {
    let text = load::read_text(content_dir, &a.file)?;
    let md = match a.kind {
        SourceKind::Curated => frontmatter::body_of(&text).unwrap_or_default().to_string(),
        SourceKind::Clipping => clipping_drafts(&text, outlets)
            .into_iter()
            .find(|d| d.index == a.index)
            .map(|d| d.body)
            .unwrap_or_default(),
    };
    let md = crate::text::scrub(&md);
    if crate::hash::stable64(md.as_bytes()) != a.body_hash {
        // A warning, not an error: the input is fine, only newer than this build's view of it.
        return Err(Diagnostic::warning(
            content_path(&a.file),
            "the file changed while the site was being built; its page keeps its previous version",
        )
        .with_help("build again to publish the new version (briefing serve does so by itself)"));
    }
    Ok(markdown::to_html(&md))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_repeated_slug_is_paired_with_the_nearest_earlier_one() {
        let article = |id: &str, slug: &str| {
            Arc::new(Article {
                slug: Slug::parse(slug).unwrap(),
                slug_explicit: true,
                ..Article::bare(id)
            })
        };
        let articles = [
            article("a", "same"),
            article("b", "other"),
            article("c", "same"),
            article("d", "third"),
            article("e", "same"),
            article("f", "other"),
        ];
        assert_eq!(same_slugs(&articles), [(2, 0), (4, 2), (5, 1)]);
        assert_eq!(same_slugs(&articles[..2]), []);
    }
}
