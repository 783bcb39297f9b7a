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
//! incremental one make the same files. An article put among older ones moves the later ids
//! up one: the next plan renumbers the id lists it carries over rather than reading those
//! articles' terms again (the build cache keeps a hash of each article's terms, not them).

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

/// A term shard as written, by key, as a build cache kept it for the shard with this
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
/// carried to the next build (`serve` does), which then reads only the new and changed
/// articles' terms.
pub struct Plan {
    global: u64,
    /// Each article's `rev`, by id: tells the next build which ids kept their article (for
    /// the docs shards, which show its title, date, source and summary).
    revs: Vec<u64>,
    /// A hash of each article's terms, by id: tells the next build which articles' terms its
    /// shards hold already, wherever their ids moved (an edit that leaves an article's place
    /// and terms as they were, such as a corrected byline or a word repeated in its body,
    /// changes no term shard).
    terms: Vec<u64>,
    shards: BTreeMap<ShardKey, Shard>,
    docs: Vec<u64>,
    meta: u64,
    /// A hash of every article's revision and search terms: what the other files are made of.
    generation: u64,
    /// The settled and the recent shards' keys, as text.
    keys: [Vec<String>; 2],
}

/// One term shard: its file as it is written (`{"term":[first id, gap, …], …}`, terms in
/// order), its fingerprint and its largest id. Kept as written rather than as (id, term)
/// pairs, which took four times the memory and the build cache's space: the terms of a
/// shard repeat from article to article, and its ids are mostly small gaps.
///
/// A plan made from a [`Summary`] knows only the fingerprint and largest id of the shards
/// no changed article touches (`json` empty, `known` false): they are not rendered.
struct Shard {
    json: Vec<u8>,
    fp: u64,
    max_id: u32,
    known: bool,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard {
            json: Vec::new(),
            fp: 0,
            max_id: 0,
            known: true,
        }
    }
}

/// What the next one-shot build needs of a plan to plan again without reading every
/// article's terms: each article's `rev` and terms hash by id, and each shard's fingerprint
/// and largest id. Saved in the build cache (a few bytes per article).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    global: u64,
    revs: Vec<u64>,
    terms: Vec<u64>,
    shards: Vec<(ShardKey, u64, u32)>,
    docs: Vec<u64>,
}

/// Terms with their ids (each id once, in any order): what a shard is made of.
type Lists<'t> = foldhash::HashMap<&'t [u8], Vec<u32>>;

impl Shard {
    /// The shard of these lists: terms in order, each one's ids in order, as gaps.
    fn of_lists(lists: Lists) -> Shard {
        let mut lists: Vec<(&[u8], Vec<u32>)> = lists.into_iter().collect();
        lists.sort_unstable_by(|x, y| x.0.cmp(y.0));
        for (_, ids) in &mut lists {
            ids.sort_unstable();
        }
        Shard::of_sorted(lists.iter().map(|(t, ids)| (*t, ids.as_slice())))
    }

    /// The shard of these lists, terms in order and each one's ids rising.
    fn of_sorted<'t>(lists: impl Iterator<Item = (&'t [u8], &'t [u32])> + Clone) -> Shard {
        let size: usize = lists.clone().map(|(t, ids)| t.len() + 4 + 3 * ids.len()).sum();
        if size == 0 {
            return Shard::default();
        }
        let mut json = Vec::with_capacity(size + 2);
        let mut max_id = 0;
        json.push(b'{');
        for (n, (term, ids)) in lists.enumerate() {
            if n > 0 {
                json.push(b',');
            }
            // Terms are letters, digits and `_`, `-`: nothing to escape.
            json.push(b'"');
            json.extend_from_slice(term);
            json.extend_from_slice(b"\":[");
            // The first id, then each one's distance from the one before (ids rise): a
            // common word's list is then mostly ones and twos.
            let mut prev = 0;
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                push_decimal(&mut json, *id - prev);
                prev = *id;
            }
            max_id = max_id.max(prev);
            json.push(b']');
        }
        json.push(b'}');
        Shard {
            json,
            max_id,
            ..Shard::default()
        }
    }

    /// Fingerprint, after its lists changed.
    fn seal(&mut self, global: u64) {
        self.fp = hash(global, &[&self.json]);
    }
}

/// The (term, ids) lists of a shard as written (see [`Shard`]).
struct ListIter<'a>(&'a [u8]);

