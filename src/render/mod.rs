//! The render stage: plan every page from the archive, then render each one with Tera.
//!
//! A page's context is a small view built for that page alone (cards of the articles it
//! lists), never the whole archive, so rendering cost does not grow with the archive per page.
//! Each planned page carries a fingerprint of everything it shows; the output stage skips
//! pages whose fingerprint has not changed since the last build.

mod meta;
pub mod templates;
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
        Listing::Undated => ("Undated articles".into(), route::UNDATED.into(), &a.undated),
    }
}

/// How a listing is cut into pages.
///
/// Pages are counted from the oldest article: page 1 holds the oldest `per`, page 2 the next,
/// and so on. The listing's first page (page 0, at the listing's own address) shows the newest
/// full page together with any newer articles that do not yet fill a page, so it holds from
/// `per` to `2 × per − 1` articles. A new article therefore changes the first page only, and
/// once every `per` additions one numbered page appears; every other page keeps its address
/// and its bytes, which is what keeps an incremental build small at any archive size.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub total: usize,
    pub per: usize,
}

impl Paging {
    pub fn new(total: usize, per: usize) -> Paging {
        Paging { total, per: per.max(1) }
    }

    /// How many numbered pages there are (the first page is not counted).
    pub fn numbered(&self) -> usize {
        (self.total / self.per).saturating_sub(1)
    }

