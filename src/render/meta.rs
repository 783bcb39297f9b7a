//! What a page says about itself to search engines and link previews: its description, the
//! Open Graph and Twitter tags `base.html` writes, and schema.org JSON-LD.
//!
//! Every value comes from what the page's fingerprint (`plan`) already covers: an article's
//! own fields (its `rev`, which includes its body hash and its `updated` time), the articles a
//! listing shows (their `rev`s), the months and counts of the timeline's pages, and the
//! settings (the `global` hash). The JSON-LD is made with serde_json and escaped by
//! [`crate::text::json_for_html`], so no title can end the `<script>` element it sits in.

use super::listing::listing_parts;
use super::{Listing, Renderer, Terms, route};
use crate::archive::Month;
use crate::model::Article;
use crate::slug::Slug;
use serde::Serialize;
use serde_json::{Value, json};

/// A page's metadata as `base.html` shows it (`meta` in every page's context).
#[derive(Serialize)]
pub(super) struct PageMeta {
    description: String,
    /// `article` or `website`.
    og_type: &'static str,
    /// `og:locale` (`en_US`), when the language names one plainly.
    locale: Option<String>,
    /// `article:published_time`: only for a date known to the day (a month is not a time).
    published_time: Option<String>,
    /// `article:modified_time`: when the article entered the archive or was last corrected.
    modified_time: Option<String>,
    /// `article:section`: the first topic's name.
    section: Option<String>,
    /// `article:tag`s: topic names, then people.
    tags: Vec<String>,
    /// schema.org JSON-LD, already escaped for a `<script type="application/ld+json">`.
    json_ld: Option<String>,
}

/// An entry of a schema.org `ItemList`: its address (absolute) and name.
pub(super) struct Item {
    pub url: String,
    pub name: String,
}

/// The original article's address, when it is one a page may link to.
pub(super) fn original_url(art: &Article) -> Option<&str> {
    art.url
        .as_deref()
        .filter(|u| crate::markdown::safe_url(u) && u.contains("://"))
}

/// `og:locale` for a BCP 47 language: its region when it has one (`en-GB` → `en_GB`), else
/// the one territory a few languages plainly have; `None` rather than a guess.
fn og_locale(lang: &str) -> Option<String> {
    let mut parts = lang.split(['-', '_']);
    let language = parts.next()?.to_ascii_lowercase();
    if let Some(region) = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())) {
        return Some(format!("{language}_{}", region.to_ascii_uppercase()));
    }
    let region = match language.as_str() {
        "en" => "US",
        "ko" => "KR",
        "ru" => "RU",
        "ja" => "JP",
        "fr" => "FR",
        "de" => "DE",
        _ => return None,
    };
    Some(format!("{language}_{region}"))
}

/// Sets `key` when there is a value (schema.org wants absent fields left out, not null).
fn put(obj: &mut Value, key: &str, value: Option<Value>) {
    if let (Some(map), Some(v)) = (obj.as_object_mut(), value) {
        map.insert(key.to_string(), v);
    }
}

fn organization(name: &str) -> Value {
    json!({ "@type": "Organization", "name": name })
}

