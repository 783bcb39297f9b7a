//! Markdown bodies to safe HTML, with fenced code highlighted by syntect as CSS classes and
//! references to UN documents linked to the UN's own copies (`undocs`).

mod undocs;

/// Where a UN document's symbol is looked up (`https://undocs.org/` and the symbol).
pub use undocs::BASE as UNDOCS;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of highlighted tokens, so they cannot collide with the site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on first use only: most articles have no code, and loading costs milliseconds.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders an article body. Headings move one level down (the page's title is the only
/// `<h1>`); links and images with schemes other than http(s), mailto or relative are dropped;
/// when the Markdown holds raw HTML, the result goes through the ammonia sanitizer.
pub fn to_html(md: &str) -> String {
    let md = &*crate::text::scrub(md);
    let mut body = Body::new(heading_shift(md));
    for ev in Parser::new_ext(md, options()) {
        body.push(ev);
    }
    let raw_html = body.raw_html;
    let events = link_un_documents(body.events, md, &mut Vec::new());
    let mut out = String::with_capacity(md.len() * 5 / 4);
    html::push_html(&mut out, events.into_iter());
    if raw_html { sanitize(&out) } else { out }
}

/// The symbols of the UN documents a body links to ("S/RES/2397(2017)"), each once, sorted:
/// the same walk over the same text as [`to_html`] makes its links, without rendering.
pub fn un_documents(md: &str) -> Vec<String> {
    let md = &*crate::text::scrub(md);
    if !undocs::worth_scanning(md) {
        return Vec::new();
    }
    let mut body = Body::new(0);
    body.highlight = false;
    for ev in Parser::new_ext(md, options()) {
        body.push(ev);
    }
    let mut symbols = Vec::new();
    link_un_documents(body.events, md, &mut symbols);
    symbols.sort_unstable();
    symbols.dedup();
    symbols
}

/// How far headings move: the body's highest becomes <h2> (the page title is the <h1>), and
/// the levels below it keep in step, so no level is skipped.
fn heading_shift(md: &str) -> isize {
    let top = Parser::new_ext(md, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    2 - top as isize
}

/// A body's events as the page shows them: headings moved, code highlighted, links and
/// images with unsafe addresses dropped (their text kept).
struct Body<'a> {
    events: Vec<Event<'a>>,
    shift: isize,
    /// A code block being read: its language and text so far.
    code: Option<(String, String)>,
    /// For each open link or image, whether it was dropped (its end is dropped too).
    dropped: Vec<bool>,
    /// The Markdown holds raw HTML: the result is sanitized.
    raw_html: bool,
    /// Highlight code (off when only the text is wanted: a code block holds no link anyway).
    highlight: bool,
}

impl<'a> Body<'a> {
    fn new(shift: isize) -> Body<'a> {
        Body {
            events: Vec::new(),
            shift,
            code: None,
            dropped: Vec::new(),
            raw_html: false,
            highlight: true,
        }
    }

    fn push(&mut self, ev: Event<'a>) {
        if let Some((lang, buf)) = &mut self.code {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = if self.highlight {
                        highlight(lang, buf)
                    } else {
                        String::new()
                    };
                    self.events.push(Event::Html(CowStr::from(html)));
                    self.code = None;
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.events.push(Event::Start(Tag::Heading {
                level: shifted(level, self.shift),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                self.events
                    .push(Event::End(TagEnd::Heading(shifted(level, self.shift))));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.open_link(ev),
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if !self.dropped.pop().unwrap_or(false) {
                    self.events.push(Event::End(end));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.raw_html = true;
                self.events.push(ev);
            }
            other => self.events.push(other),
        }
    }

    /// A link or image, kept when its address is safe.
    fn open_link(&mut self, ev: Event<'a>) {
        let safe = match &ev {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => safe_url(dest_url),
            _ => false,
        };
        self.dropped.push(!safe);
        if safe {
            self.events.push(ev);
        }
    }
}

/// Links the references to UN documents that the body's text makes (see [`undocs`]): in its
/// text only, never inside a link, an image's description, code, or the editor's own HTML
/// link or code. Consecutive pieces of text are read as one, since the parser splits text at
/// line ends and at characters such as `&`. The symbols linked are added to `symbols`.
fn link_un_documents<'a>(events: Vec<Event<'a>>, md: &str, symbols: &mut Vec<String>) -> Vec<Event<'a>> {
    if !undocs::worth_scanning(md) {
        return events;
    }
    let mut scanner = undocs::Scanner::new(md);
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut run: Vec<Event<'a>> = Vec::new();
    // Links and images open around the text; the editor's raw elements that must hold no link.
    let (mut inside, mut raw) = (0usize, 0usize);
    for ev in events {
        if matches!(ev, Event::Text(_) | Event::SoftBreak) && inside == 0 && raw == 0 {
            run.push(ev);
            continue;
        }
        link_run(&mut run, &mut out, &mut scanner, symbols);
        match &ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => inside = inside.saturating_sub(1),
            Event::Start(tag) if !is_inline(tag) => scanner.new_block(),
            Event::InlineHtml(h) => raw = raw_depth(raw, h),
            _ => {}
        }
        out.push(ev);
    }
    link_run(&mut run, &mut out, &mut scanner, symbols);
    out
}