    /// Positions, in the newest-first list, of the articles page `k` shows.
    pub fn range(&self, k: usize) -> std::ops::Range<usize> {
        let (full, rest) = (self.total / self.per, self.total % self.per);
        if k == 0 {
            0..if full == 0 { self.total } else { rest + self.per }
        } else {
            self.total - k * self.per..self.total - (k - 1) * self.per
        }
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

/// Every page of the site, with its fingerprint. `global` covers the configuration, the
/// templates and this program's version: when it changes, every page changes.
pub fn plan(a: &Archive, config: &Config, global: u64) -> Vec<Page> {
    // Read once, side by side: listings and article pages look up some 130,000 revs at
    // 10,000 articles, and each through its article's pointer was a cache miss.
    use rayon::prelude::*;
    let revs: Vec<u64> = a.articles.par_iter().map(|art| art.rev).collect();
    let revs = revs.as_slice();
    let mut pages = Vec::with_capacity(a.articles.len() + 64);
    let per = config.per_page.max(1);
    let topic_counts: Vec<u64> = a.topics.iter().map(|t| t.items.len() as u64).collect();

    let home_items: Vec<usize> = (0..a.articles.len().min(per)).collect();
    // What the home page shows: its newest articles, the archive's total, each topic's count
    // and the other articles' count.
    let mut fp = Fp::new(global, "")
        .arts(revs, &home_items)
        .n(a.articles.len() as u64)
        .n(a.other.len() as u64);
    for c in &topic_counts {
        fp = fp.n(*c);
    }
    // The latest year's months and their counts.
    if let Some(y) = a.latest_year() {
        fp = fp.n(y as u64);
        for m in a.months_in(y) {
            fp = fp.n(m.month.unwrap_or(0) as u64).n(m.items.len() as u64);
        }
    }
    pages.push(Page {
        route: String::new(),
        kind: PageKind::Home,
        fingerprint: fp.done(),
    });

    // Article pages are nearly all the pages: fingerprinted in parallel.
    let article_pages: Vec<Page> = a
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, art)| {
            let r = route::article(&art.slug);
            let (prev, next) = a.neighbours(i);
            let near: Vec<usize> = prev.into_iter().chain(next).collect();
            let fp = Fp::new(global, &r)
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
        .collect();
    pages.extend(article_pages);

    let mut listings: Vec<Listing> = (0..a.topics.len()).map(Listing::Topic).collect();
    listings.push(Listing::Other);
    listings.extend((0..a.people.len()).map(Listing::Person));
    listings.extend((0..a.sources.len()).map(Listing::Source));
    listings.push(Listing::Undated);
    // Listings in parallel too: a person's or source's listing hashes every article it lists.
    let listing_pages = |l: &Listing| -> Vec<Page> {
        let l = *l;
        let mut pages = Vec::new();
        let (title, first, items) = listing_parts(a, l);
        let paging = Paging::new(items.len(), per);
        let numbered = paging.numbered();
        for k in 0..=numbered {
            let r = route::page(&first, k);
            let fp = Fp::new(global, &r).s(&title).arts(revs, &items[paging.range(k)]);
            // The first page shows the count and links to the newest numbered pages; a
            // numbered page depends on the count of pages only near the newest end.
            let fp = if k == 0 {
                // A topic's first page opens with its key events.
                let fp = match l {
                    Listing::Topic(t) => fp.n(events_fp(a.events.of_topic(a.topics[t].slug.as_str()))),
                    _ => fp,
                };
                fp.n(items.len() as u64).n(numbered as u64)
            } else {
                fp.n((k + 3).min(numbered) as u64)
            };
            pages.push(Page {
                route: r,
                kind: PageKind::Listing { listing: l, page: k },
                fingerprint: fp.done(),
            });
        }
        if let Listing::Topic(t) = l {
            let r = route::feed_of(&first);
            let latest = &feed_items(a, config, Some(t));
            pages.push(Page {
                route: r.clone(),
                kind: PageKind::Feed(Some(t)),
                fingerprint: Fp::new(global, &r)
                    .arts(revs, latest)
                    .s(&feed_updated(a, latest))
                    .done(),
            });
        }
        pages
    };
    let listed: Vec<Vec<Page>> = listings.par_iter().map(listing_pages).collect();
    pages.extend(listed.into_iter().flatten());

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

    // The overview and the year pages show months and their counts only.
    let month_key = |m: Option<&Month>| m.map_or(0, |m| m.year as u64 * 100 + m.month.unwrap_or(0) as u64);
    // (The overview lists every key event, by year.)
    let mut fp = Fp::new(global, route::TIMELINE)
        .n(a.undated.len() as u64)
        .n(events_fp(a.events.all()));
    for m in &a.months {
        fp = fp.n(month_key(Some(m))).n(m.items.len() as u64);
    }
    pages.push(Page {
        route: route::TIMELINE.into(),
        kind: PageKind::Timeline,
        fingerprint: fp.done(),
    });
    let years: Vec<i16> = a.years.keys().copied().collect();
    for (k, y) in years.iter().enumerate() {
        let r = route::year(*y);
        let mut fp = Fp::new(global, &r)
            .n(k.checked_sub(1).map_or(0, |p| years[p] as u64))
            .n(years.get(k + 1).map_or(0, |&n| n as u64))
            .n(events_fp(a.events.in_year(*y)));
        for m in a.months_in(*y) {
            fp = fp.n(month_key(Some(m))).n(m.items.len() as u64);
        }
        pages.push(Page {
            route: r,
            kind: PageKind::Year(*y),
            fingerprint: fp.done(),
        });
    }
    for (k, m) in a.months.iter().enumerate() {
        let r = route::month(m.year, m.month);
        let fp = Fp::new(global, &r)
            .arts(revs, a.month_items(m))
            .n(month_key(k.checked_sub(1).map(|p| &a.months[p])))
            .n(month_key(a.months.get(k + 1)))
            .n(events_fp(month_events(a, m)))
            .done();
        pages.push(Page {
            route: r,
            kind: PageKind::Month(k),
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
    let latest = &feed_items(a, config, None);
    pages.push(Page {
        route: route::FEED.into(),
        kind: PageKind::Feed(None),
        fingerprint: Fp::new(global, route::FEED)
            .arts(revs, latest)
            .s(&feed_updated(a, latest))
            .done(),
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

#[derive(Serialize)]
struct Pager {
    /// 0 on the listing's first page, else the page's number (1 is the oldest).
    current: usize,
    /// The page of newer articles, and of older ones.
    newer: Option<String>,
    older: Option<String>,
    /// The first page, then numbered pages from the newest down.
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    /// 0 for the listing's first page ("Latest").
    number: usize,
    url: String,
    current: bool,
    /// Pages were left out just before this one (show an ellipsis).
    gap_before: bool,
}

/// The pages a pager links to, newest first: the first page (0), up to two numbered pages
/// either side of the current one, and page 1. Bounded, so a listing of a thousand pages does
/// not put a thousand links on each, and stable: a numbered page's pager changes only while it
/// is among the newest few.
fn pager_numbers(current: usize, numbered: usize) -> Vec<usize> {
    let centre = if current == 0 { numbered + 1 } else { current };
    let mut v: Vec<usize> = [0, 1]
        .into_iter()
        .chain(centre.saturating_sub(2).max(1)..=(centre + 2).min(numbered))
        .filter(|&n| n <= numbered)
        .collect();
    v.sort_unstable_by(|x, y| match (x, y) {
        (0, 0) => std::cmp::Ordering::Equal,
        (0, _) => std::cmp::Ordering::Less,
        (_, 0) => std::cmp::Ordering::Greater,
        _ => y.cmp(x),
    });
    v.dedup();
    v
}

/// "March 2019 – May 2019": the dates a numbered page spans, from its items (newest first).
fn span_label(a: &Archive, items: &[usize]) -> Option<String> {
    let month = |i: &usize| {
        a.articles[*i].date.map(|d| match d.month() {
            Some(m) => format!("{} {}", PartialDate::month_name(m), d.year()),
            None => d.year().to_string(),
        })
    };
    let newest = items.iter().find_map(month)?;
    let oldest = items.iter().rev().find_map(month)?;
    Some(if newest == oldest {
        newest
    } else {
        format!("{oldest} – {newest}")
    })
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
    pub fn new(archive: &'a Archive, config: &'a Config, templates: &'a Templates) -> Renderer<'a> {
        let urls = Urls::new(&config.base_url);
        #[derive(Serialize)]
        struct SiteView<'s> {
            title: &'s str,
            description: &'s str,
            language: &'s str,
            base_url: &'s str,
            root: &'s str,
            topics: Vec<Marker>,
            nav: Vec<Link>,
            feed_url: String,
            search_url: String,
            static_url: String,
        }
        let topics = archive
            .topics
            .iter()
            .map(|t| Marker {
                slug: t.slug.to_string(),
                name: t.name.clone(),
                url: urls.link(&route::topic(&t.slug)),
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
        let a = self.archive;
        let (template, ctx) = match page.kind {
            PageKind::Home => {
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
                ("home.html", ctx)
            }
            PageKind::Article(i) => {
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
                ("article.html", ctx)
            }
            PageKind::Listing { listing, page: n } => {
                let (title, first, items) = listing_parts(a, listing);
                let paging = Paging::new(items.len(), self.config.per_page);
                let numbered = paging.numbered();
                let chunk = &items[paging.range(n)];
                let shown_title = if n > 0 {
                    format!("{title}, page {n}")
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
                    Listing::Undated => (
                        "timeline",
                        Some("Articles whose date is not known. None is given a guessed date: an editor who finds it sets it in the front matter, or in the clipping's sidecar.".into()),
                    ),
                };
                ctx.insert("kind", kind);
                ctx.insert("title", &title);
                let about = description.as_deref();
                ctx.insert(
                    "meta",
                    &self.listing_meta(listing, &page.route, &shown_title, about, chunk),
                );
                ctx.insert("description", &description);
                // The count changes with every article, so only the first page shows it.
                ctx.insert("count", &(n == 0).then_some(items.len()));
                ctx.insert("span", &(n > 0).then(|| span_label(a, chunk)).flatten());
                ctx.insert("groups", &self.by_month(chunk, |i| self.card(i, true))?);
                // A topic's first page opens with its key events, oldest first.
                let events = match listing {
                    Listing::Topic(t) if n == 0 => self.event_views(a.events.of_topic(a.topics[t].slug.as_str())),
                    _ => Vec::new(),
                };
                ctx.insert("events", &events);
                if matches!(listing, Listing::Topic(_)) {
                    ctx.insert("feed_url", &self.urls.link(&route::feed_of(&first)));
                }
                let link = |k: usize| self.urls.link(&route::page(&first, k));
                let numbers = pager_numbers(n, numbered);
                ctx.insert(
                    "pager",
                    &Pager {
                        current: n,
                        newer: match n {
                            0 => None,
                            k if k == numbered => Some(link(0)),
                            k => Some(link(k + 1)),
                        },
                        older: match n {
                            0 => (numbered > 0).then(|| link(numbered)),
                            k => (k > 1).then(|| link(k - 1)),
                        },
                        pages: numbers
                            .iter()
                            .enumerate()
                            .map(|(j, &k)| {
                                // The first page counts as the page after the newest numbered one.
                                let prev = |x: usize| if x == 0 { numbered + 1 } else { x };
                                PageLink {
                                    number: k,
                                    url: link(k),
                                    current: k == n,
                                    gap_before: j > 0 && prev(numbers[j - 1]) > prev(k) + 1,
                                }
                            })
                            .collect(),
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
                ("terms.html", ctx)
            }
            PageKind::Timeline => {
                let mut ctx = self.context(&page.route, "Timeline");
                ctx.insert("years", &self.timeline_rows());
                ctx.insert("meta", &self.timeline_meta(&page.route));
                ctx.insert("undated_count", &a.undated.len());
                ctx.insert("undated_url", &self.urls.link(route::UNDATED));
                ("timeline.html", ctx)
            }
            PageKind::Year(y) => {
                let mut ctx = self.context(&page.route, &format!("{y} on the timeline"));
                ctx.insert("year", &y);
                ctx.insert("meta", &self.year_meta(y, &page.route));
                ctx.insert("count", &a.years[&y].len());
                ctx.insert("months", &self.months_of(y).collect::<Vec<_>>());
                ctx.insert("events", &self.event_views(a.events.in_year(y)));
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
            PageKind::Month(k) => {
                let m = &a.months[k];
                let name = m.name();
                let mut ctx = self.context(&page.route, &format!("{name} on the timeline"));
                ctx.insert("heading", &name);
                ctx.insert("meta", &self.month_meta(m, &page.route));
                ctx.insert("year", &m.year);
                ctx.insert("year_url", &self.urls.link(&route::year(m.year)));
                ctx.insert("timeline_url", &self.urls.link(route::TIMELINE));
                ctx.insert("cards", &self.cards_html(a.month_items(m))?);
                ctx.insert("entries", &self.month_entries(m)?);
                ctx.insert("event_count", &month_events(a, m).len());
                let link = |m: &Month| Link {
                    name: m.name(),
                    url: self.urls.link(&route::month(m.year, m.month)),
                };
                ctx.insert("prev_month", &k.checked_sub(1).map(|p| link(&a.months[p])));
                ctx.insert("next_month", &a.months.get(k + 1).map(link));
                ("timeline_month.html", ctx)
            }
            PageKind::Search => {
                let mut ctx = self.context(&page.route, "Search");
                ctx.insert(
                    "meta",
                    &self.plain_meta("Search the archive's titles, summaries, people and sources."),
                );
                ctx.insert("index_url", &self.urls.link("search/"));
                ("search.html", ctx)
            }
            PageKind::NotFound => {
                let mut ctx = self.context(&page.route, "Page not found");
                ctx.insert("meta", &self.plain_meta("There is no page at this address."));
                ("404.html", ctx)
            }
            PageKind::Feed(topic) => {
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
                ("atom.xml", ctx)
            }
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

#[cfg(test)]
mod tests {
    use super::{Paging, pager_numbers};

    #[test]
    fn pager_is_bounded_and_newest_first() {
        assert_eq!(pager_numbers(0, 0), vec![0]);
        assert_eq!(pager_numbers(0, 3), vec![0, 3, 2, 1]);
        assert_eq!(pager_numbers(0, 1000), vec![0, 1000, 999, 1]);
        assert_eq!(pager_numbers(50, 1000), vec![0, 52, 51, 50, 49, 48, 1]);
        assert_eq!(pager_numbers(1, 1000), vec![0, 3, 2, 1]);
        assert_eq!(pager_numbers(1000, 1000), vec![0, 1000, 999, 998, 1]);
    }

    #[test]
    fn pages_count_from_the_oldest() {
        // 7 articles, 3 per page: page 1 = the oldest three, the first page the newest four.
        let p = Paging::new(7, 3);
        assert_eq!(p.numbered(), 1);
        assert_eq!(p.range(0), 0..4);
        assert_eq!(p.range(1), 4..7);
        // One more article changes the first page only.
        let q = Paging::new(8, 3);
        assert_eq!((q.numbered(), q.range(0), q.range(1)), (1, 0..5, 5..8));
        // A listing shorter than a page is all on the first page.
        assert_eq!(Paging::new(2, 3).range(0), 0..2);
        assert_eq!(Paging::new(2, 3).numbered(), 0);
        // Every article is on exactly one page.
        for total in 0..40 {
            let p = Paging::new(total, 5);
            let mut seen: Vec<usize> = (0..=p.numbered()).flat_map(|k| p.range(k)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..total).collect::<Vec<_>>(), "total {total}");
        }
    }
}