impl Renderer<'_> {
    /// The site as JSON-LD refers to it from its pages.
    fn website_ref(&self) -> Value {
        json!({ "@type": "WebSite", "name": self.config.title, "url": self.urls.absolute("") })
    }

    /// Metadata of a page that is not an article.
    fn website(&self, description: String, json_ld: Option<Value>) -> PageMeta {
        PageMeta {
            description,
            og_type: "website",
            locale: og_locale(&self.config.language),
            published_time: None,
            modified_time: None,
            section: None,
            tags: Vec::new(),
            json_ld: json_ld.map(|v| crate::text::json_for_html(&v)),
        }
    }

    /// The home page: the site, with a `SearchAction` that opens the search page.
    pub(super) fn home_meta(&self) -> PageMeta {
        let search = format!("{}?q={{search_term_string}}", self.urls.absolute(route::SEARCH));
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self.config.title,
            "description": self.config.description,
            "url": self.urls.absolute(""),
            "inLanguage": self.config.language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": { "@type": "EntryPoint", "urlTemplate": search },
                "query-input": "required name=search_term_string",
            },
        });
        self.website(self.config.description.clone(), Some(ld))
    }

    /// A page that lists things (articles, months, years, topics…): a `CollectionPage` whose
    /// main entity is the `ItemList` of what this page shows, in its order.
    pub(super) fn collection_meta(
        &self,
        page_route: &str,
        name: &str,
        description: String,
        items: Vec<Item>,
        about: Option<Value>,
    ) -> PageMeta {
        let elements: Vec<Value> = items
            .into_iter()
            .enumerate()
            .map(|(k, it)| json!({ "@type": "ListItem", "position": k + 1, "url": it.url, "name": it.name }))
            .collect();
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": name,
            "description": description,
            "url": self.urls.absolute(page_route),
            "inLanguage": self.config.language,
            "isPartOf": self.website_ref(),
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": elements.len(),
                "itemListElement": elements,
            },
        });
        put(&mut ld, "about", about);
        self.website(description, Some(ld))
    }

    /// A page with no structured data of its own (search, the 404 page).
    pub(super) fn plain_meta(&self, description: &str) -> PageMeta {
        self.website(description.to_string(), None)
    }

    /// Articles as `ItemList` entries.
    pub(super) fn article_items(&self, items: &[usize]) -> Vec<Item> {
        let arts = &self.archive.articles;
        items
            .iter()
            .map(|&i| Item {
                url: self.urls.absolute(&route::article(&arts[i].slug)),
                name: arts[i].title.clone(),
            })
            .collect()
    }

    /// An article page: description, Open Graph `article` tags and a `NewsArticle`.
    pub(super) fn article_meta(&self, i: usize, body_html: &str) -> PageMeta {
        let art = &self.archive.articles[i];
        let topics: Vec<String> = self.topic_links(art).into_iter().map(|t| t.name).collect();
        let description = (art.summary.clone())
            .or_else(|| first_sentence(body_html))
            .unwrap_or_else(|| art.title.clone());
        let lang = art.lang.as_deref().unwrap_or(&self.config.language);
        let ld = self.news_article(art, &topics, &description, lang);
        PageMeta {
            description,
            og_type: "article",
            locale: og_locale(lang),
            published_time: art.date.filter(|d| d.day().is_some()).map(|d| d.to_string()),
            modified_time: (!art.updated.is_empty()).then(|| art.updated.clone()),
            section: topics.first().cloned(),
            tags: topics.iter().chain(&art.people).cloned().collect(),
            json_ld: Some(crate::text::json_for_html(&ld)),
        }
    }

    /// schema.org `NewsArticle`: the date at the precision known (`2024`, `2024-06` or
    /// `2024-06-19`), the byline as author (else the source), the source as publisher (else
    /// this site), and the original as what the page is based on.
    fn news_article(&self, art: &Article, topics: &[String], description: &str, lang: &str) -> Value {
        let url = self.urls.absolute(&route::article(&art.slug));
        let source = art.source.as_deref().map(organization);
        let author = match (&art.byline, &source) {
            (Some(b), _) => Some(json!({ "@type": "Person", "name": b })),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        };
        let publisher = source.unwrap_or_else(|| organization(&self.config.title));
        let people: Vec<Value> = (art.people.iter())
            .map(|p| {
                let page = self.urls.absolute(&route::person(&Slug::from_text(p, "unnamed")));
                json!({ "@type": "Person", "name": p, "url": page })
            })
            .collect();
        let keywords: Vec<&String> = topics.iter().chain(&art.people).collect();
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art.title,
            "description": description,
            "url": url,
            "mainEntityOfPage": { "@type": "WebPage", "@id": url },
            "inLanguage": lang,
            "publisher": publisher,
            "isPartOf": self.website_ref(),
            "wordCount": art.words,
        });
        put(&mut ld, "datePublished", art.date.map(|d| json!(d.to_string())));
        put(
            &mut ld,
            "dateModified",
            (!art.updated.is_empty()).then(|| json!(art.updated)),
        );
        put(&mut ld, "author", author);
        put(&mut ld, "isBasedOn", original_url(art).map(|u| json!(u)));
        put(&mut ld, "articleSection", topics.first().map(|t| json!(t)));
        put(&mut ld, "keywords", (!keywords.is_empty()).then(|| json!(keywords)));
        put(&mut ld, "about", (!people.is_empty()).then_some(Value::Array(people)));
        ld
    }
}

