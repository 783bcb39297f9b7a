//! Clipping extraction: raw text saved from a news page → clean articles.
//!
//! A clipping is what a person copied from a web page: one or more stories with the page's
//! furniture around them. Extraction runs in three steps, each by general rules that hold on
//! outlets never seen before (no rule names a sentence of a particular page):
//!
//! 1. `lines`: the text is cut into lines (a line is a paragraph; hard-wrapped text is
//!    joined back) and each line is classified by its form: story text, a headline candidate,
//!    page chrome (share/print/log-in prompts, cookie banners, related-story boxes),
//!    separators that end a story ("Related Articles", "Comments", "Categories"), or metadata
//!    (bylines, date lines, site names, e-mail contacts, photo captions).
//! 2. `segment`: the file alternates between runs of story text and gaps. A gap opens a new
//!    article when it holds a headline after a separator, or a headline with the furniture of
//!    a story header around it (site name, "9 hours ago", a date or byline under it); other
//!    gaps (subheadings, captions between paragraphs) continue the current article.
//! 3. `build`: each article's lines become title, summary (standfirst), byline, date,
//!    source and body paragraphs.

mod dates;
mod gazetteer;
mod lines;
mod meta;

pub use gazetteer::{Gazetteer, Outlet};

use crate::date::PartialDate;
use lines::{Kind, Line};
use serde::Serialize;

/// One article found in a clipping, before editor overrides and classification.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extracted {
    /// 0-based position of the article within its file.
    pub index: usize,
    pub title: String,
    pub source: Option<String>,
    /// Wire agencies the page credits apart from its source ("Yonhap" on a Korea Times page
    /// that runs Yonhap's story), in the order met.
    pub credits: Vec<String>,
    pub byline: Option<String>,
    pub date: Option<PartialDate>,
    /// The clipping shows no headline: `title` is made from the first sentence.
    pub title_from_text: bool,
    /// The standfirst, when the page has one.
    pub summary: Option<String>,
    /// Body paragraphs as plain text, in order, clutter removed.
    pub paragraphs: Vec<String>,
}

/// Finds every article in `text` (already valid UTF-8, BOM stripped, `\n` line ends), naming
/// outlets from the built-in gazetteer.
pub fn extract(text: &str) -> Vec<Extracted> {
    extract_with(text, Gazetteer::builtin())
}

/// Finds every article in `text`, naming outlets from `outlets` (an archive's gazetteer).
pub fn extract_with(text: &str, outlets: &'static Gazetteer) -> Vec<Extracted> {
    gazetteer::using(outlets, || extract_lines(text))
}

fn extract_lines(text: &str) -> Vec<Extracted> {
    let lines = lines::classify(lines::split_lines(text));
    let page = page_outlet(&lines);
    let spans = segment(&lines);
    let copies = second_copies(&lines, &spans);
    spans
        .iter()
        .zip(copies)
        .filter(|(_, copy)| !copy)
        .filter_map(|(span, _)| build(&lines, span, page.as_deref()))
        .enumerate()
        .map(|(index, mut a)| {
            a.index = index;
            a
        })
        .collect()
}

/// One line of a clipping as extraction saw it, for `briefing extract --explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineLabel {
    pub text: String,
    /// headline, standfirst, body, byline, date, metadata, caption, clutter, separator, or
    /// outside (text no story took).
    pub label: &'static str,
    /// The story (its index) whose lines hold this one.
    pub article: Option<usize>,
    pub reason: String,
}

/// Every non-blank line of `text` with the label extraction gave it and why.
pub fn explain(text: &str, outlets: &'static Gazetteer) -> Vec<LineLabel> {
    gazetteer::using(outlets, || explain_lines(text))
}

fn explain_lines(text: &str) -> Vec<LineLabel> {
    let lines = lines::classify(lines::split_lines(text));
    let spans = segment(&lines);
    let copies = second_copies(&lines, &spans);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Blank {
            continue;
        }
        let span = spans.iter().position(|s| (s.pre..s.end).contains(&i));
        let in_text = span.is_some_and(|k| (spans[k].first_body..=spans[k].last_body).contains(&i));
        let (label, reason) = if span.is_some_and(|k| copies[k]) {
            (
                "copy",
                "in a story the clipping already holds (the page saved twice)".to_string(),
            )
        } else if span.is_some_and(|k| spans[k].title == Some(i)) {
            (
                "headline",
                "the headline-like line nearest above the story's text".to_string(),
            )
        } else if span.is_some_and(|k| spans[k].deck == Some(i)) {
            ("standfirst", "a longer line under the headline".to_string())
        } else {
            lines::explain_kind(l, in_text)
        };
        out.push(LineLabel {
            text: l.text.clone(),
            label,
            article: span,
            reason,
        });
    }
    out
}

/// Where one article lies in the clipping's lines.
#[derive(Debug, Clone)]
struct Span {
    /// First line of the furniture above the headline (site name, time, tags).
    pre: usize,
    /// None for a story whose clipping holds no headline (text saved from the first
    /// paragraph on): its title is made from its first sentence.
    title: Option<usize>,
    /// A deck under the headline that the headline rules picked out.
    deck: Option<usize>,
    first_body: usize,
    last_body: usize,
    /// End (exclusive) of the lines that may hold this article's footer.
    end: usize,
}

/// Stories the clipping holds twice (a page saved twice, once with a picture caption in
/// place of its lede): a story most of whose paragraphs an earlier story already has.
fn second_copies(lines: &[Line], spans: &[Span]) -> Vec<bool> {
    let body = |s: &Span| -> Vec<String> {
        (s.first_body..=s.last_body)
            .filter(|&i| lines[i].kind == Kind::Text && lines[i].body)
            .map(|i| text_key(&lines[i].text))
            .collect()
    };
    let bodies: Vec<Vec<String>> = spans.iter().map(body).collect();
    let mut copies = vec![false; spans.len()];
    for j in 1..spans.len() {
        let again = |i: usize| bodies[j].iter().filter(|p| bodies[i].contains(p)).count();
        copies[j] = bodies[j].len() >= 2 && (0..j).any(|i| !copies[i] && again(i) * 3 >= bodies[j].len() * 2);
    }
    copies
}

/// Picks the headline of a gap (lines `from..to`): the last headline-like line, or the one
/// before it when the last is a deck (a long line under it, or one below a date or byline).
/// A run of several headlines before a story (a list of other stories) thus yields the last,
/// which is the one the story text follows.
fn pick_title(lines: &[Line], from: usize, to: usize, after_separator: bool) -> Option<(usize, Option<usize>)> {
    let mut cands: Vec<usize> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut shown_twice: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate().take(to).skip(from) {
        if l.kind == Kind::Text && l.title {
            if seen.insert(text_key(&l.text)) {
                cands.push(i);
            } else if let Some(c) = cands.iter().copied().find(|&c| same_text(&lines[c].text, &l.text)) {
                shown_twice.push(c);
            }
        }
    }
    // A headline the page shows twice (its title, then the story's) is the headline. Several
    // lines shown twice are a block of subtitles: the headline is the line right above them.
    if let Some(&t) = shown_twice.last() {
        let first = shown_twice.iter().copied().min().unwrap_or(t);
        let above = cands.iter().copied().rfind(|&c| c < first);
        let over_block =
            above.filter(|&a| shown_twice.len() >= 2 && (a + 1..first).all(|i| lines[i].kind == Kind::Blank));
        return Some((over_block.unwrap_or(t), None));
    }
    // A few capitalised nouns with no word in lower case ("UN Security Council Chamber New
    // York") label a picture or a section; the headline is a longer line above them.
    let label = |i: usize| lines[i].words <= 6 && !has_lowercase_word(&lines[i].text);
    if cands.len() >= 2
        && label(*cands.last()?)
        && let Some(k) = cands.iter().rposition(|&c| lines[c].words >= 6 && !label(c))
    {
        cands.truncate(k + 1);
    }
    // A line right over a picture's credit ("Фото: © …", "Photo: AP") is its caption: the
    // headline is a line above it.
    if cands.len() >= 2 && over_picture_credit(lines, *cands.last()?, to) {
        cands.pop();
    }
    let last = *cands.last()?;
    if cands.len() >= 2 && is_deck(lines, &cands, to, after_separator) {
        Some((cands[cands.len() - 2], Some(last)))
    } else {
        Some((last, None))
    }
}

/// Whether the last of the headline candidates `cands` (two or more) is the deck of the one
/// before it rather than the headline itself.
fn is_deck(lines: &[Line], cands: &[usize], to: usize, after_separator: bool) -> bool {
    let (prev, last) = (cands[cands.len() - 2], cands[cands.len() - 1]);
    // A date, byline, caption or toolbar between the two: the header of the story under
    // the first, whose deck the second is.
    let meta_between = (prev + 1..last).any(|i| {
        matches!(
            lines[i].kind,
            Kind::Date(..) | Kind::Byline(_) | Kind::BulletName(_) | Kind::Caption | Kind::Clutter
        )
    });
    // A byline or date under the pair marks a story header: a longer second line is its
    // deck, unless the pair follows a "Related Articles" box, where it is a list's end.
    let meta_after =
        (last + 1..to).any(|i| matches!(lines[i].kind, Kind::Date(..) | Kind::Byline(_) | Kind::BulletName(_)));
    let (wp, wl) = (lines[prev].words, lines[last].words);
    // A longer line in sentence case right under a headline is its deck (with more
    // headline-like lines above, the pair is more likely the end of a list of links; under
    // a line of three words or fewer, a section's label, it is the headline).
    let adjacent = (prev + 1..last).all(|i| lines[i].kind == Kind::Blank);
    let (cp, cl) = (lines[prev].text.chars().count(), lines[last].text.chars().count());
    let deck_below = !after_separator
        && cands.len() == 2
        && adjacent
        && cp >= 12
        && wp >= 4
        && cl * 10 >= cp * 13
        && !title_case(&lines[last].text);
    // A line of several words in sentence case under a longer headline is its subtitle (a
    // kicker above a headline is a short label: "North Korea", "Politics").
    let subtitle = !after_separator
        && cands.len() == 2
        && adjacent
        && wp >= 6
        && wl >= 5
        && cl < cp * 2
        && has_lowercase_word(&lines[last].text)
        && !title_case(&lines[last].text)
        // "ConflictsNorth Korea ships …" over "North Korea ships …": a section glued to the
        // headline, which the page shows again.
        && !lines[prev].text.ends_with(lines[last].text.as_str());
    meta_between
        || deck_below
        || subtitle
        || (wl >= 20 && wl * 2 >= wp * 3)
        || (meta_after && !after_separator && cands.len() == 2 && wp >= 5 && wl >= 10 && wl > wp)
}

