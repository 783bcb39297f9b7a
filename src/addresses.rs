//! Permanent addresses: the stage between enrichment and the index.
//!
//! An article's address is chosen once and recorded in `addresses.toml` beside briefing.toml,
//! which the editor commits with `content/`, so a clean build anywhere gives the same
//! addresses. A corrected title keeps its address; a new `slug` leaves a redirect at the old
//! one; articles with the same headline get the plain address in order of arrival, later ones
//! the address with their date. The file also records when each article entered the archive
//! and when it was last corrected, which the feeds and the sitemap report.

use crate::error::Diagnostic;
use crate::model::Article;
use crate::slug::Slug;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

pub const FILE: &str = "addresses.toml";

/// Lookups by address and id (never iterated, so the hasher's order does not matter).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type Set<K> = HashSet<K, foldhash::fast::FixedState>;

/// One article's record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub slug: Slug,
    /// Earlier addresses, each left as a redirect.
    #[serde(default)]
    pub was: Vec<Slug>,
    /// When the article entered the archive, and when what a reader sees last changed.
    pub added: String,
    pub updated: String,
    /// [`Article::content_hash`] when `updated` was set (16 hex digits in the file).
    #[serde(deserialize_with = "hex64")]
    pub hash: u64,
}

/// The addresses file: article id → its record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub articles: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    #[serde(default)]
    articles: BTreeMap<String, Entry>,
}

const HEADER: &str = "\
# Written by `briefing build`: the address each article was published at, and when it
# entered the archive and was last corrected. Commit it with content/: addresses are kept
# from build to build and machine to machine. Old addresses (`was`) redirect to the new one.
# Keyed by the article's source file (with #N for the Nth story of a clipping).
";

impl Ledger {
    /// Reads the file in `root`; none yet is an empty ledger.
    pub fn read(root: &Path) -> Result<Ledger, Diagnostic> {
        let text = match std::fs::read_to_string(root.join(FILE)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(Diagnostic::error(FILE, format!("cannot read it: {e}"))),
        };
        let articles = match read_own_form(&text) {
            Some(articles) => articles,
            None => {
                let form: FileForm =
                    toml::from_str(&text).map_err(|e| crate::config::toml_diagnostic(FILE, &text, &e, 0))?;
                form.articles
            }
        };
        for (id, e) in &articles {
            for t in [&e.added, &e.updated] {
                if t.parse::<jiff::Timestamp>().is_err() {
                    let line = text.lines().position(|l| l.contains(id.as_str())).map(|n| n + 1);
                    let d = Diagnostic::error(FILE, format!("{id}: `{t}` is not a time such as 2024-06-19T08:30:00Z"));
                    return Err(match line {
                        Some(l) => d.at(l, None),
                        None => d,
                    });
                }
            }
        }
        Ok(Ledger { articles })
    }

    /// The file's text: one line per article, sorted, so a new article is a one-line diff.
    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(HEADER.len() + 16 + self.articles.len() * 200);
        s.push_str(HEADER);
        s.push_str("\n[articles]\n");
        for (id, e) in &self.articles {
            quote(&mut s, id);
            s.push_str(" = { slug = ");
            quote(&mut s, e.slug.as_str());
            if !e.was.is_empty() {
                s.push_str(", was = [");
                for (n, w) in e.was.iter().enumerate() {
                    s.push_str(if n == 0 { "" } else { ", " });
                    quote(&mut s, w.as_str());
                }
                s.push(']');
            }
            for (key, value) in [(", added = ", &e.added), (", updated = ", &e.updated)] {
                s.push_str(key);
                quote(&mut s, value);
            }
            let _ = write!(s, ", hash = \"{:016x}\"", e.hash);
            s.push_str(" }\n");
        }
        s
    }
}

