//! Per-source work: read a source, extract or parse its drafts, apply its sidecar, and
//! enrich each draft into an `Article` (topics, people, slug, language, terms, hashes).

use super::cache::{SidecarStamp, TakenOnce, Unit};
use crate::classify::Classifier;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::{self, SourceFile, Stamp, content_path};
use crate::markdown;
use crate::model::{Article, Draft, SourceKind};
use crate::slug::Slug;
use crate::{extract, frontmatter, sidecar};
use foldhash::HashMap;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

pub(super) struct EnrichCtx<'a> {
    pub(super) config: &'a Config,
    pub(super) outlets: &'static extract::Gazetteer,
    pub(super) classifier: &'a Classifier,
    pub(super) content_dir: &'a Path,
    /// Bytes of search terms this load may still hold for the index (see [`TERMS_HELD`]).
    pub(super) terms_room: std::sync::atomic::AtomicUsize,
}

/// How many bytes of search terms a load holds for the index stage. Past that, an article's
/// terms are made for their hash and dropped, and the index makes them again from the body
/// its unit holds, scrubbed as `enrich` scrubs it (the same terms: a 10,000-article index
/// built with no terms held was byte for byte the one built with all of them held). At
/// 10,000 synthetic articles (25 MB of terms) nothing is made twice; at 100,000 (250 MB,
/// which were held through the build's busiest stretch) most are, which keeps the peak
/// memory near what it was before full-text search (docs/benchmarks.md, fifteenth session).
pub(super) const TERMS_HELD: usize = 32 << 20;

/// Whether `ctx` has room for `n` more bytes of held terms, which it then counts.
fn room_for(ctx: &EnrichCtx, n: usize) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    ctx.terms_room
        .fetch_update(Relaxed, Relaxed, |left| left.checked_sub(n))
        .is_ok()
}

/// Reads the sources at `to_read` (indices in `sources`), in parallel: one unit each.
pub(super) fn read_units(sources: &[SourceFile], to_read: &[usize], ctx: &EnrichCtx) -> Vec<(usize, Unit)> {
    to_read
        .par_iter()
        .map(|&k| {
            let src = &sources[k];
            let sc = src.sidecar.clone().zip(src.sidecar_stamp);
            (k, read_unit(src, src.stamp, sc, ctx))
        })
        .collect()
}

fn read_unit(src: &SourceFile, stamp: Option<Stamp>, sc: SidecarStamp, ctx: &EnrichCtx) -> Unit {
    let mut unit = Unit {
        stamp: stamp.unwrap_or(Stamp { len: 0, mtime_ns: 0 }),
        sidecar: sc,
        articles: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        racy: false,
        bodies: Vec::new(),
        terms: Vec::new(),
        saved: None,
    };
    let drafts = drafts_of(src, ctx.content_dir, ctx.outlets);
    // File times tick in steps of a few milliseconds on Linux (a jiffy): a tenth of a
    // second leaves a wide margin. (File systems with coarser times, FAT's two seconds,
    // could still hide a second save of the same length within the same step.)
    const RACY_NS: i128 = 100_000_000;
    let now = load::nanos(std::time::SystemTime::now());
    unit.racy = std::iter::once(unit.stamp)
        .chain(unit.sidecar.as_ref().map(|(_, s)| *s))
        .any(|s| now - s.mtime_ns < RACY_NS);
    match drafts {
        Ok((drafts, warnings)) => {
            unit.warnings = warnings;
            for d in drafts {
                unit.bodies.push((d.index, d.body.clone()));
                match enrich(src, d, ctx) {
                    Ok((a, terms, w)) => {
                        if room_for(ctx, terms.len()) {
                            unit.terms.push((a.index, TakenOnce::new(terms)));
                        }
                        unit.articles.push(Arc::new(a));
                        unit.warnings.extend(w);
                    }
                    Err(e) => unit.errors.extend(e),
                }
            }
        }
        Err(e) => unit.errors = e,
    }
    unit
}

