//! The editor's commands: `extract` (JSON and readable) and `import`.

mod common;
use common::{Archive, CONFIG};
use std::path::Path;
use std::process::Command;

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content/clippings"))
}

fn briefing(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn extract_json_has_every_field_and_ignores_sidecars_unless_asked() {
    let file = seeds().join("003_aefc28a75f94f11f.txt");
    let out = briefing(&["extract", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 7);
    for (i, a) in arr.iter().enumerate() {
        for key in [
            "file", "index", "title", "source", "byline", "date", "topics", "people", "summary", "body",
        ] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        assert_eq!(a["index"], i);
    }
    assert_eq!(arr[0]["title"], "Kim Vows Support for Russia in Ukraine War");
    assert_eq!(arr[0]["source"], "Asian Lite News");
    assert_eq!(
        arr[0]["date"],
        serde_json::Value::Null,
        "the clipping states no date; the sidecar is not read"
    );
    assert!(arr[0]["topics"].as_array().unwrap().contains(&"nk-russia".into()));

    let out = briefing(&["extract", file.to_str().unwrap(), "--json", "--with-overrides"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["date"], "2024-06-19");
    assert_eq!(v[6]["date"], "2023-08");
}

#[test]
fn extract_explains_topics_readably() {
    let file = seeds().join("004_7aee10ecb677c462.txt");
    let out = briefing(&["extract", file.to_str().unwrap(), "--explain"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("South Korea, UNC member states demand end"), "{text}");
    assert!(text.contains("byline:  Michael Lee"), "{text}");
    assert!(
        text.contains("explain: nk-russia") && text.contains("explain: un-diplomacy"),
        "{text}"
    );
}

#[test]
fn extract_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // More lines than a pipe holds, so the writer is still writing when the reader stops.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.txt");
    let para = "North Korea and Russia signed an agreement on Wednesday, officials said.\n\n";
    std::fs::write(&file, format!("A Long Page of Stories\n\n{}", para.repeat(4000))).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["extract", "--explain", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, as `head -c 1` would, then close the pipe.
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn extract_names_a_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.txt");
    std::fs::write(&f, b"Headline\n\nBody \xff text.\n").unwrap();
    let out = briefing(&["extract", f.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt:3:6") && err.contains("not valid UTF-8"), "{err}");
}

#[test]
fn import_turns_a_clipping_into_markdown_that_builds_the_same_articles() {
    let a = Archive::new(CONFIG);
    let src = seeds().join("003_aefc28a75f94f11f.txt");
    a.write("content/clips/asianlite.txt", &std::fs::read_to_string(&src).unwrap());
    a.write(
        "content/clips/asianlite.toml",
        &std::fs::read_to_string(src.with_extension("toml")).unwrap(),
    );
    let clip = a.root().join("content/clips/asianlite.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["import", clip.to_str().unwrap(), "--root", a.root().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = std::fs::read_to_string(
        a.root()
            .join("content/articles/kim-vows-support-for-russia-in-ukraine-war.md"),
    )
    .unwrap();
    assert!(
        md.starts_with("+++\ntitle = \"Kim Vows Support for Russia in Ukraine War\"\ndate = \"2024-06-19\""),
        "{md}"
    );
    assert!(md.contains("source = \"Asian Lite News\""));
    assert!(!clip.exists(), "the raw clipping moved out of content/");
    assert!(a.root().join("imported/asianlite.txt").is_file() && a.root().join("imported/asianlite.toml").is_file());
    a.build(&[]);
    assert_eq!(std::fs::read_dir(a.site().join("articles")).unwrap().count(), 7);
    let page = a.page("articles/kim-vows-support-for-russia-in-ukraine-war/index.html");
    assert!(page.contains("<time datetime=\"2024-06-19\""));
}

#[test]
fn check_reports_errors_without_writing_a_site() {
    let a = Archive::new(CONFIG);
    a.article("ok", "title = \"Fine\"\ndate = 2024-01-01\ntopics = []", "x");
    let out = a.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" links checked, 0 broken"));
    a.article("bad", "title = \"Bad\"\ndate = \"2024-02-30\"", "x");
    let out = a.run(&["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/bad.md:3"));
    assert!(!a.site().exists(), "check writes nothing into the archive");
}
