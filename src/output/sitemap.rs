//! sitemap.xml and robots.txt.

use crate::markdown::html_escape;
use crate::render::urls::Urls;

/// The sitemaps protocol allows 50,000 URLs per file; above that an index names the parts.
const PER_FILE: usize = 50_000;

/// Sitemap files for the given page routes (already in a stable order), each with the time
/// it last changed when that is known ("" when not).
pub fn files(routes: &[(&str, &str)], urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let chunks: Vec<&[(&str, &str)]> = routes.chunks(PER_FILE).collect();
    // The base escaped once; a route is escaped only when it has something to escape (slugs
    // never do): eleven thousand URLs are written on every rebuild.
    let base = html_escape(&urls.absolute(""));
    let urlset = |chunk: &[(&str, &str)]| {
        let mut s = String::with_capacity(chunk.len() * 80 + 200);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (r, lastmod) in chunk {
            s.push_str("  <url><loc>");
            s.push_str(&base);
            if r.contains(['&', '<', '>', '"', '\'']) {
                s.push_str(&html_escape(r));
            } else {
                s.push_str(r);
            }
            s.push_str("</loc>");
            if !lastmod.is_empty() {
                // (A time the build wrote itself, in RFC 3339: nothing to escape.)
                s.push_str("<lastmod>");
                s.push_str(lastmod);
                s.push_str("</lastmod>");
            }
            s.push_str("</url>\n");
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    if chunks.len() <= 1 {
        return vec![("sitemap.xml".into(), urlset(routes))];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            html_escape(&urls.absolute(&name))
        ));
        out.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    out.push(("sitemap.xml".into(), index.into_bytes()));
    out
}

/// Crawlers read robots.txt only at a host's root: a site published under a sub-path gets
/// none (the README says to name its sitemap in the host's own robots.txt).
pub fn robots(urls: &Urls) -> Option<Vec<u8>> {
    (urls.base_path() == "/")
        .then(|| format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.absolute("sitemap.xml")).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_only_at_the_root_of_a_host() {
        let root = robots(&Urls::new("https://example.org/")).unwrap();
        assert!(
            String::from_utf8(root)
                .unwrap()
                .contains("Sitemap: https://example.org/sitemap.xml")
        );
        assert!(robots(&Urls::new("https://example.org/briefing/")).is_none());
    }
}
