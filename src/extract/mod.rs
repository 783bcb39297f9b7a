//! Clipping extraction: raw text saved from a news page → clean articles.
//! (Interface fixed; the rules are being written.)

use crate::date::PartialDate;
use serde::Serialize;

/// One article found in a clipping, before editor overrides and classification.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extracted {
    /// 0-based position of the article within its file.
    pub index: usize,
    pub title: String,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub date: Option<PartialDate>,
    /// The standfirst, when the page has one.
    pub summary: Option<String>,
    /// Body paragraphs as plain text, in order, clutter removed.
    pub paragraphs: Vec<String>,
}

/// Finds every article in `text` (already valid UTF-8, BOM stripped, `\n` line ends).
pub fn extract(text: &str) -> Vec<Extracted> {
    let _ = text;
    Vec::new()
}

/// Plain-text paragraphs as Markdown that renders back to the same text: characters that
/// Markdown would read as syntax are escaped.
pub fn paragraphs_to_markdown(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}
