//! Helpers shared by the end-to-end tests: write an archive into a temp dir, run the real
//! binary on it, read the real output.
#![allow(dead_code)]

pub mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const CONFIG: &str = r#"
title = "Test Briefing"
description = "Archive used by the end-to-end tests."
base_url = "https://example.org/briefing/"
language = "en"
per_page = 2
feed_limit = 5
related_limit = 3

[[topics]]
slug = "nk-russia"
name = "North Korea–Russia ties"
description = "Ties between Pyongyang and Moscow."

[[topics]]
slug = "un-diplomacy"
name = "UN diplomacy"
description = "North Korea at the United Nations."

[[people]]
name = "Kim Jong-un"
aliases = ["Kim Jong Un"]

[[people]]
name = "Vladimir Putin"
aliases = ["Putin"]
"#;

pub struct Archive {
    pub dir: tempfile::TempDir,
}

impl Archive {
    pub fn new(config: &str) -> Archive {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("briefing.toml"), config).unwrap();
        Archive { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn site(&self) -> PathBuf {
        self.root().join("site")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Archive {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn article(&self, name: &str, front: &str, body: &str) -> &Archive {
        self.write(&format!("content/{name}.md"), &format!("+++\n{front}\n+++\n{body}\n"))
    }

    pub fn run(&self, args: &[&str]) -> Output {
        briefing(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run briefing")
    }

    /// Runs briefing from inside the archive, which it then finds by itself.
    pub fn run_inside(&self, args: &[&str]) -> Output {
        briefing(args).current_dir(self.root()).output().expect("run briefing")
    }

    /// Builds and panics with the tool's own words when the build fails.
    pub fn build(&self, extra: &[&str]) -> String {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(
            out.status.success(),
            "build failed:\n{stderr}\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        stderr
    }

    /// Builds expecting failure; returns stderr.
    pub fn build_fails(&self, extra: &[&str]) -> String {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(!out.status.success(), "build unexpectedly succeeded");
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    pub fn page(&self, rel: &str) -> String {
        let p = self.site().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

/// Every file of a tree with its bytes, for byte-for-byte comparisons.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Asserts two trees are identical, naming the first difference.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let ka: Vec<&String> = ta.keys().collect();
    let kb: Vec<&String> = tb.keys().collect();
    if ka != kb {
        let only_a: Vec<_> = ka.iter().filter(|k| !tb.contains_key(**k)).collect();
        let only_b: Vec<_> = kb.iter().filter(|k| !ta.contains_key(**k)).collect();
        panic!(
            "file lists differ: only in {}: {only_a:?}; only in {}: {only_b:?}",
            a.display(),
            b.display()
        );
    }
    for (k, v) in &ta {
        if tb[k] != *v {
            // Shown from a little before the first difference: pages are long.
            let at = v
                .iter()
                .zip(&tb[k])
                .take_while(|(x, y)| x == y)
                .count()
                .saturating_sub(300);
            let part = |bytes: &[u8]| {
                String::from_utf8_lossy(&bytes[at.min(bytes.len())..])
                    .chars()
                    .take(1500)
                    .collect::<String>()
            };
            panic!(
                "{k} differs from byte {at}:\n--- {}\n{}\n--- {}\n{}",
                a.display(),
                part(v),
                b.display(),
                part(&tb[k])
            );
        }
    }
}

/// Internal links of every HTML page that point at no file. `base_path` is the path of the
/// site's base URL ("/briefing/").
pub fn broken_links(site: &Path, base_path: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut broken = Vec::new();
    for (rel, bytes) in tree(site) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let page_dir = Path::new(&rel).parent().unwrap_or(Path::new("")).to_path_buf();
        for cap in re.captures_iter(&html) {
            let link = cap[1].replace("&amp;", "&");
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() {
                continue;
            }
            let target = if let Some(abs) = path.strip_prefix('/') {
                let Some(inside) = format!("/{abs}").strip_prefix(base_path).map(str::to_string) else {
                    broken.push(format!("{rel}: {link} (outside the base path {base_path})"));
                    continue;
                };
                site.join(inside)
            } else {
                site.join(&page_dir).join(path)
            };
            let target = if path.ends_with('/') || target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                broken.push(format!("{rel}: {link}"));
            }
        }
    }
    broken
}

/// The briefing binary with these arguments, without progress bars.
fn briefing(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_briefing"));
    c.args(args).env("CI", "true");
    c
}

/// An archive with one good article, built once.
pub fn good() -> Archive {
    let a = Archive::new(CONFIG);
    a.article(
        "ok",
        "title = \"A good article\"\ndate = 2024-01-02\ntopics = [\"nk-russia\"]",
        "Fine.",
    );
    a.build(&[]);
    a
}

/// Copies the site so a failed build can be compared with it afterwards.
pub fn snapshot(a: &Archive) -> tempfile::TempDir {
    let snap = tempfile::tempdir().unwrap();
    for (rel, bytes) in tree(&a.site()) {
        let p = snap.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    snap
}

/// Builds expecting failure with each of `expect` in the message, and the site untouched.
pub fn fails_and_keeps_site(a: &Archive, expect: &[&str]) -> String {
    let snap = snapshot(a);
    // (Without --strict, an article with an error is left out and the rest is built.)
    let err = a.build_fails(&["--strict"]);
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("site/ was left as it was"), "{err}");
    assert_same_tree(snap.path(), &a.site());
    err
}
