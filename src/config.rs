//! `briefing.toml`: the archive's settings, read into typed structs and checked.

use crate::classify::{PersonEntry, TopicRules};
use crate::error::{Diagnostic, line_col};
use crate::extract::{Gazetteer, Outlet};
use crate::slug::Slug;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "briefing.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Where the site is published; its path (for a site under a sub-path) prefixes every link.
    pub base_url: String,
    /// Link pages, stylesheets and scripts with paths relative to each page, so that the site
    /// works from `file://` and at any address; canonical URLs, feeds and the sitemap stay
    /// absolute (made from `base_url`).
    #[serde(default)]
    pub relative_urls: bool,
    #[serde(default = "default_language")]
    pub language: String,
    /// Articles per listing page (topics, people, sources).
    #[serde(default = "default_per_page")]
    pub per_page: usize,
    /// Entries in each Atom feed.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Related articles listed under each article.
    #[serde(default = "default_related")]
    pub related_limit: usize,
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub people: Vec<PersonEntry>,
    /// Outlets this archive names beside the built-in gazetteer (src/extract/outlets.toml);
    /// each keeps its place in the file for error messages.
    #[serde(default)]
    pub outlets: Vec<toml::Spanned<Outlet>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub slug: Slug,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub rules: TopicRules,
}

fn default_language() -> String {
    "en".into()
}
fn default_per_page() -> usize {
    50
}
fn default_feed_limit() -> usize {
    20
}
fn default_related() -> usize {
    5
}

impl Config {
    /// Reads and checks `ROOT/briefing.toml`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let d = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display())).with_help(
                    "run briefing in an archive folder, or pass --root DIR; `briefing init DIR` makes a new archive",
                )
            } else {
                Diagnostic::error(CONFIG_FILE, format!("cannot read it: {e}"))
            };
            vec![d]
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = toml::from_str(text).map_err(|e| vec![toml_diagnostic(CONFIG_FILE, text, &e, 0)])?;
        for s in [&mut config.title, &mut config.description] {
            crate::text::scrub_in_place(s);
        }
        for t in &mut config.topics {
            crate::text::scrub_in_place(&mut t.name);
            crate::text::scrub_in_place(&mut t.description);
        }
        for o in &mut config.outlets {
            let o = o.get_mut();
            o.aliases
                .iter_mut()
                .chain(std::iter::once(&mut o.name))
                .for_each(crate::text::scrub_in_place);
        }
        config.base_url = normalise_base_url(&config.base_url).map_err(|m| {
            vec![
                Diagnostic::error(CONFIG_FILE, m).with_help("for example base_url = \"https://example.org/briefing/\""),
            ]
        })?;
        let mut errors = config.check();
        errors.extend(config.check_outlets(text));
        if errors.is_empty() { Ok(config) } else { Err(errors) }
    }

    fn check(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut err = |m: String| errors.push(Diagnostic::error(CONFIG_FILE, m));
        if self.title.trim().is_empty() {
            err("`title` is empty".into());
        }
        if self.per_page == 0 {
            err("`per_page` must be at least 1".into());
        }
        if self.topics.is_empty() {
            err("no [[topics]]: define at least one topic (slug, name, description)".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &self.topics {
            if t.slug.as_str() == "other" {
                err("topic slug `other` is taken by the page of articles with no topic; choose another".into());
            }
            if !seen.insert(t.slug.as_str()) {
                err(format!("topic `{}` is defined twice", t.slug));
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for p in &self.people {
            if !names.insert(p.name.as_str()) {
                err(format!("person `{}` is listed twice in [[people]]", p.name));
            }
        }
        errors
    }

    /// Each `[[outlets]]` entry that cannot be used, at its line; names and aliases given to
    /// two of them are errors too (which outlet would a page crediting it name?).
    fn check_outlets(&self, text: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut claimed: std::collections::BTreeMap<String, &str> = Default::default();
        for spanned in &self.outlets {
            let o = spanned.get_ref();
            let (line, _) = line_col(text, spanned.span().start);
            let mut problems = o.problems();
            let own_key = o.name.trim().to_lowercase();
            for n in std::iter::once(&o.name).chain(&o.aliases) {
                let key = n.trim().to_lowercase();
                match claimed.get(&key) {
                    None => {
                        claimed.insert(key, &o.name);
                    }
                    Some(_) if std::ptr::eq(n, &o.name) => problems.push(format!("outlet `{n}` is listed twice")),
                    Some(other) if other.trim().to_lowercase() != own_key => {
                        problems.push(format!("{n:?} also names outlet `{other}`"));
                    }
                    Some(_) => {}
                }
            }
            for p in problems {
                errors.push(
                    Diagnostic::error(CONFIG_FILE, format!("[[outlets]]: {p}"))
                        .at(line, None)
                        .with_help("an outlet is name = \"…\", aliases = [\"…\"], domains = [\"example.com\"], wire = true or false"),
                );
            }
        }
        errors
    }

    /// The outlets extraction knows for this archive: its own, then the built-in ones.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        let own: Vec<Outlet> = self.outlets.iter().map(|o| o.get_ref().clone()).collect();
        Gazetteer::with_extra(&own)
    }

    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug.as_str() == slug)
    }

    /// Nearest known topic slug, for "did you mean" hints.
    pub fn suggest_topic(&self, wrong: &str) -> Option<&str> {
        nearest(wrong, self.topics.iter().map(|t| t.slug.as_str()))
    }

    /// The hint for an unknown topic slug: the likely one meant, and the topics there are.
    pub fn unknown_topic_help(&self, wrong: &str) -> String {
        match self.suggest_topic(wrong) {
            Some(s) => format!("did you mean `{s}`? {}", self.topics_help()),
            None => self.topics_help(),
        }
    }

    /// The topics there are, for a hint.
    pub fn topics_help(&self) -> String {
        let known: Vec<&str> = self.topics.iter().map(|t| t.slug.as_str()).collect();
        format!("topics are defined in briefing.toml: {}", known.join(", "))
    }
}

