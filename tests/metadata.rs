//! What pages say about themselves: schema.org JSON-LD, checked against the vocabulary's
//! types, and Open Graph and Twitter tags, with hostile text in every field they carry.

mod common;
use common::{Archive, CONFIG};
use serde_json::Value;
use std::collections::BTreeMap;

const BASE: &str = "https://example.org/briefing/";

/// A title that would end the JSON-LD element, open a comment, close an attribute or a JSON
/// string, or break a line in older JavaScript, if any of it were written unescaped.
const HOSTILE: &str = "Kim \"Rocket\" </script><script>alert(1)</script> <!-- '&amp; \\ \u{2028}\u{2029} 러시아 Москва";

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Articles dated to the day, the month and the year, and not at all; a hostile one; one
/// without a summary; one in Korean.
fn sample() -> Archive {
    let a = Archive::new(CONFIG);
    let hostile_front = format!(
        "title = {}\ndate = 2024-06-19\nsource = {}\nbyline = {}\nurl = {}\ntopics = [\"nk-russia\", \"un-diplomacy\"]\npeople = [\"Kim Jong-un\", \"Vladimir Putin\"]\nsummary = {}",
        toml_str(HOSTILE),
        toml_str("Yonhap </script><!--"),
        toml_str("Kim Ji-eun \"<!--\" </script>"),
        toml_str("https://example.com/a?x=1&y=</script>"),
        toml_str(&format!("Summary: {HOSTILE}")),
    );
    a.article("hostile", &hostile_front, "Body </script><!-- text.");
    a.article(
        "month",
        "title = \"Treaty talks continue\"\ndate = \"2024-05\"\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]",
        "The U.S. envoy met Mr. Kim in N. Korea on Monday. A second sentence follows.",
    );
    a.article(
        "year",
        "title = \"A year of sanctions\"\ndate = \"2023\"\ntopics = [\"un-diplomacy\"]\nsummary = \"A review.\"",
        "Text.",
    );
    a.article(
        "undated",
        "title = \"An undated analysis\"\ntopics = []\nsummary = \"No date.\"",
        "Text.",
    );
    a.article(
        "korean",
        "title = \"김정은, 러시아 방문\"\ndate = 2024-06-18\nsource = \"연합뉴스\"\ntopics = [\"nk-russia\"]",
        "김정은 국무위원장이 러시아를 방문했다. 북러 정상회담이 열렸다. 양국은 조약에 서명했다. 평양에서 회담이 진행되었다.",
    );
    a.article(
        "older",
        "title = \"Rail link reopens\"\ndate = 2022-01-10\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]",
        "The rail link across the Tumen reopened.",
    );
    a.build(&[]);
    a
}

/// The JSON-LD blocks of a page, parsed; each must be one JSON value with no markup
/// characters in its text (the escaping is what keeps it inside its element).
fn json_ld(html: &str) -> Vec<Value> {
    let open = r#"<script type="application/ld+json">"#;
    html.match_indices(open)
        .map(|(at, _)| {
            let rest = &html[at + open.len()..];
            let text = &rest[..rest.find("</script>").expect("closed")];
            for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                assert!(!text.contains(c), "{c:?} unescaped in JSON-LD: {text}");
            }
            serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}): {text}"))
        })
        .collect()
}

/// The page's single JSON-LD value, checked against schema.org.
fn the_json_ld(html: &str) -> Value {
    let mut all = json_ld(html);
    assert_eq!(all.len(), 1, "one JSON-LD block per page");
    let v = all.remove(0);
    assert_eq!(v["@context"], "https://schema.org");
    check_thing(&v, "$");
    v
}

/// What a property's value may be, after schema.org's ranges (restricted to what briefing
/// writes: no property may be missing from this list for its type).
#[derive(Clone, Copy)]
enum Range {
    Text,
    /// An absolute http(s) URL under the site's base, or any absolute URL (`Url(false)`).
    Url(bool),
    /// ISO 8601 at year, month or day precision.
    Date,
    DateTime,
    Integer,
    /// One of these types, or a list of them.
    Things(&'static [&'static str]),
    /// Text or a list of Text.
    Texts,
}

