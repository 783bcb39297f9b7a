//! The editor's corrections to a clipping, kept beside it in a TOML file.
//!
//! The raw clipping stays exactly as it was saved (it is the evidence); `x.toml` beside
//! `x.txt` sets or corrects any field of any article found in it, or drops a piece that was
//! split off wrongly:
//!
//! ```toml
//! [[article]]
//! match = "Kim Vows Support"   # start of the extracted title (or: index = 0)
//! date = "2024-06-19"
//! topics = ["nk-russia"]
//!
//! [[article]]
//! match = "Photo gallery"
//! drop = true
//! ```
//!
//! `match` binds a correction to its story. `index = N` (its place in the clipping) still
//! works, with a warning: a story's place moves when the clipping is split differently (an
//! edit, or a better extractor), and the correction would land on another story. Both
//! together pin the place and check the headline.

use crate::config::{nearest, toml_diagnostic};
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::frontmatter::key_line;
use crate::model::{Draft, FieldLines};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    article: Vec<Entry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The start of the title the extractor found (case and quote style ignored).
    #[serde(rename = "match")]
    pub matches: Option<String>,
    /// Or the article's 0-based position in the clipping.
    pub index: Option<usize>,
    #[serde(default)]
    pub drop: bool,
    pub title: Option<String>,
    pub slug: Option<String>,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    pub credits: Option<Vec<String>>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub topics: Option<Vec<String>>,
    pub people: Option<Vec<String>>,
    pub summary: Option<String>,
    pub draft: Option<bool>,
}

/// A parsed sidecar with the line of each entry, for messages.
#[derive(Debug, Clone, Default)]
pub struct Sidecar {
    /// Each entry with the line of its `[[article]]` header and of the keys errors point at.
    pub entries: Vec<(Entry, usize, FieldLines)>,
}

