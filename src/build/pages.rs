//! The render stage: every page planned with its fingerprint, and those whose fingerprint
//! changed rendered and staged; the search index, the sitemap and the files that are not
//! pages staged beside them.

use super::bodies::FeedBodies;
use super::cache::LogView;
use crate::addresses;
use crate::archive::Archive;
use crate::config::Config;
use crate::error::{BuildError, Diagnostic};
use crate::hash::hash64;
use crate::markdown;
use crate::output::search::{self, Plan, Summary};
use crate::output::{self, Manifest, Mode, Writer};
use crate::render::urls::{Urls, route};
use crate::render::{self, BodyFn, Page, PageKind, Renderers};
use foldhash::HashMapExt;
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the stage's parts share: the archive, the writer that stages files, and the last
/// build's manifest to compare fingerprints with.
pub(super) struct Stage<'a> {
    pub(super) archive: &'a Archive,
    pub(super) config: &'a Config,
    /// Hash of what shapes every page (see `Inputs::global`).
    pub(super) global: u64,
    urls: Urls,
    writer: &'a Writer,
    old: &'a Manifest,
    incremental: bool,
    /// How many of the last build's files this build makes again: when all of them, none is
    /// to be removed, and the last manifest need not be searched for any.
    again: AtomicUsize,
}

impl<'a> Stage<'a> {
    pub(super) fn new(
        archive: &'a Archive,
        config: &'a Config,
        global: u64,
        writer: &'a Writer,
        old: &'a Manifest,
    ) -> Stage<'a> {
        Stage {
            archive,
            config,
            global,
            urls: Urls::new(&config.base_url),
            writer,
            old,
            incremental: writer.mode() == Mode::Incremental,
            again: AtomicUsize::new(0),
        }
    }

    /// The links of the file at `route`: root-relative, or relative to it (`relative_urls`).
    fn links_from(&self, route: &str) -> std::borrow::Cow<'_, Urls> {
        match self.config.relative_urls {
            true => std::borrow::Cow::Owned(self.urls.relative_to(route)),
            false => std::borrow::Cow::Borrowed(&self.urls),
        }
    }

    /// Whether the last build made `file` with this fingerprint.
    fn unchanged(&self, file: &str, fp: u64) -> bool {
        self.incremental && self.old.get(file) == Some(&fp)
    }

    /// The fingerprint the last build made `file` with, counting the file as made again.
    fn last(&self, file: &str) -> Option<u64> {
        let fp = *self.old.get(file).filter(|_| self.incremental)?;
        self.again.fetch_add(1, Ordering::Relaxed);
        Some(fp)
    }

    /// Stages `file` unless the last build made it with fingerprint `fp`; says whether it did.
    fn put<B: AsRef<[u8]>>(&self, file: &str, fp: u64, bytes: impl FnOnce() -> B) -> Result<bool, BuildError> {
        if self.last(file) == Some(fp) {
            self.writer.skip();
            return Ok(false);
        }
        self.writer.put(file, bytes().as_ref())?;
        Ok(true)
    }

    /// The last build's files that this one does not make, sorted.
    pub(super) fn removed(&self, manifest: &Manifest) -> Vec<String> {
        if !self.incremental || self.again.load(Ordering::Relaxed) >= self.old.len() {
            return Vec::new();
        }
        let mut removed: Vec<String> = self
            .old
            .keys()
            .filter(|f| !manifest.contains_key(*f))
            .cloned()
            .collect();
        removed.sort_unstable();
        removed
    }

    /// Whether committing would change the site.
    pub(super) fn changes(&self, removed: &[String]) -> bool {
        self.writer.changes(removed)
    }
}

/// The pages, and what became of those that were rendered.
pub(super) struct Pages {
    pages: Vec<Page>,
    files: Vec<String>,
    /// The pages rendered (their fingerprint changed), by index.
    todo: Vec<usize>,
    /// Pages not staged: errors, and warnings for pages left as they were.
    failed: Vec<(String, Diagnostic)>,
    sitemap: Vec<(String, Vec<u8>)>,
}

