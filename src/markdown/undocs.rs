//! References to UN documents in article text, found so that a body can link each one to the
//! UN's own address for it: `https://undocs.org/` and the document's symbol, written without
//! spaces ("S/RES/2397(2017)", "A/RES/78/218", "S/2024/255", "S/PV.9573").
//!
//! The rule is no false link: a number becomes a link only when the text says which document
//! it is. Symbols ("S/RES/2397 (2017)", "S/2024/255") say it themselves. "Resolution 2397" says
//! it only with the Security Council in view (the nearest organ named before it in the
//! paragraph, or else the article naming the Council or the UN at all) and with a year: its
//! own "(2017)", or the year of a well-known resolution (`KNOWN`). A General Assembly
//! resolution ("resolution 78/218") needs the Assembly named, since the Human Rights Council
//! numbers its resolutions the same way.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Where a symbol's document is: the language is left to undocs.org, which picks the reader's.
pub const BASE: &str = "https://undocs.org/";

/// Security Council resolutions on Korea and non-proliferation that articles cite by number
/// alone, with their year (from the symbol the Council gave each). Sorted by number.
const KNOWN: &[(u16, u16)] = &[
    (82, 1950),
    (83, 1950),
    (84, 1950),
    (702, 1991),
    (825, 1993),
    (1540, 2004),
    (1695, 2006),
    (1718, 2006),
    (1874, 2009),
    (2087, 2013),
    (2094, 2013),
    (2231, 2015),
    (2270, 2016),
    (2321, 2016),
    (2356, 2017),
    (2371, 2017),
    (2375, 2017),
    (2397, 2017),
];

/// A reference found in a text: the bytes to link and the symbol they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub symbol: String,
}

impl Found {
    pub fn url(&self) -> String {
        format!("{BASE}{}", self.symbol)
    }
}

/// The body that a reference in the text belongs to, as the words before it say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Organ {
    SecurityCouncil,
    GeneralAssembly,
    /// The Human Rights Council, a national security council: not the UN's Council or Assembly.
    Other,
}

/// What the whole article says, for references whose paragraph names no organ.
#[derive(Debug, Clone, Copy, Default)]
struct Doc {
    un: bool,
    council: bool,
    assembly: bool,
    rights_council: bool,
}

/// Finds references text by text, carrying the organ last named through a paragraph.
pub struct Scanner {
    doc: Doc,
    organ: Option<Organ>,
}

// Word boundaries are ASCII ones (`(?-u:\b)`) where the word is Latin: a Unicode boundary
// keeps the regex engine off its fast automata on any text with a curly quote (a clean build
// of 10,000 articles took seven times as long). Cyrillic and Hangul names need none.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)resolution|UNSCR|(?-u:\b)[SA]/(?:RES|PV|PRST|\d)|결의|резолюци").expect("valid regex")
});

static ORGANS: LazyLock<Regex> = LazyLock::new(|| {
    // The leftmost match wins, and of two at one place the first alternative: "National
    // Security Council" and "Security Council of Russia" are not read as the UN's.
    Regex::new(concat!(
        r"(?P<hrc>(?i:Human\s+Rights\s+Council)|(?-u:\bHRC\b)|인권이사회|(?i:Совет\w*\s+по\s+правам\s+человека))",
        r"|(?P<other>(?i:(?:National|Russia['’]s|Russian|Korea['’]s)\s+Security\s+Council|Security\s+Council\s+of\s+(?:Russia|the\s+Russian))",
        r"|국가안보회의|국가안전보장회의|(?i:Совет\w*\s+безопасности\s+(?:России|РФ|Российской)))",
        r"|(?P<sc>(?i:Security\s+Council)|(?-u:\bUNSCR?s?\b)|안보리|안전보장이사회|(?i:Совет\w*\s+Безопасности)|Совбез\w*|СБ\s+ООН)",
        r"|(?P<ga>(?i:General\s+Assembly)|(?-u:\bUNGA\b)|총회|Генассамбле\w*|Генеральн\w+\s+Ассамбле\w*)",
    ))
    .expect("valid regex")
});

static UN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:UN|U\.N\.|United\s+Nations)(?:(?-u:\b)|\s|$)|ООН|유엔|국제연합").expect("valid regex")
});

/// Text a link must not be made in: addresses, where a symbol is part of a path.
static URLS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>"]+"#).expect("valid regex"));