pub fn parse(shown: &Path, text: &str) -> Result<Sidecar, Vec<Diagnostic>> {
    let file: File = toml::from_str(text).map_err(|e| {
        let mut d = toml_diagnostic(&shown.to_string_lossy(), text, &e, 0);
        if d.message.contains("unknown field") {
            d = d.with_help(
                "an [[article]] may set: match or index, drop, title, slug, date, source, credits, url, byline, topics, people, summary, draft",
            );
        }
        vec![d]
    })?;
    let header_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[article]]")
        .map(|(i, _)| i + 1)
        .collect();
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (i, e) in file.article.into_iter().enumerate() {
        let line = header_lines.get(i).copied().unwrap_or(1);
        if e.matches.is_none() && e.index.is_none() {
            errors.push(
                Diagnostic::error(
                    shown,
                    "each [[article]] needs `match` (the start of the story's headline) to say which story it corrects",
                )
                .at(line, None),
            );
            continue;
        }
        let lines = FieldLines {
            topics: entry_key_line(text, line, "topics"),
            slug: entry_key_line(text, line, "slug"),
            date: entry_key_line(text, line, "date"),
            aliases: None,
        };
        entries.push((e, line, lines));
    }
    if errors.is_empty() {
        Ok(Sidecar { entries })
    } else {
        Err(errors)
    }
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stories an entry selects: by `match`, by `index`, or by both (the story at that place,
/// if its headline matches).
fn select(e: &Entry, drafts: &[Draft]) -> Vec<usize> {
    let matches = |d: &Draft| e.matches.as_ref().is_none_or(|m| fold(&d.title).starts_with(&fold(m)));
    let at = |d: &Draft| e.index.is_none_or(|i| d.index == i);
    (0..drafts.len())
        .filter(|&i| at(&drafts[i]) && matches(&drafts[i]))
        .collect()
}

/// The warning for an entry bound by its place alone, with the `match` that binds it instead.
fn by_place(shown: &Path, line: usize, i: usize, title: &str) -> Diagnostic {
    let start: String = title.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    Diagnostic::warning(
        shown,
        format!(
            "[[article]] index = {i} names a story by its place, which moves when the clipping is split differently"
        ),
    )
    .at(line, None)
    .with_help(format!("bind it to its headline instead: match = {start:?}"))
}

/// Applies the corrections to the articles extracted from the clipping. An entry that selects
/// no article, or more than one, is an error: a silent no-op would hide the editor's work.
/// Returns the corrected drafts and warnings (entries bound by `index` alone).
pub fn apply(
    shown: &Path,
    sidecar: &Sidecar,
    mut drafts: Vec<Draft>,
) -> Result<(Vec<Draft>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut dropped = vec![false; drafts.len()];
    for (e, line, lines) in &sidecar.entries {
        let hits = select(e, &drafts);
        let which = match (&e.matches, e.index) {
            (Some(m), Some(i)) => format!("index = {i} with match = {m:?}"),
            (Some(m), None) => format!("match = {m:?}"),
            (None, Some(i)) => format!("index = {i}"),
            (None, None) => String::new(),
        };
        if let ([k], (None, Some(i))) = (hits.as_slice(), (&e.matches, e.index)) {
            warnings.push(by_place(shown, *line, i, &drafts[*k].title));
        }
        match hits.as_slice() {
            [i] => {
                let d = &mut drafts[*i];
                dropped[*i] |= e.drop;
                overwrite(d, e, *line, lines);
            }
            [] => {
                let titles: Vec<String> = drafts.iter().map(|d| format!("{}: {}", d.index, d.title)).collect();
                let mut diag =
                    Diagnostic::error(shown, format!("[[article]] {which} selects no article of the clipping"))
                        .at(*line, None);
                if let Some(m) = &e.matches
                    && let Some(t) = nearest(m, drafts.iter().map(|d| d.title.as_str()))
                {
                    diag = diag.with_help(format!("did you mean {t:?}? articles found: {}", titles.join("; ")));
                } else {
                    diag = diag.with_help(format!("articles found: {}", titles.join("; ")));
                }
                errors.push(diag);
            }
            many => errors.push(
                Diagnostic::error(
                    shown,
                    format!(
                        "[[article]] {which} selects {} articles; make it longer so it names one",
                        many.len()
                    ),
                )
                .at(*line, None),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kept = drafts
        .into_iter()
        .zip(dropped)
        .filter(|(_, gone)| !gone)
        .map(|(d, _)| d)
        .collect();
    Ok((kept, warnings))
}

fn overwrite(d: &mut Draft, e: &Entry, line: usize, lines: &FieldLines) {
    if let Some(v) = &e.title {
        d.title = v.clone();
        d.title_from_text = false;
    }
    if let Some(v) = &e.slug {
        d.slug = Some(v.clone());
        d.lines.slug = lines.slug.or(Some(line));
    }
    if let Some(v) = e.date {
        d.date = Some(v);
        d.lines.date = lines.date.or(Some(line));
    }
    if let Some(v) = &e.source {
        d.source = Some(v.clone());
    }
    if let Some(v) = &e.credits {
        d.credits = crate::frontmatter::nonempty_list(v.clone());
    }
    if let Some(v) = &e.url {
        d.url = Some(v.clone());
    }
    if let Some(v) = &e.byline {
        d.byline = Some(v.clone());
    }
    if let Some(v) = &e.topics {
        d.topics = Some(v.clone());
        d.lines.topics = lines.topics.or(Some(line));
    }
    if let Some(v) = &e.people {
        d.people = Some(v.clone());
    }
    if let Some(v) = &e.summary {
        d.summary = Some(v.clone());
    }
    if let Some(v) = e.draft {
        d.draft = v;
    }
}

/// Line of a key inside the entry that starts at `entry_line`, for pointing at a bad value.
fn entry_key_line(text: &str, entry_line: usize, key: &str) -> Option<usize> {
    let tail: String = text
        .lines()
        .skip(entry_line)
        .take_while(|l| l.trim() != "[[article]]")
        .collect::<Vec<_>>()
        .join("\n");
    key_line(&tail, key).map(|l| l + entry_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts() -> Vec<Draft> {
        ["Kim Vows Support for Russia", "Kim Urges Drills", "Almost Full Turnout"]
            .iter()
            .enumerate()
            .map(|(i, t)| Draft {
                index: i,
                title: t.to_string(),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn corrects_by_title_and_index_and_drops() {
        let text = "[[article]]\nmatch = \"kim vows\"\ndate = 2024-06-19\n\n[[article]]\nindex = 1\ndrop = true\n";
        let sc = parse(Path::new("s.toml"), text).unwrap();
        let (out, warnings) = apply(Path::new("s.toml"), &sc, drafts()).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].date.unwrap().to_string(), "2024-06-19");
        assert_eq!(out[1].title, "Almost Full Turnout");
        // Bound by its place alone: a warning at its line, with the `match` to write.
        let w = warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("\n");
        assert_eq!(warnings.len(), 1, "{w}");
        assert!(
            w.contains("s.toml:5") && w.contains("match = \"Kim Urges Drills\""),
            "{w}"
        );
    }

    #[test]
    fn a_correction_pinned_by_place_and_headline_does_not_follow_a_resplit() {
        let text = "[[article]]\nindex = 1\nmatch = \"Kim Urges\"\ndate = 2024-06-19\n";
        let sc = parse(Path::new("s.toml"), text).unwrap();
        let (out, warnings) = apply(Path::new("s.toml"), &sc, drafts()).unwrap();
        assert!(warnings.is_empty());
        assert!(out[1].date.is_some());
        // The clipping is split again: story 1 is now another one. An error, not a silent move.
        let mut resplit = drafts();
        resplit.remove(0);
        for (i, d) in resplit.iter_mut().enumerate() {
            d.index = i;
        }
        let e = apply(Path::new("s.toml"), &sc, resplit).unwrap_err();
        assert!(
            e[0].to_string().contains("s.toml:1") && e[0].to_string().contains("selects no article"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn unmatched_entry_is_an_error_with_its_line() {
        let text = "[[article]]\nmatch = \"Kim Vows\"\n\n[[article]]\nmatch = \"Nothing like this\"\n";
        let sc = parse(Path::new("s.toml"), text).unwrap();
        let e = apply(Path::new("content/s.toml"), &sc, drafts()).unwrap_err();
        let s = e[0].to_string();
        assert!(
            s.contains("content/s.toml:4") && s.contains("selects no article"),
            "{s}"
        );
    }

    #[test]
    fn needs_a_selector_and_known_keys() {
        assert!(parse(Path::new("s"), "[[article]]\ndate = 2024\n").is_err());
        let e = parse(Path::new("s"), "[[article]]\nindex = 0\ntitel = \"x\"\n").unwrap_err();
        assert!(e[0].to_string().contains("titel"), "{}", e[0]);
    }
}
