//! The bad-input catalogue: each mistake an editor (or a scraper) makes gets a message that
//! names the file, and line where there is one, and leaves the last good site untouched.

mod common;
use common::{fails_and_keeps_site, good};

#[test]
fn slug_that_tries_to_leave_the_output() {
    for (i, bad) in ["../../etc", "/etc/passwd", "con", "", "a/b"].iter().enumerate() {
        let a = good();
        a.article(
            &format!("s{i}"),
            &format!(
                "title = \"Escape {i}\"\ndate = 2024-01-01\ntopics = []\nslug = {:?}",
                bad
            ),
            "x",
        );
        fails_and_keeps_site(&a, &[&format!("content/s{i}.md:5"), "bad slug"]);
    }
}

#[test]
fn empty_files() {
    let a = good();
    a.write("content/empty.md", "");
    fails_and_keeps_site(&a, &["content/empty.md", "the file is empty"]);
    let a = good();
    a.write("content/empty.txt", "");
    let warned = a.build(&[]);
    assert!(
        warned.contains("content/empty.txt") && warned.contains("no article found"),
        "{warned}"
    );
}

/// A clipping in which no story is found is named and left out; it never stops the others
/// from publishing. `--strict` turns that warning into a failure that leaves site/ as it was.
#[test]
fn clipping_without_an_article() {
    let a = good();
    a.write("content/menu.txt", "Home\nNews\nSports\n\nLog in\n\nSubscribe\n");
    a.article(
        "new",
        "title = \"A second article\"\ndate = 2024-01-03\ntopics = []",
        "Also fine.",
    );
    let strict_out = a.run(&["build", "--strict"]);
    let strict_err = String::from_utf8_lossy(&strict_out.stderr);
    assert!(!strict_out.status.success(), "--strict must fail on the warning");
    assert!(
        strict_err.contains("content/menu.txt") && strict_err.contains("no article found"),
        "{strict_err}"
    );
    assert!(
        !a.site().join("articles/a-second-article/index.html").exists(),
        "a failed build writes nothing"
    );
    let warned = a.build(&[]);
    assert!(
        warned.contains("warning") && warned.contains("content/menu.txt: no article found"),
        "{warned}"
    );
    assert!(
        a.page("articles/a-second-article/index.html")
            .contains("A second article")
    );
}

#[test]
fn file_of_fifty_megabytes() {
    let a = good();
    let line = "North Korea and Russia signed a treaty. ".repeat(25);
    let mut text = String::with_capacity(51 * 1024 * 1024);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
        text.push('\n');
    }
    a.write("content/huge.txt", &text);
    fails_and_keeps_site(&a, &["content/huge.txt", "the file is 50.0 MB", "up to 8 MB"]);
}

#[test]
fn line_of_one_megabyte_builds() {
    let a = good();
    let long = "Kim Jong-un met Vladimir Putin again and the talks went on. ".repeat(17_500);
    assert!(long.len() > 1_000_000);
    a.write(
        "content/long.txt",
        &format!("A very long dispatch from Pyongyang\n\n{long}\n"),
    );
    a.build(&[]);
    let page = a.page("articles/a-very-long-dispatch-from-pyongyang/index.html");
    assert!(page.len() > 1_000_000, "the long paragraph is kept whole");
}

#[test]
fn not_utf8() {
    let a = good();
    let mut bytes = b"+++\ntitle = \"Latin-1\"\n+++\nCaf".to_vec();
    bytes.push(0xe9);
    std::fs::write(a.root().join("content/latin1.md"), bytes).unwrap();
    fails_and_keeps_site(
        &a,
        &["content/latin1.md:4:4", "not valid UTF-8", "save the file as UTF-8"],
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let a = good();
    a.write("content/win.md", "\u{feff}+++\r\ntitle = \"Saved on Windows\"\r\ndate = 2024-02-03\r\ntopics = []\r\n+++\r\nLine one.\r\n\r\nLine two.\r\n");
    a.write("content/win.txt", "\u{feff}Clipping saved on Windows about Kim Jong-un\r\n\r\nNorth Korea's leader Kim Jong-un inspected a factory, state media said on Friday.\r\n\r\nHe called for more production.\r\n");
    a.build(&[]);
    let page = a.page("articles/saved-on-windows/index.html");
    assert!(page.contains("<p>Line one.</p>") && !page.contains('\r'));
    assert!(
        a.site()
            .join("articles/clipping-saved-on-windows-about-kim-jong-un/index.html")
            .is_file()
    );
}

#[test]
fn unknown_front_matter_key_is_a_warning_with_a_suggestion() {
    let a = good();
    a.article(
        "typo",
        "title = \"Typo\"\ndate = 2024-01-01\ntopics = []\nbyine = \"Kim\"",
        "x",
    );
    let err = a.build(&[]);
    assert!(
        err.contains("warning: content/typo.md:5:1: unknown front-matter key `byine`"),
        "{err}"
    );
    assert!(err.contains("did you mean `byline`?"), "{err}");
}

#[test]
fn sidecar_naming_a_missing_article() {
    let a = good();
    a.write("content/c.txt", "Kim meets Putin in Vladivostok\n\nNorth Korean leader Kim Jong-un met Russian President Vladimir Putin, the Kremlin said.\n");
    a.write("content/c.toml", "[[article]]\nmatch = \"Kim meets Putin\"\ndate = 2023-09-13\n\n[[article]]\nmatch = \"Shoigu visits Pyongyang\"\ndate = 2023-07-26\n");
    fails_and_keeps_site(
        &a,
        &[
            "content/c.toml:5",
            "match = \"Shoigu visits Pyongyang\" selects no article",
            "Kim meets Putin in Vladivostok",
        ],
    );
}

#[test]
fn sidecar_without_its_clipping() {
    let a = good();
    a.write("content/orphan.toml", "[[article]]\nindex = 0\ndate = 2024-01-01\n");
    fails_and_keeps_site(&a, &["content/orphan.toml", "sidecar without its clipping"]);
}

#[test]
fn bad_sidecar_values() {
    let a = good();
    a.write("content/c.txt", "Kim meets Putin in Vladivostok\n\nNorth Korean leader Kim Jong-un met Russian President Vladimir Putin, the Kremlin said.\n");
    a.write(
        "content/c.toml",
        "[[article]]\nmatch = \"Kim meets Putin\"\ndate = \"last week\"\n",
    );
    fails_and_keeps_site(&a, &["content/c.toml:3", "is not a date"]);
    a.write(
        "content/c.toml",
        "[[article]]\nmatch = \"Kim meets Putin\"\ntopics = [\"economy\"]\n",
    );
    fails_and_keeps_site(&a, &["content/c.toml:3", "unknown topic `economy`"]);
}

#[test]
fn template_that_does_not_exist() {
    let a = good();
    a.write("templates/article.html", "{% extends \"nowhere.html\" %}");
    fails_and_keeps_site(&a, &["templates/article.html", "nowhere.html"]);
    let a = good();
    a.write(
        "templates/home.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"missing-part.html\" %}{% endblock main %}",
    );
    fails_and_keeps_site(&a, &["templates/home.html", "missing-part.html"]);
}

#[test]
fn template_that_fails_while_rendering() {
    let a = good();
    a.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ article.no_such_field }}{% endblock main %}",
    );
    fails_and_keeps_site(&a, &["templates/article.html", "no_such_field"]);
}
