//! The search index: small JSON files the browser fetches on demand.
//!
//! Terms live in shards keyed by their first two letters, and documents in shards of
//! [`DOCS_PER_SHARD`], so a query downloads a few kilobytes whatever the archive's size.
//! Indexed: title, summary, people, source, topics and the opening of the body.
//!
//! Document ids count from the oldest article (the archive's order, reversed), so a new
//! article takes the next id and leaves every other id, and the shards that hold them, as
//! they were: an incremental build rewrites only the shards the new article's terms touch.

use crate::archive::Archive;
use crate::render::urls::{Urls, route};
use rayon::prelude::*;
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

/// An article's distinct terms, sorted and joined by spaces: what the index stores for it.
pub fn article_terms(fields: &[&str]) -> String {
    let mut all: Vec<String> = fields.iter().flat_map(|f| terms(f)).collect();
    all.sort_unstable();
    all.dedup();
    all.join(" ")
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    docs_per_shard: usize,
    shards: &'a [String],
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Meta,
    /// Documents `n * DOCS_PER_SHARD ..`.
    Docs(usize),
    /// Terms starting with this key.
    Terms(String),
}

/// The index's files with a fingerprint each. Rendering a file is cheap once planned, so an
/// incremental build renders only the files whose fingerprint changed.
pub struct Plan {
    pub files: Vec<(String, u64, Part)>,
    keys: Vec<String>,
    /// Each term shard's (id, term) pairs in id order, by key, packed as bytes: the id (4,
    /// little-endian), the term, a 0. Hashed in one call and unpacked only when rendered.
    shards: HashMap<[u8; 2], Vec<u8>>,
}

/// Document ids run from the oldest article: id `k` is `articles[len - 1 - k]`.
fn by_id(a: &Archive) -> impl DoubleEndedIterator<Item = &crate::model::Article> + ExactSizeIterator {
    a.articles.iter().rev().map(|art| &**art)
}

/// A term's shard key as bytes (terms are ASCII letters and digits, two or more long).
fn key_bytes(term: &str) -> [u8; 2] {
    let b = term.as_bytes();
    [b[0], b.get(1).copied().unwrap_or(0)]
}

fn key_text(k: [u8; 2]) -> String {
    String::from_utf8_lossy(if k[1] == 0 { &k[..1] } else { &k }).into_owned()
}

pub fn plan(a: &Archive, global: u64) -> Plan {
    // One pass over every (id, term), into per-shard byte lists: a lookup by two bytes and an
    // append, no map of terms. A shard's fingerprint hashes its list, so equal fingerprints
    // mean equal files.
    // Fixed chunks of ids in parallel, joined in id order: the same lists however many
    // threads run.
    let arts: Vec<&crate::model::Article> = by_id(a).collect();
    let parts: Vec<Vec<([u8; 2], Vec<u8>)>> = arts
        .par_chunks(2048)
        .enumerate()
        .map(|(c, chunk)| {
            let mut slot = vec![u32::MAX; 1 << 16];
            let mut lists: Vec<([u8; 2], Vec<u8>)> = Vec::new();
            for (n, art) in chunk.iter().enumerate() {
                let id = (c * 2048 + n) as u32;
                for t in art.search_terms.split(' ').filter(|t| !t.is_empty()) {
                    let k = key_bytes(t);
                    let ix = &mut slot[usize::from(u16::from_le_bytes(k))];
                    if *ix == u32::MAX {
                        *ix = lists.len() as u32;
                        lists.push((k, Vec::new()));
                    }
                    let list = &mut lists[*ix as usize].1;
                    list.extend_from_slice(&id.to_le_bytes());
                    list.extend_from_slice(t.as_bytes());
                    list.push(0);
                }
            }
            lists
        })
        .collect();
    let mut joined: HashMap<[u8; 2], Vec<u8>> = HashMap::new();
    for part in parts {
        for (k, bytes) in part {
            joined.entry(k).or_default().extend_from_slice(&bytes);
        }
    }
    let mut lists: Vec<([u8; 2], Vec<u8>)> = joined.into_iter().collect();
    lists.sort_unstable_by_key(|(k, _)| *k);
    let keys: Vec<String> = lists.iter().map(|(k, _)| key_text(*k)).collect();

    let mut files = Vec::with_capacity(lists.len() + a.articles.len() / DOCS_PER_SHARD + 2);
    let mut meta = blake3::Hasher::new();
    meta.update(&global.to_le_bytes());
    meta.update(&(a.articles.len() as u64).to_le_bytes());
    for k in &keys {
        meta.update(k.as_bytes());
        meta.update(b" ");
    }
    files.push(("search/meta.json".to_string(), fingerprint(meta), Part::Meta));
    for (n, chunk) in arts.chunks(DOCS_PER_SHARD).enumerate() {
        let mut h = blake3::Hasher::new();
        h.update(&global.to_le_bytes());
        for art in chunk {
            h.update(&art.rev.to_le_bytes());
        }
        files.push((format!("search/docs-{n}.json"), fingerprint(h), Part::Docs(n)));
    }
    for (key, (_, list)) in keys.iter().zip(&lists) {
        let mut h = blake3::Hasher::new();
        h.update(&global.to_le_bytes());
        h.update(list);
        files.push((
            format!("search/terms-{key}.json"),
            fingerprint(h),
            Part::Terms(key.clone()),
        ));
    }
    Plan {
        files,
        keys,
        shards: lists.into_iter().collect(),
    }
}

