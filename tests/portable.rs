//! `relative_urls`: a site that works from disk and at any address. Every link, stylesheet,
//! script and image of every page names a file that exists, found from the page itself;
//! canonical URLs, feeds and the sitemap stay absolute.

mod common;
use briefing::check::html::scan;
use common::{Archive, CONFIG, assert_same_tree, tree};
use std::path::Path;

const BASE: &str = "https://example.org/briefing/";

fn relative_config() -> String {
    CONFIG.replace(
        "base_url = \"https://example.org/briefing/\"",
        "base_url = \"https://example.org/briefing/\"\nrelative_urls = true",
    )
}

/// Enough articles for paginated listings (two a page), people, sources, months of several
/// years, an undated article and an earlier address that redirects.
fn sample(config: &str) -> Archive {
    let a = Archive::new(config);
    for i in 0..6 {
        let topic = if i % 2 == 0 { "nk-russia" } else { "un-diplomacy" };
        a.article(
            &format!("a{i}"),
            &format!(
                "title = \"Story number {i}\"\ndate = 202{}-0{}-1{i}\nsource = \"Yonhap\"\nurl = \"https://news.example/{i}\"\ntopics = [\"{topic}\"]\npeople = [\"Kim Jong-un\"]",
                3 + i % 2,
                1 + i
            ),
            &format!("Body {i}.\n\n## A heading\n\nMore."),
        );
    }
    a.article(
        "moved",
        "title = \"A story that moved\"\ndate = 2024-02-02\naliases = [\"/articles/old-name/\"]\ntopics = [\"nk-russia\"]",
        "Text.",
    );
    a.article("undated", "title = \"No date known\"\nsource = \"KCNA\"", "Text.");
    a
}

/// Each link of each page (but the 404 page) that is not relative or names no file.
fn unresolved(site: &Path) -> Vec<String> {
    let files = tree(site);
    let mut bad = Vec::new();
    for (rel, bytes) in &files {
        // A host serves the 404 page at any address: it keeps root-relative links (checked
        // below), and `file://` never shows it.
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let page = scan(&String::from_utf8_lossy(bytes));
        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        for r in &page.refs {
            let url = r.url.as_str();
            if url.starts_with("https://") || url.starts_with("http://") {
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let path = path.split('?').next().unwrap();
            if path.is_empty() {
                if !fragment.is_empty() && !page.ids.contains(fragment) {
                    bad.push(format!("{rel}: {url}: no such id"));
                }
                continue;
            }
            if path.starts_with('/') || path.ends_with('/') {
                bad.push(format!("{rel}: {url}: not a relative link to a file"));
                continue;
            }
            let target = normalise(&dir.join(path));
            match files.get(&target) {
                None => bad.push(format!("{rel}: {url}: no file {target}")),
                Some(t) if !fragment.is_empty() && !scan(&String::from_utf8_lossy(t)).ids.contains(fragment) => {
                    bad.push(format!("{rel}: {url}: no id {fragment:?} in {target}"))
                }
                Some(_) => {}
            }
        }
    }
    bad
}

/// `a/b/../c` as `a/c`, with `/` between parts; a path that climbs out of the site keeps
/// its `..` (and so names no file of it).
fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir if parts.last().is_some_and(|l| l != "..") => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            c => parts.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

#[test]
fn every_link_of_every_page_resolves_from_the_page_itself() {
    let a = sample(&relative_config());
    a.build(&[]);
    let bad = unresolved(&a.site());
    assert!(bad.is_empty(), "{} unresolved:\n{}", bad.len(), bad.join("\n"));
    // The pages checked include the deep ones, and they were checked for something.
    let deep = a.page("topics/nk-russia/page/1/index.html");
    assert!(deep.contains("href=\"../../../../static/style.css?v="), "{deep}");
    let redirect = a.page("articles/old-name/index.html");
    assert!(
        redirect.contains("url=../../articles/a-story-that-moved/index.html"),
        "{redirect}"
    );
}

#[test]
fn canonical_addresses_feeds_and_the_sitemap_stay_absolute() {
    let a = sample(&relative_config());
    a.build(&[]);
    let topic = scan(&a.page("topics/nk-russia/index.html"));
    let canonical: Vec<&str> = topic
        .refs
        .iter()
        .filter(|r| r.rel == "canonical")
        .map(|r| r.url.as_str())
        .collect();
    assert_eq!(canonical, [format!("{BASE}topics/nk-russia/")]);
    let article = a.page("articles/story-number-0/index.html");
    assert!(article.contains(&format!(
        "<meta property=\"og:url\" content=\"{BASE}articles/story-number-0/\">"
    )));
    let json_ld = article
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(v["url"], format!("{BASE}articles/story-number-0/"));
    for feed in ["atom.xml", "topics/nk-russia/atom.xml"] {
        let xml = a.page(feed);
        let hrefs: Vec<&str> = xml
            .split("href=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert!(
            !hrefs.is_empty() && hrefs.iter().all(|h| h.starts_with(BASE)),
            "{feed}: {hrefs:?}"
        );
    }
    let sitemap = a.page("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert!(locs.len() > 10 && locs.iter().all(|l| l.starts_with(BASE)), "{locs:?}");
    // The 404 page is served at any depth: root-relative links, under the base path.
    let not_found = scan(&a.page("404.html"));
    let local: Vec<&str> = not_found
        .refs
        .iter()
        .map(|r| r.url.as_str())
        .filter(|u| !u.starts_with("http"))
        .collect();
    assert!(
        local.iter().all(|u| u.starts_with("/briefing/") || u.starts_with('#')),
        "{local:?}"
    );
}

#[test]
fn search_results_link_from_the_search_page() {
    let a = sample(&relative_config());
    a.build(&[]);
    let search = a.page("search/index.html");
    assert!(search.contains("data-index=\"../search/\""), "{search}");
    let docs = a.page("search/docs-0.json");
    let v: serde_json::Value = serde_json::from_str(&docs).unwrap();
    let urls: Vec<&str> = v.as_array().unwrap().iter().map(|d| d[1].as_str().unwrap()).collect();
    assert!(!urls.is_empty());
    for u in urls {
        let file = normalise(&Path::new("search").join(u));
        assert!(a.site().join(&file).is_file(), "{u} from search/ names no file");
    }
}

#[test]
fn the_flag_equals_the_setting_and_toggling_it_rewrites_every_page() {
    let a = sample(CONFIG);
    a.build(&[]);
    let root_relative = tree(&a.site());
    // Incremental, with the flag: every page is rewritten, and equals a clean build.
    a.build(&["--relative-urls"]);
    let clean = a.root().join("clean");
    a.build(&["--relative-urls", "--clean", "--output", clean.to_str().unwrap()]);
    assert_same_tree(&a.site(), &clean);
    // The setting in briefing.toml does what the flag does.
    a.write("briefing.toml", &relative_config());
    a.build(&["--clean", "--output", clean.to_str().unwrap()]);
    assert_same_tree(&a.site(), &clean);
    a.write("briefing.toml", CONFIG);
    let changed = tree(&a.site())
        .iter()
        .filter(|(f, b)| f.ends_with(".html") && root_relative.get(*f) != Some(b))
        .count();
    let pages = root_relative
        .keys()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
        .count();
    assert_eq!(changed, pages, "every page but the 404 page changes with the setting");
    // And back: the same bytes as before.
    a.build(&[]);
    assert_eq!(tree(&a.site()), root_relative);
}
