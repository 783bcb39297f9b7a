//! The render stage: plan every page from the archive, then render each one with Tera.
//!
//! A page's context is a small view built for that page alone (cards of the articles it
//! lists), never the whole archive, so rendering cost does not grow with the archive per page.
//! Each planned page carries a fingerprint of everything it shows; the output stage skips
//! pages whose fingerprint has not changed since the last build.

pub mod templates;
pub mod urls;

use crate::archive::{Archive, Facet};
use crate::config::Config;
use crate::date::{PartialDate, Precision};
use crate::error::Diagnostic;
use crate::model::Article;
use crate::slug::Slug;
use serde::Serialize;
use std::collections::BTreeMap;
use templates::Templates;
use urls::{Urls, route};

/// Which listing a paginated page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Topic(usize),
    Other,
    Person(usize),
    Source(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terms {
    Topics,
    People,
    Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Article(usize),
    Listing {
        listing: Listing,
        page: usize,
        pages: usize,
    },
    Terms(Terms),
    Timeline,
    Year(i16),
    Search,
    NotFound,
    /// The site's feed, or a topic's.
    Feed(Option<usize>),
}

#[derive(Debug, Clone)]
pub struct Page {
    pub route: String,
    pub kind: PageKind,
    /// Hash of everything the page shows; equal fingerprints mean equal bytes.
    pub fingerprint: u64,
}

/// Hashes a page's inputs. Feeding article `rev`s (not their text) keeps this cheap.
struct Fp(blake3::Hasher);

impl Fp {
    fn new(global: u64, route: &str) -> Fp {
        let mut h = blake3::Hasher::new();
        h.update(&global.to_le_bytes());
        h.update(route.as_bytes());
        h.update(&[0]);
        Fp(h)
    }
    fn n(mut self, v: u64) -> Fp {
        self.0.update(&v.to_le_bytes());
        self
    }
    fn s(mut self, v: &str) -> Fp {
        self.0.update(v.as_bytes());
        self.0.update(&[0]);
        self
    }
    fn arts(mut self, a: &Archive, items: &[usize]) -> Fp {
        for &i in items {
            self.0.update(&a.articles[i].rev.to_le_bytes());
        }
        self.0.update(&(items.len() as u64).to_le_bytes());
        self
    }
    fn done(self) -> u64 {
        u64::from_le_bytes(self.0.finalize().as_bytes()[..8].try_into().expect("8 bytes"))
    }
}

/// A listing's title, the route of its first page and its items.
fn listing_parts(a: &Archive, l: Listing) -> (String, String, &[usize]) {
    match l {
        Listing::Topic(t) => (
            a.topics[t].name.clone(),
            route::topic(&a.topics[t].slug),
            &a.topics[t].items,
        ),
        Listing::Other => ("Other Korea news".into(), route::OTHER.into(), &a.other),
        Listing::Person(p) => (
            a.people[p].name.clone(),
            route::person(&a.people[p].slug),
            &a.people[p].items,
        ),
        Listing::Source(s) => (
            a.sources[s].name.clone(),
            route::source(&a.sources[s].slug),
            &a.sources[s].items,
        ),
    }
}

/// Every page of the site, with its fingerprint. `global` covers the configuration, the
/// templates and this program's version: when it changes, every page changes.
pub fn plan(a: &Archive, config: &Config, global: u64) -> Vec<Page> {
    let mut pages = Vec::with_capacity(a.articles.len() + 64);
    let per = config.per_page.max(1);
    let topic_counts: Vec<u64> = a.topics.iter().map(|t| t.items.len() as u64).collect();

    let home_items: Vec<usize> = (0..a.articles.len().min(per)).collect();
    let mut fp = Fp::new(global, "").arts(a, &home_items).n(a.other.len() as u64);
    for c in &topic_counts {
        fp = fp.n(*c);
    }
    if let Some(y) = a.latest_year() {
        fp = fp.arts(a, &a.years[&y]);
    }
    pages.push(Page {
        route: String::new(),
        kind: PageKind::Home,
        fingerprint: fp.done(),
    });

    for (i, art) in a.articles.iter().enumerate() {
        let r = route::article(&art.slug);
        let (prev, next) = a.neighbours(i);
        let near: Vec<usize> = prev.into_iter().chain(next).collect();
        let fp = Fp::new(global, &r)
            .arts(a, &[i])
            .arts(a, &near)
            .n(prev.is_some() as u64)
            .arts(a, &a.related[i])
            .done();
        pages.push(Page {
            route: r,
            kind: PageKind::Article(i),
            fingerprint: fp,
        });
    }

    let mut listings: Vec<Listing> = (0..a.topics.len()).map(Listing::Topic).collect();
    listings.push(Listing::Other);
    listings.extend((0..a.people.len()).map(Listing::Person));
    listings.extend((0..a.sources.len()).map(Listing::Source));
    for l in listings {
        let (title, first, items) = listing_parts(a, l);
        let pages_n = items.len().div_ceil(per).max(1);
        for p in 1..=pages_n {
            let r = route::page(&first, p);
            let chunk = &items[((p - 1) * per).min(items.len())..(p * per).min(items.len())];
            let fp = Fp::new(global, &r)
                .s(&title)
                .n(pages_n as u64)
                .n(items.len() as u64)
                .arts(a, chunk)
                .done();
            pages.push(Page {
                route: r,
                kind: PageKind::Listing {
                    listing: l,
                    page: p,
                    pages: pages_n,
                },
                fingerprint: fp,
            });
        }
        if let Listing::Topic(t) = l {
            let r = route::feed_of(&first);
            let latest = &items[..items.len().min(config.feed_limit)];
            pages.push(Page {
                route: r.clone(),
                kind: PageKind::Feed(Some(t)),
                fingerprint: Fp::new(global, &r).arts(a, latest).done(),
            });
        }
    }

    let mut fp = Fp::new(global, route::TOPICS).n(a.other.len() as u64);
    for c in &topic_counts {
        fp = fp.n(*c);
    }
    pages.push(Page {
        route: route::TOPICS.into(),
        kind: PageKind::Terms(Terms::Topics),
        fingerprint: fp.done(),
    });
    for (kind, r, facets) in [
        (Terms::People, route::PEOPLE, &a.people),
        (Terms::Sources, route::SOURCES, &a.sources),
    ] {
        let mut fp = Fp::new(global, r);
        for f in facets.iter() {
            fp = fp.s(&f.name).n(f.items.len() as u64);
        }
        pages.push(Page {
            route: r.into(),
            kind: PageKind::Terms(kind),
            fingerprint: fp.done(),
        });
    }

    let mut fp = Fp::new(global, route::TIMELINE).arts(a, &a.undated);
    for (y, items) in &a.years {
        fp = fp.n(*y as u64);
        // The overview shows month counts only.
        for &i in items {
            fp = fp.n(a.articles[i].date.map_or(0, |d| d.month().unwrap_or(0) as u64));
        }
    }
    pages.push(Page {
        route: route::TIMELINE.into(),
        kind: PageKind::Timeline,
        fingerprint: fp.done(),
    });
    let years: Vec<i16> = a.years.keys().copied().collect();
    for (k, y) in years.iter().enumerate() {
        let r = route::year(*y);
        let fp = Fp::new(global, &r)
            .arts(a, &a.years[y])
            .n(k.checked_sub(1).map_or(0, |p| years[p] as u64))
            .n(years.get(k + 1).map_or(0, |&n| n as u64))
            .done();
        pages.push(Page {
            route: r,
            kind: PageKind::Year(*y),
            fingerprint: fp,
        });
    }

    pages.push(Page {
        route: route::SEARCH.into(),
        kind: PageKind::Search,
        fingerprint: Fp::new(global, route::SEARCH).done(),
    });
    pages.push(Page {
        route: "404.html".into(),
        kind: PageKind::NotFound,
        fingerprint: Fp::new(global, "404.html").done(),
    });
    let latest = &(0..a.articles.len().min(config.feed_limit)).collect::<Vec<_>>();
    pages.push(Page {
        route: route::FEED.into(),
        kind: PageKind::Feed(None),
        fingerprint: Fp::new(global, route::FEED).arts(a, latest).done(),
    });
    pages
}

// ---------- views: the small, serializable contexts templates see ----------

#[derive(Serialize)]
struct DateView {
    iso: String,
    human: String,
    precision: &'static str,
}

fn date_view(d: &PartialDate) -> DateView {
    DateView {
        iso: d.to_string(),
        human: d.human(),
        precision: match d.precision() {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        },
    }
}

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct TopicLink {
    slug: String,
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct Card {
    title: String,
    url: String,
    date: Option<DateView>,
    source: Option<String>,
    topics: Vec<TopicLink>,
    summary: Option<String>,
}

#[derive(Serialize)]
struct MonthGroup {
    /// "September 2023", or "2023 (month not known)".
    heading: String,
    /// Fragment id, unique within the page: "2023-09", "2023-unknown".
    id: String,
    items: Vec<Card>,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages were left out just before this one (show an ellipsis).
    gap_before: bool,
}

/// Page numbers a pager shows: the first, the last, and two either side of the current one,
/// so a listing of a thousand pages does not put a thousand links on each of them.
fn pager_numbers(current: usize, total: usize) -> Vec<usize> {
    let mut v: Vec<usize> = [1, total]
        .into_iter()
        .chain(current.saturating_sub(2).max(1)..=(current + 2).min(total))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub struct Renderer<'a> {
    pub archive: &'a Archive,
    pub config: &'a Config,
    pub templates: &'a Templates,
    pub urls: Urls,
    site: tera::Value,
}

/// Supplies an article's body as HTML when its page is rendered.
pub type BodyFn<'b> = dyn Fn(&Article) -> Result<String, Diagnostic> + Sync + 'b;

impl<'a> Renderer<'a> {
    pub fn new(archive: &'a Archive, config: &'a Config, templates: &'a Templates) -> Renderer<'a> {
        let urls = Urls::new(&config.base_url);
        #[derive(Serialize)]
        struct SiteView<'s> {
            title: &'s str,
            description: &'s str,
            language: &'s str,
            base_url: &'s str,
            root: &'s str,
            topics: Vec<TopicLink>,
            nav: Vec<Link>,
            feed_url: String,
            search_url: String,
            static_url: String,
        }
        let topics = archive
            .topics
            .iter()
            .map(|t| TopicLink {
                slug: t.slug.to_string(),
                name: t.name.clone(),
                url: urls.link(&route::topic(&t.slug)),
                count: 0,
            })
            .collect();
        let nav = vec![
            Link {
                name: "Latest".into(),
                url: urls.link(""),
            },
            Link {
                name: "Topics".into(),
                url: urls.link(route::TOPICS),
            },
            Link {
                name: "Timeline".into(),
                url: urls.link(route::TIMELINE),
            },
            Link {
                name: "People".into(),
                url: urls.link(route::PEOPLE),
            },
            Link {
                name: "Sources".into(),
                url: urls.link(route::SOURCES),
            },
            Link {
                name: "Search".into(),
                url: urls.link(route::SEARCH),
            },
        ];
        let site = SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            root: urls.base_path(),
            topics,
            nav,
            feed_url: urls.link(route::FEED),
            search_url: urls.link(route::SEARCH),
            static_url: urls.link("static/"),
        };
        let site = tera::to_value(&site).expect("site view serializes");
        Renderer {
            archive,
            config,
            templates,
            urls,
            site,
        }
    }

    fn topic_links(&self, a: &Article) -> Vec<TopicLink> {
        a.topics
            .iter()
            .filter_map(|t| self.archive.topics.iter().find(|f| f.slug.as_str() == t))
            .map(|f| TopicLink {
                slug: f.slug.to_string(),
                name: f.name.clone(),
                url: self.urls.link(&route::topic(&f.slug)),
                count: f.items.len(),
            })
            .collect()
    }

    fn card(&self, i: usize) -> Card {
        let a = &self.archive.articles[i];
        Card {
            title: a.title.clone(),
            url: self.urls.link(&route::article(&a.slug)),
            date: a.date.as_ref().map(date_view),
            source: a.source.clone(),
            topics: self.topic_links(a),
            summary: a.summary.clone(),
        }
    }

    /// Articles grouped by month, in the order given; undated ones in a group of their own.
    fn by_month(&self, items: &[usize]) -> Vec<MonthGroup> {
        let mut groups: Vec<MonthGroup> = Vec::new();
        let mut last_key: Option<(Option<i16>, Option<u8>)> = None;
        for &i in items {
            let d = self.archive.articles[i].date;
            let key = (d.map(|d| d.year()), d.and_then(|d| d.month()));
            if last_key != Some(key) {
                let (heading, id) = match key {
                    (Some(y), Some(m)) => (format!("{} {y}", PartialDate::month_name(m)), format!("{y}-{m:02}")),
                    (Some(y), None) => (format!("{y}, month not known"), format!("{y}-unknown")),
                    (None, _) => ("Undated".to_string(), "undated".to_string()),
                };
                groups.push(MonthGroup {
                    heading,
                    id,
                    items: Vec::new(),
                });
                last_key = Some(key);
            }
            groups.last_mut().expect("pushed above").items.push(self.card(i));
        }
        groups
    }

    fn context(&self, route_: &str, title: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("page_title", title);
        ctx.insert("canonical", &self.urls.absolute(route_));
        ctx.insert("current_url", &self.urls.link(route_));
        ctx
    }

    pub fn render(&self, page: &Page, body: &BodyFn) -> Result<Vec<u8>, Diagnostic> {
        let a = self.archive;
        let (template, ctx) = match page.kind {
            PageKind::Home => {
                let mut ctx = self.context(&page.route, &self.config.title);
                let latest: Vec<Card> = (0..a.articles.len().min(self.config.per_page))
                    .map(|i| self.card(i))
                    .collect();
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
                    let mut items = a.years[&y].clone();
                    items.reverse();
                    ctx.insert("year", &y);
                    ctx.insert("year_url", &self.urls.link(&route::year(y)));
                    ctx.insert("year_groups", &self.by_month(&items));
                }
                ("home.html", ctx)
            }
            PageKind::Article(i) => {
                let art = &a.articles[i];
                let mut ctx = self.context(&page.route, &art.title);
                let (prev, next) = a.neighbours(i);
                #[derive(Serialize)]
                struct ArticleView<'v> {
                    title: &'v str,
                    date: Option<DateView>,
                    source: Option<Link>,
                    original_url: Option<&'v str>,
                    byline: Option<&'v str>,
                    topics: Vec<TopicLink>,
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
                    date: art.date.as_ref().map(date_view),
                    source: art.source.as_ref().map(|s| Link {
                        name: s.clone(),
                        url: self.urls.link(&route::source(&Slug::from_text(s, "unnamed"))),
                    }),
                    original_url: art
                        .url
                        .as_deref()
                        .filter(|u| crate::markdown::safe_url(u) && u.contains("://")),
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
                    body: body(art)?,
                    words: art.words,
                    reading_minutes: art.reading_minutes(),
                    year_url: art
                        .date
                        .map(|d| format!("{}#{}", self.urls.link(&route::year(d.year())), month_anchor(&d))),
                };
                ctx.insert("article", &view);
                ctx.insert("prev", &prev.map(|p| self.card(p)));
                ctx.insert("next", &next.map(|n| self.card(n)));
                let related: Vec<Card> = a.related[i].iter().map(|&r| self.card(r)).collect();
                ctx.insert("related", &related);
                ("article.html", ctx)
            }
            PageKind::Listing {
                listing,
                page: n,
                pages,
            } => {
                let (title, first, items) = listing_parts(a, listing);
                let per = self.config.per_page.max(1);
                let chunk = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
                let shown_title = if n > 1 {
                    format!("{title} (page {n} of {pages})")
                } else {
                    title.clone()
                };
                let mut ctx = self.context(&page.route, &shown_title);
                let (kind, description) = match listing {
                    Listing::Topic(t) => ("topic", self.config.topics.get(t).map(|c| c.description.clone())),
                    Listing::Other => (
                        "topic",
                        Some("Articles on Korea that match none of the archive's topics.".into()),
                    ),
                    Listing::Person(_) => ("person", None),
                    Listing::Source(_) => ("source", None),
                };
                ctx.insert("kind", kind);
                ctx.insert("title", &title);
                ctx.insert("description", &description);
                ctx.insert("count", &items.len());
                ctx.insert("groups", &self.by_month(chunk));
                if matches!(listing, Listing::Topic(_)) {
                    ctx.insert("feed_url", &self.urls.link(&route::feed_of(&first)));
                }
                ctx.insert(
                    "pager",
                    &Pager {
                        current: n,
                        total: pages,
                        prev: (n > 1).then(|| self.urls.link(&route::page(&first, n - 1))),
                        next: (n < pages).then(|| self.urls.link(&route::page(&first, n + 1))),
                        pages: {
                            let numbers = pager_numbers(n, pages);
                            numbers
                                .iter()
                                .enumerate()
                                .map(|(j, &k)| PageLink {
                                    number: k,
                                    url: self.urls.link(&route::page(&first, k)),
                                    current: k == n,
                                    gap_before: j > 0 && numbers[j - 1] + 1 < k,
                                })
                                .collect()
                        },
                    },
                );
                ("listing.html", ctx)
            }
            PageKind::Terms(kind) => {
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
                ("terms.html", ctx)
            }
            PageKind::Timeline => {
                let mut ctx = self.context(&page.route, "Timeline");
                #[derive(Serialize)]
                struct YearRow {
                    year: i16,
                    url: String,
                    count: usize,
                    months: Vec<(String, String, usize)>,
                }
                let rows: Vec<YearRow> = a
                    .years
                    .iter()
                    .rev()
                    .map(|(y, items)| {
                        let mut months: Vec<(String, String, usize)> = Vec::new();
                        for &i in items {
                            let d = a.articles[i].date.expect("dated");
                            let label = d.month().map_or_else(
                                || "Month not known".to_string(),
                                |m| PartialDate::month_name(m).to_string(),
                            );
                            let url = format!("{}#{}", self.urls.link(&route::year(*y)), month_anchor(&d));
                            match months.last_mut() {
                                Some((l, _, c)) if *l == label => *c += 1,
                                _ => months.push((label, url, 1)),
                            }
                        }
                        YearRow {
                            year: *y,
                            url: self.urls.link(&route::year(*y)),
                            count: items.len(),
                            months,
                        }
                    })
                    .collect();
                ctx.insert("years", &rows);
                let undated: Vec<Card> = a.undated.iter().map(|&i| self.card(i)).collect();
                ctx.insert("undated", &undated);
                ("timeline.html", ctx)
            }
            PageKind::Year(y) => {
                let mut ctx = self.context(&page.route, &format!("{y} on the timeline"));
                ctx.insert("year", &y);
                ctx.insert("groups", &self.by_month(&a.years[&y]));
                let years: Vec<i16> = a.years.keys().copied().collect();
                let k = years.iter().position(|x| *x == y).unwrap_or(0);
                ctx.insert(
                    "prev_year",
                    &k.checked_sub(1).map(|p| Link {
                        name: years[p].to_string(),
                        url: self.urls.link(&route::year(years[p])),
                    }),
                );
                ctx.insert(
                    "next_year",
                    &years.get(k + 1).map(|&n| Link {
                        name: n.to_string(),
                        url: self.urls.link(&route::year(n)),
                    }),
                );
                ctx.insert("timeline_url", &self.urls.link(route::TIMELINE));
                ("timeline_year.html", ctx)
            }
            PageKind::Search => {
                let mut ctx = self.context(&page.route, "Search");
                ctx.insert("index_url", &self.urls.link("search/"));
                ("search.html", ctx)
            }
            PageKind::NotFound => ("404.html", self.context(&page.route, "Page not found")),
            PageKind::Feed(topic) => {
                let (title, items, self_route, html_route): (String, Vec<usize>, String, String) = match topic {
                    Some(t) => {
                        let f = &a.topics[t];
                        let first = route::topic(&f.slug);
                        (
                            format!("{}: {}", self.config.title, f.name),
                            f.items.iter().take(self.config.feed_limit).copied().collect(),
                            route::feed_of(&first),
                            first,
                        )
                    }
                    None => (
                        self.config.title.clone(),
                        (0..a.articles.len().min(self.config.feed_limit)).collect(),
                        route::FEED.into(),
                        String::new(),
                    ),
                };
                #[derive(Serialize)]
                struct Entry {
                    title: String,
                    url: String,
                    updated: String,
                    summary: Option<String>,
                    content: String,
                    source: Option<String>,
                    byline: Option<String>,
                    topics: Vec<String>,
                }
                let mut entries = Vec::with_capacity(items.len());
                for &i in &items {
                    let art = &a.articles[i];
                    entries.push(Entry {
                        title: art.title.clone(),
                        url: self.urls.absolute(&route::article(&art.slug)),
                        updated: art.date.map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339()),
                        summary: art.summary.clone(),
                        content: body(art)?,
                        source: art.source.clone(),
                        byline: art.byline.clone(),
                        topics: self.topic_links(art).into_iter().map(|t| t.name).collect(),
                    });
                }
                // The feed changes when its newest entry does; a fixed value keeps builds reproducible.
                let updated = items
                    .iter()
                    .filter_map(|&i| a.articles[i].date)
                    .max()
                    .map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339());
                let mut ctx = tera::Context::new();
                ctx.insert("site", &self.site);
                ctx.insert("title", &title);
                ctx.insert("feed_url", &self.urls.absolute(&self_route));
                ctx.insert("html_url", &self.urls.absolute(&html_route));
                ctx.insert("updated", &updated);
                ctx.insert("entries", &entries);
                ("atom.xml", ctx)
            }
        };
        self.templates.render(template, &ctx).map(String::into_bytes)
    }

    fn facet_links(&self, facets: &[Facet], r: fn(&Slug) -> String) -> Vec<TopicLink> {
        facets
            .iter()
            .map(|f| TopicLink {
                slug: f.slug.to_string(),
                name: f.name.clone(),
                url: self.urls.link(&r(&f.slug)),
                count: f.items.len(),
            })
            .collect()
    }
}

/// The fragment of a month heading on a year page (`id="m-{group id}"` in the templates).
fn month_anchor(d: &PartialDate) -> String {
    match d.month() {
        Some(m) => format!("m-{}-{m:02}", d.year()),
        None => format!("m-{}-unknown", d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    #[test]
    fn pager_is_bounded() {
        assert_eq!(pager_numbers(1, 1), vec![1]);
        assert_eq!(pager_numbers(1, 3), vec![1, 2, 3]);
        assert_eq!(pager_numbers(50, 1000), vec![1, 48, 49, 50, 51, 52, 1000]);
        assert_eq!(pager_numbers(1000, 1000), vec![1, 998, 999, 1000]);
    }
}
