//! Key events: the archive's curated chronology, `content/events.toml`, shown as a track of
//! its own beside the articles on the timeline, on topic pages and on the articles of their day.
//!
//! ```toml
//! [[event]]
//! date = "2024-06-19"          # or "2024-06", "2024": the precision the evidence gives
//! title = "Putin and Kim sign a partnership treaty"
//! description = "One sentence."
//! topics = ["nk-russia"]       # slugs from briefing.toml
//! source = "https://…"         # a public page that documents it
//! ```
//!
//! Each entry is checked on its own: one with a date that does not exist, an unknown topic, a
//! missing field or a source that is not a web address is an error naming the file and line,
//! and is left out, as a bad article is; the others are shown (`--strict` fails instead).

use crate::config::{Config, nearest, toml_diagnostic};
use crate::date::PartialDate;
use crate::error::{Diagnostic, line_col};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The events' file, in `content/`: not a source of articles (discovery passes it by).
pub const FILE: &str = "events.toml";
/// The file as messages name it.
pub const SHOWN: &str = "content/events.toml";

const KEYS: [&str; 5] = ["date", "title", "description", "topics", "source"];
const HELP: &str = "an event is [[event]] with date = \"2024-06-19\" (or \"2024-06\", \"2024\"), title, description, topics = [\"slug\", …] and source = \"https://…\"";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: PartialDate,
    pub title: String,
    pub description: String,
    /// Slugs of topics defined in briefing.toml, each once, in the editor's order.
    pub topics: Vec<String>,
    /// A public address (http or https) that documents the event.
    pub source: String,
    /// Hash of everything above: what a page that shows the event folds into its fingerprint.
    pub rev: u64,
}

/// The events of an archive, oldest first (an event known to the month before that month's
/// days, as articles are ordered), then by title.
#[derive(Debug, Clone, Default)]
pub struct Events {
    list: Vec<Event>,
}

/// An `[[event]]` table as written: every key with its place, so that each problem is named
/// at its own line and a value of the wrong type spoils only its entry.
type Entry = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    event: Vec<Spanned<Entry>>,
}

/// A part of the file parsed on its own: its text, and how many lines come before it.
struct Part<'t> {
    text: &'t str,
    offset: usize,
    entries: Vec<Spanned<Entry>>,
}

impl Events {
    /// Reads `content/events.toml`, if there is one.
    pub fn load(content_dir: &Path, config: &Config) -> (Events, Vec<Diagnostic>) {
        if !content_dir.join(FILE).is_file() {
            return (Events::default(), Vec::new());
        }
        match crate::load::read_text(content_dir, Path::new(FILE)) {
            Ok(text) => Events::parse(&text, config),
            Err(d) => (Events::default(), vec![d]),
        }
    }

    /// The events of `text` that are sound, and an error for each problem of the others.
    pub fn parse(text: &str, config: &Config) -> (Events, Vec<Diagnostic>) {
        let (parts, mut errors) = parts(text);
        let mut list: Vec<Event> = Vec::new();
        let mut seen: BTreeMap<(PartialDate, String), usize> = BTreeMap::new();
        for part in &parts {
            for entry in &part.entries {
                let line = |at: usize| line_col(part.text, at).0 + part.offset;
                let header = line(entry.span().start);
                match check(entry.get_ref(), header, &line, config) {
                    Ok(event) => {
                        let key = (event.date, event.title.to_lowercase());
                        if let Some(first) = seen.get(&key) {
                            errors.push(
                                Diagnostic::error(
                                    SHOWN,
                                    format!(
                                        "the event {:?} of {} is listed twice (first at line {first})",
                                        event.title, event.date
                                    ),
                                )
                                .at(header, None),
                            );
                            continue;
                        }
                        seen.insert(key, header);
                        list.push(event);
                    }
                    Err(mut problems) => errors.append(&mut problems),
                }
            }
        }
        list.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
        errors.sort_by_key(|d| d.line);
        (Events { list }, errors)
    }

