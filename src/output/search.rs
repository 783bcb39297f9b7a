//! The search index: small JSON files the browser fetches on demand.
//!
//! Terms live in shards keyed by their first two bytes, and documents in shards of
//! [`DOCS_PER_SHARD`], so a query downloads a few kilobytes whatever the archive's size.
//! Indexed: every word of title, summary, body, people, source and topics (see
//! [`crate::terms`]), and each article's topics, year and source as filter terms. For
//! excerpts and phrases the browser reads the article's own page, for the results shown only:
//! a file of text per article cost a clean build a third more CPU (docs/benchmarks.md).
//!
//! Document ids count from the oldest article (the archive's order, reversed), so a new
//! article takes the next id and leaves every other id as it was. Each term shard comes in
//! two parts: `recent-XY.json` for the ids from the last multiple of [`RECENT`] below the
//! count on, and `terms-XY.json` for the settled ids before them. A new article then rewrites
//! only small recent shards (a few kilobytes, not the megabyte its terms' whole lists take),
//! and the settled shards change once in [`RECENT`] articles, when the count crosses a
//! multiple of it. Which part holds an id depends only on the count, so a clean build and an
//! incremental one make the same files.

use crate::archive::Archive;
use crate::render::urls::{Urls, route};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Small, so that a query whose few results lie far apart loads little for each.
pub const DOCS_PER_SHARD: usize = 50;

/// Ids from the last multiple of this below the count on are in the recent shards.
pub const RECENT: usize = 1024;

/// The first id of the recent part of an index of `docs` documents.
fn split_of(docs: usize) -> u32 {
    (docs - docs % RECENT) as u32
}

/// A term shard: up to three bytes of the term (see [`key_of`]; 0 for none) and its part
/// (0 settled, 1 recent).
pub type ShardKey = [u8; 4];

/// Sets of keys (they are few thousand).
type KeySet = foldhash::HashSet<ShardKey>;

/// The shard of `term` for document `id`: its first three bytes (its two, when it has two);
/// a filter term's ([`crate::terms::FACET`]) by its first and last bytes, so that the values
/// of one filter spread over shards. Three bytes, not two: with every word of every body
/// indexed, the shard of "co" held 625 kB at 10,000 articles. (The browser's script keys
/// terms the same way.)
fn key_of(term: &str, id: u32, split: u32) -> ShardKey {
    let b = term.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let part = u8::from(id >= split);
    match b.first() {
        Some(&c) if c == crate::terms::FACET as u8 => [c, b[b.len() - 1], 0, part],
        _ => [at(0), at(1), at(2), part],
    }
}

/// JSON that no reader can take for markup (see [`crate::text::json_for_html`]): the index
/// holds scraped text.
fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    crate::text::json_for_html(value).into_bytes()
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    /// Changes whenever any other file of the index does: the script asks for each file with
    /// it (`docs-0.json?v=…`), so a browser never mixes a cached old file with new ones.
    generation: String,
    docs: usize,
    docs_per_shard: usize,
    /// Keys of the settled shards (`terms-XY.json`).
    shards: &'a [String],
    /// Keys of the recent shards (`recent-XY.json`).
    recent: &'a [String],
    /// What the search page's filters offer.
    filters: Filters,
}

/// The filters' options: topics (slug, name) in the configuration's order, years newest
/// first, sources (slug, name) by name.
#[derive(Serialize)]
struct Filters {
    topics: Vec<(String, String)>,
    years: Vec<i16>,
    sources: Vec<(String, String)>,
}

fn filters(a: &Archive) -> Filters {
    let named = |f: &[crate::archive::Facet]| -> Vec<(String, String)> {
        f.iter()
            .filter(|t| !t.items.is_empty())
            .map(|t| (t.slug.to_string(), t.name.clone()))
            .collect()
    };
    let mut sources = named(&a.sources);
    sources.sort_by(|x, y| x.1.to_lowercase().cmp(&y.1.to_lowercase()).then_with(|| x.cmp(y)));
    Filters {
        topics: named(&a.topics),
        years: a.years.keys().rev().copied().collect(),
        sources,
    }
}

/// The pairs of a term shard, by key, as a build cache kept them for the shard with this
/// fingerprint; `None` when it has not.
pub type StoredShards<'a> = dyn Fn(ShardKey, u64) -> Option<&'a [u8]> + Sync + 'a;

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Meta,
    /// Documents `n * DOCS_PER_SHARD ..`.
    Docs(usize),
    /// Terms starting with the key's two bytes, in its part.
    Terms(ShardKey),
}

