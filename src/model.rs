//! The plain types passed between stages.

use crate::date::PartialDate;
use crate::slug::Slug;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Markdown with TOML front matter, written by an editor.
    Curated,
    /// Plain text saved from a web page; extracted by rule.
    Clipping,
}

/// One article with everything the index and the listing pages need.
///
/// The body itself is not kept here: it is large and only the article's own page uses it, so
/// the render stage asks for it (`Body`) when that page is rendered. This keeps memory flat at
/// 100,000 articles and lets an incremental run skip reading untouched sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identity: the source path relative to `content/`, plus `#index` for clippings.
    pub id: String,
    pub file: PathBuf,
    /// 0-based position within its file (always 0 for curated articles).
    pub index: usize,
    pub kind: SourceKind,
    pub slug: Slug,
    /// True when the slug was written by the editor (front matter or sidecar).
    pub slug_explicit: bool,
    /// Routes the editor asked to redirect here (front matter `aliases`), checked.
    pub aliases: Vec<String>,
    pub title: String,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    /// Wire agencies credited apart from the source (the source ran their story).
    pub credits: Vec<String>,
    /// The original's address.
    pub url: Option<String>,
    pub byline: Option<String>,
    pub topics: Vec<String>,
    pub people: Vec<String>,
    pub summary: Option<String>,
    /// The language of title and text when it is not the site's (ISO 639-1: "ko", "ru").
    pub lang: Option<String>,
    pub draft: bool,
    pub words: usize,
    /// A hash of the article's search terms ([`crate::terms::terms_hash`]): the index tells
    /// by it which articles kept their terms. The terms themselves are not kept with the
    /// article (they would be most of the build cache): the unit read with the source holds
    /// them for that build only, and the index stores them as (id, term) pairs.
    pub terms_hash: u64,
    /// The UN documents the body links to, by symbol, each once, sorted
    /// ([`crate::markdown::un_documents`]): found once, when the source is read, for the
    /// topic pages that list what their articles cite.
    pub un_documents: Vec<String>,
    /// Hash of the body's Markdown ([`crate::hash::stable64`]): a page re-reading the body
    /// checks it against this, and `addresses.toml` records it through the content hash.
    pub body_hash: u64,
    /// [`Article::reader_hash`], made when the source is read: `addresses.toml` records it, and
    /// an article whose hash changed was corrected.
    pub content_hash: u64,
    /// When the article entered the archive and when it was last corrected (RFC 3339, UTC),
    /// from the addresses file; empty until the addresses stage fills them.
    pub added: String,
    pub updated: String,
    /// Hash of every field above but the address's (slug, added, updated): those change in
    /// the addresses stage, after the source is read, and `rev` is made again from this.
    pub base_rev: u64,
    /// Hash of every field above: a page that shows this article changes exactly when this
    /// changes.
    pub rev: u64,
}

impl Article {
    /// A curated article with this id as its path, title and slug, and nothing else set: for
    /// tests to fill in what they are about.
    #[cfg(test)]
    pub fn bare(id: &str) -> Article {
        Article {
            id: id.into(),
            file: id.into(),
            index: 0,
            kind: SourceKind::Curated,
            slug: Slug::from_text(id, "x"),
            slug_explicit: false,
            aliases: Vec::new(),
            title: id.into(),
            date: None,
            source: None,
            credits: Vec::new(),
            url: None,
            byline: None,
            topics: Vec::new(),
            people: Vec::new(),
            summary: None,
            lang: None,
            draft: false,
            words: 1,
            terms_hash: 0,
            un_documents: Vec::new(),
            body_hash: 0,
            content_hash: 0,
            added: String::new(),
            updated: String::new(),
            base_rev: 0,
            rev: 0,
        }
    }

    /// The slug made from a title (the article's address unless the editor or the addresses
    /// file says otherwise).
    pub fn slug_from_title(title: &str, index: usize) -> Slug {
        Slug::from_text(title, &format!("article-{}", index + 1))
    }

    /// Sets `rev` to the hash of every other field.
    pub fn rehash(&mut self) {
        // The address's fields are set aside, so that `readdress` need not hash the rest again.
        let slug = std::mem::replace(&mut self.slug, Slug::placeholder());
        let (added, updated) = (std::mem::take(&mut self.added), std::mem::take(&mut self.updated));
        (self.base_rev, self.rev) = (0, 0);
        let fields = postcard::to_stdvec(&*self).unwrap_or_default();
        (self.slug, self.added, self.updated) = (slug, added, updated);
        self.base_rev = crate::hash::hash64(&[&fields]);
        self.readdress();
    }

