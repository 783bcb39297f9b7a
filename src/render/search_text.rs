//! An article's text for search (`search/text/<slug>.json`): its summary and the paragraphs
//! of its body, as a JSON list of strings. The browser fetches it only for the results it
//! shows, to cut an excerpt around the match and to check a phrase's words stand together.

use super::*;

/// One text per article; it shows the article alone.
pub(super) fn plan(p: &Planner) -> Vec<Page> {
    use rayon::prelude::*;
    let (a, revs) = (p.a, p.revs.as_slice());
    a.articles
        .par_iter()
        .enumerate()
        .map(|(i, art)| {
            let r = route::search_text(&art.slug);
            Page {
                fingerprint: p.fp(&r).arts(revs, &[i]).done(),
                route: r,
                kind: PageKind::SearchText(i),
            }
        })
        .collect()
}

impl Renderer<'_> {
    /// The JSON of an article's text (escaped for HTML, as the rest of the index is: it holds
    /// scraped text).
    pub(super) fn search_text(&self, i: usize, body: &BodyFn) -> Result<Vec<u8>, Diagnostic> {
        let art = &self.archive.articles[i];
        let html = body(art)?;
        let mut parts = vec![art.summary.clone().unwrap_or_default()];
        parts.extend(crate::text::html_paragraphs(&html));
        Ok(crate::text::json_for_html(&parts).into_bytes())
    }
}
