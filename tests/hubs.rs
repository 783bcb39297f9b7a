//! End-to-end: the strip (articles per month per topic, key events marked) on the timeline and
//! on topic, person and source pages, and a topic's hub (its most named people and sources,
//! the UN documents its articles cite).

mod common;
use common::{Archive, CONFIG};

/// One curated article.
fn article(a: &Archive, name: &str, date: &str, topics: &str, extra: &str, body: &str) {
    a.article(
        name,
        &format!("title = \"Article {name}\"\ndate = {date}\ntopics = {topics}\n{extra}"),
        body,
    );
}

/// March 2024: two on North Korea–Russia ties (one also on UN diplomacy), one with no topic;
/// January 2024 and May 2024 one each, on ties and on UN diplomacy; 2023 one on ties whose
/// month is not known. Bodies cite resolution 2397 three times and S/2024/255 once.
fn archive() -> Archive {
    let a = Archive::new(CONFIG);
    let kim = "people = [\"Kim Jong-un\"]\nsource = \"Yonhap\"";
    let both = "people = [\"Kim Jong-un\", \"Vladimir Putin\"]\nsource = \"TASS\"";
    article(
        &a,
        "m1",
        "2024-03-02",
        "[\"nk-russia\"]",
        kim,
        "The Security Council's resolution 2397 (2017) applies.",
    );
    article(
        &a,
        "m2",
        "2024-03-20",
        "[\"nk-russia\", \"un-diplomacy\"]",
        both,
        "Security Council resolution 2397 and the report S/2024/255.",
    );
    article(&a, "m3", "2024-03-28", "[]", kim, "Korea news.");
    article(
        &a,
        "y1",
        "2024-05-02",
        "[\"un-diplomacy\"]",
        "source = \"Yonhap\"",
        "The Security Council adopted resolution 2397 (2017).",
    );
    article(&a, "jan", "2024-01-15", "[\"nk-russia\"]", "", "January.");
    article(&a, "old", "\"2023\"", "[\"nk-russia\"]", kim, "A year only.");
    a.write(
        "content/events.toml",
        "[[event]]\ndate = \"2024-03-28\"\ntitle = \"Panel renewal vetoed\"\ndescription = \"Veto.\"\ntopics = [\"un-diplomacy\"]\nsource = \"https://example.org/veto\"\n\n[[event]]\ndate = \"2019-04-25\"\ntitle = \"Vladivostok summit\"\ndescription = \"Summit.\"\ntopics = [\"nk-russia\"]\nsource = \"https://example.org/summit\"\n",
    );
    a
}

/// The strip's figure on a page.
fn strip(page: &str) -> &str {
    let start = page.find("<figure class=\"strip\"").expect("a strip on the page");
    let rest = &page[start..];
    &rest[..rest.find("</figure>").expect("the strip's end")]
}

/// Each month of a strip that has a label: (its link, if any; its label; its bars' classes).
fn months(strip: &str) -> Vec<(Option<String>, String, Vec<String>)> {
    let attr = |s: &str, name: &str| {
        let at = s.find(&format!("{name}=\""))? + name.len() + 2;
        Some(s[at..at + s[at..].find('"')?].to_string())
    };
    strip
        .split("<li>")
        .skip(1)
        .filter(|cell| cell.contains("class=\"strip-month\""))
        .filter_map(|cell| {
            let open = &cell[..cell.find('>')?];
            let label = attr(open, "title")?;
            let bars = cell
                .split("class=\"bar ")
                .skip(1)
                .map(|b| b[..b.find('"').unwrap()].to_string())
                .collect();
            Some((attr(open, "href"), label, bars))
        })
        .collect()
}

fn month<'m>(
    all: &'m [(Option<String>, String, Vec<String>)],
    prefix: &str,
) -> &'m (Option<String>, String, Vec<String>) {
    all.iter()
        .find(|m| m.1.starts_with(prefix))
        .unwrap_or_else(|| panic!("no month labelled {prefix}: {all:?}"))
}