static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:S/RES/(?P<sres>[1-9]\d{0,3})(?:\s?\((?P<sresy>\d{4})\))?",
        r"|A/RES/(?:3[1-9]|[4-9]\d|1\d\d)/[1-9]\d{0,3}",
        r"|S/PRST/(?:199[4-9]|20\d{2})/[1-9]\d{0,2}",
        r"|S/PV\.[1-9]\d{0,4}",
        r"|S/(?:199[4-9]|20\d{2})/[1-9]\d{0,3}",
        // (Sessions have been numbered in symbols since the 31st, in 1976.)
        r"|A/(?:3[1-9]|[4-9]\d|1\d\d)/L\.[1-9]\d{0,3}",
        r"|A/(?:3[1-9]|[4-9]\d|1\d\d)/[1-9]\d{0,3})",
        r"(?:/(?:Add|Rev|Corr)\.[1-9]\d?)*",
    ))
    .expect("valid regex")
});

/// One resolution after its keyword: "2397", "2397 (2017)" or "78/218".
const ITEM: &str = r"(?P<n>[1-9]\d{0,3})(?:/(?P<serial>[1-9]\d{0,3}))?(?:\s?\((?P<year>\d{4})\))?";

static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<kw>(?i:resolution(?P<plural>s)?)|UNSCR(?P<uplural>s)?)(?:\s+(?i:no\.?)\s*|\s+){ITEM}"
    ))
    .expect("valid regex")
});
static ENGLISH_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*&\s*){ITEM}"
    ))
    .expect("valid regex")
});
static KOREAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"결의안?\s*(?:제\s*)?(?P<n>[1-9]\d{2,3})\s*호").expect("valid regex"));
static KOREAN_NEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|와|과|및|·)\s*(?:제\s*)?(?P<n>[1-9]\d{2,3})\s*호").expect("valid regex"));
static RUSSIAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)резолюци(?:я|и|ю|ей|й|ям|ями|ях)\s+(?:(?:СБ|Совета\s+Безопасности)\s+ООН\s+)?",
        r"(?:№\s*)?(?P<n>[1-9]\d{2,3})(?:\s?\((?P<year>\d{4})\))?",
    ))
    .expect("valid regex")
});
static RUSSIAN_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*,\s*|\s+и\s+)(?:№\s*)?(?P<n>[1-9]\d{2,3})(?:\s?\((?P<year>\d{4})\))?").expect("valid regex")
});

/// Whether a document may cite a UN document at all: most do not, and skip the scan. Every
/// reference is a match of one of the item patterns, so a document none matches has none (a
/// keyword alone, "a human rights resolution", is common and cites nothing).
pub fn worth_scanning(md: &str) -> bool {
    CANDIDATE.is_match(md)
        && (SYMBOL.is_match(md) || ENGLISH.is_match(md) || KOREAN.is_match(md) || RUSSIAN.is_match(md))
}

impl Scanner {
    /// A scanner for one article, `md` being its whole text.
    pub fn new(md: &str) -> Scanner {
        let mut doc = Doc::default();
        for c in ORGANS.captures_iter(md) {
            match organ_of(&c) {
                Organ::SecurityCouncil => doc.council = true,
                Organ::GeneralAssembly => doc.assembly = true,
                Organ::Other => doc.rights_council |= c.name("hrc").is_some(),
            }
        }
        doc.un = doc.council || UN.is_match(md);
        Scanner { doc, organ: None }
    }

    /// A new paragraph (or heading, list item, cell): the organ named before it is forgotten.
    pub fn new_block(&mut self) {
        self.organ = None;
    }

