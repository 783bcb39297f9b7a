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
    // (No stop word is longer than five letters: most words are not compared at all.)
    w.len() <= 5
        && matches!(
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
/// The same as collecting [`terms`] of every field, without a string per word: each term is
/// written once into one buffer (repeats found by a hash table) and sorted as slices of it.
/// Most words are ASCII (English): they are found, lowercased and checked byte by byte, and
/// only a word with another character in it goes through [`word_terms`]' character path.
pub fn article_terms(fields: &[&str]) -> String {
    let mut buf = String::with_capacity(fields.iter().map(|f| f.len()).sum::<usize>() / 2);
    let mut set = Distinct::default();
    for field in fields {
        let b = field.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if ASCII_CLASS[b[i] as usize] == SEPARATOR {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && ASCII_CLASS[b[i] as usize] == ALNUM {
                i += 1;
            }
            if i > start
                && (i == b.len() || ASCII_CLASS[b[i] as usize] == SEPARATOR || word_char_at(field, i).is_none())
            {
                set.ascii_word(&mut buf, &field[start..i]);
                continue;
            }
            // A word with a character beyond ASCII, read by character from its start.
            let Some(len) = word_char_at(field, i) else {
                i += field[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            i += len;
            while let Some(len) = word_char_at(field, i) {
                i += len;
            }
            word_terms(&field[start..i], &mut buf, &mut |buf, from| set.add(buf, from));
        }
    }
    set.joined(&buf)
}

const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const BEYOND: u8 = 2;

/// Each byte's class, for the scan of ASCII text: a separator, an ASCII letter or digit, or
/// a byte of a character beyond ASCII (which may or may not be a word character).
static ASCII_CLASS: [u8; 256] = {
    let mut t = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            BEYOND
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

/// An article's distinct terms as slices of one buffer, each with its first eight bytes as a
/// number: most comparisons in the final sort are then of two numbers.
struct Distinct {
    spans: Vec<(u64, u32, u32)>,
    /// Indices into `spans`, by the term's hash.
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl Default for Distinct {
    fn default() -> Distinct {
        // An article has a few hundred distinct terms: no growing for most.
        Distinct {
            spans: Vec::with_capacity(512),
            table: hashbrown::HashTable::with_capacity(512),
            hasher: Default::default(),
        }
    }
}

impl Distinct {
    /// An ASCII word, lowercased at the end of `buf`, kept if it is a term not seen before.
    fn ascii_word(&mut self, buf: &mut String, word: &str) {
        if word.len() < 2 {
            return;
        }
        let from = buf.len();
        buf.push_str(word);
        buf[from..].make_ascii_lowercase();
        if is_stop(&buf[from..]) || !self.add(buf, from) {
            buf.truncate(from);
        }
    }

    /// Records the term `buf[from..]` if it is new (true: leave it in `buf`).
    fn add(&mut self, buf: &str, from: usize) -> bool {
        use std::hash::BuildHasher;
        let term = &buf.as_bytes()[from..];
        let spans = &self.spans;
        let text = |k: u32| {
            let (_, a, b) = spans[k as usize];
            &buf.as_bytes()[a as usize..b as usize]
        };
        let h = self.hasher.hash_one(term);
        if self.table.find(h, |&k| text(k) == term).is_some() {
            return false;
        }
        let hasher = &self.hasher;
        self.table
            .insert_unique(h, spans.len() as u32, |&k| hasher.hash_one(text(k)));
        let mut head = [0u8; 8];
        let n = term.len().min(8);
        head[..n].copy_from_slice(&term[..n]);
        self.spans
            .push((u64::from_be_bytes(head), from as u32, buf.len() as u32));
        true
    }

    /// The terms sorted, joined by spaces.
    fn joined(mut self, buf: &str) -> String {
        // (Terms hold no zero byte: the padded head sorts as the text does.)
        let text = |&(_, a, b): &(u64, u32, u32)| &buf[a as usize..b as usize];
        self.spans
            .sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| text(x).cmp(text(y))));
        let mut out = String::with_capacity(buf.len() + self.spans.len());
        for (k, span) in self.spans.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(text(span));
        }
        out
    }
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

    /// Times `article_terms` over real texts and checks it against the plain definition:
    /// `BRIEFING_TERMS_BENCH=/tmp/arch10k/content cargo test --release --lib
    /// terms::tests::timing -- --ignored --nocapture` (each file's whole text as one field).
    #[test]
    #[ignore]
    fn timing() {
        let dir = std::env::var("BRIEFING_TERMS_BENCH").expect("BRIEFING_TERMS_BENCH=DIR");
        let texts: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        for _ in 0..3 {
            let start = std::time::Instant::now();
            let out: usize = texts.iter().map(|t| article_terms(&[t]).len()).sum();
            let took = start.elapsed();
            let mb = bytes as f64 / 1e6;
            let rate = mb / took.as_secs_f64();
            println!(
                "{} texts, {mb:.1} MB -> {out} bytes of terms in {took:?}: {rate:.0} MB/s",
                texts.len()
            );
        }
        if std::env::var_os("BRIEFING_TERMS_FAST").is_some() {
            return;
        }
        for t in &texts {
            let mut all = terms(t);
            all.sort_unstable();
            all.dedup();
            assert_eq!(article_terms(&[t]), all.join(" "));
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
