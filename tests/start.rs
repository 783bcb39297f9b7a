//! Starting an archive and an article: `briefing init` and `briefing new`, driven as an editor
//! would, then built by the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn briefing(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .output()
        .expect("run briefing")
}

fn ok(out: &Output) -> String {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "failed:\n{stderr}\n{stdout}");
    stdout.into_owned()
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A new archive in a fresh temporary folder: (the folder's owner, the archive).
fn init() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("my-archive");
    ok(&briefing(tmp.path(), &["init", "my-archive"]));
    (tmp, root)
}

/// Builds with `--strict`, so that any warning (an undated article, an unknown key) fails.
fn build(root: &Path) {
    ok(&briefing(root, &["build", "--strict"]));
}

/// The published articles: each page's `<h1>` text (unescaped) with its page.
fn published(root: &Path) -> Vec<(String, String)> {
    let h1 = regex::Regex::new(r"<h1[^>]*>([^<]*)</h1>").unwrap();
    let dir = root.join("site/articles");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let html = std::fs::read_to_string(e.unwrap().path().join("index.html")).unwrap();
            let title = h1.captures(&html).expect("an h1")[1]
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            (title, html)
        })
        .collect();
    pages.sort();
    pages
}

fn front_matter(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap();
    let inner = text.strip_prefix("+++\n").unwrap().split("\n+++").next().unwrap();
    inner.parse().unwrap()
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

#[test]
fn init_makes_an_archive_that_builds_at_once_with_its_examples() {
    let (_tmp, root) = init();
    for f in ["briefing.toml", "README.md", ".gitignore"] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    build(&root);
    let pages = published(&root);
    // The curated example is published under its title.
    let curated = files_under(&root.join("content"), "md");
    assert_eq!(curated.len(), 1, "{curated:?}");
    let fm = front_matter(&curated[0]);
    let title = fm["title"].as_str().unwrap();
    assert!(pages.iter().any(|(t, _)| t == title), "{title} not among {pages:?}");
    // The clipping's story is published with what its sidecar set.
    let sidecars = files_under(&root.join("content"), "toml");
    assert_eq!(sidecars.len(), 1, "{sidecars:?}");
    assert!(
        sidecars[0].with_extension("txt").is_file(),
        "a sidecar beside its clipping"
    );
    let sidecar: toml::Table = std::fs::read_to_string(&sidecars[0]).unwrap().parse().unwrap();
    let entry = &sidecar["article"].as_array().unwrap()[0];
    let prefix = entry["match"].as_str().unwrap();
    let (_, clipped) = pages
        .iter()
        .find(|(t, _)| t.starts_with(prefix))
        .unwrap_or_else(|| panic!("no article titled {prefix}…: {pages:?}"));
    let date = entry["date"].to_string();
    assert!(
        clipped.contains(&format!("<time datetime=\"{date}\"")),
        "{date}: {clipped}"
    );
    assert_eq!(pages.len(), 2, "one article of each kind");
}

#[test]
fn init_refuses_a_folder_with_files_in_it_and_replaces_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("todo.txt"), "mine").unwrap();
    let err = failed(&briefing(tmp.path(), &["init", "notes"]));
    assert!(err.contains("notes") && err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "nothing was added");
    assert_eq!(std::fs::read_to_string(dir.join("todo.txt")).unwrap(), "mine");

    // A folder with only hidden files (a fresh git repository) is fine, and its own
    // .gitignore is kept as it was.
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join(".gitignore"), "mine\n").unwrap();
    let said = ok(&briefing(tmp.path(), &["init", "repo"]));
    assert!(said.contains(".gitignore"), "it says what it kept: {said}");
    assert_eq!(std::fs::read_to_string(repo.join(".gitignore")).unwrap(), "mine\n");
    assert!(repo.join("briefing.toml").is_file());

    // An archive is never made twice over: an edited setting survives a second init.
    let config = repo.join("briefing.toml");
    std::fs::write(&config, "# edited\n").unwrap();
    failed(&briefing(tmp.path(), &["init", "repo"]));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# edited\n");
}

#[test]
fn new_writes_an_article_that_the_next_build_publishes() {
    let (_tmp, root) = init();
    build(&root);
    let before = published(&root).len();
    let title = "Putin's envoy meets \"Choe Son-hui\" & aides";
    let out = ok(&briefing(&root, &["new", title]));
    let path = root.join(out.trim());
    assert!(path.is_file() && path.starts_with(root.join("content")), "{out}");
    let fm = front_matter(&path);
    assert_eq!(fm["title"].as_str(), Some(title));
    assert!(
        fm["date"].as_datetime().is_some_and(|d| d.date.is_some()),
        "today's date: {fm:?}"
    );
    build(&root);
    let pages = published(&root);
    assert_eq!(pages.len(), before + 1);
    let (_, page) = pages
        .iter()
        .find(|(t, _)| t == title)
        .expect("the new article is published");
    assert!(page.contains(&format!("<time datetime=\"{}\"", fm["date"])), "{page}");

    // Never over an existing file: the error names it, and the editor's text stays.
    std::fs::write(&path, format!("{}\nEdited.\n", std::fs::read_to_string(&path).unwrap())).unwrap();
    let edited = std::fs::read_to_string(&path).unwrap();
    let err = failed(&briefing(&root, &["new", title]));
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(err.contains(name) && err.contains("exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    // From elsewhere with --root, with a date known only to the month.
    let elsewhere = root.parent().unwrap();
    let root_arg = root.to_str().unwrap();
    let out = ok(&briefing(
        elsewhere,
        &["new", "Talks in June", "--root", root_arg, "--date", "2019-06"],
    ));
    assert!(Path::new(out.trim()).is_file(), "{out}");
    build(&root);
    let pages = published(&root);
    let (_, page) = pages.iter().find(|(t, _)| t == "Talks in June").unwrap();
    assert!(page.contains("<time datetime=\"2019-06\""), "{page}");
}

#[test]
fn new_needs_an_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let err = failed(&briefing(tmp.path(), &["new", "A title"]));
    assert!(err.contains("briefing.toml") && err.contains("briefing init"), "{err}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing written");
}
