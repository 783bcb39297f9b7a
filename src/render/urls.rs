//! Every link the site makes, built from the base URL in one place.
//!
//! Pages link with root-relative paths that carry the base URL's path ("/briefing/…"), so a
//! site works at a host's root and under a sub-path alike; feeds and the sitemap need
//! absolute URLs and get them from [`Urls::absolute`]. Templates never glue paths by hand.
//!
//! With `relative_urls`, a page links with paths relative to itself instead ([`Urls::relative_to`]):
//! `../../topics/nk-russia/index.html`. A link to a page names its `index.html`, because a
//! browser opening the site from `file://` shows a folder as a listing of its files, not as
//! its `index.html`; a web server serves that file for the folder's address as well.

use crate::slug::Slug;

#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute, with one trailing slash: `https://example.org/briefing/`.
    base: String,
    /// What every link starts with: the base's path, with leading and trailing slash
    /// (`/briefing/`), or with relative links the way up to the site's root (`../../`, or "").
    path: String,
    /// Links are relative to one page, and name the `index.html` of a page's folder.
    relative: bool,
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
        Urls {
            base,
            path,
            relative: false,
        }
    }

    /// The same site, linked to from the page at `page_route` with relative paths.
    pub fn relative_to(&self, page_route: &str) -> Urls {
        Urls {
            base: self.base.clone(),
            path: "../".repeat(route::depth(page_route)),
            relative: true,
        }
    }

    /// Link to a route ("" is the home page): root-relative, or relative to the page these
    /// links are for (see [`Urls::relative_to`]).
    pub fn link(&self, route: &str) -> String {
        // (`concat`, not `format!`: ten thousand pages and their cards call these.)
        match self.relative {
            false => [self.path.as_str(), route].concat(),
            true => [self.path.as_str(), &route::file(route)].concat(),
        }
    }

    /// Link to a folder of the site as a folder (the search index's, which the search script
    /// adds file names to), never to its `index.html`.
    pub fn folder(&self, route: &str) -> String {
        [self.path.as_str(), route].concat()
    }

    pub fn is_relative(&self) -> bool {
        self.relative
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

    /// How many folders deep the file of a route is ("topics/x/" is 2: topics/x/index.html).
    pub fn depth(route: &str) -> usize {
        file(route).bytes().filter(|&b| b == b'/').count()
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

    #[test]
    fn relative_links_climb_to_the_root_and_name_index_files() {
        let u = Urls::new("https://example.org/briefing/");
        let topic = u.relative_to("topics/nk-russia/");
        assert_eq!(topic.link("articles/a/"), "../../articles/a/index.html");
        assert_eq!(topic.link(""), "../../index.html");
        assert_eq!(topic.link("static/style.css"), "../../static/style.css");
        assert_eq!(topic.folder("search/"), "../../search/");
        assert_eq!(
            topic.absolute("topics/nk-russia/"),
            "https://example.org/briefing/topics/nk-russia/"
        );
        let home = u.relative_to("");
        assert_eq!(home.link("timeline/"), "timeline/index.html");
        assert_eq!(u.relative_to("404.html").link(""), "index.html");
        assert_eq!(
            u.relative_to("topics/x/page/2/").link("topics/x/"),
            "../../../../topics/x/index.html"
        );
    }
}
