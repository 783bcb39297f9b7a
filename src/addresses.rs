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
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

pub const FILE: &str = "addresses.toml";

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
    /// [`content_hash`] of the article when `updated` was set.
    pub hash: String,
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
        let form: FileForm = toml::from_str(&text).map_err(|e| crate::config::toml_diagnostic(FILE, &text, &e, 0))?;
        for (id, e) in &form.articles {
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
        Ok(Ledger {
            articles: form.articles,
        })
    }

    /// The file's text: one line per article, sorted, so a new article is a one-line diff.
    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(HEADER.len() + 16 + self.articles.len() * 160);
        s.push_str(HEADER);
        s.push_str("\n[articles]\n");
        for (id, e) in &self.articles {
            s.push_str(&quote(id));
            s.push_str(" = { slug = ");
            s.push_str(&quote(e.slug.as_str()));
            if !e.was.is_empty() {
                let was: Vec<String> = e.was.iter().map(|w| quote(w.as_str())).collect();
                s.push_str(&format!(", was = [{}]", was.join(", ")));
            }
            s.push_str(&format!(
                ", added = {}, updated = {}, hash = {} }}\n",
                quote(&e.added),
                quote(&e.updated),
                quote(&e.hash)
            ));
        }
        s
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => q.push_str(&format!("\\u{:04X}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// What a reader sees of an article (not its topics or search terms, which rules may
/// change): when it changes, the article was corrected. blake3, so the file's hashes stay
/// valid across versions of briefing.
pub fn content_hash(a: &Article) -> String {
    let date = a.date.map(|d| d.to_string()).unwrap_or_default();
    let mut h = blake3::Hasher::new();
    for part in [
        a.title.as_str(),
        &date,
        a.summary.as_deref().unwrap_or(""),
        a.source.as_deref().unwrap_or(""),
        a.byline.as_deref().unwrap_or(""),
        a.url.as_deref().unwrap_or(""),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    // Credits are hashed only when there are some, so that articles without them keep the
    // hashes recorded before briefing had credits.
    if !a.credits.is_empty() {
        let credits = a.credits.join("\n");
        h.update(&(credits.len() as u64).to_le_bytes());
        h.update(credits.as_bytes());
    }
    h.update(&a.body_hash.to_le_bytes());
    h.finalize().to_hex()[..16].to_string()
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
    pub redirects: Vec<Redirect>,
    /// For the build's summary: articles given a dated address, redirects that were refused.
    pub notes: Vec<String>,
    /// The articles whose address or times this stage set (by position).
    pub changed: Vec<usize>,
}

/// Gives each article its address and times, recording new ones in the ledger. `now` is the
/// time this build records for new and corrected articles.
pub fn assign(articles: &mut [Arc<Article>], ledger: &Ledger, now: &str) -> Assigned {
    let mut out = Assigned {
        ledger: ledger.clone(),
        ..Assigned::default()
    };
    let slugs = choose(articles, ledger, &mut out.notes);
    let live: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    // A record left by a source that is gone (a moved file) goes to the article that now has
    // its address, when it shows the same text: the move is not news.
    let mut moved: HashMap<&Slug, (&String, &Entry)> = HashMap::new();
    for (id, e) in &ledger.articles {
        if !live.contains(id.as_str()) {
            moved.insert(&e.slug, (id, e));
        }
    }
    for (i, (a, slug)) in articles.iter_mut().zip(slugs).enumerate() {
        let hash = content_hash(a);
        let old = match ledger.articles.get(&a.id) {
            Some(e) => Some(e.clone()),
            None => moved.get(&slug).filter(|(_, e)| e.hash == hash).map(|(id, e)| {
                out.ledger.articles.remove(*id);
                (*e).clone()
            }),
        };
        let entry = record(old, &slug, hash, now);
        if a.slug != slug || a.added != entry.added || a.updated != entry.updated {
            let a = Arc::make_mut(a);
            a.slug = slug;
            a.added = entry.added.clone();
            a.updated = entry.updated.clone();
            a.rehash();
            out.changed.push(i);
        }
        out.ledger.articles.insert(a.id.clone(), entry);
    }
    out.redirects = redirects(articles, &out.ledger, &mut out.notes);
    out
}

/// The new record of an article at `slug`, from its old one.
fn record(old: Option<Entry>, slug: &Slug, hash: String, now: &str) -> Entry {
    match old {
        Some(mut e) => {
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
        None => Entry {
            slug: slug.clone(),
            was: Vec::new(),
            added: now.to_string(),
            updated: now.to_string(),
            hash,
        },
    }
}

/// Each article's address: the editor's `slug`, else the recorded one, else one made from
/// the title, with the date (and then a number) added when another article has it.
fn choose(articles: &[Arc<Article>], ledger: &Ledger, notes: &mut Vec<String>) -> Vec<Slug> {
    let mut slugs: Vec<Option<Slug>> = vec![None; articles.len()];
    let mut taken: HashMap<Slug, usize> = HashMap::new();
    // Every address ever recorded, with its article: no other article may take it, even
    // when its own is gone (a link to a deleted article must not lead to another one), unless
    // it shows the same text (the file was moved).
    let live: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut owned: HashMap<&Slug, (&Entry, bool)> = HashMap::new();
    for (id, e) in &ledger.articles {
        for s in std::iter::once(&e.slug).chain(&e.was) {
            owned.insert(s, (e, live.contains(id.as_str())));
        }
    }
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| a.slug_explicit) {
        // (Two editors' slugs alike are reported by the build as an error.)
        taken.entry(a.slug.clone()).or_insert(i);
        slugs[i] = Some(a.slug.clone());
    }
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| !a.slug_explicit) {
        if let Some(e) = ledger.articles.get(&a.id) {
            if taken.contains_key(&e.slug) {
                notes.push(format!(
                    "{}: its address `{}` was given to another article by its `slug`",
                    a.id, e.slug
                ));
            } else {
                taken.insert(e.slug.clone(), i);
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
    for i in new {
        let a = &articles[i];
        let hash = content_hash(a);
        let free = |s: &Slug| !taken.contains_key(s) && owned.get(s).is_none_or(|(e, live)| !live && e.hash == hash);
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
        taken.insert(slug.clone(), i);
        slugs[i] = Some(slug);
    }
    slugs.into_iter().map(|s| s.expect("every article chosen")).collect()
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
fn redirects(articles: &[Arc<Article>], ledger: &Ledger, notes: &mut Vec<String>) -> Vec<Redirect> {
    let live: std::collections::HashSet<String> = articles
        .iter()
        .map(|a| crate::render::urls::route::article(&a.slug))
        .collect();
    let mut out: BTreeMap<String, Redirect> = BTreeMap::new();
    for a in articles {
        let was = ledger.articles.get(&a.id).map(|e| e.was.as_slice()).unwrap_or_default();
        let routes = was
            .iter()
            .map(crate::render::urls::route::article)
            .chain(a.aliases.iter().cloned());
        for route in routes {
            if live.contains(&route) {
                continue; // another article lives there now
            }
            if let Some(other) = out.get(&route).filter(|r| r.to != a.slug) {
                notes.push(format!(
                    "{route} would redirect to both {} and {}; kept {}",
                    other.to, a.slug, other.to
                ));
                continue;
            }
            out.insert(
                route.clone(),
                Redirect {
                    route,
                    to: a.slug.clone(),
                    title: a.title.clone(),
                },
            );
        }
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