/// The index's files with a fingerprint each. Rendering a file is cheap once planned, so an
/// incremental build renders only the files whose fingerprint changed; and a plan can be
/// carried to the next build (`serve` does), which then only adds the new articles' terms.
pub struct Plan {
    global: u64,
    /// Each article's `rev`, by id: tells the next build which ids kept their article (for
    /// the docs shards, which show its title, date, source and summary).
    revs: Vec<u64>,
    /// A hash of each article's terms, by id: tells the next build which ids kept their terms
    /// (for the term shards: an edit that leaves an article's place and terms as they were,
    /// such as a corrected byline or a word repeated in its body, changes no term shard).
    terms: Vec<u64>,
    shards: BTreeMap<ShardKey, Shard>,
    docs: Vec<u64>,
    meta: u64,
    /// A hash of every article's revision and search terms: what the other files are made of.
    generation: u64,
    /// The settled and the recent shards' keys, as text.
    keys: [Vec<String>; 2],
}

/// One term shard: its (id, term) pairs in id order, packed as bytes (the id, 4 bytes
/// little-endian, the term, a 0), where each pair starts, and the shard's fingerprint. Hashed
/// in one call, unpacked only when rendered, and cut at any id when articles change.
///
/// A plan made from a [`Summary`] knows only the fingerprint and largest id of the shards
/// no changed article touches (`packed` empty, `known` false): they are not rendered.
struct Shard {
    packed: Vec<u8>,
    starts: Vec<u32>,
    fp: u64,
    max_id: u32,
    known: bool,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard {
            packed: Vec::new(),
            starts: Vec::new(),
            fp: 0,
            max_id: 0,
            known: true,
        }
    }
}

/// What the next one-shot build needs of a plan to plan again without reading every
/// article's terms: each article's `rev` by id, and each shard's fingerprint and largest id.
/// Saved in the build cache (a few bytes per article).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    global: u64,
    revs: Vec<u64>,
    terms: Vec<u64>,
    shards: Vec<(ShardKey, u64, u32)>,
    docs: Vec<u64>,
}

impl Shard {
    fn id_at(&self, start: u32) -> u32 {
        let s = start as usize;
        u32::from_le_bytes(self.packed[s..s + 4].try_into().expect("4 bytes"))
    }

    /// Drops the pairs of ids `from..`; true if there were any.
    fn cut(&mut self, from: u32) -> bool {
        let keep = self.starts.partition_point(|&s| self.id_at(s) < from);
        if keep == self.starts.len() {
            return false;
        }
        self.packed.truncate(self.starts[keep] as usize);
        self.starts.truncate(keep);
        true
    }

    /// A shard of these pairs (as [`Plan::stored_shards`] gives them).
    fn of_packed(packed: &[u8]) -> Shard {
        let mut starts = Vec::with_capacity(packed.len() / 12);
        let mut at = 0;
        while at + 4 < packed.len() {
            starts.push(at as u32);
            at = memchr::memchr(0, &packed[at + 4..]).map_or(packed.len(), |e| at + 4 + e + 1);
        }
        Shard {
            packed: packed.to_vec(),
            starts,
            ..Shard::default()
        }
    }

    fn append(&mut self, packed: &[u8], starts: &[u32]) {
        let base = self.packed.len() as u32;
        self.packed.extend_from_slice(packed);
        self.starts.extend(starts.iter().map(|s| s + base));
    }

    /// Fingerprint and largest id, after its pairs changed.
    fn seal(&mut self, global: u64) {
        self.fp = hash(global, &[&self.packed]);
        self.max_id = self.starts.last().map_or(0, |&s| self.id_at(s));
    }
}

/// A hash of each article's terms (see [`Plan::terms`]), in parallel.
fn term_hashes(arts: &[&crate::model::Article]) -> Vec<u64> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0);
    arts.par_iter()
        .map(|art| state.hash_one(art.search_terms.as_str()))
        .collect()
}