/// The file as [`Ledger::to_text`] writes it, one article a line, read without a TOML parser:
/// `toml` took about 70 ms for the 2 MB of 10,000 articles, most of a one-article build.
/// `None` for anything else (a hand edit, an escape, a duplicate): `toml` reads that.
fn read_own_form(text: &str) -> Option<BTreeMap<String, Entry>> {
    let mut lines = Vec::new();
    let mut table = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[articles]" && !table {
            table = true;
            continue;
        }
        lines.push(own_line(line).filter(|_| table)?);
    }
    // (Sorted as written: the map is then built in one pass, not by a search per line.)
    if !lines.is_sorted_by(|a, b| a.0 < b.0) {
        lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    if lines.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(lines.into_iter().collect())
}

/// One line of the file's own form: `"id" = { slug = "…", was = ["…"], added = "…", … }`.
fn own_line(line: &str) -> Option<(String, Entry)> {
    let mut rest = line;
    let id = plain_string(&mut rest)?;
    let slug = after(&mut rest, " = { slug = ").and_then(|_| plain_string(&mut rest))?;
    let mut was = Vec::new();
    if after(&mut rest, ", was = [").is_some() {
        loop {
            was.push(Slug::parse(plain_string(&mut rest)?).ok()?);
            if after(&mut rest, ", ").is_none() {
                break;
            }
        }
        after(&mut rest, "]")?;
    }
    let mut field = |key: &str| {
        after(&mut rest, key)
            .and_then(|_| plain_string(&mut rest))
            .map(String::from)
    };
    let (added, updated, hash) = (field(", added = ")?, field(", updated = ")?, field(", hash = ")?);
    let hash = parse_hex64(&hash)?;
    (rest == " }").then_some(())?;
    let slug = Slug::parse(slug).ok()?;
    Some((
        id.to_string(),
        Entry {
            slug,
            was,
            added,
            updated,
            hash,
        },
    ))
}

/// A hash as the file writes it: 16 hexadecimal digits.
fn parse_hex64(s: &str) -> Option<u64> {
    (s.len() == 16).then(|| u64::from_str_radix(s, 16).ok()).flatten()
}

fn hex64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let s = String::deserialize(d)?;
    parse_hex64(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a hash of 16 hexadecimal digits")))
}

/// Moves `rest` past `prefix`, when it starts with it.
fn after(rest: &mut &str, prefix: &str) -> Option<()> {
    *rest = rest.strip_prefix(prefix)?;
    Some(())
}

/// A TOML basic string without escapes or control characters (the others go to `toml`).
fn plain_string<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let body = rest.strip_prefix('"')?;
    let end = body.find('"')?;
    let value = &body[..end];
    if value.contains('\\') || value.chars().any(char::is_control) {
        return None;
    }
    *rest = &body[end + 1..];
    Some(value)
}

/// Appends `s` as a TOML basic string.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    if !s.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// A page left at an old address, pointing to the article now there.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Route of the old address ("articles/old-slug/").
    pub route: String,
    pub to: Slug,
    pub title: String,
}

/// What the stage gives the rest of the build.
#[derive(Debug, Default)]
pub struct Assigned {
    pub ledger: Ledger,
    /// Whether `ledger` differs from the file read.
    pub dirty: bool,
    pub redirects: Vec<Redirect>,
    /// For the build's summary: articles given a dated address, redirects that were refused.
    pub notes: Vec<String>,
    /// The articles whose address or times are to change, for [`Fix::apply`].
    pub fixes: Vec<Fix>,
}

/// An article's new address and times.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The article's position in the list given to [`assign`].
    pub at: usize,
    pub slug: Slug,
    pub added: String,
    pub updated: String,
}

impl Fix {
    pub fn apply(&self, a: &mut Article) {
        a.slug = self.slug.clone();
        a.added.clone_from(&self.added);
        a.updated.clone_from(&self.updated);
        a.readdress();
    }
}