/// Plans every page; renders and stages those whose fingerprint changed, and makes the
/// sitemap meanwhile. A page whose source was saved again mid-build is "stale": it is not
/// written now (its last version stays) and the next build renders it; the body function
/// says so with a warning.
pub(super) fn pages(stage: &Stage, renderer: &Renderers, body: &BodyFn, bar: &ProgressBar) -> Pages {
    let pages = render::plan(stage.archive, stage.config, stage.global);
    bar.set_length(pages.len() as u64);
    let files: Vec<String> = pages.par_iter().map(|p| route::file(&p.route)).collect();
    let mut todo: Vec<usize> = (0..pages.len())
        .into_par_iter()
        .filter(|&i| {
            let same = stage.last(&files[i]) == Some(pages[i].fingerprint);
            if same {
                stage.writer.skip();
                bar.inc(1);
            }
            !same
        })
        .collect();
    todo.sort_by_key(|&i| pages[i].kind.render_order());
    let render_todo = || -> Vec<(String, Diagnostic)> {
        todo.par_iter()
            .with_max_len(1)
            .filter_map(|&i| {
                bar.inc(1);
                let file = &files[i];
                let staged = renderer.render(&pages[i], body).and_then(|bytes| {
                    stage
                        .writer
                        .put(file, &bytes)
                        .map_err(|e| Diagnostic::general(e.to_string()))
                });
                staged.err().map(|d| (file.clone(), d))
            })
            .collect()
    };
    let (failed, sitemap) = rayon::join(render_todo, || sitemap(stage, &pages));
    Pages {
        pages,
        files,
        todo,
        failed,
        sitemap,
    }
}

/// The sitemap lists the pages a reader can land on. An article's page changes when the
/// article is corrected (its time in the addresses file); a listing's with any of its
/// articles, so it gets no date.
fn sitemap(stage: &Stage, pages: &[Page]) -> Vec<(String, Vec<u8>)> {
    let routes: Vec<(&str, &str)> = pages
        .iter()
        .filter(|p| !matches!(p.kind, PageKind::NotFound | PageKind::Feed(_) | PageKind::Search))
        .map(|p| match p.kind {
            PageKind::Article(i) => (p.route.as_str(), stage.archive.articles[i].updated.as_str()),
            _ => (p.route.as_str(), ""),
        })
        .collect();
    output::sitemap::files(&routes, &stage.urls)
}

/// What the build has staged, as the next build and the cache will know it.
pub(super) struct Staged {
    pub(super) manifest: Manifest,
    /// Files whose fingerprint may differ from the last build's (only they are checked for
    /// what the next save records, not every file of the site).
    pub(super) written: Vec<String>,
    pub(super) removed: Vec<String>,
    /// Pages left as they were because their source changed while they were made.
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) summary: Option<Summary>,
    /// The revs of the articles the feeds show, with the bodies of theirs rendered now.
    pub(super) feed_bodies: FeedBodies,
    /// Kept until the build is done (to be freed on a thread of its own).
    pub(super) pages: Vec<Page>,
    sitemap: Vec<(String, Vec<u8>)>,
}

impl Pages {
    /// The pages' part of the manifest; or the errors that stop the build, sorted, once each
    /// (dropping the writer then discards what was staged: the site stays as it was).
    pub(super) fn settle(self, stage: &Stage, feed_bodies: FeedBodies) -> Result<Staged, BuildError> {
        let (stale, errors): (Vec<_>, Vec<_>) = self.failed.into_iter().partition(|(_, d)| !d.is_error());
        if !errors.is_empty() {
            let mut errs: Vec<Diagnostic> = errors.into_iter().map(|(_, d)| d).collect();
            errs.sort_by(|a, b| a.message.cmp(&b.message));
            errs.dedup_by(|a, b| a.message == b.message);
            errs.truncate(crate::error::MAX_REPORTED + 1);
            return Err(BuildError::Input(errs));
        }
        let written = self.todo.iter().map(|&i| self.files[i].clone()).collect();
        let mut manifest = Manifest::with_capacity(stage.old.len().max(self.pages.len()) + 512);
        manifest.extend(self.files.into_iter().zip(self.pages.iter().map(|p| p.fingerprint)));
        let mut warnings = Vec::new();
        for (file, d) in stale {
            // The fingerprint of the version on disk (or none), so the next build redoes it.
            match stage.old.get(&file) {
                Some(fp) => manifest.insert(file, *fp),
                None => manifest.remove(&file),
            };
            warnings.push(d);
        }
        let (pages, sitemap) = (self.pages, self.sitemap);
        let (removed, summary) = (Vec::new(), None);
        Ok(Staged {
            manifest,
            written,
            removed,
            warnings,
            summary,
            feed_bodies,
            pages,
            sitemap,
        })
    }
}

impl Staged {
    /// Adds the search index's files, staged as they were made.
    pub(super) fn add_search(&mut self, files: Vec<(String, u64, Result<bool, BuildError>)>) -> Result<(), BuildError> {
        for (file, fp, staged) in files {
            if staged? {
                self.written.push(file.clone());
            }
            self.manifest.insert(file, fp);
        }
        Ok(())
    }

