//! Lines of a clipping and what each one is: story text, page furniture or metadata.
//!
//! Every rule here looks at the form of a line (its words, punctuation, length, script), never
//! at a particular sentence of a particular page, so that it holds on outlets it has not seen.

use super::dates;
use super::meta;
use crate::date::PartialDate;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Blank,
    /// Ends a story: "Related Articles", "Comments", "Categories", "Most viewed articles".
    Separator,
    /// Page furniture that is simply dropped.
    Clutter,
    /// "9 hours ago": page furniture between stories.
    RelTime,
    /// The outlet's name on a line of its own ("Korea Herald", "- Korea Herald").
    SiteName(String),
    /// Section and tag lists ("-Top News EU News Europe", "Tags: …", "Home > National").
    TagList,
    /// An item of a list of other headlines ("- US joins with South Korea …").
    DashItem,
    /// A bullet holding a name ("• MICHAEL LEE"): a byline when it sits under a headline.
    BulletName(String),
    Byline(meta::Byline),
    /// "Reporting by …; Editing by …": names of the reporters.
    Credits(Option<String>),
    /// A short line with an e-mail address ("Please direct questions … to [x@hani.co.kr]").
    Contact(Option<String>),
    /// "Source: Yonhap", "Источник: ТАСС": the outlet the page names as the story's source.
    Source(String),
    /// "© 2024 The Korea Times. All rights reserved."
    Copyright(Option<String>),
    /// A bare web address.
    Url(Option<String>),
    Date(PartialDate, u8),
    /// A photo caption (with a photo credit, or shown twice in a row).
    Caption,
    /// A standfirst that names its outlet or writer: (text without the tag, the tag).
    Standfirst(String, meta::Tag),
    Text,
}

impl Kind {
    /// Lines that end a story's text when they follow it.
    pub fn ends_story(&self) -> bool {
        matches!(
            self,
            Kind::Byline(_) | Kind::Credits(_) | Kind::Contact(_) | Kind::Copyright(_) | Kind::Source(_)
        )
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub kind: Kind,
    pub words: usize,
    /// A paragraph of story text (a sentence or more).
    pub body: bool,
    /// Could be a headline.
    pub title: bool,
}

fn is_blankish(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
        )
}

/// Trims and collapses whitespace (including no-break spaces and zero-width characters).
pub fn clean(s: &str) -> String {
    if is_clean(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    clean_into(s, &mut out);
    out
}

/// Whether `clean` leaves `s` as it is: no blank character but single spaces between text.
fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    if first == b' ' || last == b' ' || first < 0x20 || first == 0x7f {
        return false;
    }
    // Branch-free folds over the bytes, which the compiler vectorises.
    let bad = b[..b.len() - 1].iter().zip(&b[1..]).fold(0u8, |acc, (&p, &q)| {
        acc | u8::from(((p == b' ') & (q == b' ')) | (q < 0x20) | (q == 0x7f))
    });
    bad == 0 && (s.is_ascii() || !any_at(b, wide_blank_at))
}

/// Whether the UTF-8 character starting with bytes `a b c` is blank for `clean` (white space,
/// a control, a zero-width character, the soft hyphen or the BOM) and not ASCII.
#[inline]
fn wide_blank_at(a: u8, b: u8, c: u8) -> bool {
    (a == 0xc2) & ((b <= 0x9f) | (b == 0xa0) | (b == 0xad))
        | (a == 0xe1) & (b == 0x9a) & (c == 0x80)
        | (a == 0xe2)
            & (((b == 0x80) & ((c.wrapping_sub(0x80) <= 0x0d) | (c == 0xa8) | (c == 0xa9) | (c == 0xaf)))
                | ((b == 0x81) & ((c == 0x9f) | (c == 0xa0))))
        | (a == 0xe3) & (b == 0x80) & (c == 0x80)
        | (a == 0xef) & (b == 0xbb) & (c == 0xbf)
}

/// Whether the UTF-8 character starting with bytes `a b c` is white space and not ASCII
/// (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
#[inline]
fn wide_space_at(a: u8, b: u8, c: u8) -> bool {
    (a == 0xc2) & ((b == 0x85) | (b == 0xa0))
        | (a == 0xe1) & (b == 0x9a) & (c == 0x80)
        | (a == 0xe2)
            & (((b == 0x80) & ((c.wrapping_sub(0x80) <= 0x0a) | (c == 0xa8) | (c == 0xa9) | (c == 0xaf)))
                | ((b == 0x81) & (c == 0x9f)))
        | (a == 0xe3) & (b == 0x80) & (c == 0x80)
}

/// Whether `at` holds at some byte of `s` (given that byte and the two after it, zeros past
/// the end). In valid UTF-8 a character's bytes are found only where the character is.
fn any_at(s: &[u8], at: impl Fn(u8, u8, u8) -> bool) -> bool {
    let n = s.len();
    let mut hit = false;
    if n >= 3 {
        hit = s[..n - 2]
            .iter()
            .zip(&s[1..n - 1])
            .zip(&s[2..])
            .fold(0u8, |acc, ((&a, &b), &c)| acc | u8::from(at(a, b, c)))
            != 0;
    }
    for i in n.saturating_sub(2)..n {
        let b = s.get(i + 1).copied().unwrap_or(0);
        let c = s.get(i + 2).copied().unwrap_or(0);
        hit |= at(s[i], b, c);
    }
    hit
}

/// `clean`, appending to `out` (which must be empty for the same result as `clean`).
///
/// The result is the line's runs of non-blank characters joined by single spaces; runs that
/// are already apart by one plain space are copied in one piece.
pub fn clean_into(s: &str, out: &mut String) {
    if is_clean(s) {
        out.push_str(s);
        return;
    }
    let start_len = out.len();
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut i = skip_blank(s, 0);
    while i < n {
        let span = i;
        loop {
            i = token_end(s, i);
            // One plain space before more text stays as it is.
            if i + 1 < n && bytes[i] == b' ' && blank_len(s, i + 1) == 0 {
                i += 1;
                continue;
            }
            break;
        }
        if out.len() > start_len {
            out.push(' ');
        }
        out.push_str(&s[span..i]);
        i = skip_blank(s, i);
    }
}

/// The byte length of the blank character at `i` (whitespace, zero-width or control), 0 when
/// the character there is not blank.
#[inline]
fn blank_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return usize::from(b <= 0x20 || b == 0x7f);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    if is_blankish(c) || c.is_control() {
        c.len_utf8()
    } else {
        0
    }
}

fn skip_blank(s: &str, mut i: usize) -> usize {
    while i < s.len() {
        match blank_len(s, i) {
            0 => break,
            len => i += len,
        }
    }
    i
}

/// The end of the run of non-blank characters from `i`.
fn token_end(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b > 0x20 && b < 0x7f {
            i += 1;
        } else if b < 0x80 || blank_len(s, i) > 0 {
            break;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    i
}

/// `s.split_whitespace().count()`, faster.
pub fn word_count(s: &str) -> usize {
    let b = s.as_bytes();
    if !s.is_ascii() && any_at(b, wide_space_at) {
        return s.split_whitespace().count();
    }
    // Only ASCII white space: count the bytes that start a word, branch-free (vectorised)
    // over chunks small enough for a byte counter.
    let space = |x: u8| (x == b' ') | (x.wrapping_sub(b'\t') < 5);
    let Some(&first) = b.first() else {
        return 0;
    };
    let mut words = usize::from(!space(first));
    let (prev, next) = (&b[..b.len() - 1], &b[1..]);
    for (p, q) in prev.chunks(255).zip(next.chunks(255)) {
        let starts = p
            .iter()
            .zip(q)
            .map(|(&p, &q)| u8::from(space(p) & !space(q)))
            .fold(0u8, u8::wrapping_add);
        words += usize::from(starts);
    }
    words
}

fn ends_open(s: &str) -> bool {
    !s.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', ']', '…'])
}

/// Whether `s` has at least `n` alphanumeric characters.
fn has_alnum(s: &str, n: usize) -> bool {
    let mut count = 0;
    for c in s.chars() {
        if c.is_alphanumeric() {
            count += 1;
            if count >= n {
                return true;
            }
        }
    }
    count >= n
}

fn starts_bullet(s: &str) -> bool {
    s.starts_with(['-', '•', '*', '▪', '·', '–', '—', '●', '■', '◆'])
}

/// The clipping's lines, cleaned, with hard-wrapped text joined back into paragraphs:
/// a line ending mid-sentence followed by a line starting in lower case is one paragraph,
/// and a block of many evenly wrapped lines (text copied from a fixed-width page) is one too.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut start = 0;
    while let Some(end) = find_newline(text.as_bytes(), start) {
        raw.push(unmark(clean(&text[start..end])));
        start = end + 1;
    }
    raw.push(unmark(clean(&text[start..])));
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i].is_empty() {
            out.push(String::new());
            i += 1;
            continue;
        }
        // The block of non-blank lines from i.
        let mut j = i;
        while j < raw.len() && !raw[j].is_empty() {
            j += 1;
        }
        let block = &mut raw[i..j];
        if is_hard_wrapped(block) {
            unwrap_into(block, &mut out);
        } else {
            let mut cur = std::mem::take(&mut block[0]);
            for next in &mut block[1..] {
                let lower_start = next.chars().next().is_some_and(|c| c.is_lowercase());
                if lower_start && ends_open(&cur) && has_alnum(&cur, 3) && has_alnum(next, 3) && !starts_bullet(&cur) {
                    cur.push(' ');
                    cur.push_str(next);
                } else {
                    out.push(std::mem::replace(&mut cur, std::mem::take(next)));
                }
            }
            out.push(cur);
        }
        i = j;
    }
    if out.iter().any(|l| run_on(l).is_some()) {
        out = out
            .into_iter()
            .flat_map(|l| run_on(&l).unwrap_or_else(|| vec![l]))
            .collect();
    }
    out
}

