//! The home page: its context and its fingerprint, side by side.

use super::*;

/// What the home page shows: its newest articles, the archive's total, each topic's count and
/// the other articles' count, and the latest year's months with their counts.
pub(super) fn plan(p: &Planner) -> Page {
    let a = p.a;
    let latest: Vec<usize> = (0..a.articles.len().min(p.per)).collect();
    let mut fp = p
        .fp("")
        .arts(&p.revs, &latest)
        .n(a.articles.len() as u64)
        .n(a.other.len() as u64);
    for t in &a.topics {
        fp = fp.n(t.items.len() as u64);
    }
    if let Some(y) = a.latest_year() {
        fp = fp.n(y as u64);
        for m in a.months_in(y) {
            fp = fp.n(m.month.unwrap_or(0) as u64).n(m.items.len() as u64);
        }
    }
    Page {
        route: String::new(),
        kind: PageKind::Home,
        fingerprint: fp.done(),
    }
}

impl Renderer<'_> {
    /// The home page: the newest articles, the topics with their counts, the latest year.
    pub(super) fn home(&self, page: &Page) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
        let mut ctx = self.context(&page.route, &self.config.title);
        let latest = self.cards_html(&(0..a.articles.len().min(self.config.per_page)).collect::<Vec<_>>())?;
        let topics: Vec<TopicLink> = a
            .topics
            .iter()
            .enumerate()
            .map(|(t, f)| TopicLink {
                slug: f.slug.to_string(),
                name: f.name.clone(),
                url: self.urls.link(&route::topic(&f.slug)),
                count: a.topics[t].items.len(),
            })
            .collect();
        ctx.insert("latest", &latest);
        ctx.insert("topics", &topics);
        ctx.insert(
            "other",
            &Link {
                name: format!("Other Korea news ({})", a.other.len()),
                url: self.urls.link(route::OTHER),
            },
        );
        ctx.insert("other_count", &a.other.len());
        ctx.insert("total", &a.articles.len());
        if let Some(y) = a.latest_year() {
            ctx.insert("year", &y);
            ctx.insert("year_url", &self.urls.link(&route::year(y)));
            // The newest month first, as the latest articles are.
            ctx.insert("year_months", &self.months_of(y).rev().collect::<Vec<_>>());
        }
        ctx.insert("meta", &self.home_meta());
        Ok(("home.html", ctx))
    }
}