/// Moves a run of text events to `out`, as they are or cut around the links they need.
fn link_run<'a>(
    run: &mut Vec<Event<'a>>,
    out: &mut Vec<Event<'a>>,
    scanner: &mut undocs::Scanner,
    symbols: &mut Vec<String>,
) {
    if run.is_empty() {
        return;
    }
    let mut text = String::new();
    for ev in run.iter() {
        match ev {
            Event::Text(t) => text.push_str(t),
            _ => text.push('\n'), // a soft break, written as a line end too
        }
    }
    let found = scanner.scan(&text);
    if found.is_empty() {
        out.append(run);
        return;
    }
    run.clear();
    let mut at = 0;
    for f in found {
        if at < f.range.start {
            out.push(Event::Text(CowStr::from(text[at..f.range.start].to_string())));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(f.url()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(CowStr::from(text[f.range.clone()].to_string())));
        out.push(Event::End(TagEnd::Link));
        at = f.range.end;
        symbols.push(f.symbol);
    }
    if at < text.len() {
        out.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// How many of the editor's inline elements that must not hold a link are open after `html`
/// (`<a …>`, `<code>`…), given `depth` before it.
fn raw_depth(depth: usize, html: &str) -> usize {
    let (closing, rest) = match html.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => (false, html.strip_prefix('<').unwrap_or("")),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let self_closing = html.trim_end().ends_with("/>");
    match name.as_str() {
        "a" | "code" | "kbd" | "samp" | "pre" | "var" | "script" | "style" | "textarea" if !self_closing => {
            if closing {
                depth.saturating_sub(1)
            } else {
                depth + 1
            }
        }
        _ => depth,
    }
}

fn shifted(level: HeadingLevel, shift: isize) -> HeadingLevel {
    match (level as isize + shift).clamp(2, 6) {
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Relative links, fragments and the web's ordinary schemes; never `javascript:`, `data:`,
/// `vbscript:` or anything unknown (checked case- and whitespace-insensitively, as browsers read it).
pub fn safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &compact[..colon];
            // A colon after a path separator or query is not a scheme ("/a:b", "?x=1:2").
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let escaped_lang = html_escape(lang);
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let inner = match syntax {
        Some(syntax) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { html_escape(code) }
        }
        None => html_escape(code),
    };
    if lang.is_empty() {
        format!("<pre class=\"code\"><code tabindex=\"0\">{inner}</code></pre>\n")
    } else {
        // tabindex: a code block scrolls sideways on a phone, and keyboard users must reach it.
        format!(
            "<pre class=\"code\" data-lang=\"{escaped_lang}\"><code tabindex=\"0\" class=\"language-{escaped_lang}\">{inner}</code></pre>\n"
        )
    }
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_runs(s, |run| {
        out.push_str(run);
        Ok(())
    })
    .expect("pushing to a String cannot fail");
    out
}

/// [`html_escape`] into a writer (Tera's escape function).
pub fn html_escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_runs(s, |run| out.write_all(run.as_bytes()))
}

/// Feeds `s` to `put` as runs of text and escapes. Runs without special characters are passed
/// whole; the five are found by a byte scan (searching for a set of chars decodes each
/// character and compares it five times).
fn escape_runs(s: &str, mut put: impl FnMut(&str) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut from = 0;
    for (at, &b) in s.as_bytes().iter().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // (ASCII bytes are never inside a multi-byte character: `at` is a boundary.)
        if from < at {
            put(&s[from..at])?;
        }
        put(escaped)?;
        from = at + 1;
    }
    if from < s.len() {
        put(&s[from..])?;
    }
    Ok(())
}

fn sanitize(html: &str) -> String {
    static IMG_WITHOUT_ALT: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"<img((?:\s+[a-z-]+=\x22[^\x22]*\x22)*)\s*/?>").expect("valid regex"));
    let clean = ammonia::Builder::default()
        .add_generic_attributes(["class"])
        .add_tag_attributes("pre", ["data-lang"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string();
    // What the sanitizer leaves must still be valid and accessible: a link whose dangerous
    // href was removed keeps no `rel`, and an image without a text alternative gets an empty
    // one (the editor's raw HTML gave none to show).
    const BARE_LINK: &str = "<a rel=\"noopener noreferrer nofollow\">";
    // (Looked for with memchr's searcher first: `str::replace` scans a long needle a byte
    // at a time, and it ran over every article's body.)
    let clean = if memchr::memmem::find(clean.as_bytes(), BARE_LINK.as_bytes()).is_some() {
        clean.replace(BARE_LINK, "<a>")
    } else {
        clean
    };
    IMG_WITHOUT_ALT
        .replace_all(&clean, |c: &regex::Captures| {
            if c[1].contains(" alt=") {
                c[0].to_string()
            } else {
                format!("<img{} alt=\"\">", &c[1])
            }
        })
        .into_owned()
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn syntax_css() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(theme_css);
    &CSS
}

fn theme_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE).unwrap_or_default();
    format!(
        "/* Generated by briefing from syntect's themes. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
}

