//! Outlet names, wire credits, e-mail domains and bylines.

use super::{dates, gazetteer};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::sync::LazyLock;

/// Mail and hosting domains that say nothing about the outlet.
const GENERIC_DOMAINS: &[&str] = &[
    "gmail",
    "yahoo",
    "hotmail",
    "outlook",
    "naver",
    "daum",
    "hanmail",
    "protonmail",
    "icloud",
    "aol",
    "live",
    "msn",
    "mail",
    "example",
    "facebook",
    "twitter",
    "x",
    "instagram",
    "youtube",
    "google",
    "t",
    "bit",
    "linkedin",
];

/// The display name of an outlet known by `name` ("Yonhap News" → "Yonhap").
pub fn known_outlet(name: &str) -> Option<&'static str> {
    gazetteer::current().known(name)
}

fn known_domain(domain: &str) -> Option<&'static str> {
    gazetteer::current().by_domain(domain)
}

/// Whether a known outlet is a wire agency.
pub fn is_wire(name: &str) -> bool {
    gazetteer::current().is_wire(name)
}

/// An outlet name for a web or e-mail domain: the known table first (longest suffix), else
/// the registrable name made readable (`foo-news.com` → "Foo News").
pub fn outlet_for_domain(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    if let Some(display) = known_domain(&domain) {
        return Some(display.to_string());
    }
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    let n = labels.len();
    // co.kr, com.au, or.jp … keep three labels.
    let second_level = ["co", "com", "or", "ne", "go", "ac", "org", "gov", "net", "edu"];
    let name_label = if n >= 3 && labels[n - 1].len() == 2 && second_level.contains(&labels[n - 2]) {
        labels[n - 3]
    } else {
        labels[n - 2]
    };
    if GENERIC_DOMAINS.contains(&name_label) || !name_label.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let words: Vec<String> = name_label
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.len() <= 4 && name_label.len() <= 5 {
                w.to_uppercase()
            } else {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        })
        .collect();
    if words.is_empty() { None } else { Some(words.join(" ")) }
}

static RE_EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})").unwrap());

/// The domain of the first e-mail address in `s`.
pub fn email_domain(s: &str) -> Option<&str> {
    if !s.contains('@') {
        return None;
    }
    RE_EMAIL.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str())
}

pub fn has_email(s: &str) -> bool {
    s.contains('@') && RE_EMAIL.is_match(s)
}

/// A credit that names an outlet: a wire tag's content ("Yonhap News"), a site-name line.
/// Known outlets get their display name; other short capitalised names are kept as written.
pub fn outlet_name(raw: &str) -> Option<String> {
    let s = raw
        .trim()
        .trim_matches(|c: char| c == '-' || c == '—' || c == '–' || c.is_whitespace());
    if let Some(k) = known_outlet(s) {
        return Some(k.to_string());
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || s.len() > 48 {
        return None;
    }
    let small = ["of", "the", "and", "for", "de", "&"];
    // Hangul has no capitals: a short name in it ("한국면세뉴스") stands as written.
    let korean = words.len() <= 2 && s.chars().next().is_some_and(crate::terms::is_hangul);
    let ok = words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        (first.is_uppercase() || first.is_ascii_digit() || korean || (i > 0 && small.contains(w)))
            && w.chars().all(|c| c.is_alphanumeric() || "&.'’-".contains(c))
    });
    ok.then(|| s.to_string())
}

/// A wire agency's name before the first bar of a line ("Reuters | Updated: 16-05-2024"):
/// the name as written and the gazetteer's.
pub fn wire_before_bar(line: &str) -> Option<(String, String)> {
    let (head, _) = line.split_once('|')?;
    let head = head.trim();
    let known = known_outlet(head).filter(|k| is_wire(k))?;
    Some((head.to_string(), known.to_string()))
}

/// A wire credit after the last sentence of a story: "… in return must end. (Yonhap)".
static RE_WIRE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?…"”’']\s*\(([A-Z][A-Za-z&.' -]{0,30}?)\)\s*$"#).unwrap());

/// Words that sit in trailing parentheses but are not outlets.
const NOT_WIRE: &[&str] = &[
    "end",
    "left",
    "right",
    "center",
    "centre",
    "file",
    "photo",
    "update",
    "updated",
    "corrected",
    "continued",
    "translated",
];

pub fn wire_tail(paragraph: &str) -> Option<String> {
    // The tag closes the paragraph.
    if !paragraph.trim_end().ends_with(')') {
        return None;
    }
    let c = RE_WIRE_TAIL.captures(paragraph)?;
    let tag = c.get(1)?.as_str().trim();
    if NOT_WIRE.contains(&tag.to_lowercase().as_str()) || tag.split_whitespace().count() > 4 {
        return None;
    }
    outlet_name(tag)
}

/// Words around a name that say a text credits it as the source of a report: "according to
/// the X news agency", "X reported", "citing X", "X 통신 … 보도했다", "сообщает X".
static CREDIT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:according\s+to|citing|cited\s+by|reported\s+by|quoted\s+by|reported|reports|сообща[ею]т|сообщил[аио]?|переда[её]т|передают|пиш[еу]т|писал[аио]?|по\s+данным|со\s+ссылкой\s+на|корреспондент[а-я]*|(?:^|\s)is\s+an?|(?:^|\s)was\s+an?)\s+(?:[a-zа-яё-]+\s+){0,3}["«„“]?$"#).unwrap()
});
static CREDIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*\([^)]{1,24}\))?(?:\s+news)?(?:\s+agency|\s+tv|\s+portal)?(?:\s+(?:reported|reports|cited|cites|quoted|wrote|writes|reporter|correspondent|writer|editor)(?:[^a-z]|$)|\s*:|(?:\s*통신(?:사)?)?(?:\s*\S{1,8}){0,4}?\s*(?:보도|전했|밝혔|인용)|(?:\s*등)?\s*에\s*따르면|\s+(?:сообща|переда|пише))").unwrap()
});

/// Whether `rest` opens with a Russian case ending of the Cyrillic name that ends `name`.
fn russian_case_ending(name: &str, rest: &str) -> bool {
    let cyrillic = name.chars().next_back().is_some_and(|c| ('а'..='я').contains(&c));
    let ending = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    cyrillic && ["а", "у", "ом", "е", "ым", "ой", "ей"].contains(&ending)
}

/// An outlet the story's text credits for its report ("Yonhap reported", "according to
/// TASS", "Censor.NET reports", "X is a Breitbart News reporter"): a known outlet with words
/// of attribution beside it. The first such one.
pub fn credited_outlet(paragraphs: &[String]) -> Option<String> {
    let (ac, names) = gazetteer::current().finder();
    // Credits stand in the opening paragraphs or at the end.
    let n = paragraphs.len();
    let near_ends = paragraphs.iter().enumerate().filter(|&(i, _)| i < 6 || i + 3 >= n);
    for (_, p) in near_ends {
        let lower = p.to_lowercase();
        for m in ac.find_iter(&lower) {
            let (start, end) = (m.start(), m.end());
            let before_ok = lower[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_char = lower[end..].chars().next();
            // Hangul particles may follow a Korean name, a case ending a Russian one
            // ("Интерфакса"); other names end at a word boundary.
            let hangul = lower[..end].chars().next_back().is_some_and(crate::terms::is_hangul);
            let after_ok = hangul
                || after_char.is_none_or(|c| !c.is_alphanumeric())
                || russian_case_ending(&lower[..end], &lower[end..]);
            if !(before_ok && after_ok) || end - start < 2 {
                continue;
            }
            // Short all-letter names ("ap", "rt") count only as written in capitals.
            if end - start <= 3 && !p.get(start..end).is_some_and(|w| w.chars().all(|c| !c.is_lowercase())) {
                continue;
            }
            let head = &lower[lower.floor_char_boundary(start.saturating_sub(100))..start];
            let tail = &lower[end..lower.ceil_char_boundary((end + 60).min(lower.len()))];
            if CREDIT_BEFORE.is_match(head) || CREDIT_AFTER.is_match(tail) {
                return Some(names[m.pattern().as_usize()].to_string());
            }
        }
    }
    None
}

/// An agency the text credits that the gazetteer does not know, in the forms only news
/// agencies take: "ONA reports citing …", "the Bernama news agency reported", "сообщает
/// агентство «Казинформ» со ссылкой на …", "교도통신은 … 보도했다".
static RE_AGENCY_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*)\s+(?:(?:news\s+)?agency\s+)?(?:reports|reported|informs|writes|wrote),?\s+(?:citing|quoting|referring\s+to)\b|\b((?:[A-Z][\w&.'’-]*\s+){0,2}[A-Z][\w&.'’-]*)\s+news\s+agency\b").unwrap()
});
static RE_AGENCY_RU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:сообща[ею]т|сообщил[аио]?|переда[её]т|пишет)\s+(?:(агентство|издание|газета|телеканал|портал|радиостанция)\s+)?(«[^»]{2,40}»|[А-ЯЁA-Z][\w.-]*(?:\s+[А-ЯЁA-Z][\w.-]*){0,2})").unwrap()
});
static RE_AGENCY_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([가-힣A-Za-z0-9]{1,12}(?:통신|신문|일보|방송|뉴스|타임스|포스트))(?:은|는|이|가|도)\s").unwrap()
});

/// An acronym written in capitals ("ONA", "ТАСС", "RIA"): how agencies are named in credits.
fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters) && !s.contains(' ') && s.chars().all(|c| !c.is_lowercase())
}