/// The length of the longest common prefix of two lists.
fn common_prefix(a: &[u64], b: &[u64]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The articles by id, with each one's `rev` and terms hash (see [`Plan`]).
fn by_id_with_hashes(a: &Archive) -> (Vec<&crate::model::Article>, Vec<u64>, Vec<u64>) {
    let arts: Vec<&crate::model::Article> = by_id(a).collect();
    let revs = arts.iter().map(|art| art.rev).collect();
    let terms = term_hashes(&arts);
    (arts, revs, terms)
}

/// Document ids run from the oldest article: id `k` is `articles[len - 1 - k]`.
fn by_id(a: &Archive) -> impl DoubleEndedIterator<Item = &crate::model::Article> + ExactSizeIterator {
    a.articles.iter().rev().map(|art| &**art)
}

/// A key as it is written in file names: its bytes when they are ASCII letters, digits or
/// `_`, else `x` and their hex (a term in Hangul or Cyrillic).
fn key_text(k: ShardKey) -> String {
    let bytes: &[u8] = if k[2] == 0 { &k[..2] } else { &k[..3] };
    if bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_') {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        bytes.iter().fold("x".to_string(), |s, b| s + &format!("{b:02x}"))
    }
}

fn hash(global: u64, parts: &[&[u8]]) -> u64 {
    let global = global.to_le_bytes();
    let mut all = vec![&global[..]];
    all.extend_from_slice(parts);
    crate::hash::hash64(&all)
}

/// The term shards of articles `first_id..` (given in id order), by key; only the keys
/// `wanted` holds, when given.
fn pack(
    arts: &[&crate::model::Article],
    first_id: usize,
    split: u32,
    wanted: Option<&KeySet>,
) -> BTreeMap<ShardKey, Shard> {
    // Fixed chunks of ids in parallel, joined in id order: the same lists however many
    // threads run. Per chunk, a lookup by key and an append per term; no map of terms.
    let parts: Vec<Vec<(ShardKey, Shard)>> = arts
        .par_chunks(2048)
        .enumerate()
        .map(|(c, chunk)| {
            // Where each key's list is; ids rise, so the part changes at most once a chunk.
            let mut slot: foldhash::HashMap<ShardKey, u32> = foldhash::HashMap::default();
            let mut lists: Vec<(ShardKey, Shard)> = Vec::new();
            for (n, art) in chunk.iter().enumerate() {
                let id = (first_id + c * 2048 + n) as u32;
                if id == split && n > 0 {
                    slot.clear();
                }
                for t in art.search_terms.split(' ').filter(|t| !t.is_empty()) {
                    let k = key_of(t, id, split);
                    if wanted.is_some_and(|w| !w.contains(&k)) {
                        continue;
                    }
                    let ix = *slot.entry(k).or_insert_with(|| {
                        lists.push((k, Shard::default()));
                        lists.len() as u32 - 1
                    });
                    let shard = &mut lists[ix as usize].1;
                    shard.starts.push(shard.packed.len() as u32);
                    shard.packed.extend_from_slice(&id.to_le_bytes());
                    shard.packed.extend_from_slice(t.as_bytes());
                    shard.packed.push(0);
                }
            }
            lists
        })
        .collect();
    let mut joined: BTreeMap<ShardKey, Shard> = BTreeMap::new();
    for part in parts {
        for (k, shard) in part {
            joined.entry(k).or_default().append(&shard.packed, &shard.starts);
        }
    }
    joined
}

impl Plan {
    /// Plans the index of `a`. With the plan of the last build, the ids whose article did not
    /// change up to the first that did are kept as they are: only the pairs from that id on
    /// are made again, and only the shards they touch are hashed again. A new article that is
    /// the newest, the usual case, costs its own terms; one from long ago costs about as much
    /// as a fresh plan.
    pub fn new(a: &Archive, global: u64, last: Option<Plan>) -> Plan {
        let (arts, revs, terms) = by_id_with_hashes(a);
        let split = split_of(revs.len());
        let mut plan = match last {
            // (A plan made from a summary lacks the pairs of some shards: not a base. One
            // split elsewhere has its ids in other shards.)
            Some(p) if p.global == global && p.complete() && split_of(p.revs.len()) == split => p,
            _ => Plan {
                global,
                revs: Vec::new(),
                terms: Vec::new(),
                shards: BTreeMap::new(),
                docs: Vec::new(),
                meta: 0,
                generation: 0,
                keys: Default::default(),
            },
        };
        // The docs shards from the first id whose article changed; the term shards from the
        // first whose terms did.
        let same = common_prefix(&plan.revs, &revs);
        let same_terms = common_prefix(&plan.terms, &terms);
        let mut touched: std::collections::BTreeSet<ShardKey> = std::collections::BTreeSet::new();
        for (k, shard) in plan.shards.iter_mut() {
            if shard.cut(same_terms as u32) {
                touched.insert(*k);
            }
        }
        for (k, fresh) in pack(&arts[same_terms..], same_terms, split, None) {
            plan.shards.entry(k).or_default().append(&fresh.packed, &fresh.starts);
            touched.insert(k);
        }
        plan.shards.retain(|_, s| !s.packed.is_empty());
        for k in touched {
            if let Some(shard) = plan.shards.get_mut(&k) {
                shard.seal(global);
            }
        }
        plan.finish(revs, terms, same);
        plan
    }