fn properties(ty: &str) -> &'static [(&'static str, Range)] {
    use Range::*;
    const CREATIVE: &[(&str, Range)] = &[
        ("name", Text),
        ("headline", Text),
        ("description", Text),
        ("url", Url(true)),
        ("inLanguage", Text),
        ("isPartOf", Things(&["WebSite"])),
        ("about", Things(&["Person", "Organization", "Thing"])),
        ("mainEntity", Things(&["ItemList"])),
        ("mainEntityOfPage", Things(&["WebPage"])),
        ("datePublished", Date),
        ("dateModified", DateTime),
        ("author", Things(&["Person", "Organization"])),
        ("publisher", Things(&["Organization", "Person"])),
        ("isBasedOn", Url(false)),
        ("keywords", Texts),
        ("articleSection", Text),
        ("wordCount", Integer),
    ];
    match ty {
        "NewsArticle" | "CollectionPage" => CREATIVE,
        "WebSite" => &[
            ("name", Text),
            ("description", Text),
            ("url", Url(true)),
            ("inLanguage", Text),
            ("potentialAction", Things(&["SearchAction"])),
        ],
        "WebPage" => &[("@id", Url(true))],
        "ItemList" => &[("itemListElement", Things(&["ListItem"])), ("numberOfItems", Integer)],
        "ListItem" => &[("position", Integer), ("url", Url(true)), ("name", Text)],
        "SearchAction" => &[("target", Things(&["EntryPoint"])), ("query-input", Text)],
        "EntryPoint" => &[("urlTemplate", Text)],
        "Person" | "Organization" => &[("name", Text), ("url", Url(true))],
        other => panic!("unexpected schema.org type {other}"),
    }
}

/// Checks an object and everything in it against [`properties`]; `at` names it in failures.
fn check_thing(v: &Value, at: &str) {
    let obj = v.as_object().unwrap_or_else(|| panic!("{at}: not an object: {v}"));
    let ty = obj["@type"].as_str().unwrap_or_else(|| panic!("{at}: no @type"));
    let props = properties(ty);
    for (key, value) in obj {
        if key == "@type" || key == "@context" {
            continue;
        }
        let range = props
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{at}: {ty} has no property {key}"))
            .1;
        check_value(value, range, &format!("{at}.{key}"));
    }
}

fn check_value(v: &Value, range: Range, at: &str) {
    static DATE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^\d{4}(-\d{2}(-\d{2})?)?$").unwrap());
    let date = &*DATE;
    let text = || v.as_str().unwrap_or_else(|| panic!("{at}: not text: {v}"));
    match range {
        Range::Text => assert!(!text().is_empty(), "{at}: empty"),
        Range::Url(ours) => {
            let u = url::Url::parse(text()).unwrap_or_else(|e| panic!("{at}: not a URL ({e})"));
            assert!(matches!(u.scheme(), "http" | "https"), "{at}: {u}");
            assert!(!ours || u.as_str().starts_with(BASE), "{at}: {u} is not under {BASE}");
        }
        Range::Date => assert!(date.is_match(text()), "{at}: {v} is not a date"),
        Range::DateTime => assert!(text().parse::<jiff::Timestamp>().is_ok(), "{at}: {v}"),
        Range::Integer => assert!(v.as_u64().is_some(), "{at}: not an integer: {v}"),
        Range::Texts => match v.as_array() {
            Some(list) => list.iter().for_each(|t| check_value(t, Range::Text, at)),
            None => check_value(v, Range::Text, at),
        },
        Range::Things(types) => {
            let list = v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
            for (k, thing) in list.iter().enumerate() {
                let ty = thing["@type"].as_str().unwrap_or_default();
                assert!(types.contains(&ty), "{at}[{k}]: {ty} is not one of {types:?}");
                check_thing(thing, &format!("{at}[{k}]"));
            }
        }
    }
}

/// `<meta property|name="…" content="…">` of a page, values unescaped, in order.
fn meta_tags(html: &str) -> Vec<(String, String)> {
    let head = &html[..html.find("</head>").expect("a head")];
    let re = regex::Regex::new(r#"<meta (?:property|name)="([^"]+)" content="([^"]*)">"#).unwrap();
    re.captures_iter(head)
        .map(|c| (c[1].to_string(), unescape(&c[2])))
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn one<'t>(tags: &'t [(String, String)], key: &str) -> Option<&'t str> {
    let found: Vec<&str> = tags.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect();
    assert!(found.len() <= 1, "{key} given {} times", found.len());
    found.first().copied()
}