    /// Sets `rev` again after the addresses stage changed the slug or the times.
    pub fn readdress(&mut self) {
        let base = self.base_rev.to_le_bytes();
        let parts: [&[u8]; 4] = [
            &base,
            self.slug.as_str().as_bytes(),
            self.added.as_bytes(),
            self.updated.as_bytes(),
        ];
        self.rev = crate::hash::hash64(&parts);
    }

    /// A hash of what a reader sees (not topics or search terms, which rules may change).
    /// XXH3, as the body's hash: the addresses file's hashes stay valid across versions.
    pub fn reader_hash(&self) -> u64 {
        let date = self.date.map(|d| d.to_string()).unwrap_or_default();
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        for part in [
            self.title.as_str(),
            &date,
            self.summary.as_deref().unwrap_or(""),
            self.source.as_deref().unwrap_or(""),
            self.byline.as_deref().unwrap_or(""),
            self.url.as_deref().unwrap_or(""),
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        // Credits are hashed only when there are some, so that articles without them keep the
        // hashes recorded before briefing had credits.
        if !self.credits.is_empty() {
            let credits = self.credits.join("\n");
            h.update(&(credits.len() as u64).to_le_bytes());
            h.update(credits.as_bytes());
        }
        h.update(&self.body_hash.to_le_bytes());
        h.digest()
    }

    /// Minutes a reader needs, at 230 words a minute, never less than one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(230).max(1)
    }
}

/// An article as read from its source, before enrichment: what front matter, a clipping and a
/// sidecar can say. `None` means "not said", so later rules may fill it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub index: usize,
    pub title: String,
    pub slug: Option<String>,
    /// Earlier addresses to redirect here, as the editor wrote them.
    pub aliases: Vec<String>,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    /// Wire agencies credited apart from the source.
    pub credits: Vec<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub topics: Option<Vec<String>>,
    pub people: Option<Vec<String>>,
    pub summary: Option<String>,
    pub draft: bool,
    /// A clipping showed no headline: `title` was made from the first sentence.
    pub title_from_text: bool,
    /// The body as Markdown.
    pub body: String,
    /// Lines in the source file where fields were set, for errors (`topics` → line 5).
    pub lines: FieldLines,
}

impl Draft {
    /// The draft without characters that no output may hold (see [`crate::text::scrub`]).
    pub fn scrubbed(mut self) -> Draft {
        use crate::text::scrub_in_place as scrub;
        scrub(&mut self.title);
        scrub(&mut self.body);
        let lists = self.topics.iter_mut().chain(self.people.iter_mut()).flatten();
        let fields = [
            &mut self.slug,
            &mut self.source,
            &mut self.url,
            &mut self.byline,
            &mut self.summary,
        ];
        fields
            .into_iter()
            .flatten()
            .chain(lists)
            .chain(&mut self.aliases)
            .chain(&mut self.credits)
            .for_each(scrub);
        self
    }
}

/// 1-based lines where front matter or a sidecar set a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldLines {
    pub topics: Option<usize>,
    pub slug: Option<usize>,
    pub date: Option<usize>,
    pub aliases: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::Article;

    /// `addresses.toml` records this hash: a new version of briefing that computed another
    /// would mark every article of every archive as corrected.
    #[test]
    fn the_reader_hash_does_not_change_between_versions() {
        let mut a = Article {
            title: "Kim meets Putin".into(),
            date: Some("2024-06-19".parse().unwrap()),
            source: Some("Yonhap".into()),
            body_hash: crate::hash::stable64(b"Body."),
            ..Article::bare("a.md")
        };
        assert_eq!(format!("{:016x}", a.reader_hash()), "a3d0662d35dda647");
        let before = a.reader_hash();
        a.topics.push("nk-russia".into());
        a.terms_hash = 7;
        assert_eq!(
            a.reader_hash(),
            before,
            "topics and search terms are not what a reader sees"
        );
        a.title.push('!');
        assert_ne!(a.reader_hash(), before);
    }

    /// The addresses stage sets a new slug and times with `readdress`: the article's `rev` must
    /// be what hashing it whole gives, and change with each of those fields.
    #[test]
    fn readdressing_gives_the_rev_of_a_whole_rehash() {
        let mut a = Article {
            title: "Kim meets Putin".into(),
            ..Article::bare("a.md")
        };
        a.rehash();
        let first = a.rev;
        a.slug = crate::slug::Slug::parse("kim-meets-putin").unwrap();
        a.added = "2024-06-19T00:00:00Z".into();
        a.readdress();
        let readdressed = a.rev;
        assert_ne!(readdressed, first);
        a.rehash();
        assert_eq!(a.rev, readdressed);
        a.updated = "2024-06-20T00:00:00Z".into();
        a.readdress();
        assert_ne!(a.rev, readdressed);
        a.title.push('!');
        let before = a.rev;
        a.rehash();
        assert_ne!(a.rev, before, "every other field is in the base");
    }
}
