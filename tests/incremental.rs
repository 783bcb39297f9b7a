//! An incremental build (warm cache) gives the same bytes as a clean build, after every
//! kind of change an editor makes.

mod common;
use common::{Archive, CONFIG, assert_same_tree};

/// Builds incrementally into site/ and cleanly into clean/, then compares.
fn check(a: &Archive, what: &str) -> String {
    let report = a.build(&[]);
    same_as_clean(a, what);
    report
}

/// Builds cleanly into clean/ and compares it with site/.
fn same_as_clean(a: &Archive, what: &str) {
    let clean = a.root().join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    a.build(&["--clean", "--output", clean.to_str().unwrap()]);
    eprintln!("after {what}");
    assert_same_tree(&a.site(), &clean);
}

fn stdout_of_build(a: &Archive) -> String {
    let out = a.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const CLIPPING: &str = "Kim vows full support for Russia at summit\n\nNorth Korean leader Kim Jong-un pledged full support for Russia at a summit with Vladimir Putin in Pyongyang, state media said.\n\nThe two leaders signed a treaty on comprehensive strategic partnership, including a mutual defence clause. (Yonhap)\n";

#[test]
fn incremental_equals_clean_after_each_change() {
    let a = Archive::new(CONFIG);
    for i in 0..7 {
        a.article(
            &format!("a{i}"),
            &format!(
                "title = \"Article number {i}\"\ndate = 2024-0{}-1{i}\ntopics = [\"{}\"]\npeople = [\"Kim Jong-un\"]",
                1 + i % 6,
                if i % 2 == 0 { "nk-russia" } else { "un-diplomacy" }
            ),
            &format!("Body of article {i}."),
        );
    }
    a.write("content/clips/summit.txt", CLIPPING);
    check(&a, "first build");

    // Nothing changed: nothing is written.
    let out = stdout_of_build(&a);
    assert!(out.contains(" 0 files written"), "{out}");

    a.article(
        "new",
        "title = \"A new article\"\ndate = 2024-06-30\ntopics = [\"nk-russia\"]",
        "Fresh.",
    );
    check(&a, "add");
    // One older than most: the later articles' search ids move up one, and their pairs are
    // renumbered from the cache, not read again; search finds the new one's word.
    a.article(
        "older",
        "title = \"An older article\"\ndate = 2024-02-01\ntopics = [\"un-diplomacy\"]",
        "About walruses.",
    );
    check(&a, "add in the middle");
    assert!(a.page("search/recent-wal.json").contains("\"walruses\""));

    a.article("a3", "title = \"Article number 3, retitled\"\ndate = 2024-04-13\ntopics = [\"un-diplomacy\"]\npeople = [\"Kim Jong-un\"]", "Body of article 3.");
    check(&a, "title edit");

    // A paragraph added at the end of a body, and a source named: search finds the new word
    // (the browser takes excerpts from the article's page), and the source is a filter's option.
    a.article(
        "a5",
        "title = \"Article number 5\"\ndate = 2024-06-15\ntopics = [\"un-diplomacy\"]\npeople = [\"Kim Jong-un\"]\nsource = \"Yonhap\"",
        "Body of article 5.\n\nA closing paragraph about zebrafish.",
    );
    check(&a, "body and source edit");
    assert!(a.page("search/recent-zeb.json").contains("\"zebrafish\""));
    assert!(
        a.page("articles/article-number-5/index.html")
            .contains("A closing paragraph about zebrafish.")
    );
    assert!(a.page("search/meta.json").contains(r#"["yonhap","Yonhap"]"#));
    a.article("a3", "title = \"Article number 3, retitled\"\ndate = 2021-01-01\ntopics = [\"un-diplomacy\"]\npeople = [\"Kim Jong-un\"]", "Body of article 3.");
    check(&a, "date edit (new year page)");
    a.article(
        "a3",
        "title = \"Article number 3, retitled\"\ndate = 2021-01-01\ntopics = [\"nk-russia\", \"un-diplomacy\"]",
        "Body of article 3, longer now.",
    );
    check(&a, "topics and body edit");

    a.remove("content/a5.md");
    check(&a, "delete");
    assert!(
        !a.site().join("articles/article-number-5").exists(),
        "a deleted article's page is gone"
    );

    a.write(
        "content/clips/summit.toml",
        "[[article]]\nindex = 0\ndate = 2024-06-19\nsource = \"Yonhap\"\n",
    );
    check(&a, "sidecar added");
    a.write(
        "content/clips/summit.toml",
        "[[article]]\nindex = 0\ndate = 2024-06-20\ntitle = \"Kim pledges support to Putin\"\n",
    );
    check(&a, "sidecar edited");

    a.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Gone</h1>{% endblock main %}",
    );
    check(&a, "template added");
    a.write(
        "templates/base.html",
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html"))
            .unwrap()
            .replace("Skip to content", "Skip to the article"),
    );
    check(&a, "base template changed");
    assert!(a.page("index.html").contains("Skip to the article"));

    a.write(
        "briefing.toml",
        &CONFIG
            .replace("Test Briefing", "Renamed Briefing")
            .replace("per_page = 2", "per_page = 3"),
    );
    check(&a, "config changed");
    assert!(a.page("index.html").contains("Renamed Briefing"));

    a.write("static/extra.css", "body{}");
    check(&a, "static file added");
    a.remove("static/extra.css");
    check(&a, "static file removed");
}

/// Key events as an editor keeps them: each version shows on other pages.
const EVENTS: [&str; 3] = [
    "[[event]]\ndate = \"2024-06-30\"\ntitle = \"Treaty signed\"\ndescription = \"One.\"\ntopics = [\"nk-russia\"]\nsource = \"https://example.org/1\"\n",
    // Retitled, and filed under the other topic as well.
    "[[event]]\ndate = \"2024-06-30\"\ntitle = \"Treaty signed in Pyongyang\"\ndescription = \"One.\"\ntopics = [\"nk-russia\", \"un-diplomacy\"]\nsource = \"https://example.org/1\"\n",
    // Moved to another month and day, and one more in a year without articles.
    "[[event]]\ndate = \"2024-01-10\"\ntitle = \"Treaty signed in Pyongyang\"\ndescription = \"One.\"\ntopics = [\"un-diplomacy\"]\nsource = \"https://example.org/1\"\n\n[[event]]\ndate = \"1961\"\ntitle = \"The 1961 treaty\"\ndescription = \"Two.\"\nsource = \"https://example.org/2\"\n",
];

#[test]
fn incremental_equals_clean_after_key_events_change() {
    let a = Archive::new(CONFIG);
    for (name, date, topic) in [
        ("june", "2024-06-30", "nk-russia"),
        ("jan", "2024-01-10", "un-diplomacy"),
        ("may", "2024-05-02", "nk-russia"),
    ] {
        a.article(
            name,
            &format!("title = \"Article of {date}\"\ndate = {date}\ntopics = [\"{topic}\"]"),
            "Body.",
        );
    }
    check(&a, "first build");
    a.write("content/events.toml", EVENTS[0]);
    check(&a, "events file added");
    for page in [
        "topics/nk-russia/index.html",
        "timeline/2024/06/index.html",
        "articles/article-of-2024-06-30/index.html",
    ] {
        assert!(a.page(page).contains("Treaty signed"), "{page}");
    }
    a.write("content/events.toml", EVENTS[1]);
    check(&a, "event retitled and filed under another topic");
    assert!(
        a.page("topics/un-diplomacy/index.html")
            .contains("Treaty signed in Pyongyang")
    );
    a.write("content/events.toml", EVENTS[2]);
    check(&a, "event moved, another added");
    assert!(
        a.page("articles/article-of-2024-01-10/index.html")
            .contains("Treaty signed in Pyongyang")
    );
    assert!(
        !a.page("articles/article-of-2024-06-30/index.html")
            .contains("Treaty signed")
    );
    a.write("content/events.toml", "[[event]]\ndate = \"2024-02-30\"\n");
    check(&a, "events file broken");
    a.remove("content/events.toml");
    check(&a, "events file removed");
    assert!(!a.page("timeline/index.html").contains("Treaty signed"));
}

/// A topic's hub counts every article of the topic, not only those its first page lists: an
/// edit to its oldest article (two pages back at two a page) changes its figures.
#[test]
fn incremental_equals_clean_when_a_hubs_figures_change() {
    let a = Archive::new(CONFIG);
    let front =
        |date: &str, extra: &str| format!("title = \"Oldest\"\ndate = {date}\ntopics = [\"nk-russia\"]\n{extra}");
    for i in 1..=5 {
        a.article(
            &format!("n{i}"),
            &format!("title = \"Newer {i}\"\ndate = 2024-0{i}-10\ntopics = [\"nk-russia\"]"),
            "Body.",
        );
    }
    a.article("old", &front("2023-02-01", ""), "Nothing cited.");
    check(&a, "first build");
    let topic = || a.page("topics/nk-russia/index.html");
    assert!(!topic().contains("undocs.org") && !topic().contains("hub-people"));

    a.article(
        "old",
        &front("2023-02-01", ""),
        "The Security Council adopted resolution 2397 (2017).",
    );
    check(&a, "a citation added to an old article's body");
    assert!(topic().contains(">S/RES/2397(2017)</a>"), "the hub lists it");

    a.article(
        "old",
        &front("2023-02-01", "people = [\"Vladimir Putin\"]\nsource = \"TASS\""),
        "The Security Council adopted resolution 2397 (2017).",
    );
    check(&a, "a person and a source added");
    assert!(topic().contains(">Vladimir Putin</a>") && topic().contains(">TASS</a>"));

    a.article(
        "old",
        &front("2022-11-01", "people = [\"Vladimir Putin\"]\nsource = \"TASS\""),
        "The Security Council adopted resolution 2397 (2017).",
    );
    check(&a, "an old article moved to another year");
    assert!(topic().contains("November 2022: 1 article"));

    a.article("old", &front("2022-11-01", ""), "Nothing cited.");
    check(&a, "the citation, person and source removed");
    assert!(!topic().contains("undocs.org") && !topic().contains("Vladimir Putin"));
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let a = Archive::new(CONFIG);
    a.article(
        "x",
        "title = \"Old news\"\ndate = 2020-01-01\ntopics = [\"un-diplomacy\"]",
        "x",
    );
    a.article(
        "y",
        "title = \"Other news\"\ndate = 2020-02-01\ntopics = [\"nk-russia\"]",
        "y",
    );
    a.build(&[]);
    let page = a.site().join("articles/old-news/index.html");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    a.article("z", "title = \"Unrelated news\"\ndate = 2025-01-01\ntopics = []", "z");
    a.build(&[]);
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        before,
        "an untouched page was rewritten"
    );
}

/// What `serve` does between builds (the watcher's list of changed paths instead of a full
/// listing, the search plan carried over, cards, bodies and templates kept) gives the same
/// bytes as a clean build after each change.
#[test]
fn serve_session_equals_clean_after_each_change() {
    use briefing::build::{Options, Session};
    let a = Archive::new(CONFIG);
    for i in 0..6 {
        a.article(
            &format!("a{i}"),
            &format!(
                "title = \"Report {i}\"\ndate = 2024-0{}-10\ntopics = [\"nk-russia\"]\npeople = [\"Kim Jong-un\"]",
                i + 1
            ),
            &format!("Body {i}, about sanctions."),
        );
    }
    a.write("content/clips/summit.txt", CLIPPING);
    let mut session = Session::resume(Options::new(a.root())).remembering();
    session.build().unwrap();
    let mut step = |changed: &[&str], what: &str| {
        let changed: Vec<String> = changed.iter().map(|s| s.to_string()).collect();
        session
            .build_changed(&changed)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        // Saved as `serve` does: what changed since the last save is appended to the log.
        session.save().unwrap_or_else(|e| panic!("{what}: save: {e}"));
        let clean = a.root().join("clean");
        let _ = std::fs::remove_dir_all(&clean);
        a.build(&["--clean", "--output", clean.to_str().unwrap()]);
        eprintln!("after {what}");
        assert_same_tree(&a.site(), &clean);
    };
    // The newest article: the search plan is extended, not redone.
    a.article(
        "new",
        "title = \"Report new\"\ndate = 2024-12-01\ntopics = [\"nk-russia\"]",
        "Pyongyang.",
    );
    step(&["content/new.md"], "newest article");
    // One on the same day, whose title sorts first: ids after it shift.
    a.article(
        "same",
        "title = \"A report the same day\"\ndate = 2024-12-01",
        "Moscow.",
    );
    step(&["content/same.md"], "same-day article");
    // A body edit, a backdated article, a deletion, in one batch.
    a.article(
        "a2",
        "title = \"Report 2\"\ndate = 2024-03-10\ntopics = [\"nk-russia\"]\npeople = [\"Kim Jong-un\"]",
        "Body 2, rewritten.",
    );
    a.article("old", "title = \"An old report\"\ndate = 2016-05-05", "Long ago.");
    a.remove("content/a4.md");
    step(
        &["content/a2.md", "content/old.md", "content/a4.md"],
        "edit, backdated, delete",
    );
    // A sidecar (the source list is made again) and a template.
    a.write(
        "content/clips/summit.toml",
        "[[article]]\nindex = 0\ndate = 2024-06-19\n",
    );
    step(&["content/clips/summit.toml"], "sidecar");
    // Key events: not a source, but every page that shows them follows.
    a.write("content/events.toml", EVENTS[0]);
    step(&["content/events.toml"], "key events added");
    a.write("content/events.toml", EVENTS[2]);
    step(&["content/events.toml"], "key events edited");
    let base = include_str!("../templates/card.html").replace("class=\"card\"", "class=\"card card-x\"");
    a.write("templates/card.html", &base);
    step(&["templates/card.html"], "card template");
    // The watcher lost track: everything is looked at again.
    a.article("a0", "title = \"Report 0, renamed\"\ndate = 2024-01-10", "Body 0.");
    // (A file read within a tenth of a second of its last save is read again by the next
    // build, in case it was saved again within the same tick of the clock: see the last
    // test. That moment is let pass here, so that the one-shot build below reads one file.)
    std::thread::sleep(std::time::Duration::from_millis(150));
    step(&["content"], "lost track");
    drop(session);
    // A one-shot build (the library's: a cache is tied to the program that wrote it) from the
    // cache the session saved (a log appended to save after save, with the search plan's
    // summary and shards): it reads only the new file, and its site equals a clean build's.
    a.article("later", "title = \"Report later\"\ndate = 2025-01-01", "Later.");
    let report = briefing::build::build(&Options::new(a.root())).unwrap();
    assert_eq!((report.read_sources, report.articles), (1, 10), "{report:?}");
    let clean = a.root().join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    a.build(&["--clean", "--output", clean.to_str().unwrap()]);
    assert_same_tree(&a.site(), &clean);
}

/// The cache belongs to the output folder, however it is named: a build run from inside the
/// archive (`site`) continues from one run from elsewhere (`/path/to/archive/site`).
#[test]
fn the_same_output_named_two_ways_shares_its_cache() {
    let a = common::good();
    let out = a.run_inside(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(" 0 files written"),
        "the second build started afresh: {stdout}"
    );
    assert_eq!(std::fs::read_dir(a.root().join(".briefing-cache")).unwrap().count(), 1);
}

/// A clean build begins its new cache beside the rendering. One that then fails leaves the
/// cache folder as it was: the last good cache, and nothing half-written beside it.
#[test]
fn a_failed_clean_build_leaves_the_cache_as_it_was() {
    let a = common::good();
    a.build(&[]);
    let dir = a.root().join(".briefing-cache");
    let before = common::tree(&dir);
    a.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ article.no_such_field }}{% endblock main %}",
    );
    a.build_fails(&["--clean"]);
    assert_eq!(common::tree(&dir), before);
    a.remove("templates/article.html");
    let out = stdout_of_build(&a);
    assert!(out.contains(" 0 files written"), "the next build started afresh: {out}");
}

