//! sitemap.xml and robots.txt.

use crate::markdown::html_escape;
use crate::render::urls::Urls;

/// The sitemaps protocol allows 50,000 URLs per file; above that an index names the parts.
const PER_FILE: usize = 50_000;

/// Sitemap files for the given page routes (already in a stable order).
pub fn files(routes: &[&str], urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let chunks: Vec<&[&str]> = routes.chunks(PER_FILE).collect();
    // The base escaped once; a route is escaped only when it has something to escape (slugs
    // never do): eleven thousand URLs are written on every rebuild.
    let base = html_escape(&urls.absolute(""));
    let urlset = |chunk: &[&str]| {
        let mut s = String::with_capacity(chunk.len() * 80 + 200);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for r in chunk {
            s.push_str("  <url><loc>");
            s.push_str(&base);
            if r.contains(['&', '<', '>', '"', '\'']) {
                s.push_str(&html_escape(r));
            } else {
                s.push_str(r);
            }
            s.push_str("</loc></url>\n");
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

pub fn robots(urls: &Urls) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.absolute("sitemap.xml")).into_bytes()
}