/// A page flattened onto one line, its headline, writer and date running into its text
/// ("Council Backs Sanctions Peter Daou October 15, 2006 “The Council voted …”"): split at
/// the date when the words before it read as a headline (ending in the writer's name) and
/// a sentence starts after it. A sentence that merely mentions a date has lower-case words
/// or punctuation before it.
fn run_on(line: &str) -> Option<Vec<String>> {
    if line.len() < 120 {
        return None;
    }
    // The date comes before the first full stop; most lines have no year there (cheap test
    // before the date patterns run: every long line of every clipping comes here).
    let mut cut = line.find(['.', '!', '?', ';']).unwrap_or(line.len()).min(240);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let has_year = line.as_bytes()[..cut]
        .windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit));
    if !has_year || word_count(line) < 20 {
        return None;
    }
    let date = dates::find_day_dates(&line[..cut]).into_iter().next()?;
    let (head, rest) = (line[..date.start].trim_end(), line[date.end..].trim_start());
    let head_words = head.split_whitespace().count();
    let headline_like = (4..=25).contains(&head_words)
        && !head.contains(['.', '!', '?', ',', ';'])
        && head.split_whitespace().last()?.starts_with(char::is_uppercase)
        && capitalised_words(head).1 * 10 >= capitalised_words(head).0 * 7;
    let sentence_after = word_count(rest) >= 8 && rest.starts_with(|c: char| c.is_uppercase() || "“\"«‘'".contains(c));
    if !headline_like || !sentence_after {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let name = words[words.len() - 2..].join(" ");
    // A word the text uses in lower case ("sanctions") is not part of a name.
    let lower_in_rest = |w: &str| {
        rest.split(|c: char| !c.is_alphanumeric())
            .any(|r| r == w.to_lowercase())
    };
    let (title, name) = match meta::name_line(&name) {
        Some(_)
            if words.len() >= 5
                && head.ends_with(name.as_str())
                && !words[words.len() - 2..].iter().any(|w| lower_in_rest(w)) =>
        {
            (head[..head.len() - name.len()].trim_end(), Some(name))
        }
        _ => (head, None),
    };
    let mut parts = vec![title.to_string()];
    parts.extend(name);
    parts.push(line[date.start..date.end].to_string());
    parts.push(rest.to_string());
    Some(parts)
}

/// A line without the Markdown a copy tool may have added around it: "**Headline**",
/// "# 25 April 2019".
fn unmark(line: String) -> String {
    let b = line.as_bytes();
    if b.len() > 4 && (b.starts_with(b"**") && b.ends_with(b"**") || b.starts_with(b"__") && b.ends_with(b"__")) {
        let inner = line[2..line.len() - 2].trim();
        if !inner.is_empty() && !inner.contains("**") {
            return inner.to_string();
        }
    }
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && b.get(hashes) == Some(&b' ') {
        return line[hashes + 1..].to_string();
    }
    line
}

/// The position of the first `\n` from `from`.
fn find_newline(bytes: &[u8], mut from: usize) -> Option<usize> {
    // Thirty-two bytes at a time (a branch-free test the compiler vectorises).
    while let Some(chunk) = bytes.get(from..from + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok()) {
        if chunk.iter().fold(0u8, |any, &b| any | u8::from(b == b'\n')) != 0 {
            break;
        }
        from += 32;
    }
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| from + p)
}

/// A block of text wrapped at a fixed width (as text browsers, e-mail and PDFs save it): its
/// lines but the last are about as long as the longest, most end inside a sentence, and a
/// third or more go on in lower case (a list of long headlines is none).
fn is_hard_wrapped(block: &[String]) -> bool {
    if block.len() < 3 || block.iter().any(|l| starts_bullet(l)) {
        return false;
    }
    let mut lens: Vec<usize> = Vec::with_capacity(block.len());
    for l in block {
        // A line over 140 characters makes the block no wrapped text.
        if l.len() > 560 {
            return false;
        }
        lens.push(l.chars().count());
    }
    let max = *lens.iter().max().unwrap_or(&0);
    if !(45..=140).contains(&max) {
        return false;
    }
    let inner = &block[..block.len() - 1];
    let even = lens[..lens.len() - 1].iter().filter(|&&l| l * 10 >= max * 7).count();
    let open = inner.iter().filter(|l| ends_open(l)).count();
    // (Letters with no case, as Hangul's, may go on a line too.)
    let goes_on = block[1..]
        .iter()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_alphabetic() && !c.is_uppercase()))
        .count();
    even * 10 >= inner.len() * 8 && open * 3 >= inner.len() * 2 && goes_on * 3 >= inner.len()
}

/// Joins a wrapped block's lines into paragraphs. A line ends a paragraph where it ends a
/// sentence and the next line's first word would have fitted on it: a wrapping program
/// breaks a line only when the next word does not fit.
fn unwrap_into(block: &mut [String], out: &mut Vec<String>) {
    let width = block.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut cur = std::mem::take(&mut block[0]);
    let mut last_len = cur.chars().count();
    for next in &mut block[1..] {
        let first = next.split_whitespace().next().map_or(0, |w| w.chars().count());
        let len = next.chars().count();
        if !ends_open(&cur) && last_len + 1 + first <= width {
            out.push(std::mem::replace(&mut cur, std::mem::take(next)));
        } else {
            cur.push(' ');
            cur.push_str(next);
        }
        last_len = len;
    }
    out.push(cur);
}

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            categories|category
          | related(?:\s+(?:articles?|stories|news|posts|content|coverage|links|topics|reading|videos))?
          | more\s+(?:stories|articles|news|headlines|videos|from\s+.{1,40}|on\s+this\s+(?:story|topic)|in\s+.{1,30})(?:\s+(?:on|at)\s+(?:the\s+|our\s+)?(?:site|website))?
          | most\s+(?:viewed|read|popular|shared|commented|emailed|watched|recent)(?:\s+(?:articles|stories|news|now|today|this\s+week|videos))?
          | (?:latest|top|popular|trending|featured|breaking)\s+(?:news|stories|articles|headlines|posts|now|videos)
          | trending|suggested\s+(?:topics|reading|articles|stories)|keywords|tags|topics
          | recommended(?:\s+(?:for\s+you|stories|articles|reading|videos))?
          | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in|have\s+missed)
          | read\s+next|up\s+next|what\s+to\s+read\s+next|don'?t\s+miss|editor'?s?\s+picks?
          | \d*\s*comments?(?:\s*\(\d+\))?|leave\s+a\s+(?:comment|reply)|join\s+the\s+(?:conversation|discussion)|reader\s+comments
          | about\s+the\s+authors?|endnotes|footnotes|notes|references
        )\s*:?$",
    )
    .unwrap()
});

static CLUTTER: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        // Links to other stories inside or after the text.
        r"(?i)^(?:also\s+read|read\s+(?:more|also|next|the\s+full)|read\s+(?:it\s+)?on\s+(?:the\s+|our\s+)?(?:website|site|app)\b|see\s+also|more\s+on\s+this|related\s*[:|\-–—]|recommended\s*[:|\-–—]|watch\s*:|listen\s*:)",
        r"(?i)^this\s+article\s+is\s+more\s+than\s+\S+\s+(?:years?|months?|days?)\s+old|^read\s+(?:it\s+)?in\s+(?:korean|english|russian|japanese|chinese)$|^\(end\)$",
        r"(?i)^(?:no\s+comments\s+yet|be\s+the\s+first\s+to\s+comment)",
        r"(?i)^(?:advertisement|advertising|sponsored(?:\s+content)?|story\s+continues\s+(?:below|after)(?:\s+advertisement)?|continue\s+reading(?:\s+below)?|scroll\s+to\s+continue.*|(?:skip|jump|go)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|contents|navigation|search|menu)(?:\s+(?:jump|skip)\s+to\s+(?:search|navigation|content))?|back\s+to\s+top|go\s+to\s+top|top\s+of\s+page|must[\s-]reads?|loading\.*)$",
        // Credits of pictures standing alone.
        r"(?i)^(?:photo|image|picture|graphic|illustration|file\s+photo|video|screenshot)s?\s*(?:by\b|:|courtesy|credit|source)\W*(?:\S+\W*){0,8}$",
        r"(?i)^(?:getty\s+images|ap\s+photo|afp\s+photo|reuters\s+photo|yonhap\s+photo)\b.{0,40}$",
        // UN document symbols: "SC/15612".
        r"^(?:[A-Z]{1,5}/)+[A-Z]{0,5}[0-9][0-9A-Z./-]*$",
        // Page chrome words.
        r"(?i)^(?:home|menu|search|close|print|share|tweet|email|e-mail|more|less|next|previous|prev|reply|like|follow|accept|decline|reject|ok|okay|got\s+it|i\s+agree)$",
    ])
    .unwrap()
});
// The clutter patterns that may match away from the start of a line, each run only when the
// line holds the words it needs (see `Probe`).
/// Disclaimers and licensing links.
static CLUTTER_DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^for\s+information\s+media\b|\bnot\s+an\s+official\s+record\b|^purchase\s+licensing\s+rights|^reprints?\s+(?:and|&)\s+permissions|\bopens\s+new\s+tab$").unwrap()
});
/// Counters of comment boxes: "(0/250자)".
static CLUTTER_COUNTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(\s*\d+\s*/\s*\d+\s*[^)]{0,4}\)").unwrap());
/// UN meeting numbers: "9567TH MEETING (AM)".
static CLUTTER_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z ,]*\b\d+(?:ST|ND|RD|TH)\s+MEETING\b[A-Z ()]{0,12}$").unwrap());

