//! The render stage: plan every page from the archive, then render each one with Tera.
//!
//! A page's context is a small view built for that page alone (cards of the articles it
//! lists), never the whole archive, so rendering cost does not grow with the archive per page.
//! Each planned page carries a fingerprint of everything it shows; the output stage skips
//! pages whose fingerprint has not changed since the last build.

mod article;
mod feed;
mod home;
mod hub;
mod listing;
mod meta;
pub mod templates;
mod terms;
mod timeline;
pub mod urls;

use crate::archive::{Archive, Facet, Month};
use crate::config::Config;
use crate::date::{PartialDate, Precision};
use crate::error::Diagnostic;
use crate::events::{Event, fingerprint as events_fp};
use crate::model::Article;
use crate::slug::Slug;
use serde::Serialize;
use std::collections::BTreeMap;
use templates::Templates;
use urls::{Urls, route};

pub use feed::{feed_items, in_feeds};
pub use listing::Paging;

/// A version of each static file by its path in the site ("static/style.css"), for the
/// addresses pages give them.
pub type Assets = BTreeMap<String, String>;

/// A page's template and its context.
type Rendered = (&'static str, tera::Context);

/// Which listing a paginated page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Topic(usize),
    Other,
    Person(usize),
    Source(usize),
    /// The articles whose date is not known, paginated like any listing.
    Undated,
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
    /// Page 0 is the listing's first page (its newest articles); pages 1.. are numbered from
    /// the oldest (see [`Paging`]).
    Listing {
        listing: Listing,
        page: usize,
    },
    Terms(Terms),
    Timeline,
    /// A year of the timeline: its months, with links to them.
    Year(i16),
    /// A month of the timeline (an index into [`Archive::months`]): its articles.
    Month(usize),
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

impl PageKind {
    /// Where a page goes in the order pages are rendered: the long ones first (a month of the
    /// timeline can list hundreds of cards; a feed holds twenty bodies), so that none starts
    /// last and keeps one core busy after the other is done.
    pub fn render_order(&self) -> u8 {
        match self {
            PageKind::Month(_) => 0,
            PageKind::Feed(_) => 1,
            PageKind::Timeline | PageKind::Year(_) | PageKind::Terms(_) | PageKind::Home => 2,
            PageKind::Listing { .. } => 3,
            PageKind::Article(_) | PageKind::Search | PageKind::NotFound => 4,
        }
    }
}

/// Hashes a page's inputs. Feeding article `rev`s (not their text) keeps this cheap. The
/// bytes are gathered and hashed once: the same hash as feeding them one by one, without
/// the hasher's cost per call, which was most of it for eight bytes at a time.
struct Fp(Vec<u8>);

impl Fp {
    fn new(global: u64, route: &str) -> Fp {
        let mut b = Vec::with_capacity(256);
        b.extend_from_slice(&global.to_le_bytes());
        b.extend_from_slice(route.as_bytes());
        b.push(0);
        Fp(b)
    }
    fn n(mut self, v: u64) -> Fp {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn s(mut self, v: &str) -> Fp {
        self.0.extend_from_slice(v.as_bytes());
        self.0.push(0);
        self
    }
    /// `revs`: every article's `rev`, by index (see [`plan`]).
    fn arts(mut self, revs: &[u64], items: &[usize]) -> Fp {
        self.0.reserve(8 * (items.len() + 1));
        for &i in items {
            self.0.extend_from_slice(&revs[i].to_le_bytes());
        }
        self.0.extend_from_slice(&(items.len() as u64).to_le_bytes());
        self
    }
    fn done(self) -> u64 {
        crate::hash::hash64(&[&self.0])
    }
}

/// Every page of the site, with its fingerprint. `global` covers the configuration, the
/// templates and this program's version: when it changes, every page changes.
pub fn plan(a: &Archive, config: &Config, global: u64) -> Vec<Page> {
    let p = Planner::new(a, config, global);
    let mut pages = Vec::with_capacity(a.articles.len() + 64);
    pages.push(home::plan(&p));
    pages.extend(article::plan(&p));
    pages.extend(listing::plan(&p));
    pages.extend(terms::plan(&p));
    pages.extend(timeline::plan(&p));
    pages.push(p.plain(route::SEARCH, PageKind::Search));
    pages.push(p.plain("404.html", PageKind::NotFound));
    pages.push(feed::plan(&p, None));
    pages
}

/// What page fingerprints are made from: the archive, the settings hash (`global`) and each
/// article's rev.
struct Planner<'a> {
    a: &'a Archive,
    config: &'a Config,
    global: u64,
    /// Read once, side by side: listings and article pages look up some 130,000 revs at
    /// 10,000 articles, and each through its article's pointer was a cache miss.
    revs: Vec<u64>,
    per: usize,
}

impl<'a> Planner<'a> {
    fn new(a: &'a Archive, config: &'a Config, global: u64) -> Planner<'a> {
        use rayon::prelude::*;
        let revs = a.articles.par_iter().map(|art| art.rev).collect();
        let per = config.per_page.max(1);
        Planner {
            a,
            config,
            global,
            revs,
            per,
        }
    }

    fn fp(&self, route: &str) -> Fp {
        Fp::new(self.global, route)
    }

    /// A page that shows nothing of the archive (search, the 404 page).
    fn plain(&self, route: &str, kind: PageKind) -> Page {
        Page {
            route: route.into(),
            kind,
            fingerprint: self.fp(route).done(),
        }
    }
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

/// A key event as pages show it (`event.html`).
#[derive(Serialize)]
struct EventView<'e> {
    date: DateView,
    title: &'e str,
    description: &'e str,
    /// The address of the page that documents it, and its host, which the link reads.
    source: &'e str,
    source_name: String,
    topics: Vec<Marker>,
}

