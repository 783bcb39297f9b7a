//! URL slugs that can never leave the output folder.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A path segment of lowercase ASCII letters, digits and single hyphens.
///
/// Being a type (not a `String`) means a slug read from front matter was checked once, and
/// nothing downstream can join `..` or `/` into an output path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Names Windows refuses as file names; a site built here may be copied there.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

const MAX_LEN: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("the slug is empty")]
    Empty,
    #[error("slug `{0}` may hold only lowercase letters a-z, digits and single hyphens (no `/`, `..` or spaces)")]
    Charset(String),
    #[error("slug `{0}` is a name some systems reserve for devices; choose another")]
    Reserved(String),
    #[error("slug `{0}` is longer than {MAX_LEN} characters")]
    TooLong(String),
}

impl Slug {
    /// An empty slug that no page is given: a stand-in while an article's fields are hashed.
    pub(crate) fn placeholder() -> Slug {
        Slug(String::new())
    }

    /// Checks a slug an editor wrote.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::Charset(s.to_string()));
        }
        if s.len() > MAX_LEN {
            return Err(SlugError::TooLong(s.to_string()));
        }
        if RESERVED.contains(&s) {
            return Err(SlugError::Reserved(s.to_string()));
        }
        Ok(Slug(s.to_string()))
    }

    /// Derives a slug from any text: transliterated to ASCII, lowercased, runs of other
    /// characters turned into one hyphen, cut at a word boundary. Never fails: text with no
    /// letters or digits gives `fallback`.
    ///
    /// Permalinks depend on this staying the same: its outputs are pinned by tests.
    pub fn from_text(text: &str, fallback: &str) -> Slug {
        let ascii = deunicode::deunicode(text).to_ascii_lowercase();
        let mut out = String::with_capacity(ascii.len().min(MAX_LEN + 1));
        let mut pending_dash = false;
        for c in ascii.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c);
            } else if c == '\'' {
                // "Russia's" reads better as "russias" than "russia-s".
            } else {
                pending_dash = true;
            }
            if out.len() > MAX_LEN {
                break;
            }
        }
        if out.len() > MAX_LEN {
            // Cut at a word boundary and add a short hash of the whole text: long titles that
            // share their first eighty characters still get distinct, stable addresses.
            out.truncate(MAX_LEN - 7);
            if let Some(cut) = out.rfind('-') {
                out.truncate(cut);
            }
            let hash = blake3::hash(text.as_bytes());
            out.push('-');
            out.push_str(&hash.to_hex()[..6]);
        }
        let out = out.trim_matches('-').to_string();
        Slug::parse(&out).unwrap_or_else(|_| {
            if out.is_empty() {
                Slug(fallback.to_string())
            } else {
                // Only a reserved word can fail here; suffix it to make it a plain name.
                Slug(format!("{out}-{fallback}"))
            }
        })
    }

    /// The same slug with `-n` appended, to tell apart articles with equal titles.
    pub fn with_suffix(&self, n: usize) -> Slug {
        let mut base = self.0.clone();
        let suffix = format!("-{n}");
        if base.len() + suffix.len() > MAX_LEN {
            base.truncate(MAX_LEN - suffix.len());
            base = base.trim_end_matches('-').to_string();
        }
        Slug(base + &suffix)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Slug::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_slugs_of_real_titles() {
        let cases = [
            (
                "US says NK military deployment, Russia's support in return 'must end'",
                "us-says-nk-military-deployment-russias-support-in-return-must-end",
            ),
            (
                "Kim Jong-un’s Possible Meeting with Vladimir Putin in Vladivostok",
                "kim-jong-uns-possible-meeting-with-vladimir-putin-in-vladivostok",
            ),
            ("North Korea–Russia ties", "north-korea-russia-ties"),
            ("Volker Türk", "volker-turk"),
            ("김정은", "gimjeongeun"),
        ];
        for (title, slug) in cases {
            assert_eq!(Slug::from_text(title, "x").as_str(), slug, "{title}");
        }
    }

    #[test]
    fn long_titles_sharing_a_prefix_get_distinct_slugs() {
        let a = Slug::from_text(
            "Thomas-Greenfield says new Security Council sanctions ‘purely defensive’ at Beijing meeting",
            "x",
        );
        let b = Slug::from_text(
            "Thomas-Greenfield says new Security Council sanctions ‘purely defensive’ at Vladivostok meeting",
            "x",
        );
        assert_ne!(a, b);
        assert_eq!(
            a.as_str(),
            "thomas-greenfield-says-new-security-council-sanctions-purely-defensive-138353"
        );
        assert!(a.as_str().len() <= MAX_LEN);
    }

    #[test]
    fn hostile_slugs_are_refused() {
        for bad in ["../../etc", "/etc/passwd", "a/b", "con", "", "A", "a--b", "-a", "a b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Slug::parse("kim-jong-un-2").is_ok());
    }

    #[test]
    fn derived_slugs_are_bounded_and_never_empty() {
        let long = "word ".repeat(100);
        let s = Slug::from_text(&long, "x");
        assert!(s.as_str().len() <= MAX_LEN && !s.as_str().ends_with('-'));
        assert_eq!(Slug::from_text("!!!", "article-3").as_str(), "article-3");
        assert_eq!(Slug::from_text("CON", "x").as_str(), "con-x");
    }
}