fn is_clutter(text: &str, probe: &Probe) -> bool {
    CLUTTER.is_match(text)
        || (probe.any(&G_DISCLAIMER) && CLUTTER_DISCLAIMER.is_match(text))
        || (text.contains('(') && text.contains('/') && CLUTTER_COUNTER.is_match(text))
        || (text.contains("MEETING") && CLUTTER_MEETING.is_match(text))
}

/// Words (ASCII, matched case-insensitively anywhere in a line) that the costly regexes
/// below cannot match without. One pass over a line tells which of them it holds, so that
/// the regexes run only on the few lines that could match. The regexes decide; these words
/// only rule lines out, so they must hold every literal run a match needs.
///
/// `UI_PROMPT` needs one of these…
const UI_PROMPT_WORDS: &[&str] = &[
    "log",
    "sign",
    "register",
    "create",
    "subscri",
    "newsletter",
    "cookie",
    "accept",
    "reject",
    "manage",
    "inbox",
    "mail",
    "privacy",
    "terms",
    "javascript",
    "browser",
    "store",
    "google",
    "download",
    "follow",
    "share",
    "click",
    "tap",
    "comment",
    "standards",
    "principles",
    "reserved",
    "trial",
    "already",
    "listen",
    "button",
];
/// …or both words of a pair ("min read", "reading time").
const UI_PROMPT_PAIRS: &[[&str; 2]] = &[["min", "read"], ["reading", "time"]];
/// `CLUTTER_DISCLAIMER` needs one of these.
const DISCLAIMER_WORDS: &[&str] = &["information", "official", "licen", "permi", "tab"];

/// All gate words, each once.
static GATE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&str> = Vec::new();
    let all = UI_PROMPT_WORDS
        .iter()
        .chain(UI_PROMPT_PAIRS.iter().flatten())
        .chain(DISCLAIMER_WORDS);
    for w in all {
        if !v.contains(w) {
            v.push(w);
        }
    }
    assert!(v.len() <= 64, "gate words fit a u64");
    v
});

static GATE_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(GATE_WORDS.iter())
        .unwrap()
});

fn gate_mask(words: &[&str]) -> u64 {
    words.iter().fold(0, |m, w| {
        let i = GATE_WORDS.iter().position(|g| g == w).expect("a gate word");
        m | (1 << i)
    })
}

static G_UI_PROMPT: LazyLock<u64> = LazyLock::new(|| gate_mask(UI_PROMPT_WORDS));
static G_UI_PROMPT_PAIRS: LazyLock<Vec<u64>> =
    LazyLock::new(|| UI_PROMPT_PAIRS.iter().map(|pair| gate_mask(pair)).collect());
static G_DISCLAIMER: LazyLock<u64> = LazyLock::new(|| gate_mask(DISCLAIMER_WORDS));
/// What `COPYRIGHT` needs unless the line has "©" or "(c)".
static RIGHT_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)right").unwrap());
/// What `PHOTO_CREDIT` needs unless the line ends in a bracket.
static PHOTO_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)photo|image").unwrap());

/// Which gate words a line holds, found on first use.
struct Probe<'a> {
    text: &'a str,
    hits: OnceCell<u64>,
}

impl<'a> Probe<'a> {
    fn new(text: &'a str) -> Self {
        Probe {
            text,
            hits: OnceCell::new(),
        }
    }

    fn hits(&self) -> u64 {
        *self.hits.get_or_init(|| {
            // Under `(?i)` a regex's "s" and "k" also match "ſ" (U+017F) and the Kelvin sign
            // (U+212A), which ASCII case folding does not: such a line passes every gate.
            if !self.text.is_ascii() && self.text.contains(['\u{17f}', '\u{212a}']) {
                return u64::MAX;
            }
            GATE_AC
                .find_overlapping_iter(self.text)
                .fold(0, |m, hit| m | (1 << hit.pattern().as_usize()))
        })
    }

    /// Holds at least one of the words.
    fn any(&self, mask: &u64) -> bool {
        self.hits() & *mask != 0
    }

    /// Holds all of the words.
    fn all(&self, mask: &u64) -> bool {
        self.hits() & *mask == *mask
    }

    fn may_be_ui_prompt(&self) -> bool {
        self.any(&G_UI_PROMPT) || G_UI_PROMPT_PAIRS.iter().any(|pair| self.all(pair))
    }
}

/// Prompts of a page's chrome: log in, sign up, cookies, newsletters, share buttons.
static UI_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:log\s?in|log\s?out|logged\s+in|sign\s?in|sign\s?up|sign-up|register\s+now|create\s+(?:an|a\s+free)\s+account
        |^subscribe\b|subscribe\s+(?:now|today|here|for\s+free|to\s+(?:our|the)\s+(?:newsletter|channel|podcast))|subscription\s+(?:required|needed|plans?|offers?)
        |subscribers?\s+only|(?:our|free|daily|weekly|e-?mail)\s+newsletters?|newsletters?\s*$|^newsletters?\b|we\s+use\s+cookies|use\s+of\s+cookies|uses\s+cookies|cookie\s+(?:policy|settings|preferences|consent)
        |accept\s+(?:all|cookies)|reject\s+all|manage\s+(?:preferences|cookies|consent|settings)|your\s+inbox|e-?mail\s+address|enter\s+your\s+e-?mail
        |privacy\s+(?:policy|notice|statement)|terms\s+(?:of|and)\s+(?:use|service|conditions)|enable\s+javascript|your\s+browser|app\s+store|google\s+play
        |download\s+(?:our|the)\s+app|follow\s+us|share\s+(?:this|via|on\s+(?:facebook|twitter|x|linkedin|whatsapp|kakao\w*|telegram|reddit|email))|click\s+here|tap\s+here|(?:post|leave|write|view|show|load|add|see)\s+(?:a\s+|your\s+|all\s+)?comments?
        |questions\s+or\s+comments|comments?\s+policy|our\s+standards|trust\s+principles|all\s+rights\s+reserved|unsubscribe
        |free\s+trial|already\s+a\s+(?:subscriber|member)|listen\s+to\s+(?:this|the)\s+article|reading\s+time|min(?:ute)?s?\s+read
        |^button\b)\b",
    )
    .unwrap()
});

/// Reporting verbs: a line that has one is story text, not a prompt.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:said|says|say|told|tells|according|reported|reports|added|stated|announced|urged|claimed|noted|warned|stressed|quoted|wrote|writes|published|explained|argued|showed|found)\b").unwrap()
});

/// Words of page chrome; a short line made only of these (and at least one strong one) is chrome.
const UI_WORDS: &[&str] = &[
    "print",
    "show",
    "hide",
    "powered",
    "by",
    "automated",
    "translation",
    "updates",
    "site",
    "sites",
    "dictionary",
    "rate",
    "rating",
    "votes",
    "share",
    "shares",
    "sharing",
    "tweet",
    "email",
    "mail",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "kakao",
    "kakaotalk",
    "kakaostory",
    "naver",
    "band",
    "line",
    "copy",
    "copied",
    "link",
    "url",
    "save",
    "saved",
    "bookmark",
    "listen",
    "font",
    "size",
    "text",
    "zoom",
    "close",
    "menu",
    "search",
    "subscribe",
    "login",
    "logout",
    "log",
    "sign",
    "register",
    "scroll",
    "skip",
    "comment",
    "comments",
    "reply",
    "like",
    "likes",
    "advertisement",
    "ad",
    "ads",
    "sponsored",
    "accept",
    "reject",
    "decline",
    "agree",
    "manage",
    "preferences",
    "settings",
    "cookie",
    "cookies",
    "ok",
    "okay",
    "newsletter",
    "icon",
    "image",
    "img",
    "photo",
    "photos",
    "video",
    "gallery",
    "toggle",
    "navigation",
    "nav",
    "button",
    "download",
    "pdf",
    "app",
    "rss",
    "feed",
    "help",
    "social",
    "lock",
    "unlock",
    "view",
    "views",
    "expand",
    "collapse",
    "enlarge",
    "translate",
    "audio",
    "play",
    "pause",
    "mute",
    "options",
    "home",
    "report",
    "follow",
    "got",
    "print-friendly",
    "font-size",
    "preview",
    "down",
    "larger",
    "smaller",
    "reset",
    "increase",
    "decrease",
    "a",
    "the",
    "and",
    "or",
    "of",
    "for",
    "your",
    "you",
    "with",
    "to",
    "in",
    "out",
    "up",
    "on",
    "this",
    "it",
    "us",
    "our",
    "all",
    "see",
    "more",
    "back",
    "top",
    "page",
    "next",
    "via",
    "article",
    "story",
];
const UI_WEAK: &[&str] = &[
    "by", "a", "the", "and", "or", "of", "for", "your", "you", "with", "to", "in", "out", "up", "on", "this", "it",
    "us", "our", "all", "see", "more", "back", "top", "page", "next", "via", "article", "story", "line", "text",
    "size", "band", "like", "view", "report", "help", "home", "play", "save", "close", "search", "follow", "got",
    "down", "larger", "smaller", "reset", "increase", "decrease",
];

static UI_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v = UI_WORDS.to_vec();
    v.sort_unstable();
    v.dedup();
    v
});

fn is_ui_word(w: &str) -> bool {
    UI_SORTED.binary_search(&w).is_ok()
}

fn is_ui_words(s: &str) -> bool {
    // Words of two or more characters (and "x", "a"), lowercased: at most 8, each a UI word
    // or digits, at least one of them a strong UI word. Stops at the first word that fails.
    let mut count = 0;
    let mut strong = false;
    let mut buf = [0u8; 32];
    for w in s.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if !(w.chars().count() >= 2 || w.eq_ignore_ascii_case("x") || w.eq_ignore_ascii_case("a")) {
            continue;
        }
        count += 1;
        if count > 8 {
            return false;
        }
        let owned: String;
        let lw: &str = if w.is_ascii() && w.len() <= buf.len() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or("")
        } else {
            owned = w.to_lowercase();
            &owned
        };
        let ui = is_ui_word(lw);
        if !ui && !lw.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        if ui && !UI_WEAK.contains(&lw) {
            strong = true;
        }
    }
    count > 0 && strong
}