/// The next line after `i` (before `to`) is a picture's credit alone.
fn over_picture_credit(lines: &[Line], i: usize, to: usize) -> bool {
    (i + 1..to).find(|&k| lines[k].kind != Kind::Blank).is_some_and(|k| {
        let l = &lines[k];
        l.words <= 8 && lines::picture_credit(&l.text, l.words)
    })
}

/// Line `i` is the first line of the page and shows the day as a page header's clock does.
fn page_clock(lines: &[Line], i: usize) -> bool {
    lines[..i].iter().all(|l| l.kind == Kind::Blank) && dates::is_clock_line(&lines[i].text)
}

fn has_lowercase_word(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || (c.is_alphabetic() && !c.is_uppercase()))
    })
}

/// Most longer words capitalised: a headline or a name, not a deck in sentence case.
fn title_case(s: &str) -> bool {
    if !lines::mostly_latin(s) {
        return false;
    }
    let (long, caps) = lines::capitalised_words(s);
    long > 0 && caps * 10 >= long * 6
}

/// A short line of text right above the first paragraph of a clipping, when no line there
/// reads as a headline by its form (one in lower case, as some outlets write them).
fn loose_title(lines: &[Line], from: usize, body: usize) -> Option<usize> {
    let i = (from..body).rev().find(|&i| lines[i].kind != Kind::Blank)?;
    let l = &lines[i];
    let ok = l.kind == Kind::Text
        && (3..=20).contains(&l.words)
        && l.text.chars().count() >= 15
        && !lines::ends_sentence(&l.text)
        && !lines::is_tag_cloud(&l.text, l.words)
        && !l.text.ends_with([',', ':', ';'])
        // A mark before it ("▲ …", "■ …") sets off a caption or a list item.
        && l.text.starts_with(|c: char| c.is_alphanumeric() || "\"“‘'«".contains(c));
    ok.then_some(i)
}

/// Whether a headline in a gap with no separator opens a new story: it needs the furniture of
/// a story header, so that subheadings inside a story do not split it.
fn strong_start(
    lines: &[Line],
    repeated: &[bool],
    from: usize,
    title: usize,
    deck: Option<usize>,
    body: usize,
    prev: usize,
) -> bool {
    // A line the page shows above each of its stories ("Version: 0.1.0") marks a new page.
    let furniture_above = (from..title).any(|i| repeated[i])
        || (from..title).any(|i| {
            matches!(
                lines[i].kind,
                Kind::SiteName(_)
                    | Kind::RelTime
                    | Kind::TagList
                    | Kind::Url(_)
                    | Kind::DashItem
                    | Kind::Date(..)
                    | Kind::Copyright(_)
            )
        });
    let header_below = (title + 1..body).any(|i| {
        matches!(
            lines[i].kind,
            Kind::Date(..) | Kind::Byline(_) | Kind::BulletName(_) | Kind::Standfirst(..)
        ) || (lines[i].kind == Kind::Text && same_text(&lines[i].text, &lines[title].text))
    });
    let story_ended = meta::wire_tail(&lines[prev].text).is_some();
    furniture_above || header_below || deck.is_some() || story_ended
}

/// A blank line before a headline in a story whose paragraphs follow one another with none
/// between them: the page's own paragraphs never leave one, so this one joins two pages.
fn tight_break(lines: &[Line], opened: usize, from: usize, title: usize) -> bool {
    let paragraphs = (opened..from)
        .filter(|&i| lines[i].kind == Kind::Text && lines[i].body)
        .count();
    let tight = (opened..from).all(|i| lines[i].kind != Kind::Blank);
    paragraphs >= 2 && tight && (from..title).any(|i| lines[i].kind == Kind::Blank)
}

fn segment(lines: &[Line]) -> Vec<Span> {
    let n = lines.len();
    let body: Vec<usize> = (0..n)
        .filter(|&i| lines[i].kind == Kind::Text && lines[i].body)
        .collect();
    let repeated = repeated_furniture(lines);
    let listing = listing_items(lines, &body);
    let mut spans: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    let mut prev: Option<usize> = None;
    let mut k = 0;
    while k < body.len() {
        let b = body[k];
        let gap_start = prev.map_or(0, |p| p + 1);
        let last_sep = (gap_start..b).rev().find(|&i| lines[i].kind == Kind::Separator);
        let seg_start = last_sep.map_or(gap_start, |s| s + 1);
        let mut pick = pick_title(lines, seg_start, b, last_sep.is_some());
        let first_body = b;
        // Text before any headline at the start of a clipping is a story saved without its
        // headline (or with one ending in a full stop, which reads as text).
        let headless = pick.is_none() && current.is_none() && spans.is_empty();
        if headless {
            pick = loose_title(lines, seg_start, b).map(|t| (t, None));
        }
        let limit = pick.map_or(b, |(t, _)| t);
        let last_end_marker = (gap_start..limit).rev().find(|&i| lines[i].kind.ends_story());
        let broken = last_sep.is_some() || last_end_marker.is_some();
        let opens = headless
            || match (pick, &current, prev) {
                (None, _, _) => false,
                (Some(_), None, _) | (Some(_), _, None) => true,
                (Some((t, d)), Some(c), Some(p)) => {
                    broken
                        || listing[k]
                        || tight_break(lines, c.first_body, seg_start, t)
                        || strong_start(lines, &repeated, seg_start, t, d, first_body, p)
                }
            };
        let first_sep = (gap_start..b).find(|&i| lines[i].kind == Kind::Separator);
        if opens {
            let (t, d) = pick.map_or((None, None), |(t, d)| (Some(t), d));
            // Above the first story, lines that end stories (a copyright line under the
            // picture) end none; a "Published" date right under a story is its footer.
            let first = current.is_none() && spans.is_empty();
            let marker = last_end_marker.filter(|_| !first).map(|e| e + 1);
            let footer = footer_date(lines, gap_start, t.unwrap_or(b))
                .filter(|_| !first)
                .map(|f| f + 1);
            // A line each saved page shows at its top starts the new story's page.
            let page_top = (gap_start..t.unwrap_or(b)).find(|&i| repeated[i]);
            let pre = [last_sep.map(|s| s + 1), marker, footer, page_top, Some(gap_start)]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(gap_start)
                .min(t.unwrap_or(b));
            if let Some(mut c) = current.take() {
                c.end = first_sep.unwrap_or(pre).min(pre);
                spans.push(c);
            }
            current = Some(Span {
                pre,
                title: t,
                deck: d,
                first_body,
                last_body: first_body,
                end: n,
            });
        } else if broken {
            // Text after a separator with no headline of its own (comments, a footer): not
            // part of any story.
            if let Some(mut c) = current.take() {
                c.end = first_sep.unwrap_or(b);
                spans.push(c);
            }
        } else if let Some(c) = current.as_mut() {
            c.last_body = first_body;
        }
        prev = Some(first_body);
        k += 1;
    }
    if let Some(c) = current {
        spans.push(c);
    }
    spans
}

/// The last line of a story when it is a paragraph cut off mid-sentence: text right under
/// the story's last paragraph, at the end of the clipping or of one saved page (the next
/// story's header starts right after it).
fn cut_fragment(lines: &[Line], span: &Span) -> Option<usize> {
    let mut i = first_under_text(lines, span)?;
    // The cut may fall in a new section, under its subheading ("Ongoing Commitment").
    // A story closed by its wire tag ("… (Yonhap)") has no section after it.
    let subheading = lines[i].kind == Kind::Text
        && lines[i].words <= 10
        && !lines::ends_sentence(&lines[i].text)
        && meta::wire_tail(&lines[span.last_body].text).is_none();
    if subheading && let Some(j) = (i + 1..span.end).find(|&k| lines[k].kind != Kind::Blank) {
        i = j;
    }
    let next = (i + 1..lines.len()).find(|&k| lines[k].kind != Kind::Blank);
    let at_end = next.is_none_or(|k| k >= span.end && span.end < lines.len());
    let l = &lines[i];
    // A lead-in to something not saved ("Explore what … can do for you:") is no cut text.
    (at_end
        && l.kind == Kind::Text
        && !lines::ends_sentence(&l.text)
        && !l.text.trim_end().ends_with(':')
        && l.text.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then_some(i)
}

/// The first line under a story's last paragraph, within the story.
fn first_under_text(lines: &[Line], span: &Span) -> Option<usize> {
    (span.last_body + 1..span.end).find(|&i| lines[i].kind != Kind::Blank)
}

/// A short line right under a story's last paragraph with no more text after it in the story:
/// where a writer's name signs a story.
fn sign_off(lines: &[Line], span: &Span) -> Option<usize> {
    let i = first_under_text(lines, span)?;
    let more_text = (i + 1..span.end).any(|k| matches!(lines[k].kind, Kind::Text | Kind::DashItem));
    (!more_text).then_some(i)
}

/// A publication date standing right under a story's text ("Published 14 July 2023" at the
/// foot of a page): it belongs to that story, not to the next one's header.
fn footer_date(lines: &[Line], from: usize, to: usize) -> Option<usize> {
    let i = (from..to).find(|&i| lines[i].kind != Kind::Blank)?;
    matches!(lines[i].kind, Kind::Date(_, p) if p == dates::PRIO_PUBLISHED).then_some(i)
}

/// Short lines outside the story text that the clipping shows more than once: the furniture
/// of pages saved one after another.
fn repeated_furniture(lines: &[Line]) -> Vec<bool> {
    let short = |l: &Line| l.kind != Kind::Blank && !l.body && !l.title && l.words <= 8;
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in lines.iter().filter(|l| short(l)) {
        *counts.entry(l.text.as_str()).or_default() += 1;
    }
    lines
        .iter()
        .map(|l| short(l) && counts.get(l.text.as_str()).is_some_and(|&c| c >= 2))
        .collect()
}

/// Body lines that open an item of a list of teasers: three or more headlines in a row each
/// followed by a single paragraph (a tag page, a list of latest stories). Subheadings inside
/// a story are followed by several paragraphs, so they do not make such a run.
fn listing_items(lines: &[Line], body: &[usize]) -> Vec<bool> {
    let headed: Vec<bool> = (0..body.len())
        .map(|k| {
            let from = if k == 0 { 0 } else { body[k - 1] + 1 };
            // A teaser's headline is a headline, not a short subheading ("What comes next").
            (from..body[k]).any(|i| lines[i].kind == Kind::Text && lines[i].title && lines[i].words >= 4)
        })
        .collect();
    // A headed body line whose next body line is headed too: an item of one paragraph, a
    // teaser's lede (a section of a story under its subheading says more).
    let single: Vec<bool> = (0..body.len())
        .map(|k| headed[k] && headed.get(k + 1).copied().unwrap_or(true) && lines[body[k]].words <= 60)
        .collect();
    let mut out = vec![false; body.len()];
    let mut k = 0;
    while k < body.len() {
        let run = single[k..].iter().take_while(|&&s| s).count();
        if run >= 3 {
            out[k..k + run].iter_mut().for_each(|o| *o = true);
        }
        k += run.max(1);
    }
    out
}

fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '’' | '‘' | '`' => '\'',
        '“' | '”' => '"',
        c => c.to_lowercase().next().unwrap_or(c),
    })
}