    pub fn all(&self) -> &[Event] {
        &self.list
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The events of a year, at any precision.
    pub fn in_year(&self, year: i16) -> &[Event] {
        self.between(|d| (d.year(), 0) < (year, 0), |d| (d.year(), 0) <= (year, 0))
    }

    /// The events of a month: those known to the month, then its days.
    pub fn in_month(&self, year: i16, month: u8) -> &[Event] {
        let key = |d: &PartialDate| (d.year(), d.month().unwrap_or(0));
        self.between(|d| key(d) < (year, month), |d| key(d) <= (year, month))
    }

    /// The events of the day of `date`; none for a date not known to the day (or not known).
    pub fn on_day(&self, date: Option<PartialDate>) -> &[Event] {
        match date {
            Some(date) if date.day().is_some() => self.between(|d| *d < date, |d| *d <= date),
            _ => &[],
        }
    }

    /// The events filed under a topic, oldest first.
    pub fn of_topic<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.list.iter().filter(move |e| e.topics.iter().any(|t| t == slug))
    }

    /// The years that have events, oldest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self.list.iter().map(|e| e.date.year()).collect();
        years.dedup();
        years
    }

    /// The run of the (sorted) list from the first event not `before` to the last `up_to`.
    fn between(&self, before: impl Fn(&PartialDate) -> bool, up_to: impl Fn(&PartialDate) -> bool) -> &[Event] {
        let start = self.list.partition_point(|e| before(&e.date));
        let end = self.list.partition_point(|e| up_to(&e.date));
        &self.list[start..end.max(start)]
    }
}

/// What a page that shows these events folds into its fingerprint.
pub fn fingerprint<'a>(events: impl IntoIterator<Item = &'a Event>) -> u64 {
    let mut bytes = Vec::new();
    for e in events {
        bytes.extend_from_slice(&e.rev.to_le_bytes());
    }
    crate::hash::hash64(&[&bytes])
}

/// The file's entries. A file that is not valid TOML is read again in parts, one per
/// `[[event]]`, so that a typo in one entry (a date such as 2023-02-30, which TOML itself
/// refuses) leaves out that entry only.
fn parts(text: &str) -> (Vec<Part<'_>>, Vec<Diagnostic>) {
    let whole = match toml::from_str::<File>(text) {
        Ok(file) => {
            let part = Part {
                text,
                offset: 0,
                entries: file.event,
            };
            return (vec![part], Vec::new());
        }
        Err(e) => file_error(text, &e, 0),
    };
    let header = regex::Regex::new(r"^\s*\[\[\s*event\s*\]\]\s*(?:#.*)?$").expect("valid regex");
    let mut starts: Vec<usize> = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if at > 0 && header.is_match(line.trim_end()) {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(text.len());
    let (mut parts, mut errors) = (Vec::new(), Vec::new());
    for w in starts.windows(2) {
        let piece = &text[w[0]..w[1]];
        let offset = text[..w[0]].matches('\n').count();
        match toml::from_str::<File>(piece) {
            Ok(file) => parts.push(Part {
                text: piece,
                offset,
                entries: file.event,
            }),
            Err(e) => errors.push(file_error(piece, &e, offset)),
        }
    }
    // (An error only the whole file has, such as a table defined twice, is reported as such.)
    if errors.is_empty() {
        errors.push(whole);
    }
    (parts, errors)
}

fn file_error(text: &str, e: &toml::de::Error, offset: usize) -> Diagnostic {
    let d = toml_diagnostic(SHOWN, text, e, offset);
    let help = if d.message.contains("unknown field") {
        HELP.to_string()
    } else {
        d.help.clone().unwrap_or_else(|| HELP.to_string())
    };
    d.with_help(help)
}

/// One entry as an event, or every problem it has.
fn check(
    entry: &Entry,
    header: usize,
    line: &dyn Fn(usize) -> usize,
    config: &Config,
) -> Result<Event, Vec<Diagnostic>> {
    let mut c = Checker {
        entry,
        header,
        line,
        errors: Vec::new(),
    };
    c.unknown_keys();
    let date = c.date();
    let (title, description) = (c.text("title"), c.text("description"));
    let source = c.source();
    let topics = c.topics(config);
    match (date, title, description, topics, source) {
        (Some(date), Some(title), Some(description), Some(topics), Some(source)) if c.errors.is_empty() => {
            let (joined, date_text) = (topics.join("\0"), date.to_string());
            let rev = crate::hash::hash64(&[
                date_text.as_bytes(),
                title.as_bytes(),
                description.as_bytes(),
                joined.as_bytes(),
                source.as_bytes(),
            ]);
            Ok(Event {
                date,
                title,
                description,
                topics,
                source,
                rev,
            })
        }
        _ => Err(c.errors),
    }
}

/// Reads the keys of one entry, noting each problem at its line.
struct Checker<'e> {
    entry: &'e Entry,
    /// The line of the entry's `[[event]]`, where a missing key is reported.
    header: usize,
    line: &'e dyn Fn(usize) -> usize,
    errors: Vec<Diagnostic>,
}

