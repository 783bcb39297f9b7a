use super::*;

fn article(id: &str, title: &str, date: Option<&str>) -> Arc<Article> {
    let mut a = Article {
        title: title.into(),
        slug: Article::slug_from_title(title, 0),
        date: date.map(|d| d.parse().unwrap()),
        ..Article::bare(id)
    };
    a.content_hash = a.reader_hash();
    a.rehash();
    Arc::new(a)
}

/// The stage as the build runs it: choose, then apply the fixes to the articles.
fn run(arts: &mut [Arc<Article>], ledger: &Ledger, now: &str) -> Assigned {
    let out = assign(arts, ledger.clone(), now);
    for f in &out.fixes {
        f.apply(Arc::make_mut(&mut arts[f.at]));
    }
    out
}

fn slugs(articles: &[Arc<Article>]) -> Vec<&str> {
    articles.iter().map(|a| a.slug.as_str()).collect()
}

const T0: &str = "2025-01-01T00:00:00Z";
const T1: &str = "2025-02-01T00:00:00Z";

#[test]
fn same_headlines_get_dated_addresses_oldest_first_and_keep_them() {
    let title = "N. Korea fires ballistic missile into East Sea";
    let mut arts = vec![
        article("b.md", title, Some("2024-05-02")),
        article("a.md", title, Some("2024-03-01")),
        article("c.md", title, None),
    ];
    let first = run(&mut arts, &Ledger::default(), T0);
    let plain = "n-korea-fires-ballistic-missile-into-east-sea";
    assert_eq!(
        slugs(&arts),
        [format!("{plain}-2024-05-02"), plain.to_string(), format!("{plain}-2")]
    );
    assert_eq!(first.notes.len(), 2, "{:?}", first.notes);
    // A fourth, older than all, arrives: nobody moves, and it gets its dated address.
    let before: Vec<String> = slugs(&arts).iter().map(|s| s.to_string()).collect();
    arts.push(article("d.md", title, Some("2023-01-01")));
    let second = run(&mut arts, &first.ledger, T1);
    assert_eq!(slugs(&arts)[..3], before);
    assert_eq!(arts[3].slug.as_str(), format!("{plain}-2023-01-01"));
    assert_eq!(second.ledger.articles["a.md"].added, T0);
    assert_eq!(second.ledger.articles["d.md"].added, T1);
}

#[test]
fn a_corrected_title_keeps_its_address_and_is_marked_updated() {
    let mut arts = vec![article("a.md", "Kim meets Putin", Some("2024-06-19"))];
    let first = run(&mut arts, &Ledger::default(), T0);
    arts[0] = article("a.md", "Kim meets Putin in Pyongyang", Some("2024-06-19"));
    let second = run(&mut arts, &first.ledger, T1);
    assert_eq!(arts[0].slug.as_str(), "kim-meets-putin");
    assert_eq!((arts[0].added.as_str(), arts[0].updated.as_str()), (T0, T1));
    assert!(second.redirects.is_empty());
    // Unchanged since: nothing new recorded, the article untouched.
    let third = run(&mut arts, &second.ledger, "2025-03-01T00:00:00Z");
    assert_eq!(third.ledger, second.ledger);
    assert!(third.fixes.is_empty() && !third.dirty);
}

#[test]
fn a_new_slug_leaves_a_redirect_at_the_old_address() {
    let mut arts = vec![article("a.md", "Kim meets Putin", None)];
    let first = run(&mut arts, &Ledger::default(), T0);
    let mut renamed = (*arts[0]).clone();
    renamed.slug = Slug::parse("summit-2024").unwrap();
    renamed.slug_explicit = true;
    arts[0] = Arc::new(renamed);
    let second = run(&mut arts, &first.ledger, T1);
    assert_eq!(arts[0].slug.as_str(), "summit-2024");
    assert_eq!(second.redirects.len(), 1);
    assert_eq!(second.redirects[0].route, "articles/kim-meets-putin/");
    assert_eq!(second.ledger.articles["a.md"].was[0].as_str(), "kim-meets-putin");
    // The old address stays taken: a new article with that headline does not get it.
    // (The same text, too: the same wire story clipped twice is two articles.)
    arts.push(article("b.md", "Kim meets Putin", None));
    run(&mut arts, &second.ledger, T1);
    assert_eq!(arts[1].slug.as_str(), "kim-meets-putin-2");
}