/// Case- and quote-insensitive text comparison ("North Korea’s" = "North Korea's").
fn same_text(a: &str, b: &str) -> bool {
    key_chars(a).eq(key_chars(b))
}

fn text_key(s: &str) -> String {
    key_chars(s).collect()
}

/// The page's own name when it shows one (a site-name line, a web address, a copyright
/// line): the last resort for an article's source.
fn page_outlet(lines: &[Line]) -> Option<String> {
    lines.iter().find_map(|l| match &l.kind {
        Kind::SiteName(o) => Some(o.clone()),
        Kind::Url(Some(o)) | Kind::Copyright(Some(o)) => Some(o.clone()),
        Kind::Text if l.title => split_title_suffix(&l.text).1,
        _ => None,
    })
}

/// Splits a site suffix off a headline: "Title | Reuters" → ("Title", Some("Reuters")), and a
/// breadcrumb before it: "Today.Az » World news » Title" → ("Title", Some("Today.Az")).
fn split_title_suffix(title: &str) -> (String, Option<String>) {
    for sep in [" » ", " › ", " > "] {
        if let Some((trail, last)) = title.rsplit_once(sep)
            && last.split_whitespace().count() >= 3
        {
            let site = trail.split(sep).next().and_then(meta::known_outlet).map(str::to_string);
            let (head, suffix) = split_title_suffix(last);
            return (head, suffix.or(site));
        }
    }
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            if head.split_whitespace().count() < 3 {
                continue;
            }
            if let Some(o) = meta::known_outlet(tail) {
                return (head.trim().to_string(), Some(o.to_string()));
            }
            // An unknown name after the only bar of a headline ("Title | Example Daily"); not the
            // last part of a breadcrumb ("The Koreas | Security | East Asia") nor a generic word
            // ("Official Website").
            const GENERIC: &[&str] = &[
                "official", "website", "site", "web", "home", "homepage", "page", "portal", "online", "main",
            ];
            if sep == " | "
                && !head.contains(sep)
                && let Some(o) = meta::outlet_name(tail)
                && tail.split_whitespace().count() <= 4
                && !tail
                    .split_whitespace()
                    .all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
            {
                return (head.trim().to_string(), Some(o));
            }
        }
    }
    (title.to_string(), None)
}

/// Everything the lines of one article say about it besides its text.
#[derive(Default)]
struct Facts {
    byline: Option<String>,
    /// The outlet the article names as its own: its standfirst tag ("…reports X"), the e-mail
    /// domain of its byline or contact line, an outlet in its byline.
    own: Option<String>,
    /// A wire credit in the story text: a dateline "(Reuters) -", a closing "(Yonhap)".
    wire: Option<String>,
    /// Page furniture around the article: a site-name line above it, a web address, a
    /// copyright line, a site suffix of the headline.
    furniture: Option<String>,
    date: Option<(PartialDate, u8)>,
}

impl Facts {
    fn date(&mut self, d: PartialDate, prio: u8) {
        if self.date.is_none_or(|(_, p)| prio > p) {
            self.date = Some((d, prio));
        }
    }
    fn byline(&mut self, name: Option<&String>) {
        if self.byline.is_none() {
            self.byline = name.cloned();
        }
    }
    fn own(&mut self, o: Option<&String>) {
        if self.own.is_none() {
            self.own = o.cloned();
        }
    }
    fn furniture(&mut self, o: Option<&String>) {
        if self.furniture.is_none() {
            self.furniture = o.cloned();
        }
    }
    fn tag(&mut self, tag: &meta::Tag) {
        match tag {
            meta::Tag::Outlet(o) => self.own(Some(o)),
            meta::Tag::Writer(w) => self.byline(Some(w)),
        }
    }
    /// Takes what a metadata line says; false for lines that are not metadata.
    fn take(&mut self, kind: &Kind) -> bool {
        match kind {
            Kind::Byline(b) => {
                self.byline(b.name.as_ref());
                self.own(b.outlet.as_ref());
                // A labelled date after the names ("Published …", "입력 …") keeps its label's weight.
                if let Some((d, p)) = dates::date_line(b.rest.trim()) {
                    self.date(d, p);
                } else if let Some(f) = dates::find_day_dates(&b.rest).first() {
                    self.date(f.date, dates::PRIO_PLAIN);
                }
            }
            Kind::BulletName(n) => self.byline(Some(n)),
            Kind::Credits(n) => self.byline(n.as_ref()),
            Kind::Contact(o) => self.own(o.as_ref()),
            Kind::Source(o) => self.own(Some(o)),
            Kind::Date(d, p) => self.date(*d, *p),
            Kind::SiteName(o) => self.furniture(Some(o)),
            Kind::Url(o) | Kind::Copyright(o) => self.furniture(o.as_ref()),
            _ => return false,
        }
        true
    }
}

fn build(lines: &[Line], span: &Span, page: Option<&str>) -> Option<Extracted> {
    let head = span.title.map_or("", |t| lines[t].text.as_str());
    let (title, title_outlet) = split_title_suffix(head);
    let mut a = Assembly {
        lines,
        span,
        head,
        title,
        facts: Facts::default(),
        summary: None,
        paragraphs: Vec::new(),
        header_text: false,
    };
    a.read_above_title();
    a.facts.furniture(title_outlet.as_ref());
    a.read_header();
    let first_para = a.paragraphs.len();
    a.read_text();
    a.read_after_text();
    a.find_deck(first_para);
    a.clean_text();
    if a.paragraphs.is_empty() {
        return None;
    }
    Some(a.finish(page))
}

/// One story as `build` assembles it, region by region: above the headline, under it, the
/// text, and after the text.
struct Assembly<'a> {
    lines: &'a [Line],
    span: &'a Span,
    /// The headline line as found, and the headline without a site suffix.
    head: &'a str,
    title: String,
    facts: Facts,
    summary: Option<String>,
    paragraphs: Vec<String>,
    /// Whether sentences of text came between the headline and the body.
    header_text: bool,
}