/// A year on the timeline's overview: its months with their counts, and its key events.
#[derive(Serialize)]
struct YearRow<'e> {
    year: i16,
    url: Option<String>,
    count: usize,
    months: Vec<(String, String, usize)>,
    events: Vec<EventView<'e>>,
}

/// One line of a month of the timeline: an article's card or a key event, in date order.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum MonthEntry<'e> {
    Article { card: tera::Value },
    Event { event: EventView<'e> },
}

/// The key events a month of the timeline shows: none for the articles whose month is not
/// known (the year's page lists the year's events).
fn month_events<'a>(a: &'a Archive, m: &Month) -> &'a [Event] {
    m.month.map_or(&[][..], |month| a.events.in_month(m.year, month))
}

/// A month of the timeline as the overview and year pages list it.
#[derive(Serialize)]
struct MonthLink {
    /// "June", or "Month not known": the year is said around it.
    short: String,
    url: String,
    count: usize,
}

/// A topic as an article or the site's menu names it: no count, which would make every page
/// that shows it change with each article of the topic.
#[derive(Serialize)]
struct Marker {
    slug: String,
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
    lang: Option<String>,
    date: Option<DateView>,
    source: Option<String>,
    topics: Vec<Marker>,
    summary: Option<String>,
}

/// A card as listings show it: rendered once per article per build (see `Renderer::card`).
#[derive(Serialize)]
struct ListedCard<'a> {
    title: &'a str,
    url: String,
    /// `card.html` rendered for this article.
    html: &'a str,
    /// What the listings' filters match it by: its topics' slugs (separated by spaces), its
    /// source, its year (empty when not known).
    topics: String,
    source: &'a str,
    year: String,
}

