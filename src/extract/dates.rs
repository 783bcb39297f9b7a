//! Publication dates stated in prose: "Posted on : 2021-09-15 18:49 KST", "Sept. 3, 2024",
//! "3 September 2024", "Published: June 2024".
//!
//! Only lines that *are* date lines (a label such as "Published", or a line that holds little
//! but a date, a time and a weekday) give an article its date. Dates inside body sentences
//! ("on August 17", "in 2014") are events, not publication dates, and weekdays or relative
//! phrases ("on Tuesday", "last month", "9 hours ago") are never turned into a date.

use crate::date::PartialDate;
use regex::Regex;
use std::sync::LazyLock;

const MONTH_RE: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
/// Russian month names in the genitive a date writes them in ("19 июня").
const RU_MONTH_RE: &str =
    "январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]";
/// English weekday names, whole or cut short ("Tue.", "Thurs").
const WEEKDAY_RE: &str = "(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?";

static RE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    // An ISO timestamp's "T" follows the day: "2024-06-19T08:30:00+09:00".
    Regex::new(r"\b((?:19|20)\d{2})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|\.\s?(\d{1,2})\.\s?(\d{1,2}))(?:\b|T)")
        .unwrap()
});
/// Korean: "2024년 6월 19일".
static RE_KO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)[0-9]{2})\s*년\s*([0-9]{1,2})\s*월\s*([0-9]{1,2})\s*일").unwrap());
/// Russian: "19 июня 2024", "13 сентября 2023 года".
static RE_RU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^0-9])([0-9]{{1,2}})\s+({RU_MONTH_RE})\s+((?:19|20)[0-9]{{2}})"
    ))
    .unwrap()
});
/// Day first with dots, as Russian and German pages write it: "19.06.2024".
static RE_DMY_DOTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([0-9]{1,2})\.([0-9]{1,2})\.((?:19|20)[0-9]{2})(?-u:\b)").unwrap());
/// Slashes or dashes with the year last: "06/28/2024" (month first, American) or
/// "28/06/2024", "16-05-2024" (day first). Read when one of the two numbers is over 12, or
/// when the line tells its order (see [`numeric_order`]); otherwise it stays undated.
static RE_SLASH_YEAR_LAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([0-9]{1,2})[/-]([0-9]{1,2})[/-]((?:19|20)[0-9]{2})(?-u:\b)").unwrap());
/// An American time zone ("11:03pm EDT"): the line writes its dates month first.
static RE_US_ZONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:[ECMP][SD]T|ET|PT)\b").unwrap());
/// A time written "23h52", as French, Portuguese and Vietnamese pages do: dates day first.
static RE_H_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)[0-2]?[0-9]h[0-5][0-9](?-u:\b)").unwrap());

/// Whether the line itself tells the order of a numeric date whose day is 12 or less:
/// `Some(true)` for month first.
fn numeric_order(s: &str) -> Option<bool> {
    if RE_US_ZONE.is_match(s) {
        Some(true)
    } else if RE_H_TIME.is_match(s) {
        Some(false)
    } else {
        None
    }
}
static RE_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTH_RE})(?:\.\s*|\s+)(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)((?:19|20)\d{{2}})\b"
    ))
    .unwrap()
});
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\.?,?\s+((?:19|20)\d{{2}})\b"
    ))
    .unwrap()
});
static RE_MY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b({MONTH_RE})\.?,?\s+((?:19|20)\d{{2}})\b")).unwrap());
/// Labels that introduce a date; group 1 tells publication ("posted") from revision ("updated").
static RE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\b)(first published|published|posted|created|released|issued|dated?|입력|등록|발행|게재|기사입력|송고시간|송고|опубликовано|дата публикации|last updated|updated|last modified|modified|수정|업데이트|обновлено|edited)\b\s*(?:on|at)?\s*:?",
    )
    .unwrap()
});
/// What may stand beside a date on a date line: times, zones, relative phrases, separators.
static RE_DATE_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b|\b(?:[ap]\.?m\.?|kst|jst|gmt|utc|est|edt|cst|cdt|pst|pdt|bst|cet|cest|ist|et|pt|hkt|sgt|msk)\b|[+-]\d{{1,4}}\b|\b{WEEKDAY_RE}\b|\b(?:\d+|an?|one)\s*(?:mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b|\b(?:by|at|on|and|of|the|time|read|min)\b|(?:^|\s)(?:года|г\.)"
    ))
    .unwrap()
});

