//! Figures for the pages that open a topic, a person or a source, and for the timeline's
//! overview: articles per month per topic (the strip), and what a topic's articles cite most
//! (people, sources, UN documents). Made once per build in the index stage, from the facets'
//! lists; a page reads its figures and its fingerprint hashes them.

use crate::archive::Facet;
use crate::model::Article;
use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many people and sources a topic's hub names (its most cited).
pub const TOP: usize = 5;
/// How many UN documents a topic's hub lists (its most cited).
pub const TOP_DOCUMENTS: usize = 12;
/// At most this many series (topics, then the articles with none) a strip draws side by side:
/// more would not fit a month on a phone, and the strip then counts all articles as one.
const MAX_SERIES: usize = 4;

/// What one series of bars counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Series {
    /// The articles of a configured topic (its index).
    Topic(usize),
    /// The articles of none of the topics.
    Other,
    /// Every article.
    All,
}

/// Articles per month, year by year, in one or more series.
#[derive(Debug, Default, Serialize)]
pub struct Strip {
    pub series: Vec<Series>,
    /// The years that have dated articles, oldest first.
    pub years: Vec<StripYear>,
    /// The highest count of one series in one month: bars are drawn to scale against it.
    pub peak: u32,
}

#[derive(Debug, Serialize)]
pub struct StripYear {
    pub year: i16,
    pub total: u32,
    /// The year's articles whose month is not known (in `total`, in no month).
    pub unknown: u32,
    /// January to December.
    pub months: [MonthCount; 12],
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct MonthCount {
    /// The month's articles (an article in two series counts once here).
    pub total: u32,
    /// By series, in the strip's order.
    pub series: Vec<u32>,
}

/// A topic's hub: its strip, and what its articles cite most.
#[derive(Debug, Default, Serialize)]
pub struct TopicHub {
    pub strip: Strip,
    /// Indexes into `Archive::people` with how many of the topic's articles name each, most first.
    pub people: Vec<(usize, u32)>,
    /// The same for `Archive::sources`.
    pub sources: Vec<(usize, u32)>,
    /// UN documents by symbol with how many of the topic's articles cite each, most first.
    pub documents: Vec<(String, u32)>,
    /// How many distinct documents the topic's articles cite (`documents` holds the first few).
    pub document_total: usize,
}

/// Every hub's figures.
#[derive(Debug, Default)]
pub struct Hubs {
    /// Every dated article, by topic: the timeline's overview.
    pub overview: Strip,
    pub topics: Vec<TopicHub>,
    pub people: Vec<Strip>,
    pub sources: Vec<Strip>,
}

impl Hubs {
    /// Figures for every hub of an archive (its articles, newest first, and its facets).
    pub fn new(articles: &[Arc<Article>], topics: &[Facet], people: &[Facet], sources: &[Facet]) -> Hubs {
        let every = by_topic(topics.len());
        let all: Vec<usize> = (0..articles.len()).collect();
        let strip = |items: &[usize], series: &[Series]| Strip::of(articles, topics, items, series);
        let top_people = top_facets(articles, topics, people);
        let top_sources = top_facets(articles, topics, sources);
        let hubs: Vec<TopicHub> = topics
            .par_iter()
            .enumerate()
            .map(|(t, f)| {
                let (documents, document_total) = documents_of(articles, &f.items);
                TopicHub {
                    strip: strip(&f.items, &[Series::Topic(t)]),
                    people: top_people[t].clone(),
                    sources: top_sources[t].clone(),
                    documents,
                    document_total,
                }
            })
            .collect();
        Hubs {
            overview: strip(&all, &every),
            topics: hubs,
            people: people.par_iter().map(|f| strip(&f.items, &every)).collect(),
            sources: sources.par_iter().map(|f| strip(&f.items, &every)).collect(),
        }
    }
}

impl TopicHub {
    /// A hash of everything the hub shows: its strip, and the names, addresses and counts of
    /// what it lists (not facet indexes, which another build may number otherwise).
    pub fn fingerprint(&self, people: &[Facet], sources: &[Facet]) -> u64 {
        let mut b = self.strip.fingerprint().to_le_bytes().to_vec();
        for (list, facets) in [(&self.people, people), (&self.sources, sources)] {
            for &(k, n) in list {
                b.extend_from_slice(facets[k].name.as_bytes());
                b.push(0);
                b.extend_from_slice(facets[k].slug.as_str().as_bytes());
                b.push(0);
                b.extend_from_slice(&n.to_le_bytes());
            }
            b.push(0xff);
        }
        for (symbol, n) in &self.documents {
            b.extend_from_slice(symbol.as_bytes());
            b.push(0);
            b.extend_from_slice(&n.to_le_bytes());
        }
        b.extend_from_slice(&(self.document_total as u64).to_le_bytes());
        crate::hash::hash64(&[&b])
    }
}

/// The series a strip of all topics draws: each topic, then the articles with none; or, with
/// too many topics to draw side by side, one of all articles.
fn by_topic(topics: usize) -> Vec<Series> {
    if topics + 1 > MAX_SERIES {
        return vec![Series::All];
    }
    (0..topics).map(Series::Topic).chain([Series::Other]).collect()
}

impl Strip {
    /// The strip of these articles (indexes into `articles`; undated ones are left out).
    fn of(articles: &[Arc<Article>], topics: &[Facet], items: &[usize], series: &[Series]) -> Strip {
        let in_series = |a: &Article, s: Series| {
            let known = |t: &String| topics.iter().any(|f| f.slug.as_str() == t);
            match s {
                Series::Topic(k) => a.topics.iter().any(|t| topics[k].slug.as_str() == t),
                Series::Other => !a.topics.iter().any(known),
                Series::All => true,
            }
        };
        let mut years: BTreeMap<i16, StripYear> = BTreeMap::new();
        for &i in items {
            let a = &articles[i];
            let Some(d) = a.date else { continue };
            let y = years.entry(d.year()).or_insert_with(|| StripYear {
                year: d.year(),
                total: 0,
                unknown: 0,
                months: std::array::from_fn(|_| MonthCount {
                    total: 0,
                    series: vec![0; series.len()],
                }),
            });
            y.total += 1;
            let Some(m) = d.month() else {
                y.unknown += 1;
                continue;
            };
            let cell = &mut y.months[usize::from(m - 1)];
            cell.total += 1;
            for (k, s) in series.iter().enumerate() {
                cell.series[k] += u32::from(in_series(a, *s));
            }
        }
        let years: Vec<StripYear> = years.into_values().collect();
        let peak = years
            .iter()
            .flat_map(|y| y.months.iter().flat_map(|m| m.series.iter().copied()))
            .max()
            .unwrap_or(0);
        let series = series.to_vec();
        Strip { series, years, peak }
    }

