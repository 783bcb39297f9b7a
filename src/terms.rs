//! The words of a text as search knows them. One definition, which the browser's script
//! (static/search.js) follows step for step; tests/search-normalise.json holds the cases both
//! are tested with.
//!
//! A word is a run of letters, digits and combining marks. Each character is lowercased
//! (Unicode's mapping) and folded: Latin and Greek lose their diacritics (Straße → strasse,
//! Støre → store, Łukasz → lukasz), Cyrillic stays Cyrillic but for ё → е, and Hangul
//! syllables stay as they are. A word's Hangul runs are cut into overlapping syllable pairs
//! (러시아와 → 러시 시아 아와), so a query 러시아 (러시 시아) finds it: Korean attaches particles
//! to words. Other terms need two characters or more and are not English stop words.
//! Apostrophes and quotes of every kind separate words.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The first character of the terms that are filters (topic, year, source), which no word
/// makes: `_t` + topic slug, `_y` + year, `_s` + source slug.
pub const FACET: char = '_';

/// A filter's term: `kind` is `t` (topic), `y` (year) or `s` (source).
pub fn facet(kind: char, value: &str) -> String {
    format!("{FACET}{kind}{value}")
}

fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "he"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "said"
            | "she"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "was"
            | "were"
            | "which"
            | "will"
            | "with"
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A Hangul syllable (the script Korean is written in; it has no letter case).
pub(crate) fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Appends `c` lowercased and folded (see the module's note).
fn push_folded(out: &mut String, c: char) {
    for l in c.to_lowercase() {
        match l {
            'a'..='z' | '0'..='9' => out.push(l),
            'ё' => out.push('е'),
            '\u{0400}'..='\u{04FF}' => out.push(l),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'ł' | 'ŀ' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            'ς' => out.push('σ'),
            _ => decompose_canonical(l, |d| {
                if !is_combining_mark(d) {
                    out.push(d)
                }
            }),
        }
    }
}

/// Whether a term other than a Hangul pair is kept: two characters or more, not a stop word.
fn keep(term: &str) -> bool {
    term.chars().nth(1).is_some() && !is_stop(term)
}

/// Calls `each` with the terms of one word (a run of [`is_word_char`]), in the order they
/// stand: the term is `buf` from the given position on, and stays there if `each` says so.
fn word_terms(word: &str, buf: &mut String, each: &mut dyn FnMut(&mut String, usize) -> bool) {
    let mut at = buf.len();
    let mut emit = |buf: &mut String, at: &mut usize| {
        if each(buf, *at) {
            *at = buf.len();
        } else {
            buf.truncate(*at);
        }
    };
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        if keep(&buf[at..]) {
            emit(buf, &mut at);
        }
        buf.truncate(at);
        return;
    }
    let mut chars = word.chars().peekable();
    while let Some(&c) = chars.peek() {
        if is_hangul(c) {
            let mut prev = chars.next().expect("peeked");
            if !chars.peek().is_some_and(|&n| is_hangul(n)) {
                buf.push(prev);
                emit(buf, &mut at);
            }
            while let Some(n) = chars.next_if(|&n| is_hangul(n)) {
                buf.push(prev);
                buf.push(n);
                emit(buf, &mut at);
                prev = n;
            }
        } else {
            while let Some(c) = chars.next_if(|&c| !is_hangul(c)) {
                push_folded(buf, c);
            }
            if keep(&buf[at..]) {
                emit(buf, &mut at);
            }
            buf.truncate(at);
        }
    }
}

/// The terms of a text, in order (repeats kept), as the browser's script also makes them.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for word in text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
        word_terms(word, &mut buf, &mut |b, at| {
            out.push(b[at..].to_string());
            false
        });
    }
    out
}

/// A hash of an article's terms (as [`article_terms`] and the filter terms make them): kept
/// in the build cache in place of the terms, so a stable hash.
pub fn terms_hash(terms: &str) -> u64 {
    crate::hash::stable64(terms.as_bytes())
}

/// An article's distinct terms, sorted and joined by spaces: what the index stores for it.
/// The same as collecting [`terms`] of every field, without a string per word: the terms are
/// written one after another into one buffer and sorted as slices of it (8% of a clean build's
/// instructions at 1,000 articles went here before).
pub fn article_terms(fields: &[&str]) -> String {
    let mut buf = String::with_capacity(fields.iter().map(|f| f.len()).sum());
    // Each term as (its first eight bytes as a number, where it is in `buf`): most
    // comparisons in the sort are then of two numbers.
    let mut spans: Vec<(u64, u32, u32)> = Vec::with_capacity(512);
    for field in fields {
        let mut i = 0;
        while i < field.len() {
            let Some(len) = word_char_at(field, i) else {
                i += field[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let start = i;
            i += len;
            while let Some(len) = word_char_at(field, i) {
                i += len;
            }
            word_terms(&field[start..i], &mut buf, &mut |buf, from| {
                let term = &buf.as_bytes()[from..];
                let mut head = [0u8; 8];
                let n = term.len().min(8);
                head[..n].copy_from_slice(&term[..n]);
                spans.push((u64::from_be_bytes(head), from as u32, buf.len() as u32));
                true
            });
        }
    }
    // (Terms hold no zero byte: the padded head sorts as the text does.)
    let text = |&(_, a, b): &(u64, u32, u32)| &buf[a as usize..b as usize];
    spans.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| text(x).cmp(text(y))));
    spans.dedup_by(|x, y| x.0 == y.0 && text(x) == text(y));
    let mut out = String::with_capacity(buf.len());
    for (k, span) in spans.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(text(span));
    }
    out
}

/// The length of the word character at byte `i` of `s`, if there is one there: ASCII by a
/// byte test, the rest by character.
#[inline]
fn word_char_at(s: &str, i: usize) -> Option<usize> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return b.is_ascii_alphanumeric().then_some(1);
    }
    let c = s[i..].chars().next()?;
    is_word_char(c).then(|| c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_terms_are_distinct_and_sorted() {
        assert_eq!(article_terms(&["Kim meets Putin", "Putin and Kim"]), "kim meets putin");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("BRIEFING_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        /// The one-buffer `article_terms` is the plain definition: every field's terms,
        /// sorted, without repeats.
        #[test]
        fn article_terms_are_the_fields_terms_sorted_and_distinct(fields in proptest::collection::vec(
            proptest::prop_oneof!["[a-zA-Z0-9 ,.'-]{0,200}", "[\\PC]{0,60}", "(the|an|I|a1|Kim|Türk|Jong-un|ẞ|ǅ|½|x|러시아와|북한|Шойгу|é) {0,3}"],
            0..6,
        )) {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut all: Vec<String> = fields.iter().flat_map(|f| terms(f)).collect();
            all.sort_unstable();
            all.dedup();
            proptest::prop_assert_eq!(article_terms(&fields), all.join(" "));
        }
    }

    /// The cases the browser's normaliser is tested with too (tests/search-normalise.mjs).
    #[test]
    fn the_shared_cases_give_the_same_terms() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search-normalise.json");
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(cases.len() >= 10);
        for (input, want) in cases {
            assert_eq!(terms(&input), want, "{input:?}");
        }
    }

    #[test]
    fn a_hangul_query_finds_the_word_with_a_particle() {
        let doc = article_terms(&["러시아와 북한"]);
        let doc: Vec<&str> = doc.split(' ').collect();
        assert!(terms("러시아").iter().all(|t| doc.contains(&t.as_str())), "{doc:?}");
        assert!(!terms("러시안").iter().all(|t| doc.contains(&t.as_str())));
    }
}
