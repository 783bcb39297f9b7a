//! End-to-end: key events (content/events.toml) on the pages that show them, bad entries named
//! at their line and left out, and UN documents linked in article bodies.

mod common;
use common::{Archive, CONFIG, broken_links};

/// One `[[event]]`; `topics` is TOML (`["nk-russia"]`).
fn event(date: &str, title: &str, topics: &str) -> String {
    format!(
        "[[event]]\ndate = \"{date}\"\ntitle = \"{title}\"\ndescription = \"What happened on {date}.\"\ntopics = {topics}\nsource = \"https://en.wikipedia.org/wiki/{date}\"\n\n"
    )
}

/// Two articles in June 2024, one on the day of the treaty.
fn archive() -> Archive {
    let a = Archive::new(CONFIG);
    a.article(
        "summit",
        "title = \"Kim and Putin sign partnership treaty\"\ndate = 2024-06-19\ntopics = [\"nk-russia\"]",
        "The treaty includes a mutual defence clause.",
    );
    a.article(
        "later",
        "title = \"Analysts weigh the treaty\"\ndate = 2024-06-25\ntopics = [\"nk-russia\"]",
        "A week on.",
    );
    a.article(
        "veto",
        "title = \"Russia vetoes panel renewal\"\ndate = 2024-03-28\ntopics = [\"un-diplomacy\"]",
        "The panel ends in April.",
    );
    a
}