/// The unknown agency a story's opening paragraphs credit (see the patterns above). A name
/// that could be a person's ("Jane Doe reported, citing …") is not taken.
pub fn agency_credit(paragraphs: &[String]) -> Option<String> {
    // Russian stories often close on their attribution: "…, передает «Радио X»."
    let closing = paragraphs.len().saturating_sub(2).max(3);
    let opening = paragraphs.iter().take(3).find_map(|p| {
        english_agency(p, false).or_else(|| russian_agency(p)).or_else(|| {
            let reported = p.contains("보도했") || p.contains("전했다");
            let c = RE_AGENCY_KO.captures(p).filter(|_| reported)?;
            let name = c.get(1)?.as_str();
            Some(known_outlet(name).map_or_else(|| name.to_string(), str::to_string))
        })
    });
    opening.or_else(|| paragraphs.iter().skip(closing).find_map(|p| russian_agency(p)))
}

/// The outlet that relays another's report in the opening paragraphs ("Report informs
/// referring to TASS", "ONA reports citing …"): it wrote the story, so it is the source
/// before any outlet the text merely cites.
pub fn relaying_outlet(paragraphs: &[String]) -> Option<String> {
    paragraphs.iter().take(3).find_map(|p| english_agency(p, true))
}

/// See `RE_AGENCY_EN`; `relay_only` takes only the "X reports citing" form.
fn english_agency(p: &str, relay_only: bool) -> Option<String> {
    RE_AGENCY_EN.captures_iter(p).find_map(|c| {
        // The capitalised words before the verb may start with the sentence's first word
        // ("Meanwhile ONA reported, citing"): the shortest acceptable tail is the name.
        let m = if relay_only { c.get(1)? } else { c.get(1).or(c.get(2))? };
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        (0..words.len()).rev().map(|k| words[k..].join(" ")).find_map(|name| {
            let ok = known_outlet(&name).is_some() || is_acronym(&name) || has_outlet_word(&name);
            ok.then(|| outlet_name(&name)).flatten()
        })
    })
}

fn russian_agency(p: &str) -> Option<String> {
    if p.is_ascii() {
        return None;
    }
    RE_AGENCY_RU.captures_iter(p).find_map(|c| {
        let name = c.get(2)?.as_str();
        let bare = name.trim_matches(['«', '»']);
        let ok = c.get(1).is_some() || name.starts_with('«') || is_acronym(bare) || known_outlet(bare).is_some();
        ok.then(|| known_outlet(bare).map_or_else(|| bare.to_string(), str::to_string))
    })
}

/// What a "Source:" line names: "Source: Yonhap", "Sources: AP, AFP", "Источник: ТАСС",
/// "출처: 연합뉴스". A picture's source ("Source: Getty Images") is a caption, not the story's.
static RE_SOURCE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:sources?|news\s+source|источник|출처)\s*[:：]\s*(.{2,80})$").unwrap());

/// A channel or medium named before the outlet it belongs to, the outlet in quotes.
static RE_CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^(?:telegram|телеграм|youtube|ютуб)?[- ]?(?:канал|channel|агентство|газета|издание|портал|сайт|агентства|газеты)\s*["«“„]([^"»”“]{2,40})["»”“]$"#).unwrap()
});

pub fn source_label(line: &str) -> Option<String> {
    let c = RE_SOURCE_LABEL.captures(line.trim())?;
    let value = c.get(1)?.as_str();
    let lower = value.to_lowercase();
    if ["photo", "image", "getty", "shutterstock", "фото", "사진"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let value = RE_BRACKETED.replace_all(value, " ");
    let first = value
        .split([',', ';', '/', '|'])
        .map(str::trim)
        .find(|p| !p.is_empty())?;
    let first = first.trim_end_matches('.');
    // "Telegram-канал \"Москва 24\"", "газета «…»": the outlet is the quoted name.
    if let Some(quoted) = RE_CHANNEL.captures(first).and_then(|c| c.get(1)) {
        let name = quoted.as_str().trim();
        return known_outlet(name).map(str::to_string).or_else(|| outlet_name(name));
    }
    if let Some(k) = known_outlet(first) {
        return Some(k.to_string());
    }
    if gazetteer::domain_like(first) {
        return outlet_for_domain(first.trim_start_matches("www."));
    }
    // A person named as the source is a quoted source, not the outlet.
    if is_person_name(first) && !has_outlet_word(first) {
        return None;
    }
    outlet_name(first)
}

/// The outlet a writer works for, from a closing line about them: "Adam Shaw is a Breitbart
/// News politics reporter", "… a correspondent for NK News", "In statements to NK News".
static STAFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:is|was)\s+an?\s+(.{2,40}?)\s+(?:[A-Za-z]+\s+){0,2}(?:reporter|correspondent|writer|editor|journalist|contributor)|(?:reporter|correspondent|writer|editor|journalist)\s+(?:for|at|with)\s+(.{2,40}?)[.,;]|statements\s+to\s+(.{2,40}?)[.,;])").unwrap()
});

pub fn staff_outlet(paragraphs: &[String]) -> Option<String> {
    // The words the pattern needs, looked for first: its captures are costly on long paragraphs.
    const NEEDS: &[&str] = &[
        "reporter",
        "correspondent",
        "writer",
        "editor",
        "journalist",
        "contributor",
        "statements to",
    ];
    paragraphs
        .iter()
        .rev()
        .take(3)
        .chain(paragraphs.iter().take(2))
        .filter(|p| NEEDS.iter().any(|w| p.contains(w)))
        .find_map(|p| {
            STAFF.captures_iter(p).find_map(|c| {
                let name = c.get(1).or(c.get(2)).or(c.get(3))?.as_str();
                let name = name.trim_start_matches("the ").trim_start_matches("The ");
                known_outlet(name).map(str::to_string)
            })
        })
}

/// A wire agency credited before a colon at the start of a headline: "AP: North Korea may …".
pub fn headline_credit(title: &str) -> Option<String> {
    let (head, rest) = title.split_once(": ")?;
    (rest.split_whitespace().count() >= 3)
        .then(|| known_outlet(head))
        .flatten()
        .filter(|o| is_wire(o))
        .map(str::to_string)
}

/// A wire agency credited after a dash at the end of a story: "… his candidacy. – AFP".
pub fn dash_credit(paragraph: &str) -> Option<String> {
    let (head, tail) = paragraph.trim_end().rsplit_once([' ', '\u{a0}'])?;
    let head = head.trim_end();
    let dash = head.strip_suffix(['–', '—', '-'])?;
    if !dash.trim_end().ends_with(['.', '"', '”', '’', '!', '?']) {
        return None;
    }
    known_outlet(tail).filter(|o| is_wire(o)).map(str::to_string)
}

/// A dateline opening a story: "SEOUL, June 19 (Reuters) - ", "UNITED NATIONS (AP) — ",
/// "(Reuters) - ", "SEOUL — ", "SEOUL: ", "Seoul, June 19 (IANS) ", "PYONGYANG, November 25.
/// /TASS/. ", "April 25, 2019 (EIRNS)—". Groups: place, when (month and day, maybe a year),
/// credit (in brackets or slashes), dash.
static RE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<date>[A-ZА-ЯЁ][a-zа-яё]{2,8}\.?\s+\d{1,2},\s+\d{4})\s*|(?P<place>[A-ZА-ЯЁ][a-zа-яё]+(?:[ -][A-ZА-ЯЁ][a-zа-яё]+){0,2}|[A-ZА-ЯЁ](?:[A-ZА-ЯЁ'’-]|\.[A-ZА-ЯЁ])*(?:[ /][A-ZА-ЯЁ](?:[A-ZА-ЯЁ'’-]|\.[A-ZА-ЯЁ])*){0,4})(?:[.,]\s*(?P<when>(?:[A-Za-zА-Яа-яЁё]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[a-zа-яё]{3,9})(?:,?\s*\d{4})?)|,\s*[A-ZА-ЯЁ][a-zа-яё]+(?:\s[A-ZА-ЯЁ][a-zа-яё]+){0,3})?\.?\s*)?(?:(?:[—–]\s*)?\((?P<credit>[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё&.' -]{1,30}?)\)\.?|/(?P<slash>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё&.' -]{1,30}?)/\.?)?\s*(?P<dash>--|-|–|—|:)?\s*",
    )
    .unwrap()
});
/// Russian agency datelines: "Москва. 13 сентября. INTERFAX.RU - ".
static RE_DATELINE_RU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\.\s+(?P<when>\d{1,2}\s+[a-zа-яё]{3,9})\.\s+(?P<credit>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё.-]{1,20})\s+[-–—]\s+")
        .unwrap()
});
/// Korean agency datelines and bracketed bylines: "(서울=연합뉴스) 하채림 기자 = ",
/// "[이데일리 정다슬 기자] ".
static RE_DATELINE_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[(\[][가-힣]{1,10}\s*=\s*(?P<credit>[^)\]=]{2,15})[)\]]\s*(?:(?P<name>[가-힣]{2,4})\s*(?:기자|특파원))?\s*=?\s*|\[(?P<byline>(?:(?P<outlet>[^\]]{2,20}?)\s+)?[가-힣]{2,4}\s*(?:기자|특파원))\]\s*)")
        .unwrap()
});