#[test]
fn the_timeline_strip_counts_each_month_by_topic_links_it_and_marks_key_events() {
    let a = archive();
    a.build(&["--strict"]);
    let page = a.page("timeline/index.html");
    let s = strip(&page);
    let all = months(s);
    let (url, label, bars) = month(&all, "March 2024");
    assert_eq!(
        label,
        "March 2024: 3 articles (North Korea–Russia ties 2, UN diplomacy 1, Other Korea news 1); 1 key event: Panel renewal vetoed"
    );
    assert_eq!(url.as_deref(), Some("/briefing/timeline/2024/03/"));
    assert!(a.site().join("timeline/2024/03/index.html").is_file());
    // One bar per series, drawn to the peak (two articles): full height, then half.
    assert_eq!(bars.len(), 3, "{bars:?}");
    assert!(
        bars[0].contains("series-nk-russia") && bars[0].ends_with(" l12"),
        "{bars:?}"
    );
    assert!(
        bars[1].contains("series-un-diplomacy") && bars[1].ends_with(" l6"),
        "{bars:?}"
    );
    assert!(bars[2].contains("series-other") && bars[2].ends_with(" l6"), "{bars:?}");
    let (url, label, _) = month(&all, "May 2024");
    assert_eq!(label, "May 2024: 1 article (UN diplomacy 1)");
    assert_eq!(url.as_deref(), Some("/briefing/timeline/2024/05/"));
    // A month of a key event and no article is marked, with no link to a page it lacks.
    let (url, label, _) = month(&all, "April 2019");
    assert_eq!(
        (url.as_deref(), label.as_str()),
        (None, "April 2019: 0 articles; 1 key event: Vladivostok summit")
    );
    // Months with nothing to say are not links and not read out.
    assert!(!all.iter().any(|m| m.1.starts_with("June 2024")), "{all:?}");
    // The year's own label counts the article whose month is not known.
    assert!(s.contains("2023: 1 article, 1 whose month is not known"), "{s}");
    // Newest year first, and years without articles or events are left out.
    let order: Vec<usize> = ["2024:", "2023:", "2019:"].iter().map(|y| s.find(y).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(!s.contains("2020:") && !s.contains("2022:"));
}

#[test]
fn a_topic_hub_lists_its_strip_people_sources_and_un_documents_on_its_first_page_only() {
    let a = archive();
    a.build(&["--strict"]);
    let page = a.page("topics/nk-russia/index.html");
    let all = months(strip(&page));
    // The topic's own count, in one series, with the topic's events only.
    let (_, label, bars) = month(&all, "March 2024");
    assert_eq!(label, "March 2024: 2 articles");
    assert_eq!(bars.len(), 1);
    assert!(month(&all, "April 2019").1.contains("Vladivostok summit"));
    let hub = &page[page.find("class=\"hub-lists\"").expect("the hub's lists")..];
    let people = &hub[hub.find("id=\"hub-people\"").unwrap()..];
    let people = &people[..people.find("</ol>").unwrap()];
    let kim = people
        .find("/briefing/people/kim-jong-un/\">Kim Jong-un</a> <span class=\"count\">3 articles")
        .expect(people);
    let putin = people
        .find("/briefing/people/vladimir-putin/\">Vladimir Putin</a> <span class=\"count\">1 article<")
        .expect(people);
    assert!(kim < putin, "most named first");
    let sources = &hub[hub.find("id=\"hub-sources\"").unwrap()..];
    let sources = &sources[..sources.find("</ol>").unwrap()];
    assert!(
        sources.contains("/briefing/sources/yonhap/\">Yonhap</a> <span class=\"count\">2 articles"),
        "{sources}"
    );
    assert!(
        sources.contains("/briefing/sources/tass/\">TASS</a> <span class=\"count\">1 article<"),
        "{sources}"
    );
    let docs = &hub[hub.find("id=\"hub-documents\"").unwrap()..];
    let docs = &docs[..docs.find("</ol>").unwrap()];
    let r2397 = docs
        .find("href=\"https://undocs.org/S/RES/2397(2017)\" rel=\"noopener noreferrer\">S/RES/2397(2017)</a> <span class=\"count\">2 articles")
        .expect(docs);
    let report = docs
        .find(">S/2024/255</a> <span class=\"count\">1 article<")
        .expect(docs);
    assert!(r2397 < report);
    // UN diplomacy: 2397 in both of its articles.
    let un = a.page("topics/un-diplomacy/index.html");
    assert!(un.contains(">S/RES/2397(2017)</a> <span class=\"count\">2 articles"));
    // per_page = 2: the numbered page lists articles only.
    let second = a.page("topics/nk-russia/page/1/index.html");
    assert!(!second.contains("class=\"strip\"") && !second.contains("hub-people"));
}

#[test]
fn person_and_source_pages_draw_the_strip_of_their_articles() {
    let a = archive();
    a.build(&["--strict"]);
    let putin = a.page("people/vladimir-putin/index.html");
    let all = months(strip(&putin));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(
        all[0].1,
        "March 2024: 1 article (North Korea–Russia ties 1, UN diplomacy 1)"
    );
    let yonhap = a.page("sources/yonhap/index.html");
    let all = months(strip(&yonhap));
    assert_eq!(
        month(&all, "March 2024").1,
        "March 2024: 2 articles (North Korea–Russia ties 1, Other Korea news 1)"
    );
    assert_eq!(month(&all, "May 2024").1, "May 2024: 1 article (UN diplomacy 1)");
    // No events on a person's or source's strip: it is their articles' picture.
    assert!(!strip(&yonhap).contains("key event"));
}
