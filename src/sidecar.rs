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
//! index = 3
//! drop = true
//! ```

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
                "an [[article]] may set: match or index, drop, title, slug, date, source, url, byline, topics, people, summary, draft",
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
        if e.matches.is_none() == e.index.is_none() {
            errors.push(
                Diagnostic::error(
                    shown,
                    "each [[article]] needs exactly one of `match` (start of the title) or `index` (0-based position)",
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

/// Applies the corrections to the articles extracted from the clipping. An entry that selects
/// no article, or more than one, is an error: a silent no-op would hide the editor's work.
pub fn apply(shown: &Path, sidecar: &Sidecar, mut drafts: Vec<Draft>) -> Result<Vec<Draft>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut dropped = vec![false; drafts.len()];
    for (e, line, lines) in &sidecar.entries {
        let hits: Vec<usize> = match (&e.matches, e.index) {
            (Some(m), _) => {
                let m = fold(m);
                drafts
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| fold(&d.title).starts_with(&m))
                    .map(|(i, _)| i)
                    .collect()
            }
            (None, Some(i)) => drafts.iter().position(|d| d.index == i).into_iter().collect(),
            (None, None) => Vec::new(),
        };
        let which = match (&e.matches, e.index) {
            (Some(m), _) => format!("match = {m:?}"),
            (_, Some(i)) => format!("index = {i}"),
            _ => String::new(),
        };
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
    Ok(drafts
        .into_iter()
        .zip(dropped)
        .filter(|(_, gone)| !gone)
        .map(|(d, _)| d)
        .collect())
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
        let out = apply(Path::new("s.toml"), &sc, drafts()).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].date.unwrap().to_string(), "2024-06-19");
        assert_eq!(out[1].title, "Almost Full Turnout");
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
    fn needs_exactly_one_selector_and_known_keys() {
        assert!(parse(Path::new("s"), "[[article]]\ndate = 2024\n").is_err());
        let e = parse(Path::new("s"), "[[article]]\nindex = 0\ntitel = \"x\"\n").unwrap_err();
        assert!(e[0].to_string().contains("titel"), "{}", e[0]);
    }
}