/// Chooses each article's address and times, recording new ones in `ledger`; the articles
/// are left as they are (the build applies the fixes where it keeps them). `now` is the time
/// this build records for new and corrected articles.
pub fn assign(articles: &[Arc<Article>], mut ledger: Ledger, now: &str) -> Assigned {
    let mut notes = Vec::new();
    let hashes: Vec<u64> = articles.iter().map(|a| a.content_hash).collect();
    // One lookup per article (the ids share long prefixes: a sorted map's were most of the
    // stage's time).
    let index: Map<&str, &Entry> = ledger.articles.iter().map(|(id, e)| (id.as_str(), e)).collect();
    let found: Vec<Option<&Entry>> = articles.iter().map(|a| index.get(a.id.as_str()).copied()).collect();
    // Only a new article (or a moved one) needs to know who owns every address.
    let owned = if found.iter().any(Option::is_none) {
        owners(&found, &ledger)
    } else {
        Map::default()
    };
    let slugs = choose(articles, &hashes, &found, &owned, &mut notes);
    let records = records(&slugs, hashes, &found, &owned, now);
    let fixes = (articles.iter().zip(&slugs).zip(&records).enumerate())
        .filter_map(|(at, ((a, slug), r))| {
            let e = r.entry();
            (a.slug != *slug || a.added != e.added || a.updated != e.updated).then(|| Fix {
                at,
                slug: slug.clone(),
                added: e.added.clone(),
                updated: e.updated.clone(),
            })
        })
        .collect();
    let was: Vec<&[Slug]> = records.iter().map(|r| r.entry().was.as_slice()).collect();
    let redirects = redirects(articles, &slugs, &was, &mut notes);
    let changed: Vec<(usize, Entry, Option<String>)> = (records.into_iter().enumerate())
        .filter_map(|(i, r)| match r {
            Record::Kept(_) => None,
            Record::New(new) => Some((i, new.0, new.1)),
        })
        .collect();
    let dirty = !changed.is_empty();
    for (i, e, from) in changed {
        if let Some(gone) = from {
            ledger.articles.remove(&gone);
        }
        ledger.articles.insert(articles[i].id.clone(), e);
    }
    Assigned {
        ledger,
        dirty,
        redirects,
        notes,
        fixes,
    }
}

/// An article's record after this build: the one read, or a new one (with the id of the gone
/// source it was taken from, when the file was moved).
enum Record<'a> {
    Kept(&'a Entry),
    // (Boxed: most records are kept, and the list is as long as the archive.)
    New(Box<(Entry, Option<String>)>),
}

impl Record<'_> {
    fn entry(&self) -> &Entry {
        match self {
            Record::Kept(e) => e,
            Record::New(new) => &new.0,
        }
    }
}

/// Each article's record at its address `slugs[i]`, showing content `hashes[i]`.
fn records<'a>(
    slugs: &[Slug],
    hashes: Vec<u64>,
    found: &[Option<&'a Entry>],
    owned: &Owners<'a>,
    now: &str,
) -> Vec<Record<'a>> {
    (slugs.iter().zip(hashes).zip(found))
        .map(|((slug, hash), found)| {
            let (old, from) = match found {
                Some(e) => (Some(*e), None),
                // A record left by a source that is gone (a moved file) goes to the article
                // that now has its address, when it shows the same text: the move is not news.
                None => match owned
                    .get(slug)
                    .filter(|o| !o.live && o.entry.slug == *slug && o.entry.hash == hash)
                {
                    Some(o) => (Some(o.entry), Some(o.id.clone())),
                    None => (None, None),
                },
            };
            match old {
                Some(e) if from.is_none() && current(e, slug, hash) => Record::Kept(e),
                Some(e) => Record::New(Box::new((update(e.clone(), slug, hash, now), from))),
                None => Record::New(Box::new((
                    Entry {
                        slug: slug.clone(),
                        was: Vec::new(),
                        added: now.into(),
                        updated: now.into(),
                        hash,
                    },
                    None,
                ))),
            }
        })
        .collect()
}

/// Whether a record already says this address and content (and its old addresses are in order).
fn current(e: &Entry, slug: &Slug, hash: u64) -> bool {
    e.slug == *slug && e.hash == hash && e.was.is_sorted_by(|a, b| a < b) && !e.was.contains(slug)
}

