//! Text that may reach every kind of output (HTML, XML feeds, JSON).

use std::borrow::Cow;

/// Whether XML 1.0 (and so HTML and Atom) allows this character in text. Tab, line feed
/// and carriage return are the only C0 controls it allows; U+FFFE and U+FFFF are not
/// characters at all. (Surrogates cannot occur in a Rust string.)
fn allowed(c: char) -> bool {
    !matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}')
}

/// `s` without the characters XML forbids: a form feed pasted into front matter (or written
/// `\f` in TOML) would make a feed ill-formed, and a reader then drops all of it.
pub fn scrub(s: &str) -> Cow<'_, str> {
    if !has_forbidden(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| allowed(c)).collect())
}

/// Whether `b` (UTF-8) holds a character [`allowed`] refuses. Every body passes here twice
/// per build, so the control bytes are looked for without branches (the loop vectorises) and
/// U+FFFE/U+FFFF (EF BF BE/BF) with `memchr`.
fn has_forbidden(b: &[u8]) -> bool {
    let control = |c: u8| (c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r');
    b.chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &c| seen | control(c)))
        || memchr::memchr_iter(0xef, b)
            .any(|i| b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)))
}

/// `value` as JSON that is safe inside HTML: `<`, `>` and `&` written as `\u003c`-style
/// escapes, and U+2028/U+2029 as `\u2028`/`\u2029`. The same JSON to a parser, but no byte of
/// it can close a `<script>` element, open a comment, or end a line of older JavaScript;
/// used for the search index (scraped text) and the pages' JSON-LD.
pub fn json_for_html<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string(value).expect("plain data serializes");
    let special = |&b: &u8| matches!(b, b'<' | b'>' | b'&' | 0xe2);
    if !text.as_bytes().iter().any(special) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// [`scrub`] in place.
pub fn scrub_in_place(s: &mut String) {
    if let Cow::Owned(clean) = scrub(s) {
        *s = clean;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_what_xml_forbids() {
        assert_eq!(scrub("a\u{c}b\u{0}c\u{1b}d\u{fffe}"), "abcd");
        let kept = "tab\there\nline\r\n Straße 러시아 Москва \u{7f} \u{feff}";
        assert!(matches!(scrub(kept), Cow::Borrowed(_)));
        assert_eq!(scrub(kept), kept);
        // Other characters encoded from EF (fullwidth forms, U+FEFF) are kept.
        let wide = "，（）\u{feff}\u{fffd}";
        assert!(matches!(scrub(wide), Cow::Borrowed(_)));
        assert_eq!(scrub("x\u{ffff}"), "x");
        assert_eq!(scrub(&"a".repeat(100)), "a".repeat(100));
        assert_eq!(scrub(&format!("{}\u{1}", "a".repeat(100))), "a".repeat(100));
    }

    #[test]
    fn json_for_html_hides_markup_and_line_separators_but_means_the_same() {
        let hostile = "</script><!-- a & b > c \u{2028}\u{2029} \"q\" 러시아 Москва";
        let json = json_for_html(&hostile);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!json.contains(bad), "{bad:?} left in {json}");
        }
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile);
        // Text with nothing to escape is serde_json's own output.
        assert_eq!(json_for_html("plain"), serde_json::to_string("plain").unwrap());
    }
}
