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
use crate::load::{self, SourceFile, Stamp};
use crate::model::Article;
use crate::output::{self, Lock, Manifest, Mode, OutputPaths, Writer};
use crate::render::templates::Templates;
use crate::render::{self, Renderers};
use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

mod bodies;
mod cache;
mod enrich;
mod log;
mod pages;
mod published;
mod report;
mod statics;

use bodies::{Bodies, Sources};
use cache::{Cache, begin_log, log_id, read_cache};
use enrich::{EnrichCtx, read_units};
pub use enrich::{clipping_drafts, drafts_of, no_article};
use log::NewLog;
use pages::{Search, Stage, Staged};
use published::{articles_of, keep_assigned, same_address_errors};
use report::{Laps, progress_bar};
pub use report::{Report, human_duration};

/// Bumped whenever the cache's shape or meaning changes.
const CACHE_FORMAT: &str = concat!("briefing-cache-19-", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    /// Relative links whatever briefing.toml says (`--relative-urls`).
    pub relative_urls: bool,
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
    /// Report what each article's page is made from (`check`: see [`Report::inventory`]).
    pub inventory: bool,
    pub progress: bool,
    /// Bytes of search terms a load holds for the index; past that the index makes an
    /// article's terms again from the body it holds (less memory for a large archive, more
    /// CPU). Tests set 0 to check that both ways give the same index.
    pub terms_held: usize,
}