    /// The references in `text`, in order, none overlapping; what it names is remembered for
    /// the text that follows in the same paragraph.
    pub fn scan(&mut self, text: &str) -> Vec<Found> {
        if !CANDIDATE.is_match(text) {
            // Nothing to link (most paragraphs): only the organ it names last carries on.
            if let Some(c) = ORGANS.captures_iter(text).last() {
                self.organ = Some(organ_of(&c));
            }
            return Vec::new();
        }
        let organs: Vec<(usize, Organ)> = ORGANS
            .captures_iter(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), organ_of(&c)))
            .collect();
        let urls: Vec<Range<usize>> = URLS.find_iter(text).map(|m| m.range()).collect();
        let carried = self.organ;
        let organ_at = |at: usize| organs.iter().rev().find(|(p, _)| *p < at).map(|(_, o)| *o).or(carried);
        let mut found = Vec::new();
        self.symbols(text, &mut found);
        self.english(text, &organ_at, &mut found);
        self.korean_russian(text, &organ_at, &mut found);
        found.retain(|f| !urls.iter().any(|u| u.start < f.range.end && f.range.start < u.end));
        found.sort_by_key(|f| f.range.start);
        // (Two patterns can read the same words: the first found keeps them.)
        let mut last_end = 0;
        found.retain(|f| {
            let keep = f.range.start >= last_end;
            if keep {
                last_end = f.range.end;
            }
            keep
        });
        if let Some((_, o)) = organs.last() {
            self.organ = Some(*o);
        }
        found
    }

    fn symbols(&self, text: &str, found: &mut Vec<Found>) {
        for c in SYMBOL.captures_iter(text) {
            let m = c.get(0).expect("the whole match");
            if !free_before(text, m.start()) || !free_after(text, m.end()) {
                continue;
            }
            let symbol = match c.name("sres") {
                Some(n) => {
                    let year = c.name("sresy").map(|y| y.as_str().parse().unwrap_or(0));
                    match council_year(n.as_str().parse().unwrap_or(0), year) {
                        Some(y) => format!("S/RES/{}({y})", n.as_str()),
                        None => continue,
                    }
                }
                None => m.as_str().split_whitespace().collect(),
            };
            found.push(Found {
                range: m.range(),
                symbol,
            });
        }
    }

    /// "resolution 2397 (2017)", "resolutions 1718 and 2397", "UNSCR 2397", "resolution 78/218".
    fn english(&self, text: &str, organ_at: &dyn Fn(usize) -> Option<Organ>, found: &mut Vec<Found>) {
        for c in ENGLISH.captures_iter(text) {
            let organ = if c["kw"].starts_with("UNSCR") {
                Some(Organ::SecurityCouncil)
            } else {
                organ_at(c.get(0).map_or(0, |m| m.start()))
            };
            // Only "resolutions" goes on to a list: "resolution 1718 and 2397 people" does not.
            let plural = c.name("plural").or(c.name("uplural")).is_some();
            self.list(text, &c, plural.then_some(&*ENGLISH_NEXT), organ, true, found);
        }
    }

    /// "결의 2397호", "결의 1718호와 2397호"; "резолюция 2397", "резолюций 1718 и 2397".
    fn korean_russian(&self, text: &str, organ_at: &dyn Fn(usize) -> Option<Organ>, found: &mut Vec<Found>) {
        // (A Korean particle follows 호 with no space: "2397호는".)
        for (first, next, korean) in [(&*KOREAN, &*KOREAN_NEXT, true), (&*RUSSIAN, &*RUSSIAN_NEXT, false)] {
            for c in first.captures_iter(text) {
                let organ = organ_at(c.get(0).map_or(0, |m| m.start()));
                self.list(text, &c, Some(next), organ, !korean, found);
            }
        }
    }

    /// The resolution a keyword's match names, then each one `next` finds after it ("and
    /// 2397"): the first linked with its keyword, the others by number.
    fn list(
        &self,
        text: &str,
        first: &regex::Captures,
        next: Option<&Regex>,
        organ: Option<Organ>,
        check_after: bool,
        found: &mut Vec<Found>,
    ) {
        let whole = first.get(0).expect("the whole match");
        let (mut range, mut item) = (whole.range(), Item::of(first));
        loop {
            if check_after && !free_after(text, range.end) {
                return;
            }
            if let Some(symbol) = self.item_symbol(&item, organ) {
                found.push(Found {
                    range: range.clone(),
                    symbol,
                });
            }
            let Some(c) = next.and_then(|re| re.captures(&text[range.end..])) else {
                return;
            };
            let at = range.end;
            range = at + c.name("n").expect("a number").start()..at + c.get(0).expect("the whole match").end();
            item = Item::of(&c);
        }
    }

    /// The symbol of one resolution named by number, if the context says whose it is.
    fn item_symbol(&self, item: &Item, organ: Option<Organ>) -> Option<String> {
        let (n, year) = (item.n, item.year);
        if let Some(serial) = item.serial {
            let assembly = match organ {
                Some(o) => o == Organ::GeneralAssembly,
                None => self.doc.assembly && !self.doc.rights_council,
            };
            // Sessions numbered in their symbols began with the 31st (1976).
            return (assembly && n >= 31 && year.is_none()).then(|| format!("A/RES/{n}/{serial}"));
        }
        let council = match organ {
            Some(o) => o == Organ::SecurityCouncil,
            // In an article about the UN, a resolution the Council is known for by its number;
            // any other number, with its year, needs the Council named.
            None if year.is_some() && known_year(n).is_none() => self.doc.council,
            None => self.doc.un,
        };
        if !council {
            return None;
        }
        council_year(n, year).map(|y| format!("S/RES/{n}({y})"))
    }
}

