//! Topic rules and the people gazetteer.
//!
//! A topic is given by weighted evidence, not by a single keyword. Each topic has terms
//! (entities with aliases: "UN Security Council" = "UNSC" = "Security Council" …), each with
//! a weight. A term's mentions are counted whole-word and case-insensitively (all-capital
//! aliases such as "UN" or "UNC" only in capitals, so "Kim Jong Un" is not the UN), a mention in
//! the title counts `title_weight` times, and the term adds `weight × log2(1 + mentions)`:
//! the first mention counts fully and repetition has diminishing returns. The topic is given
//! when the score reaches `threshold` and every required group (for example "a Russia-side
//! term" and "a North-Korea-side term") has at least one mention. A text shorter than
//! `FULL_LENGTH` words (a teaser, a brief) needs less: the threshold scales with the square
//! root of its length, down to half.
//!
//! Matching is a single Aho-Corasick pass over a normalised text for all topics and people;
//! each topic (and the gazetteer) takes the leftmost-longest run of its own patterns from it, so
//! a longer phrase wins over the words inside it: "National Security Council" listed under
//! `ignore` shadows "Security Council", and "UN Security Council" is one mention, not also "UN".

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Matching rules of one topic, from `[topics.rules]` in briefing.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRules {
    /// Score the text must reach.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// How many mentions one mention in the title is worth.
    #[serde(default = "default_title_weight")]
    pub title_weight: f64,
    /// Groups (named by terms' `group`) that must each be mentioned at least once.
    #[serde(default)]
    pub require: Vec<String>,
    /// Phrases that count for nothing but hide the shorter terms inside them
    /// ("National Security Council" is not the UN's).
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub terms: Vec<TopicTerm>,
}

impl Default for TopicRules {
    /// The same defaults as an empty `[topics.rules]` table.
    fn default() -> Self {
        TopicRules {
            threshold: default_threshold(),
            title_weight: default_title_weight(),
            require: Vec::new(),
            ignore: Vec::new(),
            terms: Vec::new(),
        }
    }
}

fn default_threshold() -> f64 {
    1.0
}
fn default_title_weight() -> f64 {
    2.0
}

/// One weighted entity of a topic: its name, other spellings, and an optional group.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicTerm {
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

fn default_weight() -> f64 {
    1.0
}

/// A person of the gazetteer, from `[[people]]` in briefing.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Why a topic was or was not given.
#[derive(Debug, Clone, Serialize)]
pub struct TopicExplanation {
    pub topic: String,
    pub score: f64,
    pub threshold: f64,
    pub assigned: bool,
    /// Each matched term with its count and weight contribution.
    pub matches: Vec<(String, usize, f64)>,
    /// Required groups that found nothing, if any.
    pub missing: Vec<String>,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// A term of the topic, by index.
    Term(usize),
    /// A shadowing phrase of the topic.
    Ignore,
    Person(usize),
}

#[derive(Debug, Clone)]
struct Pattern {
    target: Target,
    /// Acronyms ("UN", "UNC") match only as written.
    exact: Option<String>,
}

#[derive(Debug, Clone)]
struct Topic {
    slug: String,
    rules: TopicRules,
    /// This topic's terms and ignored phrases: one automaton per topic, so that a spelling
    /// may be a term of several topics.
    matcher: Matcher,
}

impl Topic {
    /// How many times each term is mentioned in the (normalised) title and text.
    fn mentions(&self, scan: &Scan) -> (Vec<usize>, Vec<usize>) {
        let n = self.rules.terms.len();
        let mut in_title = vec![0usize; n];
        let mut in_text = vec![0usize; n];
        for (counts, hay, found) in [
            (&mut in_title, &scan.title, &scan.in_title),
            (&mut in_text, &scan.text, &scan.in_text),
        ] {
            for target in self.matcher.matches(hay, found) {
                if let Target::Term(k) = target {
                    counts[k] += 1;
                }
            }
        }
        (in_title, in_text)
    }
}

