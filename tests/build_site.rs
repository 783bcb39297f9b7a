//! End-to-end: a real archive in a temp dir, the real binary, the real pages.

mod common;
use common::{Archive, CONFIG, assert_same_tree, broken_links};

/// Curated articles in both topics and neither, a code block, an undated article and a
/// month-precision date, published under a sub-path.
fn sample() -> Archive {
    let a = Archive::new(CONFIG);
    a.article(
        "summit",
        "title = \"Kim and Putin sign partnership treaty\"\ndate = 2024-06-19\nsource = \"Yonhap\"\nurl = \"https://example.com/summit\"\nbyline = \"Kim Ji-eun\"\ntopics = [\"nk-russia\"]\npeople = [\"Kim Jong Un\", \"Putin\"]\nsummary = \"The leaders signed a treaty in Pyongyang.\"",
        "The treaty includes a mutual defence clause.\n\n```json\n{\"signed\": \"2024-06-19\", \"parties\": 2}\n```\n",
    );
    a.article(
        "panel",
        "title = \"UN panel of experts mandate ends\"\ndate = \"2024-04\"\nsource = \"UN News\"\ntopics = [\"un-diplomacy\", \"nk-russia\"]\npeople = [\"Vladimir Putin\"]",
        "Russia vetoed the renewal of the panel.",
    );
    a.article(
        "assembly",
        "title = \"General Assembly debates the veto\"\ndate = 2024-05-02\nsource = \"UN News\"\ntopics = [\"un-diplomacy\"]",
        "Member states debated the veto.\n\n| Vote | Count |\n|---|---|\n| For | 100 |\n",
    );
    a.article("drills", "title = \"Kim urges more drills\"\ndate = 2023-09-05\nsource = \"Yonhap\"\ntopics = []\npeople = [\"Kim Jong-un\"]", "Kim inspected a base.");
    a.article(
        "undated",
        "title = \"An undated analysis\"\ntopics = [\"nk-russia\"]",
        "No date is known.",
    );
    a.article(
        "draft",
        "title = \"Work in progress\"\ndate = 2024-07-01\ndraft = true\ntopics = []",
        "Not yet.",
    );
    a
}