/// The writing system most of a text's letters belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    #[default]
    Latin,
    Hangul,
    Cyrillic,
    Other,
}

/// Whether most letters of `s` are Latin: only Latin-script pages write headlines in title
/// case (a Russian line of capitalised names is a sentence).
pub fn mostly_latin(s: &str) -> bool {
    let n = script_counts(s);
    n[0] * 2 > n.iter().sum::<usize>()
}

/// Letters of each script in `s`: (Latin, Hangul, Cyrillic, other).
fn script_counts(s: &str) -> [usize; 4] {
    let mut n = [0usize; 4];
    for c in s.chars() {
        if c.is_ascii() {
            n[0] += usize::from(c.is_ascii_alphabetic());
        } else if c.is_alphabetic() {
            n[script_of(c) as usize] += 1;
        }
    }
    n
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x400..=0x52f => Script::Cyrillic,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        _ => Script::Other,
    }
}

fn dominant(n: [usize; 4]) -> Script {
    let scripts = [Script::Latin, Script::Hangul, Script::Cyrillic, Script::Other];
    let best = (0..4).max_by_key(|&i| (n[i], usize::from(i == 0))).unwrap_or(0);
    scripts[best]
}

/// The script of most letters of a clipping (its first 8 KB tell).
pub fn text_script(lines: &[String]) -> Script {
    let mut n = [0usize; 4];
    let mut seen = 0;
    for l in lines.iter().take_while(|l| {
        seen += l.len();
        seen <= 8192 + l.len()
    }) {
        if l.is_ascii() {
            n[0] += l.bytes().filter(u8::is_ascii_alphabetic).count();
        } else {
            let c = script_counts(l);
            (0..4).for_each(|i| n[i] += c[i]);
        }
    }
    dominant(n)
}

/// Mostly letters of a script other than the clipping's own (alt text such as "기자 사진"
/// in an English page). Latin lines in a Korean or Russian page are not foreign: names,
/// agencies and English quotes are common there.
fn mostly_foreign(s: &str, script: Script) -> bool {
    if s.is_ascii() {
        return false;
    }
    // Each character outside ASCII has one byte from 0xc0 up; when ASCII letters alone are at
    // least as many, the other letters cannot outnumber the Latin ones.
    // (Counted in byte counters over short chunks, which vectorises.)
    let (mut ascii_letters, mut wide_chars) = (0usize, 0usize);
    for chunk in s.as_bytes().chunks(255) {
        let (l, w) = chunk.iter().fold((0u8, 0u8), |(l, w), &b| {
            (
                l + u8::from((b | 0x20).wrapping_sub(b'a') < 26),
                w + u8::from(b >= 0xc0),
            )
        });
        ascii_letters += usize::from(l);
        wide_chars += usize::from(w);
    }
    if ascii_letters >= wide_chars && script == Script::Latin {
        return false;
    }
    let own = dominant(script_counts(s));
    own != script && own != Script::Latin
}

static BREADCRUMB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:[^<>›»|]{1,40}\s*[>›»]\s*){1,6}[^<>›»|]{1,40}$|^home\s*[|/>›»]").unwrap());
static TAG_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:-[^\s\-]|(?:tags?|topics?|keywords?|filed\s+under|categories|category|section|more\s+about)\s*[:|]\s*\S)").unwrap()
});
static REL_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:updated|posted|published|edited)\s*:?\s*)?(?:\d+|an?|one|a\s+few)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|y|yrs?|years?)\s+ago$|^(?:just\s+now|yesterday|today)$",
    )
    .unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-–—•*▪·●■◆]\s*(.+)$").unwrap());
/// A site's address alone, as some sites sign their stories: "Sibnet.ru", "Lenta.ru".
static BARE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][A-Za-z0-9-]{1,30}\.(?:ru|com|net|org|kr|co\.kr|info|news|media|su|ua|by|kz|io|tv)$").unwrap()
});
static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:source\s*:\s*)?(?:https?://|www\.)([a-z0-9.-]+)\S*$").unwrap());
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[©ⓒⒸ]|^[<\[]?(?:copyrights?|저작권자)\b|\(c\)\s*\d{4}|\ball\s+rights\s+reserved\b|무단\s*전재|все права защищены").unwrap()
});
static COPYRIGHT_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[©ⓒⒸ]|\bcopyrights?\b|\(c\)|\b(?:19|20)\d{2}\b|[-–<>\[\]]|\ball rights reserved\b\.?|\bco\.,?\s*ltd\.?|\binc\.?|\bllc\b|저작권자|무단\s*전재|재배포\s*금지|재배포|금지|제보하기|(?:^|\s)및(?:\s|$)|все права защищены|[.,|]").unwrap()
});
/// A copyright mark and the name after it (a year or two between them).
static COPYRIGHT_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[©ⓒⒸ]|\(c\))\s*(?:(?:19|20)[0-9]{2}(?:\s*[-–]\s*(?:19|20)[0-9]{2})?\s*)?([^.,|·]+)").unwrap()
});
/// A photo credit at the end of a caption: "[YONHAP]", "[NEWS1]", "(AP Photo/Ahn Young-joon)".
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[[A-Z0-9 /&.,'-]{2,40}\]\s*$|\((?:[^()]*\b(?:photo|photos|getty|courtesy|pool|file)\b[^()]*)\)\s*$|\b(?:photo|image)\s*(?:by|:|courtesy\s+of)\s+[^.]{2,40}$").unwrap()
});
/// Picture galleries and agency picture credits: "Item 1 of 2 …", "[1/2] …", "… via REUTERS",
/// "… REUTERS/Kim Hong-Ji".
static GALLERY_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Item \d+ of \d+|\[\d+/\d+\])\s|(?:\bvia\s+(?:REUTERS|AFP|AP|EPA|YONHAP|GETTY IMAGES|KCNA)|\b(?:REUTERS|AFP|AP|EPA|YONHAP|KCNA|POOL)/[\w .'’-]{2,40})\s*$").unwrap()
});
static UPPER_BRACKET_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[A-Z0-9][A-Z0-9 /&.,'-]{1,39}\]\s*$").unwrap());
/// Positions that only captions give: "(left)", "sixth from left".
static CAPTION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:left|right|center|centre|top|bottom|second from (?:left|right)|front|back|왼쪽|오른쪽|가운데|слева|справа|в центре)[^()]{0,12}\)|\((?:[LRC]|좌|우)\)|\bfrom (?:left|right)\b|\bpictured\b|\bgetty images\b|\bvia (?:reuters|afp|ap|getty)\b").unwrap()
});
/// An audience counter: "108,8 тыс подписчиков", "12.5K followers", "구독자 3만명", "1,024 views".
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\d.,\s]+(?:k|m|тыс\.?|млн\.?|만)?\s*(?:followers|subscribers|views|likes|comments|подписчик\w*|просмотр\w*|комментари\w*|구독자|조회)$|^(?:구독자|조회수?|followers|subscribers|views)\s*[\d.,]+\s*(?:k|m|만|천)?\s*명?$").unwrap()
});
/// A line ending in "…, he said" is a quotation paragraph, not a headline.
static SAID_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[,”"’]\s*(?:he|she|they|it|we|I|the\s+\w+(?:\s+\w+)?|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(?:said|added|told\s+\w+|noted|stressed|wrote)\s*$"#).unwrap()
});
static LIST_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]{1,2}[.)]\s").unwrap());
static ABBREV_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:[A-Z]\.){2,}$").unwrap());

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "amb", "prof", "no", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "vs", "etc", "inc", "co", "corp", "jr", "sr", "g",
    "т", "г", "гг", "им", "ул",
];

/// The first sentence of a paragraph: up to the first full stop, question or exclamation mark
/// (and closing quotes) followed by a space, that does not end an initial or abbreviation.
pub fn first_sentence(p: &str) -> &str {
    let mut from = 0;
    while let Some(rel) = p[from..].find(['.', '!', '?', '。']) {
        let at = from + rel;
        let mark_len = p[at..].chars().next().map_or(1, char::len_utf8);
        let mut end = at + mark_len;
        end += p[end..].len() - p[end..].trim_start_matches(['"', '”', '’', '\'', ')', '»']).len();
        let next_is_space = p[end..].starts_with(char::is_whitespace);
        let word = p[..at].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let abbrev = ABBREVIATIONS.contains(&word.to_lowercase().as_str());
        if next_is_space && !initial && !abbrev && !word.is_empty()
            || (next_is_space && p[at..].starts_with(['!', '?']))
        {
            return p[..end].trim();
        }
        from = end;
    }
    p.trim()
}

/// Who a copyright line names: a web domain in it ("ⓒ ChosunBiz.com"), else what is left
/// without the notice's own words.
fn copyright_holder(text: &str) -> Option<String> {
    let domain = text
        .split(|c: char| c.is_whitespace() || "<>[](),ⓒ©".contains(c))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| {
            w.contains('.')
                && w.rsplit('.')
                    .next()
                    .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        });
    if let Some(o) = domain.and_then(|d| {
        meta::known_outlet(d)
            .map(str::to_string)
            .or_else(|| meta::outlet_for_domain(d))
    }) {
        return Some(o);
    }
    // The name right after the mark, up to the first stop ("Copyright Ⓒ 채널A. All rights
    // reserved. 무단 전재 …"), else what is left of the line without its legal words. A
    // picture's credit ("© Getty Images | Contributor", "Фото: © пресс-служба") names whoever
    // took the picture, not the publisher.
    let picture = PHOTO_WORD.is_match(text) || picture_credit(text, word_count(text));
    let after_mark = COPYRIGHT_MARK
        .captures(text)
        .and_then(|c| c.get(1))
        .filter(|m| !picture && !text[m.end()..].starts_with('/'))
        .and_then(|m| meta::outlet_name(m.as_str().trim()));
    after_mark.or_else(|| {
        let rest = COPYRIGHT_NOISE.replace_all(text, " ");
        let name = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        meta::outlet_name(&name)
    })
}