/// The drafts a source holds: one for a curated file, one per story for a clipping, with the
/// sidecar's corrections applied.
pub fn drafts_of(
    src: &SourceFile,
    content_dir: &Path,
    outlets: &'static extract::Gazetteer,
) -> Result<(Vec<Draft>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown = content_path(&src.rel);
    let text = load::read_text(content_dir, &src.rel).map_err(|d| vec![d])?;
    match src.kind {
        SourceKind::Curated => frontmatter::parse(&shown, &text).map(|(d, w)| (vec![d], w)),
        SourceKind::Clipping => {
            let mut drafts = clipping_drafts(&text, outlets);
            // One unreadable clipping never holds the archive back: it is named and skipped.
            if drafts.is_empty() {
                return Ok((Vec::new(), vec![no_article(&shown)]));
            }
            let mut warnings = Vec::new();
            if let Some(sc) = &src.sidecar {
                let sc_shown = content_path(sc);
                let sc_text = load::read_text(content_dir, sc).map_err(|d| vec![d])?;
                let parsed = sidecar::parse(&sc_shown, &sc_text)?;
                (drafts, warnings) = sidecar::apply(&sc_shown, &parsed, drafts)?;
            }
            Ok((drafts, warnings))
        }
    }
}

/// The warning for a clipping in which extraction found no story.
pub fn no_article(shown: &Path) -> Diagnostic {
    Diagnostic::warning(shown, "no article found in this clipping; it is left out of the site").with_help(
        "a clipping needs paragraphs of story text (sentences); `briefing extract --explain FILE` shows how each line was read",
    )
}

/// Extracted stories as drafts (shared with `briefing extract` and `import`).
pub fn clipping_drafts(text: &str, outlets: &'static extract::Gazetteer) -> Vec<Draft> {
    extract::extract_with(text, outlets)
        .into_iter()
        .map(|e| Draft {
            index: e.index,
            title: e.title,
            date: e.date,
            source: e.source,
            credits: e.credits,
            byline: e.byline,
            summary: e.summary,
            title_from_text: e.title_from_text,
            body: extract::paragraphs_to_markdown(&e.paragraphs),
            ..Draft::default()
        })
        .collect()
}

