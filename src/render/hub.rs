//! The strip (articles per month per topic, with key events marked) and a topic's hub as pages
//! show them: views only; the figures are the index stage's (`crate::hubs`), made once per
//! build, and the pages that show them hash them into their fingerprints.

use super::*;
use crate::hubs::{Series, Strip, StripYear, TopicHub};

/// How many heights a bar can have: the stylesheet has a class for each (`l1` … `l12`), since
/// the CSP allows no style attribute.
const LEVELS: u32 = 12;

/// The months' initials under the bars (their names are in each bar's label).
const INITIALS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

#[derive(Serialize)]
pub(super) struct StripView {
    /// What each series is, when there is more than one.
    legend: Vec<SeriesView>,
    /// The newest year first.
    years: Vec<StripYearView>,
    /// Whether any key event is marked (the legend then says what the mark means).
    marked: bool,
}

#[derive(Serialize)]
struct SeriesView {
    class: String,
    name: String,
}

#[derive(Serialize)]
struct StripYearView {
    year: i16,
    url: Option<String>,
    total: u32,
    /// "2024: 40 articles, 2 whose month is not known; 1 key event: …", for screen readers.
    label: String,
    /// Key events known to the year only.
    events: usize,
    months: Vec<StripMonthView>,
}

#[derive(Serialize)]
struct StripMonthView {
    initial: &'static str,
    /// The month's page, when it has articles.
    url: Option<String>,
    /// "March 2024: 5 articles (North Korea–Russia ties 3, UN diplomacy 2); 1 key event: …".
    label: String,
    total: u32,
    bars: Vec<BarView>,
    events: usize,
}

#[derive(Serialize)]
struct BarView {
    class: String,
    level: u32,
}

/// A topic's hub as its first page shows it.
#[derive(Serialize)]
pub(super) struct HubView {
    strip: StripView,
    people: Vec<TopicLink>,
    sources: Vec<TopicLink>,
    documents: Vec<DocumentView>,
    document_total: usize,
}

#[derive(Serialize)]
struct DocumentView {
    symbol: String,
    url: String,
    count: u32,
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

impl Renderer<'_> {
    /// A topic's hub: its strip with its key events marked, its most cited people, sources
    /// and UN documents.
    pub(super) fn hub_view(&self, t: usize) -> HubView {
        let a = self.archive;
        let hub: &TopicHub = &a.hubs.topics[t];
        let events: Vec<&Event> = a.events.of_topic(a.topics[t].slug.as_str()).collect();
        let named = |list: &[(usize, u32)], facets: &[Facet], r: fn(&Slug) -> String| {
            list.iter()
                .map(|&(k, n)| TopicLink {
                    slug: facets[k].slug.to_string(),
                    name: facets[k].name.clone(),
                    url: self.urls.link(&r(&facets[k].slug)),
                    count: n as usize,
                })
                .collect()
        };
        HubView {
            strip: self.strip_view(&hub.strip, &events),
            people: named(&hub.people, &a.people, route::person),
            sources: named(&hub.sources, &a.sources, route::source),
            documents: hub
                .documents
                .iter()
                .map(|(symbol, n)| DocumentView {
                    symbol: symbol.clone(),
                    url: format!("{}{symbol}", crate::markdown::UNDOCS),
                    count: *n,
                })
                .collect(),
            document_total: hub.document_total,
        }
    }