fn month_number(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase();
    let key = n.get(..3)?;
    let m = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// The month of a Russian month name in the genitive ("июня") or nominative.
fn russian_month(name: &str) -> Option<u8> {
    const STEMS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    let n = name.to_lowercase();
    STEMS
        .iter()
        .position(|s| n.starts_with(s))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A year glued to the time after it, as copied from some pages: "June 20, 20242:15 AM".
static RE_GLUED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)[0-9]{2})([0-9]{1,2}:[0-9]{2})").unwrap());

/// `line` with a space between a Hangul syllable and a digit after it, or between a year and
/// a time glued to it, when there is one.
fn unglue(line: &str) -> Option<String> {
    if line.contains(':') && RE_GLUED_YEAR.is_match(line) {
        return Some(RE_GLUED_YEAR.replace_all(line, "$1 $2").into_owned());
    }
    let hangul = crate::terms::is_hangul;
    let glued = line
        .chars()
        .zip(line.chars().skip(1))
        .any(|(a, b)| hangul(a) && b.is_ascii_digit());
    glued.then(|| {
        let mut out = String::with_capacity(line.len() + 4);
        let mut prev = ' ';
        for c in line.chars() {
            if hangul(prev) && c.is_ascii_digit() {
                out.push(' ');
            }
            out.push(c);
            prev = c;
        }
        out
    })
}

/// A date found in a string, with the byte range it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub date: PartialDate,
    pub start: usize,
    pub end: usize,
}

/// A day without its year, with or without a time, maybe after a place: "26 октября,
/// 01:59", "June 26, 10:05", "6월 19일 14:02", "United Nations, March 28". A listing's or a
/// live page's clock, or a dateline alone; never a headline.
static RE_YEARLESS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    let time = r"(?:,?\s*(?:в\s+|at\s+)?[0-2]?[0-9]:[0-5][0-9](?:\s*[ap]\.?m\.?)?)?";
    Regex::new(&format!(
        r"(?i)^(?:[a-z][a-z .'-]{{1,30}},\s*)?(?:\d{{1,2}}\s+(?:{MONTH_RE}|{RU_MONTH_RE})\.?|(?:{MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}월\s*\d{{1,2}}일){time}$"
    ))
    .unwrap()
});

/// Whether the line is a day without its year (see [`RE_YEARLESS_DAY`]).
pub fn is_yearless_day(line: &str) -> bool {
    line.len() < 40 && RE_YEARLESS_DAY.is_match(line.trim())
}

/// A weekday's name in English, Korean or Russian.
static RE_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b){WEEKDAY_RE}(?-u:\b)|[월화수목금토일]요일|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье")).unwrap()
});
/// A time: "10:05", or "14.05" standing alone (not inside "19.06.2024").
static RE_CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]:[0-5][0-9]|(?:^|\s)[0-2]?[0-9]\.[0-5][0-9](?:\s|$)").unwrap());

/// A date line as page headers show today's date ("Thursday, 28 September 2023", "Tue. Sep
/// 26th, 2023"): a weekday and no time. At the top of a page it is the day it was saved.
pub fn is_clock_line(line: &str) -> bool {
    RE_WEEKDAY.is_match(line) && !RE_CLOCK.is_match(line)
}

fn num<T: std::str::FromStr>(m: Option<regex::Match<'_>>) -> Option<T> {
    m.and_then(|m| m.as_str().parse().ok())
}

/// A day-precision date from its parts, covering the whole of the match `c`.
fn day_date(c: &regex::Captures<'_>, y: Option<i16>, m: Option<u8>, d: Option<u8>) -> Option<Found> {
    let date = PartialDate::new(y?, Some(m?), Some(d?))?;
    let whole = c.get(0)?;
    Some(Found {
        date,
        start: whole.start(),
        end: whole.end(),
    })
}