/// Just enough to link to an article (the home page's compact list of the year).
#[derive(Serialize)]
struct TitleLink {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct MonthGroup<T> {
    /// "September 2023", or "2023 (month not known)".
    heading: String,
    /// Fragment id, unique within the page: "2023-09", "2023-unknown".
    id: String,
    items: Vec<T>,
}

pub struct Renderer<'a> {
    pub archive: &'a Archive,
    pub config: &'a Config,
    pub templates: &'a Templates,
    pub urls: Urls,
    site: tera::Value,
    /// Each article's card as a template value (title, url and `card.html` rendered), made
    /// the first time a page lists it, and shared, not copied, by every page that lists it
    /// after that. An article is listed on ten pages or so (topics, people, source, month,
    /// home): rendering its card once instead of once per listing was the largest cut in
    /// rendering time. With it, whether this build rendered the card (not found in `earlier`).
    cards: Vec<std::sync::OnceLock<(tera::Value, bool)>>,
    /// The same without the summary, as related lists show them.
    compact_cards: Vec<std::sync::OnceLock<(tera::Value, bool)>>,
    /// Cards an earlier build rendered with the same templates and settings, by article
    /// `rev` (which covers everything a card shows): `serve` keeps them between rebuilds,
    /// the build cache between runs. Looked up only for the cards a page needs, so a rebuild
    /// costs what it lists.
    earlier: Option<&'a EarlierCards<'a>>,
    /// Contexts for `card.html` that already hold `site`, for reuse: a card's context has the
    /// same four keys every time, and copying `site` into a fresh one was a fifth of the cost
    /// of a card.
    card_contexts: std::sync::Mutex<Vec<tera::Context>>,
}

/// An earlier build's card for an article `rev`, if there is one.
pub type EarlierCards<'a> = dyn Fn(u64) -> Option<&'a str> + Sync + 'a;

/// Supplies an article's body as HTML when its page is rendered.
pub type BodyFn<'b> = dyn Fn(&Article) -> Result<String, Diagnostic> + Sync + 'b;