/// A dateline whose bracket holds the publisher, the wire it relays and the day:
/// "MOSCOW (Outlet News / Sputnik - 27th July, 2023) ", "DELHI (Outlet, June 19, 2024) -".
static RE_DATELINE_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{1,30},?\s*\((?P<credit>[A-Za-z][\w&.' -]{1,30}?)(?:\s*/\s*(?P<wire>[A-Za-z][\w&.' -]{1,30}?))?\s*[-–—,]\s*(?P<when>[^()]{6,30}?)\)\s*(?:--|-|–|—|:)?\s*").unwrap()
});

pub struct Dateline {
    pub len: usize,
    /// The publisher a dateline names beside the wire it relays ("(Outlet / Sputnik - …)").
    pub publisher: Option<String>,
    /// Whether the text keeps the dateline as printed: a long bracket with its own date is
    /// part of the opening sentence, not a wire's slug.
    pub keep: bool,
    pub outlet: Option<String>,
    pub when: Option<String>,
    /// A writer named in the dateline ("하채림 기자").
    pub byline: Option<String>,
}

pub fn dateline(paragraph: &str) -> Option<Dateline> {
    let found = korean_dateline(paragraph)
        .or_else(|| russian_dateline(paragraph))
        .or_else(|| dated_bracket(paragraph))
        .or_else(|| latin_dateline(paragraph))?;
    // The story must go on after the dateline.
    let rest = &paragraph[found.len..];
    (rest.split_whitespace().count() >= 4).then_some(found)
}

/// See `RE_DATELINE_PAREN`: the bracket must hold a day, so a name in brackets followed by
/// a dash ("KIM (Jong Un) - ") is no dateline.
fn dated_bracket(p: &str) -> Option<Dateline> {
    let c = RE_DATELINE_PAREN.captures(p)?;
    let when = c.name("when")?.as_str();
    dates::find_day_dates(when).first()?;
    let credit = outlet_name(c.name("credit")?.as_str())?;
    let (publisher, outlet) = match c.name("wire").and_then(|w| outlet_name(w.as_str())) {
        Some(wire) => (Some(credit), Some(wire)),
        None => (None, Some(credit)),
    };
    Some(Dateline {
        len: c.get(0)?.end(),
        publisher,
        keep: true,
        outlet,
        when: Some(when.to_string()),
        byline: None,
    })
}

/// A Korean reporter's name and title: "원호연 기자".
static REPORTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[가-힣]{2,4}\s*(?:기자|특파원)$").unwrap());

fn korean_dateline(p: &str) -> Option<Dateline> {
    if !p.starts_with(['(', '[']) {
        return None;
    }
    let c = RE_DATELINE_KO.captures(p)?;
    let mut credit = c.name("credit").or(c.name("outlet")).map(|m| m.as_str().trim());
    let mut byline = c
        .name("byline")
        .map(|m| m.as_str().to_string())
        .or_else(|| c.name("name").map(|m| format!("{} 기자", m.as_str())));
    // "[헤럴드경제=원호연 기자]": the outlet before the sign, its reporter after it (the
    // byline as written, as "[이데일리 정다슬 기자]" is).
    let mut publisher = None;
    if credit.is_some_and(|w| REPORTER.is_match(w)) {
        let inner = &p[1..p.find([']', ')']).unwrap_or(1)];
        byline.get_or_insert_with(|| inner.trim().to_string());
        let head = &p[1..p.find('=').unwrap_or(1)];
        publisher = outlet_name(head.trim());
        credit = None;
    }
    Some(Dateline {
        len: c.get(0)?.end(),
        publisher,
        keep: false,
        outlet: credit.and_then(outlet_name),
        when: None,
        byline,
    })
}

/// "МОСКВА, 19 июн — РИА Новости. ": a place, a day, a dash, then the agency.
static RE_DATELINE_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ -]{2,30},\s*(?P<when>[0-9]{1,2}\s+[a-zа-яё]{3,9})\.?\s+[—–-]+\s+(?P<credit>[^.]{2,30})\.\s+").unwrap()
});

fn russian_dateline(p: &str) -> Option<Dateline> {
    if let Some(c) = RE_DATELINE_DASH.captures(p)
        && let Some(o) = c.name("credit").and_then(|m| known_outlet(m.as_str()))
    {
        return Some(Dateline {
            len: c.get(0)?.end(),
            publisher: None,
            keep: false,
            outlet: Some(o.to_string()),
            when: c.name("when").map(|m| m.as_str().to_string()),
            byline: None,
        });
    }
    let c = RE_DATELINE_RU.captures(p)?;
    Some(Dateline {
        len: c.get(0)?.end(),
        publisher: None,
        keep: false,
        outlet: c.name("credit").and_then(|m| outlet_name(m.as_str())),
        when: c.name("when").map(|m| m.as_str().to_string()),
        byline: None,
    })
}

fn latin_dateline(paragraph: &str) -> Option<Dateline> {
    let c = RE_DATELINE.captures(paragraph)?;
    let place = c.name("place");
    let credit = c.name("credit").or(c.name("slash"));
    let dash = c.name("dash").map_or("", |m| m.as_str());
    // A place is a whole word: "SEOUL N…" is the start of a sentence, not a dateline.
    if place.is_some_and(|p| paragraph[p.end()..].starts_with(char::is_alphanumeric)) {
        return None;
    }
    match (place, credit) {
        (_, Some(cr)) => {
            // A bracket after a title-case word is a dateline only when it names an outlet.
            // An unknown name in capitals needs a dash after it or nothing before it
            // ("(MENAFN) …"), so that "North Korea (DPRK) fired …" stays text.
            let caps = cr.as_str().chars().all(|ch| !ch.is_lowercase());
            if known_outlet(cr.as_str()).is_none() && !(caps && (!dash.is_empty() || place.is_none())) {
                return None;
            }
        }
        (Some(p), None) => {
            let letters: Vec<char> = p.as_str().chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() < 3 || letters.iter().any(|c| c.is_lowercase()) || c.name("date").is_some() {
                return None;
            }
            // Without a credit, a dash or colon after a real place name ("SEOUL —", "SEOUL:"),
            // not an acronym with a hyphen ("DPRK - short for …").
            let long = letters.len() >= 5 || p.as_str().contains([' ', '/']);
            if dash.is_empty() || (dash == "-" && !long) || (!long && dash == ":") {
                return None;
            }
        }
        (None, None) => return None,
    }
    let whole = c.get(0)?;
    Some(Dateline {
        len: whole.end(),
        publisher: None,
        keep: false,
        outlet: credit.and_then(|m| outlet_name(m.as_str())),
        when: c.name("when").or(c.name("date")).map(|m| m.as_str().to_string()),
        byline: None,
    })
}

/// A standfirst tagged with its outlet or writer: "… beyond arms transactions …reports Asian
/// Lite News", "…writes Arul Louis".
static RE_REPORTS_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:…|\.\.\.)\s*(reports|writes)\s+((?:[A-Z0-9][\w&.'’-]*)(?:\s+[A-Z0-9][\w&.'’-]*){0,5})\s*$").unwrap()
});

/// Who a standfirst's tag credits.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    Outlet(String),
    Writer(String),
}

/// Words that make a credited name an outlet rather than a person.
fn has_outlet_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "news",
        "agency",
        "times",
        "daily",
        "post",
        "herald",
        "press",
        "media",
        "network",
        "lite",
        "tv",
        "radio",
        "journal",
        "tribune",
        "gazette",
        "wire",
        "service",
        "online",
        "world",
        "report",
        "review",
        "monitor",
        "observer",
        "telegraph",
        "express",
        "mail",
        "today",
        "weekly",
    ];
    s.split_whitespace().any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// (standfirst text without the tag, who the tag credits).
pub fn reports_tag(line: &str) -> Option<(String, Tag)> {
    // The verb closes the line but for a name of at most six words, so it ends one of the
    // last seven words ("…reports Asian Lite News").
    if !line
        .split_whitespace()
        .rev()
        .take(7)
        .any(|w| w.ends_with("reports") || w.ends_with("writes"))
    {
        return None;
    }
    let c = RE_REPORTS_TAG.captures(line)?;
    let whole = c.get(0)?;
    let verb = c.get(1)?.as_str();
    let name = c.get(2)?.as_str().trim();
    let tag = if known_outlet(name).is_some() || has_outlet_word(name) {
        Tag::Outlet(outlet_name(name)?)
    } else if is_person_name(name) {
        Tag::Writer(normalize_name(name))
    } else if verb == "reports" {
        Tag::Outlet(outlet_name(name)?)
    } else {
        return None;
    };
    let text = line[..whole.start()]
        .trim_end_matches([' ', ',', ';', '—', '–', '-'])
        .trim();
    Some((text.to_string(), tag))
}

// ---------------------------------------------------------------------------------------
// Bylines