/// "1 article", "12 articles".
fn articles(n: usize) -> String {
    format!("{n} article{}", if n == 1 { "" } else { "s" })
}

/// The pages that list things, each with its `ItemList`.
impl Renderer<'_> {
    /// A page of a topic's, person's or source's listing (or Other, or Undated): the
    /// articles this page shows. `description`: the one the page shows, if any.
    pub(super) fn listing_meta(
        &self,
        listing: Listing,
        page_route: &str,
        shown_title: &str,
        description: Option<&str>,
        chunk: &[usize],
    ) -> PageMeta {
        let (name, _, _) = listing_parts(self.archive, listing);
        let site = &self.config.title;
        let (fallback, about) = match listing {
            Listing::Person(_) => (
                format!("Articles in {site} that name {name}."),
                Some(json!({ "@type": "Person", "name": name })),
            ),
            Listing::Source(_) => (format!("Articles from {name} in {site}."), Some(organization(&name))),
            _ => (format!("{name}: articles in {site}."), None),
        };
        let description = (description.map(str::trim))
            .filter(|d| !d.is_empty())
            .map_or(fallback, str::to_string);
        let items = self.article_items(chunk);
        self.collection_meta(page_route, shown_title, description, items, about)
    }

    /// The list of topics, people or sources.
    pub(super) fn terms_meta(&self, kind: Terms, page_route: &str, title: &str, intro: &str) -> PageMeta {
        let a = self.archive;
        let item = |r: String, name: &str| Item {
            url: self.urls.absolute(&r),
            name: name.to_string(),
        };
        let items: Vec<Item> = match kind {
            Terms::Topics => (a.topics.iter())
                .map(|f| item(route::topic(&f.slug), &f.name))
                .chain([item(route::OTHER.into(), "Other Korea news")])
                .collect(),
            Terms::People => a.people.iter().map(|f| item(route::person(&f.slug), &f.name)).collect(),
            Terms::Sources => a
                .sources
                .iter()
                .map(|f| item(route::source(&f.slug), &f.name))
                .collect(),
        };
        self.collection_meta(page_route, title, intro.to_string(), items, None)
    }

    /// The timeline's overview: its years, newest first as the page lists them.
    pub(super) fn timeline_meta(&self, page_route: &str) -> PageMeta {
        let years = self.archive.years.keys().rev().map(|y| Item {
            url: self.urls.absolute(&route::year(*y)),
            name: y.to_string(),
        });
        let description = format!(
            "Every dated article in {} by year and month; articles whose date is not known are listed apart.",
            self.config.title
        );
        self.collection_meta(page_route, "Timeline", description, years.collect(), None)
    }

    /// A year of the timeline: its months.
    pub(super) fn year_meta(&self, year: i16, page_route: &str) -> PageMeta {
        let months = self.archive.months_in(year).iter().map(|m| Item {
            url: self.urls.absolute(&route::month(m.year, m.month)),
            name: m.name(),
        });
        let count = self.archive.years.get(&year).map_or(0, Vec::len);
        let description = format!("{year} in {}: {}, month by month.", self.config.title, articles(count));
        self.collection_meta(page_route, &year.to_string(), description, months.collect(), None)
    }

    /// A month of the timeline: its articles, oldest first.
    pub(super) fn month_meta(&self, m: &Month, page_route: &str) -> PageMeta {
        let items = self.article_items(self.archive.month_items(m));
        let name = m.name();
        let description = format!(
            "{} of {name} in {}, oldest first.",
            articles(items.len()),
            self.config.title
        );
        self.collection_meta(page_route, &name, description, items, None)
    }
}

/// The longest description a page gets from its body, in characters.
const DESCRIPTION_CHARS: usize = 200;