impl Assembly<'_> {
    /// The headline shown again (a page repeats it in its text or its header).
    fn is_title(&self, l: &Line) -> bool {
        !self.head.is_empty() && (same_text(&l.text, self.head) || same_text(&l.text, &self.title))
    }

    /// Above the headline: the page's furniture (its name, address, copyright, clock).
    fn read_above_title(&mut self) {
        let span = self.span;
        let right_above = (span.pre..span.first_body)
            .rev()
            .find(|&i| self.lines[i].kind != Kind::Blank);
        for (i, l) in self
            .lines
            .iter()
            .enumerate()
            .take(span.title.unwrap_or(span.first_body))
            .skip(span.pre)
        {
            // With no headline, everything above the text is its header; a wire's name right
            // above the text stands in the byline slot ("Reuters" over a portal's copy).
            if span.title.is_none() {
                if let Kind::SiteName(o) = &l.kind
                    && Some(i) == right_above
                    && meta::is_wire(o)
                {
                    self.facts.byline(Some(&as_written(&l.text)));
                }
                self.facts.take(&l.kind);
                continue;
            }
            // The page's own title line above the story: "Headline | Korea JoongAng Daily".
            if l.kind == Kind::Text {
                self.facts.furniture(split_title_suffix(&l.text).1.as_ref());
            }
            match &l.kind {
                // A date above the headline may be the page header's clock: one under it wins.
                // At the very top of the page, with a weekday and no time, it is that clock.
                Kind::Date(..) if page_clock(self.lines, i) => {}
                Kind::Date(d, p) => self.facts.date(*d, p - 1),
                Kind::SiteName(_) | Kind::Url(_) | Kind::Copyright(_) => {
                    self.facts.take(&l.kind);
                }
                _ => {}
            }
        }
    }

    /// Under the headline: deck, byline, date, standfirst.
    fn read_header(&mut self) {
        let span = self.span;
        let under = span.title.map_or(span.first_body, |t| t + 1);
        for (i, l) in self.lines.iter().enumerate().take(span.first_body).skip(under) {
            match &l.kind {
                Kind::Standfirst(text, tag) => {
                    self.facts.tag(tag);
                    match self.summary {
                        None => self.summary = Some(text.clone()),
                        Some(_) => self.paragraphs.push(l.text.clone()),
                    }
                }
                Kind::Text if self.is_title(l) => {}
                Kind::Text if Some(i) == span.deck && self.summary.is_none() => self.summary = Some(l.text.clone()),
                Kind::Text if l.words >= 6 => {
                    self.header_text = true;
                    self.paragraphs.push(l.text.clone());
                }
                // A wire's name opening a date line ("Reuters | Updated: …") is its byline.
                Kind::Date(..) if let Some((written, wire)) = meta::wire_before_bar(&l.text) => {
                    self.facts.byline(Some(&written));
                    self.facts.wire.get_or_insert(wire);
                    self.facts.take(&l.kind);
                }
                // An outlet's or office's name in the byline slot credits it ("U.S. Department
                // of State" under a statement's headline).
                Kind::SiteName(_) => {
                    self.facts.byline(Some(&as_written(&l.text)));
                    self.facts.take(&l.kind);
                }
                k => {
                    self.facts.take(k);
                }
            }
        }
    }

    /// The story text, with whatever metadata sits inside it.
    fn read_text(&mut self) {
        let span = self.span;
        for l in &self.lines[span.first_body..=span.last_body] {
            match &l.kind {
                Kind::Text if self.is_title(l) => {}
                Kind::Text => self.paragraphs.push(l.text.clone()),
                Kind::Standfirst(text, tag) => {
                    self.facts.tag(tag);
                    if self.summary.is_none() && self.paragraphs.is_empty() {
                        self.summary = Some(text.clone());
                    } else {
                        self.paragraphs.push(l.text.clone());
                    }
                }
                k => {
                    self.facts.take(k);
                }
            }
        }
    }

    /// After the text: a byline, credits, contact, date; a last short sentence the body rule
    /// missed, but no headline-like lines (lists of other stories).
    fn read_after_text(&mut self) {
        let (lines, span) = (self.lines, self.span);
        let mut ended = false;
        let after = span.last_body + 1..span.end.max(span.last_body + 1);
        let cut = cut_fragment(lines, span);
        let sign_off = sign_off(lines, span);
        for (i, l) in after.clone().zip(&lines[after]) {
            let name = l.text.trim_start_matches(['-', '–', '—', ' ']);
            match &l.kind {
                Kind::Separator => break,
                // A name alone under the text, with nothing after it but the page's footer,
                // signs it ("Лия Мурадьян", "- Vladimir Lytkin").
                Kind::Text | Kind::DashItem if Some(i) == sign_off && meta::is_person_name(name) => {
                    self.facts.byline(Some(&meta::normalize_name(name)));
                }
                // A lead-in to something not saved ("Explore what … can do for you:") is no text.
                Kind::Text if !ended && !l.title && !self.is_title(l) && l.words >= 3 && !l.text.ends_with(':') => {
                    self.paragraphs.push(l.text.clone());
                }
                // The clipping was cut off mid-sentence: the broken last paragraph is text.
                Kind::Text if Some(i) == cut => self.paragraphs.push(l.text.clone()),
                // A credit after a slash closing the text ("/신화사", "/ Reuters") signs it.
                Kind::SiteName(_) if !ended && l.text.trim_start().starts_with('/') => {
                    self.facts.byline(Some(&as_written(&l.text)));
                    self.facts.take(&l.kind);
                }
                k => {
                    ended |= k.ends_story();
                    self.facts.take(k);
                }
            }
        }
    }

    /// A first paragraph that is the deck: followed by the byline or date before the story
    /// goes on; or, right under the headline, not ending a sentence (Hankyoreh's deck under
    /// "Posted on").
    fn find_deck(&mut self, first_para: usize) {
        let (lines, span) = (self.lines, self.span);
        if self.summary.is_some() || self.header_text || self.paragraphs.len() <= first_para + 1 {
            return;
        }
        let next_body = (span.first_body + 1..=span.last_body).find(|&i| lines[i].body && lines[i].kind == Kind::Text);
        let meta_before = next_body.is_some_and(|nb| {
            (span.first_body + 1..nb)
                .any(|i| matches!(lines[i].kind, Kind::Date(..) | Kind::Byline(_) | Kind::BulletName(_)))
        });
        let first = &self.paragraphs[first_para];
        let unfinished = !lines::ends_sentence(first) && first.split_whitespace().count() >= 8;
        if meta_before || unfinished {
            self.summary = Some(self.paragraphs.remove(first_para));
        }
    }

    /// What is in the text but not of it: a portal's summary box, an opening dateline (its
    /// metadata kept), an author's biography, paragraphs shown twice.
    fn clean_text(&mut self) {
        let (paragraphs, facts) = (&mut self.paragraphs, &mut self.facts);
        drop_summary_box(paragraphs);
        // A dateline opening the story is metadata: "SEOUL, June 19 (Reuters) - ".
        if let Some(first) = paragraphs.first_mut()
            && let Some(d) = meta::dateline(first)
        {
            if let Some(o) = d.outlet {
                facts.wire = Some(o);
            }
            facts.own(d.publisher.as_ref());
            facts.byline(d.byline.as_ref());
            if let Some(when) = d.when
                && let Some(f) = dates::find_day_dates(&when).first()
            {
                facts.date(f.date, dates::PRIO_UPDATED);
            }
            if !d.keep {
                *first = first.get(d.len..).unwrap_or("").to_string();
            }
        }
        // A closing wire credit, "… (Yonhap)", stays in the text and names the wire.
        if facts.wire.is_none() {
            facts.wire = paragraphs
                .iter()
                .rev()
                .take(2)
                .find_map(|p| meta::wire_tail(p).or_else(|| meta::dash_credit(p)));
        }
        // An author's biography closing a think-tank piece is not part of the text.
        if let (Some(name), Some(last)) = (&facts.byline, paragraphs.last())
            && paragraphs.len() > 1
            && is_bio(name, last)
        {
            paragraphs.pop();
        }
        keep_first_copies(paragraphs);
    }

    /// The story with its source and credits (see `source_and_credits` for the precedence).
    fn finish(mut self, page: Option<&str>) -> Extracted {
        let (paragraphs, facts) = (&self.paragraphs, &mut self.facts);
        if facts.own.is_none() {
            facts.own = meta::staff_outlet(paragraphs).or_else(|| source_tail(paragraphs));
        }
        if facts.wire.is_none() {
            facts.wire = meta::headline_credit(&self.title);
        }
        if facts.wire.is_none()
            && let Some(d) = later_dateline(paragraphs)
        {
            facts.wire = d.outlet;
            facts.byline(d.byline.as_ref());
        }
        let (source, credits) = source_and_credits(facts, page, paragraphs);
        let title_from_text = self.title.is_empty();
        let title = match title_from_text {
            true => title_from(&paragraphs[0]),
            false => self.title,
        };
        Extracted {
            index: 0,
            title,
            title_from_text,
            source,
            credits,
            byline: self.facts.byline,
            date: self.facts.date.map(|(d, _)| d),
            summary: self.summary.filter(|s| !s.is_empty()),
            paragraphs: self.paragraphs,
        }
    }
}

/// A source label closing the last paragraph ("… through March. Source: Qatar News Agency"),
/// as pages that end a story with their source save it when the lines run together.
fn source_tail(paragraphs: &[String]) -> Option<String> {
    let last = paragraphs.last()?;
    let at = last.rfind(". Source:").or_else(|| last.rfind(". Источник:"))?;
    let tail = &last[at + 2..];
    (tail.split_whitespace().count() <= 7)
        .then(|| meta::source_label(tail))
        .flatten()
}

/// A name in a byline slot as the page writes it ("로이터", not the gazetteer's "Reuters"):
/// the byline says who the page credits, in its words.
fn as_written(line: &str) -> String {
    line.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .to_string()
}

/// A paragraph shown again later in the same article (a pull quote, a repeated caption)
/// keeps its first copy; empty paragraphs go.
fn keep_first_copies(paragraphs: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        paragraphs.len(),
        std::hash::BuildHasherDefault::<QuickHasher>::default(),
    );
    let keep: Vec<bool> = paragraphs
        .iter()
        .map(|p| !p.trim().is_empty() && seen.insert(Sampled(p)))
        .collect();
    let mut keep = keep.into_iter();
    paragraphs.retain(|_| keep.next().unwrap_or(false));
}

/// The article's source and the wire agencies it credits apart from it. The source is the
/// first of what the article says of itself, a wire credit in its text, its furniture, the
/// page's name, an outlet its text cites. When that is a wire agency and the story's own
/// furniture names another outlet, that outlet ran the wire's copy: it is the source and the
/// wire a credit ("Korea Times · via Yonhap"). The page's name seen elsewhere in the file
/// (another story's furniture) is not evidence enough to demote a wire.
fn source_and_credits(facts: &Facts, page: Option<&str>, paragraphs: &[String]) -> (Option<String>, Vec<String>) {
    let page = page.map(str::to_string);
    // A name made from an unknown e-mail domain ("Kdfnews") is a guess: the outlet's name as
    // the page writes it (a copyright or site-name line) is better.
    let own = facts
        .own
        .clone()
        .filter(|o| meta::known_outlet(o).is_some() || facts.furniture.is_none());
    let first = [&own, &facts.wire, &facts.furniture, &page]
        .into_iter()
        .flatten()
        .next()
        .cloned()
        .or_else(|| meta::relaying_outlet(paragraphs))
        .or_else(|| meta::credited_outlet(paragraphs))
        .or_else(|| meta::agency_credit(paragraphs));
    let Some(first) = first else {
        return (None, Vec::new());
    };
    // Wires the story's own lines credit (a byline, a dateline, a closing tag); an agency
    // merely cited in a sentence is a reference, not a credit.
    let mut wires: Vec<String> = Vec::new();
    for w in [&own, &facts.wire].into_iter().flatten() {
        if meta::is_wire(w) && !wires.contains(w) {
            wires.push(w.clone());
        }
    }
    let publisher = facts
        .furniture
        .as_ref()
        .filter(|o| meta::is_wire(&first) && !meta::is_wire(o) && !same_text(o, &first));
    let source = publisher.cloned().unwrap_or(first);
    wires.retain(|w| !same_text(w, &source));
    (Some(source), wires)
}