/// The patterns of one topic (its terms and ignored phrases) or of the people gazetteer.
///
/// The classifier's one automaton reports every occurrence of every spelling; a matcher takes
/// from those the leftmost-longest run of its own patterns, as an automaton of its own would
/// (so a spelling may be a term of several topics), then checks word boundaries.
#[derive(Debug, Clone)]
struct Matcher {
    patterns: Vec<Pattern>,
    /// Each pattern's spelling, ASCII-lowercase.
    folds: Vec<String>,
    /// For each spelling of the classifier's automaton, this matcher's first pattern spelled
    /// so, or `NONE`.
    by_key: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Matcher {
    fn new(entries: Vec<(String, Target)>) -> Self {
        let mut folds = Vec::new();
        let mut patterns = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (raw, target) in entries {
            let key = normalize(&raw);
            let key = key.trim().to_string();
            if key.is_empty() {
                continue;
            }
            let acronym =
                key.len() <= 5 && key.chars().any(|c| c.is_ascii_uppercase()) && !key.chars().any(|c| c.is_lowercase());
            let fold = key.to_ascii_lowercase();
            let dedup = if acronym { key.clone() } else { fold.clone() };
            if seen.contains_key(&dedup) {
                continue;
            }
            seen.insert(dedup, patterns.len());
            folds.push(fold);
            patterns.push(Pattern {
                target,
                exact: acronym.then_some(key),
            });
        }
        Matcher {
            patterns,
            folds,
            by_key: Vec::new(),
        }
    }

    /// Every whole-word match in `text` (already normalised), given the occurrences `found`
    /// of the classifier's spellings in it.
    fn matches<'a>(&'a self, text: &'a str, found: &'a [Found]) -> impl Iterator<Item = Target> + 'a {
        let bytes = text.as_bytes();
        // Leftmost-longest: `found` is by start, longest first; a match hides what starts
        // inside it.
        let mut pos = 0;
        found.iter().filter_map(move |f| {
            if f.start < pos {
                return None;
            }
            let p = self.by_key[f.key as usize];
            if p == NONE {
                return None;
            }
            pos = f.end;
            let before_ok = f.start == 0 || !is_word_byte(bytes[f.start - 1]);
            // A spelling in Hangul or Cyrillic is a stem: Korean particles and Russian endings
            // follow it in the same word ("러시아와", "России" for "Росси").
            let stem = bytes[f.end - 1] >= 0x80;
            let after_ok = stem || f.end == bytes.len() || !is_word_byte(bytes[f.end]);
            if !(before_ok && after_ok) {
                return None;
            }
            let p = &self.patterns[p as usize];
            if let Some(exact) = &p.exact
                && &text[f.start..f.end] != exact
            {
                return None;
            }
            Some(p.target)
        })
    }
}

/// An occurrence of a spelling of the classifier's automaton.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    key: u32,
}

/// A title and text, normalised, with every occurrence of the classifier's spellings.
struct Scan {
    title: String,
    text: String,
    /// Words of title and text, for the threshold of short texts.
    words: usize,
    in_title: Vec<Found>,
    in_text: Vec<Found>,
}

/// The last scan on this thread: `topics` and `people` are asked about the same article in a
/// row, and scan it once.
struct LastScan {
    classifier: u64,
    title: String,
    text: String,
    scan: Rc<Scan>,
}

thread_local! {
    static LAST_SCAN: RefCell<Option<LastScan>> = const { RefCell::new(None) };
}

static CLASSIFIER_IDS: AtomicU64 = AtomicU64::new(0);

/// Words from which a text is long enough to need a topic's whole threshold.
const FULL_LENGTH: f64 = 150.0;

