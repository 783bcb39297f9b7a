//! What a cited archive must keep: addresses, honest feeds, and an output folder that is
//! briefing's alone.

mod common;
use common::{Archive, CONFIG, good, tree};
use std::path::Path;

fn dated(a: &Archive, name: &str, title: &str, date: &str) {
    a.article(
        name,
        &format!("title = \"{title}\"\ndate = {date}\ntopics = [\"nk-russia\"]"),
        &format!("Text of {name}."),
    );
}

#[test]
fn output_folder_holding_other_files_is_refused_and_left_intact() {
    let a = good();
    let theirs = a.root().join("theirs");
    std::fs::create_dir_all(theirs.join("notes")).unwrap();
    std::fs::write(theirs.join("notes/plan.txt"), "mine").unwrap();
    let err = a.build_fails(&["--output", theirs.to_str().unwrap()]);
    assert!(err.contains("theirs") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(theirs.join("notes/plan.txt")).unwrap(), "mine");

    // An empty folder, or briefing's own output, is fine; --force takes over any folder.
    let empty = a.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    a.build(&["--output", empty.to_str().unwrap()]);
    a.build(&["--clean", "--output", empty.to_str().unwrap()]);
    a.build(&["--clean"]);
    a.build(&["--force", "--output", theirs.to_str().unwrap()]);
    assert!(theirs.join("index.html").is_file());
}

/// Copies a tree as hard links, as `cp -al` does.
fn link_tree(from: &Path, to: &Path) {
    for rel in tree(from).keys() {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::hard_link(from.join(rel), dest).unwrap();
    }
}

#[test]
fn a_hard_linked_snapshot_of_the_site_never_changes() {
    let a = Archive::new(CONFIG);
    dated(&a, "one", "First story", "2024-01-01");
    a.build(&[]);
    let snap = tempfile::tempdir().unwrap();
    link_tree(&a.site(), snap.path());
    let before = tree(snap.path());
    // Enough builds that spare files come round to pages of the snapshot.
    for i in 0..6 {
        dated(
            &a,
            &format!("n{i}"),
            &format!("Story number {i}"),
            &format!("2024-02-0{}", i + 1),
        );
        dated(&a, "one", &format!("First story, edit {i}"), "2024-01-01");
        a.build(&[]);
    }
    assert_eq!(tree(snap.path()), before, "a snapshot's files were written in place");
}