static RE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by|written by|words by|text by|story by|reported by|report by|article by|authors?\s*:|reporter\s*:|posted by|(?:автор[ыа]?|текст|корреспондент|обозреватель)(?:\s+(?:материала|статьи|текста))?\s*[:—–-]|(?:материал\s+)?подготовил[аи]?\s*:?)\s*:?\s+(.+)$",
    )
    .unwrap()
});
static RE_ROLE_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})(?:,|\s+[-–—|])?\s+(?:(?:senior|chief|staff|diplomatic|political|foreign|defense|defence|national|north korea|unification ministry|washington|seoul|tokyo|moscow|beijing|un)\s+)?(?:staff\s+)?(?:reporter|writer|correspondent|editor|columnist|contributor)\b[\w ,.]*$",
    )
    .unwrap()
});
/// A Russian byline with a role after the name: "Иван Петров, специальный корреспондент".
static RE_ROLE_BYLINE_RU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+){1,2},?\s+(?:(?:специальный|собственный|старший|главный|военный|политический|научный|шеф-)\s*)?(?:корреспондент|обозреватель|редактор|журналист|колумнист)[а-яё]*\b[\w\s,.«»\x22-]{0,40}$").unwrap()
});
/// Where a label after the names of a byline starts: "Published", "Updated", "on June 19".
static RE_BYLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:[-–—]\s+)?(?:(?i:published|updated|posted|last\s+updated|first\s+published|опубликовано|обновлено)\b|(?:on|at)(?:\s|$))").unwrap()
});
/// Credit lines: the forms that open a line…
static RE_CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?\s*(?:additional\s+)?(?:reporting|writing|written|editing|edited|compiled|research|graphics|video|translation|translated|produced)\s+by\b|^some\s+information\s+(?:in|for)\s+this\s+(?:report|story)\s+came\s+from\b").unwrap()
});
/// The word `RE_CREDITS_TAIL` needs, in any ASCII case (it has no "s" or "k", the letters
/// that `(?i)` also matches outside ASCII).
static CONTRIBUTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)contributed").unwrap());
/// …and the one that closes it (tried only on lines that say "contributed").
static RE_CREDITS_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bcontributed\s+(?:to\s+)?this\s+(?:report|story|article)\.?\)?$").unwrap());
/// The role words that `RE_ROLE_BYLINE` needs, any case ("correspondent" and "columnist"
/// cut short of their "s": under `(?i)` a regex's "s" is also "ſ").
static ROLE_WORDS_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .build(["reporter", "writer", "pondent", "editor", "columni", "contributor"])
        .unwrap()
});

/// Whether `hay` holds `needle` (lowercase ASCII), ignoring ASCII case.
pub(super) fn ascii_ci_contains(hay: &str, needle: &[u8]) -> bool {
    let h = hay.as_bytes();
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if h.len() < needle.len() {
        return false;
    }
    let upper = first.to_ascii_uppercase();
    (0..=h.len() - needle.len())
        .any(|i| (h[i] == first || h[i] == upper) && h[i + 1..i + needle.len()].eq_ignore_ascii_case(rest))
}

static RE_BY_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\sby\s").unwrap());
static RE_IN_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}").unwrap());

/// A line that holds only names (with optional places): "Justin McCurry in Tokyo and Andrew
/// Roth", "Jeongmin Kim". Only trusted beside a date line.
pub fn name_line(line: &str) -> Option<Byline> {
    if line.len() > 120 || line.ends_with(['.', '?', '!']) {
        return None;
    }
    let without_places = RE_IN_PLACE.replace_all(line, "");
    let parts: Vec<&str> = RE_NAME_SPLIT
        .split(&without_places)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 4 || !parts.iter().all(|p| is_person_name(p) && !has_place_word(p)) {
        return None;
    }
    let names: Vec<String> = parts.iter().map(|p| normalize_name(p)).collect();
    Some(Byline {
        name: join_names(&names),
        outlet: None,
        rest: String::new(),
    })
}

/// The nouns of a writer's or official's role (`is_role_line`).
const ROLE_NOUNS: &[&str] = &[
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "contributor",
    "columnist",
    "journalist",
    "analyst",
    "fellow",
    "researcher",
    "expert",
    "professor",
    "lecturer",
    "scholar",
    "director",
    "minister",
    "counselor",
    "counsellor",
    "ambassador",
    "representative",
    "spokesperson",
    "envoy",
    "adviser",
    "advisor",
    "эксперт",
    "корреспондент",
    "обозреватель",
    "редактор",
    "журналист",
    "колумнист",
];
/// Words that may stand before or between them.
const ROLE_ADJECTIVES: &[&str] = &[
    "staff",
    "senior",
    "chief",
    "contributing",
    "political",
    "diplomatic",
    "foreign",
    "defense",
    "defence",
    "national",
    "security",
    "investigative",
    "special",
    "managing",
    "deputy",
    "associate",
    "news",
    "research",
    "leading",
    "visiting",
    "nonresident",
    "non-resident",
    "adjunct",
    "assistant",
    "principal",
    "permanent",
    "alternate",
    "alternative",
    "and",
    "специальный",
    "собственный",
    "старший",
    "главный",
    "военный",
    "политический",
    "научный",
];

/// A line that is only a writer's role, as author cards show it under the name: "Staff
/// Writer", "Senior Correspondent, Seoul", "Специальный корреспондент".
pub fn is_role_line(line: &str) -> bool {
    let head = line.split(',').next().unwrap_or("");
    let words: Vec<String> = head.split_whitespace().map(|w| w.to_lowercase()).collect();
    let role_word = |w: &String| ROLE_NOUNS.contains(&w.as_str()) || ROLE_ADJECTIVES.contains(&w.as_str());
    // The role, then maybe where it is held: "Leading Research Fellow at the X Center, …".
    let Some(noun) = words.iter().take(5).position(|w| ROLE_NOUNS.contains(&w.as_str())) else {
        return false;
    };
    let (role, place) = match words[noun + 1..].iter().position(|w| !role_word(w)) {
        Some(k) => words.split_at(noun + 1 + k),
        None => (&words[..], &[][..]),
    };
    let held_at = place.is_empty() || ["at", "of", "for", "with", "in"].contains(&place[0].as_str());
    role.iter().all(role_word)
        && role.len() <= 5
        && held_at
        && line.len() <= if place.is_empty() { 60 } else { 160 }
        && !line.trim_end().ends_with(['.', '!', '?'])
}

/// Words of places and institutions that make a capitalised pair not a person's name.
fn has_place_word(s: &str) -> bool {
    const PLACE: &[&str] = &[
        "korea",
        "north",
        "south",
        "russia",
        "china",
        "japan",
        "united",
        "states",
        "nations",
        "news",
        "world",
        "asia",
        "pacific",
        "europe",
        "america",
        "politics",
        "defense",
        "defence",
        "national",
        "security",
        "council",
        "ministry",
        "house",
        "press",
        "daily",
        "times",
        "herald",
        "agency",
        "analysis",
        "opinion",
        "editorial",
        "international",
        "economy",
        "business",
        "breaking",
        "top",
    ];
    s.split_whitespace()
        .any(|w| PLACE.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())))
}
static RE_BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>").unwrap());
static RE_NAME_SPLIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*(?:,|;|\band\b|&)\s*").unwrap());

const ROLE_WORDS: &[&str] = &[
    "staff",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "correspondent",
    "correspondents",
    "editor",
    "editors",
    "desk",
    "team",
    "bureau",
    "contributor",
    "columnist",
    "intern",
    "newsroom",
    "agencies",
    "agency",
    "online",
    "news",
    "wire",
    "wires",
    "report",
];
const PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "di", "del", "la", "le", "al", "bin", "ibn", "dos", "du", "ter",
];
const KOREAN_SURNAMES: &[&str] = &[
    "kim", "lee", "yi", "rhee", "park", "pak", "choi", "choe", "jung", "jeong", "chung", "kang", "cho", "jo", "yoon",
    "yun", "jang", "chang", "lim", "im", "han", "oh", "seo", "suh", "shin", "sin", "kwon", "hwang", "ahn", "an",
    "song", "yoo", "yu", "ryu", "hong", "jeon", "jun", "chun", "ko", "koh", "go", "moon", "mun", "yang", "son", "sohn",
    "bae", "baek", "paik", "heo", "huh", "nam", "noh", "roh", "ha", "kwak", "sung", "cha", "joo", "ju", "woo", "min",
    "na", "ji", "um", "eom", "chae", "won", "bang", "gong", "hyun", "yeo", "byun", "pyo", "ri", "ryang", "kil", "gil",
    "ok",
];

/// Whether `s` reads as a person's name: 2–5 capitalised words (particles allowed).
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || s.len() > 60 {
        return false;
    }
    let mut caps = 0;
    for w in &words {
        let lw = w.to_lowercase();
        // "Organizations In This Story", "More From Our Team": a widget's label, not a name.
        const FUNCTION_WORDS: &[&str] = &[
            "in", "this", "the", "of", "for", "to", "on", "at", "with", "from", "our", "your", "more", "about",
            "story", "stories",
        ];
        if ROLE_WORDS.contains(&lw.trim_end_matches('.')) || FUNCTION_WORDS.contains(&lw.as_str()) {
            return false;
        }
        if PARTICLES.contains(&lw.as_str()) {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || !w.chars().all(|c| c.is_alphabetic() || "'’.-".contains(c)) {
            return false;
        }
        caps += 1;
    }
    caps >= 2
}

/// "MICHAEL LEE" → "Michael Lee", "KIM JI-EUN" → "Kim Ji-eun", "JEAN-PIERRE DUPONT" →
/// "Jean-Pierre Dupont". Names already in mixed case are kept as written.
pub fn normalize_name(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let has_lower = name.chars().any(|c| c.is_lowercase());
    let has_upper = name.chars().any(|c| c.is_uppercase());
    if has_lower && has_upper {
        return name;
    }
    let korean = name
        .split_whitespace()
        .any(|w| KOREAN_SURNAMES.contains(&w.to_lowercase().as_str()))
        && name.contains('-');
    name.split_whitespace()
        .map(|w| {
            let lw = w.to_lowercase();
            if PARTICLES.contains(&lw.as_str()) {
                return lw;
            }
            w.split('-')
                .enumerate()
                .map(|(i, part)| {
                    let lower = part.to_lowercase();
                    if i > 0 && korean {
                        return lower;
                    }
                    capitalize(&lower)
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalize(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut up = true;
    for c in w.chars() {
        if up && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
        // O'Brien, McDonald stay simple: capitalise after an apostrophe.
        if c == '\'' || c == '’' {
            up = true;
        }
    }
    out
}

/// What a byline line says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Byline {
    pub name: Option<String>,
    /// An outlet the byline itself names: an e-mail domain, "| Reuters", ", Yonhap".
    pub outlet: Option<String>,
    /// The rest of the line after the names, for a date.
    pub rest: String,
}

/// Where a date starts in a byline line: "August 27, 2024", "27 Aug 2024", "2024-08-27", "5:54 PM".
static RE_BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]{1,2}(?-u:\b)|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2})").unwrap()
});