impl<'a> Iterator for ListIter<'a> {
    type Item = (&'a [u8], Vec<u32>);

    fn next(&mut self) -> Option<(&'a [u8], Vec<u32>)> {
        // `{` or `,`, then `"term":[`.
        let b = self.0;
        let open = memchr::memchr(b'"', b)?;
        let close = open + 1 + memchr::memchr(b'"', &b[open + 1..])?;
        let term = &b[open + 1..close];
        let end = close + memchr::memchr(b']', &b[close..])?;
        let (mut ids, mut id, mut n) = (Vec::new(), 0u32, 0u32);
        for &c in &b[close + 3..=end] {
            match c {
                b'0'..=b'9' => n = n * 10 + u32::from(c - b'0'),
                _ => {
                    id += n;
                    ids.push(id);
                    n = 0;
                }
            }
        }
        self.0 = &b[end + 1..];
        Some((term, ids))
    }
}

/// An article's search terms (see `build::enrich::search_terms_of`). The index asks only for
/// those of articles whose terms its shards do not hold already: the new and changed ones,
/// or every article when there is no plan to carry over.
pub type TermsOf<'a> = dyn Fn(&crate::model::Article) -> std::borrow::Cow<'a, str> + Sync + 'a;

/// The length of the longest common prefix of two lists.
fn common_prefix(a: &[u64], b: &[u64]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The articles by id, with each one's `rev` and terms hash (see [`Plan`]).
fn by_id_with_hashes(a: &Archive) -> (Vec<&crate::model::Article>, Vec<u64>, Vec<u64>) {
    let arts: Vec<&crate::model::Article> = by_id(a).collect();
    let revs = arts.iter().map(|art| art.rev).collect();
    let terms = arts.iter().map(|art| art.terms_hash).collect();
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

/// The term shards of these articles (by id, ids rising), by key, not sealed.
fn pack(items: &[(u32, &crate::model::Article)], split: u32, terms_of: &TermsOf) -> BTreeMap<ShardKey, Shard> {
    // Fixed chunks of ids in parallel, each made into shards at once, then each key's shards
    // from every chunk made into one, in parallel: the chunks' shards take a quarter of the
    // memory their (id, term) pairs would, and are the same however many threads run.
    let parts: Vec<Vec<(ShardKey, Shard)>> = items
        .par_chunks(2048)
        .map(|chunk| pack_chunk(chunk, split, terms_of))
        .collect();
    let mut joined: BTreeMap<ShardKey, Vec<Shard>> = BTreeMap::new();
    for part in parts {
        for (k, shard) in part {
            joined.entry(k).or_default().push(shard);
        }
    }
    joined
        .into_par_iter()
        .map(|(k, mut shards)| {
            if shards.len() == 1 {
                return (k, shards.pop().expect("one"));
            }
            let mut lists = Lists::default();
            for (term, ids) in shards.iter().flat_map(|s| ListIter(&s.json)) {
                lists.entry(term).or_default().extend(ids);
            }
            (k, Shard::of_lists(lists))
        })
        .collect()
}

/// The term shards of one chunk of articles (ids rising), by key. Each distinct term (and
/// part) is looked up once per article and numbered; the (number, id) pairs are then put in
/// order of number by counting, which keeps each term's ids rising: one hash lookup per pair
/// and no list that grows per term (a map of maps of lists took most of this step's time).
fn pack_chunk(chunk: &[(u32, &crate::model::Article)], split: u32, terms_of: &TermsOf) -> Vec<(ShardKey, Shard)> {
    let terms: Vec<std::borrow::Cow<str>> = chunk.iter().map(|(_, art)| terms_of(art)).collect();
    let mut numbers: foldhash::HashMap<(&[u8], bool), u32> = foldhash::HashMap::default();
    let mut distinct: Vec<(ShardKey, &[u8])> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(terms.iter().map(|t| t.len() / 8).sum());
    for (&(id, _), terms) in chunk.iter().zip(&terms) {
        for t in terms.split(' ').filter(|t| !t.is_empty()) {
            let n = *numbers.entry((t.as_bytes(), id >= split)).or_insert_with(|| {
                distinct.push((key_of(t, id, split), t.as_bytes()));
                distinct.len() as u32 - 1
            });
            pairs.push((n, id));
        }
    }
    drop(numbers);
    // Where each term's ids start in `ids`, then the ids put there in the order they came.
    let mut start = vec![0usize; distinct.len() + 1];
    for &(n, _) in &pairs {
        start[n as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut ids = vec![0u32; pairs.len()];
    let mut next = start.clone();
    for (n, id) in pairs {
        ids[next[n as usize]] = id;
        next[n as usize] += 1;
    }
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.sort_unstable_by_key(|&n| distinct[n as usize]);
    let list = |n: &u32| {
        (
            distinct[*n as usize].1,
            &ids[start[*n as usize]..start[*n as usize + 1]],
        )
    };
    order
        .chunk_by(|a, b| distinct[*a as usize].0 == distinct[*b as usize].0)
        .map(|same_key| {
            (
                distinct[same_key[0] as usize].0,
                Shard::of_sorted(same_key.iter().map(list)),
            )
        })
        .collect()
}

/// Where the last plan's ids went: each old id's new id (`None`: its article is gone, or its
/// terms changed), the new ids no old one became (their terms are to be read), and the first
/// old id that did not keep its place. Articles are matched by their terms' hash, in order:
/// those before the first change and after the last keep their terms; between them, each
/// new id takes the next old id with its hash, if any. (Equal hashes, equal terms: which
/// article an id held does not matter to its shards.)
struct Moves {
    to: Vec<Option<u32>>,
    fresh: Vec<u32>,
    first: u32,
}

fn moves(old: &[u64], new: &[u64]) -> Moves {
    let pre = common_prefix(old, new);
    let suf = old[pre..]
        .iter()
        .rev()
        .zip(new[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (old_end, new_end) = (old.len() - suf, new.len() - suf);
    let mut to: Vec<Option<u32>> = (0..old.len() as u32).map(Some).collect();
    for (i, t) in to.iter_mut().enumerate().skip(old_end) {
        *t = Some((i + new_end - old_end) as u32);
    }
    // Between: each hash's old ids, rising, and how far each list has been passed.
    let mut at: foldhash::HashMap<u64, (Vec<u32>, usize)> = foldhash::HashMap::default();
    for (i, h) in old.iter().enumerate().take(old_end).skip(pre) {
        to[i] = None;
        at.entry(*h).or_default().0.push(i as u32);
    }
    let (mut next, mut fresh) = (pre as u32, Vec::new());
    for (j, h) in new.iter().enumerate().take(new_end).skip(pre) {
        let found = at.get_mut(h).and_then(|(ids, passed)| {
            while ids.get(*passed).is_some_and(|&i| i < next) {
                *passed += 1;
            }
            ids.get(*passed).copied()
        });
        match found {
            Some(i) => {
                to[i as usize] = Some(j as u32);
                next = i + 1;
            }
            None => fresh.push(j as u32),
        }
    }
    let first = to.iter().enumerate().position(|(i, t)| *t != Some(i as u32));
    Moves {
        to,
        fresh,
        first: first.unwrap_or(old.len()) as u32,
    }
}

/// The term shards that change from the last plan's, made from its lists with their ids
/// moved (see [`Moves`]) and the shards of the new ids (`fresh`), without reading any
/// article's terms again. `last` is the last plan's keys (in order) with each one's largest
/// id, `stored` gives a shard as written; the shards that hold an id from `from` on are made
/// again, with those that gain ids. Shards left with no term come back empty. `None` when a
/// shard to make again is not at hand.
fn carry<'p>(
    last: &[(ShardKey, u32)],
    stored: &dyn Fn(ShardKey) -> Option<&'p [u8]>,
    mv: &Moves,
    from: u32,
    split: u32,
    fresh: BTreeMap<ShardKey, Shard>,
) -> Option<BTreeMap<ShardKey, Shard>> {
    let touched: KeySet = last.iter().filter(|(_, m)| *m >= from).map(|(k, _)| *k).collect();
    // Most shards to make again only have their ids moved, each staying in its part: those
    // are rewritten as they are read. The others' lists are gathered by key, in the keys of
    // both parts of their term (an id may change part) and those of the new ids.
    let mut out: BTreeMap<ShardKey, Shard> = BTreeMap::new();
    let mut gathered: Vec<ShardKey> = Vec::new();
    let mut targets: std::collections::BTreeSet<ShardKey> = fresh.keys().copied().collect();
    for (k, _) in last.iter().filter(|(k, _)| touched.contains(k)) {
        let moved = (!fresh.contains_key(k)).then(|| moved_in_place(stored(*k)?, mv, split, k[3]));
        match moved.flatten() {
            Some(shard) => {
                out.insert(*k, shard);
            }
            None => {
                gathered.push(*k);
                targets.extend([0, 1].map(|part| [k[0], k[1], k[2], part]));
            }
        }
    }
    // A target keeps its own lists: one not made again has its ids all before `from`, where
    // no id moved; one rewritten in place has them moved already.
    let had: KeySet = last.iter().map(|(k, _)| *k).collect();
    let mut own: Vec<(ShardKey, std::borrow::Cow<[u8]>)> = Vec::new();
    for k in &targets {
        if let Some(moved) = out.remove(k) {
            own.push((*k, moved.json.into()));
        } else if had.contains(k) && !touched.contains(k) {
            own.push((*k, stored(*k)?.into()));
        }
    }
    let mut lists: BTreeMap<ShardKey, Lists> = targets.iter().map(|k| (*k, Lists::default())).collect();
    for k in &gathered {
        for (term, ids) in ListIter(stored(*k)?) {
            for j in ids.into_iter().filter_map(|id| mv.to[id as usize]) {
                let nk = [k[0], k[1], k[2], u8::from(j >= split)];
                lists.entry(nk).or_default().entry(term).or_default().push(j);
            }
        }
    }
    let sources = own.iter().map(|(k, json)| (k, &json[..]));
    for (k, json) in sources.chain(fresh.iter().map(|(k, s)| (k, &s.json[..]))) {
        let into = lists.entry(*k).or_default();
        for (term, ids) in ListIter(json) {
            into.entry(term).or_default().extend(ids);
        }
    }
    out.extend(gathered.iter().map(|k| (*k, Shard::default())));
    out.extend(lists.into_iter().map(|(k, l)| (k, Shard::of_lists(l))));
    Some(out)
}

/// A shard as written with its ids moved, or `None` when an id would change part (`part`,
/// this shard's, is 0 for the settled ids, 1 for the recent). Moves keep ids in order, so
/// its terms and lists stay in order; a term left with no id is dropped.
fn moved_in_place(json: &[u8], mv: &Moves, split: u32, part: u8) -> Option<Shard> {
    let mut out = Vec::with_capacity(json.len() + 16);
    let mut max_id = 0;
    out.push(b'{');
    for (term, ids) in ListIter(json) {
        let mut prev = None;
        for j in ids.into_iter().filter_map(|id| mv.to[id as usize]) {
            if u8::from(j >= split) != part {
                return None;
            }
            match prev {
                None => {
                    if out.len() > 1 {
                        out.push(b',');
                    }
                    out.push(b'"');
                    out.extend_from_slice(term);
                    out.extend_from_slice(b"\":[");
                    push_decimal(&mut out, j);
                }
                Some(p) => {
                    out.push(b',');
                    push_decimal(&mut out, j - p);
                }
            }
            prev = Some(j);
        }
        if let Some(p) = prev {
            out.push(b']');
            max_id = max_id.max(p);
        }
    }
    if out.len() == 1 {
        return Some(Shard::default());
    }
    out.push(b'}');
    Some(Shard {
        json: out,
        max_id,
        ..Shard::default()
    })
}

/// The new ids no old id became, with their articles.
fn fresh_items<'a>(mv: &Moves, arts: &[&'a crate::model::Article]) -> Vec<(u32, &'a crate::model::Article)> {
    mv.fresh.iter().map(|&j| (j, arts[j as usize])).collect()
}

/// From which old id the last plan's shards are made again: the first that moved; every id
/// of the parts whose split moved; every id when the fingerprints' `global` changed.
fn remake_from(mv: &Moves, same_global: bool, old_split: u32, split: u32) -> u32 {
    match (same_global, old_split == split) {
        (false, _) => 0,
        (true, true) => mv.first,
        (true, false) => mv.first.min(old_split).min(split),
    }
}

impl Plan {
    /// Plans the index of `a`. With the plan of the last build (`serve` carries it), only the
    /// shards that hold an id that moved, or gain or lose ids, are made again, from the
    /// last plan's lists with their ids moved and the terms of the new and changed articles
    /// (see [`carry`]): an article put in the middle of the archive costs its own terms and
    /// the renumbering of the later ids, not their terms.
    pub fn new(a: &Archive, global: u64, last: Option<Plan>, terms_of: &TermsOf) -> Plan {
        let (arts, revs, terms) = by_id_with_hashes(a);
        let split = split_of(revs.len());
        // (A plan made from a summary lacks some shards: not a base.)
        let Some(last) = last.filter(Plan::complete) else {
            let items: Vec<(u32, &crate::model::Article)> = (0..).zip(arts.iter().copied()).collect();
            let mut shards = pack(&items, split, terms_of);
            shards.values_mut().for_each(|s| s.seal(global));
            return Plan::of_shards(global, shards, Vec::new(), revs, terms, 0);
        };
        let mv = moves(&last.terms, &terms);
        let from = remake_from(&mv, last.global == global, split_of(last.revs.len()), split);
        let fresh = pack(&fresh_items(&mv, &arts), split, terms_of);
        let index: Vec<(ShardKey, u32)> = last.shards.iter().map(|(k, s)| (*k, s.max_id)).collect();
        let shard = |k: ShardKey| last.shards.get(&k).map(|s| s.json.as_slice());
        let changed = carry(&index, &shard, &mv, from, split, fresh).expect("a whole plan has every shard");
        let same = if last.global == global {
            common_prefix(&last.revs, &revs)
        } else {
            0
        };
        let mut shards = last.shards;
        for (k, mut shard) in changed {
            shards.remove(&k);
            if !shard.json.is_empty() {
                shard.seal(global);
                shards.insert(k, shard);
            }
        }
        Plan::of_shards(global, shards, last.docs, revs, terms, same)
    }

    /// Plans the index of `a` from the summary of the last build's plan, for `build`, which
    /// does not keep a plan in memory as `serve` does: as [`Plan::new`] does with a plan, the
    /// shards to make again start from their lists as `stored` gives them (the build cache
    /// keeps them, with their fingerprint); the others keep their fingerprint and are not
    /// rendered. Without a shard it must make again, it plans afresh.
    pub fn from_summary(a: &Archive, global: u64, last: Summary, stored: &StoredShards, terms_of: &TermsOf) -> Plan {
        let (arts, revs, terms) = by_id_with_hashes(a);
        let split = split_of(revs.len());
        let mv = moves(&last.terms, &terms);
        let from = remake_from(&mv, last.global == global, split_of(last.revs.len()), split);
        let fresh = pack(&fresh_items(&mv, &arts), split, terms_of);
        let index: Vec<(ShardKey, u32)> = last.shards.iter().map(|(k, _, m)| (*k, *m)).collect();
        let fps: foldhash::HashMap<ShardKey, u64> = last.shards.iter().map(|(k, fp, _)| (*k, *fp)).collect();
        let shard = |k: ShardKey| stored(k, *fps.get(&k)?);
        let Some(changed) = carry(&index, &shard, &mv, from, split, fresh) else {
            return Plan::new(a, global, None, terms_of);
        };
        let same = if last.global == global {
            common_prefix(&last.revs, &revs)
        } else {
            0
        };
        let mut shards: BTreeMap<ShardKey, Shard> = last
            .shards
            .iter()
            .filter(|(k, _, _)| !changed.contains_key(k))
            .map(|&(k, fp, max_id)| {
                let unread = Shard {
                    fp,
                    max_id,
                    known: false,
                    ..Shard::default()
                };
                (k, unread)
            })
            .collect();
        for (k, mut shard) in changed.into_iter().filter(|(_, s)| !s.json.is_empty()) {
            shard.seal(global);
            shards.insert(k, shard);
        }
        Plan::of_shards(global, shards, last.docs, revs, terms, same)
    }

    /// A plan of these term shards, with its docs shards from the first id whose article is
    /// not the one `docs` were made for (`same`) on.
    fn of_shards(
        global: u64,
        shards: BTreeMap<ShardKey, Shard>,
        docs: Vec<u64>,
        revs: Vec<u64>,
        terms: Vec<u64>,
        same: usize,
    ) -> Plan {
        let mut plan = Plan {
            global,
            revs: Vec::new(),
            terms: Vec::new(),
            shards,
            docs,
            meta: 0,
            generation: 0,
            keys: Default::default(),
        };
        plan.finish(revs, terms, same);
        plan
    }

    /// Each term shard's key and fingerprint, with its file when this plan has it (see
    /// [`Plan::from_summary`]): what a build cache keeps for the next build's plan.
    pub fn stored_shards(&self) -> impl Iterator<Item = (ShardKey, u64, Option<&[u8]>)> {
        self.shards
            .iter()
            .map(|(k, s)| (*k, s.fp, s.known.then_some(s.json.as_slice())))
    }

    /// Whether every shard is at hand (see [`Plan::from_summary`]).
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
        Part::Terms(k) => plan.shards.get(k).map_or_else(|| b"{}".to_vec(), |s| s.json.clone()),
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
    use std::borrow::Cow;

    /// An article's terms in these tests: its title's.
    fn terms(art: &crate::model::Article) -> Cow<'static, str> {
        Cow::Owned(article_terms(&[&art.title]))
    }

    fn archive(titles: &[(&str, &str)]) -> Archive {
        let config = crate::config::Config::parse(
            "title='t'\ndescription='d'\nbase_url='https://x.org/'\n[[topics]]\nslug='t'\nname='T'\ndescription='d'\n",
        )
        .unwrap();
        let articles = titles
            .iter()
            .map(|(title, date)| crate::model::Article {
                date: Some(date.parse().unwrap()),
                terms_hash: crate::terms::terms_hash(&article_terms(&[title])),
                rev: crate::hash::hash64(&[title.as_bytes()]),
                ..crate::model::Article::bare(title)
            })
            .map(std::sync::Arc::new)
            .collect();
        Archive::new(articles, &config)
    }

    fn fingerprints(a: &Archive) -> BTreeMap<String, u64> {
        Plan::new(a, 7, None, &terms)
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
        let p = Plan::new(&after, 7, None, &terms);
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
        let carried = Plan::new(&after, 7, Some(Plan::new(&archive(&old), 7, None, &terms)), &terms);
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
            let fresh = Plan::new(&a, 7, None, &terms);
            let from_last = Plan::new(&a, 7, Some(Plan::new(&after, 7, None, &terms)), &terms);
            assert_eq!(from_last.files(), fresh.files(), "{v:?}");
            // From the last plan's summary (as `build` does): the same fingerprints; every
            // shard it cannot render kept its fingerprint, so an incremental build skips it.
            let last = Plan::new(&after, 7, None, &terms);
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
                let from_summary = Plan::from_summary(&a, 7, last.summary(), stored, &terms);
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
        let plan = Plan::new(&before, 7, None, &terms);
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
        let (old, new) = (fps(&plan), fps(&Plan::new(&after, 7, None, &terms)));
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
            let (last, fresh) = (Plan::new(&last, 7, None, &terms), Plan::new(&a, 7, None, &terms));
            let carried = Plan::new(&a, 7, Some(Plan::new(&arch(from, None), 7, None, &terms)), &terms);
            let kept: BTreeMap<(ShardKey, u64), Vec<u8>> = last
                .stored_shards()
                .map(|(k, fp, p)| ((k, fp), p.unwrap().to_vec()))
                .collect();
            let stored = |k: ShardKey, fp: u64| kept.get(&(k, fp)).map(Vec::as_slice);
            let summarised = Plan::from_summary(&a, 7, last.summary(), &stored, &terms);
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
        let last = Plan::new(&before, 7, None, &terms);
        let fresh = Plan::new(&after, 7, None, &terms);
        let fps = |p: &Plan| -> BTreeMap<String, u64> { p.files().into_iter().map(|(f, fp, _)| (f, fp)).collect() };
        let changed: Vec<String> = fps(&fresh)
            .into_iter()
            .filter(|(f, fp)| fps(&last).get(f) != Some(fp))
            .map(|(f, _)| f)
            .collect();
        // (And meta.json, which names the index's generation.)
        assert_eq!(changed, ["search/docs-0.json", "search/meta.json"]);
        // Carried over, and from the summary without any stored shards: nothing to remake
        // but the docs shard, and the same files as a fresh plan.
        let carried = Plan::new(&after, 7, Some(Plan::new(&before, 7, None, &terms)), &terms);
        let none = |_: ShardKey, _: u64| None;
        let summarised = Plan::from_summary(&after, 7, last.summary(), &none, &terms);
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
        let p = Plan::new(&a, 7, None, &terms);
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

    /// Plans `a` carried over from the plan of `last`, and from its summary with its shards
    /// stored; checks both against a fresh plan (files, and the bytes of each file they can
    /// render); returns the titles whose terms either asked for.
    fn carried_and_summarised(last: &Archive, a: &Archive) -> std::collections::BTreeSet<String> {
        let asked = std::sync::Mutex::new(std::collections::BTreeSet::new());
        let recording = |art: &crate::model::Article| {
            asked.lock().unwrap().insert(art.title.clone());
            terms(art)
        };
        let urls = Urls::new("https://x.org/");
        let fresh = Plan::new(a, 7, None, &terms);
        let before = Plan::new(last, 7, None, &terms);
        let kept: BTreeMap<(ShardKey, u64), Vec<u8>> = before
            .stored_shards()
            .map(|(k, fp, p)| ((k, fp), p.unwrap().to_vec()))
            .collect();
        let stored = |k: ShardKey, fp: u64| kept.get(&(k, fp)).map(Vec::as_slice);
        let summarised = Plan::from_summary(a, 7, before.summary(), &stored, &recording);
        let carried = Plan::new(a, 7, Some(before), &recording);
        for p in [&carried, &summarised] {
            assert_eq!(p.files(), fresh.files());
            for (_, _, part) in fresh.files() {
                if p.can_render(&part) {
                    assert_eq!(render(a, &urls, p, &part), render(a, &urls, &fresh, &part), "{part:?}");
                }
            }
        }
        asked.into_inner().unwrap()
    }

    #[test]
    fn an_article_put_in_the_middle_moves_the_later_ids_without_reading_their_terms() {
        let titles: Vec<(String, String)> = (0..40)
            .map(|i| (format!("Report {i} on talks"), format!("2020-01-{:02}", i % 28 + 1)))
            .collect();
        let arch = |extra: &[(&str, &str)], skip: Option<usize>| {
            let mut t: Vec<(&str, &str)> = (titles.iter().enumerate())
                .filter(|(i, _)| Some(*i) != skip)
                .map(|(_, (t, d))| (t.as_str(), d.as_str()))
                .collect();
            t.extend_from_slice(extra);
            archive(&t)
        };
        let base = arch(&[], None);
        let names = |v: &[&str]| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        // Inserted in the middle (and at the start): only its terms are read.
        let mid = arch(&[("Lavrov in Pyongyang", "2020-01-10")], None);
        assert_eq!(carried_and_summarised(&base, &mid), names(&["Lavrov in Pyongyang"]));
        let first = arch(&[("Zhang meets Kim", "2019-05-05")], None);
        assert_eq!(carried_and_summarised(&base, &first), names(&["Zhang meets Kim"]));
        // Removed from the middle: no terms read; and put back.
        let gone = arch(&[], Some(17));
        assert!(carried_and_summarised(&base, &gone).is_empty());
        assert_eq!(carried_and_summarised(&gone, &base), names(&["Report 17 on talks"]));
        // Two articles with the same terms, one of them removed; one moved to another day.
        let twins = arch(&[("Report 3 on talks", "2020-01-20")], None);
        assert!(carried_and_summarised(&twins, &base).is_empty());
        assert!(carried_and_summarised(&base, &twins).len() <= 1);
        let moved = arch(&[("Report 5 on talks", "2020-01-27")], Some(5));
        assert!(carried_and_summarised(&base, &moved).len() <= 1);
    }

    #[test]
    fn an_article_put_in_the_middle_across_the_recent_split_plans_as_a_fresh_plan_does() {
        let titles: Vec<String> = (0..RECENT + 1).map(|i| format!("Report {i} on talks")).collect();
        let arch = |n: usize, extra: bool| {
            let mut t: Vec<(&str, &str)> = titles[..n].iter().map(|t| (t.as_str(), "2020-01-01")).collect();
            if extra {
                t.push(("Lavrov in Pyongyang", "2019-01-01"));
            }
            archive(&t)
        };
        // Across the split both ways (RECENT - 1 + 1 = RECENT), and within the recent part.
        for (from, to) in [
            ((RECENT - 1, false), (RECENT - 1, true)),
            ((RECENT, true), (RECENT, false)),
        ] {
            let asked = carried_and_summarised(&arch(from.0, from.1), &arch(to.0, to.1));
            assert!(asked.len() <= 1, "{asked:?}");
        }
        let asked = carried_and_summarised(&arch(RECENT + 1, false), &arch(RECENT + 1, true));
        assert_eq!(asked.len(), 1, "{asked:?}");
    }
}