/// Turns a draft into an article: topics and people from the rules where the editor gave
/// none, topic slugs checked, the slug fixed, the body measured.
/// Also returns the article's search terms (see [`search_terms`]), which the unit keeps for
/// this build only.
pub(super) fn enrich(
    src: &SourceFile,
    d: Draft,
    ctx: &EnrichCtx,
) -> Result<(Article, String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let d = d.scrubbed();
    // Errors in the topics of a clipping's story point at its sidecar, which gave them.
    let shown = match (
        &src.sidecar,
        d.lines.topics.is_some() && src.kind == SourceKind::Clipping,
    ) {
        (Some(sc), true) => content_path(sc),
        _ => content_path(&src.rel),
    };
    let mut errors = Vec::new();
    let topics = topics_of(&d, &shown, ctx, &mut errors);
    let people = people_of(&d, ctx);
    let (slug, slug_explicit) = slug_of(&d, &shown, &mut errors);
    let aliases = aliases_of(&d, &shown, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let warnings = warnings_of(src, &d);
    let id = match src.kind {
        SourceKind::Curated => src.rel.to_string_lossy().replace('\\', "/"),
        SourceKind::Clipping => format!("{}#{}", src.rel.to_string_lossy().replace('\\', "/"), d.index),
    };
    let words = markdown::word_count(&d.body);
    let lang = crate::lang::detect(&d.title, &d.body, &ctx.config.language);
    let mut article = Article {
        id,
        file: src.rel.clone(),
        index: d.index,
        kind: src.kind,
        slug,
        slug_explicit,
        aliases,
        title: d.title,
        date: d.date,
        source: d.source,
        credits: d.credits,
        url: d.url,
        byline: d.byline,
        topics,
        people,
        lang,
        summary: d.summary,
        draft: d.draft,
        words,
        terms_hash: 0,
        un_documents: markdown::un_documents(&d.body),
        body_hash: crate::hash::stable64(d.body.as_bytes()),
        content_hash: 0,
        added: String::new(),
        updated: String::new(),
        base_rev: 0,
        rev: 0,
    };
    let terms = search_terms(&article, &d.body, ctx.config);
    article.terms_hash = crate::terms::terms_hash(&terms);
    article.content_hash = article.reader_hash();
    article.rehash();
    Ok((article, terms, warnings))
}

/// The draft's topics in the configuration's order, once each: the editor's, each checked
/// against the configuration, or else the rules'.
fn topics_of(d: &Draft, shown: &Path, ctx: &EnrichCtx, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let config = ctx.config;
    let Some(list) = &d.topics else {
        return ctx.classifier.topics(&d.title, &rule_text(d));
    };
    for t in list.iter().filter(|t| config.topic(t).is_none()) {
        let mut e = Diagnostic::error(shown, format!("unknown topic `{t}`"));
        if let Some(l) = d.lines.topics {
            e = e.at(l, None);
        }
        errors.push(e.with_help(config.unknown_topic_help(t)));
    }
    config
        .topics
        .iter()
        .map(|t| t.slug.to_string())
        .filter(|s| list.contains(s))
        .collect()
}

/// The draft's people: the editor's, written as the gazetteer names them, or else the rules'.
fn people_of(d: &Draft, ctx: &EnrichCtx) -> Vec<String> {
    let Some(list) = &d.people else {
        return ctx.classifier.people(&d.title, &rule_text(d));
    };
    let mut out: Vec<String> = list
        .iter()
        .map(|p| canonical_person(ctx.config, p))
        .filter(|p| !p.is_empty())
        .collect();
    out.dedup();
    out
}

/// What the topic and people rules read besides the title.
fn rule_text(d: &Draft) -> String {
    format!("{}\n\n{}", d.summary.as_deref().unwrap_or(""), d.body)
}

/// The draft's slug, and whether the editor gave it; one made from the title otherwise.
fn slug_of(d: &Draft, shown: &Path, errors: &mut Vec<Diagnostic>) -> (Slug, bool) {
    let from_title = || Article::slug_from_title(&d.title, d.index);
    let Some(given) = &d.slug else {
        return (from_title(), false);
    };
    match Slug::parse(given) {
        Ok(s) => (s, true),
        Err(e) => {
            let mut diag = Diagnostic::error(shown, format!("bad slug: {e}"))
                .with_help("a slug is lowercase letters, digits and hyphens, such as kim-putin-summit");
            if let Some(l) = d.lines.slug {
                diag = diag.at(l, None);
            }
            errors.push(diag);
            (from_title(), false)
        }
    }
}

/// The earlier addresses the editor gave the article, as routes.
fn aliases_of(d: &Draft, shown: &Path, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut aliases = Vec::new();
    for alias in &d.aliases {
        match crate::addresses::alias_route(alias) {
            Ok(route) => aliases.push(route),
            Err(m) => {
                let mut diag = Diagnostic::error(shown, m).with_help(
                    "an alias is an earlier address of this article, such as /articles/old-title/ or /2019/06/story.html",
                );
                if let Some(l) = d.lines.aliases {
                    diag = diag.at(l, None);
                }
                errors.push(diag);
            }
        }
    }
    aliases
}

/// Warnings worth an editor's look: a headline that is only the first sentence, no date.
fn warnings_of(src: &SourceFile, d: &Draft) -> Vec<Diagnostic> {
    let file_shown = content_path(&src.rel);
    let sidecar_hint = |what: &str| {
        format!(
            "{what} in {} under an [[article]] with match = {:?}",
            content_path(&src.rel.with_extension("toml")).display(),
            d.title.chars().take(40).collect::<String>()
        )
    };
    let mut warnings = Vec::new();
    if d.title_from_text {
        let message = format!("no headline found; the title {:?} is the first sentence", d.title);
        let help = sidecar_hint("set the headline with title = \"…\"");
        warnings.push(Diagnostic::warning(&file_shown, message).with_help(help));
    }
    if d.date.is_none() && !d.draft {
        let help = match src.kind {
            SourceKind::Clipping => sidecar_hint("if the date is known, set it"),
            SourceKind::Curated => {
                "if the date is known, add date = YYYY-MM-DD (or YYYY-MM, YYYY) to the front matter".into()
            }
        };
        let message = format!("{:?} has no date; it is listed under Undated", d.title);
        warnings.push(Diagnostic::warning(&file_shown, message).with_help(help));
    }
    warnings
}

/// The words search finds the article by (the index stage's terms; see `crate::terms`):
/// every word of its fields and of its whole body (`body`, its Markdown as read), then its
/// topics, year and source as filter terms. The body is read as written: parsing it again
/// only to skip a link's address would cost more than the few extra terms do.
pub(super) fn search_terms(a: &Article, body: &str, config: &Config) -> String {
    let topic_names: Vec<&str> = a
        .topics
        .iter()
        .filter_map(|t| config.topic(t))
        .map(|t| t.name.as_str())
        .collect();
    let mut terms = crate::terms::article_terms(&[
        &a.title,
        a.summary.as_deref().unwrap_or(""),
        &a.people.join(" "),
        a.source.as_deref().unwrap_or(""),
        &a.credits.join(" "),
        &topic_names.join(" "),
        body,
    ]);
    let year = a.date.map(|date| date.year().to_string());
    let source = a
        .source
        .as_deref()
        .map(|s| crate::slug::Slug::from_text(s, "unnamed").to_string());
    let facets = (a.topics.iter().map(|t| ('t', t.as_str())))
        .chain(year.as_deref().map(|y| ('y', y)))
        .chain(source.as_deref().map(|s| ('s', s)));
    for (kind, value) in facets {
        terms.push(' ');
        terms.push_str(&crate::terms::facet(kind, value));
    }
    // Held from load to the index stage: without this, the pushes above leave most strings
    // with twice the room they need (about 250 MB more at 100,000 articles).
    terms.shrink_to_fit();
    terms
}

/// The search terms of `a`: those this build read with its source (its unit keeps them until
/// they are taken here), else made again from the body the unit holds, else from its source,
/// read again (when the index cannot be carried over from the last build's shards). A source
/// that changed since it was read gives its new body's terms: the next build reads it again,
/// and its terms' hash then says so.
pub(super) fn search_terms_of<'a>(
    units: &'a HashMap<String, Box<Unit>>,
    content_dir: &Path,
    outlets: &'static extract::Gazetteer,
    config: &Config,
    a: &Article,
) -> Cow<'a, str> {
    let unit = units.get(a.file.to_string_lossy().as_ref());
    let kept = unit.and_then(|u| u.terms.iter().find(|(i, _)| *i == a.index));
    if let Some(terms) = kept.and_then(|(_, t)| t.take()) {
        return Cow::Owned(terms);
    }
    if let Some((_, body)) = unit.and_then(|u| u.bodies.iter().find(|(i, _)| *i == a.index)) {
        return Cow::Owned(search_terms(a, &crate::text::scrub(body), config));
    }
    let (body, _) = body_markdown(content_dir, a, outlets);
    Cow::Owned(search_terms(a, &body, config))
}