impl<'e> Checker<'e> {
    fn err(&mut self, at: usize, message: String, help: &str) {
        let d = Diagnostic::error(SHOWN, format!("[[event]]: {message}"));
        self.errors.push(d.at(at, None).with_help(help));
    }

    /// A key's value and its line.
    fn field(&self, key: &str) -> Option<(&'e toml::Value, usize)> {
        let (_, v) = self.entry.iter().find(|(k, _)| k.get_ref() == key)?;
        Some((v.get_ref(), (self.line)(v.span().start)))
    }

    /// A required key's value, or an error at the entry's header.
    fn required(&mut self, key: &str) -> Option<(&'e toml::Value, usize)> {
        let found = self.field(key);
        if found.is_none() {
            self.err(self.header, format!("the event has no `{key}`"), HELP);
        }
        found
    }

    fn unknown_keys(&mut self) {
        for k in self.entry.keys() {
            let name = k.get_ref().as_str();
            if !KEYS.contains(&name) {
                let hint = nearest(name, KEYS.into_iter()).map_or(String::new(), |n| format!("did you mean `{n}`? "));
                let at = (self.line)(k.span().start);
                self.err(at, format!("unknown key `{name}`"), &format!("{hint}{HELP}"));
            }
        }
    }

    fn date(&mut self) -> Option<PartialDate> {
        let (v, at) = self.required("date")?;
        match date_of(v) {
            Ok(d) => Some(d),
            Err(m) => {
                let help = "write date = \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\": a day that exists, or only the month or year when the day is not certain";
                self.err(at, format!("`date`: {m}"), help);
                None
            }
        }
    }

    /// A required key whose value is some text (trimmed, without characters XML forbids).
    fn text(&mut self, key: &str) -> Option<String> {
        let (v, at) = self.required(key)?;
        match v.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => Some(crate::text::scrub(s).into_owned()),
            _ => {
                self.err(at, format!("`{key}` must be some text in quotes"), HELP);
                None
            }
        }
    }

    fn source(&mut self) -> Option<String> {
        let source = self.text("source")?;
        let at = self.field("source").map_or(self.header, |(_, at)| at);
        match web_address(&source) {
            Ok(()) => Some(source),
            Err(m) => {
                let help = "give the address of a public page that documents the event, starting with https://";
                self.err(at, m, help);
                None
            }
        }
    }

    /// The topics (none when the key is left out).
    fn topics(&mut self, config: &Config) -> Option<Vec<String>> {
        let Some((v, at)) = self.field("topics") else {
            return Some(Vec::new());
        };
        match topics_of(v, config) {
            Ok(topics) => Some(topics),
            Err((m, help)) => {
                self.err(at, m, &help);
                None
            }
        }
    }
}

/// A date in quotes ("2024-06"), TOML's own (2024-06-19) or a bare year (2024).
fn date_of(v: &toml::Value) -> Result<PartialDate, String> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(y) => y.to_string(),
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::Datetime(_) => return Err("a date has no time of day: write date = \"YYYY-MM-DD\"".into()),
        other => return Err(format!("expected a date, found {}", other.type_str())),
    };
    text.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// The topic slugs of `topics = [...]`, each defined in briefing.toml; or the problem, and a hint.
