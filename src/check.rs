//! `briefing check`'s link checker: the site built into a scratch folder (never site/), read
//! back, and every page's links, `#anchors` and assets checked against the files the build
//! made; the articles checked for a date, a source and a topic; with `--external`, the
//! addresses outside the site asked over HTTP (see [`external`]).

pub mod external;
pub mod html;

use crate::archive::Archive;
use crate::render::urls::route;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use url::Url;

/// What an article page is made from, for findings to name its source file.
#[derive(Debug, Clone)]
pub struct ArticleFacts {
    /// The page's file in the site: `articles/slug/index.html`.
    pub page: String,
    /// `content/…`, the file the article comes from.
    pub source: String,
    pub dated: bool,
    pub has_source: bool,
    pub has_topic: bool,
}

/// The facts of every article of an archive.
pub fn inventory(a: &Archive) -> Vec<ArticleFacts> {
    a.articles
        .iter()
        .map(|art| ArticleFacts {
            page: route::file(&route::article(&art.slug)),
            source: Path::new("content").join(&art.file).display().to_string(),
            dated: art.date.is_some(),
            has_source: art.source.is_some(),
            has_topic: !art.topics.is_empty(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    BrokenLink,
    MissingAnchor,
    MissingAsset,
    NoAlt,
    DeadExternal,
    Redirected,
    NoDate,
    NoSource,
    NoTopic,
}

impl Kind {
    /// Broken: the check fails. The rest are worth an editor's look (they fail `--strict`).
    pub fn is_broken(self) -> bool {
        matches!(
            self,
            Kind::BrokenLink | Kind::MissingAnchor | Kind::MissingAsset | Kind::NoAlt | Kind::DeadExternal
        )
    }

    fn label(self) -> &'static str {
        match self {
            Kind::BrokenLink => "broken link",
            Kind::MissingAnchor => "missing anchor",
            Kind::MissingAsset => "missing asset",
            Kind::NoAlt => "image without alt text",
            Kind::DeadExternal => "dead external link",
            Kind::Redirected => "redirected",
            Kind::NoDate => "no date",
            Kind::NoSource => "no source",
            Kind::NoTopic => "no topic",
        }
    }
}

/// One thing found wrong, on one page of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The page's file in the site.
    pub page: String,
    pub kind: Kind,
    pub detail: String,
    /// The article's source file, for an article's page.
    pub source: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.page, self.kind.label(), self.detail)?;
        match &self.source {
            Some(s) => write!(f, " (from {s})"),
            None => Ok(()),
        }
    }
}

/// What a check found, and how much it looked at.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub pages: usize,
    pub links: usize,
    /// Outbound addresses: each page that links to each (with the line), by address.
    pub outbound: BTreeMap<String, Vec<(String, u64)>>,
    /// How many outbound addresses were asked (with `--external`).
    pub external: usize,
}

impl Outcome {
    pub fn broken(&self) -> usize {
        self.findings.iter().filter(|f| f.kind.is_broken()).count()
    }

    pub fn summary(&self) -> String {
        let warnings = self.findings.len() - self.broken();
        let mut s = format!("{} pages, {} links checked", self.pages, self.links);
        if self.external > 0 {
            s += &format!(" ({} external addresses asked)", self.external);
        }
        s + &format!(", {} broken, {} warnings", self.broken(), warnings)
    }
}

/// Checks every page of a built site (`files`: every file by its path in the site, `/`
/// separated) against the others.
pub fn check_site(files: &BTreeMap<String, Vec<u8>>, base_url: &str, articles: &[ArticleFacts]) -> Outcome {
    let base = Url::parse(base_url).expect("base_url was checked when the configuration was read");
    let scans: BTreeMap<&str, html::Scan> = files
        .par_iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(f, b)| (f.as_str(), html::scan(&String::from_utf8_lossy(b))))
        .collect();
    let site = Site {
        files,
        scans: &scans,
        base,
    };
    let sources: BTreeMap<&str, &str> = articles.iter().map(|a| (a.page.as_str(), a.source.as_str())).collect();
    let mut out = Outcome {
        pages: scans.len(),
        ..Outcome::default()
    };
    for (page, scan) in &scans {
        out.links += scan.refs.len();
        site.check_page(page, scan, &mut out);
    }
    for a in articles {
        for (missing, kind, what) in [
            (!a.dated, Kind::NoDate, "it is listed under Undated"),
            (!a.has_source, Kind::NoSource, "no outlet is named"),
            (!a.has_topic, Kind::NoTopic, "it is listed under Other Korea news"),
        ] {
            if missing {
                out.findings.push(finding(&a.page, kind, what.into()));
            }
        }
    }
    for f in &mut out.findings {
        f.source = sources.get(f.page.as_str()).map(|s| s.to_string());
    }
    out.findings.sort();
    out.findings.dedup();
    out
}

