//! The search index: small JSON files the browser fetches on demand.
//!
//! Terms live in shards keyed by their first two letters, and documents in shards of
//! [`DOCS_PER_SHARD`], so a query downloads a few kilobytes whatever the archive's size.
//! Indexed: title, summary, people, source, topics and the opening of the body.

use crate::archive::Archive;
use crate::render::urls::{Urls, route};
use serde::Serialize;
use std::collections::BTreeMap;

pub const DOCS_PER_SHARD: usize = 500;

/// JSON with `<`, `>` and `&` written as `\u003c`-style escapes: the index holds scraped text,
/// and no byte of it should ever read as markup, whatever reads the file.
fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let text = serde_json::to_string(value).expect("index serializes");
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026").into_bytes()
}

const STOP: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "in", "is", "it", "its", "of",
    "on", "or", "said", "she", "that", "the", "their", "this", "to", "was", "were", "which", "will", "with",
];

/// Lowercase ASCII words, as the browser's search script also makes them.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                deunicode::deunicode(w).to_ascii_lowercase().chars().filter(char::is_ascii_alphanumeric).collect()
            }
        })
        .filter(|w| w.len() > 1 && !STOP.contains(&w.as_str()))
}

/// Shard key of a term: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    docs: usize,
    docs_per_shard: usize,
    shards: Vec<String>,
}

/// Every file of the index, as (path relative to the output, bytes).
pub fn files(a: &Archive, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let mut postings: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    let mut docs: Vec<[String; 5]> = Vec::with_capacity(a.articles.len());
    for (i, art) in a.articles.iter().enumerate() {
        let topic_names: Vec<&str> = art
            .topics
            .iter()
            .filter_map(|t| a.topics.iter().find(|f| f.slug.as_str() == t).map(|f| f.name.as_str()))
            .collect();
        let text = format!(
            "{} {} {} {} {} {}",
            art.title,
            art.summary.as_deref().unwrap_or(""),
            art.people.join(" "),
            art.source.as_deref().unwrap_or(""),
            topic_names.join(" "),
            art.lede
        );
        let mut seen: Vec<String> = terms(&text).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            postings.entry(shard_key(&t)).or_default().entry(t).or_default().push(i as u32);
        }
        let summary: String = art.summary.as_deref().unwrap_or("").chars().take(240).collect();
        docs.push([
            art.title.clone(),
            urls.link(&route::article(&art.slug)),
            art.date.map(|d| d.human()).unwrap_or_else(|| "Undated".into()),
            art.source.clone().unwrap_or_default(),
            summary,
        ]);
    }
    let mut out = Vec::new();
    let meta = Meta {
        version: 1,
        docs: docs.len(),
        docs_per_shard: DOCS_PER_SHARD,
        shards: postings.keys().cloned().collect(),
    };
    out.push(("search/meta.json".to_string(), json(&meta)));
    for (n, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        out.push((format!("search/docs-{n}.json"), json(chunk)));
    }
    for (key, map) in postings {
        out.push((format!("search/terms-{key}.json"), json(&map)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_ascii_without_stop_words() {
        let t: Vec<String> = terms("The Security Council's vote on Türk and Kim Jong-un").collect();
        assert_eq!(t, ["security", "council", "vote", "turk", "kim", "jong", "un"]);
    }
}
