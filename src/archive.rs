//! The index stage: articles in order, and every grouping a page lists.
//!
//! Everything here is built in one pass over the articles or from per-facet lists, so cost
//! grows linearly with the archive (no comparison of all pairs, even for related articles).

use crate::config::Config;
use crate::model::Article;
use crate::slug::Slug;
use foldhash::HashMap;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A group of articles that gets pages of its own: a topic, a person, a source.
#[derive(Debug, Clone)]
pub struct Facet {
    pub slug: Slug,
    pub name: String,
    /// Indexes into `Archive::articles`, newest first.
    pub items: Vec<usize>,
}

#[derive(Debug)]
pub struct Archive {
    /// Newest first; undated articles last, in title order. Shared with the build's cache, so
    /// an incremental build indexes ten thousand articles without copying one.
    pub articles: Vec<Arc<Article>>,
    /// One per configured topic, in configuration order (possibly empty).
    pub topics: Vec<Facet>,
    /// Articles with no topic ("Other Korea news").
    pub other: Vec<usize>,
    pub people: Vec<Facet>,
    pub sources: Vec<Facet>,
    /// Dated articles, oldest first.
    pub chrono: Vec<usize>,
    /// Position of each article in `chrono`.
    chrono_pos: Vec<Option<usize>>,
    /// Year → dated articles of that year, oldest first.
    pub years: BTreeMap<i16, Vec<usize>>,
    /// The months of the timeline, oldest first: each year's articles in runs of one month.
    pub months: Vec<Month>,
    pub undated: Vec<usize>,
    /// Every article, the last added to the archive or corrected first (then newest first):
    /// what the feeds show.
    pub recent: Vec<usize>,
    /// Related articles of each article, best first.
    pub related: Vec<Vec<usize>>,
    /// The key events of `content/events.toml`, shown beside the articles.
    pub events: crate::events::Events,
    /// The figures hub pages and the timeline draw (strips, what a topic cites most).
    pub hubs: crate::hubs::Hubs,
}

/// One month of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub year: i16,
    /// `None`: the articles of that year whose month is not known (they come first).
    pub month: Option<u8>,
    /// Where its articles lie in `years[year]`.
    pub items: std::ops::Range<usize>,
}

/// Newest first; undated last; ties by title, then id, so the order never depends on the
/// order files were read in.
pub fn newest_first(a: &Article, b: &Article) -> Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
    .then_with(|| a.id.cmp(&b.id))
}

/// How many neighbours in time each shared facet offers as related candidates.
const WINDOW: usize = 12;

