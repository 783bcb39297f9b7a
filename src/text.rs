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
    // Most text has none: checked by bytes first (U+FFFE/F begin with 0xEF).
    if !s
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xef)
        || s.chars().all(allowed)
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| allowed(c)).collect())
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
    }
}