#[test]
fn builds_every_page_kind_with_working_links() {
    let a = sample();
    let stderr = a.build(&[]);
    assert!(
        stderr.contains("\"An undated analysis\" has no date"),
        "undated warning missing: {stderr}"
    );
    for page in [
        "index.html",
        "articles/kim-and-putin-sign-partnership-treaty/index.html",
        "topics/index.html",
        "topics/nk-russia/index.html",
        "topics/un-diplomacy/index.html",
        "topics/other/index.html",
        "timeline/index.html",
        "timeline/2024/index.html",
        "timeline/2024/06/index.html",
        "timeline/2023/index.html",
        "people/index.html",
        "people/kim-jong-un/index.html",
        "sources/index.html",
        "sources/yonhap/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "topics/nk-russia/atom.xml",
        "sitemap.xml",
        ".briefing-site",
        "static/style.css",
        "static/syntax.css",
        "search/meta.json",
    ] {
        assert!(a.site().join(page).is_file(), "{page} missing");
    }
    assert!(
        !a.site().join("articles/work-in-progress").exists(),
        "drafts are not published"
    );
    let broken = broken_links(&a.site(), "/briefing/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn article_page_shows_facts_neighbours_related_and_code() {
    let a = sample();
    a.build(&[]);
    let p = a.page("articles/kim-and-putin-sign-partnership-treaty/index.html");
    assert!(
        p.contains("<time datetime=\"2024-06-19\" data-precision=\"day\">19 June 2024</time>"),
        "{p}"
    );
    assert!(
        p.contains("href=\"/briefing/sources/yonhap/\""),
        "source links to its page"
    );
    assert!(
        p.contains("href=\"https://example.com/summit\""),
        "link to the original"
    );
    assert!(p.contains("Kim Ji-eun"));
    // People written as aliases are filed under the gazetteer's name.
    assert!(
        p.contains("href=\"/briefing/people/kim-jong-un/\">Kim Jong-un</a>"),
        "{p}"
    );
    assert!(p.contains("href=\"/briefing/people/vladimir-putin/\">Vladimir Putin</a>"));
    assert!(p.contains("min ("), "reading time");
    // Highlighted with classes, and the theme's stylesheet is written.
    assert!(
        p.contains("<pre class=\"code\" data-lang=\"json\">") && p.contains("class=\"hl-"),
        "code not highlighted"
    );
    assert!(!p.contains("style=\""), "no inline styles");
    assert!(a.page("static/syntax.css").contains(".hl-"));
    // Previous (older) is the May article; there is no newer dated article.
    let prev_next = &p[p.find("class=\"prev-next\"").unwrap()..];
    assert!(
        prev_next.contains("rel=\"prev\" href=\"/briefing/articles/general-assembly-debates-the-veto/\""),
        "{prev_next}"
    );
    assert!(!prev_next[..prev_next.find("</nav>").unwrap()].contains("rel=\"next\""));
    // Related: the panel article shares a topic and a person, so it comes first.
    let related = &p[p.find("id=\"related-h\"").unwrap()..];
    let first = related.find("UN panel of experts mandate ends").unwrap();
    let other = related.find("An undated analysis").unwrap_or(usize::MAX);
    assert!(first < other, "best related first: {related}");
}

#[test]
fn listings_are_ordered_paginated_and_grouped_by_month() {
    let a = sample();
    a.build(&[]);
    // nk-russia: summit (2024-06-19), panel (2024-04), undated, newest first. Two per page
    // and three articles: too few for a second page (see `pages_count_from_the_oldest`).
    let p1 = a.page("topics/nk-russia/index.html");
    let (s, panel, undated) = (
        p1.find("Kim and Putin sign partnership treaty").unwrap(),
        p1.find("UN panel of experts mandate ends").unwrap(),
        p1.find("An undated analysis").unwrap(),
    );
    assert!(s < panel && panel < undated, "newest first, undated last");
    assert!(
        p1.contains("id=\"m-2024-06\"") && p1.contains("id=\"m-2024-04\"") && p1.contains("id=\"m-undated\""),
        "month anchors"
    );
    assert!(p1.contains("Ties between Pyongyang and Moscow."), "topic description");
    assert!(!p1.contains("class=\"pager\""), "one page needs no pager");
    assert!(!a.site().join("topics/nk-russia/page").exists());
    // Month precision is shown as a month, never as an invented day.
    assert!(p1.contains("<time datetime=\"2024-04\" data-precision=\"month\">April 2024</time>"));
    // Other Korea news holds the article with no topic.
    assert!(a.page("topics/other/index.html").contains("Kim urges more drills"));
    // Home: latest first, topic counts, the latest year.
    let home = a.page("index.html");
    assert!(home.find("Kim and Putin sign").unwrap() < home.find("General Assembly debates").unwrap());
    assert!(home.contains("2024 on the timeline"));
    // The latest year's months with their counts, newest first, each leading to its page.
    let june = home
        .find("<a href=\"/briefing/timeline/2024/06/\">June</a>")
        .expect("June on the home page");
    let april = home
        .find("<a href=\"/briefing/timeline/2024/04/\">April</a>")
        .expect("April on the home page");
    assert!(june < april, "newest month first");
}

/// Pages are counted from the oldest article, so a new article changes the listing's first
/// page and leaves every numbered page byte for byte as it was.
#[test]
fn pages_count_from_the_oldest_and_stay_put() {
    let a = Archive::new(CONFIG);
    let add = |n: u32| {
        a.article(
            &format!("a{n:02}"),
            &format!("title = \"Report number {n}\"\ndate = 2020-01-{n:02}\ntopics = [\"nk-russia\"]"),
            "Text.",
        );
    };
    for n in 1..=10 {
        add(n);
    }
    a.build(&[]);
    // Ten articles, two per page: page 1 holds 1–2, page 2 holds 3–4 … page 4 holds 7–8,
    // and the first page the newest full page, 9–10.
    let first = a.page("topics/nk-russia/index.html");
    // (The titles the page shows: its head names them again, in its JSON-LD.)
    let titles = |page: &str| -> Vec<u32> {
        page[page.find("<main").unwrap()..]
            .split("Report number ")
            .skip(1)
            .map(|t| t[..t.find('<').unwrap()].parse().unwrap())
            .collect()
    };
    let numbered = || -> Vec<String> {
        (1..=4)
            .map(|k| a.page(&format!("topics/nk-russia/page/{k}/index.html")))
            .collect()
    };
    assert_eq!(titles(&first), [10, 9]);
    assert!(first.contains("10 articles"));
    let before = numbered();
    let got: Vec<Vec<u32>> = before.iter().map(|p| titles(p)).collect();
    assert_eq!(got, [vec![2, 1], vec![4, 3], vec![6, 5], vec![8, 7]]);
    assert!(!a.site().join("topics/nk-russia/page/5").exists());
    // Links: Newer and Older walk the pages in order.
    let (p1, p4) = (&before[0], &before[3]);
    assert!(
        first.contains("rel=\"next\" href=\"/briefing/topics/nk-russia/page/4/\""),
        "{first}"
    );
    assert!(p4.contains("rel=\"prev\" href=\"/briefing/topics/nk-russia/\""));
    assert!(p4.contains("rel=\"next\" href=\"/briefing/topics/nk-russia/page/3/\""));
    assert!(p1.contains("rel=\"prev\" href=\"/briefing/topics/nk-russia/page/2/\""));
    assert!(!p1.contains("rel=\"next\""));
    assert!(p1.contains("Page 1 · January 2020"), "{p1}");
    // An eleventh article joins the first page; no numbered page changes a byte.
    add(11);
    a.build(&[]);
    assert_eq!(titles(&a.page("topics/nk-russia/index.html")), [11, 10, 9]);
    assert_eq!(numbered(), before);
    // A twelfth fills a page: page 5 appears (9–10) and the first page keeps 11–12. Only the
    // newest few numbered pages change (their links to the pages above them).
    add(12);
    a.build(&[]);
    assert_eq!(titles(&a.page("topics/nk-russia/index.html")), [12, 11]);
    assert_eq!(titles(&a.page("topics/nk-russia/page/5/index.html")), [10, 9]);
    assert_eq!(&a.page("topics/nk-russia/page/1/index.html"), p1);
    let broken = broken_links(&a.site(), "/briefing/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn timeline_keeps_undated_apart_and_years_in_order() {
    let a = sample();
    a.build(&[]);
    let t = a.page("timeline/index.html");
    let undated = t.find("id=\"undated\"").expect("Undated section");
    assert!(t[undated..].contains("href=\"/briefing/timeline/undated/\">1 article whose date is not known"));
    // Undated articles have a listing of their own, paginated like any other.
    assert!(a.page("timeline/undated/index.html").contains("An undated analysis"));
    assert!(t.find("id=\"y-2024\"").unwrap() < t.find("id=\"y-2023\"").unwrap());
    assert!(
        t.contains("href=\"/briefing/timeline/2024/06/\""),
        "the overview links each month's page"
    );
    // A year page lists its months, reading forward in time, each with its count.
    let y = a.page("timeline/2024/index.html");
    let (april, may, june) = (
        y.find("href=\"/briefing/timeline/2024/04/\">April").unwrap(),
        y.find("href=\"/briefing/timeline/2024/05/\">May").unwrap(),
        y.find("href=\"/briefing/timeline/2024/06/\">June").unwrap(),
    );
    assert!(april < may && may < june, "{y}");
    assert!(!y.contains("An undated analysis"));
    // A month page holds its articles as cards, and leads to the months either side.
    let june = a.page("timeline/2024/06/index.html");
    assert!(june.contains("<h1>June 2024</h1>"));
    assert!(june.contains("Kim and Putin sign"));
    assert!(!june.contains("General Assembly debates"));
    assert!(june.contains("class=\"markers\""), "topic markers on the timeline");
    assert!(
        june.contains("href=\"/briefing/timeline/2024/05/\""),
        "the earlier month"
    );
    let april = a.page("timeline/2024/04/index.html");
    assert!(april.contains("UN panel of experts"));
    assert!(
        april.contains("href=\"/briefing/timeline/2023/09/\""),
        "the earlier month, across years"
    );
    // An article links to its month.
    let article = a.page("articles/kim-and-putin-sign-partnership-treaty/index.html");
    assert!(article.contains("href=\"/briefing/timeline/2024/06/\""));
}

#[test]
fn feeds_and_sitemap_use_absolute_urls_and_parse_as_xml() {
    let a = sample();
    a.build(&[]);
    for f in ["atom.xml", "topics/nk-russia/atom.xml", "sitemap.xml"] {
        let xml = a.page(f);
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{f} is not well-formed: {e}"),
            }
        }
        assert!(xml.contains("https://example.org/briefing/articles/"), "{f}: {xml}");
    }
    assert!(!a.page("sitemap.xml").contains("work-in-progress"));
}