impl Archive {
    pub fn new(mut articles: Vec<Arc<Article>>, config: &Config) -> Archive {
        articles.par_sort_unstable_by(|a, b| newest_first(a, b));
        let n = articles.len();

        let topics: Vec<Facet> = config
            .topics
            .iter()
            .map(|t| Facet {
                slug: t.slug.clone(),
                name: t.name.clone(),
                items: Vec::new(),
            })
            .collect();
        // Two passes over the articles, one on each core: the people and sources are keyed
        // by name (hashed), the rest by position.
        let by_position = || {
            let mut topics = topics;
            let mut other = Vec::new();
            let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
            let mut undated = Vec::new();
            for (i, a) in articles.iter().enumerate() {
                let mut any = false;
                for t in &a.topics {
                    if let Some(f) = topics.iter_mut().find(|f| f.slug.as_str() == t) {
                        f.items.push(i);
                        any = true;
                    }
                }
                if !any {
                    other.push(i);
                }
                match a.date {
                    Some(d) => years.entry(d.year()).or_default().push(i),
                    None => undated.push(i),
                }
            }
            // Oldest first; articles of one day stay in title order (a stable sort of the
            // newest-first order, not its reverse, which would list them Z to A).
            for list in years.values_mut() {
                list.sort_by_key(|&i| articles[i].date);
            }
            // Within a year, the oldest first: those whose month is not known, then each month.
            let month_of = |i: usize| articles[i].date.and_then(|d| d.month());
            let mut months = Vec::new();
            for (&year, list) in &years {
                let mut start = 0;
                for k in 1..=list.len() {
                    if k == list.len() || month_of(list[k]) != month_of(list[start]) {
                        months.push(Month {
                            year,
                            month: month_of(list[start]),
                            items: start..k,
                        });
                        start = k;
                    }
                }
            }
            (topics, other, years, months, undated)
        };
        let by_name = || {
            let mut people = Facets::default();
            let mut sources = Facets::default();
            for (i, a) in articles.iter().enumerate() {
                for p in &a.people {
                    people.push(p, i);
                }
                if let Some(s) = &a.source {
                    sources.push(s, i);
                }
            }
            (people.into_sorted(), sources.into_sorted())
        };
        let ((topics, other, years, months, undated), (people, sources)) = rayon::join(by_position, by_name);
        let chrono: Vec<usize> = years.values().flatten().copied().collect();
        let mut recent: Vec<usize> = (0..n).collect();
        // (Stable: equal times keep the newest-first order. RFC 3339 in UTC sorts as text.)
        recent.par_sort_by(|&x, &y| articles[y].updated.cmp(&articles[x].updated));
        let mut chrono_pos = vec![None; n];
        for (p, &i) in chrono.iter().enumerate() {
            chrono_pos[i] = Some(p);
        }

        Archive {
            articles,
            topics,
            other,
            people,
            sources,
            chrono,
            chrono_pos,
            years,
            months,
            undated,
            recent,
            related: Vec::new(),
            events: Default::default(),
            hubs: Default::default(),
        }
        .derived(config.related_limit)
    }

    /// What is made from the groupings, side by side: related articles, the hubs' figures.
    fn derived(mut self, related_limit: usize) -> Archive {
        let (related, hubs) = rayon::join(
            || self.compute_related(related_limit),
            || crate::hubs::Hubs::new(&self.articles, &self.topics, &self.people, &self.sources),
        );
        (self.related, self.hubs) = (related, hubs);
        self
    }

    /// The archive with its key events.
    pub fn with_events(mut self, events: crate::events::Events) -> Archive {
        self.events = events;
        self
    }

