//! The lists of topics, people and sources: their contexts and fingerprints, side by side.

use super::*;

/// The topics page shows each topic's count and the other articles'; the people and sources
/// pages each name with its count.
pub(super) fn plan(p: &Planner) -> Vec<Page> {
    let a = p.a;
    let mut fp = p.fp(route::TOPICS).n(a.other.len() as u64);
    for t in &a.topics {
        fp = fp.n(t.items.len() as u64);
    }
    let mut pages = vec![Page {
        route: route::TOPICS.into(),
        kind: PageKind::Terms(Terms::Topics),
        fingerprint: fp.done(),
    }];
    for (kind, r, facets) in [
        (Terms::People, route::PEOPLE, &a.people),
        (Terms::Sources, route::SOURCES, &a.sources),
    ] {
        let mut fp = p.fp(r);
        for f in facets.iter() {
            fp = fp.s(&f.name).n(f.items.len() as u64);
        }
        pages.push(Page {
            route: r.into(),
            kind: PageKind::Terms(kind),
            fingerprint: fp.done(),
        });
    }
    pages
}

impl Renderer<'_> {
    /// The list of topics, people or sources, with counts.
    pub(super) fn terms(&self, page: &Page, kind: Terms) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
        let (title, intro, terms): (&str, &str, Vec<TopicLink>) = match kind {
            Terms::Topics => {
                let mut t: Vec<TopicLink> = a
                    .topics
                    .iter()
                    .map(|f| TopicLink {
                        slug: f.slug.to_string(),
                        name: f.name.clone(),
                        url: self.urls.link(&route::topic(&f.slug)),
                        count: f.items.len(),
                    })
                    .collect();
                t.push(TopicLink {
                    slug: "other".into(),
                    name: "Other Korea news".into(),
                    url: self.urls.link(route::OTHER),
                    count: a.other.len(),
                });
                (
                    "Topics",
                    "Every article is filed under the topics it is about; those about none are under Other Korea news.",
                    t,
                )
            }
            Terms::People => (
                "People",
                "People named in the articles, by name.",
                self.facet_links(&a.people, route::person),
            ),
            Terms::Sources => (
                "Sources",
                "The outlets the articles come from.",
                self.facet_links(&a.sources, route::source),
            ),
        };
        let mut ctx = self.context(&page.route, title);
        ctx.insert("meta", &self.terms_meta(kind, &page.route, title, intro));
        ctx.insert("title", title);
        ctx.insert("intro", intro);
        ctx.insert("terms", &terms);
        if kind == Terms::Topics {
            let desc: BTreeMap<String, String> = self
                .config
                .topics
                .iter()
                .map(|t| (t.slug.to_string(), t.description.clone()))
                .collect();
            ctx.insert("descriptions", &desc);
        } else {
            ctx.insert("descriptions", &BTreeMap::<String, String>::new());
        }
        Ok(("terms.html", ctx))
    }
}
