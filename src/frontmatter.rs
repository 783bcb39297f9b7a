//! Curated articles: Markdown with TOML front matter between `+++` lines.

use crate::config::{nearest, toml_diagnostic};
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::model::{Draft, FieldLines};
use serde::Deserialize;
use std::path::Path;

/// The keys an editor may set; anything else is probably a typo and gets a warning.
pub const KNOWN_KEYS: [&str; 12] = [
    "title", "date", "source", "credits", "url", "byline", "topics", "people", "summary", "draft", "slug", "aliases",
];

#[derive(Deserialize)]
struct FrontMatter {
    title: Option<String>,
    date: Option<PartialDate>,
    source: Option<String>,
    #[serde(default)]
    credits: Vec<String>,
    url: Option<String>,
    byline: Option<String>,
    topics: Option<Vec<String>>,
    people: Option<Vec<String>>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Splits and parses a curated article. Returns the draft and any warnings.
pub fn parse(shown: &Path, text: &str) -> Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = shown.to_string_lossy();
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| (text == "+++").then_some("")) else {
        let d = if text.trim().is_empty() {
            Diagnostic::error(shown, "the file is empty")
                .with_help("a curated article starts with +++, a TOML block with at least title = \"…\", and +++")
        } else {
            Diagnostic::error(shown, "no front matter: a curated article must start with a line `+++`")
                .at(1, Some(1))
                .with_help("add +++ / title = \"…\" / +++ at the top, or save plain text as .txt to have it extracted as a clipping")
        };
        return Err(vec![d]);
    };
    let (fm_text, body) = match find_closing_fence(rest) {
        Some((end, body_start)) => (&rest[..end], &rest[body_start..]),
        None => {
            return Err(vec![
                Diagnostic::error(shown, "front matter is not closed: no second `+++` line")
                    .at(1, Some(1))
                    .with_help("end the TOML block with a line holding only +++"),
            ]);
        }
    };
    // Line 1 is the opening fence, so TOML line n is file line n + 1.
    // One parse in the common case; a typed error is parsed again to get its position.
    let table: toml::Table = toml::from_str(fm_text).map_err(|e| vec![toml_diagnostic(&file, fm_text, &e, 1)])?;
    let fm: FrontMatter = match toml::Value::Table(table.clone()).try_into() {
        Ok(fm) => fm,
        Err(_) => toml::from_str(fm_text).map_err(|e| vec![toml_diagnostic(&file, fm_text, &e, 1)])?,
    };
    let mut warnings = Vec::new();
    for key in table.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let mut w = Diagnostic::warning(shown, format!("unknown front-matter key `{key}` is ignored"));
            if let Some(line) = key_line(fm_text, key) {
                w = w.at(line + 1, Some(1));
            }
            w = match nearest(key, KNOWN_KEYS.iter().copied()) {
                Some(k) => w.with_help(format!("did you mean `{k}`?")),
                None => w.with_help(format!("known keys: {}", KNOWN_KEYS.join(", "))),
            };
            warnings.push(w);
        }
    }
    let title = match fm.title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        _ => {
            return Err(vec![
                Diagnostic::error(shown, "front matter has no `title`")
                    .at(2, Some(1))
                    .with_help("add a line such as: title = \"Kim and Putin sign partnership treaty\""),
            ]);
        }
    };
    let lines = FieldLines {
        topics: key_line(fm_text, "topics").map(|l| l + 1),
        slug: key_line(fm_text, "slug").map(|l| l + 1),
        date: key_line(fm_text, "date").map(|l| l + 1),
        aliases: key_line(fm_text, "aliases").map(|l| l + 1),
    };
    let draft = Draft {
        index: 0,
        title,
        slug: fm.slug,
        aliases: fm.aliases,
        date: fm.date,
        source: nonempty(fm.source),
        credits: nonempty_list(fm.credits),
        url: nonempty(fm.url),
        byline: nonempty(fm.byline),
        topics: fm.topics,
        people: fm.people,
        summary: nonempty(fm.summary),
        draft: fm.draft,
        title_from_text: false,
        body: body.to_string(),
        lines,
    };
    Ok((draft, warnings))
}