fn topics_of(v: &toml::Value, config: &Config) -> Result<Vec<String>, (String, String)> {
    let Some(items) = v.as_array() else {
        return Err((
            "`topics` must be a list of topic slugs: topics = [\"…\"]".into(),
            config.topics_help(),
        ));
    };
    let mut topics: Vec<String> = Vec::new();
    for item in items {
        let Some(slug) = item.as_str() else {
            return Err((
                "`topics` must be a list of topic slugs in quotes".into(),
                config.topics_help(),
            ));
        };
        if config.topic(slug).is_none() {
            return Err((format!("unknown topic `{slug}`"), config.unknown_topic_help(slug)));
        }
        if !topics.iter().any(|t| t == slug) {
            topics.push(slug.to_string());
        }
    }
    Ok(topics)
}

/// Whether `s` is an http(s) address with a host, as a reader's browser can open it.
fn web_address(s: &str) -> Result<(), String> {
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        _ => Err(format!("`source` = {s:?} is not a web address (http:// or https://)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
title = "T"
description = "D"
base_url = "https://example.org/"
[[topics]]
slug = "nk-russia"
name = "North Korea–Russia ties"
description = "x"
[[topics]]
slug = "un-diplomacy"
name = "UN diplomacy"
description = "y"
"#;

    fn config() -> Config {
        Config::parse(CONFIG).unwrap()
    }

    /// A sound entry, with `changes` (key = value lines) replacing or adding keys.
    fn entry(changes: &[(&str, &str)]) -> String {
        let mut fields = vec![
            ("date", "\"2024-06-19\""),
            ("title", "\"Treaty signed\""),
            ("description", "\"Putin and Kim signed it in Pyongyang.\""),
            ("topics", "[\"nk-russia\"]"),
            ("source", "\"https://en.wikipedia.org/wiki/Example\""),
        ];
        for (k, v) in changes {
            match fields.iter_mut().find(|(f, _)| f == k) {
                Some(f) => f.1 = v,
                None => fields.push((k, v)),
            }
        }
        let body: String = fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k} = {v}\n"))
            .collect();
        format!("[[event]]\n{body}")
    }

    #[test]
    fn reads_each_precision_in_order() {
        let text = format!(
            "# Key events\n\n{}\n{}\n{}\n{}",
            entry(&[("date", "2024-06-19"), ("title", "\"B\"")]),
            entry(&[("date", "\"2024-06\""), ("title", "\"A month\"")]),
            entry(&[("date", "2023"), ("title", "\"A year\"")]),
            entry(&[
                ("date", "\"2024-06-19\""),
                ("title", "\"A\""),
                ("topics", "[\"un-diplomacy\", \"nk-russia\", \"un-diplomacy\"]")
            ]),
        );
        let (events, errors) = Events::parse(&text, &config());
        assert!(errors.is_empty(), "{errors:?}");
        let shown: Vec<String> = events.all().iter().map(|e| format!("{} {}", e.date, e.title)).collect();
        assert_eq!(
            shown,
            ["2023 A year", "2024-06 A month", "2024-06-19 A", "2024-06-19 B"]
        );
        assert_eq!(events.all()[2].topics, ["un-diplomacy", "nk-russia"]);
        assert_eq!(events.on_day("2024-06-19".parse().ok()).len(), 2);
        assert_eq!(events.on_day("2024-06".parse().ok()).len(), 0);
        assert_eq!(events.on_day(None).len(), 0);
        assert_eq!(events.in_month(2024, 6).len(), 3);
        assert_eq!(events.in_month(2024, 5).len(), 0);
        assert_eq!(events.in_year(2023).len(), 1);
        assert_eq!(events.of_topic("un-diplomacy").count(), 1);
        assert_eq!(events.years(), [2023, 2024]);
    }

    /// Keys changed in a sound entry, the key whose line the error names, and what it says.
    type BadCase = (&'static [(&'static str, &'static str)], &'static str, &'static str);

    /// Each bad entry is one error, at the line of what is wrong, and only it is left out.
    #[test]
    fn bad_entries_are_named_at_their_line_and_left_out() {
        let cases: &[BadCase] = &[
            (&[("date", "\"2023-02-30\"")], "date", "2023-02-30"),
            (&[("date", "2023-02-30")], "date", "day"),
            (&[("date", "\"June 2024\"")], "date", "June 2024"),
            (&[("date", "[2024]")], "date", "array"),
            (&[("topics", "[\"nk-rusia\"]")], "topics", "did you mean `nk-russia`"),
            (&[("topics", "\"nk-russia\"")], "topics", "list"),
            (&[("title", "")], "[[event]]", "no `title`"),
            (&[("title", "\"  \"")], "title", "text"),
            (&[("description", "5")], "description", "text"),
            (&[("source", "\"javascript:alert(1)\"")], "source", "web address"),
            (&[("source", "\"en.wikipedia.org/wiki/X\"")], "source", "web address"),
            (&[("date", "")], "[[event]]", "no `date`"),
            (&[("sauce", "\"https://a.org\"")], "sauce", "did you mean `source`"),
        ];
        for (changes, at, says) in cases {
            let good_before = entry(&[("title", "\"Before\"")]);
            let bad = entry(changes);
            let good_after = entry(&[("title", "\"After\"")]);
            let text = format!("{good_before}\n{bad}\n{good_after}");
            let (events, errors) = Events::parse(&text, &config());
            assert_eq!(errors.len(), 1, "{changes:?}: {errors:?}");
            let e = &errors[0];
            // The line of the bad entry's key that is wrong (or its header for a missing key).
            let first = good_before.lines().count() + 2;
            let bad_lines: Vec<&str> = bad.lines().collect();
            let want = first
                + bad_lines
                    .iter()
                    .position(|l| l.starts_with(at))
                    .expect("the key is in the entry");
            assert_eq!(e.line, Some(want), "{changes:?}: {e}");
            let shown = e.to_string();
            assert!(
                shown.contains(&format!("content/events.toml:{want}")) && shown.contains(says),
                "{changes:?}: {shown}"
            );
            let titles: Vec<&str> = events.all().iter().map(|e| e.title.as_str()).collect();
            assert_eq!(titles, ["After", "Before"], "{changes:?}");
        }
    }

    #[test]
    fn a_file_that_is_not_toml_keeps_its_sound_entries() {
        let text = format!(
            "{}\n[[event]]\ndate = \"2024\ntitle = \"x\"\n\n{}",
            entry(&[("title", "\"One\"")]),
            entry(&[("title", "\"Two\"")])
        );
        let (events, errors) = Events::parse(&text, &config());
        assert_eq!(events.all().len(), 2);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].line,
            Some(text.lines().position(|l| l == "date = \"2024").unwrap() + 1)
        );
        // A misspelt table name is not silently an empty chronology.
        let (events, errors) = Events::parse(&entry(&[]).replace("[[event]]", "[[events]]"), &config());
        assert!(events.is_empty());
        assert!(errors[0].to_string().contains("events.toml:1"), "{}", errors[0]);
    }

    #[test]
    fn the_same_event_twice_is_an_error_at_the_second() {
        let text = format!("{}\n{}", entry(&[]), entry(&[]));
        let (events, errors) = Events::parse(&text, &config());
        assert_eq!(events.all().len(), 1);
        assert_eq!(errors[0].line, Some(entry(&[]).lines().count() + 2), "{}", errors[0]);
    }

    #[test]
    fn the_fingerprint_follows_what_is_shown() {
        let fp = |changes: &[(&str, &str)]| {
            let (events, errors) = Events::parse(&entry(changes), &config());
            assert!(errors.is_empty());
            fingerprint(events.all())
        };
        let base = fp(&[]);
        assert_eq!(base, fp(&[]));
        for change in [
            ("date", "\"2024-06\""),
            ("title", "\"T2\""),
            ("description", "\"D2\""),
            ("topics", "[]"),
            ("source", "\"https://a.org/\""),
        ] {
            assert_ne!(base, fp(&[change]), "{change:?}");
        }
        assert_ne!(fingerprint([]), base);
    }
}