/// One resolution named by number: "2397", "2397 (2017)", "78/218".
struct Item {
    n: u16,
    serial: Option<u16>,
    year: Option<u16>,
}

impl Item {
    fn of(c: &regex::Captures) -> Item {
        let num = |k: &str| c.name(k).map(|m| m.as_str().parse().unwrap_or(0));
        Item {
            n: num("n").unwrap_or(0),
            serial: num("serial"),
            year: num("year"),
        }
    }
}

fn organ_of(c: &regex::Captures) -> Organ {
    if c.name("sc").is_some() {
        Organ::SecurityCouncil
    } else if c.name("ga").is_some() {
        Organ::GeneralAssembly
    } else {
        Organ::Other
    }
}

fn known_year(n: u16) -> Option<u16> {
    KNOWN.binary_search_by_key(&n, |(k, _)| *k).ok().map(|i| KNOWN[i].1)
}

/// The year of Security Council resolution `n`, given the year the text says (if any): the
/// known one, or the text's when no known resolution contradicts it (numbers grow with time).
fn council_year(n: u16, said: Option<u16>) -> Option<u16> {
    match (said, known_year(n)) {
        (Some(y), Some(k)) => (y == k).then_some(y),
        (None, k) => k,
        (Some(y), None) => {
            // (An earlier number adopted in a later year, or the other way round, contradicts it.)
            let out_of_step = |&(kn, ky): &(u16, u16)| (kn < n && ky > y) || (kn > n && ky < y);
            let plausible = (1946..=2100).contains(&y) && !KNOWN.iter().any(out_of_step);
            plausible.then_some(y)
        }
    }
}

/// Nothing that continues a word, a path or an address just before a reference.
fn free_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || "/.-_@:#%=&?+~\\".contains(c)))
}