/// Front matter of a report with this title, dated and in a topic.
fn front(title: &str) -> String {
    format!("title = \"{title}\"\ndate = 2024-05-01\ntopics = [\"nk-russia\"]")
}

/// An archive of `n` reports, `a0.md` ("Report 0") onwards.
fn reports(n: usize) -> Archive {
    let a = Archive::new(CONFIG);
    for i in 0..n {
        a.article(&format!("a{i}"), &front(&format!("Report {i}")), "Body.");
    }
    a
}

/// The cache is a log appended to after each build. After a build that changed the site and
/// stopped before saving (the process killed), after a log cut short, and after enough builds
/// that the log is written anew, the next build still gives a clean build's bytes. (Library
/// builds throughout: a cache is tied to the program that wrote it.)
#[test]
fn the_cache_log_survives_a_stopped_build_a_cut_and_a_rewrite() {
    use briefing::build::{Options, Session, build};
    let a = reports(5);
    let opts = Options::new(a.root());
    build(&opts).unwrap();

    // Stopped after its commit: the site shows the new title, the saved fingerprints the old.
    a.article("a0", &front("Report 0, retitled"), "Body.");
    Session::resume(opts.clone()).build().unwrap();
    // Back as it was: the saved fingerprints match the sources again, but not the site.
    a.article("a0", &front("Report 0"), "Body.");
    build(&opts).unwrap();
    same_as_clean(&a, "a build stopped before saving");

    // Cut short, as by a build stopped while appending.
    let log = opts.cache_file();
    let bytes = std::fs::read(&log).unwrap();
    std::fs::write(&log, &bytes[..bytes.len() - 3]).unwrap();
    a.article("a1", &front("Report 1, edited"), "Body.");
    build(&opts).unwrap();
    same_as_clean(&a, "a cache cut short");

    // Edits until most of the log is stale and it is written anew (it shrinks).
    let mut sizes = Vec::new();
    for n in 0..12 {
        a.article("a2", &front(&format!("Report 2, take {n}")), "Body.");
        build(&opts).unwrap();
        sizes.push(std::fs::metadata(&log).unwrap().len());
    }
    assert!(sizes.windows(2).any(|w| w[1] < w[0]), "never written anew: {sizes:?}");
    same_as_clean(&a, "a log written anew");
}