/// The threshold for a text of `words` words: a teaser of thirty words cannot mention a
/// subject as often as a report does, so it needs less (at least half the threshold).
fn threshold_for(threshold: f64, words: usize) -> f64 {
    let factor = (words as f64 / FULL_LENGTH).sqrt().clamp(0.5, 1.0);
    (threshold * factor * 100.0).round() / 100.0
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// ASCII-folded text for matching: "Türk" → "Turk", curly quotes → straight, dashes → "-",
/// Markdown backslash escapes removed, "Kim Jong Un" and "Kim Jong-un" kept apart only by
/// the hyphen, which aliases cover.
fn normalize(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // ASCII other than `\\` and `` ` `` is kept as it is: copy such runs whole.
    let mut from = 0;
    let mut i = 0;
    let plain = |b: u8| (b < 0x80) & (b != b'\\') & (b != b'`');
    while i < bytes.len() {
        // Thirty-two plain bytes at a time (a branch-free test the compiler vectorises).
        while let Some(chunk) = bytes.get(i..i + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok())
            && chunk.iter().fold(0u8, |odd, &b| odd | u8::from(!plain(b))) == 0
        {
            i += 32;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if plain(b) {
            i += 1;
            continue;
        }
        out.push_str(&s[from..i]);
        if b == b'\\' {
            if !bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                out.push('\\');
            }
            i += 1;
        } else if b == b'`' {
            out.push('\'');
            i += 1;
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            match c {
                '’' | '‘' | '´' => out.push('\''),
                '“' | '”' => out.push('"'),
                '‐' | '‑' | '‒' | '–' | '—' => out.push('-'),
                c if c.is_whitespace() => out.push(' '),
                c => {
                    let d = deunicode::deunicode_char(c).unwrap_or("");
                    // Latin letters fold to ASCII ("ü" → "u"); letters of other scripts (Hangul,
                    // Cyrillic) stay, in lower case; anything else becomes a space.
                    let latin = (c as u32) < 0x250 || ('\u{1e00}'..='\u{1eff}').contains(&c);
                    if latin && c.is_alphabetic() && !d.is_empty() && d.chars().all(|x| x.is_ascii_alphabetic()) {
                        out.push_str(d);
                    } else if !latin && c.is_alphanumeric() {
                        out.extend(c.to_lowercase());
                    } else {
                        out.push(' ');
                    }
                }
            }
        }
        from = i;
    }
    out.push_str(&s[from..]);
    out
}

/// Built once per configuration; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Classifier {
    topics: Vec<Topic>,
    people: Vec<String>,
    people_matcher: Matcher,
    /// Every spelling of every matcher (ASCII-lowercase, once each), found in one pass: built
    /// when a text is first classified, since a build that reads only curated articles with
    /// their topics and people set never needs it (and building it is most of `new`).
    ac: std::sync::OnceLock<Option<AhoCorasick>>,
    spellings: Vec<String>,
    /// Tells this classifier's scans (and its clones', which are the same) from others'.
    id: u64,
}

/// "Kim Jong-un" is also written "Kim Jong un"; both spellings are matched.
fn name_variants(name: &str) -> Vec<String> {
    let mut v = vec![name.to_string()];
    if name.contains('-') {
        v.push(name.replace('-', " "));
    }
    v
}