    /// Plans the index of `a` from the summary of the last build's plan: the shards that
    /// an article from the first changed id on touches (now, or in the last build) are made
    /// again; the others keep their fingerprint and are not rendered. For `build`, which does
    /// not keep a plan in memory as `serve` does.
    ///
    /// A shard to make again starts from its pairs as `stored` gives them (the build cache
    /// keeps them, with their fingerprint), cut at the first changed id, and takes the pairs
    /// of the articles from there on; without them, it is made from every article's terms.
    pub fn from_summary(a: &Archive, global: u64, last: Summary, stored: &StoredShards) -> Plan {
        let split = split_of(a.articles.len());
        if last.global != global || split_of(last.revs.len()) != split {
            return Plan::new(a, global, None);
        }
        let (arts, revs, terms) = by_id_with_hashes(a);
        let same = common_prefix(&last.revs, &revs);
        // (Term shards from the first id whose terms changed, as in `new`.)
        let same_terms = common_prefix(&last.terms, &terms);
        let mut wanted = KeySet::default();
        for (k, _, max_id) in &last.shards {
            if *max_id as usize >= same_terms {
                wanted.insert(*k);
            }
        }
        for (id, art) in arts.iter().enumerate().skip(same_terms) {
            for t in art.search_terms.split(' ').filter(|t| !t.is_empty()) {
                wanted.insert(key_of(t, id as u32, split));
            }
        }
        // Wanted shards found in `stored` (with the fingerprint the summary has for them),
        // cut at `same_terms`; and the others wanted made from every article. A key the last
        // plan had no shard for has no pairs before `same_terms` (those articles' terms are as
        // they were), so it starts empty.
        let mut shards: BTreeMap<ShardKey, Shard> = BTreeMap::new();
        let mut to_scan = wanted.clone();
        let mut from_stored = KeySet::default();
        let mut known = KeySet::default();
        for (k, fp, _) in &last.shards {
            known.insert(*k);
            if wanted.contains(k)
                && let Some(packed) = stored(*k, *fp)
            {
                let mut shard = Shard::of_packed(packed);
                shard.cut(same_terms as u32);
                shards.insert(*k, shard);
                from_stored.insert(*k);
                to_scan.remove(k);
            }
        }
        to_scan.retain(|k| {
            let new = !known.contains(k);
            if new {
                from_stored.insert(*k);
            }
            !new
        });
        if !to_scan.is_empty() {
            shards.extend(pack(&arts, 0, split, Some(&to_scan)));
        }
        for (k, fresh) in pack(&arts[same_terms..], same_terms, split, Some(&from_stored)) {
            shards.entry(k).or_default().append(&fresh.packed, &fresh.starts);
        }
        shards.retain(|_, s| !s.packed.is_empty());
        for shard in shards.values_mut() {
            shard.seal(global);
        }
        for (k, fp, max_id) in last.shards {
            if !wanted.contains(&k) {
                shards.insert(
                    k,
                    Shard {
                        fp,
                        max_id,
                        known: false,
                        ..Shard::default()
                    },
                );
            }
        }
        let mut plan = Plan {
            global,
            revs: Vec::new(),
            terms: Vec::new(),
            shards,
            docs: last.docs,
            meta: 0,
            generation: 0,
            keys: Default::default(),
        };
        plan.finish(revs, terms, same);
        plan
    }

    /// Each term shard's key and fingerprint, with its pairs when this plan has them (see
    /// [`Plan::from_summary`]): what a build cache keeps for the next build's plan.
    pub fn stored_shards(&self) -> impl Iterator<Item = (ShardKey, u64, Option<&[u8]>)> {
        self.shards
            .iter()
            .map(|(k, s)| (*k, s.fp, s.known.then_some(s.packed.as_slice())))
    }