/// A load that holds no search terms for the index (as a large archive's does past its
/// budget) gives the index the same terms, made again from the bodies: the same site.
#[test]
fn terms_made_again_from_the_bodies_give_the_same_index() {
    use briefing::build::{Options, build};
    let a = reports(5);
    a.write("content/clippings/kim.txt", CLIPPING);
    a.write(
        "content/clippings/ru.txt",
        "Шойгу встретился с Ким Чен Ыном в Пхеньяне\n\nСекретарь Совбеза России Сергей Шойгу встретился с Ким Чен Ыном, сообщает ТАСС.\n\nСтороны обсудили сотрудничество России и КНДР.\n",
    );
    build(&Options::new(a.root())).unwrap();
    let other = a.root().join("held-none");
    let mut opts = Options::new(a.root());
    opts.output = other.clone();
    opts.terms_held = 0;
    build(&opts).unwrap();
    assert_same_tree(&a.site(), &other);
}

/// File times tick in steps (a few milliseconds on Linux). A second save of the same length
/// within one step leaves the file's length and time as they were; the next build still sees
/// it, because a file read moments after it was saved is read again. The step is made
/// certain here by setting the second version's time to the first one's.
#[test]
fn a_second_save_of_the_same_length_within_one_clock_tick_is_seen() {
    use briefing::build::{Options, build};
    let a = Archive::new(CONFIG);
    let path = a.root().join("content/a.md");
    a.article("a", &front("Take 1"), "Body.");
    // A time just ahead of the clock: "moments before it was read", however slow the machine.
    let tick = std::time::SystemTime::now() + std::time::Duration::from_millis(40);
    let set_time = || {
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(tick).unwrap();
    };
    set_time();
    let opts = Options::new(a.root());
    build(&opts).unwrap();
    let len = std::fs::metadata(&path).unwrap().len();

    a.article("a", &front("Take 2"), "Body.");
    set_time();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), len, "the same length");
    let report = build(&opts).unwrap();
    assert_eq!(report.read_sources, 1, "{report:?}");
    // (A corrected title keeps the article's address.)
    let page = std::fs::read_to_string(a.site().join("articles/take-1/index.html")).unwrap();
    assert!(page.contains("Take 2"));
    same_as_clean(&a, "a second save within one tick");
}