/// Every full (day-precision) date in `s`, in order of position.
pub fn find_day_dates(s: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in RE_ISO.captures_iter(s) {
        let (m, d) = if c.get(2).is_some() {
            (num(c.get(2)), num(c.get(3)))
        } else if c.get(4).is_some() {
            (num(c.get(4)), num(c.get(5)))
        } else {
            (num(c.get(6)), num(c.get(7)))
        };
        out.extend(day_date(&c, num(c.get(1)), m, d));
    }
    for c in RE_MDY.captures_iter(s) {
        let m = c.get(1).and_then(|m| month_number(m.as_str()));
        out.extend(day_date(&c, num(c.get(3)), m, num(c.get(2))));
    }
    for c in RE_KO.captures_iter(s) {
        out.extend(day_date(&c, num(c.get(1)), num(c.get(2)), num(c.get(3))));
    }
    for c in RE_RU.captures_iter(s) {
        let m = c.get(2).and_then(|m| russian_month(m.as_str()));
        out.extend(day_date(&c, num(c.get(3)), m, num(c.get(1))));
    }
    for c in RE_DMY_DOTS.captures_iter(s) {
        out.extend(day_date(&c, num(c.get(3)), num(c.get(2)), num(c.get(1))));
    }
    let mut order = None;
    for c in RE_SLASH_YEAR_LAST.captures_iter(s) {
        let (a, b): (Option<u8>, Option<u8>) = (num(c.get(1)), num(c.get(2)));
        let (m, d) = match (a, b) {
            (Some(a), Some(b)) if b > 12 && a <= 12 => (a, b),
            (Some(a), Some(b)) if a > 12 && b <= 12 => (b, a),
            (Some(a), Some(b)) if a <= 12 && b <= 12 => match *order.get_or_insert_with(|| numeric_order(s)) {
                Some(true) => (a, b),
                Some(false) => (b, a),
                None => continue,
            },
            _ => continue,
        };
        out.extend(day_date(&c, num(c.get(3)), Some(m), Some(d)));
    }
    for c in RE_DMY.captures_iter(s) {
        let m = c.get(2).and_then(|m| month_number(m.as_str()));
        // "June 3 2024" is matched by MDY too; keep the longer/earlier one only.
        if let Some(f) = day_date(&c, num(c.get(3)), m, num(c.get(1)))
            && !out.iter().any(|o| o.start < f.end && f.start < o.end)
        {
            out.push(f);
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// Month-precision dates ("June 2024") that no day-precision date covers.
fn find_month_dates(s: &str, day: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    for c in RE_MY.captures_iter(s) {
        let whole = c.get(0).unwrap();
        if day.iter().any(|f| f.start < whole.end() && whole.start() < f.end) {
            continue;
        }
        let m = c.get(1).and_then(|m| month_number(m.as_str()));
        if let (Some(y), Some(m)) = (num::<i16>(c.get(2)), m)
            && let Some(date) = PartialDate::new(y, Some(m), None)
        {
            out.push(Found {
                date,
                start: whole.start(),
                end: whole.end(),
            });
        }
    }
    out
}

/// How much a date line is trusted as the publication date (even numbers: a date above the
/// headline, where page headers show today's date, counts one less).
pub const PRIO_PUBLISHED: u8 = 6;
pub const PRIO_PLAIN: u8 = 4;
pub const PRIO_UPDATED: u8 = 2;

/// When `line` is a date line, the date it states and how trustworthy it is as the
/// publication date: a "Posted"/"Published" label beats a bare date line, which beats
/// "Updated"/"Modified".
pub fn date_line(line: &str) -> Option<(PartialDate, u8)> {
    // A Korean label glued to its date ("송고시간2024-06-20") is read as if spaced.
    if let Some(spaced) = unglue(line) {
        return date_line(&spaced);
    }
    // Every date has a year that starts "19" or "20".
    if line.len() > 200 || !(line.contains("19") || line.contains("20")) || line.split_whitespace().nth(20).is_some() {
        return None;
    }
    let day = find_day_dates(line);
    let labels: Vec<(usize, usize, bool)> = RE_LABEL
        .captures_iter(line)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let word = c.get(1)?.as_str().to_lowercase();
            let publication = !(word.contains("updated")
                || word.contains("modified")
                || word == "수정"
                || word == "업데이트"
                || word == "обновлено"
                || word == "edited");
            Some((whole.start(), whole.end(), publication))
        })
        .collect();
    let mut dates = day.clone();
    if !labels.is_empty() {
        dates.extend(find_month_dates(line, &day));
        dates.sort_by_key(|f| f.start);
    }
    if dates.is_empty() {
        return None;
    }
    // The line must hold nothing but dates, labels, times, zones and separators (and at
    // most two other words: "All News 10:05 June 26, 2024").
    let mostly_date = || {
        let mut rest = String::with_capacity(line.len());
        let mut last = 0;
        for f in &dates {
            if f.start >= last {
                rest.push_str(&line[last..f.start]);
                rest.push(' ');
                last = f.end;
            }
        }
        rest.push_str(&line[last..]);
        let rest = RE_LABEL.replace_all(&rest, " ");
        let rest = RE_DATE_NOISE.replace_all(&rest, " ");
        rest.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
            <= 2
    };
    // A date line holds little but its date: "Updated figures released on June 3, 2024 show
    // …" starts with a label but is a sentence.
    if !mostly_date() {
        return None;
    }
    // The date a publication label introduces, else the first date of the line.
    for &(_, lend, publication) in &labels {
        if let Some(f) = dates.iter().find(|f| f.start >= lend) {
            // The label must introduce this date, not one further along.
            if line[lend..f.start].split_whitespace().count() <= 3 {
                let prio = if publication { PRIO_PUBLISHED } else { PRIO_UPDATED };
                if publication {
                    return Some((f.date, prio));
                }
            }
        }
    }
    let first = dates[0];
    let label_before = labels.iter().rev().find(|l| l.1 <= first.start);
    let prio = match label_before {
        Some(&(_, _, true)) => PRIO_PUBLISHED,
        Some(&(_, _, false)) => PRIO_UPDATED,
        None => PRIO_PLAIN,
    };
    // A month-precision date is accepted only behind a label.
    if first.date.day().is_none() && label_before.is_none() {
        return None;
    }
    Some((first.date, prio))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn reads_labelled_and_plain_date_lines() {
        let cases = [
            (
                "Posted on : 2021-09-15 18:49 KST Modified on : 2021-09-16 18:49 KST",
                "2021-09-15",
                PRIO_PUBLISHED,
            ),
            ("Sept. 3, 2024", "2024-09-03", PRIO_PLAIN),
            ("September 3, 2024", "2024-09-03", PRIO_PLAIN),
            ("3 September 2024", "2024-09-03", PRIO_PLAIN),
            ("2024-06-19", "2024-06-19", PRIO_PLAIN),
            ("Published: 19 Jun 2024, 10:05 am", "2024-06-19", PRIO_PUBLISHED),
            ("Updated 2024.06.20 14:00", "2024-06-20", PRIO_UPDATED),
            ("Wednesday, June 19, 2024", "2024-06-19", PRIO_PLAIN),
            (
                "June 19, 2024 5:12 AM GMT+9 Updated 3 hours ago",
                "2024-06-19",
                PRIO_PLAIN,
            ),
            ("12 March 2024", "2024-03-12", PRIO_PLAIN),
            ("Published: June 2024", "2024-06", PRIO_PUBLISHED),
            ("All News 10:05 June 26, 2024", "2024-06-26", PRIO_PLAIN),
            ("Wed 19 Jun 2024 14.05 BST", "2024-06-19", PRIO_PLAIN),
            ("Updated 4:52 PM GMT+9, June 19, 2024", "2024-06-19", PRIO_UPDATED),
            ("2024-06-19T08:30:00+09:00", "2024-06-19", PRIO_PLAIN),
            ("June 22, 2016 / 2:26 PM / a year ago", "2016-06-22", PRIO_PLAIN),
            ("입력 2024-06-19 14:02", "2024-06-19", PRIO_PUBLISHED),
            ("등록 2024.06.29 10:30", "2024-06-29", PRIO_PUBLISHED),
            ("수정 2024.06.29 11:06", "2024-06-29", PRIO_UPDATED),
            ("2024년 6월 19일", "2024-06-19", PRIO_PLAIN),
            ("19 июня 2024 / 14:29", "2024-06-19", PRIO_PLAIN),
            ("13 сентября 2023 года, 07:46", "2023-09-13", PRIO_PLAIN),
            ("Опубликовано: 19.06.2024", "2024-06-19", PRIO_PUBLISHED),
            ("송고시간2024-06-20 10:15", "2024-06-20", PRIO_PUBLISHED),
            (
                "June 20, 20242:15 AM GMT+9Updated 3 hours ago",
                "2024-06-20",
                PRIO_PLAIN,
            ),
            (
                "Reuters | Updated: 16-05-2024 20:07 IST | Created: 15-05-2024 20:07 IST",
                "2024-05-15",
                PRIO_PUBLISHED,
            ),
            (
                "Updated: Sept. 4, 2024 | Published: Sept. 3, 2024",
                "2024-09-03",
                PRIO_PUBLISHED,
            ),
        ];
        for (line, want, prio) in cases {
            assert_eq!(date_line(line), Some((d(want), prio)), "{line}");
        }
    }

    #[test]
    fn reads_slashed_dates_only_when_their_order_is_plain() {
        let day = |s: &str| find_day_dates(s).first().map(|f| f.date);
        assert_eq!(day("06/28/2024"), Some(d("2024-06-28")));
        assert_eq!(day("28/06/2024"), Some(d("2024-06-28")));
        // 06/07/2024 is June 7 in one country and July 6 in another: no date.
        assert_eq!(day("06/07/2024"), None);
        assert_eq!(day("13/13/2024"), None);
        assert_eq!(day("16-05-2024 20:07 IST"), Some(d("2024-05-16")));
        // The line tells the order: an American time zone, or a time written "23h52".
        assert_eq!(day("08/07/2019 | 11:03pm EDT"), Some(d("2019-08-07")));
        assert_eq!(day("01/11/2023 23h52"), Some(d("2023-11-01")));
        assert_eq!(day("06/07/2024 10:00"), None);
        // Abbreviations glued to the day, a comma glued to the year.
        assert_eq!(day("First Published in: Apr.21,2024"), Some(d("2024-04-21")));
    }

    #[test]
    fn tells_a_day_without_its_year() {
        for line in [
            "26 октября, 01:59",
            "June 26, 10:05",
            "6월 19일 14:02",
            "Sept. 3",
            "3 June at 10:05 am",
        ] {
            assert!(is_yearless_day(line), "{line}");
        }
        for line in ["June 26, 2024", "May the talks go on", "March 2024", "26 октября 2024"] {
            assert!(!is_yearless_day(line), "{line}");
        }
    }

    #[test]
    fn tells_a_header_clock_from_a_dated_line() {
        for line in [
            "Thursday, 28 September 2023",
            "Tue. Sep 26th, 2023",
            "2024년 6월 19일 수요일",
        ] {
            assert!(is_clock_line(line), "{line}");
        }
        for line in [
            "Wed 19 Jun 2024 14.05 BST",
            "Wednesday, June 19, 2024 10:05",
            "19 June 2024",
        ] {
            assert!(!is_clock_line(line), "{line}");
        }
    }

    #[test]
    fn never_invents_dates() {
        for line in [
            "The meeting took place on Monday in New York as part of Kang's four-day trip.",
            "on Tuesday",
            "last month",
            "9 hours ago",
            "The United States has requested a public UN Security Council meeting on August 17, 2023 to review it.",
            "June 2024",
            "In 2014, the COI found that North Korea’s violations had risen.",
            "Posted on : 2021-02-30",
            "SEOUL, June 19 (Reuters) -",
        ] {
            assert_eq!(date_line(line), None, "{line}");
        }
    }
}