    /// The next older and next newer dated article.
    pub fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        match self.chrono_pos[i] {
            Some(p) => (
                p.checked_sub(1).map(|q| self.chrono[q]),
                self.chrono.get(p + 1).copied(),
            ),
            None => (None, None),
        }
    }

    /// Related articles: candidates are the nearest in time within each topic and person the
    /// article has; a shared person counts twice a shared topic; ties go to the closer in time.
    fn compute_related(&self, limit: usize) -> Vec<Vec<usize>> {
        if limit == 0 {
            return vec![Vec::new(); self.articles.len()];
        }
        // (facet list, weight); memberships: for each article, (facet, position in its list),
        // laid out flat (article i's are member[start[i]..start[i + 1]]): no allocation per
        // article.
        let mut facets: Vec<(&[usize], u32)> = Vec::new();
        facets.extend(self.topics.iter().map(|f| (f.items.as_slice(), 1)));
        facets.extend(self.people.iter().map(|f| (f.items.as_slice(), 2)));
        let n = self.articles.len();
        let mut start = vec![0u32; n + 1];
        for (items, _) in &facets {
            for &i in items.iter() {
                start[i + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut member = vec![(0u32, 0u32); start[n] as usize];
        for (fi, (items, _)) in facets.iter().enumerate() {
            for (p, &i) in items.iter().enumerate() {
                member[fill[i] as usize] = (fi as u32, p as u32);
                fill[i] += 1;
            }
        }
        // A few pieces per thread, each with its own arrays (below): rayon makes the arrays
        // once per piece, and left to split freely it made hundreds of them.
        let piece = n.div_ceil(rayon::current_num_threads().max(1) * 4).max(1);
        (0..n)
            .into_par_iter()
            .with_min_len(piece)
            .map_init(
                // Per piece: for each article, the last `i` it was a candidate of (plus one)
                // and its place in `scores` then; no clearing between articles.
                || {
                    (
                        vec![0u32; n],
                        vec![0u32; n],
                        Vec::<(u32, u32)>::new(),
                        Vec::<u128>::new(),
                    )
                },
                |(seen, at, scores, keys), i| {
                    // Each facet that offers a candidate adds its weight: at most a few
                    // hundred candidates, summed in place, and a selection of the few best.
                    // Cost per article stays bounded by the window size, whatever the
                    // archive's.
                    scores.clear();
                    let stamp = i as u32 + 1;
                    for &(fi, p) in &member[start[i] as usize..start[i + 1] as usize] {
                        let (items, weight) = facets[fi as usize];
                        let p = p as usize;
                        let lo = p.saturating_sub(WINDOW);
                        let hi = (p + WINDOW + 1).min(items.len());
                        for &j in items[lo..hi].iter().filter(|&&j| j != i) {
                            if seen[j] == stamp {
                                scores[at[j] as usize].1 += weight;
                            } else {
                                seen[j] = stamp;
                                at[j] = scores.len() as u32;
                                scores.push((j as u32, weight));
                            }
                        }
                    }
                    // Best first: the higher score, then the nearer in time, then the earlier
                    // in the archive's order, as one integer each, so that choosing the few
                    // best compares integers rather than calling a three-step comparison.
                    let i32 = i as u32;
                    keys.clear();
                    keys.extend(scores.iter().map(|&(j, score)| {
                        u128::from(u32::MAX - score) << 64 | u128::from(j.abs_diff(i32)) << 32 | u128::from(j)
                    }));
                    if keys.len() > limit {
                        keys.select_nth_unstable(limit);
                        keys.truncate(limit);
                    }
                    keys.sort_unstable();
                    keys.iter().map(|&k| k as u32 as usize).collect()
                },
            )
            .collect()
    }

    pub fn person(&self, slug: &str) -> Option<&Facet> {
        self.people.iter().find(|f| f.slug.as_str() == slug)
    }

    pub fn latest_year(&self) -> Option<i16> {
        self.years.keys().next_back().copied()
    }

    /// The months of a year on the timeline, oldest first.
    pub fn months_in(&self, year: i16) -> &[Month] {
        let start = self.months.partition_point(|m| m.year < year);
        let end = self.months.partition_point(|m| m.year <= year);
        &self.months[start..end]
    }

    /// The articles of a month of the timeline, oldest first.
    pub fn month_items(&self, m: &Month) -> &[usize] {
        &self.years[&m.year][m.items.clone()]
    }
}

impl Month {
    /// "June 2024", or "2024, month not known".
    pub fn name(&self) -> String {
        month_name(self.year, self.month)
    }
}

/// A month's name with its year: "June 2024", or "2024, month not known".
pub fn month_name(year: i16, month: Option<u8>) -> String {
    match month {
        Some(m) => format!("{} {year}", crate::date::PartialDate::month_name(m)),
        None => format!("{year}, month not known"),
    }
}

/// People or sources as they are met, by name. Names recur on thousands of articles, so each
/// is looked up as written (no allocation) and turned into a slug only the first time; two
/// names with one slug ("Kim Jong-un", "Kim Jong Un") share a facet, under the first name.
#[derive(Default)]
struct Facets<'n> {
    by_name: HashMap<&'n str, usize>,
    by_slug: HashMap<Slug, usize>,
    list: Vec<Facet>,
}

impl<'n> Facets<'n> {
    fn push(&mut self, name: &'n str, i: usize) {
        let ix = match self.by_name.get(name) {
            Some(&ix) => ix,
            None => {
                let slug = Slug::from_text(name, "unnamed");
                let ix = *self.by_slug.entry(slug.clone()).or_insert_with(|| {
                    self.list.push(Facet {
                        slug,
                        name: name.to_string(),
                        items: Vec::new(),
                    });
                    self.list.len() - 1
                });
                self.by_name.insert(name, ix);
                ix
            }
        };
        self.list[ix].items.push(i);
    }

    /// The facets in slug order.
    fn into_sorted(self) -> Vec<Facet> {
        let mut list = self.list;
        list.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, date: Option<&str>, topics: &[&str], people: &[&str]) -> Article {
        Article {
            date: date.map(|d| d.parse().unwrap()),
            source: Some("Yonhap".into()),
            topics: topics.iter().map(|s| s.to_string()).collect(),
            people: people.iter().map(|s| s.to_string()).collect(),
            words: 100,
            ..Article::bare(id)
        }
    }

    fn config() -> Config {
        Config::parse("title='t'\ndescription='d'\nbase_url='https://x.org/'\n[[topics]]\nslug='nk-russia'\nname='N'\ndescription='d'\n[[topics]]\nslug='un-diplomacy'\nname='U'\ndescription='d'\n").unwrap()
    }

    #[test]
    fn the_timeline_runs_each_year_by_month_with_the_month_not_known_first() {
        let a = Archive::new(
            [
                "2024-06-19",
                "2023-09-20",
                "2023",
                "2024-04",
                "2023-09-05",
                "2023-12-01",
            ]
            .iter()
            .enumerate()
            .map(|(k, d)| Arc::new(art(&format!("a{k}"), Some(d), &[], &[])))
            .chain([Arc::new(art("u", None, &[], &[]))])
            .collect(),
            &config(),
        );
        let months: Vec<(i16, Option<u8>, Vec<String>)> = a
            .months
            .iter()
            .map(|m| {
                let ids = a.month_items(m).iter().map(|&i| a.articles[i].id.clone()).collect();
                (m.year, m.month, ids)
            })
            .collect();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            months,
            [
                (2023, None, ids(&["a2"])),
                (2023, Some(9), ids(&["a4", "a1"])),
                (2023, Some(12), ids(&["a5"])),
                (2024, Some(4), ids(&["a3"])),
                (2024, Some(6), ids(&["a0"])),
            ]
        );
        assert_eq!(a.months_in(2023), &a.months[..3]);
        assert_eq!(a.months_in(2024), &a.months[3..]);
        assert!(a.months_in(2022).is_empty() && a.months_in(2025).is_empty());
        assert_eq!(a.months[0].name(), "2023, month not known");
        assert_eq!(a.months[1].name(), "September 2023");
    }

    #[test]
    fn orders_groups_and_links_neighbours() {
        let a = Archive::new(
            vec![
                art("b", Some("2023-09"), &["nk-russia"], &["Putin"]),
                art("a", Some("2024-06-19"), &["nk-russia", "un-diplomacy"], &["Putin"]),
                art("u", None, &[], &[]),
                art("c", Some("2023-09-05"), &[], &[]),
            ]
            .into_iter()
            .map(Arc::new)
            .collect(),
            &config(),
        );
        let titles: Vec<&str> = a.articles.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, ["a", "c", "b", "u"]);
        assert_eq!(a.topics[0].items, vec![0, 2]);
        assert_eq!(a.other, vec![1, 3]);
        assert_eq!(a.undated, vec![3]);
        assert_eq!(a.years[&2023], vec![2, 1]);
        // "c" (2023-09-05) sits between "b" (2023-09) and "a".
        assert_eq!(a.neighbours(1), (Some(2), Some(0)));
        assert_eq!(a.neighbours(3), (None, None));
        // "b" shares a person and a topic with "a": the best match.
        assert_eq!(a.related[2][0], 0);
        assert!(!a.related[0].contains(&0));
    }
}