#[test]
fn drafts_flag_publishes_drafts() {
    let a = sample();
    a.build(&["--drafts"]);
    assert!(a.site().join("articles/work-in-progress/index.html").is_file());
}

#[test]
fn same_input_gives_identical_bytes() {
    let a = sample();
    let out1 = a.root().join("out1");
    let out2 = a.root().join("out2");
    a.build(&["--clean", "--output", out1.to_str().unwrap()]);
    a.build(&["--clean", "--output", out2.to_str().unwrap()]);
    assert_same_tree(&out1, &out2);
}

#[test]
fn archive_templates_override_the_defaults() {
    let a = sample();
    a.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost at sea</h1>{% endblock main %}",
    );
    a.build(&[]);
    assert!(a.page("404.html").contains("Lost at sea"));
    assert!(
        a.page("index.html").contains("Latest articles"),
        "other templates stay the defaults"
    );
}

#[test]
fn works_at_the_host_root_too() {
    let a = sample();
    a.build(&["--base-url", "https://briefing.example.net"]);
    assert!(a.page("index.html").contains("href=\"/topics/nk-russia/\""));
    assert!(a.page("atom.xml").contains("https://briefing.example.net/articles/"));
    let broken = broken_links(&a.site(), "/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

/// Pages ask for each stylesheet and script with a version made from its bytes, so a host may
/// cache them for a year: an archive's own style.css gives every page a new address for it.
#[test]
fn static_files_are_asked_for_by_version() {
    let a = Archive::new(CONFIG);
    a.article("one", "title = \"One\"\ndate = 2024-06-19", "Text.");
    a.build(&[]);
    let version = |page: &str| {
        let html = a.page(page);
        let at = html.find("static/style.css?v=").expect("a versioned stylesheet");
        html[at..].split('"').next().unwrap().to_string()
    };
    let before = version("index.html");
    assert_eq!(version("articles/one/index.html"), before);
    assert!(a.page("search/index.html").contains("static/search.js?v="));
    a.write("static/style.css", "body { color: #111; }");
    a.build(&[]);
    let after = version("index.html");
    assert_ne!(after, before, "a changed stylesheet gets a new address");
    assert_eq!(
        version("articles/one/index.html"),
        after,
        "on every page, incrementally too"
    );
    assert_eq!(
        std::fs::read_to_string(a.site().join("static/style.css")).unwrap(),
        "body { color: #111; }"
    );
}