fn canonical(html: &str) -> String {
    let re = regex::Regex::new(r#"<link rel="canonical" href="([^"]*)">"#).unwrap();
    unescape(&re.captures(html).expect("a canonical link")[1])
}

/// The article page that a JSON-LD or card URL names.
fn page_of(a: &Archive, url: &str) -> String {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    a.page(&format!("{rel}index.html"))
}

/// Every article page, by its JSON-LD headline.
fn articles(a: &Archive) -> BTreeMap<String, String> {
    std::fs::read_dir(a.site().join("articles"))
        .unwrap()
        .map(|e| {
            let html = std::fs::read_to_string(e.unwrap().path().join("index.html")).unwrap();
            let ld = the_json_ld(&html);
            (ld["headline"].as_str().unwrap().to_string(), html)
        })
        .collect()
}

#[test]
fn article_json_ld_is_a_news_article_with_every_field_at_its_precision() {
    let a = sample();
    let pages = articles(&a);
    assert_eq!(pages.len(), 6, "{:?}", pages.keys());
    let hostile = &pages[HOSTILE];
    let ld = the_json_ld(hostile);
    assert_eq!(ld["@type"], "NewsArticle");
    // Hostile text comes back whole from the JSON: escaped, never cut or altered.
    assert_eq!(ld["headline"], HOSTILE);
    assert_eq!(ld["description"], format!("Summary: {HOSTILE}"));
    assert_eq!(ld["datePublished"], "2024-06-19");
    assert_eq!(ld["author"]["@type"], "Person");
    assert_eq!(ld["author"]["name"], "Kim Ji-eun \"<!--\" </script>");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], "Yonhap </script><!--");
    assert_eq!(ld["isBasedOn"], "https://example.com/a?x=1&y=</script>");
    assert_eq!(ld["url"], canonical(hostile));
    assert_eq!(ld["mainEntityOfPage"]["@id"], canonical(hostile));
    assert_eq!(ld["articleSection"], "North Korea–Russia ties");
    let keywords: Vec<&str> = ld["keywords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    for k in [
        "North Korea–Russia ties",
        "UN diplomacy",
        "Kim Jong-un",
        "Vladimir Putin",
    ] {
        assert!(keywords.contains(&k), "{k} not in {keywords:?}");
    }
    let about: Vec<&str> = ld["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(about, ["Kim Jong-un", "Vladimir Putin"]);
    // Each person's page exists where `about` says.
    for p in ld["about"].as_array().unwrap() {
        assert!(page_of(&a, p["url"].as_str().unwrap()).contains(p["name"].as_str().unwrap()));
    }
    // The time the archive recorded for it (a first build: when it entered).
    assert!(ld["dateModified"].as_str().is_some_and(|t| t.ends_with('Z')), "{ld}");

    // Month and year precision stay what they are; an article without a byline is by its
    // source; one with neither is published by the site.
    let month = the_json_ld(&pages["Treaty talks continue"]);
    assert_eq!(month["datePublished"], "2024-05");
    assert_eq!(
        month["author"],
        serde_json::json!({"@type": "Organization", "name": "KCNA"})
    );
    let year = the_json_ld(&pages["A year of sanctions"]);
    assert_eq!(year["datePublished"], "2023");
    assert!(year.get("author").is_none(), "no author is invented: {year}");
    assert_eq!(year["publisher"]["name"], "Test Briefing");
    let undated = the_json_ld(&pages["An undated analysis"]);
    assert!(undated.get("datePublished").is_none(), "no date is invented: {undated}");
    assert!(undated.get("articleSection").is_none() && undated.get("keywords").is_none());
    // An article in Korean says so, whatever the site's language.
    let korean = the_json_ld(&pages["김정은, 러시아 방문"]);
    assert_eq!(korean["inLanguage"], "ko");
    assert_eq!(month["inLanguage"], "en");
}

