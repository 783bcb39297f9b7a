//! An article's page: its context and its fingerprint, side by side.

use super::*;

/// Article pages are nearly all the pages: fingerprinted in parallel. A page shows its
/// article, its neighbours in time (and whether there is an earlier one), its related
/// articles and the key events of its day.
pub(super) fn plan(p: &Planner) -> Vec<Page> {
    use rayon::prelude::*;
    let (a, revs) = (p.a, p.revs.as_slice());
    a.articles
        .par_iter()
        .enumerate()
        .map(|(i, art)| {
            let r = route::article(&art.slug);
            let (prev, next) = a.neighbours(i);
            let near: Vec<usize> = prev.into_iter().chain(next).collect();
            let fp = p
                .fp(&r)
                .arts(revs, &[i])
                .arts(revs, &near)
                .n(prev.is_some() as u64)
                .arts(revs, &a.related[i])
                .n(events_fp(a.events.on_day(art.date)));
            Page {
                route: r,
                kind: PageKind::Article(i),
                fingerprint: fp.done(),
            }
        })
        .collect()
}

impl Renderer<'_> {
    /// An article's page: the article, its neighbours in time, related articles, the key events of its day.
    pub(super) fn article(&self, page: &Page, i: usize, body: &BodyFn) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
        let art = &a.articles[i];
        let mut ctx = self.context(&page.route, &art.title);
        let body_html = body(art)?;
        ctx.insert("meta", &self.article_meta(i, &body_html));
        let (prev, next) = a.neighbours(i);
        #[derive(Serialize)]
        struct ArticleView<'v> {
            title: &'v str,
            lang: Option<&'v str>,
            date: Option<DateView>,
            source: Option<Link>,
            /// Wire agencies credited apart from the source.
            credits: &'v [String],
            original_url: Option<&'v str>,
            byline: Option<&'v str>,
            topics: Vec<Marker>,
            other_url: Option<String>,
            people: Vec<Link>,
            summary: Option<&'v str>,
            body: String,
            words: usize,
            reading_minutes: usize,
            year_url: Option<String>,
        }
        let view = ArticleView {
            title: &art.title,
            lang: art.lang.as_deref(),
            date: art.date.as_ref().map(date_view),
            source: art.source.as_ref().map(|s| Link {
                name: s.clone(),
                url: self.urls.link(&route::source(&Slug::from_text(s, "unnamed"))),
            }),
            credits: &art.credits,
            original_url: meta::original_url(art),
            byline: art.byline.as_deref(),
            topics: self.topic_links(art),
            other_url: art.topics.is_empty().then(|| self.urls.link(route::OTHER)),
            people: art
                .people
                .iter()
                .map(|p| Link {
                    name: p.clone(),
                    url: self.urls.link(&route::person(&Slug::from_text(p, "unnamed"))),
                })
                .collect(),
            summary: art.summary.as_deref(),
            body: body_html,
            words: art.words,
            reading_minutes: art.reading_minutes(),
            // (Named for the year page it once led to: templates of one's own keep working.)
            year_url: art.date.map(|d| self.urls.link(&route::month(d.year(), d.month()))),
        };
        ctx.insert("article", &view);
        ctx.insert("day_events", &self.event_views(a.events.on_day(art.date)));
        let link = |j: usize| TitleLink {
            title: a.articles[j].title.clone(),
            url: self.urls.link(&route::article(&a.articles[j].slug)),
        };
        ctx.insert("prev", &prev.map(link));
        ctx.insert("next", &next.map(link));
        let related = a.related[i]
            .iter()
            .map(|&r| self.card(r, false))
            .collect::<Result<Vec<_>, _>>()?;
        ctx.insert("related", &related);
        Ok(("article.html", ctx))
    }
}