    /// Stages the files that are not templated pages (the static files, the sitemap, then
    /// `more`): their fingerprint is the hash of their bytes.
    pub(super) fn add_files(
        &mut self,
        stage: &Stage,
        statics: &[(String, Vec<u8>)],
        more: Vec<(String, Vec<u8>)>,
    ) -> Result<(), BuildError> {
        let sitemap = std::mem::take(&mut self.sitemap);
        for (file, bytes) in statics.iter().chain(&sitemap).chain(&more) {
            let fp = hash64(&[bytes]);
            if stage.put(file, fp, || bytes)? {
                self.written.push(file.clone());
            }
            self.manifest.insert(file.clone(), fp);
        }
        Ok(())
    }
}

/// The search index as planned, and its files as staged (`Ok(true)`: written).
pub(super) struct Search {
    pub(super) plan: Plan,
    pub(super) files: Vec<(String, u64, Result<bool, BuildError>)>,
}

/// The search index: fingerprints first, then only the files that changed, staged as they
/// are made (a failed build discards them with the pages).
pub(super) fn search_index(
    stage: &Stage,
    last: Option<Plan>,
    summary: Option<Summary>,
    log: Option<&LogView>,
    from_log: bool,
    terms_of: &search::TermsOf,
) -> Search {
    let plan = search_plan(stage, last, summary, log, from_log, terms_of);
    let files = plan
        .files()
        .into_par_iter()
        .map(|(file, fp, part)| {
            // (The page that reads the index links its results: search/.)
            let urls = stage.links_from(route::SEARCH);
            let staged = stage.put(&file, fp, || search::render(stage.archive, &urls, &plan, &part));
            (file, fp, staged)
        })
        .collect();
    Search { plan, files }
}

/// The search plan: from the last build's when `serve` carries one; from the summary in the
/// cache's log when a `build` can trust it; else made in full.
fn search_plan(
    stage: &Stage,
    last: Option<Plan>,
    summary: Option<Summary>,
    log: Option<&LogView>,
    from_log: bool,
    terms_of: &search::TermsOf,
) -> Plan {
    let (archive, global) = (stage.archive, stage.global);
    match (last, summary) {
        (Some(last), _) => Plan::new(archive, global, Some(last), terms_of),
        (None, Some(summary)) if stage.incremental && from_log => {
            let stored = |k: search::ShardKey, fp: u64| log.and_then(|l| l.shard(k, fp));
            let plan = Plan::from_summary(archive, global, summary, &stored, terms_of);
            // A shard it knows only by fingerprint but must write (the site and the cache
            // disagree): plan everything.
            let files = plan.files();
            let known =
                |(file, fp, part): &(String, u64, search::Part)| stage.unchanged(file, *fp) || plan.can_render(part);
            match files.iter().all(known) {
                true => plan,
                false => Plan::new(archive, global, None, terms_of),
            }
        }
        _ => Plan::new(archive, global, None, terms_of),
    }
}

/// The static files, with the highlighting stylesheet made from syntect's themes.
pub(super) fn static_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut files = super::statics::static_files(root)?;
    files.push(("static/syntax.css".into(), markdown::syntax_css().as_bytes().to_vec()));
    Ok(files)
}

/// The files made from the archive that are not pages: redirects from earlier addresses,
/// robots.txt, and the marker that says the folder is briefing's.
pub(super) fn more_files(stage: &Stage, redirects: &[addresses::Redirect]) -> Vec<(String, Vec<u8>)> {
    let lang = &stage.config.language;
    let mut files: Vec<(String, Vec<u8>)> = redirects
        .iter()
        .map(|r| {
            let page = addresses::redirect_page(r, &stage.links_from(&r.route), lang);
            (route::file(&r.route), page)
        })
        .collect();
    files.extend(output::sitemap::robots(&stage.urls).map(|r| ("robots.txt".to_string(), r)));
    files.push((output::MARKER.into(), output::MARKER_TEXT.as_bytes().to_vec()));
    files
}

/// A version of each static file, from its bytes: pages ask for `style.css?v=…`, so a host
/// may keep each for a year and a changed file is fetched anew.
pub(super) fn asset_versions(files: &[(String, Vec<u8>)]) -> crate::render::Assets {
    files
        .iter()
        .map(|(name, bytes)| (name.clone(), format!("{:010x}", hash64(&[bytes]) >> 24)))
        .collect()
}