impl Classifier {
    pub fn new(topics: &[(String, TopicRules)], people: &[PersonEntry]) -> Result<Self, String> {
        let mut built = topics
            .iter()
            .map(|(slug, rules)| Topic::compile(slug, rules))
            .collect::<Result<Vec<Topic>, String>>()?;
        let mut people_matcher = people_matcher(people)?;
        let matchers = built
            .iter_mut()
            .map(|t| &mut t.matcher)
            .chain(std::iter::once(&mut people_matcher));
        let spellings = share_spellings(matchers.collect());
        Ok(Classifier {
            topics: built,
            people: people.iter().map(|p| p.name.clone()).collect(),
            people_matcher,
            ac: std::sync::OnceLock::new(),
            spellings,
            id: CLASSIFIER_IDS.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Every occurrence of the spellings in a normalised text, by start, longest first.
    fn find(&self, hay: &str) -> Vec<Found> {
        let ac = self.ac.get_or_init(|| {
            if self.spellings.is_empty() {
                return None;
            }
            // A full DFA scans fastest; a very large rule set falls back to the default. (That
            // fails only past billions of states, far beyond any configuration's rules.)
            let mut builder = AhoCorasickBuilder::new();
            builder.ascii_case_insensitive(true).match_kind(MatchKind::Standard);
            let dfa = builder.clone().kind(Some(AhoCorasickKind::DFA)).build(&self.spellings);
            dfa.or_else(|_| builder.build(&self.spellings)).ok()
        });
        let Some(ac) = ac else {
            return Vec::new();
        };
        let mut found: Vec<Found> = ac
            .find_overlapping_iter(hay)
            .map(|m| Found {
                start: m.start(),
                end: m.end(),
                key: m.pattern().as_u32(),
            })
            .collect();
        found.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        found
    }

    /// The title and text normalised and searched, or the same scan again when the last one
    /// on this thread was of the same title and text.
    fn scan(&self, title: &str, text: &str) -> Rc<Scan> {
        LAST_SCAN.with(|last| {
            let mut last = last.borrow_mut();
            if let Some(l) = last.as_ref()
                && l.classifier == self.id
                && l.title == title
                && l.text == text
            {
                return Rc::clone(&l.scan);
            }
            let title_n = normalize(title);
            let text_n = normalize(text);
            let scan = Rc::new(Scan {
                in_title: self.find(&title_n),
                in_text: self.find(&text_n),
                words: title.split_whitespace().count() + text.split_whitespace().count(),
                title: title_n,
                text: text_n,
            });
            *last = Some(LastScan {
                classifier: self.id,
                title: title.to_string(),
                text: text.to_string(),
                scan: Rc::clone(&scan),
            });
            scan
        })
    }

    /// Topic slugs that the text earns, in configuration order.
    pub fn topics(&self, title: &str, text: &str) -> Vec<String> {
        let scan = self.scan(title, text);
        // The same score as `explain`, without the explanation.
        self.topics
            .iter()
            .filter(|t| {
                let (in_title, in_text) = t.mentions(&scan);
                let mut score = 0.0;
                let mut matched = false;
                let mut groups_hit: Vec<&str> = Vec::new();
                for (k, term) in t.rules.terms.iter().enumerate() {
                    if in_title[k] + in_text[k] == 0 {
                        continue;
                    }
                    matched = true;
                    let effective = in_text[k] as f64 + t.rules.title_weight * in_title[k] as f64;
                    score += term.weight * (1.0 + effective).log2();
                    if let Some(g) = &term.group {
                        groups_hit.push(g);
                    }
                }
                let score = (score * 100.0).round() / 100.0;
                t.rules.require.iter().all(|g| groups_hit.contains(&g.as_str()))
                    && score >= threshold_for(t.rules.threshold, scan.words)
                    && matched
            })
            .map(|t| t.slug.clone())
            .collect()
    }

    pub fn explain(&self, title: &str, text: &str) -> Vec<TopicExplanation> {
        let scan = self.scan(title, text);
        self.topics
            .iter()
            .map(|t| {
                let (in_title, in_text) = t.mentions(&scan);
                let mut score = 0.0;
                let mut matches = Vec::new();
                let mut groups_hit: Vec<&str> = Vec::new();
                for (k, term) in t.rules.terms.iter().enumerate() {
                    let count = in_title[k] + in_text[k];
                    if count == 0 {
                        continue;
                    }
                    let effective = in_text[k] as f64 + t.rules.title_weight * in_title[k] as f64;
                    let contribution = term.weight * (1.0 + effective).log2();
                    score += contribution;
                    matches.push((term.term.clone(), count, (contribution * 100.0).round() / 100.0));
                    if let Some(g) = &term.group {
                        groups_hit.push(g);
                    }
                }
                let missing: Vec<String> = t
                    .rules
                    .require
                    .iter()
                    .filter(|g| !groups_hit.contains(&g.as_str()))
                    .cloned()
                    .collect();
                let score = (score * 100.0).round() / 100.0;
                let threshold = threshold_for(t.rules.threshold, scan.words);
                TopicExplanation {
                    topic: t.slug.clone(),
                    score,
                    threshold,
                    assigned: missing.is_empty() && score >= threshold && !matches.is_empty(),
                    matches,
                    missing,
                }
            })
            .collect()
    }

    /// Canonical names of the gazetteer's people mentioned in the text, in gazetteer order.
    pub fn people(&self, title: &str, text: &str) -> Vec<String> {
        let mut hit = vec![false; self.people.len()];
        let scan = self.scan(title, text);
        for (hay, found) in [(&scan.title, &scan.in_title), (&scan.text, &scan.in_text)] {
            for target in self.people_matcher.matches(hay, found) {
                if let Target::Person(p) = target {
                    hit[p] = true;
                }
            }
        }
        self.people
            .iter()
            .zip(hit)
            .filter(|(_, h)| *h)
            .map(|(p, _)| p.clone())
            .collect()
    }
}

impl Topic {
    /// A topic's rules, checked, with a matcher for its terms' spellings and ignored phrases.
    fn compile(slug: &str, rules: &TopicRules) -> Result<Topic, String> {
        if !(rules.threshold.is_finite() && rules.title_weight.is_finite() && rules.title_weight >= 0.0) {
            return Err(format!(
                "topic `{slug}`: threshold and title_weight must be finite numbers, title_weight not negative"
            ));
        }
        let mut groups: Vec<&str> = Vec::new();
        let mut entries = Vec::new();
        for (k, t) in rules.terms.iter().enumerate() {
            if !t.weight.is_finite() {
                return Err(format!("topic `{slug}`: term `{}` needs a finite weight", t.term));
            }
            if let Some(g) = &t.group
                && !groups.contains(&g.as_str())
            {
                groups.push(g);
            }
            for name in std::iter::once(&t.term).chain(&t.aliases) {
                if normalize(name).trim().is_empty() {
                    return Err(format!("topic `{slug}`: term `{}` has an empty alias", t.term));
                }
                entries.push((name.clone(), Target::Term(k)));
            }
        }
        if let Some(g) = rules.require.iter().find(|g| !groups.contains(&g.as_str())) {
            let known = if groups.is_empty() {
                "none".to_string()
            } else {
                groups.join(", ")
            };
            return Err(format!(
                "topic `{slug}`: required group `{g}` has no terms (groups of its terms: {known})"
            ));
        }
        entries.extend(rules.ignore.iter().map(|name| (name.clone(), Target::Ignore)));
        Ok(Topic {
            slug: slug.to_string(),
            rules: rules.clone(),
            matcher: Matcher::new(entries),
        })
    }
}

/// A matcher for every spelling of every person's name and aliases; a spelling that would
/// name two people is an error.
fn people_matcher(people: &[PersonEntry]) -> Result<Matcher, String> {
    let mut seen_alias: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    for (pi, p) in people.iter().enumerate() {
        if p.name.trim().is_empty() {
            return Err("people: a person has an empty name".to_string());
        }
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            for variant in name_variants(name) {
                let key = normalize(&variant).trim().to_ascii_lowercase();
                if key.is_empty() {
                    return Err(format!("people: {} has an empty alias", p.name));
                }
                if let Some(other) = seen_alias.get(&key)
                    && other != &p.name
                {
                    return Err(format!(
                        "people: `{name}` would name both {other} and {}; leave an ambiguous name out of the aliases",
                        p.name
                    ));
                }
                seen_alias.insert(key, p.name.clone());
                entries.push((variant, Target::Person(pi)));
            }
        }
    }
    Ok(Matcher::new(entries))
}

/// One automaton for the spellings of all matchers: the shared list of spellings, with each
/// matcher mapping them to its own (`by_key`).
fn share_spellings(matchers: Vec<&mut Matcher>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut key_ids: HashMap<String, u32> = HashMap::new();
    for m in &matchers {
        for f in &m.folds {
            key_ids.entry(f.clone()).or_insert_with(|| {
                keys.push(f.clone());
                (keys.len() - 1) as u32
            });
        }
    }
    for m in matchers {
        m.by_key = vec![NONE; keys.len()];
        for (i, f) in m.folds.iter().enumerate() {
            let k = key_ids[f] as usize;
            if m.by_key[k] == NONE {
                m.by_key[k] = i as u32;
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml_text: &str) -> TopicRules {
        toml::from_str(toml_text).unwrap()
    }

    fn nk_russia() -> TopicRules {
        rules(
            r#"
            threshold = 4.0
            title_weight = 2.0
            require = ["russia", "north-korea"]
            ignore = ["Russia's Security Council"]
            terms = [
                { term = "Russia", aliases = ["Russian"], weight = 1.5, group = "russia" },
                { term = "Vladimir Putin", aliases = ["Putin"], weight = 2.5, group = "russia" },
                { term = "North Korea", aliases = ["DPRK", "Pyongyang"], weight = 0.0, group = "north-korea" },
                { term = "arms", aliases = ["arms deal", "munitions"], weight = 2.0 },
            ]
            "#,
        )
    }

    fn un() -> TopicRules {
        rules(
            r#"
            threshold = 3.0
            ignore = ["National Security Council", "Russia's Security Council"]
            terms = [
                { term = "United Nations", aliases = ["UN", "U.N."], weight = 1.0 },
                { term = "UN Security Council", aliases = ["UNSC", "Security Council"], weight = 2.5 },
            ]
            "#,
        )
    }

    fn classifier() -> Classifier {
        let people = vec![
            PersonEntry {
                name: "Kim Jong-un".into(),
                aliases: vec!["Kim Jong Un".into()],
            },
            PersonEntry {
                name: "Vladimir Putin".into(),
                aliases: vec!["Putin".into()],
            },
            PersonEntry {
                name: "Volker Türk".into(),
                aliases: vec![],
            },
            PersonEntry {
                name: "Sung Kim".into(),
                aliases: vec![],
            },
        ];
        Classifier::new(
            &[("nk-russia".into(), nk_russia()), ("un-diplomacy".into(), un())],
            &people,
        )
        .unwrap()
    }

    #[test]
    fn matches_whole_words_and_acronyms_as_written() {
        let c = classifier();
        // "Un" of "Kim Jong Un", "UNSC" inside "UNSCR", "Russian" inside "Russianness" do not count.
        let e = c.explain(
            "Kim Jong Un visits",
            "Kim Jong Un and the UNSCR. Russianness. Pyongyang.",
        );
        assert!(e[1].matches.is_empty(), "{:?}", e[1].matches);
        assert_eq!(e[0].matches, vec![("North Korea".to_string(), 1, 0.0)]);
        // Inside hyphenated and possessive words they do count, curly apostrophe or not.
        let e = c.explain("", "North-Russia ties; Putin’s visit; the U.N. and the UN.");
        assert_eq!(
            e[0].matches.iter().map(|m| (m.0.as_str(), m.1)).collect::<Vec<_>>(),
            [("Russia", 1), ("Vladimir Putin", 1)]
        );
        assert_eq!(e[1].matches[0].0, "United Nations");
        assert_eq!(e[1].matches[0].1, 2);
    }

    #[test]
    fn longer_phrases_shadow_terms_inside_them() {
        let c = classifier();
        let e = c.explain(
            "",
            "Russia’s Security Council Secretary met the National Security Council in Pyongyang.",
        );
        assert!(e[1].matches.is_empty(), "{:?}", e[1].matches);
        assert_eq!(e[1].score, 0.0);
        // "UN Security Council" (the term's own name) is one mention of it, not also one of "UN".
        let e = c.explain(
            "",
            "The UN Security Council met; the Security Council voted; UN staff left.",
        );
        assert_eq!(
            e[1].matches,
            vec![
                ("United Nations".to_string(), 1, 1.0),
                ("UN Security Council".to_string(), 2, 3.96)
            ]
        );
    }

    #[test]
    fn requires_every_group_and_the_threshold() {
        let c = classifier();
        // Plenty of Russia, no North Korea: the group is missing.
        let e = c.explain("Putin and Russia", "Putin spoke. Russia's arms deal with Iran.");
        assert_eq!(e[0].missing, ["north-korea"]);
        assert!(!e[0].assigned && e[0].score >= e[0].threshold);
        // Both sides but a single passing mention: under the threshold.
        let e = c.explain("", "Pyongyang's ties with Russia.");
        assert!(e[0].missing.is_empty());
        assert!(!e[0].assigned);
        assert!((e[0].score - 1.5).abs() < 1e-9);
        assert_eq!(
            c.topics(
                "Putin meets Kim in Pyongyang",
                "Russia and North Korea signed an arms deal."
            ),
            ["nk-russia"]
        );
    }

    #[test]
    fn a_title_mention_counts_more() {
        let c = classifier();
        let body = c.explain("", "Pyongyang. Putin.")[0].score;
        let title = c.explain("Putin", "Pyongyang.")[0].score;
        assert!(title > body, "{title} <= {body}");
        assert!((title - 2.5 * 3f64.log2()).abs() < 0.01);
    }

    #[test]
    fn people_in_gazetteer_order_without_bare_surnames() {
        let c = classifier();
        let people = c.people(
            "Putin hosts Kim",
            "Kim Jong Un met him. Volker Turk spoke. Kim said so.",
        );
        assert_eq!(people, ["Kim Jong-un", "Vladimir Putin", "Volker Türk"]);
        assert_eq!(c.people("", "Kim Jong-un and Kim Jong un"), ["Kim Jong-un"]);
        assert!(c.people("", "Kim said Lee and Noh agreed.").is_empty());
        assert_eq!(c.people("", "Ambassador Sung Kim"), ["Sung Kim"]);
        // Markdown escapes of the body do not hide names.
        assert_eq!(c.people("", "\\[Putin\\] said"), ["Vladimir Putin"]);
    }

    #[test]
    fn empty_rules_give_no_topic() {
        assert_eq!(TopicRules::default(), toml::from_str::<TopicRules>("").unwrap());
        let c = Classifier::new(&[("empty".into(), TopicRules::default())], &[]).unwrap();
        assert!(c.topics("UN", "Russia and North Korea").is_empty());
    }

    #[test]
    fn rejects_inconsistent_rules() {
        let mut r = nk_russia();
        r.require.push("china".into());
        let err = Classifier::new(&[("nk-russia".into(), r)], &[]).unwrap_err();
        assert!(err.contains("china"), "{err}");
        let people = vec![
            PersonEntry {
                name: "Kim Jong-un".into(),
                aliases: vec!["Kim".into()],
            },
            PersonEntry {
                name: "Sung Kim".into(),
                aliases: vec!["Kim".into()],
            },
        ];
        let err = Classifier::new(&[], &people).unwrap_err();
        assert!(err.contains("Kim"), "{err}");
        assert!(
            toml::from_str::<TopicRules>("treshold = 3").is_err(),
            "unknown keys are refused"
        );
        let mut r = un();
        r.terms[0].weight = f64::NAN;
        assert!(Classifier::new(&[("un".into(), r)], &[]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(title in "\\PC{0,80}", text in "\\PC{0,400}") {
            let c = classifier();
            let topics = c.topics(&title, &text);
            proptest::prop_assert!(topics.iter().all(|t| t == "nk-russia" || t == "un-diplomacy"));
            let _ = c.people(&title, &text);
        }
    }

    #[test]
    fn shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Classifier>();
        let c = classifier();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    assert_eq!(
                        c.topics("Putin in Pyongyang", "Russia arms deal with North Korea."),
                        ["nk-russia"]
                    )
                });
            }
        });
    }
}
