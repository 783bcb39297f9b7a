//! Listings (a topic, a person, a source, the other and the undated articles), page by page:
//! their contexts and fingerprints, side by side, and how a listing is cut into pages.

use super::*;

/// How many key events a topic's first page shows (its latest).
const TOPIC_EVENTS: usize = 5;

/// Every listing's pages, with each topic's feed after its pages; in parallel, since a
/// person's or source's listing hashes every article it lists.
pub(super) fn plan(p: &Planner) -> Vec<Page> {
    use rayon::prelude::*;
    let a = p.a;
    let mut listings: Vec<Listing> = (0..a.topics.len()).map(Listing::Topic).collect();
    listings.push(Listing::Other);
    listings.extend((0..a.people.len()).map(Listing::Person));
    listings.extend((0..a.sources.len()).map(Listing::Source));
    listings.push(Listing::Undated);
    let listed: Vec<Vec<Page>> = listings.par_iter().map(|l| pages_of(p, *l)).collect();
    listed.into_iter().flatten().collect()
}

/// A listing's pages. Each shows its title and its articles; the first page also the count,
/// links to the newest numbered pages and, for a topic, its key events; a numbered page
/// depends on the count of pages only near the newest end.
fn pages_of(p: &Planner, l: Listing) -> Vec<Page> {
    let a = p.a;
    let mut pages = Vec::new();
    let (title, first, items) = listing_parts(a, l);
    let paging = Paging::new(items.len(), p.per);
    let numbered = paging.numbered();
    for k in 0..=numbered {
        let r = route::page(&first, k);
        let fp = p.fp(&r).s(&title).arts(&p.revs, &items[paging.range(k)]);
        // The first page opens with the hub: a topic's figures and every key event of the
        // topic (its strip marks them all), a person's or source's strip.
        // A strip links a year's label to its year page when the archive has one.
        let fp = match (k, l) {
            (0, Listing::Topic(_) | Listing::Person(_) | Listing::Source(_)) => fp.n(year_pages_fp(a)),
            _ => fp,
        };
        let fp = match (k, l) {
            (0, Listing::Topic(t)) => fp
                .n(events_fp(a.events.of_topic(a.topics[t].slug.as_str())))
                .n(a.hubs.topics[t].fingerprint(&a.people, &a.sources))
                .n(items.len() as u64)
                .n(numbered as u64),
            (0, Listing::Person(f)) => fp
                .n(a.hubs.people[f].fingerprint())
                .n(items.len() as u64)
                .n(numbered as u64),
            (0, Listing::Source(f)) => fp
                .n(a.hubs.sources[f].fingerprint())
                .n(items.len() as u64)
                .n(numbered as u64),
            (0, _) => fp.n(items.len() as u64).n(numbered as u64),
            _ => fp.n((k + 3).min(numbered) as u64),
        };
        pages.push(Page {
            route: r,
            kind: PageKind::Listing { listing: l, page: k },
            fingerprint: fp.done(),
        });
    }
    if let Listing::Topic(t) = l {
        pages.push(super::feed::plan(p, Some(t)));
    }
    pages
}

impl Renderer<'_> {
    /// Page `n` of a listing (a topic, a person, a source, the other or the undated articles).
    pub(super) fn listing(&self, page: &Page, listing: Listing, n: usize) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
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
        // A topic's first page opens with its latest key events, oldest first; the timeline
        // has them all (a phone would otherwise scroll past a dozen before the articles).
        let events: Vec<&Event> = match listing {
            Listing::Topic(t) if n == 0 => a.events.of_topic(a.topics[t].slug.as_str()).collect(),
            _ => Vec::new(),
        };
        let shown = &events[events.len().saturating_sub(TOPIC_EVENTS)..];
        ctx.insert("events", &self.event_views(shown.iter().copied()));
        ctx.insert("events_total", &events.len());
        self.insert_hub(&mut ctx, listing, n);
        ctx.insert("timeline_url", &self.urls.link(route::TIMELINE));
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
        Ok(("listing.html", ctx))
    }
}

impl Renderer<'_> {
    /// The hub, on a listing's first page only: a topic's figures, a person's or source's strip.
    fn insert_hub(&self, ctx: &mut tera::Context, listing: Listing, n: usize) {
        let hubs = &self.archive.hubs;
        let (hub, strip) = match (listing, n) {
            (Listing::Topic(t), 0) => (Some(self.hub_view(t)), None),
            (Listing::Person(f), 0) => (None, Some(self.strip_view(&hubs.people[f], &[]))),
            (Listing::Source(f), 0) => (None, Some(self.strip_view(&hubs.sources[f], &[]))),
            _ => (None, None),
        };
        ctx.insert("hub", &hub);
        ctx.insert("strip", &strip);
    }
}

/// A listing's title, the route of its first page and its items.
pub(super) fn listing_parts(a: &Archive, l: Listing) -> (String, String, &[usize]) {
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

/// Which years have a year page: a strip links only those years' labels.
fn year_pages_fp(a: &Archive) -> u64 {
    let years: Vec<u8> = a.years.keys().flat_map(|y| y.to_le_bytes()).collect();
    crate::hash::hash64(&[&years])
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