impl<'a> Renderer<'a> {
    pub fn new(archive: &'a Archive, config: &'a Config, templates: &'a Templates, assets: &Assets) -> Renderer<'a> {
        Renderer::with_urls(archive, config, templates, assets, Urls::new(&config.base_url))
    }

    /// A renderer whose pages link with these `urls` (see [`Renderers`] for relative ones).
    fn with_urls(
        archive: &'a Archive,
        config: &'a Config,
        templates: &'a Templates,
        assets: &Assets,
        urls: Urls,
    ) -> Renderer<'a> {
        #[derive(Serialize)]
        struct SiteView<'s> {
            title: &'s str,
            description: &'s str,
            language: &'s str,
            base_url: &'s str,
            root: String,
            topics: Vec<Marker>,
            nav: Vec<Link>,
            feed_url: String,
            search_url: String,
            static_url: String,
            /// The pages every template may link to (`root` followed by a folder names a
            /// folder, which `file://` shows as a listing when links are relative).
            home_url: String,
            topics_url: String,
            timeline_url: String,
            people_url: String,
            sources_url: String,
            /// The stylesheets and the search script, each with its version.
            style_url: String,
            syntax_url: String,
            search_js_url: String,
            filters_js_url: String,
        }
        let asset = |name: &str| {
            let url = urls.link(&format!("static/{name}"));
            match assets.get(&format!("static/{name}")) {
                Some(v) => format!("{url}?v={v}"),
                None => url,
            }
        };
        let topics = archive
            .topics
            .iter()
            .map(|t| Marker {
                slug: t.slug.to_string(),
                name: t.name.clone(),
                url: urls.link(&route::topic(&t.slug)),
            })
            .collect();
        let nav = nav(&urls);
        let site = SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            root: urls.folder(""),
            topics,
            nav,
            feed_url: urls.link(route::FEED),
            search_url: urls.link(route::SEARCH),
            static_url: urls.folder("static/"),
            home_url: urls.link(""),
            topics_url: urls.link(route::TOPICS),
            timeline_url: urls.link(route::TIMELINE),
            people_url: urls.link(route::PEOPLE),
            sources_url: urls.link(route::SOURCES),
            style_url: asset("style.css"),
            syntax_url: asset("syntax.css"),
            search_js_url: asset("search.js"),
            filters_js_url: asset("filters.js"),
        };
        let site = tera::Value::from_serializable(&site);
        Renderer {
            archive,
            config,
            templates,
            urls,
            site,
            cards: (0..archive.articles.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            compact_cards: (0..archive.articles.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            earlier: None,
            card_contexts: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn topic_links(&self, a: &Article) -> Vec<Marker> {
        self.markers(&a.topics)
    }

    /// Markers of the topics named by these slugs (those the archive has), in that order.
    fn markers(&self, slugs: &[String]) -> Vec<Marker> {
        slugs
            .iter()
            .filter_map(|t| self.archive.topics.iter().find(|f| f.slug.as_str() == t))
            .map(|f| Marker {
                slug: f.slug.to_string(),
                name: f.name.clone(),
                url: self.urls.link(&route::topic(&f.slug)),
            })
            .collect()
    }

    /// The overview's rows, the newest year first: each year that has articles or key events.
    fn timeline_rows(&self) -> Vec<YearRow<'a>> {
        let a = self.archive;
        let mut years: Vec<i16> = a.years.keys().copied().chain(a.events.years()).collect();
        years.sort_unstable();
        years.dedup();
        years
            .into_iter()
            .rev()
            .map(|y| {
                let items = a.years.get(&y);
                YearRow {
                    year: y,
                    // (A year with key events only has no page of its own.)
                    url: items.map(|_| self.urls.link(&route::year(y))),
                    count: items.map_or(0, Vec::len),
                    months: self.months_of(y).map(|m| (m.short, m.url, m.count)).collect(),
                    events: self.event_views(a.events.in_year(y)),
                }
            })
            .collect()
    }

    fn event_views<'e>(&self, events: impl IntoIterator<Item = &'e Event>) -> Vec<EventView<'e>> {
        events
            .into_iter()
            .map(|e| EventView {
                date: date_view(&e.date),
                title: &e.title,
                description: &e.description,
                source: &e.source,
                source_name: url::Url::parse(&e.source)
                    .ok()
                    .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()))
                    .unwrap_or_else(|| e.source.clone()),
                topics: self.markers(&e.topics),
            })
            .collect()
    }

    /// A month's articles (oldest first) with its key events among them: an event before the
    /// articles of its day, one known to the month before all of them.
    fn month_entries(&self, m: &Month) -> Result<Vec<MonthEntry<'a>>, Diagnostic> {
        let a = self.archive;
        let mut events = month_events(a, m).iter().peekable();
        let mut entries = Vec::new();
        for &i in a.month_items(m) {
            let date = a.articles[i].date;
            while let Some(e) = events.next_if(|e| date.is_some_and(|d| e.date <= d)) {
                entries.extend(
                    self.event_views([e])
                        .into_iter()
                        .map(|event| MonthEntry::Event { event }),
                );
            }
            entries.push(MonthEntry::Article {
                card: self.card(i, true)?,
            });
        }
        entries.extend(
            self.event_views(events)
                .into_iter()
                .map(|event| MonthEntry::Event { event }),
        );
        Ok(entries)
    }

    fn card_view(&self, i: usize) -> Card {
        let a = &self.archive.articles[i];
        Card {
            title: a.title.clone(),
            url: self.urls.link(&route::article(&a.slug)),
            lang: a.lang.clone(),
            date: a.date.as_ref().map(date_view),
            source: a.source.clone(),
            topics: self.topic_links(a),
            summary: a.summary.clone(),
        }
    }

    /// Article `i`'s card as a template value: `title`, `url` and `html`, which is `card.html`
    /// at heading level 3, with or without the summary, rendered once per build (see `cards`).
    fn card(&self, i: usize, summary: bool) -> Result<tera::Value, Diagnostic> {
        let cell = if summary {
            &self.cards[i]
        } else {
            &self.compact_cards[i]
        };
        if let Some((v, _)) = cell.get() {
            return Ok(v.clone());
        }
        let a = &self.archive.articles[i];
        let earlier = self.earlier.filter(|_| summary).and_then(|m| m(a.rev));
        let rendered;
        let html = match earlier {
            Some(html) => html,
            None => {
                let pooled = self.card_contexts.lock().expect("not poisoned").pop();
                let mut ctx = pooled.unwrap_or_else(|| {
                    let mut ctx = self.site_context();
                    ctx.insert("card_level", &3);
                    ctx
                });
                ctx.insert("card", &self.card_view(i));
                ctx.insert("card_summary", &summary);
                let html = self.templates.render("card.html", &ctx);
                self.card_contexts.lock().expect("not poisoned").push(ctx);
                rendered = html?;
                &rendered
            }
        };
        let v = tera::Value::from_serializable(&ListedCard {
            title: &a.title,
            url: self.urls.link(&route::article(&a.slug)),
            html,
            topics: a.topics.join(" "),
            source: a.source.as_deref().unwrap_or(""),
            year: a.date.map(|d| d.year().to_string()).unwrap_or_default(),
        });
        // Two threads may make the same card at once; both get the same bytes.
        Ok(cell.get_or_init(|| (v, earlier.is_none())).0.clone())
    }

    /// Uses the cards of an earlier build (see `earlier`).
    pub fn with_earlier_cards(mut self, earlier: &'a EarlierCards<'a>) -> Renderer<'a> {
        self.earlier = Some(earlier);
        self
    }

    /// The cards this build rendered (not those it found in `earlier`), by article `rev`.
    pub fn into_cards(self) -> Vec<(u64, String)> {
        self.archive
            .articles
            .iter()
            .zip(self.cards)
            .filter_map(|(a, c)| {
                let (v, fresh) = c.into_inner()?;
                let html = v.as_map()?.get(&tera::value::Key::Str("html"))?.as_str()?;
                fresh.then(|| (a.rev, html.to_string()))
            })
            .collect()
    }

    fn cards_html(&self, items: &[usize]) -> Result<Vec<tera::Value>, Diagnostic> {
        items.iter().map(|&i| self.card(i, true)).collect()
    }

    /// The months of a year on the timeline, oldest first: name, link and count.
    fn months_of(&self, year: i16) -> impl DoubleEndedIterator<Item = MonthLink> + '_ {
        self.archive.months_in(year).iter().map(|m| MonthLink {
            short: m.month.map_or("Month not known", PartialDate::month_name).to_string(),
            url: self.urls.link(&route::month(m.year, m.month)),
            count: m.items.len(),
        })
    }

    /// Articles grouped by month, in the order given; undated ones in a group of their own.
    fn by_month<T>(
        &self,
        items: &[usize],
        item: impl Fn(usize) -> Result<T, Diagnostic>,
    ) -> Result<Vec<MonthGroup<T>>, Diagnostic> {
        let mut groups: Vec<MonthGroup<T>> = Vec::new();
        let mut last_key: Option<(Option<i16>, Option<u8>)> = None;
        for &i in items {
            let d = self.archive.articles[i].date;
            let key = (d.map(|d| d.year()), d.and_then(|d| d.month()));
            if last_key != Some(key) {
                let (heading, id) = match key {
                    (Some(y), Some(m)) => (crate::archive::month_name(y, Some(m)), format!("{y}-{m:02}")),
                    (Some(y), None) => (crate::archive::month_name(y, None), format!("{y}-unknown")),
                    (None, _) => ("Undated".to_string(), "undated".to_string()),
                };
                groups.push(MonthGroup {
                    heading,
                    id,
                    items: Vec::new(),
                });
                last_key = Some(key);
            }
            groups.last_mut().expect("pushed above").items.push(item(i)?);
        }
        Ok(groups)
    }

    /// A context holding `site`, shared (inserting it would serialize it again).
    fn site_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx
    }

    fn context(&self, route_: &str, title: &str) -> tera::Context {
        let mut ctx = self.site_context();
        ctx.insert("page_title", title);
        ctx.insert("canonical", &self.urls.absolute(route_));
        ctx.insert("current_url", &self.urls.link(route_));
        ctx
    }

    pub fn render(&self, page: &Page, body: &BodyFn) -> Result<Vec<u8>, Diagnostic> {
        let (template, ctx) = match page.kind {
            PageKind::Home => self.home(page)?,
            PageKind::Article(i) => self.article(page, i, body)?,
            PageKind::Listing { listing, page: n } => self.listing(page, listing, n)?,
            PageKind::Terms(kind) => self.terms(page, kind)?,
            PageKind::Timeline => self.timeline(page)?,
            PageKind::Year(y) => self.year(page, y)?,
            PageKind::Month(k) => self.month(page, k)?,
            PageKind::Search => self.search(page)?,
            PageKind::NotFound => self.not_found(page)?,
            PageKind::Feed(topic) => self.feed(topic, body)?,
        };
        // (Room for a typical article page: the buffer then grows at most once or twice.)
        let mut out = Vec::with_capacity(16 * 1024);
        self.templates.render_to(template, &ctx, &mut out)?;
        Ok(out)
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

/// The site's menu.
fn nav(urls: &Urls) -> Vec<Link> {
    vec![
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
    ]
}

/// The renderers of a build: one whose links are root-relative, or with `relative_urls` one
/// for each depth of page, made when a page of that depth is first rendered (a page's links
/// depend only on how deep it is, so pages of one depth share their cards).
pub struct Renderers<'a> {
    archive: &'a Archive,
    config: &'a Config,
    templates: &'a Templates,
    assets: &'a Assets,
    by_depth: Vec<std::sync::OnceLock<Renderer<'a>>>,
    root_relative: Option<Renderer<'a>>,
    /// With relative links, the 404 page's renderer (root-relative all the same).
    not_found: std::sync::OnceLock<Renderer<'a>>,
}