/// Drops a summary box over a story: two or more of its opening paragraphs that the story's
/// own text says again further down (portals' "AI summary", "key sentences" boxes quote the
/// story's sentences). The later copies are the story's; a single repeat (a pull quote) is
/// left to the duplicate rule, which keeps the first copy.
fn drop_summary_box(paragraphs: &mut Vec<String>) {
    const TOP: usize = 8;
    let n = paragraphs.len();
    let repeated: Vec<usize> = (0..n.min(TOP))
        .filter(|&i| {
            let p = paragraphs[i].trim();
            if p.chars().count() < 20 {
                return false;
            }
            // (One searcher per paragraph, not one per pair: this runs on every clipping.)
            let finder = memchr::memmem::Finder::new(p);
            (i + 2..n).any(|j| says_again(&finder, p, &paragraphs[j], j + 1 == n))
        })
        .collect();
    // The box is shown above the text it quotes: the story's first copy comes after it.
    let Some(&last_quoted) = repeated.last() else {
        return;
    };
    if repeated.len() < 2 || repeated.len() * 2 < last_quoted + 1 - repeated[0] {
        return;
    }
    let mut k = 0;
    paragraphs.retain(|_| {
        k += 1;
        !repeated.contains(&(k - 1))
    });
}

/// Whether `later` says `p` again: it holds it whole (maybe after a dateline), or, as the
/// clipping's cut-off last paragraph, it is the opening of `p`.
fn says_again(finder: &memchr::memmem::Finder, p: &str, later: &str, last: bool) -> bool {
    let later = later.trim();
    finder.find(later.as_bytes()).is_some() || (last && later.chars().count() >= 20 && p.starts_with(later))
}

/// An agency's dateline that a portal's summary box pushed below the first paragraph:
/// "(서울=연합뉴스) 하채림 기자 = …" as the third paragraph.
fn later_dateline(paragraphs: &[String]) -> Option<meta::Dateline> {
    paragraphs
        .iter()
        .skip(1)
        .take(8)
        .filter(|p| p.starts_with(['(', '[']))
        .find_map(|p| meta::dateline(p).filter(|d| d.outlet.is_some()))
}

/// A title for a story saved without its headline: its first sentence, shortened at a word
/// boundary when long.
fn title_from(paragraph: &str) -> String {
    const MAX: usize = 110;
    let sentence = lines::first_sentence(paragraph);
    if sentence.chars().count() <= MAX {
        return sentence.trim_end_matches(['.', ' ']).to_string();
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// A string in a set, hashed by its length and ends only (equal strings still compare whole).
#[derive(PartialEq, Eq)]
struct Sampled<'a>(&'a str);

impl std::hash::Hash for Sampled<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let b = self.0.as_bytes();
        state.write_usize(b.len());
        state.write(&b[..b.len().min(64)]);
        state.write(&b[b.len().saturating_sub(64)..]);
    }
}

/// A multiply-rotate hasher for the small string sets of one article.
#[derive(Default)]
struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn is_bio(byline: &str, paragraph: &str) -> bool {
    let names = byline.split(", ").flat_map(|n| n.split(" and "));
    let starts = names.into_iter().any(|n| {
        let n = n.trim();
        !n.is_empty() && paragraph.starts_with(n)
    }) || paragraph.starts_with("The author");
    starts
        && paragraph.split_whitespace().count() <= 80
        && [" is ", " was ", " serves ", " has been ", " works "]
            .iter()
            .any(|v| paragraph.contains(v))
}

/// Plain-text paragraphs as Markdown that renders back to the same text: characters that
/// Markdown would read as syntax are escaped.
pub fn paragraphs_to_markdown(paragraphs: &[String]) -> String {
    let mut out = String::new();
    let mut p = String::new();
    for raw in paragraphs {
        p.clear();
        lines::clean_into(raw, &mut p);
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        escape_paragraph(&p, &mut out);
    }
    out
}