    /// Whether every shard's pairs are at hand (see [`Plan::from_summary`]).
    pub fn complete(&self) -> bool {
        self.shards.values().all(|s| s.known)
    }

    /// Whether `part` can be rendered from this plan.
    pub fn can_render(&self, part: &Part) -> bool {
        match part {
            Part::Terms(k) => self.shards.get(k).is_none_or(|s| s.known),
            Part::Meta | Part::Docs(_) => true,
        }
    }

    pub fn summary(&self) -> Summary {
        Summary {
            global: self.global,
            revs: self.revs.clone(),
            terms: self.terms.clone(),
            shards: self.shards.iter().map(|(k, s)| (*k, s.fp, s.max_id)).collect(),
            docs: self.docs.clone(),
        }
    }

    /// Docs shards, the list of keys and the meta file, once the term shards are planned.
    fn finish(&mut self, revs: Vec<u64>, terms: Vec<u64>, same: usize) {
        let global = self.global;
        // Docs shards from the first one whose articles changed.
        self.docs.truncate(same / DOCS_PER_SHARD);
        for chunk in revs.chunks(DOCS_PER_SHARD).skip(self.docs.len()) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|r| r.to_le_bytes()).collect();
            self.docs.push(hash(global, &[&bytes]));
        }
        let [settled, recent] = &mut self.keys;
        settled.clear();
        recent.clear();
        for k in self.shards.keys() {
            if k[3] == 0 { &mut *settled } else { &mut *recent }.push(key_text(*k));
        }
        // From what the files are made of, not from their fingerprints, which also change
        // with the build's executable: the same archive names the same generation.
        let revs_bytes: Vec<u8> = revs.iter().flat_map(|r| r.to_le_bytes()).collect();
        let terms_bytes: Vec<u8> = terms.iter().flat_map(|t| t.to_le_bytes()).collect();
        self.generation = crate::hash::hash64(&[&revs_bytes, b"/", &terms_bytes]);
        self.meta = hash(
            global,
            &[
                &(revs.len() as u64).to_le_bytes(),
                settled.join(" ").as_bytes(),
                b"/",
                recent.join(" ").as_bytes(),
                &self.generation.to_le_bytes(),
            ],
        );
        self.revs = revs;
        self.terms = terms;
    }

    /// Every file of the index: its path, fingerprint and part.
    pub fn files(&self) -> Vec<(String, u64, Part)> {
        let mut files = Vec::with_capacity(self.shards.len() + self.docs.len() + 1);
        files.push(("search/meta.json".to_string(), self.meta, Part::Meta));
        for (n, fp) in self.docs.iter().enumerate() {
            files.push((format!("search/docs-{n}.json"), *fp, Part::Docs(n)));
        }
        for (key, shard) in &self.shards {
            let name = if key[3] == 0 { "terms" } else { "recent" };
            files.push((
                format!("search/{name}-{}.json", key_text(*key)),
                shard.fp,
                Part::Terms(*key),
            ));
        }
        files
    }
}