/// Whether a line ends its last sentence (ignoring closing quotes and a wire tag).
pub fn ends_sentence(s: &str) -> bool {
    let mut t = s.trim_end();
    // "… must end. (Yonhap)": look before the credit.
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let before = t[..open].trim_end();
        if before.ends_with(['.', '!', '?', '"', '”', '’']) {
            t = before;
        }
    }
    let t = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*']);
    t.ends_with(['.', '!', '?', '…'])
}

fn is_title_like(s: &str, words: usize) -> bool {
    // Official titles run long ("Remarks by Ambassador X, Alternative Representative for …, at
    // a UN Security Council Briefing on …"): up to 40 words.
    if !(3..=40).contains(&words) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    let chars = s.chars().count();
    if !(10..=300).contains(&chars) {
        return false;
    }
    // Hangul and other scripts without case start a headline with any letter.
    let caseless = first.is_alphabetic() && !first.is_lowercase() && !first.is_uppercase();
    if !(first.is_uppercase() || caseless || first.is_ascii_digit() || "\"“‘'«[【".contains(first)) {
        return false;
    }
    // A list item ("1. Correction to speaker name") and a slogan ending in "!" are no headlines.
    if s.ends_with([',', ';', ':', '!']) || (s.ends_with('.') && !ABBREV_END.is_match(s)) || LIST_NUMBER.is_match(s) {
        return false;
    }
    if s.ends_with(['.', '”', '"']) && s.trim_end_matches(['”', '"']).ends_with('.') {
        return false;
    }
    // A tag cloud says its names over again ("Putin Lavrov Russia … Putin Lavrov"); a headline
    // seldom repeats a word.
    if is_tag_cloud(s, words) || is_term_list(s) {
        return false;
    }
    !(s.contains("…reports") || s.contains("...reports") || (may_have_said_tail(s) && SAID_TAIL.is_match(s)))
}