/// The body of a curated article without parsing its front matter (for re-reading bodies at
/// render time, when the front matter was checked already).
pub fn body_of(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("+++\n")?;
    let (_, body_start) = find_closing_fence(rest)?;
    Some(&rest[body_start..])
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Names with their spaces trimmed, empty ones and repeats dropped (`credits`).
pub fn nonempty_list(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list {
        let s = s.trim().to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Byte offset where the front matter ends and where the body begins.
fn find_closing_fence(rest: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// 1-based line of `key = …` within a TOML text.
pub fn key_line(toml_text: &str, key: &str) -> Option<usize> {
    toml_text
        .lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>> {
        parse(Path::new("content/a.md"), text)
    }

    #[test]
    fn typed_fields_convert_from_the_parsed_table() {
        // The fast path (one parse) must handle native TOML dates, or every file parses twice.
        let table: toml::Table = toml::from_str("title = \"T\"\ndate = 2024-06-19\ndraft = true").unwrap();
        let fm: FrontMatter = toml::Value::Table(table).try_into().unwrap();
        assert_eq!(fm.date.unwrap().to_string(), "2024-06-19");
    }

    #[test]
    fn reads_fields_and_body() {
        let (d, w) = p("+++\ntitle = \"T\"\ndate = \"2023-10\"\ntopics = [\"nk-russia\"]\n+++\nBody *here*\n").unwrap();
        assert!(w.is_empty());
        assert_eq!(d.title, "T");
        assert_eq!(d.date.unwrap().to_string(), "2023-10");
        assert_eq!(d.topics.unwrap(), vec!["nk-russia"]);
        assert_eq!(d.lines.topics, Some(4));
        assert_eq!(d.body, "Body *here*\n");
        assert_eq!(body_of("+++\ntitle = \"T\"\n+++\nBody *here*\n"), Some("Body *here*\n"));
    }

    #[test]
    fn reads_wire_credits_without_blanks_or_repeats() {
        let (d, w) = p(
            "+++\ntitle = \"T\"\nsource = \"Korea Times\"\ncredits = [\" Yonhap \", \"\", \"Yonhap\", \"AFP\"]\n+++\n",
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.credits, ["Yonhap", "AFP"]);
    }

    #[test]
    fn unquoted_partial_date_gets_a_hint() {
        let e = p("+++\ntitle = \"T\"\ndate = 2023-10\n+++\n").unwrap_err();
        assert!(
            e[0].to_string().contains("content/a.md:3") && e[0].help.as_deref().unwrap_or("").contains("\"2023-10\""),
            "{}",
            e[0]
        );
    }

    #[test]
    fn bad_toml_names_file_line() {
        let e = p("+++\ntitle = \"T\"\ndate = = 3\n+++\n").unwrap_err();
        assert!(e[0].to_string().starts_with("error: content/a.md:3:"), "{}", e[0]);
    }

    #[test]
    fn bad_dates_are_errors_with_line() {
        for bad in ["\"2024-13-45\"", "\"yesterday\""] {
            let e = p(&format!("+++\ntitle = \"T\"\ndate = {bad}\n+++\n")).unwrap_err();
            let s = e[0].to_string();
            assert!(s.contains("content/a.md:3") && s.contains("is not a date"), "{s}");
        }
    }

    #[test]
    fn missing_title_and_missing_fence() {
        assert!(
            p("+++\ndate = 2024\n+++\n").unwrap_err()[0]
                .message
                .contains("no `title`")
        );
        assert!(p("just text").unwrap_err()[0].message.contains("no front matter"));
        assert!(p("").unwrap_err()[0].message.contains("empty"));
        assert!(p("+++\ntitle = \"x\"\n").unwrap_err()[0].message.contains("not closed"));
    }

    #[test]
    fn unknown_key_warns_with_suggestion() {
        let (_, w) = p("+++\ntitle = \"T\"\ntopcis = []\n+++\n").unwrap();
        let s = w[0].to_string();
        assert!(
            s.contains("content/a.md:3") && s.contains("did you mean `topics`"),
            "{s}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(fuzz_cases()))]
        /// Whatever the bytes, parsing returns a value or diagnostics; it never panics.
        #[test]
        fn never_panics(body in "(\\+\\+\\+\n)?[\\PC\n=\"\\[\\]]{0,200}(\n\\+\\+\\+\n)?.{0,50}") {
            let _ = p(&body);
        }
    }

    fn fuzz_cases() -> u32 {
        std::env::var("BRIEFING_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256)
    }
}