#[test]
fn robots_txt_only_at_a_host_root() {
    let a = good();
    // The test configuration publishes under /briefing/.
    assert!(!a.site().join("robots.txt").exists());
    a.build(&["--base-url", "https://example.org/"]);
    assert!(
        a.page("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

/// Every Atom feed of the site, parsed by a real feed reader's parser.
fn feeds(a: &Archive) -> Vec<(String, feed_rs::model::Feed)> {
    tree(&a.site())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with("atom.xml"))
        .map(|(rel, bytes)| {
            let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, feed)
        })
        .collect()
}

fn site_feed(a: &Archive) -> feed_rs::model::Feed {
    feeds(a).into_iter().find(|(rel, _)| rel == "atom.xml").unwrap().1
}

#[test]
fn same_headlines_get_their_own_addresses_which_never_move() {
    let a = Archive::new(CONFIG);
    let title = "UN Security Council to meet on North Korea";
    dated(&a, "one", title, "2024-03-01");
    dated(&a, "two", title, "2024-05-02");
    dated(&a, "three", title, "2024-07-03");
    let out = a.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note:") && err.contains("2024-05-02"), "{err}");
    let plain = "articles/un-security-council-to-meet-on-north-korea";
    let pages = [
        format!("{plain}/index.html"),
        format!("{plain}-2024-05-02/index.html"),
        format!("{plain}-2024-07-03/index.html"),
    ];
    for (p, body) in pages.iter().zip(["Text of one.", "Text of two.", "Text of three."]) {
        assert!(a.page(p).contains(body), "{p}");
    }
    // A fourth, older than the rest: the three keep their addresses; a clean build on
    // another machine (the addresses file copied with content/) agrees.
    dated(&a, "four", title, "2023-12-31");
    a.build(&["--clean"]);
    for (p, body) in pages.iter().zip(["Text of one.", "Text of two.", "Text of three."]) {
        assert!(a.page(p).contains(body), "{p}");
    }
    assert!(
        a.page(&format!("{plain}-2023-12-31/index.html"))
            .contains("Text of four.")
    );
    let elsewhere = Archive::new(CONFIG);
    for f in ["one", "two", "three", "four"] {
        let rel = format!("content/{f}.md");
        elsewhere.write(&rel, &std::fs::read_to_string(a.root().join(&rel)).unwrap());
    }
    elsewhere.write(
        "addresses.toml",
        &std::fs::read_to_string(a.root().join("addresses.toml")).unwrap(),
    );
    elsewhere.build(&[]);
    for p in &pages {
        assert_eq!(elsewhere.page(p), a.page(p), "{p}");
    }
}

#[test]
fn a_corrected_title_keeps_its_address_and_feed_id_and_updates_the_feed() {
    let a = Archive::new(CONFIG);
    dated(&a, "kim", "Kim meets Putin", "2024-06-19");
    a.build(&["--base-url", "https://example.org/"]);
    let before = site_feed(&a);
    let entry = &before.entries[0];
    std::thread::sleep(std::time::Duration::from_millis(1100)); // times are kept to the second
    dated(&a, "kim", "Kim meets Putin in Pyongyang", "2024-06-19");
    a.build(&["--base-url", "https://example.org/"]);
    assert!(
        a.page("articles/kim-meets-putin/index.html")
            .contains("Kim meets Putin in Pyongyang")
    );
    assert!(!a.site().join("articles/kim-meets-putin-in-pyongyang").exists());
    let after = site_feed(&a);
    assert_eq!(after.entries[0].id, entry.id);
    assert!(after.entries[0].updated > entry.updated, "a correction moves <updated>");
    assert_eq!(after.entries[0].published, entry.published);
}

#[test]
fn a_new_slug_or_an_alias_leaves_a_redirect_and_the_sitemap_names_only_the_new_address() {
    let a = Archive::new(CONFIG);
    dated(&a, "kim", "Kim meets Putin", "2024-06-19");
    a.build(&[]);
    a.article(
        "kim",
        "title = \"Kim meets Putin\"\ndate = 2024-06-19\nslug = \"kim-putin-summit-2024\"\naliases = [\"/2024/06/kim-putin.html\"]",
        "Text of kim.",
    );
    a.build(&[]);
    for old in ["articles/kim-meets-putin/index.html", "2024/06/kim-putin.html"] {
        let page = a.page(old);
        assert!(
            page.contains("href=\"/briefing/articles/kim-putin-summit-2024/\""),
            "{old}: {page}"
        );
        assert!(page.contains("http-equiv=\"refresh\""), "{old}");
    }
    let sitemap = a.page("sitemap.xml");
    assert!(sitemap.contains("articles/kim-putin-summit-2024/"));
    assert!(!sitemap.contains("kim-meets-putin") && !sitemap.contains("kim-putin.html"));
    // An alias outside the site's own folders only.
    a.article("bad", "title = \"Bad\"\naliases = [\"../../etc\"]", "x");
    let err = a.build_fails(&["--strict"]);
    assert!(err.contains("content/bad.md:3") && err.contains("alias"), "{err}");
}

#[test]
fn feeds_are_well_formed_after_hostile_text_and_never_invent_dates() {
    let a = Archive::new(CONFIG);
    a.article(
        "hostile",
        "title = \"Form\\ffeed \\u0001 and ]]> <b>bold</b>\"\ntopics = [\"nk-russia\"]\nsummary = \"Bell\\u0007 & co\"",
        "Text with a form feed \u{c} and a NUL-like \u{1} byte.",
    );
    dated(&a, "old", "Last year's story, clipped today", "2019-01-05");
    for i in 0..3 {
        dated(
            &a,
            &format!("n{i}"),
            &format!("Recent story {i}"),
            &format!("2024-06-0{}", i + 1),
        );
    }
    a.build(&[]);
    let first = site_feed(&a);
    let undated = first
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.starts_with("Form"));
    let undated = undated.expect("five articles, all in the feed");
    assert!(
        undated.published.is_none(),
        "an undated article has no publication date"
    );
    assert!(undated.updated.is_some(), "it is dated by when it entered the archive");
    for (rel, feed) in feeds(&a) {
        let text = a.page(&rel);
        assert!(!text.contains("1970"), "{rel}");
        assert!(
            !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
            "{rel}"
        );
        assert!(feed.updated.is_some(), "{rel}");
        for e in &feed.entries {
            assert!(e.updated.is_some(), "{rel}");
        }
    }
    // Two builds later a new article with an old date still leads the feed (feed_limit = 5).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    dated(&a, "late", "An old story added late", "2018-03-03");
    a.build(&[]);
    let feed = site_feed(&a);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles[0], "An old story added late", "{titles:?}");
}

#[test]
fn many_undated_articles_are_paginated_and_one_days_articles_read_a_to_z() {
    let a = Archive::new(CONFIG); // per_page = 2
    let undated = [
        ("u1", "Alpha undated"),
        ("u2", "Bravo undated"),
        ("u3", "Charlie undated"),
        ("u4", "Delta undated"),
    ];
    for (name, title) in undated {
        a.article(name, &format!("title = \"{title}\"\ntopics = []"), "Text.");
    }
    for (name, title) in [
        ("d1", "Zulu on one day"),
        ("d2", "Alpha on one day"),
        ("d3", "Mike on one day"),
    ] {
        dated(&a, name, title, "2024-06-19");
    }
    a.build(&[]);
    let first = a.page("timeline/undated/index.html");
    assert!(first.contains("4 articles"), "the first page counts them");
    assert!(
        a.site().join("timeline/undated/page/1/index.html").is_file(),
        "a second page"
    );
    let month = a.page("timeline/2024/06/index.html");
    let at = |t: &str| month.find(t).unwrap();
    assert!(at("Alpha on one day") < at("Mike on one day") && at("Mike on one day") < at("Zulu on one day"));
}