/// A Korean byline: "OSEN 박소영 기자", "백윤미 기자(yum@chosunbiz.com)", "최지원 기자
/// (jiwoner@yna.co.kr)", "[서울=뉴스1] 홍길동 기자" on a line of its own. The byline keeps the
/// outlet it names, as written.
static RE_KO_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[/\s\[(]*(?:(?:기자명|글(?:·사진)?|사진·글|취재)\s*[:=]?\s*)?(?:[가-힣]{2,8}\s*=\s*)?(?:(?P<outlet>[가-힣A-Za-z0-9&.]{2,15})[\])]?\s+)?(?P<name>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4}){0,3})\s*(?P<role>기자|특파원|선임기자|논설위원|통신원)\s*(?:[(\[<]?\s*[A-Za-z0-9_.+-]+@[A-Za-z0-9_.-]+\s*[)\]>]?)?\s*\]?\s*(?:기사\s*모아\s*보기|다른\s*기사\s*보기|구독하기|구독)?\s*(?P<tail>(?:[|·]\s*)?(?:입력|등록|수정|승인|발행|기사입력|송고|업데이트|최종수정|게재|[0-9]{4}[.-]).*)?$").unwrap()
});

fn korean_byline(line: &str) -> Option<Byline> {
    let c = RE_KO_BYLINE.captures(line)?;
    let outlet_text = c.name("outlet").map(|m| m.as_str());
    let shown = [
        outlet_text,
        c.name("name").map(|m| m.as_str()),
        c.name("role").map(|m| m.as_str()),
    ];
    let outlet = email_domain(line)
        .and_then(outlet_for_domain)
        .or_else(|| outlet_text.and_then(known_outlet).map(str::to_string));
    // A date after the name on the same line ("홍길동 기자 입력 2024.06.19 14:02") is the story's.
    let rest = c.name("tail").map_or("", |m| m.as_str()).to_string();
    Some(Byline {
        name: Some(shown.iter().flatten().copied().collect::<Vec<_>>().join(" ")),
        outlet,
        rest,
    })
}

/// Names of a byline's list part: "Josh Smith and Hyonhee Shin, staff reporters" → names.
fn names_in(list: &str) -> (Vec<String>, Option<String>) {
    let mut names = Vec::new();
    let mut outlet = None;
    for part in RE_NAME_SPLIT.split(list) {
        let part = part.trim().trim_end_matches(['.', ':']);
        if part.is_empty() {
            continue;
        }
        // An outlet's name can look like a person's ("By Deutsche Welle"): the outlet is known.
        let outlet_named = known_outlet(part).filter(|_| !is_desk(part));
        if let Some(o) = outlet_named {
            outlet.get_or_insert_with(|| o.to_string());
        } else if is_person_name(part) {
            names.push(normalize_name(part));
        } else if is_desk(part) {
            // "The Kyiv Independent news desk": a credit of the desk, kept as written.
            names.push(part.to_string());
            let newsroom = part.rsplit_once(' ').map_or(part, |(a, _)| a).trim_end_matches(" news");
            if let Some(o) = known_outlet(newsroom) {
                outlet.get_or_insert_with(|| o.to_string());
            }
        } else if let Some(o) = known_outlet(part) {
            outlet.get_or_insert_with(|| o.to_string());
        } else if names.is_empty() && part.split_whitespace().count() == 1 {
            // "By Reuters" has no person; a single unknown word is not a name either.
            continue;
        } else {
            // A role ("staff reporter") or a title ends the list of names.
            break;
        }
    }
    (names, outlet)
}

/// A newsroom credited as a writer: "The Kyiv Independent news desk", "Reuters staff".
fn is_desk(part: &str) -> bool {
    let lower = part.to_lowercase();
    let words = part.split_whitespace().count();
    (2..=7).contains(&words)
        && part.chars().next().is_some_and(char::is_uppercase)
        && ["desk", "staff", "team", "bureau", "newsroom"]
            .iter()
            .any(|w| lower.ends_with(w))
}

fn join_names(names: &[String]) -> Option<String> {
    match names.len() {
        0 => None,
        1 => Some(names[0].clone()),
        n => Some(format!("{} and {}", names[..n - 1].join(", "), names[n - 1])),
    }
}

/// A byline's names and what follows them: the names end where a date begins ("by Jane
/// Doe August 27, 2024 5:54 PM") or a label does ("Posted by Jane Doe on June 19").
fn names_and_rest(body: &str) -> (&str, String) {
    let cut = |re: &Regex, s: &str| {
        re.find(s)
            .map_or(s.len(), |m| if m.start() > 0 { m.start() } else { s.len() })
    };
    let at_date = cut(&RE_BYLINE_DATE, body);
    let at_label = cut(&RE_BYLINE_LABEL, &body[..at_date]);
    (&body[..at_label], body[at_label..].to_string())
}

/// A byline line: "By Kim Ji-eun, staff reporter", "BY MICHAEL LEE [lee.junhyuk@joongang.co.kr]",
/// "By Jane Doe | Reuters | June 19, 2024", "Kim Ji-eun, staff reporter".
pub fn byline(line: &str) -> Option<Byline> {
    if line.len() > 200 {
        return None;
    }
    if !line.is_ascii()
        && ["기자", "특파원", "논설위원", "통신원"]
            .iter()
            .any(|r| line.contains(r))
        && let Some(b) = korean_byline(line)
    {
        return Some(b);
    }
    // `RE_BY` opens with one of these letters, or a Cyrillic one ("Автор:", "Текст:").
    let by_letter = line.bytes().next().is_some_and(|b| {
        !b.is_ascii() || matches!(b.to_ascii_lowercase(), b'b' | b'w' | b't' | b'a' | b'r' | b'p' | b's')
    });
    let body = if by_letter && let Some(c) = RE_BY.captures(line) {
        c.get(1)?.as_str()
    } else if (ROLE_WORDS_AC.is_match(line) && RE_ROLE_BYLINE.is_match(line))
        || (!line.is_ascii() && RE_ROLE_BYLINE_RU.is_match(line))
    {
        line
    } else {
        return name_beside(line);
    };
    let mut outlet = email_domain(body).and_then(outlet_for_domain);
    let (body, dated) = names_and_rest(body);
    // "By Justin McCurry in Tokyo and Andrew Roth in Seoul": the places are not names.
    let body = RE_IN_PLACE.replace_all(body, "");
    let stripped = RE_BRACKETED.replace_all(&body, " ");
    let stripped = RE_EMAIL.replace_all(&stripped, " ");
    // A spaced dash parts names from a role or outlet as a bar does ("Jane Doe – Reuters").
    let stripped = stripped
        .replace(" - ", " | ")
        .replace(" – ", " | ")
        .replace(" — ", " | ");
    let mut parts = stripped
        .split(['|', '·', '•', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let first = parts.next()?;
    let (names, named_outlet) = names_in(first);
    if outlet.is_none() {
        outlet = named_outlet;
    }
    let mut rest = dated;
    rest.push(' ');
    for p in parts {
        if outlet.is_none()
            && let Some(o) = known_outlet(p)
        {
            outlet = Some(o.to_string());
            continue;
        }
        rest.push_str(p);
        rest.push(' ');
    }
    if names.is_empty() && outlet.is_none() {
        // "By contrast, …", "By 2025 …": not a byline.
        return None;
    }
    // "By Reuters": the agency stands in the byline slot.
    let name = join_names(&names).or_else(|| outlet.clone());
    Some(Byline { name, outlet, rest })
}

/// A sign-off of a name and an e-mail address, the writer's or the newsroom's: "Jane Roe
/// jroe@example.com", "한국면세뉴스 kdf@kdfnews.com".
pub fn signed_contact(line: &str) -> Option<Byline> {
    if !has_email(line) {
        return None;
    }
    let outlet = email_domain(line).and_then(outlet_for_domain);
    let rest = RE_EMAIL.replace_all(line, " ");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "[]()<>,|·".contains(c));
    let name = if is_person_name(rest) {
        normalize_name(rest)
    } else if known_outlet(rest).is_some() || (!rest.is_ascii() && outlet_name(rest).is_some()) {
        rest.to_string()
    } else {
        return None;
    };
    Some(Byline {
        name: Some(name),
        outlet,
        rest: String::new(),
    })
}

/// A government body's name alone: "Foreign, Commonwealth & Development Office", "Ministry of
/// Foreign Affairs of Japan", "Permanent Mission of X to the United Nations". Bodies that
/// are also sections of news pages ("Security Council") are not taken.
pub fn issuer_name(line: &str) -> Option<String> {
    const LAST: &[&str] = &[
        "Office",
        "Ministry",
        "Department",
        "Embassy",
        "Secretariat",
        "Government",
    ];
    const FIRST: &[&str] = &["Ministry", "Department", "Office", "Embassy", "Permanent", "Mission"];
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let small = ["of", "the", "and", "for", "to", "&", "on"];
    let capitalised = words
        .iter()
        .all(|w| small.contains(w) || w.chars().next().is_some_and(char::is_uppercase));
    let last = words.last()?.trim_end_matches(',');
    let named = LAST.contains(&last) || FIRST.contains(words.first()?);
    (capitalised && named && words.len() >= 2 && !t.ends_with(['.', ':'])).then(|| t.to_string())
}

/// An author box's picture saved as its alt text: "Jack Carr Avatar", "Avatar of Jane Doe",
/// "Jane Doe's avatar".
pub fn avatar_name(line: &str) -> Option<String> {
    let t = line.trim();
    let name = t
        .strip_suffix(" Avatar")
        .or_else(|| t.strip_suffix(" avatar"))
        .map(|n| n.trim_end_matches("'s").trim_end_matches("’s"))
        .or_else(|| t.strip_prefix("Avatar of "))
        .or_else(|| t.strip_prefix("Avatar photo of "))?;
    is_person_name(name).then(|| normalize_name(name))
}

/// A Korean page's section label glued to its reporter's name when saved as text: "정치김민찬"
/// (section "정치", reporter 김민찬). Only a known section word and a name of three syllables
/// under a common surname.
pub fn glued_section_name(line: &str) -> Option<String> {
    const SECTIONS: &[&str] = &[
        "정치",
        "경제",
        "사회",
        "국제",
        "세계",
        "문화",
        "연예",
        "스포츠",
        "북한",
        "통일",
        "외교",
        "산업",
        "전국",
        "과학",
        "생활",
    ];
    const SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용";
    let t = line.trim();
    if !t.chars().all(crate::terms::is_hangul) {
        return None;
    }
    let rest = SECTIONS.iter().find_map(|s| t.strip_prefix(s))?;
    // Three syllables, as most names are: a two-syllable rest is more often a word ("경제성장").
    let surname = rest.chars().next()?;
    let section_word = SECTIONS.iter().any(|s| rest.starts_with(s));
    (rest.chars().count() == 3 && SURNAMES.contains(surname) && !section_word).then(|| rest.to_string())
}

/// A syndicator's credit line, "(MENAFN - U.S. Department of State)" (its opening bracket may
/// be cut off with the page's top): the known syndicator publishes what the provider wrote,
/// who stands in the byline slot.
static RE_PROVIDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?([^()]{2,30}?)\s+[-–—]\s+([^()]{2,60}?)\)$").unwrap());

