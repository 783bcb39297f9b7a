//! The Atom feeds, the site's and each topic's: their contexts and fingerprints side by side.

use super::*;

/// A feed shows its entries and its own `<updated>` (hashed as the value it shows).
pub(super) fn plan(p: &Planner, topic: Option<usize>) -> Page {
    let r = match topic {
        Some(t) => route::feed_of(&route::topic(&p.a.topics[t].slug)),
        None => route::FEED.into(),
    };
    let latest = &feed_items(p.a, p.config, topic);
    let fingerprint = p.fp(&r).arts(&p.revs, latest).s(&feed_updated(p.a, latest)).done();
    Page {
        route: r,
        kind: PageKind::Feed(topic),
        fingerprint,
    }
}

impl Renderer<'_> {
    /// The site's Atom feed, or a topic's: the newest entries with their whole bodies.
    pub(super) fn feed(&self, topic: Option<usize>, body: &BodyFn) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
        let (title, items, self_route, html_route): (String, Vec<usize>, String, String) = match topic {
            Some(t) => {
                let f = &a.topics[t];
                let first = route::topic(&f.slug);
                (
                    format!("{}: {}", self.config.title, f.name),
                    feed_items(a, self.config, Some(t)),
                    route::feed_of(&first),
                    first,
                )
            }
            None => (
                self.config.title.clone(),
                feed_items(a, self.config, None),
                route::FEED.into(),
                String::new(),
            ),
        };
        #[derive(Serialize)]
        struct Entry {
            title: String,
            url: String,
            updated: String,
            published: Option<String>,
            summary: Option<String>,
            content: String,
            source: Option<String>,
            byline: Option<String>,
            topics: Vec<String>,
        }
        // Every entry carries its whole body, read and rendered again: in parallel, since
        // a feed is the slowest page an incremental build renders.
        use rayon::prelude::*;
        let entries = items
            .par_iter()
            .map(|&i| {
                let art = &a.articles[i];
                Ok(Entry {
                    title: art.title.clone(),
                    url: self.urls.absolute(&route::article(&art.slug)),
                    updated: entry_time(art),
                    published: art.date.filter(|d| d.day().is_some()).map(|d| d.rfc3339()),
                    summary: art.summary.clone(),
                    content: body(art)?,
                    source: art.source.clone(),
                    byline: art.byline.clone(),
                    topics: self.topic_links(art).into_iter().map(|t| t.name).collect(),
                })
            })
            .collect::<Result<Vec<Entry>, Diagnostic>>()?;
        // The feed changes when its newest entry does; a fixed value keeps builds reproducible.
        let updated = feed_updated(a, &items);
        let mut ctx = self.site_context();
        ctx.insert("title", &title);
        ctx.insert("feed_url", &self.urls.absolute(&self_route));
        ctx.insert("html_url", &self.urls.absolute(&html_route));
        ctx.insert("updated", &updated);
        ctx.insert("entries", &entries);
        Ok(("atom.xml", ctx))
    }
}

/// The articles a feed shows, newest first: the site's latest (`None`) or a topic's.
pub fn feed_items(a: &Archive, config: &Config, topic: Option<usize>) -> Vec<usize> {
    let limit = config.feed_limit;
    let slug = topic.map(|t| a.topics[t].slug.as_str());
    a.recent
        .iter()
        .copied()
        .filter(|&i| slug.is_none_or(|s| a.articles[i].topics.iter().any(|t| t == s)))
        .take(limit)
        .collect()
}

/// When a feed says an article was last updated: when it entered the archive or was last
/// corrected (the addresses file), else its own date; never an invented one.
fn entry_time(art: &Article) -> String {
    if art.updated.is_empty() {
        art.date.map(|d| d.rfc3339()).unwrap_or_default()
    } else {
        art.updated.clone()
    }
}

/// A feed's own `<updated>`: its latest entry's, or for a feed with none, the archive's
/// latest change. (Its fingerprint hashes this value, so the two cannot drift.)
fn feed_updated(a: &Archive, items: &[usize]) -> String {
    let latest = |i: &usize| entry_time(&a.articles[*i]);
    items
        .iter()
        .map(latest)
        .max()
        .or_else(|| a.recent.first().map(latest))
        .unwrap_or_default()
}

/// The articles the feeds show (the site's and each topic's), by index; an article in
/// several feeds is listed once for each.
pub fn in_feeds<'a>(a: &'a Archive, config: &'a Config) -> impl Iterator<Item = usize> + 'a {
    std::iter::once(None)
        .chain((0..a.topics.len()).map(Some))
        .flat_map(move |t| feed_items(a, config, t))
}
