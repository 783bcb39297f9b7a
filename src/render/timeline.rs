//! The timeline: the overview, the year pages and the month pages, their contexts and
//! fingerprints side by side.

use super::*;

/// A month as a number for fingerprints (0 for none).
fn month_key(m: Option<&Month>) -> u64 {
    m.map_or(0, |m| m.year as u64 * 100 + m.month.unwrap_or(0) as u64)
}

/// The overview, then each year, then each month. The overview and the year pages show
/// months and their counts (and key events) only; a month page its articles.
pub(super) fn plan(p: &Planner) -> Vec<Page> {
    let a = p.a;
    let mut pages = vec![overview(p)];
    let years: Vec<i16> = a.years.keys().copied().collect();
    for (k, y) in years.iter().enumerate() {
        let r = route::year(*y);
        let mut fp = p
            .fp(&r)
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
        let fp = p
            .fp(&r)
            .arts(&p.revs, a.month_items(m))
            .n(month_key(k.checked_sub(1).map(|p| &a.months[p])))
            .n(month_key(a.months.get(k + 1)))
            .n(events_fp(month_events(a, m)));
        pages.push(Page {
            route: r,
            kind: PageKind::Month(k),
            fingerprint: fp.done(),
        });
    }
    pages
}

/// The overview: every month with its count, the undated articles' count, every key event.
fn overview(p: &Planner) -> Page {
    let a = p.a;
    let mut fp = p
        .fp(route::TIMELINE)
        .n(a.undated.len() as u64)
        .n(events_fp(a.events.all()))
        .n(a.hubs.overview.fingerprint());
    for m in &a.months {
        fp = fp.n(month_key(Some(m))).n(m.items.len() as u64);
    }
    Page {
        route: route::TIMELINE.into(),
        kind: PageKind::Timeline,
        fingerprint: fp.done(),
    }
}

impl Renderer<'_> {
    /// The timeline's overview: every year with its months and counts, and the key events.
    pub(super) fn timeline(&self, page: &Page) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
        let mut ctx = self.context(&page.route, "Timeline");
        ctx.insert("years", &self.timeline_rows());
        let events: Vec<&Event> = a.events.all().iter().collect();
        ctx.insert("strip", &self.strip_view(&a.hubs.overview, &events));
        ctx.insert("meta", &self.timeline_meta(&page.route));
        ctx.insert("undated_count", &a.undated.len());
        ctx.insert("undated_url", &self.urls.link(route::UNDATED));
        Ok(("timeline.html", ctx))
    }

    /// A year of the timeline: its months with counts, its key events.
    pub(super) fn year(&self, page: &Page, y: i16) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
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
        Ok(("timeline_year.html", ctx))
    }

    /// A month of the timeline: its articles and key events by date.
    pub(super) fn month(&self, page: &Page, k: usize) -> Result<Rendered, Diagnostic> {
        let a = self.archive;
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
        Ok(("timeline_month.html", ctx))
    }
}