/// The base URL with exactly one trailing slash, or why it is not usable.
pub fn normalise_base_url(raw: &str) -> Result<String, String> {
    let parsed = url::Url::parse(raw.trim()).map_err(|e| format!("`base_url` = {raw:?} is not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("`base_url` = {raw:?} must start with http:// or https://"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("`base_url` = {raw:?} must not have a query or fragment"));
    }
    let mut s = parsed.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

/// Turns a TOML error into a diagnostic at its line; `line_offset` counts the lines that came
/// before the TOML text in its file (the `+++` fence of front matter).
pub fn toml_diagnostic(file: &str, text: &str, e: &toml::de::Error, line_offset: usize) -> Diagnostic {
    let mut msg = e.message().trim().to_string();
    let mut at = None;
    if let Some(span) = e.span() {
        let (l, c) = line_col(text, span.start);
        // Name the key whose value is wrong: "`per_page`: invalid type …".
        if let Some((key, _)) = text.lines().nth(l - 1).and_then(|line| line.split_once('=')) {
            let key = key.trim().trim_matches('"');
            if !key.is_empty() && !key.starts_with('[') && !msg.contains(key) {
                msg = format!("`{key}`: {msg}");
            }
        }
        at = Some((l + line_offset, c));
    }
    let mut d = Diagnostic::error(file, msg.clone());
    if msg.contains("invalid date") {
        d = d.with_help(
            "a date known only to the month or year is written in quotes: date = \"2023-10\" or date = \"2023\"",
        );
    }
    match at {
        Some((l, c)) => d.at(l, Some(c)),
        None => d,
    }
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn nearest<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::levenshtein(wrong, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "T"
description = "D"
base_url = "https://example.org/sub"
[[topics]]
slug = "nk-russia"
name = "North Korea–Russia ties"
description = "x"
"#;

    #[test]
    fn minimal_config_gets_defaults_and_a_slashed_base() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://example.org/sub/");
        assert_eq!(c.per_page, 50);
        assert_eq!(c.language, "en");
    }

    #[test]
    fn wrong_key_is_named_with_its_line() {
        let text = MINIMAL.replace("title = \"T\"", "titel = \"T\"");
        let errs = Config::parse(&text).unwrap_err();
        let shown = errs[0].to_string();
        assert!(shown.contains("briefing.toml:2"), "{shown}");
        assert!(shown.contains("titel"), "{shown}");
    }

    #[test]
    fn bad_base_url_and_duplicate_topics_are_errors() {
        let text = MINIMAL.replace("https://example.org/sub", "example.org");
        assert!(Config::parse(&text).unwrap_err()[0].message.contains("base_url"));
        let twice = format!("{MINIMAL}\n[[topics]]\nslug = \"nk-russia\"\nname = \"x\"\ndescription = \"y\"\n");
        assert!(Config::parse(&twice).unwrap_err()[0].message.contains("defined twice"));
    }

    #[test]
    fn outlets_are_read_and_merged_with_the_built_in_ones() {
        let text = format!(
            "{MINIMAL}\n[[outlets]]\nname = \"Tumen River Herald\"\naliases = [\"TRH\", \"두만강헤럴드\"]\ndomains = [\"trherald.example\"]\n"
        );
        let c = Config::parse(&text).unwrap();
        let g = c.gazetteer();
        assert_eq!(g.known("trh"), Some("Tumen River Herald"));
        assert_eq!(g.known("두만강헤럴드"), Some("Tumen River Herald"));
        assert_eq!(g.by_domain("www.trherald.example"), Some("Tumen River Herald"));
        assert!(!g.is_wire("Tumen River Herald"));
        assert_eq!(g.known("Yonhap News Agency"), Some("Yonhap"));
        // The same list gives the same gazetteer; no list gives the built-in one.
        assert!(std::ptr::eq(g, Config::parse(&text).unwrap().gazetteer()));
        assert!(std::ptr::eq(
            Config::parse(MINIMAL).unwrap().gazetteer(),
            Gazetteer::builtin()
        ));
    }

    #[test]
    fn bad_outlets_are_named_with_their_line() {
        let text = format!(
            "{MINIMAL}\n[[outlets]]\nname = \"Good One\"\n\n[[outlets]]\nname = \"Bad One\"\ndomains = [\"https://bad.example/news\"]\n\n[[outlets]]\nname = \"good one\"\n"
        );
        let errs = Config::parse(&text).unwrap_err();
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        // Each error points at its entry's `[[outlets]]` header, the line above its name.
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap();
        let bad = shown
            .iter()
            .find(|s| s.contains("bad.example"))
            .expect("the bad domain is named");
        assert!(bad.contains(&format!("briefing.toml:{}", line_of("Bad One"))), "{bad}");
        let twice = shown
            .iter()
            .find(|s| s.contains("twice"))
            .expect("the repeated name is named");
        assert!(
            twice.contains(&format!("briefing.toml:{}", line_of("good one"))),
            "{twice}"
        );
        let unknown = format!("{MINIMAL}\n[[outlets]]\nname = \"X News\"\nwebsite = \"x.example\"\n");
        let e = Config::parse(&unknown).unwrap_err()[0].to_string();
        assert!(e.contains("website") && e.contains("briefing.toml:"), "{e}");
    }

    #[test]
    fn suggests_near_topics() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.suggest_topic("nk-rusia"), Some("nk-russia"));
        assert_eq!(c.suggest_topic("economy"), None);
    }
}