/// A list of a page's topics: four or more short terms, each capitalised, parted by commas
/// or full stops ("США и Северная Корея. Концептуальная борьба, Война, Саммит"). A headline
/// names its subject once and says what happened.
fn is_term_list(s: &str) -> bool {
    if s.contains([':', '|']) {
        return false;
    }
    let items: Vec<&str> = s.split([',', '.']).map(str::trim).filter(|t| !t.is_empty()).collect();
    items.len() >= 4
        && items.iter().all(|t| {
            t.split_whitespace().count() <= 4
                && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// A line of eight words or more of which nearly a third repeat earlier ones.
pub fn is_tag_cloud(s: &str, words: usize) -> bool {
    words >= 8 && repeated_words(s) * 10 > words * 3
}

/// How many of a line's words (of three letters or more) repeat an earlier one.
fn repeated_words(s: &str) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    let mut repeats = 0;
    for w in s.split_whitespace().filter(|w| w.chars().count() >= 3) {
        if seen.contains(&w) {
            repeats += 1;
        } else {
            seen.push(w);
        }
    }
    repeats
}

/// What a line must end with for `SAID_TAIL` to match it: one of its verbs, or "told" and a
/// word.
fn may_have_said_tail(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with("said")
        || t.ends_with("added")
        || t.ends_with("noted")
        || t.ends_with("stressed")
        || t.ends_with("wrote")
        || t.contains("told")
}

/// A site's tagline is in title case ("Informed Analysis of North Korea"); a headline after
/// an outlet's name ("Yonhap: N. Korea fires missile") is not.
fn is_tagline(s: &str) -> bool {
    let (long, caps) = capitalised_words(s);
    s.split_whitespace().count() <= 8 && caps * 10 >= long * 8
}

/// Words of four letters or more, and how many of them start with a capital.
pub fn capitalised_words(s: &str) -> (usize, usize) {
    let long = s.split_whitespace().filter(|w| w.chars().count() >= 4);
    long.fold((0, 0), |(n, caps), w| {
        (
            n + 1,
            caps + usize::from(w.chars().next().is_some_and(char::is_uppercase)),
        )
    })
}

/// What the line is, looking at the line alone.
#[cfg(test)]
fn classify_one(text: &str) -> Kind {
    classify_counted(text, word_count(text), Script::Latin)
}

/// What a bulleted line is ("- Korea Herald", "• MICHAEL LEE", "- Tags: …", a list item).
fn bullet_kind(text: &str, rest: &str, words: usize, script: Script) -> Kind {
    if let Some(o) = meta::known_outlet(rest) {
        return Kind::SiteName(o.to_string());
    }
    if TAG_LINE.is_match(text) && !text.starts_with("- ") && words <= 15 && !ends_sentence(text) {
        return Kind::TagList;
    }
    if meta::is_person_name(rest) && rest.split_whitespace().count() <= 4 {
        return Kind::BulletName(meta::normalize_name(rest));
    }
    if let Some(b) = meta::byline(rest) {
        return Kind::Byline(b);
    }
    if rest.split_whitespace().count() >= 6 && ends_sentence(rest) {
        return Kind::Text;
    }
    if mostly_foreign(rest, script) || is_ui_words(rest) {
        return Kind::Clutter;
    }
    Kind::DashItem
}

/// `classify_one` for a line of `words` words: page furniture, then metadata, then clutter;
/// what is none of them is text.
fn classify_counted(text: &str, words: usize, script: Script) -> Kind {
    if text.is_empty() {
        return Kind::Blank;
    }
    if !has_alnum(text, 3) {
        return Kind::Clutter;
    }
    let short = words <= 40 && text.len() <= 400;
    furniture_kind(text, words, script, short)
        .or_else(|| meta_kind(text, words))
        .or_else(|| clutter_kind(text, words, short))
        .unwrap_or(Kind::Text)
}

/// Separators, relative times, the site's name, foreign text, web addresses, bullets.
fn furniture_kind(text: &str, words: usize, script: Script, short: bool) -> Option<Kind> {
    if short && SEPARATOR.is_match(text) {
        return Some(Kind::Separator);
    }
    if short && (REL_TIME.is_match(text) || dates::is_yearless_day(text)) {
        return Some(Kind::RelTime);
    }
    if words <= 8
        && let Some(o) = meta::known_outlet(text)
    {
        return Some(Kind::SiteName(o.to_string()));
    }
    // The issuing body of a press release or statement, on a line of its own: its name.
    if words <= 8
        && let Some(o) = meta::issuer_name(text)
    {
        return Some(Kind::SiteName(o));
    }
    // A syndicator's credit of the provider it republishes: "(MENAFN - Ministry of X)".
    if words <= 12
        && let Some(b) = meta::provider_credit(text)
    {
        return Some(Kind::Byline(b));
    }
    // A masthead with a tagline: "38 North: Informed Analysis of North Korea".
    if words <= 12
        && let Some((head, tagline)) = text.split_once([':', '|', '–', '—']).or_else(|| text.split_once(" - "))
        && let Some(o) = meta::known_outlet(head)
        && is_tagline(tagline)
    {
        return Some(Kind::SiteName(o.to_string()));
    }
    if words <= 8
        && let Some(o) = brand_in_controls(text)
    {
        return Some(Kind::SiteName(o));
    }
    // A wiki's tagline: "From Wikinews, the free news source you can write!".
    if words <= 14
        && let Some((name, _)) = text.strip_prefix("From ").and_then(|t| t.split_once(", the "))
        && let Some(o) = meta::outlet_name(name)
    {
        return Some(Kind::SiteName(o));
    }
    if mostly_foreign(text, script) {
        return Some(Kind::Clutter);
    }
    // A web address runs to the end of the line: at most "source", ":" and the address.
    if words <= 3
        && let Some(c) = URL_LINE.captures(text)
    {
        return Some(Kind::Url(c.get(1).and_then(|d| meta::outlet_for_domain(d.as_str()))));
    }
    if starts_bullet(text)
        && let Some(c) = BULLET.captures(text)
    {
        return Some(bullet_kind(
            text,
            c.get(1).map_or("", |m| m.as_str()).trim(),
            words,
            script,
        ));
    }
    None
}

/// Source labels, bylines, credits, contacts, copyright lines, dates, tagged standfirsts.
fn meta_kind(text: &str, words: usize) -> Option<Kind> {
    if words <= 14
        && let Some(o) = meta::source_label(text)
    {
        return Some(Kind::Source(o));
    }
    if let Some(b) = meta::byline(text) {
        return Some(Kind::Byline(b));
    }
    if let Some(c) = meta::credits(text) {
        return Some(Kind::Credits(c));
    }
    // An outlet's staff credited as a whole ("Reuters Staff", "AFP staff"): the byline.
    if words <= 4
        && let Some(head) = text.strip_suffix(" Staff").or_else(|| text.strip_suffix(" staff"))
        && meta::known_outlet(head.trim_start_matches("By ")).is_some()
    {
        return Some(Kind::Credits(Some(text.trim_start_matches("By ").to_string())));
    }
    if words <= 6
        && let Some(name) = meta::avatar_name(text).or_else(|| meta::glued_section_name(text))
    {
        return Some(Kind::BulletName(name));
    }
    if words <= 6
        && text.contains('@')
        && let Some(b) = meta::signed_contact(text)
    {
        return Some(Kind::Byline(b));
    }
    if words <= 30 && text.contains('@') && meta::has_email(text) && !REPORTING.is_match(text) {
        return Some(Kind::Contact(
            meta::email_domain(text).and_then(meta::outlet_for_domain),
        ));
    }
    let notice_char = !text.is_ascii()
        && (text.contains(['©', 'ⓒ']) || text.contains("무단") || text.contains("저작권") || text.contains("права"));
    if words <= 25 && (notice_char || text.contains('(') || RIGHT_WORD.is_match(text)) && COPYRIGHT.is_match(text) {
        return Some(Kind::Copyright(copyright_holder(text)));
    }
    if let Some((d, prio)) = dates::date_line(text).or_else(|| date_before_controls(text)) {
        return Some(Kind::Date(d, prio));
    }
    if let Some((standfirst, tag)) = meta::reports_tag(text) {
        return Some(Kind::Standfirst(standfirst, tag));
    }
    None
}

/// A date line followed by page controls: "Last updated 14 July 2023 + show all updates",
/// "June 3, 2024 | Share | Print".
fn date_before_controls(text: &str) -> Option<(PartialDate, u8)> {
    [" + ", " | ", " · ", " • "].iter().find_map(|sep| {
        let (date, controls) = text.split_once(sep)?;
        // Or a strip of further fields ("06/28/2024 | Press release | Distributed by …"); one
        // field after a date may be a listed headline.
        let strip = controls.contains(sep) && controls.split(sep).all(|f| f.split_whitespace().count() <= 8);
        (is_ui_words(controls) || strip)
            .then(|| dates::date_line(date))
            .flatten()
    })
}

/// The site's own name in its navigation: "Skip to more DW sites", "Subscribe to the Korea
/// Herald newsletter", "Download the Yonhap app". A picture credit ("Photo: AP") names the
/// picture's agency, not the site.
fn brand_in_controls(text: &str) -> Option<String> {
    const NAV: &[&str] = &[
        "skip",
        "subscribe",
        "sites",
        "home",
        "menu",
        "newsletter",
        "app",
        "download",
    ];
    let lower = text.to_lowercase();
    let words = || lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    if !words().any(|w| NAV.contains(&w)) || words().any(|w| ["photo", "image", "picture"].contains(&w)) {
        return None;
    }
    let (ac, names) = super::gazetteer::current().finder();
    let bounded = |at: usize, back: bool| {
        let c = if back {
            lower[..at].chars().next_back()
        } else {
            lower[at..].chars().next()
        };
        c.is_none_or(|c| !c.is_alphanumeric())
    };
    let m = ac.find_iter(&lower).find(|m| {
        // Short names ("dw", "ap") count only as written in capitals.
        let caps = m.end() - m.start() > 3
            || text
                .get(m.start()..m.end())
                .is_some_and(|w| !w.chars().any(char::is_lowercase));
        bounded(m.start(), true) && bounded(m.end(), false) && caps
    })?;
    let rest = format!("{} {}", &lower[..m.start()], &lower[m.end()..]);
    is_ui_words(&rest).then(|| names[m.pattern().as_usize()].to_string())
}

/// Interface words, breadcrumbs, tag lists and captions.
fn clutter_kind(text: &str, words: usize, short: bool) -> Option<Kind> {
    let probe = Probe::new(text);
    if short && is_clutter(text, &probe) {
        return Some(Kind::Clutter);
    }
    if words <= 40 && probe.may_be_ui_prompt() && UI_PROMPT.is_match(text) && !REPORTING.is_match(text) {
        return Some(Kind::Clutter);
    }
    if is_ui_words(text) || (words <= 5 && text.bytes().any(|b| b.is_ascii_digit()) && COUNTER.is_match(text)) {
        return Some(Kind::Clutter);
    }
    // A link drawn as an arrow: "Read the update from 14:01 →", "Full story ➜".
    if words <= 8 && text.trim_end().ends_with(['→', '⟶', '➔', '➜', '➝']) {
        return Some(Kind::Clutter);
    }
    if words <= 12
        && (text.contains(['>', '›', '»']) || meta::ascii_ci_contains(text, b"home"))
        && BREADCRUMB.is_match(text)
        && !ends_sentence(text)
    {
        return Some(Kind::TagList);
    }
    if words <= 15
        && (text.starts_with('-') || text.contains([':', '|']))
        && TAG_LINE.is_match(text)
        && !ends_sentence(text)
    {
        return Some(Kind::TagList);
    }
    if (text.starts_with("Item ") || text.starts_with('[') || text.contains("via") || text.contains('/'))
        && GALLERY_CAPTION.is_match(text)
    {
        return Some(Kind::Caption);
    }
    let end = text.trim_end();
    if end.ends_with(']') && UPPER_BRACKET_CREDIT.is_match(text) && words >= 4 && !meta::has_email(text) {
        return Some(Kind::Caption);
    }
    if picture_credit(end, words) || marked_caption(text) {
        return Some(Kind::Caption);
    }
    if (end.ends_with([']', ')']) || PHOTO_WORD.is_match(text))
        && PHOTO_CREDIT.is_match(text)
        && (CAPTION_CUE.is_match(text) || text.to_lowercase().contains("photo"))
    {
        return Some(Kind::Caption);
    }
    None
}

/// A caption under the mark Korean pages set before one ("▲ [평양=AP/뉴시스] … (왼쪽) …",
/// "↑ 회의장 전경"), with a caption's cue in it: the mark alone also opens list items.
fn marked_caption(text: &str) -> bool {
    text.starts_with(['▲', '△', '↑'])
        && (CAPTION_CUE.is_match(text) || text.contains("사진") || text.contains('=') || text.contains("ⓒ"))
}

/// A picture's credit line, or a caption ending in one, in the forms many sites use: a label
/// ("Photo: X", "Фото: X", "사진=X", "Credit: X", "Image source: X"), an outlet in square
/// brackets closing a caption ("… 국무위원장. [뉴시스]"), a wire after the caption's last
/// sentence ("… near Bakhmut, Ukraine. AP"), or photographers and agencies joined by slashes
/// ("Name/ZUMAPRESS.com/Global Look Press"). A story's own wire credit stands in parentheses
/// ("… said. (Yonhap)") and is not one.
pub(super) fn picture_credit(text: &str, words: usize) -> bool {
    if text.contains([':', '=', '：'])
        && let Some(c) = PICTURE_LABEL.captures(text)
    {
        // The label opens the line, or follows the caption's last sentence.
        // Or stands after a slash or bracket, as Korean captions write it ("전경 / 사진=…").
        return c.get(0).is_some_and(|m| {
            let before = text[..m.start()].trim_end();
            m.start() == 0
                || ends_sentence(before)
                || before.ends_with(['/', '(', '[', '|'])
                || m.as_str().starts_with(['/', '(', '[', '|'])
        }) && words <= 40;
    }
    if let Some(inner) = text.strip_suffix(']').and_then(|t| t.rsplit_once('[')).map(|(_, i)| i) {
        return words >= 4 && meta::known_outlet(inner.trim()).is_some();
    }
    // (A story's closing wire tag has a dash, "… candidacy. – AFP", or parentheses.)
    if let Some((caption, credit)) = text.rsplit_once(". ")
        && credit.split_whitespace().count() <= 3
        && credit.starts_with(char::is_alphabetic)
        && meta::is_wire(meta::known_outlet(credit).unwrap_or(""))
    {
        return (4..=35).contains(&caption.split_whitespace().count());
    }
    // Names joined by slashes: letters only, each part a capitalised name.
    words <= 8
        && text.matches('/').count() >= 2
        && !text.contains("://")
        && !text.contains(|c: char| c.is_ascii_digit())
        && text.split('/').all(|p| p.trim().starts_with(char::is_uppercase))
}

static PICTURE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s(\[/|])(?:photo|photos|image|image source|credit|picture|фото|источник фото|사진|영상)\s*[:=：]\s*\S",
    )
    .unwrap()
});

/// A line's label and the main reason for it, for `briefing extract --explain`.
pub fn explain_kind(l: &Line, in_text: bool) -> (&'static str, String) {
    let (label, why) = match &l.kind {
        Kind::Blank => ("blank", "empty"),
        Kind::Separator => (
            "separator",
            "a heading that ends a story (related links, comments, tags)",
        ),
        Kind::Clutter => (
            "clutter",
            "page chrome: a prompt, button, credit or text in another script",
        ),
        Kind::RelTime => ("clutter", "a relative time (\"9 hours ago\") or a day without its year"),
        Kind::SiteName(_) => ("metadata", "the outlet's name on a line of its own"),
        Kind::TagList => ("clutter", "a list of sections or tags, or a breadcrumb"),
        Kind::DashItem => ("clutter", "an item of a list of other headlines"),
        Kind::BulletName(_) | Kind::Byline(_) | Kind::Credits(_) => ("byline", "names a writer"),
        Kind::Contact(_) => ("metadata", "a contact line with an e-mail address"),
        Kind::Copyright(_) => ("metadata", "a copyright line"),
        Kind::Source(_) => ("metadata", "a \"Source:\" line naming the outlet"),
        Kind::Url(_) => ("metadata", "a bare web address"),
        Kind::Date(..) => ("date", "a date or timestamp line"),
        Kind::Caption => ("caption", "a photo caption (credit, position cue or shown twice)"),
        Kind::Standfirst(..) => ("standfirst", "a standfirst naming its outlet or writer"),
        Kind::Text if in_text && l.body => ("body", "ends a sentence, or is long"),
        Kind::Text if in_text => ("body", "short text between paragraphs of the story"),
        Kind::Text if l.title => ("outside", "headline-like, but no story text follows it"),
        Kind::Text => ("outside", "text outside every story"),
    };
    (label, why.to_string())
}