/// Number of words, and the opening words in lowercase for the search index.
pub fn words_and_lede(md: &str, lede_words: usize) -> (usize, String) {
    (count_words(md), lede(md, lede_words))
}

/// How many words `md` has (runs of non-space holding a letter or digit).
pub fn word_count(md: &str) -> usize {
    count_words(md)
}

/// Runs of non-space with a letter or digit in them, counted in one pass over the bytes: 64
/// at a time as bit masks where they are all ASCII (nearly all of an English article), one
/// character at a time where they are not.
fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    // Each word is counted at its first letter or digit. `alnum`: the word being read (if any)
    // has had one already.
    let (mut count, mut alnum) = (0, false);
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 64)
            && chunk.is_ascii()
        {
            let (mut space, mut letter) = (0u64, 0u64);
            for (j, word) in chunk.chunks_exact(8).enumerate() {
                let (sp, le) = classify8(u64::from_le_bytes(word.try_into().expect("eight bytes")));
                space |= sp << (8 * j);
                letter |= le << (8 * j);
            }
            // The first letter or digit after each space (and after the chunk's start, unless
            // the word running into it has had one): adding a bit just after a space to the
            // run of other bytes that follows carries to the next space or letter, and is
            // kept only where that is a letter.
            let other = !(space | letter);
            let starts = (space << 1) | u64::from(!alnum);
            count += (starts.wrapping_add(other) & !other & letter).count_ones() as usize;
            // The word running out of the chunk: as its last space or letter says.
            if let Some(last) = 63u32.checked_sub((space | letter).leading_zeros()) {
                alnum = letter >> last & 1 == 1;
            }
            i += 64;
            continue;
        }
        let end = (i + 64).min(bytes.len());
        while i < end {
            let c = s[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            if c.is_whitespace() {
                alnum = false;
            } else if c.is_alphanumeric() && !alnum {
                count += 1;
                alnum = true;
            }
        }
    }
    count
}

