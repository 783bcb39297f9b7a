//! The synthetic archive (issue 5) against the real pipeline pieces: every generated clipping
//! must extract to the stories the generator put in it, and every curated file must carry TOML
//! front matter with a title.

use briefing_synth::{self as synth, SynthArticle, SynthFormat};
use std::fs;
use std::path::Path;

/// n = 40 with this seed holds every clipping style and multi-story clippings.
const N: usize = 40;
const SEED: u64 = 47;

/// Curly quotes to straight ones, whitespace trimmed: titles compare on their words.
fn normalise(title: &str) -> String {
    title
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .trim()
        .to_owned()
}

/// The generator's files in order, each with the articles it holds.
fn files(n: usize, seed: u64) -> Vec<Vec<SynthArticle>> {
    let mut out: Vec<Vec<SynthArticle>> = Vec::new();
    for a in synth::articles(n, seed) {
        match out.last_mut() {
            Some(group) if group[0].path == a.path => group.push(a),
            _ => out.push(vec![a]),
        }
    }
    out
}

#[test]
fn synthetic_archive_covers_the_shapes_this_test_relies_on() {
    let groups = files(N, SEED);
    assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), N);
    assert!(groups.iter().any(|g| g.len() > 1), "no multi-story clipping");
    assert!(groups.iter().any(|g| matches!(g[0].format, SynthFormat::Clipping(_))));
}

/// `BRIEFING_SYNTH_N=2000 BRIEFING_SYNTH_SEED=7 cargo test --test synth` tries a larger archive.
fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn extractor_finds_every_generated_clipping_story_and_its_date() {
    let n = from_env("BRIEFING_SYNTH_N", N as u64) as usize;
    let seed = from_env("BRIEFING_SYNTH_SEED", SEED);
    let dir = tempfile::tempdir().unwrap();
    let stats = synth::generate(dir.path(), n, seed).unwrap();
    assert_eq!(stats.articles, n);

    let mut failures = Vec::new();
    let mut checked = 0;
    for group in files(n, seed) {
        if !matches!(group[0].format, SynthFormat::Clipping(_)) {
            continue;
        }
        checked += 1;
        let path = dir.path().join(&group[0].path);
        let text = fs::read_to_string(&path).unwrap();
        let found = briefing::extract::extract(&text);
        let want: Vec<String> = group.iter().map(|a| normalise(&a.title)).collect();
        let got: Vec<String> = found.iter().map(|e| normalise(&e.title)).collect();
        // Every clipping states its date in a "Posted on" line.
        let want_dates: Vec<Option<String>> = group.iter().map(|a| a.date.map(|d| d.iso())).collect();
        let got_dates: Vec<Option<String>> = found.iter().map(|e| e.date.map(|d| d.to_string())).collect();
        if want == got && want_dates != got_dates {
            failures.push(format!(
                "{}: dates {want_dates:?}, extracted {got_dates:?}",
                group[0].path
            ));
        }
        if want != got {
            failures.push(format!(
                "{} ({:?}): expected {} stor{} {want:?}, extracted {} {got:?}",
                group[0].path,
                group[0].format,
                want.len(),
                if want.len() == 1 { "y" } else { "ies" },
                got.len(),
            ));
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} clippings extracted wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn curated_front_matter_parses_as_toml_with_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let stats = synth::generate(dir.path(), N, SEED).unwrap();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(dir.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        seen += 1;
        let text = fs::read_to_string(entry.path()).unwrap();
        let rest = text
            .strip_prefix("+++\n")
            .unwrap_or_else(|| panic!("{}: no opening +++", entry.path().display()));
        let end = rest
            .find("\n+++\n")
            .unwrap_or_else(|| panic!("{}: no closing +++", entry.path().display()));
        let table: toml::Table =
            toml::from_str(&rest[..end]).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        let title = table.get("title").and_then(|t| t.as_str()).unwrap_or("");
        assert!(!title.trim().is_empty(), "{}: no title", entry.path().display());
    }
    assert_eq!(seen, stats.markdown_files);
}

#[test]
fn write_archive_keeps_the_config_and_fills_content() {
    let dir = tempfile::tempdir().unwrap();
    let config = "title = \"Korea Briefing\"\nbase_url = \"https://example.org/\"\n";
    let stats = synth::write_archive(dir.path(), 12, SEED, config).unwrap();
    assert_eq!(fs::read_to_string(dir.path().join("briefing.toml")).unwrap(), config);
    assert_eq!(stats.articles, 12);
    let content = dir.path().join("content");
    assert!(Path::new(&content).is_dir());
    let files = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(files, stats.markdown_files + stats.clipping_files);
}
