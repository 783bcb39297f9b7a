//! The words of a text as search knows them: lowercase ASCII terms (other scripts
//! transliterated), without stop words. Made when a source is read (an article's terms are
//! kept with it) and used by the search index; the browser's script makes the same terms.

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

/// Lowercase ASCII words, as the browser's search script also makes them.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut t = String::new();
            push_term(&mut t, w);
            t
        })
        .filter(|w| w.len() > 1 && !is_stop(w))
}

/// Appends `word` (letters and digits) as a term: lowercase ASCII, transliterated when it is not.
fn push_term(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(
            deunicode::deunicode(word)
                .chars()
                .map(|c| c.to_ascii_lowercase())
                .filter(char::is_ascii_alphanumeric),
        );
    }
}

/// An article's distinct terms, sorted and joined by spaces: what the index stores for it.
/// The same as collecting [`terms`] of every field, without a string per word: the terms are
/// written one after another into one buffer and sorted as slices of it (8% of a clean build's
/// instructions at 1,000 articles went here before).
pub fn article_terms(fields: &[&str]) -> String {
    let mut buf = String::with_capacity(fields.iter().map(|f| f.len()).sum());
    // Each term as (its first eight bytes as a number, where it is in `buf`): most
    // comparisons in the sort are then of two numbers.
    let mut spans: Vec<(u64, u32, u32)> = Vec::with_capacity(128);
    for field in fields {
        let mut i = 0;
        while i < field.len() {
            let Some(len) = alnum_at(field, i) else {
                i += field[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let start = i;
            i += len;
            while let Some(len) = alnum_at(field, i) {
                i += len;
            }
            let from = buf.len();
            push_term(&mut buf, &field[start..i]);
            let term = &buf[from..];
            if term.len() > 1 && !is_stop(term) {
                let mut head = [0u8; 8];
                let n = term.len().min(8);
                head[..n].copy_from_slice(&term.as_bytes()[..n]);
                spans.push((u64::from_be_bytes(head), from as u32, buf.len() as u32));
            } else {
                buf.truncate(from);
            }
        }
    }
    // (Terms are letters and digits, never a zero byte: the padded head sorts as the text does.)
    let text = |&(_, a, b): &(u64, u32, u32)| &buf[a as usize..b as usize];
    spans.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| text(x).cmp(text(y))));
    spans.dedup_by(|x, y| x.0 == y.0 && text(x) == text(y));
    let mut out = String::with_capacity(buf.len() + spans.len());
    for (k, span) in spans.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(text(span));
    }
    out
}

/// The length of the letter or digit at byte `i` of `s`, if there is one there: ASCII by a byte
/// test, the rest by character.
#[inline]
fn alnum_at(s: &str, i: usize) -> Option<usize> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return b.is_ascii_alphanumeric().then_some(1);
    }
    let c = s[i..].chars().next()?;
    c.is_alphanumeric().then(|| c.len_utf8())
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
            proptest::prop_oneof!["[a-zA-Z0-9 ,.'-]{0,200}", "[\\PC]{0,60}", "(the|an|I|a1|Kim|Türk|Jong-un|ẞ|ǅ|½|x) {0,3}"],
            0..6,
        )) {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut all: Vec<String> = fields.iter().flat_map(|f| terms(f)).collect();
            all.sort_unstable();
            all.dedup();
            proptest::prop_assert_eq!(article_terms(&fields), all.join(" "));
        }
    }

    #[test]
    fn terms_are_lowercase_ascii_without_stop_words() {
        let t: Vec<String> = terms("The Security Council's vote on Türk and Kim Jong-un").collect();
        assert_eq!(t, ["security", "council", "vote", "turk", "kim", "jong", "un"]);
    }
}