pub fn provider_credit(line: &str) -> Option<Byline> {
    let c = RE_PROVIDER.captures(line.trim())?;
    let outlet = known_outlet(c.get(1)?.as_str())?;
    let provider = c.get(2)?.as_str().trim();
    let named = is_person_name(provider) || outlet_name(provider).is_some() || has_outlet_word(provider);
    named.then(|| Byline {
        name: Some(provider.to_string()),
        outlet: Some(outlet.to_string()),
        rest: String::new(),
    })
}

/// A writer's name beside an outlet or a date, without "By": "Jane Roe, Associated Press",
/// "Jane Roe - June 19, 2024", "Posted on June 19, 2024 by Jane Roe".
fn name_beside(line: &str) -> Option<Byline> {
    let t = line.trim();
    if t.split_whitespace().count() > 12 {
        return None;
    }
    // The name is checked before the dates: this runs on most short lines of a page.
    if let Some(k) = t.rfind(" by ").or_else(|| t.rfind(" By ")) {
        let (before, name) = (&t[..k], t[k + 4..].trim());
        let dated = is_person_name(name) && !dates::find_day_dates(before).is_empty();
        return dated.then(|| Byline {
            name: Some(normalize_name(name)),
            outlet: None,
            rest: before.to_string(),
        });
    }
    let (name, other) = [", ", " - ", " – ", " — ", " | "]
        .iter()
        .filter_map(|sep| t.split_once(sep))
        .map(|(n, o)| (n.trim(), o.trim()))
        .find(|(n, _)| is_person_name(n) && !has_outlet_word(n) && !has_place_word(n))?;
    let outlet = known_outlet(other).map(str::to_string);
    let dated = !dates::find_day_dates(other).is_empty();
    (outlet.is_some() || dated).then(|| Byline {
        name: Some(normalize_name(name)),
        outlet,
        rest: if dated { other.to_string() } else { String::new() },
    })
}