/// The bytes of one index file.
pub fn render(a: &Archive, urls: &Urls, plan: &Plan, part: &Part) -> Vec<u8> {
    match part {
        Part::Meta => json(&Meta {
            version: 5,
            generation: format!("{:016x}", plan.generation),
            docs: a.articles.len(),
            docs_per_shard: DOCS_PER_SHARD,
            shards: &plan.keys[0],
            recent: &plan.keys[1],
            filters: filters(a),
        }),
        Part::Docs(n) => {
            // Title, link, date, source.
            let docs: Vec<[String; 4]> = by_id(a)
                .skip(n * DOCS_PER_SHARD)
                .take(DOCS_PER_SHARD)
                .map(|art| {
                    [
                        art.title.clone(),
                        urls.link(&route::article(&art.slug)),
                        art.date.map(|d| d.human()).unwrap_or_else(|| "Undated".into()),
                        art.source.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            json(&docs)
        }
        Part::Terms(k) => {
            let packed = plan.shards.get(k).map_or(&[][..], |s| s.packed.as_slice());
            // Grouped by term with a map, then only the distinct terms sorted: sorting every
            // (term, id) pair by its text was the costliest part of an incremental build's
            // index. The pairs are in id order, so each term's ids come out in order too.
            let mut index: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
            let mut groups: Vec<(&str, Vec<u32>)> = Vec::new();
            let mut rest = packed;
            while rest.len() > 4 {
                let id = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
                let end = rest[4..].iter().position(|&b| b == 0).map_or(rest.len(), |e| e + 4);
                let term = std::str::from_utf8(&rest[4..end]).unwrap_or_default();
                let g = *index.entry(term).or_insert_with(|| {
                    groups.push((term, Vec::new()));
                    groups.len() - 1
                });
                groups[g].1.push(id);
                rest = &rest[(end + 1).min(rest.len())..];
            }
            groups.sort_unstable_by(|x, y| x.0.cmp(y.0));
            let mut buf = Vec::with_capacity(packed.len());
            buf.push(b'{');
            for (n, (term, ids)) in groups.iter().enumerate() {
                if n > 0 {
                    buf.push(b',');
                }
                // Terms are letters, digits and `_`, `-`: nothing to escape.
                buf.push(b'"');
                buf.extend_from_slice(term.as_bytes());
                buf.extend_from_slice(b"\":[");
                // The first id, then each one's distance from the one before (ids rise): a
                // common word's list is then mostly ones and twos.
                let mut prev = 0;
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        buf.push(b',');
                    }
                    push_decimal(&mut buf, *id - prev);
                    prev = *id;
                }
                buf.push(b']');
            }
            buf.push(b'}');
            buf
        }
    }
}

/// Appends `n` in decimal (`write!` through `fmt` was a visible share of rendering a shard).
fn push_decimal(buf: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::article_terms;

    fn archive(titles: &[(&str, &str)]) -> Archive {
        let config = crate::config::Config::parse(
            "title='t'\ndescription='d'\nbase_url='https://x.org/'\n[[topics]]\nslug='t'\nname='T'\ndescription='d'\n",
        )
        .unwrap();
        let articles = titles
            .iter()
            .map(|(title, date)| crate::model::Article {
                date: Some(date.parse().unwrap()),
                search_terms: article_terms(&[title]),
                rev: crate::hash::hash64(&[title.as_bytes()]),
                ..crate::model::Article::bare(title)
            })
            .map(std::sync::Arc::new)
            .collect();
        Archive::new(articles, &config)
    }

    fn fingerprints(a: &Archive) -> BTreeMap<String, u64> {
        Plan::new(a, 7, None)
            .files()
            .into_iter()
            .map(|(f, fp, _)| (f, fp))
            .collect()
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
                "search/recent-put.json",
                "search/recent-pyo.json",
                "search/recent-vis.json"
            ]
        );
        // The newest article has the largest id, and the rendered shard says so.
        let p = Plan::new(&after, 7, None);
        let listed = p.files();
        let files: Vec<Vec<u8>> = listed
            .iter()
            .map(|(_, _, part)| render(&after, &Urls::new("https://x.org/"), &p, part))
            .collect();
        let pu = listed
            .iter()
            .position(|(f, _, _)| f == "search/recent-put.json")
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&files[pu]), r#"{"putin":[0,2]}"#);
        let docs = String::from_utf8_lossy(&files[1]).into_owned();
        assert!(docs.find("Kim meets Putin").unwrap() < docs.find("Putin visits Pyongyang").unwrap());
        // Carried over from the last build's plan, the same files and bytes.
        let carried = Plan::new(&after, 7, Some(Plan::new(&archive(&old), 7, None)));
        assert_eq!(carried.files(), listed);
        for (_, _, part) in &listed {
            let urls = Urls::new("https://x.org/");
            assert_eq!(render(&after, &urls, &carried, part), render(&after, &urls, &p, part));
        }
        // A changed, removed or inserted article: planned again from its id on, with the same
        // files and bytes as a plan made afresh.
        let urls = Urls::new("https://x.org/");
        let variants: Vec<Vec<(&str, &str)>> = vec![
            vec![new[0], ("Sanctions panel renewed", "2024-03-04"), new[2]],
            vec![new[0], new[1]],
            vec![new[0], ("Lavrov in Pyongyang", "2024-02-01"), new[1], new[2]],
            vec![("Zhang meets Kim", "2023-05-05"), new[0], new[1], new[2]],
            vec![new[0], new[1], new[2], ("Kim visits Vladivostok", "2024-09-01")],
        ];
        let mut partial = 0;
        for v in variants {
            let a = archive(&v);
            let fresh = Plan::new(&a, 7, None);
            let from_last = Plan::new(&a, 7, Some(Plan::new(&after, 7, None)));
            assert_eq!(from_last.files(), fresh.files(), "{v:?}");
            // From the last plan's summary (as `build` does): the same fingerprints; every
            // shard it cannot render kept its fingerprint, so an incremental build skips it.
            let last = Plan::new(&after, 7, None);
            let last_fps: BTreeMap<String, u64> = last.files().into_iter().map(|(f, fp, _)| (f, fp)).collect();
            // With the last plan's shards stored (a build cache), and without.
            let kept: BTreeMap<(ShardKey, u64), Vec<u8>> = last
                .stored_shards()
                .map(|(k, fp, packed)| ((k, fp), packed.unwrap().to_vec()))
                .collect();
            let stored = |k: ShardKey, fp: u64| kept.get(&(k, fp)).map(Vec::as_slice);
            let none = |_: ShardKey, _: u64| None;
            let ways: [&StoredShards; 2] = [&stored, &none];
            for stored in ways {
                let from_summary = Plan::from_summary(&a, 7, last.summary(), stored);
                assert_eq!(from_summary.files(), fresh.files(), "{v:?}");
                for (file, fp, part) in from_summary.files() {
                    if from_summary.can_render(&part) {
                        assert_eq!(
                            render(&a, &urls, &from_summary, &part),
                            render(&a, &urls, &fresh, &part),
                            "{v:?}"
                        );
                    } else {
                        assert_eq!(last_fps.get(&file), Some(&fp), "{v:?} {file}");
                    }
                }
                partial += usize::from(!from_summary.complete());
            }
            for (_, _, part) in fresh.files() {
                assert_eq!(
                    render(&a, &urls, &from_last, &part),
                    render(&a, &urls, &fresh, &part),
                    "{v:?}"
                );
            }
        }
        assert!(partial > 0, "a change late in the archive leaves earlier shards unread");
    }

    #[test]
    fn a_new_article_rewrites_recent_shards_only_until_the_count_crosses_a_multiple() {
        let urls = Urls::new("https://x.org/");
        let titles: Vec<(String, &str)> = (0..RECENT + 3)
            .map(|i| (format!("Report {i} on talks"), "2020-01-01"))
            .collect();
        let arch = |n: usize, newest: Option<&str>| {
            let mut t: Vec<(&str, &str)> = titles[..n].iter().map(|(t, d)| (t.as_str(), *d)).collect();
            t.extend(newest.map(|n| (n, "2024-01-01")));
            archive(&t)
        };
        let text = |a: &Archive, p: &Plan, name: &str| {
            let (_, _, part) = p.files().into_iter().find(|(f, _, _)| f == name).expect(name);
            String::from_utf8(render(a, &urls, p, &part)).unwrap()
        };
        // Ids 0..RECENT are settled, the two after them recent.
        let before = arch(RECENT + 2, None);
        let plan = Plan::new(&before, 7, None);
        let settled = text(&before, &plan, "search/terms-rep.json");
        let want = format!(r#"{{"report":[0{}]}}"#, ",1".repeat(RECENT - 1));
        assert_eq!(settled, want);
        assert_eq!(
            text(&before, &plan, "search/recent-rep.json"),
            format!(r#"{{"report":[{},1]}}"#, RECENT)
        );
        assert!(text(&before, &plan, "search/meta.json").contains(r#""recent":["#));
        // A new article: no settled shard changes.
        let after = arch(RECENT + 2, Some("Putin visits Pyongyang"));
        let fps = |p: &Plan| -> BTreeMap<String, u64> { p.files().into_iter().map(|(f, fp, _)| (f, fp)).collect() };
        let (old, new) = (fps(&plan), fps(&Plan::new(&after, 7, None)));
        let changed: Vec<&String> = new
            .iter()
            .filter(|(f, fp)| old.get(*f) != Some(*fp))
            .map(|(f, _)| f)
            .collect();
        assert!(changed.iter().all(|f| !f.starts_with("search/terms-")), "{changed:?}");
        assert!(changed.contains(&&"search/recent-put.json".to_string()), "{changed:?}");
        // Across a multiple either way (and within the recent part), a plan carried over or
        // made from the last one's summary has the files and bytes of a fresh plan.
        for (from, to) in [
            (RECENT + 2, RECENT - 1),
            (RECENT - 1, RECENT + 3),
            (RECENT + 1, RECENT + 3),
        ] {
            let (last, a) = (arch(from, None), arch(to, None));
            let (last, fresh) = (Plan::new(&last, 7, None), Plan::new(&a, 7, None));
            let carried = Plan::new(&a, 7, Some(Plan::new(&arch(from, None), 7, None)));
            let kept: BTreeMap<(ShardKey, u64), Vec<u8>> = last
                .stored_shards()
                .map(|(k, fp, p)| ((k, fp), p.unwrap().to_vec()))
                .collect();
            let stored = |k: ShardKey, fp: u64| kept.get(&(k, fp)).map(Vec::as_slice);
            let summarised = Plan::from_summary(&a, 7, last.summary(), &stored);
            assert_eq!(carried.files(), fresh.files(), "{from} -> {to}");
            assert_eq!(summarised.files(), fresh.files(), "{from} -> {to}");
            for (_, _, part) in fresh.files() {
                let want = render(&a, &urls, &fresh, &part);
                assert_eq!(render(&a, &urls, &carried, &part), want, "{from} -> {to}");
                if summarised.can_render(&part) {
                    assert_eq!(render(&a, &urls, &summarised, &part), want, "{from} -> {to}");
                }
            }
            let settled = fresh
                .files()
                .iter()
                .filter(|(f, _, _)| f.starts_with("search/terms-"))
                .count();
            assert_eq!(settled > 0, to >= RECENT, "{from} -> {to}");
        }
    }

    #[test]
    fn an_edit_that_keeps_an_articles_terms_changes_only_its_docs_shard() {
        let titles = [
            ("Kim meets Putin", "2024-01-02"),
            ("Sanctions panel ends", "2024-03-04"),
            ("Putin visits Pyongyang", "2024-06-19"),
        ];
        let before = archive(&titles);
        // The middle article edited: a new rev (its body, say), the same terms and place.
        let mut after = archive(&titles);
        let mut edited = (*after.articles[1]).clone();
        edited.rev ^= 1;
        after.articles[1] = std::sync::Arc::new(edited);
        let urls = Urls::new("https://x.org/");
        let last = Plan::new(&before, 7, None);
        let fresh = Plan::new(&after, 7, None);
        let fps = |p: &Plan| -> BTreeMap<String, u64> { p.files().into_iter().map(|(f, fp, _)| (f, fp)).collect() };
        let changed: Vec<String> = fps(&fresh)
            .into_iter()
            .filter(|(f, fp)| fps(&last).get(f) != Some(fp))
            .map(|(f, _)| f)
            .collect();
        // (And meta.json, which names the index's generation.)
        assert_eq!(changed, ["search/docs-0.json", "search/meta.json"]);
        // Carried over, and from the summary without any stored pairs: nothing to remake
        // but the docs shard, and the same files as a fresh plan.
        let carried = Plan::new(&after, 7, Some(Plan::new(&before, 7, None)));
        let none = |_: ShardKey, _: u64| None;
        let summarised = Plan::from_summary(&after, 7, last.summary(), &none);
        for p in [&carried, &summarised] {
            assert_eq!(p.files(), fresh.files());
        }
        for (_, _, part) in fresh.files() {
            assert_eq!(
                render(&after, &urls, &carried, &part),
                render(&after, &urls, &fresh, &part)
            );
            assert!(
                !matches!(part, Part::Terms(_)) || !summarised.can_render(&part),
                "{part:?} remade"
            );
        }
    }

    #[test]
    fn a_term_shard_lists_terms_in_order_each_with_its_ids_in_order() {
        let a = archive(&[
            ("Putin puts talks", "2024-01-01"),
            ("Putsch in Pyongyang", "2024-02-01"),
            ("Putin and the putsch", "2024-03-01"),
        ]);
        let p = Plan::new(&a, 7, None);
        let urls = Urls::new("https://x.org/");
        let shard = render(&a, &urls, &p, &Part::Terms(*b"put\x01"));
        // Each list: the first id, then the distance from the one before.
        assert_eq!(
            String::from_utf8(shard).unwrap(),
            r#"{"putin":[0,2],"puts":[0],"putsch":[1,1]}"#
        );
        let mut buf = Vec::new();
        for n in [0, 7, 10, 509, u32::MAX] {
            push_decimal(&mut buf, n);
            buf.push(b' ');
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "0 7 10 509 4294967295 ");
    }
}