/// Which of eight ASCII bytes (little-endian in `w`) are whitespace and which are letters or
/// digits, as two 8-bit masks (bit k for byte k). Each byte is compared in place ("SIMD within
/// a register"): with its top bit set, subtracting `c` leaves that bit set exactly when the
/// byte is at least `c`, and no borrow crosses into the next byte.
fn classify8(w: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let at_least = |w: u64, c: u8| ((w | TOPS) - ONES * u64::from(c)) & TOPS;
    let within = |w: u64, lo: u8, hi: u8| at_least(w, lo) & !at_least(w, hi + 1);
    let space = within(w, b' ', b' ') | within(w, 0x09, 0x0d);
    // (Setting 0x20 turns A–Z into a–z and no other byte into a letter.)
    let alnum = within(w, b'0', b'9') | within(w | (ONES * 0x20), b'a', b'z');
    // The top bit of each byte, gathered into one byte by a multiplication.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    (gather(space), gather(alnum))
}

/// The first `n` words of the text of `md`.
///
/// A Markdown parser reads every block of a document before it yields the first event, so
/// only an opening stretch is parsed, grown until it holds `n` words. Each stretch ends just
/// after a blank line: the text before a blank line reads the same whatever follows it, but
/// for link and footnote definitions (`[x]: ...`), which can turn earlier brackets into links.
/// A document with one past the stretch is parsed whole.
fn lede(md: &str, n: usize) -> String {
    let mut want = 600;
    loop {
        let cut = md
            .as_bytes()
            .get(want..)
            .and_then(|rest| rest.windows(2).position(|w| w == b"\n\n"))
            .map_or(md.len(), |p| want + p + 2);
        if cut < md.len() && md[cut..].contains("]:") {
            return lede_of(md, n).0;
        }
        let (lede, taken) = lede_of(&md[..cut], n);
        if taken >= n || cut == md.len() {
            return lede;
        }
        want = cut * 2;
    }
}