#[test]
fn listing_and_home_json_ld_list_what_the_page_shows() {
    let a = sample();
    let card_link = regex::Regex::new(r#"class="card-title"><a href="/briefing/([^"]+)""#).unwrap();
    // A topic's first page (two per page in CONFIG, so the listing is paginated).
    for rel in [
        "topics/nk-russia/",
        "topics/nk-russia/page/1/",
        "timeline/2024/06/",
        "people/kim-jong-un/",
    ] {
        let html = a.page(&format!("{rel}index.html"));
        let ld = the_json_ld(&html);
        assert_eq!(ld["@type"], "CollectionPage", "{rel}");
        assert_eq!(ld["url"], format!("{BASE}{rel}"));
        let list = &ld["mainEntity"];
        let items = list["itemListElement"].as_array().unwrap();
        assert_eq!(list["numberOfItems"], items.len());
        // The list is the page's cards, in the page's order, each naming its article.
        let cards: Vec<String> = card_link
            .captures_iter(&html)
            .map(|c| format!("{BASE}{}", &c[1]))
            .collect();
        let urls: Vec<&str> = items.iter().map(|i| i["url"].as_str().unwrap()).collect();
        assert!(
            !urls.is_empty() && urls == cards,
            "{rel}: {urls:?} against cards {cards:?}"
        );
        for (k, item) in items.iter().enumerate() {
            assert_eq!(item["position"], k + 1);
            let article = the_json_ld(&page_of(&a, item["url"].as_str().unwrap()));
            assert_eq!(item["name"], article["headline"]);
        }
    }
    let person = the_json_ld(&a.page("people/kim-jong-un/index.html"));
    assert_eq!(person["about"]["@type"], "Person");
    assert_eq!(person["about"]["name"], "Kim Jong-un");
    // The timeline's year lists its months; the overview its years; a terms page its terms.
    for rel in ["timeline/2024/", "timeline/", "topics/", "people/", "sources/"] {
        let ld = the_json_ld(&a.page(&format!("{rel}index.html")));
        assert_eq!(ld["@type"], "CollectionPage", "{rel}");
        for item in ld["mainEntity"]["itemListElement"].as_array().unwrap() {
            assert!(
                a.site()
                    .join(item["url"].as_str().unwrap().strip_prefix(BASE).unwrap())
                    .join("index.html")
                    .is_file(),
                "{rel}: {item}"
            );
        }
    }

    let home = the_json_ld(&a.page("index.html"));
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(home["url"], BASE);
    let action = &home["potentialAction"];
    let target = action["target"]["urlTemplate"].as_str().unwrap();
    assert_eq!(target, format!("{BASE}search/?q={{search_term_string}}"));
    assert_eq!(action["query-input"], "required name=search_term_string");
    let search = target.strip_prefix(BASE).unwrap().split('?').next().unwrap();
    assert!(
        a.site().join(search).join("index.html").is_file(),
        "the search page is there"
    );
    assert!(json_ld(&a.page("search/index.html")).is_empty());
}

#[test]
fn open_graph_and_twitter_tags_are_present_and_escaped() {
    let a = sample();
    let pages = articles(&a);
    let html = &pages[HOSTILE];
    let tags = meta_tags(html);
    assert_eq!(one(&tags, "og:type"), Some("article"));
    assert_eq!(one(&tags, "og:title"), Some(HOSTILE));
    assert_eq!(one(&tags, "twitter:title"), Some(HOSTILE));
    assert_eq!(one(&tags, "og:url"), Some(canonical(html).as_str()));
    assert!(one(&tags, "og:url").unwrap().starts_with(BASE));
    assert_eq!(one(&tags, "og:site_name"), Some("Test Briefing"));
    assert_eq!(one(&tags, "og:locale"), Some("en_US"));
    let summary = format!("Summary: {HOSTILE}");
    for key in ["description", "og:description", "twitter:description"] {
        assert_eq!(one(&tags, key), Some(summary.as_str()), "{key}");
    }
    assert_eq!(one(&tags, "twitter:card"), Some("summary"));
    assert_eq!(one(&tags, "article:published_time"), Some("2024-06-19"));
    assert_eq!(one(&tags, "article:section"), Some("North Korea–Russia ties"));
    let article_tags: Vec<&str> = tags
        .iter()
        .filter(|(k, _)| k == "article:tag")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        article_tags,
        [
            "North Korea–Russia ties",
            "UN diplomacy",
            "Kim Jong-un",
            "Vladimir Putin"
        ]
    );
    // Nothing the title holds became markup in the head.
    let head = &html[..html.find("</head>").unwrap()];
    assert_eq!(head.matches("<script").count(), 1, "only the JSON-LD block: {head}");
    assert!(!head.contains("<!--"), "{head}");

    // A month is not a publication time; an article without a summary is described by its
    // first sentence (abbreviations do not end it).
    let month = meta_tags(&pages["Treaty talks continue"]);
    assert_eq!(one(&month, "article:published_time"), None);
    assert_eq!(
        one(&month, "description"),
        Some("The U.S. envoy met Mr. Kim in N. Korea on Monday.")
    );
    assert_eq!(
        one(&meta_tags(&pages["A year of sanctions"]), "article:published_time"),
        None
    );
    let undated = meta_tags(&pages["An undated analysis"]);
    assert_eq!(one(&undated, "article:published_time"), None);
    assert_eq!(one(&undated, "article:section"), None);
    assert_eq!(
        one(&meta_tags(&pages["김정은, 러시아 방문"]), "og:locale"),
        Some("ko_KR")
    );

    // Every other page is a website with a description of its own.
    for rel in [
        "index.html",
        "topics/nk-russia/index.html",
        "timeline/index.html",
        "search/index.html",
        "404.html",
    ] {
        let tags = meta_tags(&a.page(rel));
        assert_eq!(one(&tags, "og:type"), Some("website"), "{rel}");
        assert!(one(&tags, "description").is_some_and(|d| !d.is_empty()), "{rel}");
        assert_eq!(one(&tags, "og:description"), one(&tags, "description"), "{rel}");
        assert_eq!(one(&tags, "article:published_time"), None, "{rel}");
    }
}