impl Options {
    pub fn new(root: &Path) -> Options {
        Options {
            root: root.to_path_buf(),
            output: root.join("site"),
            base_url: None,
            relative_urls: false,
            drafts: false,
            clean: false,
            keep_going: false,
            strict: false,
            force: false,
            record: true,
            inventory: false,
            progress: false,
            terms_held: enrich::TERMS_HELD,
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
    feed_bodies: bodies::FeedBodies,
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

    /// The build, stage by stage. Each stage takes what the one before it made; the session
    /// keeps what the next build can reuse (see `Cache`).
    fn run(&mut self, changed: Option<&[String]>) -> Result<Report, BuildError> {
        let started = Instant::now();
        let mut lap = Laps::new();
        let lock = match self.lock.take() {
            Some(held) => held,
            None => Lock::acquire(&OutputPaths::new(&self.opts.output))?,
        };
        let (inputs, ledger) = self.read_inputs(changed)?;
        lap.mark("config, templates, discover");
        self.open_cache(inputs.enrich_rev, &mut lap);
        let mut report = Report::default();
        let mut loaded = self.load(&inputs, &mut report)?;
        lap.mark("load, extract, enrich");
        // Key events: a bad entry is left out and listed, as a bad article is.
        let (events, event_errors) = crate::events::Events::load(&inputs.content_dir, &inputs.config);
        loaded.errors.extend(event_errors);
        let (articles, assigned) = self.addresses(ledger, &inputs.sources, loaded, &mut report)?;
        lap.mark("addresses");
        let archive = Archive::new(articles, &inputs.config).with_events(events);
        lap.mark("index");
        let published = self.publish(&inputs, &archive, &assigned.redirects, &mut lap)?;
        if self.opts.record && assigned.dirty {
            let file = self.opts.root.join(addresses::FILE);
            output::write_atomic(&file, assigned.ledger.to_text().as_bytes())
                .map_err(|e| BuildError::io("write", &file, e))?;
        }
        lap.mark("commit");
        report.articles = archive.articles.len();
        if self.opts.inventory {
            report.inventory = crate::check::inventory(&archive);
        }
        let (incremental, pages) = (published.incremental, self.keep_published(published, &mut report));
        self.templates = Some(inputs.templates);
        // Freeing the last manifest and the list of sources takes a millisecond or two: the
        // build need not wait for it.
        drop_later(inputs.sources);
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

    /// Configuration, templates, the list of sources and the addresses file: what every
    /// later stage reads. The last three are read side by side; none needs another.
    fn read_inputs(&mut self, changed: Option<&[String]>) -> Result<(Inputs, LedgerRead), BuildError> {
        // Taken first: after a failed build, the next lists and reads them afresh.
        let (last_sources, last_templates) = (self.sources.take(), self.templates.take());
        let opts = &self.opts;
        let mut config = Config::load(&opts.root).map_err(BuildError::Input)?;
        if let Some(b) = &opts.base_url {
            config.base_url = crate::config::normalise_base_url(b)
                .map_err(|m| BuildError::Input(vec![Diagnostic::general(format!("--base-url: {m}"))]))?;
        }
        config.relative_urls |= opts.relative_urls;
        let enrich_rev = enrich_rev(opts);
        let content_dir = opts.root.join("content");
        let known = match (changed, last_sources) {
            (Some(changed), Some(last)) if self.cache.matches(enrich_rev, &opts.output_key()) => {
                load::update(&content_dir, last, changed)
            }
            _ => None,
        };
        let templates = || match reusable(last_templates, changed) {
            Some(t) => Ok(t),
            None => Templates::load(&opts.root).map_err(BuildError::Input),
        };
        let sources = || match known {
            Some(s) => Ok(s),
            None if content_dir.is_dir() => load::discover(&content_dir).map_err(BuildError::Input),
            None => Ok(Vec::new()),
        };
        let ledger = || addresses::Ledger::read(&opts.root);
        let statics = || pages::static_files(&opts.root);
        let ((templates, statics), (sources, ledger)) =
            rayon::join(|| rayon::join(templates, statics), || rayon::join(sources, ledger));
        let (templates, sources, statics) = (templates?, sources?, statics?);
        let assets = pages::asset_versions(&statics);
        let global = hash64(&[
            &enrich_rev.to_le_bytes(),
            &templates.rev.to_le_bytes(),
            config.base_url.as_bytes(),
            // (`--relative-urls` is not in briefing.toml's text: it changes every page.)
            &[config.relative_urls as u8],
            CACHE_FORMAT.as_bytes(),
            format!("{assets:?}").as_bytes(),
        ]);
        if self.remember {
            self.sources = Some(sources.clone());
        }
        let inputs = Inputs {
            config,
            templates,
            sources,
            statics,
            assets,
            content_dir,
            enrich_rev,
            global,
        };
        Ok((inputs, ledger))
    }

    /// The cache this build starts from: the one read in the background since the session
    /// began, read again if another build changed the site since, emptied if it was made
    /// with other settings.
    fn open_cache(&mut self, enrich_rev: u64, lap: &mut Laps) {
        if let Some(pending) = self.pending.take() {
            self.cache = pending.join().ok().flatten().unwrap_or_default();
            lap.mark("wait for the cache (read meanwhile)");
        }
        // Under the lock now: if another build changed the site since this cache was read or
        // saved, the log says what it left; this cache does not.
        if !self.cache.format.is_empty() && log_id(&self.opts.cache_file()) != self.cache.seen {
            self.cache = read_cache(&self.opts).unwrap_or_default();
        }
        let output = self.opts.output_key();
        if !self.cache.matches(enrich_rev, &output) {
            self.cache = Cache {
                format: CACHE_FORMAT.into(),
                enrich_rev,
                output,
                ..Cache::default()
            };
        }
        self.cache.forget_bodies();
    }

    /// Load, extract and enrich: one unit per source file, kept when its file and sidecar are
    /// as they were, read again (in parallel) otherwise. `--strict` fails here on a warning,
    /// before anything is written.
    fn load(&mut self, inputs: &Inputs, report: &mut Report) -> Result<Loaded, BuildError> {
        let sources = &inputs.sources;
        let (to_read, classifier) = self.sources_to_read(inputs)?;
        let fresh = match &classifier {
            Some(classifier) => {
                let ctx = EnrichCtx {
                    config: &inputs.config,
                    outlets: inputs.config.gazetteer(),
                    classifier,
                    content_dir: &inputs.content_dir,
                    terms_room: std::sync::atomic::AtomicUsize::new(self.opts.terms_held),
                };
                read_units(sources, &to_read, &ctx)
            }
            None => Vec::new(),
        };
        self.classifier = classifier.map(|c| (inputs.enrich_rev, c));
        report.read_sources = fresh.len();
        report.reused_sources = sources.len() - fresh.len();
        self.cache.replace_units(sources, fresh);
        let units = self.cache.units_of(sources);
        let mut errors = Vec::new();
        for unit in &units {
            report.warnings.extend(unit.warnings.iter().cloned());
            errors.extend(unit.errors.iter().cloned());
        }
        if self.opts.strict && !report.warnings.is_empty() {
            let mut failed: Vec<Diagnostic> = report.warnings.iter().map(Diagnostic::as_error).collect();
            failed.truncate(MAX_REPORTED + 1);
            return Err(BuildError::Input(failed));
        }
        let articles = articles_of(&units, self.opts.drafts);
        Ok(Loaded { articles, errors })
    }

    /// The sources the cache cannot vouch for, and the classifier they are read with: kept
    /// while the configuration is unchanged, compiled only when a source is to be read, and
    /// then while the others are matched when a source is sure to be new.
    fn sources_to_read(&mut self, inputs: &Inputs) -> Result<(Vec<usize>, Option<Classifier>), BuildError> {
        let kept = self.classifier.take().filter(|(rev, _)| *rev == inputs.enrich_rev);
        let early = kept.is_none() && self.cache.units.len() < inputs.sources.len();
        let compile = || compile_classifier(&inputs.config);
        let (to_read, compiled) = rayon::join(|| self.cache.stale(&inputs.sources), || early.then(compile));
        let classifier = match kept {
            Some((_, c)) => Some(c),
            None if !to_read.is_empty() => Some(compiled.unwrap_or_else(compile)?),
            None => None,
        };
        Ok((to_read, classifier))
    }

    /// Addresses: each article's permanent address, chosen once and recorded in the
    /// archive's addresses file. Articles with errors, or at an address another has, are
    /// left out and listed (or fail the build, without `keep_going`).
    fn addresses(
        &mut self,
        ledger: LedgerRead,
        sources: &[SourceFile],
        loaded: Loaded,
        report: &mut Report,
    ) -> Result<(Vec<Arc<Article>>, addresses::Assigned), BuildError> {
        let ledger = ledger.map_err(|d| BuildError::Input(vec![d]))?;
        let mut assigned = addresses::assign(&loaded.articles, ledger, &addresses::build_time());
        let fixes = std::mem::take(&mut assigned.fixes);
        let drafts = self.opts.drafts;
        let mut articles = keep_assigned(&mut self.cache.units, loaded.articles, &fixes, sources, drafts);
        report.notes.clone_from(&assigned.notes);
        let mut errors = loaded.errors;
        let doubles = same_address_errors(&articles, &mut errors);
        if !errors.is_empty() {
            if !self.opts.keep_going {
                errors.truncate(MAX_REPORTED + 1);
                return Err(BuildError::Input(errors));
            }
            articles.retain(|a| !doubles.contains(&a.id));
            report.skipped = errors;
        }
        Ok((articles, assigned))
    }

    /// Plan, render and write, then commit: the new site replaces the old in one step. Until
    /// the commit the site is as it was, and on an error so is the manifest kept of it.
    fn publish(
        &mut self,
        inputs: &Inputs,
        archive: &Archive,
        redirects: &[addresses::Redirect],
        lap: &mut Laps,
    ) -> Result<Published, BuildError> {
        let writer = self.writer()?;
        let old = std::mem::take(&mut self.cache.manifest);
        let stage = Stage::new(archive, &inputs.config, inputs.global, &writer, &old);
        let staged = self.stage_site(inputs, &stage, redirects, lap);
        drop(stage);
        let staged = match staged {
            Ok(staged) => staged,
            Err(e) => {
                self.cache.manifest = old;
                return Err(e);
            }
        };
        let incremental = writer.mode() == Mode::Incremental;
        let stats = writer.commit(&staged.removed)?;
        Ok(Published {
            staged,
            stats,
            old,
            incremental,
        })
    }

    /// The writer that stages this build's files. A clean build (no manifest to go by) first
    /// checks that the output folder is briefing's to replace.
    fn writer(&self) -> Result<Writer, BuildError> {
        let paths = OutputPaths::new(&self.opts.output);
        let mode = match self.cache.manifest.is_empty() {
            true => Mode::Clean,
            false => Mode::Incremental,
        };
        if mode == Mode::Clean && !self.opts.force && !output::owns(&paths.out, self.opts.cache_file().is_file()) {
            return Err(BuildError::ForeignOutput(paths.out.clone()));
        }
        Writer::begin(&paths, mode)
    }

    /// Stages every file whose fingerprint changed: the pages, the search index, and the
    /// files that are not pages (static files, the sitemap, redirects, robots.txt).
    fn stage_site(
        &mut self,
        inputs: &Inputs,
        stage: &Stage,
        redirects: &[addresses::Redirect],
        lap: &mut Laps,
    ) -> Result<Staged, BuildError> {
        let (mut staged, search) = self.render(inputs, stage)?;
        lap.mark("plan and render pages, search index");
        staged.add_search(search.files)?;
        staged.summary = Some(search.plan.summary());
        self.search = Some(search.plan);
        lap.mark("stage search index");
        staged.add_files(stage, &inputs.statics, pages::more_files(stage, redirects))?;
        staged.removed = stage.removed(&staged.manifest);
        lap.mark("sitemap, static");
        if stage.changes(&staged.removed) {
            self.mark_dirty()?;
        }
        Ok(staged)
    }

    /// The pages, the search index and the static files, made side by side (one long page, a
    /// year of the timeline, would otherwise leave a core idle); and beside them, when this
    /// build's save will write the cache's log anew, the log begun.
    fn render(&mut self, inputs: &Inputs, stage: &Stage) -> Result<(Staged, Search), BuildError> {
        if self.cards.0 != stage.global {
            self.cards = (stage.global, HashMap::new());
        }
        let (last_search, last_summary) = (self.search.take(), self.cache.search.take());
        let log = self.cache.log.as_ref();
        let feed_revs = render::in_feeds(stage.archive, stage.config)
            .map(|i| stage.archive.articles[i].rev)
            .collect();
        let from = Sources {
            log,
            units: &self.cache.units,
            content_dir: &inputs.content_dir,
            outlets: inputs.config.gazetteer(),
        };
        let bodies = Bodies::new(std::mem::take(&mut self.html), self.remember, feed_revs, from);
        let memory_cards = &self.cards.1;
        let earlier = |rev: u64| {
            let kept = memory_cards.get(&rev).map(String::as_str);
            kept.or_else(|| log.and_then(|l| l.card(stage.global, rev)))
        };
        let renderer =
            Renderers::new(stage.archive, stage.config, &inputs.templates, &inputs.assets).with_earlier_cards(&earlier);
        let bar = progress_bar(self.opts.progress, stage.archive.articles.len());
        let from_log = !self.remember;
        let pages = || pages::pages(stage, &renderer, &|a| bodies.html(a), &bar);
        let units = &self.cache.units;
        let terms_of = |a: &Article| {
            enrich::search_terms_of(units, &inputs.content_dir, inputs.config.gazetteer(), &inputs.config, a)
        };
        let search = || pages::search_index(stage, last_search, last_summary, log, from_log, &terms_of);
        let (cache, cache_file) = (&self.cache, self.opts.cache_file());
        let begin = || {
            let anew = from_log && cache.log.as_ref().is_none_or(|l| l.mostly_stale());
            anew.then(|| begin_log(&cache_file, cache).ok()).flatten()
        };
        let ((pages, search), rewrite) = rayon::join(|| rayon::join(pages, search), begin);
        bar.finish_and_clear();
        self.rewrite = rewrite;
        let cards = renderer.into_cards();
        let (html, feed_bodies) = bodies.into_parts();
        self.html = html;
        self.keep_cards(cards, stage.archive);
        match pages.settle(stage, feed_bodies) {
            Ok(staged) => Ok((staged, search)),
            Err(e) => {
                // (The search plan describes the archive, not the site: the next build may
                // start from it.)
                if search.plan.complete() {
                    self.search = Some(search.plan);
                }
                Err(e)
            }
        }
    }

    /// Keeps the cards rendered now for the next build (`serve`) or the cache's log (`build`).
    fn keep_cards(&mut self, fresh: Vec<(u64, String)>, archive: &Archive) {
        let cards = &mut self.cards.1;
        cards.extend(fresh);
        // Cards of articles since changed or removed are dropped now and then, not on every
        // build: that would visit every article.
        if cards.len() > archive.articles.len() + 1000 {
            let live: std::collections::HashSet<u64> = archive.articles.iter().map(|a| a.rev).collect();
            cards.retain(|rev, _| live.contains(rev));
        }
    }

    /// Records what the committed site is, for the next build and the next save; reports it.
    /// Returns the pages, for the caller to free.
    fn keep_published(&mut self, published: Published, report: &mut Report) -> Vec<render::Page> {
        let Published { staged, stats, old, .. } = published;
        report.pages = staged.manifest.len();
        report.written = stats.written;
        report.unchanged = stats.unchanged;
        report.removed = stats.removed;
        report.warnings.extend(staged.warnings);
        let unsaved = &mut self.cache.unsaved_files;
        for file in staged.written {
            if let Some(fp) = staged.manifest.get(&file)
                && old.get(&file) != Some(fp)
            {
                unsaved.insert(file, Some(*fp));
            }
        }
        unsaved.extend(staged.removed.into_iter().map(|f| (f, None)));
        self.cache.manifest = staged.manifest;
        self.cache.search = staged.summary;
        self.feed_bodies = staged.feed_bodies;
        drop_later(old);
        staged.pages
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

/// What every stage reads: the configuration, the templates and the list of sources, with the
/// hashes that say whether earlier work still holds.
struct Inputs {
    config: Config,
    templates: Templates,
    sources: Vec<SourceFile>,
    /// The static files (the defaults and the archive's `static/`), and a version of each
    /// that pages put in their addresses, so that a host may cache them for a year.
    statics: Vec<(String, Vec<u8>)>,
    assets: render::Assets,
    content_dir: PathBuf,
    /// Hash of what shapes articles (see `enrich_rev`).
    enrich_rev: u64,
    /// Hash of what shapes every page: `enrich_rev`, the templates, the base URL.
    global: u64,
}

/// The addresses file as read (parsed in the addresses stage's turn).
type LedgerRead = Result<addresses::Ledger, Diagnostic>;

/// The load stage's articles (in the sources' order), and the errors of the sources left out.
struct Loaded {
    articles: Vec<Arc<Article>>,
    errors: Vec<Diagnostic>,
}

/// A committed build: what it staged, what the writer did, and the manifest it replaced.
struct Published {
    staged: Staged,
    stats: output::WriteStats,
    old: Manifest,
    incremental: bool,
}

/// Hash of what shapes articles: the configuration, the drafts flag, and the program itself
/// (a rebuilt briefing may read articles differently).
fn enrich_rev(opts: &Options) -> u64 {
    let config_text = std::fs::read(opts.root.join(CONFIG_FILE)).unwrap_or_default();
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| Stamp::of(&p))
        .map_or(0, |s| s.mtime_ns ^ s.len as i128);
    hash64(&[&config_text, &[opts.drafts as u8], &exe.to_le_bytes()])
}

/// The last build's templates, when the watcher says templates/ did not change since
/// (without a watcher they are read again; `content` alone means it lost track).
fn reusable(last: Option<Templates>, changed: Option<&[String]>) -> Option<Templates> {
    let changed = changed?;
    let touched = changed
        .iter()
        .any(|n| n == "content" || n == "templates" || n.starts_with("templates/"));
    last.filter(|_| !touched)
}

/// The topic and people classifier, compiled from the configuration's rules.
fn compile_classifier(config: &Config) -> Result<Classifier, BuildError> {
    let rules: Vec<(String, crate::classify::TopicRules)> = config
        .topics
        .iter()
        .map(|t| (t.slug.to_string(), t.rules.clone()))
        .collect();
    Classifier::new(&rules, &config.people).map_err(|m| BuildError::Input(vec![Diagnostic::error(CONFIG_FILE, m)]))
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

/// Frees `value` on a thread of its own. A build's last act was freeing what it held, a
/// hundred thousand articles, pages and cards at a time, while the editor waited: the
/// process can exit (or `serve` take the next change) meanwhile.
fn drop_later<T: Send + 'static>(value: T) {
    // Without a thread to be had, the value is freed here, with the closure that holds it.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