fn escape_paragraph(p: &str, out: &mut String) {
    // A leading list marker ("- ", "+ ", "1. ", "1) ") or block syntax would change the block
    // (":" opens a definition where that extension is on).
    let digits = p.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = p;
    if let Some(c) = p.chars().next()
        && matches!(c, '-' | '+' | ':')
    {
        out.push('\\');
        out.push(c);
        rest = &p[1..];
    } else if (1..=9).contains(&digits)
        && let Some(marker) = p[digits..].chars().next()
        && (marker == '.' || marker == ')')
    {
        out.push_str(&p[..digits]);
        out.push('\\');
        out.push(marker);
        rest = &p[digits + 1..];
    }
    // Every character Markdown reads as syntax is ASCII: copy the runs between them whole.
    // (Written as a chain of comparisons, without branches, so that it vectorises.)
    let special = |b: u8| {
        (b == b'\\')
            | (b == b'*')
            | (b == b'_')
            | (b == b'[')
            | (b == b']')
            | (b == b'<')
            | (b == b'>')
            | (b == b'#')
            | (b == b'`')
            | (b == b'|')
            | (b == b'~')
            | (b == b'&')
    };
    let bytes = rest.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Thirty-two plain bytes at a time (a branch-free test the compiler vectorises).
        if let Some(chunk) = bytes.get(i..i + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok())
            && chunk.iter().fold(0u8, |any, &b| any | u8::from(special(b))) == 0
        {
            i += 32;
            continue;
        }
        if special(bytes[i]) {
            out.push_str(&rest[from..i]);
            out.push('\\');
            from = i;
        }
        i += 1;
    }
    out.push_str(&rest[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain text a Markdown paragraph list renders to, paragraph by paragraph.
    fn rendered_text(md: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut out = Vec::new();
        let mut cur = String::new();
        // The site's renderer options (src/markdown.rs), plus the GFM block extensions.
        let opts = pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES
            | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
            | pulldown_cmark::Options::ENABLE_TASKLISTS
            | pulldown_cmark::Options::ENABLE_GFM
            | pulldown_cmark::Options::ENABLE_DEFINITION_LIST;
        for ev in Parser::new_ext(md, opts) {
            match ev {
                Event::Text(t) | Event::Code(t) => cur.push_str(&t),
                Event::SoftBreak | Event::HardBreak => cur.push(' '),
                Event::Start(Tag::Paragraph) => cur.clear(),
                Event::End(TagEnd::Paragraph) => out.push(std::mem::take(&mut cur)),
                Event::Start(t) => panic!("markdown syntax leaked: {t:?} in {md:?}"),
                Event::Html(h) | Event::InlineHtml(h) => panic!("html leaked: {h} in {md:?}"),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn markdown_round_trips_hostile_text() {
        let paras: Vec<String> = [
            "- Korea Herald",
            "1. first",
            "+ plus",
            "> quote",
            "# not a heading",
            "*bold* _it_ `code` [link](http://x) <b>tag</b> a|b ~~s~~ &amp; \\ back",
            "“Curly” quotes and 기자 사진 stay",
            "---",
            "12) twelve",
            "![img](x.png) $x$ ==mark== [^1]",
            "Term",
            ": definition-like line",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let md = paragraphs_to_markdown(&paras);
        assert_eq!(rendered_text(&md), paras);
        assert_eq!(md.matches("\n\n").count(), paras.len() - 1);
    }

    #[test]
    fn splits_a_page_of_stories() {
        let text = "Categories\n-Top News\n\nKim Meets Putin in Pyongyang Again\n\nThe two leaders met for the fourth time, reports say…reports Example News\n\nNorth Korean leader Kim Jong-un met Russian President Vladimir Putin on Wednesday.\n\nThey signed a treaty.\n\nALSO READ-Other story\n\nCategories\n-Top News\n\nSecond Story Has a Headline\n\nThe second story starts here with a sentence.\n\nIt ends here. (AFP)\n";
        let a = extract(text);
        assert_eq!(a.len(), 2, "{a:#?}");
        assert_eq!(a[0].title, "Kim Meets Putin in Pyongyang Again");
        assert_eq!(
            a[0].summary.as_deref(),
            Some("The two leaders met for the fourth time, reports say")
        );
        assert_eq!(a[0].source.as_deref(), Some("Example News"));
        assert_eq!(a[0].paragraphs.len(), 2);
        assert_eq!(a[1].index, 1);
        assert_eq!(a[1].source.as_deref(), Some("AFP"));
        assert_eq!(a[1].paragraphs.last().map(String::as_str), Some("It ends here. (AFP)"));
    }

    #[test]
    fn splits_pages_whose_paragraphs_leave_no_blank_line() {
        // Two saved pages whose paragraphs follow one another line by line, joined by one
        // blank line: the blank line and the headline under it start the second page.
        let page = |title: &str, n: usize| {
            let paras: Vec<String> = (0..n)
                .map(|i| format!("Paragraph {i} of {title} tells the story in a full sentence of its own."))
                .collect();
            format!("{title}\n{}\n", paras.join("\n"))
        };
        let text = format!(
            "{}\n{}",
            page("Russia vetoes the sanctions panel", 3),
            page("Council members react to the veto", 4)
        );
        let a = extract(&text);
        assert_eq!(a.len(), 2, "{a:#?}");
        assert_eq!(a[1].title, "Council members react to the veto");
        assert_eq!((a[0].paragraphs.len(), a[1].paragraphs.len()), (3, 4));
        // Where blank lines part every paragraph, a blank line before a subheading is no break.
        let spaced = "Russia vetoes the sanctions panel\n\nThe first paragraph is a sentence.\n\nThe second paragraph is a sentence.\n\nWhat happens next\n\nThe third paragraph is a sentence.\n";
        assert_eq!(extract(spaced).len(), 1);
    }

    #[test]
    fn a_subtitle_toolbar_or_caption_under_the_headline_is_not_the_headline() {
        let body = "Lavrov met Kim Jong Un in Wonsan on Saturday, the foreign ministry in Moscow said.\n\nThe two discussed the treaty and the war, the ministry said in a statement.\n";
        let cases = [
            // A share toolbar between the headline and a subtitle.
            "Lavrov Meets Kim in Wonsan for Talks on the Treaty\n\nShare\n\nPrint\n\nThe visit comes as the two countries deepen military ties\n\n",
            // A picture and its credited caption between them.
            "Lavrov Meets Kim in Wonsan for Talks on the Treaty\n\nA shorter line under the headline\n\nThe minister arrives at the airport in Wonsan. AP\n\n",
        ];
        for head in cases {
            let a = extract(&format!("{head}{body}"));
            let first = head.split('\n').next().unwrap();
            assert_eq!(a.len(), 1, "{a:#?}");
            assert_eq!(a[0].title, first, "{head}");
        }
        // A subtitle in sentence case right under the headline (as Russian and Korean pages
        // write both).
        let ru = "Лидер КНДР сообщил о скорой встрече с Владимиром Путиным\n\nТочные даты встречи пока не были названы\n\nКим Чен Ын заявил, что встреча с президентом России состоится в ближайшее время.\n\nОб этом сообщило центральное телеграфное агентство Кореи в среду.\n";
        assert_eq!(
            extract(ru)[0].title,
            "Лидер КНДР сообщил о скорой встрече с Владимиром Путиным"
        );
        // Russian writes names in capitals: a longer line of them under a short headline is
        // its deck all the same.
        let ru = "Шойгу встретился с Ким Чен Ыном\nСекретарь Совбеза Шойгу встретился с Ким Чен Ыном в Пхеньяне\nСекретарь Совета Безопасности России Сергей Шойгу встретился с председателем КНДР Ким Чен Ыном.\nВстреча прошла в Пхеньяне, куда Шойгу прибыл накануне.\n";
        assert_eq!(extract(ru)[0].title, "Шойгу встретился с Ким Чен Ыном");
        // A headline shown twice, then a picture's long caption that ends with its credit:
        // the pair is the page's title and the story's headline, not a caption.
        let a = extract(&format!(
            "Lavrov meets Kim in Wonsan for talks on the treaty\n\nLavrov meets Kim in Wonsan for talks on the treaty\nA man walks past a poster in central Wonsan on June 3, 2025 (AFP photo)\n\n{body}"
        ));
        assert_eq!(a[0].title, "Lavrov meets Kim in Wonsan for talks on the treaty");
        // A line right over a picture's credit is the picture's caption.
        let a = extract(&format!(
            "Lavrov meets Kim in Wonsan for talks on the treaty\n\nThe two ministers at the talks in Wonsan\nPhoto: Example Agency\n\n{body}"
        ));
        assert_eq!(a[0].title, "Lavrov meets Kim in Wonsan for talks on the treaty");
        // A clock line ("26 октября, 01:59") over the headline is no headline.
        let a = extract(&format!("26 октября, 01:59\n{ru}"));
        assert_eq!(a[0].title, "Шойгу встретился с Ким Чен Ыном");
        // A short label over the headline is a kicker, not the headline.
        let a = extract(&format!(
            "North Korea\n\nLavrov meets Kim in Wonsan for talks on the treaty\n\n{body}"
        ));
        assert_eq!(a[0].title, "Lavrov meets Kim in Wonsan for talks on the treaty");
        // Subtitles the page shows twice under the headline: the headline is above them.
        let ko_body = "북한과 러시아가 양국 항구를 잇는 화물 항로를 열기로 합의했다고 관계자들이 밝혔다.\n\n첫 선박은 다음 달 출항할 예정이라고 외교부가 설명했다.\n";
        let subs = "러, 북한에 전파교란 장치 제공\n북한 노동자 수천명 러시아에 파견\n";
        let a = extract(&format!("국제 감시팀 첫 보고서 펴내\n{subs}{subs}\n{ko_body}"));
        assert_eq!(a[0].title, "국제 감시팀 첫 보고서 펴내");
        // A tag cloud over the story repeats its names; it is no headline.
        let tags =
            "Vladimir Putin Sergei Lavrov Kim Jong Un Russia Pyongyang Vladimir Putin Sergei Lavrov Kim Jong Un\n\n";
        let a = extract(&format!(
            "{tags}Lavrov meets Kim in Wonsan for talks on the treaty\n\n{body}"
        ));
        assert_eq!(a[0].title, "Lavrov meets Kim in Wonsan for talks on the treaty");
        let a = extract(&format!("{tags}{body}"));
        assert!(a[0].title_from_text, "{:?}", a[0].title);
        // A line set off by a mark ("▲ …") over the text is a caption, not a headline.
        let a = extract(&format!(
            "▲ 김정은 북한 국무위원장과 블라디미르 푸틴 러시아 대통령\n\n{ko_body}"
        ));
        assert!(a[0].title_from_text, "{:?}", a[0].title);
    }

    #[test]
    fn names_outlets_of_the_gazetteer_from_each_kind_of_evidence() {
        let en = "Russia and North Korea opened a cargo route between their ports on Tuesday, officials said.\n\nThe first ships would sail next month, they added.\n";
        let ko = "북한과 러시아가 양국 항구를 잇는 화물 항로를 열기로 합의했다고 관계자들이 밝혔다.\n\n첫 선박은 다음 달 출항할 예정이다.\n";
        let cases = [
            // A headline suffix after a dash (unlike " | ", no fallback keeps an unknown one).
            (format!("Moscow and Pyongyang open a cargo route - Breaking Defense\n\n{en}"), "Breaking Defense"),
            (format!("북러, 해상 화물 항로 개설 합의\n\n{ko}\nⓒ 파이낸셜뉴스, 무단전재 및 재배포 금지\n"), "Financial News (Korea)"),
            (format!("Moscow and Pyongyang open a cargo route\n\nBy Jane Roe (roej@rferl.org)\n\n{en}"), "RFE/RL"),
            (format!("Moscow and Pyongyang open a cargo route\n\nhttps://www.understandingwar.org/backgrounder/cargo-route\n\n{en}"), "Institute for the Study of War"),
            (format!("북러, 해상 화물 항로 개설 합의\n\n(서울=뉴스핌) 김철수 기자 = {ko}"), "Newspim"),
            (
                "Россия и КНДР откроют морской грузовой маршрут\n\nРоссия и КНДР договорились открыть маршрут между портами, сообщает «Московский комсомолец» со ссылкой на источники.\n\nПервые суда выйдут в море в следующем месяце.\n".to_string(),
                "Moskovsky Komsomolets",
            ),
        ];
        for (text, want) in &cases {
            let a = extract(text);
            assert_eq!(a.len(), 1, "{text}");
            assert_eq!(a[0].source.as_deref(), Some(*want), "{text}");
        }
        // A wire known by its full name is a credit beside the outlet that ran it.
        let a = extract(&format!(
            "Cargo route opens\n\nPYONGYANG, June 19 (Jiji Press) -- {en}\nCopyright 2024 Stars and Stripes\n"
        ));
        assert_eq!(a[0].source.as_deref(), Some("Stars and Stripes"));
        assert_eq!(a[0].credits, ["Jiji Press"]);
    }

    #[test]
    fn a_site_suffix_is_an_outlet_name_not_a_breadcrumb_or_a_generic_word() {
        let suffix = |t: &str| split_title_suffix(t).1;
        assert_eq!(
            suffix("Lavrov visits Pyongyang again | Example Daily").as_deref(),
            Some("Example Daily")
        );
        assert_eq!(
            suffix("Lavrov visits Pyongyang again | Yonhap News Agency").as_deref(),
            Some("Yonhap")
        );
        assert_eq!(suffix("The Koreas | Security | East Asia"), None);
        assert_eq!(
            suffix("The envoy speaks at the forum in Seoul | Official Website"),
            None
        );
    }

    #[test]
    fn a_page_headers_clock_is_not_the_publication_date() {
        let body = "Lavrov met Kim Jong Un in Wonsan on Saturday, the foreign ministry in Moscow said.\n\nThe two discussed the treaty and the war, the ministry said in a statement.\n";
        let head = "Lavrov meets Kim in Wonsan for talks on the treaty\n\n";
        let a = extract(&format!("Tue. Sep 26th, 2023\n{head}{body}"));
        assert_eq!(a[0].date, None);
        // Dated under the headline, or above it with its time, the date is the story's.
        let a = extract(&format!("{head}Tue. Sep 26th, 2023\n\n{body}"));
        assert_eq!(a[0].date, Some("2023-09-26".parse().unwrap()));
        let a = extract(&format!("Tue. Sep 26th, 2023 10:05\n{head}{body}"));
        assert_eq!(a[0].date, Some("2023-09-26".parse().unwrap()));
        // A wire's meta line under the headline: its date, day first, and not the headline.
        let a = extract(&format!(
            "{head}Reuters | Updated: 16-05-2024 20:07 IST | Created: 15-05-2024 20:07 IST\n{body}"
        ));
        assert_eq!(a[0].title, head.trim());
        assert_eq!(a[0].date, Some("2024-05-15".parse().unwrap()));
    }

    #[test]
    fn keeps_one_copy_of_a_page_saved_twice() {
        let story = "Shoigu meets Kim in Pyongyang\n\nSergei Shoigu met Kim Jong Un in Pyongyang on Tuesday, state media said.\n\nIt was his second visit this month, after a trip on June 4.\n\nThe two discussed military cooperation, the report said.\n";
        // The second copy shows a picture caption where the first has its lede.
        let again = story.replace(
            "Sergei Shoigu met Kim Jong Un in Pyongyang on Tuesday, state media said.",
            "Shoigu arrives at Pyongyang airport on Tuesday. /Yonhap",
        );
        let a = extract(&format!("{story}\n{again}"));
        assert_eq!(a.len(), 1, "{a:#?}");
        assert_eq!(a[0].paragraphs.len(), 3);
    }

    #[test]
    fn reads_a_story_saved_without_its_headline() {
        let text = "SEOUL (AFP) – Russian President Vladimir Putin signed a mutual defence agreement with North Korea's Kim Jong-un yesterday.\n\nThe pledge was part of a strategic treaty signed during a summit in Pyongyang.\n";
        let a = extract(text);
        assert_eq!(a.len(), 1, "{a:#?}");
        assert!(a[0].title_from_text);
        assert!(
            a[0].title.starts_with("Russian President Vladimir Putin signed"),
            "{}",
            a[0].title
        );
        assert_eq!(a[0].source.as_deref(), Some("AFP"));
        // A short line over the text is its headline, even in lower case.
        let lower = "россия в ООН заблокировала мониторинг санкций\n\nВ четверг Россия наложила вето на резолюцию Совета безопасности.\n";
        let a = extract(lower);
        assert_eq!(a[0].title, "россия в ООН заблокировала мониторинг санкций");
        assert!(!a[0].title_from_text);
    }

    #[test]
    fn reads_a_korean_agency_page() {
        let text = "본문 바로가기\n연합뉴스\n북한 \"러시아와 군사협력 강화\"…안보리 규탄 성명 추진\n송고시간2024-06-20 10:15\n김철수 기자\n공유\n댓글\n(서울=연합뉴스) 김철수 기자 = 북한이 러시아와의 군사협력을 더욱 강화하겠다고 20일 밝혔다.\n조선중앙통신은 이날 정상회담 결과를 높이 평가했다고 보도했다.\nkcs@yna.co.kr\n<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>\n관련 뉴스\n北, 탄도미사일 발사…합참 \"동해상으로\"\n";
        let a = extract(text);
        assert_eq!(a.len(), 1, "{a:#?}");
        assert_eq!(a[0].title, "북한 \"러시아와 군사협력 강화\"…안보리 규탄 성명 추진");
        assert_eq!(a[0].date, PartialDate::new(2024, Some(6), Some(20)));
        assert_eq!(a[0].source.as_deref(), Some("Yonhap"));
        assert_eq!(a[0].byline.as_deref(), Some("김철수 기자"));
        assert!(
            a[0].paragraphs[0].starts_with("북한이 러시아와의"),
            "{:?}",
            a[0].paragraphs
        );
        assert_eq!(a[0].paragraphs.len(), 2);
    }

    #[test]
    fn splits_a_list_of_teasers_but_not_subheadings() {
        let teasers = "Kim Might Visit Russia Before Year's End\n\nNorth Korean leader Kim Jong-un might visit Russia before the year ends, a Russian official said.\n\nLavrov and Kim hold talks in Pyongyang\n\nRussian Foreign Minister Sergey Lavrov met Kim Jong-un in Pyongyang on Thursday.\n\nRussians will be North Korea's first tourists since pandemic\n\nA group of Russian tourists will travel to North Korea next month, officials said.\n";
        let a = extract(teasers);
        assert_eq!(a.len(), 3, "{a:#?}");
        assert_eq!(a[1].title, "Lavrov and Kim hold talks in Pyongyang");
        let story = "North Korea Tests a New Missile\n\nNorth Korea fired a missile on Sunday, officials said.\n\nWhat came before\n\nIt was the third test this year.\n\nWhat comes next\n\nAnalysts expect more tests.\n\nWhat it means\n\nThe launches worry Seoul.\n";
        assert_eq!(extract(story).len(), 1);
    }

    #[test]
    fn reads_long_official_titles_and_sections_of_one_paragraph() {
        let title = "Remarks by Ambassador Jane Roe, Alternate Representative for Special Political Affairs, at a UN Security Council Briefing on Arms Transfers between the DPRK and Russia";
        let text = format!(
            "Foreign, Commonwealth & Development Office\n\n{title}\n\nMust read\n\n06/28/2024 | Press release | Distributed by Example Wire\n\nThank you, Mr. President. The Council has adopted nine resolutions on the DPRK.\n\nRussia has violated these resolutions repeatedly, and we will say so.\n"
        );
        let a = extract(&text);
        assert_eq!(a.len(), 1, "{a:#?}");
        assert_eq!(a[0].title, title);
        assert_eq!(a[0].date, crate::date::PartialDate::new(2024, Some(6), Some(28)));
        assert_eq!(
            a[0].source.as_deref(),
            Some("Foreign, Commonwealth & Development Office")
        );
        // A statement's sections of one long paragraph each are not a list of teasers.
        let long = "The monitoring team was formed by eleven states after the panel of experts was disbanded, and it reports on violations of the sanctions that the Security Council imposed over many years. It draws on the information of the participating states and on open sources, and its first report concerns military cooperation between the two countries, including arms transfers. The states say they will publish further reports in the coming year.";
        let text = format!(
            "{long}\nPurpose of the Team and Its Report\n{long} More.\nKey Findings in the Report\n{long} Again.\nCall for Action and Dialogue\n{long} Last.\n"
        );
        assert_eq!(extract(&text).len(), 1);
    }

    #[test]
    fn reads_a_wire_over_a_headless_story_and_a_cut_inside_a_section() {
        let long = "The monitoring team was formed by eleven states after the panel of experts was disbanded, and it reports on violations of the sanctions that the Security Council imposed over many years.";
        // A wire's name right over a headless story's text stands in its byline slot, as written.
        let ko = "북한과 러시아가 양국 항구를 잇는 화물 항로를 열기로 합의했다고 관계자들이 밝혔다.\n\n첫 선박은 다음 달 출항할 예정이라고 외교부가 설명했다.\n";
        let a = extract(&format!("로이터\n{ko}"));
        assert_eq!(
            (a[0].byline.as_deref(), a[0].source.as_deref()),
            (Some("로이터"), Some("Reuters"))
        );
        // A clipping cut in a new section, under its short subheading: the fragment is text.
        let cut = format!(
            "{long}\nNext Steps\nThe participating states promise to keep monitoring how the sanctions are applied and to rai\n"
        );
        let a = extract(&cut);
        assert!(
            a[0].paragraphs.last().is_some_and(|p| p.ends_with("to rai")),
            "{:?}",
            a[0].paragraphs
        );
    }

    #[test]
    fn keeps_subheadings_inside_a_story() {
        let text = "North Korea Tests a New Missile\nBy Jane Roe\nMarch 3, 2024\n\nNorth Korea fired a missile on Sunday, officials said.\n\nWhat comes next\n\nAnalysts expect more tests this year.\n";
        let a = extract(text);
        assert_eq!(a.len(), 1, "{a:#?}");
        assert_eq!(a[0].byline.as_deref(), Some("Jane Roe"));
        assert_eq!(a[0].date, PartialDate::new(2024, Some(3), Some(3)));
        assert_eq!(
            a[0].paragraphs,
            [
                "North Korea fired a missile on Sunday, officials said.",
                "What comes next",
                "Analysts expect more tests this year."
            ]
        );
    }

    #[test]
    fn handles_common_page_layouts() {
        // AP: capitalised byline, "Updated" line, region in the dateline, contributor tail.
        let ap = "Putin and Kim sign partnership deal pledging mutual aid\nBy HYUNG-JIN KIM and JIM HEINTZ\nUpdated 4:52 PM GMT+9, June 19, 2024\nShare\n\nSEOUL, South Korea (AP) — Russian President Vladimir Putin and North Korean leader Kim Jong Un signed an agreement Wednesday.\n\nThe deal could mark the strongest connection between Moscow and Pyongyang since the Cold War.\n\nAssociated Press writer Kim Tong-hyung in Seoul contributed to this report.\n";
        let a = &extract(ap)[0];
        assert_eq!(a.byline.as_deref(), Some("Hyung-jin Kim and Jim Heintz"));
        assert_eq!(a.source.as_deref(), Some("AP"));
        assert_eq!(a.date, PartialDate::new(2024, Some(6), Some(19)));
        assert!(a.paragraphs[0].starts_with("Russian President"));
        assert!(a.paragraphs.last().unwrap().ends_with("since the Cold War."));
        // Guardian: kicker, age notice, deck, names beside a date line.
        let guardian = "North Korea\nThis article is more than 1 year old\nPutin and Kim Jong-un sign mutual defence pact in Pyongyang\nDeal includes pledge to provide military assistance if either country is attacked, in move likely to alarm Seoul\nJustin McCurry in Tokyo and Andrew Roth in Moscow\nWed 19 Jun 2024 14.05 BST\n\nVladimir Putin and Kim Jong-un have signed a mutual defence agreement.\n\nThe agreement was signed after talks in Pyongyang on Wednesday.\n";
        let a = &extract(guardian)[0];
        assert_eq!(a.title, "Putin and Kim Jong-un sign mutual defence pact in Pyongyang");
        assert!(a.summary.as_deref().unwrap().starts_with("Deal includes pledge"));
        assert_eq!(a.byline.as_deref(), Some("Justin McCurry and Andrew Roth"));
        assert_eq!(a.date, PartialDate::new(2024, Some(6), Some(19)));
        // NK News: headline, deck, a name over the date.
        let nk = "Russia and North Korea hold first talks under new treaty\nMoscow and Pyongyang discussed the pact's defense provisions, according to state media\nJeongmin Kim\nSeptember 3, 2024\n\nRussian and North Korean officials held talks on Tuesday, state media reported.\n\nThe meeting was held in Moscow.\n";
        let a = &extract(nk)[0];
        assert_eq!(a.title, "Russia and North Korea hold first talks under new treaty");
        assert!(a.summary.as_deref().unwrap().starts_with("Moscow and Pyongyang"));
        assert_eq!(a.byline.as_deref(), Some("Jeongmin Kim"));
        // A list of other headlines above the story: the last one before the text is the title,
        // and the page's own title line names the outlet.
        let listed = "Kim vows support | Korea JoongAng Daily\nRelated Articles\nSeoul raises alert level after launch\nKim Jong-un vows full support for Russia during Putin visit to Pyongyang\nBy Michael Lee\n\nNorth Korean leader Kim Jong-un vowed full support for Russia on Wednesday.\n";
        let a = extract(listed);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].title,
            "Kim Jong-un vows full support for Russia during Putin visit to Pyongyang"
        );
        assert_eq!(a[0].byline.as_deref(), Some("Michael Lee"));
        assert_eq!(a[0].source.as_deref(), Some("Korea JoongAng Daily"));
    }

    #[test]
    fn keeps_wire_credits_apart_from_the_publishing_outlet() {
        // A newspaper's page running an agency's story: the newspaper is the source.
        let republished = "Seoul condemns arms deal between Pyongyang and Moscow | The Korea Times\n\nSeoul condemns arms deal between Pyongyang and Moscow\n\nSouth Korea on Monday condemned the arms deal between North Korea and Russia, officials said.\n\nThe foreign ministry summoned the Russian ambassador on Tuesday. (Yonhap)\n";
        let a = &extract(republished)[0];
        assert_eq!(a.source.as_deref(), Some("Korea Times"));
        assert_eq!(a.credits, ["Yonhap"]);
        // The agency's own page: the agency is the source, credited once.
        let own = "Seoul condemns arms deal between Pyongyang and Moscow | Yonhap News Agency\n\nSeoul condemns arms deal between Pyongyang and Moscow\n\nSouth Korea on Monday condemned the arms deal between North Korea and Russia, officials said.\n\nThe foreign ministry summoned the Russian ambassador on Tuesday. (Yonhap)\n";
        let a = &extract(own)[0];
        assert_eq!(a.source.as_deref(), Some("Yonhap"));
        assert!(a.credits.is_empty());
        // A writer's outlet signs the story; the wire of its dateline is a credit.
        let signed = "Kim and Putin sign a defence pact in Pyongyang\nBy Jane Roe (jane@koreaherald.com)\n\nSEOUL, June 19 (AFP) - Kim Jong-un and Vladimir Putin signed a mutual defence pact on Wednesday.\n\nThe pact pledges military assistance if either is attacked.\n";
        let a = &extract(signed)[0];
        assert_eq!(a.source.as_deref(), Some("Korea Herald"));
        assert_eq!(a.credits, ["AFP"]);
        // An agency cited in a sentence is a reference, not a credit.
        let cited = "Kim and Putin sign a defence pact in Pyongyang | The Korea Times\n\nKim and Putin sign a defence pact in Pyongyang\n\nKim Jong-un and Vladimir Putin signed a mutual defence pact, according to TASS.\n\nThe pact pledges military assistance if either is attacked.\n";
        let a = &extract(cited)[0];
        assert_eq!(a.source.as_deref(), Some("Korea Times"));
        assert!(a.credits.is_empty());
    }

    #[test]
    fn reads_author_cards_and_source_lines() {
        // A name over its role, then a date; the page names its source at the foot.
        let card = "Japan and Korea agree on hotline for incidents at sea\n\nDaniel Fairweather\nSenior Correspondent\n\n12 February 2025\n\nJapan and South Korea agreed on Wednesday to set up a military hotline, officials said.\n\nAnalysts said the deal was modest but important.\n\nSource: Kyodo\n";
        let a = &extract(card)[0];
        assert_eq!(a.byline.as_deref(), Some("Daniel Fairweather"));
        assert_eq!(a.source.as_deref(), Some("Kyodo News"));
        assert!(a.paragraphs.iter().all(|p| !p.contains("Correspondent")));
        // A Korean byline with its date on one line: the date labelled 입력 is the story's.
        let ko = "북한, 동해상으로 단거리 탄도미사일 발사\n\n박민수 기자 입력 2025.03.03 10:15 수정 2025.03.04 11:20\n\n북한이 3일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다.\n\n합참은 세부 제원을 분석 중이라고 설명했다.\n";
        let a = &extract(ko)[0];
        assert_eq!(a.byline.as_deref(), Some("박민수 기자"));
        assert_eq!(a.date, PartialDate::new(2025, Some(3), Some(3)));
        // A person quoted in the text is not the byline, nor is a photo credit.
        let quoted = "Envoys meet in Geneva over sanctions panel\n\nPhoto by Greta Lindqvist\n\nMarcus Delacroix, a former panel member, said the talks were overdue.\n\nThe envoys will meet again next month.\n";
        let a = &extract(quoted)[0];
        assert_eq!(a.byline, None);
    }

    #[test]
    fn a_sites_name_in_the_byline_slot_signs_the_story() {
        let head = "Japan and Korea agree on hotline for incidents at sea\n\n";
        let body = "Japan and South Korea agreed on Wednesday to set up a military hotline, officials said.\n\nAnalysts said the deal was modest but important.\n";
        // The site's address alone, or its name spelt as the page's web address is.
        let a = &extract(&format!("{head}Examplenews.ru\n\n{body}"))[0];
        assert_eq!(a.byline.as_deref(), Some("Examplenews.ru"));
        assert_eq!(a.source.as_deref(), Some("Examplenews.ru"));
        let text =
            format!("{head}https://cdn.example-pressgroup.com/images/1.jpg\nExample Press Group\nPolitics\n\n{body}");
        let a = &extract(&text)[0];
        assert_eq!(a.byline.as_deref(), Some("Example Press Group"));
        // A wire's name opening the date line, or closing the text after a slash.
        // An outlet's staff credited as a whole.
        let a = &extract(&format!("{head}Reuters Staff\n\n{body}"))[0];
        assert_eq!(a.byline.as_deref(), Some("Reuters Staff"));
        let a = &extract(&format!("{head}Reuters | Updated: 16-05-2024 20:07 IST\n{body}"))[0];
        assert_eq!(a.byline.as_deref(), Some("Reuters"));
        assert_eq!(a.date, PartialDate::new(2024, Some(5), Some(16)));
        // A Korean bracket of outlet and reporter glued to the text: byline and source.
        let ko = "북한, 동해상으로 단거리 탄도미사일 발사\n\n[예시경제=홍길동 기자]북한이 3일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다.\n\n합참은 세부 제원을 분석 중이라고 설명했다.\n";
        let a = &extract(ko)[0];
        assert_eq!(
            (a.byline.as_deref(), a.source.as_deref()),
            (Some("예시경제=홍길동 기자"), Some("예시경제"))
        );
        assert!(a.paragraphs[0].starts_with("북한이"), "{:?}", a.paragraphs);
        // A source label closing the last paragraph.
        let a = &extract(&format!(
            "{head}{body}Exports rose again in March. Source: Example News Agency\n"
        ))[0];
        assert_eq!(a.source.as_deref(), Some("Example News Agency"));
        let ko = "북한, 동해상으로 단거리 탄도미사일 발사\n\n북한이 3일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다.\n\n합참은 세부 제원을 분석 중이라고 설명했다.\n/신화사\n";
        let a = &extract(ko)[0];
        assert_eq!(a.byline.as_deref(), Some("신화사"));
        assert_eq!(a.source.as_deref(), Some("Xinhua"));
    }

    #[test]
    fn drops_a_summary_box_that_quotes_the_story() {
        let text = "Seoul and Moscow hold their fifteenth summit in the Russian Far East\n\nThe summit was the fifteenth between the two countries, officials said.\nKim Il Sung first met Stalin in 1949, the ministry said.\n\nSEOUL, Sept. 13 (Yonhap) -- The summit was the fifteenth between the two countries, officials said.\n\nKim Il Sung first met Stalin in 1949, the ministry said.\n\nAll nine summits of his era were held in Moscow.\n";
        let a = &extract(text)[0];
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("The summit was"), "{:?}", a.paragraphs);
        // One paragraph said again (a pull quote) is no summary box: the first copy stays.
        let quoted = "Kim vows support for Russia\n\nKim Jong-un vowed full support for Russia on Wednesday, state media said.\n\nThe two leaders met in Pyongyang for talks that lasted hours.\n\nKim Jong-un vowed full support for Russia on Wednesday, state media said.\n\nThe talks ended late at night.\n";
        let a = &extract(quoted)[0];
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("Kim Jong-un vowed"));
    }

    #[test]
    fn finds_nothing_in_furniture() {
        assert!(extract("").is_empty());
        assert!(extract("Comments\nNo comments yet...\nRelated Articles\n9 hours ago\n").is_empty());
        assert!(extract("Share\nPrint\n\n\n").is_empty());
    }

    #[test]
    fn no_invented_dates_or_sources() {
        let a = extract(
            "Talks Held on Tuesday in Seoul\nThe two sides met on Tuesday, last month's plan said.\nThey agreed to meet again.\n",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].date, None);
        assert_eq!(a[0].source, None);
        assert_eq!(a[0].byline, None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("BRIEFING_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
        ))]
        #[test]
        fn extract_never_panics(s in "\\PC{0,400}") {
            let _ = extract(&s);
        }

        #[test]
        fn extract_never_panics_on_page_like_text(
            parts in proptest::collection::vec(prop_oneof![
                Just("Categories".to_string()),
                Just("-Top News".to_string()),
                Just("".to_string()),
                Just("  \u{a0} ".to_string()),
                Just("• 기자 사진".to_string()),
                Just("Korea Herald".to_string()),
                Just("9 hours ago".to_string()),
                Just("By KIM JI-EUN [kim@hani.co.kr]".to_string()),
                Just("Posted on : 2021-09-15 18:49 KST".to_string()),
                Just("SEOUL, June 19 (Reuters) - Kim said “yes” to Putin’s plan.".to_string()),
                Just("Kim Vows Support for Russia in Ukraine War".to_string()),
                Just("It said so …reports Asian Lite News".to_string()),
                "[\\PC]{0,80}",
                "[A-Z][a-z ’“”.,()\\[\\]-]{0,120}",
            ], 0..40)
        ) {
            let text = parts.join("\n");
            for a in extract(&text) {
                prop_assert!(!a.title.is_empty());
                prop_assert!(!a.paragraphs.is_empty());
            }
        }

        #[test]
        fn markdown_renders_back_to_the_text(paras in proptest::collection::vec("[ -~’“”기]{1,60}", 1..5)) {
            let cleaned: Vec<String> = paras.iter().map(|p| lines::clean(p)).filter(|p| !p.is_empty()).collect();
            let md = paragraphs_to_markdown(&cleaned);
            prop_assert_eq!(rendered_text(&md), cleaned);
        }
    }
}