    /// A strip as a page draws it: every year with articles or key events, the newest first.
    pub(super) fn strip_view(&self, strip: &Strip, events: &[&Event]) -> StripView {
        let mut by_year: BTreeMap<i16, Vec<&Event>> = BTreeMap::new();
        for e in events {
            by_year.entry(e.date.year()).or_default().push(e);
        }
        let mut years: Vec<i16> = strip
            .years
            .iter()
            .map(|y| y.year)
            .chain(by_year.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        let row = |y: i16| {
            let counted = strip.years.iter().find(|r| r.year == y);
            self.strip_year(strip, y, counted, by_year.get(&y).map_or(&[][..], Vec::as_slice))
        };
        StripView {
            legend: match strip.series.as_slice() {
                [_] => Vec::new(),
                series => series
                    .iter()
                    .enumerate()
                    .map(|(k, s)| SeriesView {
                        class: self.series_class(k, *s),
                        name: self.series_name(*s),
                    })
                    .collect(),
            },
            years: years.into_iter().rev().map(row).collect(),
            marked: !events.is_empty(),
        }
    }

    fn strip_year(&self, strip: &Strip, y: i16, counted: Option<&StripYear>, events: &[&Event]) -> StripYearView {
        let (total, unknown) = counted.map_or((0, 0), |r| (r.total, r.unknown));
        let year_only: Vec<&Event> = events.iter().copied().filter(|e| e.date.month().is_none()).collect();
        let mut label = format!("{y}: {}", plural(total as usize, "article"));
        if unknown > 0 {
            label.push_str(&format!(", {unknown} whose month is not known"));
        }
        label.push_str(&events_said(&year_only));
        let months = (1..=12u8)
            .map(|m| {
                let of_month: Vec<&Event> = events.iter().copied().filter(|e| e.date.month() == Some(m)).collect();
                let cell = counted.map(|r| &r.months[usize::from(m - 1)]);
                self.strip_month(strip, y, m, cell, &of_month)
            })
            .collect();
        StripYearView {
            year: y,
            url: self
                .archive
                .years
                .contains_key(&y)
                .then(|| self.urls.link(&route::year(y))),
            total,
            label,
            events: year_only.len(),
            months,
        }
    }

    fn strip_month(
        &self,
        strip: &Strip,
        y: i16,
        m: u8,
        cell: Option<&crate::hubs::MonthCount>,
        events: &[&Event],
    ) -> StripMonthView {
        let total = cell.map_or(0, |c| c.total);
        let counts = cell.map_or(&[][..], |c| c.series.as_slice());
        let mut label = format!(
            "{} {y}: {}",
            PartialDate::month_name(m),
            plural(total as usize, "article")
        );
        if strip.series.len() > 1 && total > 0 {
            let parts: Vec<String> = strip
                .series
                .iter()
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(s, n)| format!("{} {n}", self.series_name(*s)))
                .collect();
            label.push_str(&format!(" ({})", parts.join(", ")));
        }
        label.push_str(&events_said(events));
        StripMonthView {
            initial: INITIALS[usize::from(m - 1)],
            url: (total > 0).then(|| self.urls.link(&route::month(y, Some(m)))),
            label,
            total,
            bars: strip
                .series
                .iter()
                .enumerate()
                .map(|(k, s)| BarView {
                    class: self.series_class(k, *s),
                    level: strip.level(counts.get(k).copied().unwrap_or(0), LEVELS),
                })
                .collect(),
            events: events.len(),
        }
    }

    /// A series' classes: its place (which pattern it is drawn with, so that the series read
    /// apart without colour) and what it counts (its colour).
    fn series_class(&self, k: usize, s: Series) -> String {
        match s {
            Series::Topic(t) => format!("s{k} series-{}", self.archive.topics[t].slug),
            Series::Other => format!("s{k} series-other"),
            Series::All => format!("s{k} series-all"),
        }
    }

    fn series_name(&self, s: Series) -> String {
        match s {
            Series::Topic(t) => self.archive.topics[t].name.clone(),
            Series::Other => "Other Korea news".into(),
            Series::All => "All articles".into(),
        }
    }
}

/// "; 1 key event: Vostochny summit", or nothing.
fn events_said(events: &[&Event]) -> String {
    if events.is_empty() {
        return String::new();
    }
    let titles: Vec<&str> = events.iter().map(|e| e.title.as_str()).collect();
    format!("; {}: {}", plural(events.len(), "key event"), titles.join("; "))
}
