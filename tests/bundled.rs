//! The bundled archive (this repository's briefing.toml and content/) builds into a complete
//! site: every page kind, every link resolving, the editor's dates applied.

mod common;
use common::broken_links;
use std::path::Path;
use std::process::Command;

/// A copy of the bundled archive (a build records addresses beside briefing.toml, and a test
/// must not write into the repository).
fn copy_bundled(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(to).unwrap();
    for name in ["briefing.toml", "addresses.toml", "content", "templates", "static"] {
        for e in walkdir::WalkDir::new(repo.join(name))
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e.path().strip_prefix(repo).unwrap();
            if e.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
            } else {
                std::fs::copy(e.path(), to.join(rel)).unwrap();
            }
        }
    }
}

fn build_bundled() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let root = out.path().join("archive");
    copy_bundled(&root);
    let result = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--clean", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(out.path().join("site"))
        .env("CI", "true")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    // The one article with no confirmed date is named in a warning, and nothing else warns.
    assert!(!stderr.lines().any(|l| l.starts_with("error:")), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("Vice FM, deputy UN chief") && warnings[0].contains("has no date"),
        "{stderr}"
    );
    let recorded = std::fs::read_to_string(root.join("addresses.toml")).unwrap();
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("addresses.toml"));
    assert!(
        committed.is_ok_and(|c| c == recorded),
        "the bundled archive's addresses.toml is not current: build it (the README's first command) and commit addresses.toml"
    );
    out
}

#[test]
fn bundled_archive_builds_every_page_kind_with_working_links() {
    let out = build_bundled();
    let site = out.path().join("site");
    let page = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let articles = std::fs::read_dir(site.join("articles")).unwrap().count();
    assert_eq!(articles, 14, "the five seeds hold fourteen articles");
    for rel in [
        "index.html",
        "topics/index.html",
        "topics/nk-russia/index.html",
        "topics/un-diplomacy/index.html",
        "topics/other/index.html",
        "timeline/index.html",
        "timeline/2021/index.html",
        "timeline/2023/index.html",
        "timeline/2024/index.html",
        "timeline/2025/index.html",
        "people/index.html",
        "people/kim-jong-un/index.html",
        "sources/index.html",
        "sources/asian-lite-news/index.html",
        "sources/yonhap/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(site.join(rel).is_file(), "{rel} missing");
    }
    let broken = broken_links(&site, "/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");

    // The editor's sidecar dates, at their precision.
    let summit = page("articles/kim-vows-support-for-russia-in-ukraine-war/index.html");
    assert!(summit.contains("<time datetime=\"2024-06-19\""), "summit date");
    let talks = page("articles/u-s-chinese-diplomats-hold-video-talks-on-n-korea-russia-military-fd58d8/index.html");
    assert!(talks.contains("<time datetime=\"2023-10\" data-precision=\"month\">October 2023</time>"));
    // The key events (content/events.toml): on the topic's page, beside the article of their
    // day, and on the timeline, a year without articles too.
    assert!(
        page("topics/nk-russia/index.html")
            .contains("Putin and Kim sign the Treaty on Comprehensive Strategic Partnership")
    );
    assert!(page("topics/un-diplomacy/index.html").contains("Security Council adopts resolution 2397"));
    assert!(summit.contains("Events of this day"));
    assert!(page("timeline/index.html").contains("id=\"y-1961\""));
    // The undated article is under Undated, with no invented date.
    let timeline = page("timeline/index.html");
    let undated = &timeline[timeline.find("id=\"undated\"").unwrap()..];
    assert!(undated.contains("1 article whose date is not known"));
    assert!(page("timeline/undated/index.html").contains("Vice FM, deputy UN chief discuss cooperation"));
    let vice = page("articles/vice-fm-deputy-un-chief-discuss-cooperation-on-n-korean-issues-in-new-york/index.html");
    let head = &vice[vice.find("class=\"article-head\"").unwrap()..];
    let head = &head[..head.find("</header>").unwrap()];
    assert!(
        !head.contains("<time") && head.contains("Undated"),
        "no date is shown for an undated article: {head}"
    );
    // Clutter never reaches a page.
    for rel in [
        "articles/kim-vows-support-for-russia-in-ukraine-war/index.html",
        "articles/us-prepared-to-work-with-n-korea-on-humanitarian-concerns-special-envoy-says/index.html",
    ] {
        let p = page(rel);
        for clutter in [
            "ALSO READ",
            "Related stories",
            "Most viewed",
            "button that move",
            "Categories",
        ] {
            assert!(!p.contains(clutter), "{clutter:?} on {rel}");
        }
    }
}