/// "Reporting by Josh Smith and Hyonhee Shin; Editing by Ed Davies" → "Josh Smith and Hyonhee Shin".
pub fn credits(line: &str) -> Option<Option<String>> {
    let credit = RE_CREDITS.is_match(line) || (CONTRIBUTED.is_match(line) && RE_CREDITS_TAIL.is_match(line));
    if !credit || line.split_whitespace().count() > 50 {
        return None;
    }
    let inner = line.trim().trim_start_matches('(').trim_end_matches(')');
    let mut reporting = None;
    let mut writing = None;
    for part in inner.split(';') {
        let p = part.trim();
        let lower = p.to_lowercase();
        // Positions are taken in `p` itself: lowercasing may change byte lengths.
        let Some(by) = RE_BY_WORD.find(p) else {
            continue;
        };
        let (names, _) = names_in(&p[by.end()..]);
        if lower.starts_with("reporting") || lower.starts_with("additional reporting") {
            if reporting.is_none() && !lower.starts_with("additional") {
                reporting = join_names(&names);
            }
        } else if (lower.starts_with("writing") || lower.starts_with("written")) && writing.is_none() {
            writing = join_names(&names);
        }
    }
    Some(reporting.or(writing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outlets_from_domains() {
        assert_eq!(outlet_for_domain("hani.co.kr").as_deref(), Some("Hankyoreh"));
        assert_eq!(
            outlet_for_domain("joongang.co.kr").as_deref(),
            Some("Korea JoongAng Daily")
        );
        assert_eq!(outlet_for_domain("english.hani.co.kr").as_deref(), Some("Hankyoreh"));
        assert_eq!(outlet_for_domain("news.un.org").as_deref(), Some("UN News"));
        assert_eq!(outlet_for_domain("foo-news.com").as_deref(), Some("Foo News"));
        assert_eq!(
            outlet_for_domain("www.pyongyang-times.co.uk").as_deref(),
            Some("Pyongyang Times")
        );
        assert_eq!(outlet_for_domain("gmail.com"), None);
    }

    #[test]
    fn finds_outlets_credited_in_prose() {
        let p = |s: &str| vec![s.to_string()];
        assert_eq!(known_outlet("Breitbart"), Some("Breitbart News"));
        assert_eq!(
            STAFF
                .captures("Adam Shaw is a Breitbart News politics reporter based")
                .and_then(|c| c.get(1))
                .map(|m| m.as_str()),
            Some("Breitbart")
        );
        assert_eq!(
            staff_outlet(&p(
                "Adam Shaw is a Breitbart News politics reporter based in New York. Follow Adam on Twitter."
            ))
            .as_deref(),
            Some("Breitbart News")
        );
        // Each text and the outlet it credits (None: no attribution).
        let cases: &[(&str, Option<&str>)] = &[
            (
                "The soldiers were captured, the Yonhap news agency reported on Monday.",
                Some("Yonhap"),
            ),
            ("Putin said so, according to TASS.", Some("TASS")),
            ("러시아 타스통신 등이 21일 보도했다.", Some("TASS")),
            (
                "13 из 15 членов совета проголосовали, сообщает корреспондент ТАСС.",
                Some("TASS"),
            ),
            // A Russian name in another case; a Korean agency's name with 통신 and a few
            // words before the verb.
            ("Об этом передает корреспондент \"Интерфакса\".", Some("Interfax")),
            (
                "쇼이구 서기가 평양에 도착했다고 타스통신 등 러시아 언론이 21일 보도했다.",
                Some("TASS"),
            ),
            // Plural verbs, and a name in quotes after an inflected noun.
            (
                "Об этом, как передают РИА Новости и ТАСС, заявил министр.",
                Some("RIA Novosti"),
            ),
            (
                "Как сообщили корреспонденту \"РГ\" в пресс-службе, встреча прошла.",
                Some("Rossiyskaya Gazeta"),
            ),
            // A name with no words of attribution beside it credits nothing.
            ("Reuters and AP photographers stood outside the building.", None),
            // The attribution may stand a few words before the name; Cyrillic words are long.
            (
                "Shoigu arrived on Wednesday, according to Russian news agency TASS.",
                Some("TASS"),
            ),
            (
                "Военные остаются в регионе. Об этом сообщило южнокорейское агентство Yonhap со ссылкой на СМИ.",
                Some("Yonhap"),
            ),
            // Someone who spoke to a newspaper gave it an interview; the story is not its report.
            ("The minister told The New York Times that talks would go on.", None),
            // Four words between is a sentence that goes on, not an attribution.
            (
                "Officials told reporters in the capital city TASS staff were present.",
                None,
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(credited_outlet(&p(text)).as_deref(), want, "{text}");
        }
        // The outlet that relays a report wrote the story; the one it cites is a credit.
        assert_eq!(
            relaying_outlet(&p("The talks ended, Trend informs referring to TASS.")).as_deref(),
            Some("Trend")
        );
        assert_eq!(relaying_outlet(&p("The talks ended, according to TASS.")), None);
        assert_eq!(
            credited_outlet(&p("지난 28일 로이터 등에 따르면 이날 안보리는 표결을 진행했다.")).as_deref(),
            Some("Reuters")
        );
        // A Russian story's closing attribution names an outlet the gazetteer does not know.
        let story: Vec<String> = [
            "Встреча лидеров состоится в ближайшие недели.",
            "Детали визита пока не раскрываются.",
            "Ранее стороны подписали договор.",
            "Конкретное место встречи пока не уточняется, передает «Радио Примера».",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(agency_credit(&story).as_deref(), Some("Радио Примера"));
        assert_eq!(
            source_label("Источник: Telegram-канал \"Новости Примера\"").as_deref(),
            Some("Новости Примера")
        );
        assert_eq!(dash_credit("A ruling is due by June. – AFP").as_deref(), Some("AFP"));
        assert_eq!(
            headline_credit("AP: North Korea may send workers to Russia").as_deref(),
            Some("AP")
        );
    }

    #[test]
    fn a_dated_bracket_names_publisher_wire_and_day() {
        let d = dateline("MOSCOW (Steppe Herald / Sputnik - 27th July, 2023) Defence ministers met in Pyongyang.")
            .expect("a dateline");
        assert_eq!(d.publisher.as_deref(), Some("Steppe Herald"));
        assert_eq!(d.outlet.as_deref(), Some("Sputnik"));
        assert_eq!(d.when.as_deref(), Some("27th July, 2023"));
        assert!(d.keep, "the printed dateline stays in the opening sentence");
        let d = dateline("DELHI (Steppe Herald, June 19, 2024) - The envoy arrived on Tuesday.").expect("a dateline");
        assert_eq!((d.publisher, d.outlet.as_deref()), (None, Some("Steppe Herald")));
        // A bracket without a day is no such dateline.
        assert!(dated_bracket("KIM (Jong Un) - the leader spoke at length today.").is_none());
    }

    #[test]
    fn writers_in_author_boxes_and_credit_lines() {
        assert_eq!(
            issuer_name("Foreign, Commonwealth & Development Office").as_deref(),
            Some("Foreign, Commonwealth & Development Office")
        );
        assert!(issuer_name("Ministry of Foreign Affairs of Japan").is_some());
        assert!(issuer_name("Security Council").is_none());
        assert!(issuer_name("Office").is_none());
        assert!(issuer_name("Ministry says talks will go on").is_none());
        let b = signed_contact("Jane Roe jroe@example.com").expect("a sign-off");
        assert_eq!(b.name.as_deref(), Some("Jane Roe"));
        let b = signed_contact("평화일보 desk@example.co.kr").expect("a newsroom's sign-off");
        assert_eq!(b.name.as_deref(), Some("평화일보"));
        assert!(signed_contact("Write to us at desk@example.com").is_none());
        assert_eq!(avatar_name("Jane Roe Avatar").as_deref(), Some("Jane Roe"));
        assert_eq!(avatar_name("Avatar of Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(avatar_name("Default Avatar"), None);
        assert_eq!(glued_section_name("국제박서연").as_deref(), Some("박서연"));
        assert_eq!(glued_section_name("경제성장"), None);
        assert_eq!(glued_section_name("국제정치학"), None);
        assert_eq!(glued_section_name("국제 박서연"), None);
        let b = provider_credit("MENAFN - Ministry of Foreign Affairs)").expect("a credit");
        assert_eq!(b.name.as_deref(), Some("Ministry of Foreign Affairs"));
        assert_eq!(b.outlet.as_deref(), Some("MENAFN"));
        // An unknown name before the dash is no syndicator.
        assert!(provider_credit("(Seoul - the capital)").is_none());
    }

    #[test]
    fn outlets_named_in_hangul_and_in_byline_slots() {
        assert_eq!(outlet_name("한국면세뉴스").as_deref(), Some("한국면세뉴스"));
        assert_eq!(outlet_name("이것은 세 단어 문장"), None);
        let b = byline("By  Deutsche Welle").expect("a byline");
        assert_eq!(b.outlet.as_deref(), Some("Deutsche Welle"));
        assert_eq!(b.name.as_deref(), Some("Deutsche Welle"));
        let b = byline("By Jane Doe").expect("a byline");
        assert_eq!((b.name.as_deref(), b.outlet), (Some("Jane Doe"), None));
    }

    #[test]
    fn reads_datelines_of_many_styles() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "SEOUL (AFP) – Russian President Vladimir Putin signed a pact.",
                "Russian",
                Some("AFP"),
                None,
            ),
            (
                "UNITED NATIONS — (AP) — Russia vetoed a U.N. resolution on Thursday.",
                "Russia",
                Some("AP"),
                None,
            ),
            (
                "Seoul, June 19 (IANS) Russian President Vladimir Putin signed a pact.",
                "Russian",
                Some("IANS"),
                Some("June 19"),
            ),
            (
                "PYONGYANG, November 25. /TASS/. North Korea’s First Vice Minister said so.",
                "North",
                Some("TASS"),
                Some("November 25"),
            ),
            (
                "SEOUL: Russian Defense Minister Andrei Belousov arrived on Friday.",
                "Russian",
                None,
                None,
            ),
            (
                "UNITED NATIONS: The UN Security Council on Wednesday gathered.",
                "The",
                None,
                None,
            ),
            (
                "MOSCOW/SEOUL - North Korean leader Kim Jong Un and Putin met.",
                "North",
                None,
                None,
            ),
            (
                "April 25, 2019 (EIRNS)—Russian President Vladimir Putin and Kim met.",
                "Russian",
                Some("Executive Intelligence Review"),
                Some("April 25, 2019"),
            ),
            (
                // A credit in capitals the gazetteer does not know is kept as written.
                "April 25, 2019 (PNWS)—Russian President Vladimir Putin and Kim met.",
                "Russian",
                Some("PNWS"),
                Some("April 25, 2019"),
            ),
            (
                "(MENAFN) Russian Foreign Minister Sergey Lavrov met with Kim.",
                "Russian",
                Some("MENAFN"),
                None,
            ),
            (
                "MOSCOW. June 19 (Interfax) - Russia and North Korea signed a treaty on Wednesday.",
                "Russia",
                Some("Interfax"),
                Some("June 19"),
            ),
            (
                "МОСКВА, 19 июня. /ТАСС/. Президент России Владимир Путин подписал договор.",
                "Президент",
                Some("TASS"),
                Some("19 июня"),
            ),
            (
                "МОСКВА, 19 июн — РИА Новости. Президент России Владимир Путин подписал договор.",
                "Президент",
                Some("RIA Novosti"),
                Some("19 июн"),
            ),
            (
                "Москва. 13 сентября. INTERFAX.RU - Президент РФ Владимир Путин объяснил, почему.",
                "Президент",
                Some("Interfax"),
                Some("13 сентября"),
            ),
            (
                "(서울=연합뉴스) 하채림 기자 = 13일 러시아 아무르주 보스토치니 우주기지에서 열린 북러 정상회담은",
                "13일",
                Some("Yonhap"),
                None,
            ),
        ];
        for &(text, rest, outlet, when) in cases {
            let d = dateline(text).unwrap_or_else(|| panic!("no dateline in {text}"));
            assert!(text[d.len..].starts_with(rest), "{text}: left {:?}", &text[d.len..]);
            assert_eq!(d.outlet.as_deref(), outlet, "{text}");
            assert_eq!(d.when.as_deref(), when, "{text}");
        }
        let d = dateline("[이데일리 정다슬 기자] 세르게이 쇼이구 러시아 국가안보회의 서기가 17일 평양에 도착했다.")
            .unwrap();
        assert_eq!(d.byline.as_deref(), Some("이데일리 정다슬 기자"));
        for text in [
            "North Korea (DPRK) fired two missiles on Monday, officials said.",
            "New York, United States – Russia has vetoed the renewal of a panel.",
            "Kim Jong-un - the leader - said it would go on and on.",
        ] {
            assert!(dateline(text).is_none(), "{text}");
        }
    }

    #[test]
    fn reads_wire_tags_and_datelines() {
        assert_eq!(
            wire_tail("signed in June last year. (Yonhap)").as_deref(),
            Some("Yonhap")
        );
        assert_eq!(
            wire_tail("on the United Nations website. (ANI)").as_deref(),
            Some("ANI")
        );
        assert_eq!(wire_tail("resolutions (UNSC) banning it"), None);
        assert_eq!(wire_tail("said the United Nations Security Council (UNSC)."), None);
        let d = dateline("SEOUL, June 19 (Reuters) - North Korea fired a missile on Wednesday.").unwrap();
        assert_eq!(d.outlet.as_deref(), Some("Reuters"));
        assert_eq!(d.when.as_deref(), Some("June 19"));
        assert_eq!(&"SEOUL, June 19 (Reuters) - North"[d.len..], "North");
        let d = dateline("UNITED NATIONS (AP) — The Security Council met on Monday to discuss it.").unwrap();
        assert_eq!(d.outlet.as_deref(), Some("AP"));
        let d = dateline("SEOUL, South Korea (AP) — Russian President Vladimir Putin and Kim Jong Un signed a pact.")
            .unwrap();
        assert_eq!(d.outlet.as_deref(), Some("AP"));
        assert!(dateline("Kim Jong-un - the leader - said it would go on and on.").is_none());
        assert!(dateline("DPRK - short for the North's official name - is used here often.").is_none());
        assert_eq!(
            dateline("SEOUL — North Korea fired two missiles on Monday, officials said.")
                .unwrap()
                .len,
            "SEOUL — ".len()
        );
    }

    #[test]
    fn reads_bylines() {
        let b = byline("By Kim Ji-eun, staff reporter").unwrap();
        assert_eq!(b.name.as_deref(), Some("Kim Ji-eun"));
        let b = byline("BY MICHAEL LEE [lee.junhyuk@joongang.co.kr]").unwrap();
        assert_eq!(b.name.as_deref(), Some("Michael Lee"));
        assert_eq!(b.outlet.as_deref(), Some("Korea JoongAng Daily"));
        let b = byline("By Josh Smith and Hyonhee Shin | Reuters").unwrap();
        assert_eq!(b.name.as_deref(), Some("Josh Smith and Hyonhee Shin"));
        assert_eq!(b.outlet.as_deref(), Some("Reuters"));
        assert_eq!(byline("By contrast, the North has refused."), None);
        assert_eq!(byline("By 2025 the treaty will be in force."), None);
        assert_eq!(
            byline("Kim Ji-eun, staff reporter").unwrap().name.as_deref(),
            Some("Kim Ji-eun")
        );
        assert_eq!(normalize_name("KIM JI-EUN"), "Kim Ji-eun");
        assert_eq!(normalize_name("JEAN-PIERRE DUPONT"), "Jean-Pierre Dupont");
        assert_eq!(
            credits("Reporting by Josh Smith; Editing by Ed Davies"),
            Some(Some("Josh Smith".to_string()))
        );
        assert_eq!(
            name_line("Justin McCurry in Tokyo and Andrew Roth")
                .unwrap()
                .name
                .as_deref(),
            Some("Justin McCurry and Andrew Roth")
        );
        assert_eq!(name_line("North Korea"), None);
        assert_eq!(
            credits("Associated Press writer Jim Heintz contributed to this report."),
            Some(None)
        );
        assert_eq!(
            reports_tag("Kim said it…reports Asian Lite News").unwrap().1,
            Tag::Outlet("Asian Lite News".into())
        );
        assert_eq!(
            reports_tag("The envoy said it…reports Arul Louis").unwrap().1,
            Tag::Writer("Arul Louis".into())
        );
    }

    #[test]
    fn reads_bylines_with_labels_places_and_roles() {
        let name = |l: &str| byline(l).and_then(|b| b.name);
        assert_eq!(
            name("Posted by Harriet Okafor on March 3, 2025").as_deref(),
            Some("Harriet Okafor")
        );
        let b = byline("By Tom Reilly in Seoul and Aiko Tanaka in Tokyo Published 5:40 PM, March 3, 2025").unwrap();
        assert_eq!(b.name.as_deref(), Some("Tom Reilly and Aiko Tanaka"));
        assert!(b.rest.contains("Published"), "{:?}", b.rest);
        assert_eq!(
            name("Story by Priya Raman • 3 min read").as_deref(),
            Some("Priya Raman")
        );
        assert_eq!(
            name("Daniel Fairweather - Staff Writer").as_deref(),
            Some("Daniel Fairweather")
        );
        // Prose that opens with "By" and a capitalised word is no byline.
        assert_eq!(byline("By Monday the talks had stalled on the main issue."), None);
        assert_eq!(byline("By order of the court, the assets were frozen at once."), None);
        assert_eq!(byline("Photo by Greta Lindqvist"), None);
    }

    #[test]
    fn reads_russian_and_korean_bylines() {
        let name = |l: &str| byline(l).and_then(|b| b.name);
        assert_eq!(name("Автор: Мария Соколова").as_deref(), Some("Мария Соколова"));
        assert_eq!(name("Текст — Алексей Громов").as_deref(), Some("Алексей Громов"));
        assert_eq!(name("Подготовила Анна Лебедева").as_deref(), Some("Анна Лебедева"));
        assert_eq!(
            name("Олег Шаров, специальный корреспондент").as_deref(),
            Some("Олег Шаров")
        );
        // A widget's label in title case is no name.
        assert_eq!(name_line("Organizations In This Story"), None);
        assert_eq!(name_line("More From Our Newsroom"), None);
        assert!(name_line("Jane Roe").is_some());
        // A photo credit, a phrase with "автор" and a sentence are no bylines.
        assert_eq!(byline("Фото: Иван Петров"), None);
        assert_eq!(byline("Автор идеи — министерство обороны"), None);
        assert_eq!(byline("Текст: заявление прозвучало вчера вечером."), None);
        // Korean: two reporters, a date on the same line, a CMS label before the name.
        let b = byline("박민수·이서연 기자 입력 2025.03.03 10:15 수정 2025.03.03 11:20").unwrap();
        assert_eq!(b.name.as_deref(), Some("박민수·이서연 기자"));
        assert!(b.rest.starts_with("입력"), "{:?}", b.rest);
        assert_eq!(name("기자명 정하늘 기자").as_deref(), Some("정하늘 기자"));
        // A name beside an outlet or a date, with no "By".
        let b = byline("Jane Roe, Associated Press").expect("name, outlet");
        assert_eq!((b.name.as_deref(), b.outlet.as_deref()), (Some("Jane Roe"), Some("AP")));
        assert_eq!(name("Jane Roe - June 19, 2024").as_deref(), Some("Jane Roe"));
        assert_eq!(name("Posted on June 19, 2024 by Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(byline("Seoul, South Korea"), None);
        assert_eq!(byline("North Korea - June 19, 2024"), None);
        // An agency's bracketed dateline on a line of its own, over the text.
        assert_eq!(name("[서울=뉴스1] 홍길동 기자").as_deref(), Some("뉴스1 홍길동 기자"));
        assert_eq!(
            name("(서울=연합뉴스) 홍길동 기자").as_deref(),
            Some("연합뉴스 홍길동 기자")
        );
        // A sign-off in brackets, with a place before the name, or a link to more stories.
        assert_eq!(
            name("[한가람 기자 hangaram@example.co.kr]").as_deref(),
            Some("한가람 기자")
        );
        assert_eq!(
            name("도쿄=한가람 특파원 hgr@example.com").as_deref(),
            Some("한가람 특파원")
        );
        assert_eq!(
            name("한가람 기자 hgr@example.com 기사모아보기").as_deref(),
            Some("한가람 기자")
        );
        assert_eq!(byline("기자들은 회의장 밖에서 결과를 기다렸다"), None);
        assert_eq!(byline("사진=뉴스통신 제공"), None);
    }

    #[test]
    fn reads_role_lines_of_author_cards() {
        assert!(is_role_line("Senior Correspondent"));
        assert!(is_role_line("Staff Writer, Seoul"));
        assert!(is_role_line("Специальный корреспондент"));
        assert!(!is_role_line("North Korea"));
        assert!(!is_role_line("Security Council"));
        assert!(!is_role_line("The editor said no"));
        assert!(is_role_line(
            "Leading Research Fellow at the Center for Korean Studies, Example Institute expert"
        ));
        assert!(is_role_line("Visiting Professor of Political Science"));
        assert!(is_role_line("Political Minister Counselor"));
        assert!(!is_role_line(
            "Senior fellow at the institute said on Monday that talks failed."
        ));
        assert!(!is_role_line("Research shows that sanctions work"));
    }

    #[test]
    fn reads_source_lines() {
        assert_eq!(source_label("Source: Kyodo").as_deref(), Some("Kyodo News"));
        assert_eq!(source_label("Sources: AP, AFP").as_deref(), Some("AP"));
        assert_eq!(source_label("Источник: ТАСС").as_deref(), Some("TASS"));
        assert_eq!(source_label("출처: 연합뉴스").as_deref(), Some("Yonhap"));
        assert_eq!(
            source_label("Source: Borneo Post Online").as_deref(),
            Some("Borneo Post Online")
        );
        assert_eq!(
            source_label("Source: www.koreaherald.com").as_deref(),
            Some("Korea Herald")
        );
        // A picture's source, a person and a sentence are not the story's outlet.
        assert_eq!(source_label("Source: Getty Images"), None);
        assert_eq!(source_label("Source: Marcus Delacroix"), None);
        assert_eq!(source_label("Sources: officials said the talks had failed"), None);
        assert_eq!(source_label("The source: a defector"), None);
    }

    #[test]
    fn finds_agencies_the_gazetteer_does_not_know() {
        let one = |p: &str| agency_credit(&[p.to_string()]);
        assert_eq!(
            one("The ministers met in Baku on Tuesday, MINA reports citing the foreign ministry.").as_deref(),
            Some("MINA")
        );
        assert_eq!(
            one("Meanwhile SABA reported, citing officials, that the envoy had left.").as_deref(),
            Some("SABA")
        );
        assert_eq!(
            one("The Bernama news agency said the delegation would arrive on Friday.").as_deref(),
            Some("Bernama")
        );
        assert_eq!(
            one("Стороны подписали меморандум, сообщает агентство «Хабар 24» со ссылкой на МИД.").as_deref(),
            Some("Хабар 24")
        );
        assert_eq!(
            one("홋카이도신문은 양국 정상이 다음 달 만날 예정이라고 보도했다.").as_deref(),
            Some("홋카이도신문")
        );
        // A person or an institution reporting is not an outlet.
        assert_eq!(
            one("Jane Holloway reported, citing two officials, that talks had failed."),
            None
        );
        assert_eq!(one("The Security Council reported citing the panel of experts."), None);
        assert_eq!(one("Об этом сообщает Иван Петров, глава делегации."), None);
        assert_eq!(one("장관은 회담이 순조로웠다고 전했다."), None);
    }
}