/// Nothing that continues the number just after a reference: "2,000", "1920x1080", "825 dpi".
fn free_after(text: &str, at: usize) -> bool {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s*(?:x|×|by)\s*\d|\s+(?i:dpi|ppi|px|pixels?|megapixels?|lines)(?-u:\b))")
            .expect("valid regex")
    });
    let rest = &text[at..];
    let mut chars = rest.chars();
    let ok = match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '/' => false,
        Some(',' | '.' | '-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    };
    ok && !UNIT.is_match(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reference found in `text` (scanned as one paragraph of an article that is `text`
    /// alone): the words linked and the symbol.
    fn links(text: &str) -> Vec<(String, String)> {
        Scanner::new(text)
            .scan(text)
            .into_iter()
            .map(|f| (text[f.range.clone()].to_string(), f.symbol))
            .collect()
    }

    #[test]
    fn references_become_symbols() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "The Security Council adopted resolution 2397 in 2017.",
                &[("resolution 2397", "S/RES/2397(2017)")],
            ),
            (
                "Under Resolution 2397 (2017), the UN capped oil.",
                &[("Resolution 2397 (2017)", "S/RES/2397(2017)")],
            ),
            (
                "UN sanctions under resolutions 1718 and 2397 apply.",
                &[("resolutions 1718", "S/RES/1718(2006)"), ("2397", "S/RES/2397(2017)")],
            ),
            (
                "U.N. resolutions 1718, 1874, 2087 and 2094 ban it.",
                &[
                    ("resolutions 1718", "S/RES/1718(2006)"),
                    ("1874", "S/RES/1874(2009)"),
                    ("2087", "S/RES/2087(2013)"),
                    ("2094", "S/RES/2094(2013)"),
                ],
            ),
            ("It breaches UNSCR 2397.", &[("UNSCR 2397", "S/RES/2397(2017)")]),
            (
                "See S/RES/2397 (2017) and S/RES/1718(2006).",
                &[
                    ("S/RES/2397 (2017)", "S/RES/2397(2017)"),
                    ("S/RES/1718(2006)", "S/RES/1718(2006)"),
                ],
            ),
            ("The draft (S/2024/255) was vetoed.", &[("S/2024/255", "S/2024/255")]),
            ("The record, S/PV.9573, shows the vote.", &[("S/PV.9573", "S/PV.9573")]),
            (
                "The Assembly adopted A/RES/78/218 on human rights.",
                &[("A/RES/78/218", "A/RES/78/218")],
            ),
            ("The draft A/78/L.5 was tabled.", &[("A/78/L.5", "A/78/L.5")]),
            (
                "General Assembly resolution 78/218 condemns the abuses.",
                &[("resolution 78/218", "A/RES/78/218")],
            ),
            (
                "The Security Council adopted resolution 2680 (2023) on the panel.",
                &[("resolution 2680 (2023)", "S/RES/2680(2023)")],
            ),
            (
                "The report S/2024/255/Add.1 followed.",
                &[("S/2024/255/Add.1", "S/2024/255/Add.1")],
            ),
            (
                "유엔 안보리 결의 2397호는 유류 공급을 제한한다.",
                &[("결의 2397호", "S/RES/2397(2017)")],
            ),
            (
                "안보리 결의 1718호와 2397호 위반이다.",
                &[("결의 1718호", "S/RES/1718(2006)"), ("2397호", "S/RES/2397(2017)")],
            ),
            (
                "Совет Безопасности ООН принял резолюцию 2397.",
                &[("резолюцию 2397", "S/RES/2397(2017)")],
            ),
            (
                "Нарушение резолюций СБ ООН 1718 и 2397.",
                &[
                    ("резолюций СБ ООН 1718", "S/RES/1718(2006)"),
                    ("2397", "S/RES/2397(2017)"),
                ],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(links(text), want, "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_references_stay_text() {
        for text in [
            "The Security Council heard that 2397 people fled in 2017.",
            "The UN shipped a resolution of 2,000 tonnes.",
            "Call the UN office on +1 212 963 2397.",
            "The UN text is at https://undocs.org/S/RES/2397(2017) and www.un.org/S/2024/255.",
            "The UN page undocs.org/S/RES/2397(2017) has it.",
            "A UN screen resolution 1920x1080, or resolution 825 dpi.",
            // No organ named and not a resolution the Council is known for.
            "The city passed resolution 2301 on parking.",
            // The Council named, but a number without a year: which year is not known.
            "The Security Council adopted resolution 2664.",
            // A year that contradicts the known one: a typo, not a link to another document.
            "The Security Council's resolution 2397 (2016) is cited.",
            // A number out of step with the known ones for its year.
            "The Security Council's resolution 2500 (2006) is cited.",
            // The Human Rights Council numbers its resolutions as the Assembly does.
            "The Human Rights Council adopted resolution 52/28 on the DPRK.",
            // The General Assembly's old resolutions need a session in Roman numerals.
            "General Assembly resolution 1718 is unrelated.",
            // A national security council.
            "Russia's Security Council issued resolution 2397 (2017) on fisheries.",
            "A vote on resolution 2397 took place.",
            "결의 2397호",
            "S/2024/25567 and S/RES/2397 (2017)x and xS/2024/255",
            "S/RES/9999 and S/RES/2399",
        ] {
            assert_eq!(links(text), Vec::new(), "{text}");
        }
    }

    #[test]
    fn the_organ_named_last_in_the_paragraph_decides() {
        let text = "The Security Council met on Monday. Later the General Assembly adopted resolution 2397 (2017).";
        assert_eq!(links(text), Vec::new());
        let mut s = Scanner::new("Security Council. Text. resolution 2680 (2023)");
        assert_eq!(s.scan("The Security Council met.").len(), 0);
        assert_eq!(
            s.scan("It adopted resolution 2680 (2023).").len(),
            1,
            "carried within a paragraph"
        );
        s.new_block();
        // Still the article's own mention of the Council: linked from the document's context.
        assert_eq!(s.scan("resolution 2680 (2023)").len(), 1);
        let mut s = Scanner::new("The city council. resolution 2680 (2023)");
        assert_eq!(s.scan("resolution 2680 (2023)").len(), 0);
    }

    #[test]
    fn the_known_list_is_sorted_and_consistent() {
        assert!(KNOWN.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    }
}