/// The first `n` words of the text of `md`, and how many there were (at most `n`).
fn lede_of(md: &str, n: usize) -> (String, usize) {
    let mut lede = String::new();
    let mut taken = 0;
    'outer: for ev in Parser::new_ext(md, options()) {
        if let Event::Text(t) | Event::Code(t) = ev {
            for w in t.split_whitespace() {
                if taken >= n {
                    break 'outer;
                }
                if !lede.is_empty() {
                    lede.push(' ');
                }
                lede.push_str(w);
                taken += 1;
            }
        }
    }
    (lede, taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        assert_eq!(html_escape(""), "");
        assert_eq!(html_escape("plain Ünïcode"), "plain Ünïcode");
        assert_eq!(
            html_escape("<a href=\"x\">Kim's & Putin's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Kim&#39;s &amp; Putin&#39;s&lt;/a&gt;"
        );
        assert_eq!(html_escape("&&"), "&amp;&amp;");
    }

    #[test]
    fn highlights_fenced_code_with_classes_only() {
        let html = to_html("```json\n{\"a\": 1}\n```\n");
        assert!(html.contains("<pre class=\"code\" data-lang=\"json\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ note[^1]\n\n[^1]: The note.\n");
        assert!(
            html.contains("<table>") && html.contains("<del>gone</del>") && html.contains("footnote"),
            "{html}"
        );
    }

    #[test]
    fn scripts_and_bad_urls_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y]( JaVa\tScript:alert(1)) ![i](data:text/html,boom)\n\n<a href=\"javascript:alert(2)\">z</a>",
        );
        let lower = html.to_lowercase();
        for bad in ["<script", "onerror", "javascript:", "data:text"] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains('x') && html.contains('y'));
    }

    #[test]
    fn sanitized_leftovers_stay_valid() {
        let h = to_html("<a href=\"javascript:x()\">t</a> <img src=\"p.png\"> <img src=\"q.png\" alt=\"Q\">");
        assert!(
            h.contains("<a>t</a>") && h.contains("<img src=\"p.png\" alt=\"\">") && h.contains("alt=\"Q\""),
            "{h}"
        );
    }

    #[test]
    fn body_headings_start_at_h2_without_gaps() {
        assert!(to_html("# A\n").contains("<h2>A</h2>"));
        let h = to_html("## A\n\n### B\n");
        assert!(h.contains("<h2>A</h2>") && h.contains("<h3>B</h3>"), "{h}");
        let h = to_html("# A\n\n## B\n");
        assert!(h.contains("<h2>A</h2>") && h.contains("<h3>B</h3>"), "{h}");
    }

    #[test]
    fn safe_url_rules() {
        assert!(safe_url("https://a.org/x") && safe_url("/a/b") && safe_url("#fn1") && !safe_url("a:b/c"));
        assert!(!safe_url("javascript:x") && !safe_url("DATA:x") && !safe_url("vbscript:x"));
    }

    #[test]
    fn un_documents_are_linked_in_text_only() {
        const LINK: &str = "<a href=\"https://undocs.org/S/RES/2397(2017)\">";
        // (Markdown, how many links to resolution 2397 the page must have.)
        let cases: &[(&str, usize)] = &[
            ("The Security Council adopted resolution 2397 (2017).", 1),
            ("The Security Council adopted\nresolution 2397 (2017) in December.", 1),
            ("Security Council: resolutions 1718 &amp; 2397 apply.", 1),
            ("# Security Council resolution 2397\n\nText.", 1),
            ("| Security Council | resolution 2397 |\n|---|---|\n| a | b |", 1),
            (
                "The Security Council's [resolution 2397](https://example.org/r) text.",
                0,
            ),
            ("The Security Council's <https://undocs.org/S/RES/2397(2017)> text.", 1),
            ("The Security Council's `resolution 2397` text.", 0),
            ("The Security Council's ![resolution 2397](chart.png) chart.", 0),
            (
                "The Security Council's <a href=\"https://un.org\">resolution 2397</a> text.",
                0,
            ),
            ("The Security Council's <code>S/RES/2397(2017)</code> text.", 0),
            ("```\nSecurity Council resolution 2397\n```", 0),
            ("    Security Council resolution 2397 in indented code", 0),
            ("2397 people fled in 2017; a resolution of 2,000 tonnes.", 0),
        ];
        for (md, want) in cases {
            let html = to_html(md);
            assert_eq!(html.matches(LINK).count(), *want, "{md}\n{html}");
        }
        // A link made in the text of the editor's own HTML goes through the sanitizer too.
        let html = to_html("<b>Security Council</b> resolution 2397 applies.");
        assert!(
            html.contains("<a href=\"https://undocs.org/S/RES/2397(2017)\" rel="),
            "{html}"
        );
        let html = to_html("The draft (S/2024/255) & the record S/PV.9573 *x*.");
        assert!(
            html.contains("<a href=\"https://undocs.org/S/2024/255\">S/2024/255</a>")
                && html.contains("<a href=\"https://undocs.org/S/PV.9573\">S/PV.9573</a>"),
            "{html}"
        );
    }

    #[test]
    fn un_documents_are_the_documents_the_body_links() {
        let cases = [
            "The Security Council adopted resolutions 1718 and 2397 (2017); see S/2024/255.",
            "The Security Council's [resolution 2397](https://example.org/r) and `S/2024/255`.",
            "```\nSecurity Council resolution 2397\n```\n\nThe record S/PV.9573 and S/PV.9573 again.",
            "2397 people fled in 2017; a resolution of 2,000 tonnes.",
            "The General Assembly adopted resolution 78/218 (A/RES/78/218).",
        ];
        for md in cases {
            let html = to_html(md);
            let mut linked: Vec<String> = html
                .split("href=\"https://undocs.org/")
                .skip(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_string())
                .collect();
            linked.sort_unstable();
            linked.dedup();
            assert_eq!(un_documents(md), linked, "{md}\n{html}");
        }
        assert_eq!(
            un_documents("The Security Council adopted resolutions 1718 and 2397; S/PV.9573."),
            ["S/PV.9573", "S/RES/1718(2006)", "S/RES/2397(2017)"]
        );
    }

    #[test]
    fn counts_words_and_takes_a_lede() {
        let (n, lede) = words_and_lede("One *two* three.\n\nFour five", 3);
        assert_eq!(n, 5);
        assert_eq!(lede, "One two three.");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("BRIEFING_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        /// The lede taken from an opening stretch is the lede of the whole document.
        #[test]
        fn lede_from_a_stretch_is_the_whole_documents(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::Just("\n\n".to_string()),
            proptest::prelude::Just("```\n".to_string()),
            proptest::prelude::Just("    code line\n".to_string()),
            proptest::prelude::Just("- item\n".to_string()),
            proptest::prelude::Just("> quote\n".to_string()),
            proptest::prelude::Just("[ref] and [^1]\n".to_string()),
            proptest::prelude::Just("[ref]: https://a.org\n".to_string()),
            proptest::prelude::Just("[^1]: A note.\n".to_string()),
            proptest::prelude::Just("<!--\n".to_string()),
            proptest::prelude::Just("Heading\n===\n".to_string()),
            "[a-z ]{0,3000}",
            "[\\PC]{0,40}",
        ], 0..24), n in 1usize..80) {
            let md = parts.concat();
            proptest::prop_assert_eq!(lede(&md, n), lede_of(&md, n).0);
        }

        /// Escaping replaces exactly the five characters, whatever surrounds them.
        #[test]
        fn escaping_is_the_plain_definition(text in "[a-z<>&\"' é—\u{1F600}]{0,60}") {
            let plain: String = text.chars().map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            }).collect();
            proptest::prop_assert_eq!(html_escape(&text), plain);
        }

        /// The one-pass count is the count of whitespace-separated words with a letter or digit.
        #[test]
        fn word_count_is_the_plain_definition(text in proptest::prop_oneof![
            "[a-z0-9 \\t\\n\\x0b\\x0c\\r\u{a0}\u{85}\u{2003}\u{3000}é,.;—-]{0,200}",
            "[a-zA-Z0-9 \\t\\n\\r,.;()'*_-]{0,700}",
            "([a-z]{0,9}|[ .,]{1,3}|é|\u{2003}){0,150}",
        ]) {
            let plain = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(count_words(&text), plain);
        }

        /// Arbitrary Markdown mixed with HTML fragments never yields a live script or handler.
        #[test]
        fn output_is_never_live(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::Just("<script>alert(1)</script>".to_string()),
            proptest::prelude::Just("<img src=x onerror=alert(1)>".to_string()),
            proptest::prelude::Just("[a](javascript:alert(1))".to_string()),
            proptest::prelude::Just("```\n".to_string()),
            proptest::prelude::Just("<div>".to_string()),
            proptest::prelude::Just("\n\n".to_string()),
            "[\\PC]{0,20}",
        ], 0..12)) {
            let html = to_html(&parts.concat()).to_lowercase();
            proptest::prop_assert!(!html.contains("<script"), "{}", html);
            proptest::prop_assert!(!html.contains("=\"javascript:"), "{}", html);
            let handler = regex::Regex::new(r"<[a-z][^>]*\son[a-z]+\s*=").unwrap();
            proptest::prop_assert!(!handler.is_match(&html), "{}", html);
        }
    }
}