/// The first sentence of an article's first paragraph, as plain text, for the description of
/// an article without a summary; cut at a word when it is long. `None` when the body has no
/// paragraph (a list or a table only).
pub(super) fn first_sentence(body_html: &str) -> Option<String> {
    let start = body_html.find("<p>").or_else(|| body_html.find("<p "))?;
    let inner = &body_html[start..];
    let inner = &inner[inner.find('>')? + 1..];
    let inner = &inner[..inner.find("</p>").unwrap_or(inner.len())];
    let text = decode_entities(&strip_tags(inner));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = &text[..sentence_end(&text)];
    if sentence.is_empty() {
        return None;
    }
    Some(shorten(sentence, DESCRIPTION_CHARS))
}

/// Text without its tags (quoted attribute values may hold `>`).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut quote) = (false, None);
    for c in html.chars() {
        match (in_tag, quote, c) {
            (false, _, '<') => in_tag = true,
            (false, _, c) => out.push(c),
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), c) if c == q => quote = None,
            (true, None, '>') => in_tag = false,
            _ => {}
        }
    }
    out
}

/// The character references an HTML writer uses for text (named ones for the five and a
/// no-break space, numeric ones for anything); any other `&` is left as it is.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n => n
                .strip_prefix("#x")
                .or_else(|| n.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| n.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the first sentence of `text` ends (after its closing quote, if any): at `.`, `!` or
/// `?` before a space, but not after an abbreviation or an initial ("U.S.", "Mr.", "N."); at
/// an ideographic full stop; else the end of the text.
fn sentence_end(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？') {
            return i + c.len_utf8();
        }
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars
            .peek()
            .filter(|(_, q)| matches!(q, '"' | '\'' | '”' | '’' | '»' | ')'))
        {
            end = j + q.len_utf8();
            chars.next();
        }
        let at_break = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if at_break && !(c == '.' && abbreviation(&text[..i])) {
            return end;
        }
    }
    text.len()
}

/// Whether the word just before a full stop is an abbreviation or an initial.
fn abbreviation(before: &str) -> bool {
    const SHORT: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "rep", "sen", "gov", "pres",
        "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec",
    ];
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let single = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single || word.contains('.') || SHORT.contains(&word.to_lowercase().as_str())
}

/// `text` cut to at most `max` characters at a word, with an ellipsis when it was cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |sp| &head[..sp]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_is_read_from_the_first_paragraph() {
        let html = "<h2>Heading</h2>\n<p>The U.S. envoy met Mr. Kim in N. Korea on Monday. He left.</p><p>Next.</p>";
        assert_eq!(
            first_sentence(html).as_deref(),
            Some("The U.S. envoy met Mr. Kim in N. Korea on Monday.")
        );
        // Escapes in the HTML are text again (the template escapes it once, for the attribute).
        let html = "<p>A &lt;b&gt; &amp; &quot;q&quot; <a href=\"x\" title=\"a>b\">link</a>! Then.</p>";
        assert_eq!(first_sentence(html).as_deref(), Some("A <b> & \"q\" link!"));
        assert_eq!(
            first_sentence("<p>김정은 위원장이 말했다. 다음.</p>").as_deref(),
            Some("김정은 위원장이 말했다.")
        );
        assert_eq!(first_sentence("<ul><li>Only a list</li></ul>"), None);
        assert_eq!(
            first_sentence("<p>He said \"no.\" Then left.</p>").as_deref(),
            Some("He said \"no.\"")
        );
    }

    #[test]
    fn a_long_first_sentence_is_cut_at_a_word() {
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let d = first_sentence(&long).unwrap();
        assert!(
            d.chars().count() <= DESCRIPTION_CHARS + 1 && d.ends_with("word…"),
            "{d}"
        );
    }

    #[test]
    fn locales_are_given_only_when_plain() {
        assert_eq!(og_locale("en").as_deref(), Some("en_US"));
        assert_eq!(og_locale("en-GB").as_deref(), Some("en_GB"));
        assert_eq!(og_locale("ko").as_deref(), Some("ko_KR"));
        assert_eq!(og_locale("sr-Latn").as_deref(), None);
        assert_eq!(og_locale("xx").as_deref(), None);
    }
}