/// A line of names beside a date line is a byline without "By": "Justin McCurry in Tokyo
/// and Andrew Roth" over "Wed 19 Jun 2024 14.05 BST"; so is a name over its role.
fn bylines_by_neighbours(lines: &mut [Line]) {
    for i in 0..lines.len() {
        if lines[i].kind != Kind::Text || lines[i].words > 12 {
            continue;
        }
        // Also a name over its e-mail ("Kim Arin" / "arin@heraldcorp.com").
        let prev = (0..i).rev().find(|&k| lines[k].kind != Kind::Blank);
        let next = (i + 1..lines.len()).find(|&k| lines[k].kind != Kind::Blank);
        let beside_date = prev.is_some_and(|k| matches!(lines[k].kind, Kind::Date(..)))
            || next.is_some_and(|k| matches!(lines[k].kind, Kind::Date(..) | Kind::Contact(_)));
        // An author card: the name over its role ("Jane Doe" / "Senior Correspondent").
        let role_under = next.filter(|&k| lines[k].kind == Kind::Text && meta::is_role_line(&lines[k].text));
        if (beside_date || role_under.is_some())
            && let Some(b) = meta::name_line(&lines[i].text)
        {
            lines[i].kind = Kind::Byline(b);
            if let Some(k) = role_under {
                lines[k].kind = Kind::Clutter;
            }
        }
    }
}

/// A short name line that spells a web address of the page ("ICARO Media Group" beside
/// "https://icaro.icaromediagroup.com/…"), or that is a site's address alone ("Sibnet.ru"),
/// is the site's name.
fn names_of_the_pages_domains(lines: &mut [Line]) {
    let labels: Vec<String> = lines
        .iter()
        .filter(|l| matches!(l.kind, Kind::Url(_)))
        .filter_map(|l| URL_LINE.captures(&l.text)?.get(1).map(|m| m.as_str().to_lowercase()))
        .flat_map(|d| {
            d.split('.')
                .map(|p| p.replace('-', ""))
                .filter(|p| p.len() >= 5)
                .collect::<Vec<_>>()
        })
        .collect();
    for l in lines.iter_mut().filter(|l| l.kind == Kind::Text && l.words <= 5) {
        if BARE_DOMAIN.is_match(&l.text) {
            // A known site by its gazetteer name, any other as it signs itself.
            let known = meta::outlet_for_domain(&l.text).filter(|k| meta::known_outlet(k).is_some());
            l.kind = Kind::SiteName(known.unwrap_or_else(|| l.text.clone()));
            continue;
        }
        let key: String = l
            .text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if key.len() >= 5 && labels.contains(&key) && meta::outlet_name(&l.text).is_some() {
            l.kind = Kind::SiteName(l.text.clone());
        }
    }
}

/// Captions: a paragraph shown twice in a row (picture alt text, then its caption) when it
/// reads as a caption. Other repeated paragraphs are left to the article builder, which keeps
/// the first copy within an article.
fn captions_shown_twice(lines: &mut [Line]) {
    let n = lines.len();
    // Whether a headline-like line came before: a pair at the very top of the page, over a
    // picture's credit, is the page's title and the story's, not a caption.
    let mut titled = false;
    for i in 0..n {
        let title_like = is_title_like(&lines[i].text, lines[i].words);
        let titled_above = titled;
        titled |= lines[i].kind == Kind::Text && title_like;
        if !matches!(lines[i].kind, Kind::Text | Kind::Caption) || lines[i].words < 6 {
            continue;
        }
        let Some(j) = (i + 1..n).find(|&j| lines[j].kind != Kind::Blank) else {
            break;
        };
        // A headline shown twice (the page's title, then the story's) is no caption unless a
        // picture credit follows the pair (a short line: a long one is the picture's own caption).
        let credit_after = titled_above
            && (j + 1..n).find(|&k| lines[k].kind != Kind::Blank).is_some_and(|k| {
                lines[k].words <= 10
                    && (matches!(lines[k].kind, Kind::Copyright(_) | Kind::Caption)
                        || PHOTO_WORD.is_match(&lines[k].text))
            });
        let headline = title_like && !credit_after;
        if lines[j].text == lines[i].text
            && (PHOTO_CREDIT.is_match(&lines[i].text)
                || CAPTION_CUE.is_match(&lines[i].text)
                || meta::wire_tail(&lines[i].text).is_some()
                || (!ends_sentence(&lines[i].text) && !headline))
        {
            lines[i].kind = Kind::Caption;
            lines[j].kind = Kind::Caption;
        }
    }
}