/// The part of a page from `from` to the end of the list or section it opens.
fn part<'p>(page: &'p str, from: &str) -> &'p str {
    let start = page.find(from).unwrap_or_else(|| panic!("{from:?} not on the page"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").or(rest.find("</ol>")).unwrap_or(rest.len())]
}

#[test]
fn an_event_is_shown_on_its_topic_its_month_its_year_and_the_articles_of_its_day() {
    let a = archive();
    let events = [
        event("2024-06-19", "Treaty signed in Pyongyang", "[\"nk-russia\"]"),
        event("2024-06", "A month of summitry", "[\"nk-russia\"]"),
        event(
            "2024-03-28",
            "Panel renewal vetoed",
            "[\"un-diplomacy\", \"nk-russia\"]",
        ),
        event("1961-07-06", "The 1961 treaty", "[\"nk-russia\"]"),
    ]
    .concat();
    a.write("content/events.toml", &events);
    let stderr = a.build(&["--strict"]);
    assert!(!stderr.contains("events.toml"), "{stderr}");

    // The topic's first page opens with its events, oldest first; the other topic shows only its own.
    let topic = a.page("topics/nk-russia/index.html");
    let track = part(&topic, "Key events");
    let order: Vec<usize> = [
        "The 1961 treaty",
        "Panel renewal vetoed",
        "A month of summitry",
        "Treaty signed in Pyongyang",
    ]
    .iter()
    .map(|t| track.find(t).unwrap_or_else(|| panic!("{t} not in {track}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{track}");
    let un = a.page("topics/un-diplomacy/index.html");
    assert!(un.contains("Panel renewal vetoed") && !un.contains("Treaty signed in Pyongyang"));

    // The month interleaves them with its articles: the month's own event first, the day's
    // before that day's article, and each at its precision with its source.
    // (The body only: the head's structured data names the month's articles too.)
    let month = a.page("timeline/2024/06/index.html");
    let month = &month[month.find("<body").expect("a body")..];
    let at = |s: &str| month.find(s).unwrap_or_else(|| panic!("{s} not on the month page"));
    assert!(at("A month of summitry") < at("Treaty signed in Pyongyang"));
    assert!(at("Treaty signed in Pyongyang") < at("Kim and Putin sign partnership treaty"));
    assert!(at("Kim and Putin sign partnership treaty") < at("Analysts weigh the treaty"));
    assert!(month.contains("<time datetime=\"2024-06\" data-precision=\"month\">June 2024</time>"));
    assert!(month.contains("href=\"https://en.wikipedia.org/wiki/2024-06-19\""));
    assert!(
        month.contains("Key event"),
        "the label that marks an event without colour"
    );
    assert!(!month.contains("The 1961 treaty") && !month.contains("Panel renewal vetoed"));

    // The article of that day links to the day's events only; another day's shows none.
    let summit = a.page("articles/kim-and-putin-sign-partnership-treaty/index.html");
    let day = part(&summit, "Events of this day");
    assert!(
        day.contains("Treaty signed in Pyongyang") && !day.contains("A month of summitry"),
        "{day}"
    );
    assert!(
        !a.page("articles/analysts-weigh-the-treaty/index.html")
            .contains("Events of this day")
    );

    // The year page lists its year's; the overview every one, a year without articles too.
    let year = a.page("timeline/2024/index.html");
    assert!(
        [
            "A month of summitry",
            "Treaty signed in Pyongyang",
            "Panel renewal vetoed"
        ]
        .iter()
        .all(|t| year.contains(t))
    );
    let timeline = a.page("timeline/index.html");
    let y1961 = part(&timeline, "id=\"y-1961\"");
    assert!(
        y1961.contains("The 1961 treaty") && y1961.contains("no articles"),
        "{y1961}"
    );
    assert!(
        !a.site().join("timeline/1961").exists(),
        "a year of events alone has no page"
    );

    let broken = broken_links(&a.site(), "/briefing/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_bad_entry_is_named_at_its_line_and_the_rest_is_published() {
    let a = archive();
    let good = event("2024-06-19", "Treaty signed in Pyongyang", "[\"nk-russia\"]");
    let bad_date = event("2023-02-30", "A day that never was", "[\"nk-russia\"]");
    let bad_topic = event("2024-03-28", "An unknown topic", "[\"nk-rusia\"]");
    let text = format!("{good}{bad_date}{bad_topic}");
    a.write("content/events.toml", &text);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;

    let stderr = a.build(&[]);
    for (needle, says) in [("2023-02-30", "2023-02-30"), ("nk-rusia", "did you mean `nk-russia`")] {
        let at = format!("content/events.toml:{}", line_of(needle));
        assert!(
            stderr.lines().any(|l| l.starts_with("error:") && l.contains(&at)),
            "{at} in {stderr}"
        );
        assert!(stderr.contains(says), "{says} in {stderr}");
    }
    assert!(stderr.contains("left out"), "{stderr}");
    // The good event and every article are published; the bad events are not.
    let topic = a.page("topics/nk-russia/index.html");
    assert!(topic.contains("Treaty signed in Pyongyang"));
    assert!(!topic.contains("A day that never was") && !topic.contains("An unknown topic"));
    assert!(
        a.site()
            .join("articles/russia-vetoes-panel-renewal/index.html")
            .is_file()
    );

    // --strict fails, and leaves the site as it was.
    let before = a.page("topics/nk-russia/index.html");
    a.write(
        "content/events.toml",
        &format!("{text}{}", event("2024-06-25", "Added later", "[]")),
    );
    let stderr = a.build_fails(&["--strict"]);
    assert!(
        stderr.contains(&format!("content/events.toml:{}", line_of("nk-rusia"))),
        "{stderr}"
    );
    assert_eq!(a.page("topics/nk-russia/index.html"), before);
}

#[test]
fn event_text_is_escaped_and_a_bad_source_is_refused() {
    let a = archive();
    let text = "[[event]]\ndate = \"2024-06-19\"\ntitle = \"<script>alert(1)</script> & co\"\ndescription = \"A \\\"quoted\\\" <b>claim</b>.\"\ntopics = [\"nk-russia\"]\nsource = \"https://example.org/?a=1&b=<x>\"\n\n[[event]]\ndate = \"2024-06-20\"\ntitle = \"Sneaky\"\ndescription = \"A link that runs code.\"\nsource = \"javascript:alert(1)\"\n";
    a.write("content/events.toml", text);
    let stderr = a.build(&[]);
    assert!(
        stderr.contains("content/events.toml:12") && stderr.contains("not a web address"),
        "{stderr}"
    );
    for page in [
        "topics/nk-russia/index.html",
        "timeline/2024/06/index.html",
        "articles/kim-and-putin-sign-partnership-treaty/index.html",
    ] {
        let html = a.page(page);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
            "{page}"
        );
        assert!(
            html.contains("&lt;b&gt;claim&lt;/b&gt;") && !html.contains("<script>alert"),
            "{page}"
        );
        assert!(!html.contains("javascript:") && !html.contains("Sneaky"), "{page}");
    }
}

#[test]
fn un_documents_are_linked_in_markdown_and_clipping_bodies() {
    let a = Archive::new(CONFIG);
    a.article(
        "sanctions",
        "title = \"Council weighs sanctions\"\ndate = 2024-03-28\ntopics = [\"un-diplomacy\"]",
        "The Security Council's resolutions 1718 and 2397 stay in force; the draft (S/2024/255) failed.\n\n2397 people attended; see `S/RES/2397 (2017)`.",
    );
    a.write(
        "content/clips/veto.txt",
        "Russia vetoes UN panel renewal\n\nRussia vetoed a UN Security Council draft on Thursday, ending the panel that monitored resolution 2397 (2017) and other sanctions.\n\nThe vote was 13 in favour. (Yonhap)\n",
    );
    a.build(&[]);
    let link = |symbol: &str| format!("<a href=\"https://undocs.org/{symbol}\">");
    let md = a.page("articles/council-weighs-sanctions/index.html");
    for symbol in ["S/RES/1718(2006)", "S/RES/2397(2017)", "S/2024/255"] {
        assert_eq!(md.matches(&link(symbol)).count(), 1, "{symbol}: {md}");
    }
    assert!(md.contains("2397 people") && md.contains("<code>S/RES/2397 (2017)</code>"));
    let clipping = a.page("articles/russia-vetoes-un-panel-renewal/index.html");
    assert!(
        clipping.contains(&format!("{}resolution 2397 (2017)</a>", link("S/RES/2397(2017)"))),
        "{clipping}"
    );
}

#[test]
fn a_topic_page_shows_its_latest_events_and_sends_the_reader_to_the_timeline_for_the_rest() {
    let a = archive();
    let years = 2015..2023;
    let text: String = years
        .clone()
        .map(|y| event(&format!("{y}-03-01"), &format!("Event of {y}"), "[\"nk-russia\"]"))
        .collect();
    a.write("content/events.toml", &text);
    a.build(&[]);
    let topic = a.page("topics/nk-russia/index.html");
    let track = part(&topic, "Key events");
    let shown: Vec<i32> = years
        .clone()
        .filter(|y| track.contains(&format!("Event of {y}")))
        .collect();
    assert_eq!(shown, (2018..2023).collect::<Vec<_>>(), "the latest five, in {track}");
    assert!(
        topic.contains("The latest 5 of 8") && topic.contains("/timeline/\""),
        "{topic}"
    );
    // The timeline has every one of them.
    let timeline = a.page("timeline/index.html");
    assert!(years.clone().all(|y| timeline.contains(&format!("Event of {y}"))));
}