/// A `briefing build` of the same output while `serve` runs (here with another address, as
/// for a deploy): the serving session holds the output from a build until its cache is saved,
/// and its next build sees that the log changed under it and trusts the log, not what it
/// remembers, so the site ends as a clean build with its own settings.
#[test]
fn a_build_between_two_builds_of_a_session_is_not_mistaken_for_its_own() {
    use briefing::build::{Options, Session, build};
    use briefing::error::BuildError;
    let a = reports(4);
    let opts = Options::new(a.root());
    let mut session = Session::resume(opts.clone()).remembering();
    session.build().unwrap();
    // Built, not yet saved: the output is the session's until it is.
    assert!(matches!(build(&opts), Err(BuildError::Locked { .. })));
    session.save().unwrap();

    let mut deploy = opts.clone();
    deploy.base_url = Some("https://briefing.example.org/archive/".into());
    build(&deploy).unwrap();
    let page = std::fs::read_to_string(a.site().join("index.html")).unwrap();
    assert!(page.contains("https://briefing.example.org/archive/"));

    a.article("a1", &front("Report 1, edited"), "Body.");
    session.build_changed(&["content/a1.md".to_string()]).unwrap();
    session.save().unwrap();
    same_as_clean(&a, "another build between two of a session");
}

/// The feeds show whole bodies, and the cache keeps those it showed: a build after a new
/// article renders only the new one's, not every other body in the feeds again (a clipping's
/// body is its whole extraction). Shown by changing a clipping in the feed behind the cache's
/// back (same length and time, so its stamp is unchanged): the next build's feed still shows
/// the body the cache kept, and says nothing of a file that changed while it was built. The
/// feeds' bodies also follow the feeds: the one that drops out is no longer kept.
#[test]
fn the_feeds_bodies_come_from_the_cache() {
    use briefing::build::{Options, build};
    let a = Archive::new(CONFIG);
    let clip = a.root().join("content/clip.txt");
    std::fs::write(&clip, CLIPPING).unwrap();
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    a.write("content/clip.toml", "[[article]]\nindex = 0\ndate = 2024-06-19\n");
    let set_time = || {
        for f in [&clip, &clip.with_extension("toml")] {
            std::fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
    };
    set_time();
    let opts = Options::new(a.root());
    build(&opts).unwrap();
    let feed = || std::fs::read_to_string(a.site().join("atom.xml")).unwrap();
    assert!(feed().contains("mutual defence clause"));

    std::fs::write(
        &clip,
        CLIPPING.replace("mutual defence clause", "mutual DEFENCE clause"),
    )
    .unwrap();
    set_time();
    a.article(
        "new",
        "title = \"Lavrov visits Pyongyang\"\ndate = 2024-07-01",
        "Lavrov arrived on Monday.",
    );
    let report = build(&opts).unwrap();
    assert!(
        report.warnings.iter().all(|w| !w.message.contains("changed while")),
        "{:?}",
        report.warnings
    );
    let after = feed();
    assert!(
        after.contains("Lavrov arrived on Monday."),
        "the new article's body is rendered"
    );
    assert!(
        after.contains("mutual defence clause"),
        "the clipping's body is the cache's"
    );

    // Five newer articles in its topic push the clipping out of every feed (feed_limit = 5),
    // and its body is no longer kept: when they are gone and the feeds show it again, its
    // body is read from the file, which no longer matches what the build knows of it (the
    // stamp hid the change), so the build says so.
    for i in 0..5 {
        let front = format!(
            "title = \"Later {i}\"\ndate = 2024-08-0{}\ntopics = [\"nk-russia\"]",
            i + 1
        );
        a.article(&format!("n{i}"), &front, "Text.");
    }
    build(&opts).unwrap();
    assert!(!feed().contains("mutual defence clause"), "pushed out of the feed");
    for i in 0..5 {
        std::fs::remove_file(a.root().join(format!("content/n{i}.md"))).unwrap();
    }
    let report = build(&opts).unwrap();
    assert!(
        report.warnings.iter().any(|w| w.message.contains("changed while")),
        "the body was read from the file again: {:?}",
        report.warnings
    );
}

/// The issue's case: the home page's total changes while its newest articles and every topic's
/// count stay the same.
#[test]
fn the_home_pages_total_follows_a_delete_and_two_adds() {
    let a = Archive::new(CONFIG);
    let art = |name: &str, date: &str, topics: &str| {
        a.article(
            name,
            &format!("title = \"{name}\"\ndate = {date}\ntopics = [{topics}]"),
            "Text.",
        );
    };
    art("new1", "2024-06-01", "\"nk-russia\"");
    art("new2", "2024-06-02", "\"un-diplomacy\"");
    art("both", "2022-01-01", "\"nk-russia\", \"un-diplomacy\"");
    check(&a, "first build");
    a.remove("content/both.md");
    art("old1", "2022-02-01", "\"nk-russia\"");
    art("old2", "2022-03-01", "\"un-diplomacy\"");
    check(&a, "a two-topic article deleted, two older one-topic articles added");
    assert!(a.page("index.html").contains("4 articles in the archive"));
}