/// The gazetteer's name for a person written as one of their aliases.
pub(super) fn canonical_person(config: &Config, name: &str) -> String {
    let n = name.trim();
    for p in &config.people {
        if p.name.eq_ignore_ascii_case(n) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(n)) {
            return p.name.clone();
        }
    }
    n.to_string()
}

/// An article's body as HTML, read again from its source (for sources this run did not read).
/// A source saved again since it was read would mix two versions on one page (the old title,
/// the new body): that page is left as it was, and the next build picks up the new version.
pub(super) fn body_html(
    content_dir: &Path,
    a: &Article,
    outlets: &'static extract::Gazetteer,
) -> Result<String, Diagnostic> {
    match body_markdown(content_dir, a, outlets) {
        (_, Some(changed)) => Err(changed),
        (md, None) => Ok(markdown::to_html(&md)),
    }
}

/// An article's body as Markdown, read again from its source, with a warning when the source
/// cannot be read (the body is then empty) or no longer holds the body the article was read
/// with (the body is then the one it holds now).
fn body_markdown(
    content_dir: &Path,
    a: &Article,
    outlets: &'static extract::Gazetteer,
) -> (String, Option<Diagnostic>) {
    let text = match load::read_text(content_dir, &a.file) {
        Ok(text) => text,
        Err(d) => return (String::new(), Some(d)),
    };
    let md = match a.kind {
        SourceKind::Curated => frontmatter::body_of(&text).unwrap_or_default().to_string(),
        SourceKind::Clipping => clipping_drafts(&text, outlets)
            .into_iter()
            .find(|d| d.index == a.index)
            .map(|d| d.body)
            .unwrap_or_default(),
    };
    let md = crate::text::scrub(&md).into_owned();
    if crate::hash::stable64(md.as_bytes()) != a.body_hash {
        // A warning, not an error: the input is fine, only newer than this build's view of it.
        let d = Diagnostic::warning(
            content_path(&a.file),
            "the file changed while the site was being built; its page keeps its previous version",
        )
        .with_help("build again to publish the new version (briefing serve does so by itself)");
        return (md, Some(d));
    }
    (md, None)
}