    /// A hash of everything the strip shows (for the fingerprint of a page that draws it).
    pub fn fingerprint(&self) -> u64 {
        crate::hash::hash64(&[&postcard::to_stdvec(self).unwrap_or_default()])
    }

    /// How tall a bar of `count` is drawn, from 0 to `levels`: to scale against the peak, and
    /// at least 1 for any article, so that a single one is seen beside a month of hundreds.
    pub fn level(&self, count: u32, levels: u32) -> u32 {
        if count == 0 || self.peak == 0 {
            return 0;
        }
        (count * levels).div_ceil(self.peak).clamp(1, levels)
    }
}

/// For each topic, the facets (people or sources) its articles name most: `TOP` of them,
/// most first, ties by the facet's order (its slug).
fn top_facets(articles: &[Arc<Article>], topics: &[Facet], facets: &[Facet]) -> Vec<Vec<(usize, u32)>> {
    let slug_ix: HashMap<&str, usize> = topics.iter().enumerate().map(|(t, f)| (f.slug.as_str(), t)).collect();
    let mut counts: Vec<HashMap<usize, u32>> = vec![HashMap::default(); topics.len()];
    for (p, f) in facets.iter().enumerate() {
        for &i in &f.items {
            for t in articles[i].topics.iter().filter_map(|t| slug_ix.get(t.as_str())) {
                *counts[*t].entry(p).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|c| {
            let mut v: Vec<(usize, u32)> = c.into_iter().collect();
            v.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            v.truncate(TOP);
            v
        })
        .collect()
}

/// The UN documents these articles cite, most cited first (ties by symbol): the first
/// `TOP_DOCUMENTS`, and how many there are in all.
fn documents_of(articles: &[Arc<Article>], items: &[usize]) -> (Vec<(String, u32)>, usize) {
    let mut counts: HashMap<&str, u32> = HashMap::default();
    for &i in items {
        for s in &articles[i].un_documents {
            *counts.entry(s.as_str()).or_default() += 1;
        }
    }
    let total = counts.len();
    let mut v: Vec<(&str, u32)> = counts.into_iter().collect();
    v.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    v.truncate(TOP_DOCUMENTS);
    (v.into_iter().map(|(s, n)| (s.to_string(), n)).collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::Slug;

    fn art(date: &str, topics: &[&str], people: &[&str], docs: &[&str]) -> Arc<Article> {
        Arc::new(Article {
            date: Some(date.parse().unwrap()),
            topics: topics.iter().map(|s| s.to_string()).collect(),
            people: people.iter().map(|s| s.to_string()).collect(),
            un_documents: docs.iter().map(|s| s.to_string()).collect(),
            ..Article::bare(date)
        })
    }

    fn facet(slug: &str, items: &[usize]) -> Facet {
        Facet {
            slug: Slug::parse(slug).unwrap(),
            name: slug.into(),
            items: items.to_vec(),
        }
    }

    #[test]
    fn strips_count_each_month_by_topic_and_hubs_rank_what_topics_cite() {
        let articles = [
            art("2024-03-20", &["nk"], &["kim"], &["S/RES/2397(2017)"]),
            art(
                "2024-03-02",
                &["nk", "un"],
                &["kim", "putin"],
                &["S/RES/2397(2017)", "S/2024/255"],
            ),
            art("2024-01-05", &[], &["putin"], &[]),
            art("2023", &["un"], &[], &["S/2024/255"]),
        ];
        let topics = [facet("nk", &[0, 1]), facet("un", &[1, 3])];
        let people = [facet("kim", &[0, 1]), facet("putin", &[1, 2])];
        let hubs = Hubs::new(&articles, &topics, &people, &[]);
        let o = &hubs.overview;
        assert_eq!(o.series, [Series::Topic(0), Series::Topic(1), Series::Other]);
        assert_eq!(
            o.years.iter().map(|y| (y.year, y.total, y.unknown)).collect::<Vec<_>>(),
            [(2023, 1, 1), (2024, 3, 0)]
        );
        let march = &o.years[1].months[2];
        assert_eq!((march.total, march.series.as_slice()), (2, &[2, 1, 0][..]));
        assert_eq!(o.years[1].months[0].series, [0, 0, 1]);
        assert_eq!(o.peak, 2);
        assert_eq!((o.level(1, 12), o.level(2, 12), o.level(0, 12)), (6, 12, 0));
        let nk = &hubs.topics[0];
        assert_eq!(nk.strip.series, [Series::Topic(0)]);
        assert_eq!(nk.strip.years[0].months[2].series, [2]);
        assert_eq!(nk.people, [(0, 2), (1, 1)]);
        assert_eq!(hubs.topics[1].people, [(0, 1), (1, 1)]);
        assert_eq!(
            nk.documents,
            [("S/RES/2397(2017)".to_string(), 2), ("S/2024/255".to_string(), 1)]
        );
        assert_eq!(hubs.topics[1].documents[0], ("S/2024/255".to_string(), 2));
        assert_eq!(hubs.people[1].years[0].months[0].series, [0, 0, 1]);
        // A strip changes with what it shows.
        assert_ne!(hubs.people[0].fingerprint(), hubs.people[1].fingerprint());
    }
}