/// Adds what `--external` found to `out`: each dead or moved address, on each page that
/// links to it.
pub fn add_external(out: &mut Outcome, settings: &external::Settings, articles: &[ArticleFacts]) {
    let urls: Vec<String> = out.outbound.keys().cloned().collect();
    let answers = external::check(&urls, settings);
    out.external = urls.len();
    let sources: BTreeMap<&str, &str> = articles.iter().map(|a| (a.page.as_str(), a.source.as_str())).collect();
    for (url, answer) in urls.iter().zip(answers) {
        let (kind, what) = match answer {
            external::Answer::Ok => continue,
            external::Answer::Moved(to) => (Kind::Redirected, format!("{url} now answers at {to}")),
            external::Answer::Status(s) => (Kind::DeadExternal, format!("{url} answers HTTP {s}")),
            external::Answer::Failed(why) => (Kind::DeadExternal, format!("{url}: {why}")),
        };
        for (page, line) in &out.outbound[url] {
            let mut f = finding(page, kind, format!("line {line}: {what}"));
            f.source = sources.get(page.as_str()).map(|s| s.to_string());
            out.findings.push(f);
        }
    }
    out.findings.sort();
    out.findings.dedup();
}

fn finding(page: &str, kind: Kind, detail: String) -> Finding {
    Finding {
        page: page.to_string(),
        kind,
        detail,
        source: None,
    }
}

struct Site<'a> {
    files: &'a BTreeMap<String, Vec<u8>>,
    scans: &'a BTreeMap<&'a str, html::Scan>,
    base: Url,
}

impl Site<'_> {
    fn check_page(&self, page: &str, scan: &html::Scan, out: &mut Outcome) {
        for &line in &scan.images_without_alt {
            out.findings.push(finding(
                page,
                Kind::NoAlt,
                format!("line {line}: an <img> has no alt attribute"),
            ));
        }
        let Ok(page_url) = self.base.join(page) else { return };
        for r in &scan.refs {
            let Ok(target) = page_url.join(r.url.trim()) else {
                let kind = if r.asset { Kind::MissingAsset } else { Kind::BrokenLink };
                out.findings.push(finding(
                    page,
                    kind,
                    format!("line {}: {:?} is not an address", r.line, r.url),
                ));
                continue;
            };
            if !matches!(target.scheme(), "http" | "https") {
                continue; // mailto:, tel:, data: images: nothing to fetch
            }
            match self.inside(&target) {
                Some(path) => self.check_internal(page, r, &path, target.fragment(), out),
                None => {
                    let mut bare = target.clone();
                    bare.set_fragment(None);
                    out.outbound
                        .entry(bare.to_string())
                        .or_default()
                        .push((page.to_string(), r.line));
                }
            }
        }
    }

    /// The path in the site of an address under the base URL, decoded ("" is the home page).
    fn inside(&self, target: &Url) -> Option<String> {
        if target.origin() != self.base.origin() {
            return None;
        }
        let rest = target.path().strip_prefix(self.base.path())?;
        Some(
            percent_encoding::percent_decode_str(rest)
                .decode_utf8_lossy()
                .into_owned(),
        )
    }

    fn check_internal(&self, page: &str, r: &html::Ref, path: &str, fragment: Option<&str>, out: &mut Outcome) {
        let file = route::file(path);
        let file = match self.files.contains_key(&file) {
            true => file,
            // A folder's address without its slash: a server redirects it to the folder.
            false => format!("{file}/index.html"),
        };
        if !self.files.contains_key(&file) {
            let kind = if r.asset { Kind::MissingAsset } else { Kind::BrokenLink };
            out.findings.push(finding(
                page,
                kind,
                format!("line {}: {} names no file of the site", r.line, r.url),
            ));
            return;
        }
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return;
        };
        let Some(target) = self.scans.get(file.as_str()) else {
            return;
        };
        let id = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if !target.ids.contains(id.as_ref()) {
            let detail = format!("line {}: {} — {file} has no id {id:?}", r.line, r.url);
            out.findings.push(finding(page, Kind::MissingAnchor, detail));
        }
    }
}

/// Every file under `dir`, by its path inside it (`/` separated).
pub fn read_site(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("under dir");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.insert(rel.join("/"), std::fs::read(entry.path())?);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(f, h)| (f.to_string(), h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn finds_broken_links_anchors_and_assets_and_nothing_else() {
        let files = site(&[
            (
                "index.html",
                "<a href=\"/b/a/\">a</a> <a href=\"a/index.html#top\">t</a> <a href=\"a/#nope\">n</a> <a href=\"/b/gone/\">g</a> <img alt=\"\" src=\"static/x.png\"> <a href=\"https://elsewhere.org/p#f\">e</a> <a href=\"mailto:x@y.z\">m</a>",
            ),
            (
                "a/index.html",
                "<h1 id=\"top\">A</h1><link rel=\"stylesheet\" href=\"../static/s.css\"><a href=\"../index.html\">home</a> <a href=\"https://example.org/b/a/\">self</a>",
            ),
            ("static/s.css", ""),
        ]);
        let out = check_site(&files, "https://example.org/b/", &[]);
        let found: Vec<(&str, Kind)> = out.findings.iter().map(|f| (f.page.as_str(), f.kind)).collect();
        assert_eq!(
            found,
            [
                ("index.html", Kind::BrokenLink),
                ("index.html", Kind::MissingAnchor),
                ("index.html", Kind::MissingAsset)
            ]
        );
        assert_eq!(out.outbound.keys().collect::<Vec<_>>(), ["https://elsewhere.org/p"]);
        assert_eq!((out.pages, out.links, out.broken()), (2, 10, 3));
    }
}
