//! Arbitrary bytes through the paths a source file takes: `load::decode`, then the clipping
//! path (`build::clipping_drafts`) and the curated path (`frontmatter::parse`), and every body
//! through `markdown::to_html`. Nothing may panic, decoding must leave one shape of text, and
//! the HTML must never be live.
//!
//! The case count comes from `BRIEFING_FUZZ_CASES` (default 256), like the parsers'
//! properties; `scripts/fuzz.sh` runs them all with many more.

use briefing::build::clipping_drafts;
use briefing::frontmatter;
use briefing::load::decode;
use briefing::markdown::to_html;
use proptest::prelude::*;
use std::path::Path;

fn cases() -> u32 {
    std::env::var("BRIEFING_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Runs the bytes through every stage and checks what each stage promises.
fn check(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let shown = Path::new("content/fuzz.txt");
    // What `decode` promises for UTF-8: one leading byte-order mark dropped (a second one is
    // text, U+FEFF), then CRLF and lone CR turned into LF.
    let expected = std::str::from_utf8(&bytes).ok().map(|s| {
        let s = s.strip_prefix('\u{feff}').unwrap_or(s);
        s.replace("\r\n", "\n").replace('\r', "\n")
    });
    let text = match decode(shown, bytes) {
        Ok(text) => text,
        Err(d) => {
            prop_assert!(expected.is_none(), "valid UTF-8 refused: {d:?}");
            // Not UTF-8: the error points at a real line and column.
            prop_assert!(d.line.is_some_and(|l| l >= 1), "{d:?}");
            prop_assert!(d.column.is_some_and(|c| c >= 1), "{d:?}");
            return Ok(());
        }
    };
    prop_assert_eq!(Some(&text), expected.as_ref());

    let mut bodies: Vec<String> = clipping_drafts(&text, briefing::extract::Gazetteer::builtin())
        .into_iter()
        .map(|d| d.body)
        .collect();
    if let Ok((draft, _)) = frontmatter::parse(Path::new("content/fuzz.md"), &text) {
        bodies.push(draft.body);
    }
    bodies.push(text);
    for body in &bodies {
        let html = to_html(body).to_lowercase();
        prop_assert!(!html.contains("<script"), "{html}");
        prop_assert!(!html.contains("=\"javascript:"), "{html}");
        prop_assert!(!handler().is_match(&html), "{html}");
    }
    Ok(())
}

/// An element with an inline event handler (`<img onerror=…>`).
fn handler() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"<[a-z][^>]*\son[a-z]+\s*=").unwrap())
}

/// Pieces of what clippings and articles hold, as bytes: page furniture, metadata, Markdown
/// and HTML, line-end and encoding oddities, and raw bytes that are not UTF-8.
fn chunk() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"\xef\xbb\xbf",
        b"\r\n",
        b"\r",
        b"\n\n",
        b"+++\n",
        b"title = \"T\"\n",
        b"date = 2024-06-19\n",
        b"Related Articles\n",
        b"ALSO READ\n",
        b"By Kim Ji-eun\n",
        b"Posted on : 2021-09-15\n",
        b"SEOUL, June 19 (Yonhap) -- ",
        b"Sept. 3, 2024\n",
        b"Photo: Yonhap\n",
        b"Share\nPrint\n",
        b"Kim Jong-un vows full support for Russia during Putin visit\n",
        b"<script>alert(1)</script>",
        b"<img src=x onerror=alert(1)>",
        b"[a](javascript:alert(1))",
        b"```json\n",
        b"```\n",
        b"| a | b |\n|---|---|\n",
        b"[^1]: note\n",
        b"\xe2\x80\x99",
        b"\xea\xb8\xb0",
        b"\xf0\x9f\x87",
        b"\xc3",
        b"\xff\xfe",
        b"\0",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed).prop_map(<[u8]>::to_vec),
        4 => "[\\PC\n]{0,60}".prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

proptest! {
    // No persistence file beside this test: a failure found here becomes a plain #[test]
    // below, with the minimal input proptest prints.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases())
    })]

    /// Bytes built from pieces of real sources, mostly valid UTF-8.
    #[test]
    fn source_like_bytes(parts in proptest::collection::vec(chunk(), 0..40)) {
        check(parts.concat())?;
    }

    /// Any bytes at all (mostly not UTF-8: this exercises the decoder's error path).
    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(bytes)?;
    }
}