fn fingerprint(h: blake3::Hasher) -> u64 {
    u64::from_le_bytes(h.finalize().as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The bytes of one index file.
pub fn render(a: &Archive, urls: &Urls, plan: &Plan, part: &Part) -> Vec<u8> {
    match part {
        Part::Meta => json(&Meta {
            version: 1,
            docs: a.articles.len(),
            docs_per_shard: DOCS_PER_SHARD,
            shards: &plan.keys,
        }),
        Part::Docs(n) => {
            let docs: Vec<[String; 5]> = by_id(a)
                .skip(n * DOCS_PER_SHARD)
                .take(DOCS_PER_SHARD)
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
            json(&docs)
        }
        Part::Terms(k) => {
            let packed = plan.shards.get(&key_bytes(k)).map_or(&[][..], Vec::as_slice);
            let mut list: Vec<(&str, u32)> = Vec::new();
            let mut rest = packed;
            while rest.len() > 4 {
                let id = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
                let end = rest[4..].iter().position(|&b| b == 0).map_or(rest.len(), |e| e + 4);
                list.push((std::str::from_utf8(&rest[4..end]).unwrap_or_default(), id));
                rest = &rest[(end + 1).min(rest.len())..];
            }
            // By term, and by id within a term (the list is in id order; the sort is stable).
            list.sort_by(|x, y| x.0.cmp(y.0));
            let mut buf = String::from("{");
            let mut last: Option<&str> = None;
            for (term, id) in list {
                if last == Some(term) {
                    buf.push(',');
                } else {
                    if last.is_some() {
                        buf.push_str("],");
                    }
                    // Terms are [a-z0-9] only: nothing to escape.
                    buf.push('"');
                    buf.push_str(term);
                    buf.push_str("\":[");
                    last = Some(term);
                }
                buf.push_str(&id.to_string());
            }
            if last.is_some() {
                buf.push(']');
            }
            buf.push('}');
            buf.into_bytes()
        }
    }
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

    fn archive(titles: &[(&str, &str)]) -> Archive {
        let config = crate::config::Config::parse(
            "title='t'\ndescription='d'\nbase_url='https://x.org/'\n[[topics]]\nslug='t'\nname='T'\ndescription='d'\n",
        )
        .unwrap();
        let articles = titles
            .iter()
            .map(|(title, date)| crate::model::Article {
                id: title.to_string(),
                file: title.into(),
                index: 0,
                kind: crate::model::SourceKind::Curated,
                slug: crate::slug::Slug::from_text(title, "x"),
                slug_explicit: false,
                title: title.to_string(),
                date: Some(date.parse().unwrap()),
                source: None,
                url: None,
                byline: None,
                topics: Vec::new(),
                people: Vec::new(),
                summary: None,
                draft: false,
                words: 1,
                search_terms: article_terms(&[title]),
                rev: crate::build::hash64(&[title.as_bytes()]),
            })
            .map(std::sync::Arc::new)
            .collect();
        Archive::new(articles, &config)
    }

    fn fingerprints(a: &Archive) -> HashMap<String, u64> {
        plan(a, 7).files.into_iter().map(|(f, fp, _)| (f, fp)).collect()
    }

    #[test]
    fn a_new_article_changes_only_the_shards_it_touches() {
        let old = [
            ("Kim meets Putin", "2024-01-02"),
            ("Sanctions panel ends", "2024-03-04"),
        ];
        let before = fingerprints(&archive(&old));
        let mut new = old.to_vec();
        new.push(("Putin visits Pyongyang", "2024-06-19"));
        let after = archive(&new);
        let changed: std::collections::BTreeSet<String> = fingerprints(&after)
            .into_iter()
            .filter(|(f, fp)| before.get(f) != Some(fp))
            .map(|(f, _)| f)
            .collect();
        // "putin" gains an id, "visits" and "pyongyang" are new; "kim", "sanctions" … are not.
        assert_eq!(
            changed.iter().map(String::as_str).collect::<Vec<_>>(),
            [
                "search/docs-0.json",
                "search/meta.json",
                "search/terms-pu.json",
                "search/terms-py.json",
                "search/terms-vi.json"
            ]
        );
        // The newest article has the largest id, and the rendered shard says so.
        let p = plan(&after, 7);
        let files: Vec<Vec<u8>> = p
            .files
            .iter()
            .map(|(_, _, part)| render(&after, &Urls::new("https://x.org/"), &p, part))
            .collect();
        let pu = p
            .files
            .iter()
            .position(|(f, _, _)| f == "search/terms-pu.json")
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&files[pu]), r#"{"putin":[0,2]}"#);
        let docs = String::from_utf8_lossy(&files[1]).into_owned();
        assert!(docs.find("Kim meets Putin").unwrap() < docs.find("Putin visits Pyongyang").unwrap());
    }
}