/// An article's record brought to its address `slug` and content `hash`.
fn update(mut e: Entry, slug: &Slug, hash: u64, now: &str) -> Entry {
    if e.slug != *slug {
        e.was.push(std::mem::replace(&mut e.slug, slug.clone()));
    }
    e.was.retain(|w| w != slug);
    e.was.sort();
    e.was.dedup();
    if e.hash != hash {
        e.updated = now.to_string();
        e.hash = hash;
    }
    e
}

/// Each article's address: the editor's `slug`, else the recorded one, else one made from
/// the title, with the date (and then a number) added when another article has it.
fn choose(
    articles: &[Arc<Article>],
    hashes: &[u64],
    found: &[Option<&Entry>],
    owned: &Owners,
    notes: &mut Vec<String>,
) -> Vec<Slug> {
    let mut slugs: Vec<Option<Slug>> = vec![None; articles.len()];
    let mut taken: Map<&Slug, usize> = Map::default();
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| a.slug_explicit) {
        // (Two editors' slugs alike are reported by the build as an error.)
        taken.entry(&a.slug).or_insert(i);
        slugs[i] = Some(a.slug.clone());
    }
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| !a.slug_explicit) {
        if let Some(e) = found[i] {
            if taken.contains_key(&e.slug) {
                notes.push(format!(
                    "{}: its address `{}` was given to another article by its `slug`",
                    a.id, e.slug
                ));
            } else {
                taken.insert(&e.slug, i);
                slugs[i] = Some(e.slug.clone());
            }
        }
    }
    // New articles, oldest first: the first of a headline keeps the plain address.
    let mut new: Vec<usize> = (0..articles.len()).filter(|&i| slugs[i].is_none()).collect();
    new.sort_by(|&x, &y| {
        let (a, b) = (&articles[x], &articles[y]);
        (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id))
    });
    let mut chosen: Map<Slug, usize> = Map::default();
    for i in new {
        let (a, hash) = (&articles[i], &hashes[i]);
        let free = |s: &Slug| {
            !taken.contains_key(s)
                && !chosen.contains_key(s)
                && owned.get(s).is_none_or(|o| !o.live && o.entry.hash == *hash)
        };
        // (Made again from the title: `a.slug` may be an address given by an earlier build.)
        let base = Article::slug_from_title(&a.title, a.index);
        let slug = candidates(&base, a)
            .find(|s| free(s))
            .expect("numbered candidates never run out");
        if slug != base {
            notes.push(format!(
                "{:?} ({}) has the address {slug}: another article has {base}",
                a.title, a.id
            ));
        }
        chosen.insert(slug.clone(), i);
        slugs[i] = Some(slug);
    }
    slugs.into_iter().map(|s| s.expect("every article chosen")).collect()
}

/// Who holds an address: the record, its id, and whether its source is still there.
#[derive(Clone, Copy)]
struct Owner<'a> {
    id: &'a String,
    entry: &'a Entry,
    live: bool,
}

type Owners<'a> = Map<&'a Slug, Owner<'a>>;

/// Every address ever recorded, with its owner: no other article may take it, even when its
/// own is gone (a link to a deleted article must not lead to another one), unless it shows the
/// same text (the file was moved). An address that is one record's and another's old one is
/// the first's. (Liveness by the records the articles found, not by hashing every id.)
fn owners<'a>(found: &[Option<&'a Entry>], ledger: &'a Ledger) -> Owners<'a> {
    let live: Set<*const Entry> = found.iter().flatten().map(|e| *e as *const Entry).collect();
    let mut owned = Map::default();
    owned.reserve(ledger.articles.len());
    let all = || {
        ledger.articles.iter().map(|(id, e)| Owner {
            id,
            entry: e,
            live: live.contains(&(e as *const Entry)),
        })
    };
    for o in all() {
        for w in &o.entry.was {
            owned.insert(w, o);
        }
    }
    for o in all() {
        owned.insert(&o.entry.slug, o);
    }
    owned
}

