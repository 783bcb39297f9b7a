//! Publication dates that keep the precision the evidence gives.
//!
//! A clipping may say "2023-10" or only "2024"; inventing a day would put the article at a
//! false point on the timeline, so the precision travels with the value everywhere.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date known to the year, the month or the day.
///
/// Ordering is chronological with the less precise date first among equals
/// (`2023` < `2023-09` < `2023-09-01`), which keeps sorting total and stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (for example 2024-06-19)")]
pub struct DateError {
    pub input: String,
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// A date with the given parts; `None` when the parts do not name a real calendar day
    /// (month 13, 30 February) or a day is given without a month.
    pub fn new(year: i16, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), None) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) => {
                jiff::civil::Date::new(year, m as i8, d as i8).ok()?;
            }
            _ => {}
        }
        Some(PartialDate { year, month, day })
    }

    pub fn year(&self) -> i16 {
        self.year
    }
    pub fn month(&self) -> Option<u8> {
        self.month
    }
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// English month name, for headings and display.
    pub fn month_name(month: u8) -> &'static str {
        MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]
    }

    /// How a reader sees it: "15 September 2021", "October 2023" or "2023".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", Self::month_name(m), self.year),
            (Some(m), None) => format!("{} {}", Self::month_name(m), self.year),
            _ => self.year.to_string(),
        }
    }

    /// RFC 3339 timestamp at the start of the known period, for feeds and sitemaps, which
    /// cannot express a partial date.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 at the known precision, also valid as an HTML `<time datetime>` value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError { input: s.to_string() };
        let t = s.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(err());
        }
        let year: i16 = parts[0].parse().map_err(|_| err())?;
        let month = parts.get(1).map(|m| m.parse::<u8>()).transpose().map_err(|_| err())?;
        let day = parts.get(2).map(|d| d.parse::<u8>()).transpose().map_err(|_| err())?;
        PartialDate::new(year, month, day).ok_or_else(err)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Binary formats (the build cache) hold the parts, read back without a string to
        // allocate and parse for each of ten thousand articles; 0 stands for a part not set.
        if !s.is_human_readable() {
            return (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0)).serialize(s);
        }
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    /// Accepts a string ("2023-10") and also TOML's native date (`date = 2024-06-19`), which
    /// reaches serde as a `toml::value::Datetime`, not a string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Binary formats (the build cache) cannot guess types; they hold the parts, checked
        // again as any date is.
        if !d.is_human_readable() {
            let (year, month, day) = <(i16, u8, u8)>::deserialize(d)?;
            let part = |v: u8| (v != 0).then_some(v);
            return PartialDate::new(year, part(month), part(day))
                .ok_or_else(|| serde::de::Error::custom(format!("not a date: {year}-{month}-{day}")));
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Toml(toml::value::Datetime),
            Year(i64),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Text(s) => s,
            Raw::Toml(dt) => {
                if dt.time.is_some() || dt.offset.is_some() {
                    match dt.date {
                        Some(date) => date.to_string(),
                        None => dt.to_string(),
                    }
                } else {
                    dt.to_string()
                }
            }
            Raw::Year(y) => y.to_string(),
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_each_precision_and_refuses_a_day_that_does_not_exist() {
        for text in ["2021-09-15", "2023-10", "2023"] {
            let d: PartialDate = text.parse().unwrap();
            let bytes = postcard::to_stdvec(&d).unwrap();
            assert_eq!(postcard::from_bytes::<PartialDate>(&bytes).unwrap(), d, "{text}");
        }
        let bad = postcard::to_stdvec(&(2023i16, 2u8, 30u8)).unwrap();
        assert!(postcard::from_bytes::<PartialDate>(&bad).is_err());
        let day_without_month = postcard::to_stdvec(&(2023i16, 0u8, 3u8)).unwrap();
        assert!(postcard::from_bytes::<PartialDate>(&day_without_month).is_err());
    }

    #[test]
    fn parses_each_precision() {
        let d: PartialDate = "2021-09-15".parse().unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(d.human(), "15 September 2021");
        let m: PartialDate = "2023-10".parse().unwrap();
        assert_eq!(m.precision(), Precision::Month);
        assert_eq!(m.to_string(), "2023-10");
        assert_eq!(m.human(), "October 2023");
        let y: PartialDate = "2023".parse().unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert_eq!(y.rfc3339(), "2023-01-01T00:00:00Z");
    }

    #[test]
    fn rejects_impossible_and_vague_dates() {
        for bad in [
            "2024-13-45",
            "2023-02-29",
            "yesterday",
            "",
            "24-01-01",
            "2024-1-5",
            "2024-00",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} accepted");
        }
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
    }

    #[test]
    fn orders_less_precise_first() {
        let a: PartialDate = "2023".parse().unwrap();
        let b: PartialDate = "2023-09".parse().unwrap();
        let c: PartialDate = "2023-09-01".parse().unwrap();
        let d: PartialDate = "2023-10".parse().unwrap();
        assert!(a < b && b < c && c < d);
    }

    #[test]
    fn reads_toml_native_and_string_dates() {
        #[derive(Deserialize)]
        struct T {
            a: PartialDate,
            b: PartialDate,
        }
        let t: T = toml::from_str("a = 2024-06-19\nb = \"2023-10\"").unwrap();
        assert_eq!(t.a.to_string(), "2024-06-19");
        assert_eq!(t.b.to_string(), "2023-10");
    }
}
