//! The search index: small JSON files the browser fetches on demand.
//!
//! Terms live in shards keyed by their first two letters, and documents in shards of
//! [`DOCS_PER_SHARD`], so a query downloads a few kilobytes whatever the archive's size.
//! Indexed: title, summary, people, source, topics and the opening of the body.

use crate::archive::Archive;
use crate::render::urls::{Urls, route};
use serde::Serialize;
use std::collections::HashMap;

pub const DOCS_PER_SHARD: usize = 500;

/// JSON with `<`, `>` and `&` written as `\u003c`-style escapes: the index holds scraped text,
/// and no byte of it should ever read as markup, whatever reads the file.
fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let text = serde_json::to_string(value).expect("index serializes");
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .into_bytes()
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
                deunicode::deunicode(w)
                    .to_ascii_lowercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect()
            }
        })
        .filter(|w| w.len() > 1 && !STOP.contains(&w.as_str()))
}

/// Shard key of a term: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// An article's distinct terms, sorted and joined by spaces: what the index stores for it.
pub fn article_terms(fields: &[&str]) -> String {
    let mut all: Vec<String> = fields.iter().flat_map(|f| terms(f)).collect();
    all.sort_unstable();
    all.dedup();
    all.join(" ")
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
    // Terms were made when each source was read; here they are only grouped.
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::with_capacity(a.articles.len() * 4);
    for (i, art) in a.articles.iter().enumerate() {
        for t in art.search_terms.split(' ').filter(|t| !t.is_empty()) {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    let mut sorted: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    sorted.sort_unstable_by(|x, y| x.0.cmp(y.0));
    let mut shards: Vec<(String, String)> = Vec::new();
    for (term, ids) in sorted {
        let key = shard_key(term);
        if shards.last().is_none_or(|(k, _)| *k != key) {
            shards.push((key, String::from("{")));
        }
        let buf = &mut shards.last_mut().expect("pushed above").1;
        if buf.len() > 1 {
            buf.push(',');
        }
        // Terms are [a-z0-9] only: nothing to escape.
        buf.push('"');
        buf.push_str(term);
        buf.push_str("\":[");
        for (n, id) in ids.iter().enumerate() {
            if n > 0 {
                buf.push(',');
            }
            buf.push_str(&id.to_string());
        }
        buf.push(']');
    }
    let docs: Vec<[String; 5]> = a
        .articles
        .iter()
        .map(|art| {
            [
                art.title.clone(),
                urls.link(&route::article(&art.slug)),
                art.date.map(|d| d.human()).unwrap_or_else(|| "Undated".into()),
                art.source.clone().unwrap_or_default(),
                art.summary.as_deref().unwrap_or("").chars().take(240).collect(),
            ]
        })
        .collect();
    let mut out = Vec::with_capacity(shards.len() + docs.len() / DOCS_PER_SHARD + 2);
    let meta = Meta {
        version: 1,
        docs: docs.len(),
        docs_per_shard: DOCS_PER_SHARD,
        shards: shards.iter().map(|(k, _)| k.clone()).collect(),
    };
    out.push(("search/meta.json".to_string(), json(&meta)));
    for (n, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        out.push((format!("search/docs-{n}.json"), json(chunk)));
    }
    for (key, mut body) in shards {
        body.push('}');
        out.push((format!("search/terms-{key}.json"), body.into_bytes()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_terms_are_distinct_and_sorted() {
        assert_eq!(article_terms(&["Kim meets Putin", "Putin and Kim"]), "kim meets putin");
    }

    #[test]
    fn terms_are_lowercase_ascii_without_stop_words() {
        let t: Vec<String> = terms("The Security Council's vote on Türk and Kim Jong-un").collect();
        assert_eq!(t, ["security", "council", "vote", "turk", "kim", "jong", "un"]);
    }
}