/// The addresses an article may get, in order of preference: the plain one, with its date,
/// then numbered.
fn candidates<'a>(base: &'a Slug, a: &Article) -> impl Iterator<Item = Slug> + 'a {
    let dated = a.date.map(|d| d.to_string());
    let with = move |suffix: String| {
        let keep = 80 - suffix.len() - 1;
        let mut stem = base.as_str();
        if stem.len() > keep {
            stem = stem[..keep].trim_end_matches('-');
        }
        Slug::parse(&format!("{stem}-{suffix}")).ok()
    };
    let numbered = (2..).filter_map(move |n: u32| {
        let suffix = match &dated {
            Some(d) => format!("{d}-{n}"),
            None => n.to_string(),
        };
        with(suffix)
    });
    std::iter::once(base.clone())
        .chain(a.date.and_then(move |d| with(d.to_string())))
        .chain(numbered)
}

/// The redirect pages: each article's earlier addresses and its `aliases`, unless a live
/// article is there now.
fn redirects(articles: &[Arc<Article>], slugs: &[Slug], was: &[&[Slug]], notes: &mut Vec<String>) -> Vec<Redirect> {
    use crate::render::urls::route;
    // Each article's old addresses and aliases, as routes; most articles have none.
    let wanted: Vec<(usize, String)> = (articles.iter().enumerate())
        .flat_map(|(i, a)| {
            (was[i].iter().map(route::article))
                .chain(a.aliases.iter().cloned())
                .map(move |r| (i, r))
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let live: Set<String> = slugs.iter().map(route::article).collect();
    let mut out: BTreeMap<String, Redirect> = BTreeMap::new();
    for (i, route) in wanted {
        let (a, slug) = (&articles[i], &slugs[i]);
        if live.contains(&route) {
            continue; // another article lives there now
        }
        if let Some(other) = out.get(&route).filter(|r| r.to != *slug) {
            notes.push(format!(
                "{route} would redirect to both {} and {slug}; kept {}",
                other.to, other.to
            ));
            continue;
        }
        let to = slug.clone();
        let title = a.title.clone();
        out.insert(route.clone(), Redirect { route, to, title });
    }
    out.into_values().collect()
}

/// Folders of the site's own pages: an alias may not point into them.
const SITE_FOLDERS: [&str; 7] = [
    "topics", "people", "sources", "timeline", "search", "static", "pagefind",
];

/// Checks an alias an editor wrote ("old-slug", "/articles/old-slug/", "/2019/06/story.html")
/// and gives its route.
pub fn alias_route(alias: &str) -> Result<String, String> {
    let path = alias.trim().trim_start_matches('/');
    if !path.contains('/') && Slug::parse(path).is_ok() {
        return Ok(crate::render::urls::route::article(
            &Slug::parse(path).expect("checked"),
        ));
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if path.is_empty() || !segments.iter().all(|s| ok(s)) {
        return Err(format!(
            "alias `{alias}` is not a path of letters, digits, `-`, `_` and `.` such as /2019/06/old-story/"
        ));
    }
    if SITE_FOLDERS.contains(&segments[0]) || (segments.len() == 1 && segments[0].contains('.')) {
        return Err(format!("alias `{alias}` would replace one of the site's own pages"));
    }
    Ok(
        if path.ends_with('/') || !segments.last().expect("not empty").contains('.') {
            format!("{}/", segments.join("/"))
        } else {
            segments.join("/")
        },
    )
}

/// The page left at an old address: a link for people, a refresh for browsers, and the
/// canonical address for search engines.
pub fn redirect_page(r: &Redirect, urls: &crate::render::urls::Urls, lang: &str) -> Vec<u8> {
    use crate::markdown::html_escape;
    let route = crate::render::urls::route::article(&r.to);
    let (link, canonical) = (html_escape(&urls.link(&route)), html_escape(&urls.absolute(&route)));
    let title = html_escape(&r.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={link}\">\n\
         </head>\n<body>\n<main>\n<h1>This article has moved</h1>\n<p><a href=\"{link}\">{title}</a></p>\n</main>\n</body>\n</html>\n",
        lang = html_escape(lang)
    )
    .into_bytes()
}

/// The time a build records: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub fn build_time() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    jiff::Timestamp::from_second(ts.as_second())
        .expect("whole seconds of a valid time")
        .to_string()
}

#[cfg(test)]
mod tests;