/// Classifies every line, then applies the rules that need the neighbours: captions shown
/// twice, later copies of a paragraph, short names repeated as site names.
pub fn classify(raw: Vec<String>) -> Vec<Line> {
    let script = text_script(&raw);
    let mut lines: Vec<Line> = raw
        .into_iter()
        .map(|text| {
            let words = word_count(&text);
            let kind = classify_counted(&text, words, script);
            Line {
                text,
                kind,
                words,
                body: false,
                title: false,
            }
        })
        .collect();

    // A short line repeated on its own and also as "- X" or beside a "9 hours ago" is the
    // site's name ("Daily Sabah" / "2 hours ago" / "- Daily Sabah"), not a section name.
    let mut short_counts: HashMap<String, (usize, bool)> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if matches!(l.kind, Kind::Text | Kind::DashItem) && l.words <= 4 {
            let key = l.text.trim_start_matches(['-', '–', '—', ' ']).to_lowercase();
            let beside_time = (i > 0 && lines[i - 1].kind == Kind::RelTime)
                || lines.get(i + 1).is_some_and(|n| n.kind == Kind::RelTime);
            let e = short_counts.entry(key).or_default();
            e.0 += 1;
            e.1 |= beside_time || l.kind == Kind::DashItem;
        }
    }
    for l in &mut lines {
        if matches!(l.kind, Kind::Text | Kind::DashItem) && l.words <= 4 {
            let name = l.text.trim_start_matches(['-', '–', '—', ' ']);
            if short_counts
                .get(&name.to_lowercase())
                .is_some_and(|&(n, structural)| n >= 2 && structural)
                && let Some(o) = meta::outlet_name(name)
            {
                l.kind = Kind::SiteName(o);
            }
        }
    }

    names_of_the_pages_domains(&mut lines);
    bylines_by_neighbours(&mut lines);

    captions_shown_twice(&mut lines);

    for l in &mut lines {
        if l.kind == Kind::Text {
            let ends = ends_sentence(&l.text);
            let question = l.text.trim_end_matches(['"', '”', '’', '\'']).ends_with(['?', '!']);
            // "2. First published." is a list item, not a paragraph: its number is no word.
            let words = l.words - usize::from(LIST_NUMBER.is_match(&l.text));
            l.title = is_title_like(&l.text, l.words);
            // A long line is text even without a full stop, unless it reads as a long headline:
            // one with no sentence ending inside it either.
            let long_title = l.title && ![". ", ".”", ".\"", "? ", "! "].iter().any(|e| l.text.contains(e));
            l.body = (ends && words >= 3 && (!question || words >= 16)) || (words >= 25 && !long_title);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Kind {
        classify_one(&clean(s))
    }

    #[test]
    fn names_the_holder_of_a_copyright_line() {
        for (line, want) in [
            (
                "Copyright Ⓒ 예시방송. All rights reserved. 무단 전재, 재배포 및 AI학습 이용 금지",
                "예시방송",
            ),
            ("© 2024 Example Herald. All rights reserved.", "Example Herald"),
            ("ⓒ 한국면세뉴스, 무단전재 및 재배포 금지", "한국면세뉴스"),
            ("Copyright (c) 2019-2024 Daily Example | Privacy", "Daily Example"),
        ] {
            assert_eq!(copyright_holder(line).as_deref(), Some(want), "{line}");
        }
        assert_eq!(copyright_holder("All rights reserved."), None);
        // A picture's credit names the photographer's agency, not the publisher.
        for line in [
            "Images source: © Getty Images | Contributor",
            "Фото: © Пресс-служба Кремля",
        ] {
            assert_eq!(copyright_holder(line), None, "{line}");
        }
    }

    #[test]
    fn recognises_page_chrome() {
        for s in [
            "Comments",
            "Related Articles",
            "Related stories",
            "Most viewed articles",
            "Categories",
            "You may also like",
        ] {
            assert_eq!(kind(s), Kind::Separator, "{s}");
        }
        for s in [
            "No comments yet...",
            "print dictionary print",
            "lock icon",
            "s",
            "To write comments, please log in to one of the accounts.",
            "Standards Board Policy (0/250자)",
            "• 기자 사진",
            "button to share this article",
            "ALSO READ-Kim Visits Aircraft Plant During Russia Trip",
            "ALSO READ: India’s ‘Electric’ Awakening",
            "We use cookies to give you the best experience. By continuing you accept our use of cookies.",
            "Accept all",
            "Sign up for our newsletter",
            "Share on Facebook",
            "SC/15612",
            "Log in to Twitter or Facebook account to connect with the Korea JoongAng Daily",
        ] {
            assert_eq!(kind(s), Kind::Clutter, "{s}");
        }
        assert_eq!(kind("9 hours ago"), Kind::RelTime);
        assert_eq!(kind("Home > National > Defense"), Kind::TagList);
        assert_eq!(kind("-Top News EU News Europe"), Kind::TagList);
        assert_eq!(kind("- Korea Herald"), Kind::SiteName("Korea Herald".into()));
        // Picture credits in the forms many sites use; a story's own wire tags are no captions.
        for s in [
            "A soldier carries a shell near the front line in the Donetsk region. AP",
            "Credit: Example Photo Agency",
            "Jane Doe/Example Press/Global Look Press",
        ] {
            assert_eq!(kind(s), Kind::Caption, "{s}");
        }
        for (s, script) in [
            ("김 위원장이 평양에서 연설하고 있다. [연합뉴스]", Script::Hangul),
            ("Фото: пресс-служба МИД", Script::Cyrillic),
        ] {
            assert_eq!(classify_counted(s, word_count(s), script), Kind::Caption, "{s}");
        }
        for s in [
            "The talks ended without a deal, officials in Seoul said on Friday. (Yonhap)",
            "A snap election must be held within 60 days of the ruling. – AFP",
            "Resolution 72/188 (DPRK) S/RES/72/188",
        ] {
            assert_ne!(kind(s), Kind::Caption, "{s}");
        }
        // The site's name in its own navigation, or in a wiki's tagline.
        assert_eq!(
            kind("3. Skip to more DW sites"),
            Kind::SiteName("Deutsche Welle".into())
        );
        assert_eq!(
            kind("Subscribe to the Korea Herald newsletter"),
            Kind::SiteName("Korea Herald".into())
        );
        assert_eq!(
            kind("From Wikinews, the free news source you can write!"),
            Kind::SiteName("Wikinews".into())
        );
        assert_eq!(
            kind("From Example Wiki, the free encyclopedia"),
            Kind::SiteName("Example Wiki".into())
        );
        assert_ne!(kind("Photo: AP"), Kind::SiteName("AP".into()));
        assert_ne!(kind("Download photo from Yonhap app"), Kind::SiteName("Yonhap".into()));
        assert_ne!(kind("Home minister meets KBS chief"), Kind::SiteName("KBS".into()));
        assert_eq!(kind("Korea Herald"), Kind::SiteName("Korea Herald".into()));
        assert_eq!(kind("  • MICHAEL LEE"), Kind::BulletName("Michael Lee".into()));
        assert_eq!(
            kind("- US joins with South Korea, Japan in bid to deter North Korea"),
            Kind::DashItem
        );
        assert!(
            matches!(kind("Please direct questions or comments to [english@hani.co.kr]"), Kind::Contact(Some(ref s)) if s == "Hankyoreh")
        );
        assert!(matches!(kind("Posted on : 2021-09-15 18:49 KST"), Kind::Date(..)));
        // Page controls after a date do not make it a sentence; words that are not controls do.
        for s in [
            "Last updated 14 July 2023 + show all updates",
            "June 3, 2024 | Share | Print",
        ] {
            assert!(matches!(kind(s), Kind::Date(..)), "{s}");
        }
        assert!(!matches!(
            kind("June 3, 2024 | Seoul hosts the allied summit"),
            Kind::Date(..)
        ));
        assert!(matches!(
            kind("South Korean Defense Minister Kim Yong-hyun stands with officials in Seoul on Tuesday. [YONHAP]"),
            Kind::Caption
        ));
    }

    #[test]
    fn reads_captions_marked_the_korean_way_and_audience_counters() {
        let on_page = |s: &str, script| classify_counted(s, word_count(s), script);
        for s in [
            "▲ [서울=AP/뉴시스] 두 정상이 회담장에 들어서고 있다(왼쪽)",
            "↑ 안보리 회의장 전경 / 사진=연합뉴스 |",
            "회담장 전경 (사진=뉴시스)",
        ] {
            assert_eq!(on_page(s, Script::Hangul), Kind::Caption, "{s}");
        }
        // The mark alone opens list items too.
        assert_ne!(on_page("▲ 대북제재 이행 점검 방안 논의", Script::Hangul), Kind::Caption);
        // "(우크라이나 …)" is no position cue.
        assert!(!CAPTION_CUE.is_match("▲ 북한군 병력 (우크라이나 측 추정)"));
        assert!(CAPTION_CUE.is_match("두 정상(우)이 악수하고 있다"));
        for (s, script) in [
            ("108,8 тыс подписчиков", Script::Cyrillic),
            ("12.5K followers", Script::Latin),
            ("구독자 3만명", Script::Hangul),
            ("1,024 views", Script::Latin),
        ] {
            assert_eq!(on_page(s, script), Kind::Clutter, "{s}");
        }
        assert_ne!(kind("1,024 troops"), Kind::Clutter);
        assert_eq!(kind("See the update from 14:01 →"), Kind::Clutter);
    }

    #[test]
    fn splits_a_page_flattened_onto_one_line() {
        let flat = "Moscow and Pyongyang Sign a Defence Pact Jane Roe June 19, 2024 \u{201c}The two leaders signed the treaty in Pyongyang on Wednesday, pledging mutual help against aggression.\u{201d} More";
        let parts = run_on(flat).expect("split");
        assert_eq!(
            parts[..3],
            ["Moscow and Pyongyang Sign a Defence Pact", "Jane Roe", "June 19, 2024"]
        );
        assert!(parts[3].starts_with('\u{201c}'));
        // Without a writer's name the headline runs up to the date.
        let parts = run_on("Russia Vetoes the Renewal of the Sanctions Panel March 28, 2024 The vote in the Security Council ended the work of the experts who watched over sanctions for fifteen years.").expect("split");
        assert_eq!(parts[0], "Russia Vetoes the Renewal of the Sanctions Panel");
        // Sentences that mention a date stay whole.
        for s in [
            "North Korean leader Kim Jong Un on June 19, 2024 signed a treaty with Vladimir Putin that pledges mutual military help in case of aggression against either side.",
            "The Security Council, meeting on October 14, 2006, adopted resolution 1718 unanimously after North Korea announced that it had carried out a nuclear test.",
            "Kim Jong Un and Vladimir Putin Met in Pyongyang June 19, 2024 but the talks ended without a statement on what the two sides had agreed about the war.",
        ] {
            assert_eq!(run_on(s), None, "{s}");
        }
    }

    #[test]
    fn reads_korean_and_russian_lines_as_text() {
        let korean = "유엔 안보리의 북한 추가 제재 결의안이 중국과 러시아의 거부권 행사로 부결됐습니다.";
        let russian = "Россия заблокировала проект резолюции, применив право вето.";
        assert_eq!(classify_counted(korean, word_count(korean), Script::Hangul), Kind::Text);
        assert_eq!(
            classify_counted(russian, word_count(russian), Script::Cyrillic),
            Kind::Text
        );
        // In an English page the same lines are foreign alt text.
        assert_eq!(
            classify_counted(korean, word_count(korean), Script::Latin),
            Kind::Clutter
        );
        assert_eq!(text_script(&[korean.to_string(), "Seoul".to_string()]), Script::Hangul);
        assert!(is_title_like(
            "북러 '전략적 동반자관계' 조약 비준서 교환…군사동맹 복원 효력",
            6
        ));
        assert!(!is_title_like("1. Correction to speaker name", 5));
        // A list of the page's topics is no headline; a headline with commas is.
        assert!(!is_title_like(
            "USA and North Korea. Conceptual Struggle, War, Business Rivalry, Summit",
            11
        ));
        assert!(is_title_like("Russia, China, Iran and North Korea: the new axis", 9));
        assert!(is_title_like("Putin, Kim sign pact, vow mutual aid in Pyongyang", 9));
    }

    #[test]
    fn finds_first_sentences() {
        assert_eq!(
            first_sentence("The U.S. envoy met Mr. Kim. They talked."),
            "The U.S. envoy met Mr. Kim."
        );
        assert_eq!(
            first_sentence("“We will,” Putin replied. He left."),
            "“We will,” Putin replied."
        );
        assert_eq!(first_sentence("No full stop here"), "No full stop here");
    }

    #[test]
    fn keeps_story_text() {
        for s in [
            "His comments drew criticism from Seoul, the ministry said.",
            "Hackers tried to log in to the accounts of officials, the ministry said.",
            "The reclusive regime has said that it will attempt another launch in October.",
            "“In a rare foray from his country, Mr. Kim would travel to Vladivostok,” the report said",
            "North Korea does not subscribe to the idea of denuclearization.",
            "Trump boasted of having a bigger nuclear button.",
            "The copyright dispute between the two studios went to court.",
            "Updated figures released on June 3, 2024 show a rise in defections.",
            "The resolution was adopted at the Council's 9567th meeting.",
            "Photos by commercial satellite firms showed new construction at the site last week.",
            "The panel's eight experts contributed to the report before it was shelved.",
            "Seoul refused to share on a bilateral basis what its spies had learned.",
        ] {
            assert_eq!(kind(s), Kind::Text, "{s}");
        }
    }

    #[test]
    fn joins_wrapped_lines_only() {
        let l = split_lines(
            "Log in to Twitter or Facebook account to connect\nwith the Korea JoongAng Daily\ns\nlock icon",
        );
        assert_eq!(
            l,
            [
                "Log in to Twitter or Facebook account to connect with the Korea JoongAng Daily",
                "s",
                "lock icon"
            ]
        );
        let wrapped = "North Korea on Wednesday fired a ballistic missile into\nthe sea off its east coast, South Korea's military said,\nin the latest in a string of weapons tests this year\nby the reclusive state.";
        assert_eq!(split_lines(wrapped).len(), 1);
        assert_eq!(split_lines("A\u{a0}\n \t\nB").len(), 3);
        // Wrapped wider, paragraphs with no blank line between them: a paragraph ends where
        // the next line's first word would have fitted on its last line.
        let wide = [
            "Officials in Seoul said on Wednesday that the talks between the two delegations had gone on for most of the",
            "day and that no statement would be issued before the weekend, when both sides expect to have consulted their",
            "capitals on the draft.",
            "Diplomats in New York said the Council would take up the matter again next month, after the panel has",
            "reported on the shipments that the two governments deny having made in the last year.",
        ];
        let l = split_lines(&wide.join("\n"));
        assert_eq!(l.len(), 2, "{l:#?}");
        assert!(
            l[0].ends_with("on the draft.") && l[1].starts_with("Diplomats"),
            "{l:#?}"
        );
        // Long headlines one under another are no wrapped text.
        let list = "North Korea and Russia Sign a Treaty on Comprehensive Strategic Partnership in Pyongyang\nUN Security Council Meets on the Panel of Experts After the Russian Veto in New York\nSouth Korea Summons the Russian Ambassador Over the Treaty Signed With North Korea";
        assert_eq!(split_lines(list).len(), 3);
    }
}
