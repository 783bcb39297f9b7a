//! Every link the site makes, built from the base URL in one place.
//!
//! Pages link with root-relative paths that carry the base URL's path ("/briefing/…"), so a
//! site works at a host's root and under a sub-path alike; feeds and the sitemap need
//! absolute URLs and get them from [`Urls::absolute`]. Templates never glue paths by hand.

use crate::slug::Slug;

#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute, with one trailing slash: `https://example.org/briefing/`.
    base: String,
    /// The base's path, with leading and trailing slash: `/briefing/`.
    path: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let base = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let path = url::Url::parse(&base)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        Urls { base, path }
    }

    /// Root-relative link to a route ("" is the home page).
    pub fn link(&self, route: &str) -> String {
        // (`concat`, not `format!`: ten thousand pages and their cards call these.)
        [self.path.as_str(), route].concat()
    }

    pub fn absolute(&self, route: &str) -> String {
        [self.base.as_str(), route].concat()
    }

    pub fn base_path(&self) -> &str {
        &self.path
    }
}

/// Routes: paths relative to the output folder. A route ending in `/` is a page written as
/// `index.html` inside that folder (pretty URLs).
pub mod route {
    use super::Slug;

    pub fn article(slug: &Slug) -> String {
        ["articles/", slug.as_str(), "/"].concat()
    }
    /// An article's text for search (see `render::search_text`).
    pub fn search_text(slug: &Slug) -> String {
        ["search/text/", slug.as_str(), ".json"].concat()
    }
    pub fn topic(slug: &Slug) -> String {
        format!("topics/{slug}/")
    }
    pub fn person(slug: &Slug) -> String {
        format!("people/{slug}/")
    }
    pub fn source(slug: &Slug) -> String {
        format!("sources/{slug}/")
    }
    pub fn year(year: i16) -> String {
        format!("timeline/{year}/")
    }
    /// A month of the timeline; `None`: the articles of that year whose month is not known.
    pub fn month(year: i16, month: Option<u8>) -> String {
        match month {
            Some(m) => format!("timeline/{year}/{m:02}/"),
            None => format!("timeline/{year}/month-not-known/"),
        }
    }
    pub const OTHER: &str = "topics/other/";
    pub const TOPICS: &str = "topics/";
    pub const PEOPLE: &str = "people/";
    pub const SOURCES: &str = "sources/";
    pub const TIMELINE: &str = "timeline/";
    pub const UNDATED: &str = "timeline/undated/";
    pub const SEARCH: &str = "search/";
    pub const FEED: &str = "atom.xml";

    /// Page `n` of a paginated listing whose first page (page 0) is `first`.
    pub fn page(first: &str, n: usize) -> String {
        if n == 0 {
            first.to_string()
        } else {
            format!("{first}page/{n}/")
        }
    }

    pub fn feed_of(first: &str) -> String {
        format!("{first}atom.xml")
    }

    /// The file a route is written to.
    pub fn file(route: &str) -> String {
        if route.is_empty() || route.ends_with('/') {
            [route, "index.html"].concat()
        } else {
            route.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path() {
        let u = Urls::new("https://example.org/briefing/");
        assert_eq!(u.link("articles/a/"), "/briefing/articles/a/");
        assert_eq!(u.absolute("atom.xml"), "https://example.org/briefing/atom.xml");
        let root = Urls::new("https://example.org");
        assert_eq!(root.link(""), "/");
        assert_eq!(route::file(""), "index.html");
        assert_eq!(route::file("topics/x/page/2/"), "topics/x/page/2/index.html");
        assert_eq!(route::page("topics/x/", 0), "topics/x/");
        assert_eq!(route::page("topics/x/", 1), "topics/x/page/1/");
    }
}
