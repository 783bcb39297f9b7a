//! Article bodies as HTML for the render stage, from wherever they are cheapest: the last
//! build's (kept by `serve`), the feeds' (kept in the cache's log), the Markdown this build
//! read, or the source read again.

use super::cache::{LogView, Unit};
use super::enrich::body_html;
use crate::error::Diagnostic;
use crate::extract::Gazetteer;
use crate::markdown;
use crate::model::Article;
use foldhash::{HashMap, HashMapExt};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

/// The revs of the articles the feeds show, with the bodies of theirs a build rendered.
pub(super) type FeedBodies = (HashSet<u64>, HashMap<u64, String>);

/// At most this many bodies are kept for the next build: a clean build renders every body,
/// and keeping them all would hold the whole site's text in memory.
const KEPT_BODIES: usize = 1000;

pub(super) struct Bodies<'a> {
    /// Rendered by the last build, by article rev.
    last: HashMap<u64, String>,
    /// Rendered now, for the next build; `None` when there is no next build to keep them for.
    kept: Option<Mutex<HashMap<u64, String>>>,
    /// The revs of the articles the feeds show: the next build's feeds show nearly the same,
    /// so their bodies are kept in the log, and those rendered now shared by the pages.
    feed_revs: HashSet<u64>,
    feed_html: Mutex<HashMap<u64, String>>,
    from: Sources<'a>,
}

/// Where the render stage finds bodies made earlier, and what it reads sources with.
pub(super) struct Sources<'a> {
    pub(super) log: Option<&'a LogView>,
    pub(super) units: &'a HashMap<String, Box<Unit>>,
    pub(super) content_dir: &'a Path,
    pub(super) outlets: &'static Gazetteer,
}

impl<'a> Bodies<'a> {
    pub(super) fn new(last: HashMap<u64, String>, remember: bool, feed_revs: HashSet<u64>, from: Sources<'a>) -> Self {
        Bodies {
            last,
            kept: remember.then(|| Mutex::new(HashMap::new())),
            feed_revs,
            feed_html: Mutex::new(HashMap::new()),
            from,
        }
    }

    /// The body of `a` as HTML. A warning when its source changed since it was read.
    pub(super) fn html(&self, a: &Article) -> Result<String, Diagnostic> {
        if let Some(html) = self.last.get(&a.rev) {
            self.keep(a.rev, html);
            return Ok(html.clone());
        }
        let in_feed = self.feed_revs.contains(&a.rev);
        if in_feed && let Some(html) = self.feed_body(a.rev) {
            self.keep(a.rev, &html);
            return Ok(html);
        }
        let html = self.render(a)?;
        self.keep(a.rev, &html);
        if in_feed {
            self.feed_html.lock().expect("not poisoned").insert(a.rev, html.clone());
        }
        Ok(html)
    }

    fn feed_body(&self, rev: u64) -> Option<String> {
        let done = self.feed_html.lock().expect("not poisoned").get(&rev).cloned();
        done.or_else(|| self.from.log.and_then(|l| l.body(rev)).map(str::to_string))
    }

    /// From the Markdown this build read, or else from the source read again.
    fn render(&self, a: &Article) -> Result<String, Diagnostic> {
        let read = self
            .from
            .units
            .get(a.file.to_string_lossy().as_ref())
            .and_then(|u| u.bodies.iter().find(|(i, _)| *i == a.index))
            .map(|(_, b)| b.as_str());
        match read {
            Some(md) => Ok(markdown::to_html(md)),
            None => body_html(self.from.content_dir, a, self.from.outlets),
        }
    }

    fn keep(&self, rev: u64, html: &str) {
        if let Some(kept) = &self.kept {
            let mut map = kept.lock().expect("not poisoned");
            if map.len() < KEPT_BODIES {
                map.insert(rev, html.to_string());
            }
        }
    }

    /// What the next build starts from: the bodies kept, and the feeds' revs with the bodies
    /// of theirs rendered now.
    pub(super) fn into_parts(self) -> (HashMap<u64, String>, FeedBodies) {
        let kept = self
            .kept
            .map(|m| m.into_inner().expect("not poisoned"))
            .unwrap_or_default();
        let feeds = self.feed_html.into_inner().expect("not poisoned");
        (kept, (self.feed_revs, feeds))
    }
}
