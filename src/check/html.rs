//! What a page links to and what it offers to be linked to, read with html5ever's tokenizer:
//! attribute values come decoded (`&amp;`), script and style text is not mistaken for markup,
//! and no tree is built, which a link checker does not need.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// One address a page asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// "a", "link", "img", "script", "form"…
    pub tag: String,
    /// "href", "src", "action".
    pub attr: &'static str,
    pub url: String,
    /// Whether the page loads it as part of itself (a stylesheet, a script, an image), as
    /// opposed to linking to it.
    pub asset: bool,
    /// The `rel` of a `<link>` or `<a>` ("canonical", "alternate"…), or "".
    pub rel: String,
    pub line: u64,
}

/// What [`scan`] finds in a page.
#[derive(Debug, Default)]
pub struct Scan {
    pub refs: Vec<Ref>,
    /// Every `id` (and `<a name>`) on the page: what `#fragment` links may point at.
    pub ids: BTreeSet<String>,
    /// The line of each `<img>` with no `alt` attribute (an empty one is a decorative image's).
    pub images_without_alt: Vec<u64>,
}

struct Sink(RefCell<Scan>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        let mut scan = self.0.borrow_mut();
        scan.ids.extend(attr("id"));
        if name == "a" {
            scan.ids.extend(attr("name"));
        }
        if name == "img" && attr("alt").is_none() {
            scan.images_without_alt.push(line);
        }
        let rel = attr("rel").unwrap_or_default();
        let found = match name {
            "a" | "area" => attr("href").map(|u| ("href", u, false)),
            "link" => attr("href").map(|u| {
                (
                    "href",
                    u,
                    rel.split_whitespace().any(|r| r == "stylesheet" || r == "icon"),
                )
            }),
            "img" | "script" | "iframe" | "source" | "audio" | "video" | "embed" => {
                attr("src").map(|u| ("src", u, true))
            }
            "form" => attr("action").map(|u| ("action", u, false)),
            _ => None,
        };
        if let Some((attr, url, asset)) = found {
            let tag = name.to_string();
            scan.refs.push(Ref {
                tag,
                attr,
                url,
                asset,
                rel,
                line,
            });
        }
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The addresses, ids and images without a text alternative of one HTML page.
pub fn scan(html: &str) -> Scan {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Sink(RefCell::new(Scan::default())), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_assets_ids_and_images_without_alt() {
        let s = scan(
            "<!DOCTYPE html><head><link rel=\"stylesheet\" href=\"s.css?v=1\"><script type=\"application/ld+json\">{\"a\":\"<a href='no'>\"}</script></head>\n\
             <body><h2 id=\"x\">X</h2><a href=\"a/?q=1&amp;r=2#x\">A</a>\n<img src=\"i.png\"><img src=\"d.png\" alt=\"\"><a name=\"old\"></a></body>",
        );
        let urls: Vec<(&str, bool)> = s.refs.iter().map(|r| (r.url.as_str(), r.asset)).collect();
        assert_eq!(
            urls,
            [
                ("s.css?v=1", true),
                ("a/?q=1&r=2#x", false),
                ("i.png", true),
                ("d.png", true)
            ]
        );
        assert_eq!(s.ids, BTreeSet::from(["x".to_string(), "old".to_string()]));
        assert_eq!(s.images_without_alt, [3]);
        assert_eq!(s.refs[0].rel, "stylesheet");
    }
}