#[test]
fn a_moved_file_keeps_its_address_and_times() {
    let mut arts = vec![article("2024/a.md", "Kim meets Putin", None)];
    let first = run(&mut arts, &Ledger::default(), T0);
    let mut arts = vec![article("archive/a.md", "Kim meets Putin", None)];
    let second = run(&mut arts, &first.ledger, T1);
    assert_eq!(arts[0].slug.as_str(), "kim-meets-putin");
    assert_eq!(arts[0].added, T0);
    assert_eq!(second.ledger.articles.keys().collect::<Vec<_>>(), ["archive/a.md"]);
}

#[test]
fn a_deleted_articles_address_is_not_given_to_another() {
    let mut arts = vec![article("a.md", "Missile launch", Some("2024-01-01"))];
    let first = run(&mut arts, &Ledger::default(), T0);
    let mut arts = vec![article("b.md", "Missile launch", Some("2024-02-02"))];
    let second = run(&mut arts, &first.ledger, T1);
    assert_eq!(arts[0].slug.as_str(), "missile-launch-2024-02-02");
    assert!(
        second.ledger.articles.contains_key("a.md"),
        "the gone article's record stays"
    );
}

#[test]
fn the_file_reads_back_what_it_wrote() {
    let mut arts = vec![
        article("clips/x \"quoted\".txt#1", "One", Some("2024-01-01")),
        article("a.md", "One", None),
    ];
    let out = run(&mut arts, &Ledger::default(), T0);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), out.ledger.to_text()).unwrap();
    assert_eq!(Ledger::read(dir.path()).unwrap(), out.ledger);
    // The quick reader takes the file as written, and gives what `toml` gives.
    let mut plain = out.ledger.clone();
    plain.articles.remove("clips/x \"quoted\".txt#1");
    plain.articles.get_mut("a.md").unwrap().was = vec![Slug::parse("old-one").unwrap(), Slug::parse("older").unwrap()];
    let text = plain.to_text();
    let quick = read_own_form(&text).expect("the file's own form");
    let form: FileForm = toml::from_str(&text).unwrap();
    assert_eq!(quick, form.articles);
    assert_eq!(quick, plain.articles);
    // An escape, a hand-written table or a trailing comment goes to `toml`.
    assert!(read_own_form(&out.ledger.to_text()).is_none());
    assert!(read_own_form("[articles.\"a.md\"]\nslug = \"a\"\n").is_none());
    assert!(read_own_form(&text.replace(" }\n", " } # note\n")).is_none());
    // Both readers agree on what a second build finds unchanged.
    let again = assign(&arts, out.ledger.clone(), T1);
    assert!(!again.dirty && again.fixes.is_empty(), "{again:?}");
    std::fs::write(
        dir.path().join(FILE),
        "[articles]\n\"a.md\" = { slug = \"Bad Slug\" }\n",
    )
    .unwrap();
    let err = Ledger::read(dir.path()).unwrap_err();
    assert!(
        err.to_string().contains(FILE) && err.to_string().contains(":2"),
        "{err}"
    );
}

#[test]
fn aliases_are_paths_inside_the_site() {
    assert_eq!(alias_route("old-title").unwrap(), "articles/old-title/");
    assert_eq!(alias_route("/2019/06/story.html").unwrap(), "2019/06/story.html");
    assert_eq!(alias_route("/news/old").unwrap(), "news/old/");
    for bad in ["../etc/passwd", "/topics/x/", "index.html", "a//b", "a b", ""] {
        assert!(alias_route(bad).is_err(), "{bad}");
    }
}