/// Deeper than any route the site has ("topics/x/page/2/" is 4).
const MAX_DEPTH: usize = 8;

impl<'a> Renderers<'a> {
    pub fn new(
        archive: &'a Archive,
        config: &'a Config,
        templates: &'a Templates,
        assets: &'a Assets,
    ) -> Renderers<'a> {
        let root_relative = (!config.relative_urls).then(|| Renderer::new(archive, config, templates, assets));
        Renderers {
            archive,
            config,
            templates,
            assets,
            by_depth: (0..MAX_DEPTH).map(|_| std::sync::OnceLock::new()).collect(),
            root_relative,
            not_found: std::sync::OnceLock::new(),
        }
    }

    /// Uses the cards of an earlier build. Only root-relative cards are kept between builds:
    /// relative ones differ with the depth of the page that lists them.
    pub fn with_earlier_cards(mut self, earlier: &'a EarlierCards<'a>) -> Renderers<'a> {
        self.root_relative = self.root_relative.map(|r| r.with_earlier_cards(earlier));
        self
    }

    /// The cards this build rendered, to keep (see [`Renderer::into_cards`]).
    pub fn into_cards(self) -> Vec<(u64, String)> {
        self.root_relative.map(Renderer::into_cards).unwrap_or_default()
    }

    /// The renderer for the page at `route`.
    pub fn at(&self, route: &str) -> &Renderer<'a> {
        if let Some(r) = &self.root_relative {
            return r;
        }
        let depth = route::depth(route);
        let cell = self.by_depth.get(depth).expect("no route is MAX_DEPTH folders deep");
        cell.get_or_init(|| {
            let urls = Urls::new(&self.config.base_url).relative_to(route);
            Renderer::with_urls(self.archive, self.config, self.templates, self.assets, urls)
        })
    }

    pub fn render(&self, page: &Page, body: &BodyFn) -> Result<Vec<u8>, Diagnostic> {
        match (page.kind, &self.root_relative) {
            // A host serves the 404 page at whatever address was asked for, at any depth:
            // only root-relative links hold there (and `file://` never shows it).
            (PageKind::NotFound, None) => {
                let r = self
                    .not_found
                    .get_or_init(|| Renderer::new(self.archive, self.config, self.templates, self.assets));
                r.render(page, body)
            }
            _ => self.at(&page.route).render(page, body),
        }
    }
}

/// The pages that show nothing of the archive.
impl Renderer<'_> {
    /// The search page (the index is loaded by the browser).
    pub(super) fn search(&self, page: &Page) -> Result<Rendered, Diagnostic> {
        let mut ctx = self.context(&page.route, "Search");
        ctx.insert(
            "meta",
            &self.plain_meta("Search every word of the archive's articles, by topic, year and source."),
        );
        ctx.insert("index_url", &self.urls.folder(route::SEARCH));
        Ok(("search.html", ctx))
    }

    /// The page a host serves for an address that has none.
    pub(super) fn not_found(&self, page: &Page) -> Result<Rendered, Diagnostic> {
        let mut ctx = self.context(&page.route, "Page not found");
        ctx.insert("meta", &self.plain_meta("There is no page at this address."));
        Ok(("404.html", ctx))
    }
}
