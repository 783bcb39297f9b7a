//! Bad input is named with its file and line. With `--strict` the build fails and leaves the
//! last good site; without it, an article with an error is left out and the rest is built.

mod common;
use common::CONFIG;

use common::{fails_and_keeps_site, good};

#[test]
fn bad_front_matter_names_file_and_line() {
    let a = good();
    a.write("content/bad.md", "+++\ntitle = \"Broken\"\ndate = = 2024\n+++\nx\n");
    fails_and_keeps_site(&a, &["error: content/bad.md:3:"]);
}

#[test]
fn unknown_topic_names_file_line_and_suggests() {
    let a = good();
    a.article("t", "title = \"T\"\ndate = 2024-01-01\ntopics = [\"nk-rusia\"]", "x");
    fails_and_keeps_site(
        &a,
        &[
            "content/t.md:4",
            "unknown topic `nk-rusia`",
            "did you mean `nk-russia`?",
        ],
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    let a = good();
    a.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    fails_and_keeps_site(&a, &["templates/article.html:3"]);
}

/// An error in a template another extends is reported where it is, not in the page's template.
#[test]
fn template_error_in_a_parent_names_the_parent_and_line() {
    let a = good();
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html")).unwrap();
    a.write(
        "templates/base.html",
        &base.replacen("<body>", "<body>\n{{ site.no_such_thing }}", 1),
    );
    let err = fails_and_keeps_site(&a, &["templates/base.html:", "no_such_thing"]);
    let line = base.lines().position(|l| l.contains("<body>")).unwrap() + 2;
    assert!(err.contains(&format!("templates/base.html:{line}:")), "{err}");
}

/// A load that fails for several reasons says each, with its template and line.
#[test]
fn every_template_error_of_a_load_is_named() {
    let a = good();
    a.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ article.title | no_such_filter }}\n{% endblock main %}\n",
    );
    a.write(
        "templates/search.html",
        "{% extends \"base.html\" %}\n{% block main %}{% endblock main %}\n{% block no_such_block %}{% endblock no_such_block %}\n",
    );
    fails_and_keeps_site(
        &a,
        &[
            "templates/article.html:3:",
            "no_such_filter",
            "templates/search.html:3:",
            "no_such_block",
        ],
    );
}

/// An empty template is a save caught half-way far more often than a wish for blank pages.
#[test]
fn empty_template_is_an_error_not_blank_pages() {
    let a = good();
    a.write("templates/article.html", "\n");
    fails_and_keeps_site(&a, &["templates/article.html", "the template is empty"]);
}

#[test]
fn every_error_is_reported_in_one_run() {
    let a = good();
    a.article("one", "title = \"One\"\ndate = \"2024-13-45\"", "x");
    a.article("two", "date = 2024-01-01", "x");
    a.article("three", "title = \"Three\"\ntopics = [\"economy\"]", "x");
    let err = fails_and_keeps_site(
        &a,
        &[
            "content/one.md:3",
            "is not a date",
            "content/two.md",
            "no `title`",
            "content/three.md:3",
            "unknown topic `economy`",
        ],
    );
    assert!(err.contains("3 errors"), "{err}");
}

/// One bad article never stops the rest from being published: it is named with its line and
/// left out; `--strict` (for CI) fails instead, before anything is written.
#[test]
fn a_bad_article_is_left_out_and_the_rest_is_published() {
    let a = good();
    a.article("bad", "title = \"Bad\"\ndate = \"yesterday\"", "x");
    a.article("fine", "title = \"Also fine\"\ndate = 2024-02-02\ntopics = []", "y");
    let strict = a.run(&["build", "--strict"]);
    assert!(!strict.status.success());
    assert!(!a.site().join("articles/also-fine/index.html").exists());
    let out = a.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: content/bad.md:3") && err.contains("left out"),
        "{err}"
    );
    assert!(a.site().join("articles/also-fine/index.html").is_file());
    assert!(!a.site().join("articles/bad/index.html").exists());
    assert!(out.status.success(), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 error skipped"));
}

#[test]
fn the_same_slug_written_twice_names_both_files() {
    // (Same headlines are no error: each gets its own address. Two editors' `slug`s alike are.)
    let a = good();
    a.article(
        "x1",
        "title = \"One\"\nslug = \"same-title\"\ndate = 2024-01-01\ntopics = []",
        "a",
    );
    a.article(
        "x2",
        "title = \"Two\"\nslug = \"same-title\"\ndate = 2024-01-03\ntopics = []",
        "b",
    );
    fails_and_keeps_site(&a, &["content/x1.md", "content/x2.md", "slug `same-title`"]);
}

#[test]
fn missing_or_wrong_config_is_named() {
    let a = good();
    a.write("briefing.toml", &CONFIG.replace("per_page = 2", "per_page = \"two\""));
    fails_and_keeps_site(&a, &["briefing.toml:6", "per_page"]);
    a.remove("briefing.toml");
    let err = a.build_fails(&[]);
    assert!(err.contains("no briefing.toml"), "{err}");
}
