//! The outlets extraction knows by name: the built-in list (`outlets.toml`, beside this file)
//! merged with the ones an archive adds in `briefing.toml` (`[[outlets]]`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

/// An outlet: display name, the names and abbreviations a page uses for it (any case, any
/// script), its web and e-mail domains, and whether it is a wire agency whose copy other
/// outlets republish.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub wire: bool,
}

impl Outlet {
    /// What is wrong with this entry as an archive wrote it, if anything.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if !name.chars().any(char::is_alphanumeric) {
            out.push("`name` needs letters or digits".to_string());
        } else if name.chars().count() > 60 {
            out.push(format!("`name` = {name:?} is longer than 60 characters"));
        }
        for a in &self.aliases {
            // Names are compared without the punctuation around them, so such an alias
            // could never match.
            if alias_key(a).is_empty() {
                out.push(format!("alias {a:?} needs letters or digits"));
            }
        }
        for d in &self.domains {
            if !domain_like(&domain_key(d)) {
                out.push(format!(
                    "domain {d:?} is not a bare domain name (write it as `example.com`, without https:// or a path)"
                ));
            }
        }
        out
    }
}

/// An alias as a key: lower case, outer punctuation trimmed, curly apostrophes straightened
/// (the form `Gazetteer::known` looks names up in).
fn alias_key(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace(['’', '‘'], "'")
}

fn domain_key(s: &str) -> String {
    s.trim().trim_end_matches('.').to_lowercase()
}

/// "interfax.ru", "chosunbiz.com": letters, digits and hyphens in two or more dotted labels,
/// the last of them letters.
pub fn domain_like(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The outlets of one archive, indexed for lookup by name, alias and domain.
pub struct Gazetteer {
    outlets: Vec<Outlet>,
    /// Lower-case name or alias → index in `outlets`; the first outlet listing a name keeps it.
    keys: HashMap<String, usize>,
    /// The longest key, in bytes (longer text is never a name).
    key_max: usize,
    domains: HashMap<String, usize>,
    /// Every key, for finding outlets named in prose; built on first use.
    finder: OnceLock<(AhoCorasick, Vec<usize>)>,
}

#[derive(Deserialize)]
struct OutletFile {
    outlet: Vec<Outlet>,
}

static BUILTIN_LIST: LazyLock<Vec<Outlet>> = LazyLock::new(|| {
    let file: OutletFile = toml::from_str(include_str!("outlets.toml")).expect("outlets.toml is valid");
    file.outlet
});

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::new(&[]));

/// Gazetteers made for archives' own outlets, one per distinct list. Each lives for the rest
/// of the process (extraction hands out `&'static str` names); `serve` makes a new one only
/// when the archive's list changes to one not seen before.
static INTERNED: LazyLock<Mutex<HashMap<Vec<Outlet>, &'static Gazetteer>>> = LazyLock::new(Default::default);

impl Gazetteer {
    /// The built-in outlets with `extra` before them: an archive's entry wins a name, alias or
    /// domain that a built-in one also claims. An entry with a built-in outlet's name adds its
    /// aliases and domains to that outlet's, and its `wire` is the one that counts.
    pub fn new(extra: &[Outlet]) -> Gazetteer {
        let same = |a: &Outlet, b: &Outlet| a.name.trim().to_lowercase() == b.name.trim().to_lowercase();
        let merged = extra.iter().map(|e| {
            let mut e = e.clone();
            if let Some(b) = BUILTIN_LIST.iter().find(|b| same(b, &e)) {
                e.aliases.extend(b.aliases.iter().cloned());
                e.domains.extend(b.domains.iter().cloned());
            }
            e
        });
        let outlets: Vec<Outlet> = merged
            .chain(
                BUILTIN_LIST
                    .iter()
                    .filter(|b| !extra.iter().any(|e| same(b, e)))
                    .cloned(),
            )
            .map(|mut o| {
                o.name = o.name.trim().to_string();
                o
            })
            .collect();
        let mut keys = HashMap::new();
        let mut domains = HashMap::new();
        for (i, o) in outlets.iter().enumerate() {
            for k in std::iter::once(&o.name).chain(&o.aliases) {
                let k = alias_key(k);
                if !k.is_empty() {
                    keys.entry(k).or_insert(i);
                }
            }
            for d in &o.domains {
                domains.entry(domain_key(d)).or_insert(i);
            }
        }
        let key_max = keys.keys().map(String::len).max().unwrap_or(0);
        Gazetteer {
            outlets,
            keys,
            key_max,
            domains,
            finder: OnceLock::new(),
        }
    }

    /// The built-in gazetteer alone.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// The gazetteer for an archive adding `extra`, made once per distinct list.
    pub fn with_extra(extra: &[Outlet]) -> &'static Gazetteer {
        if extra.is_empty() {
            return Gazetteer::builtin();
        }
        let mut map = INTERNED.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(extra.to_vec())
            .or_insert_with(|| Box::leak(Box::new(Gazetteer::new(extra))))
    }

    /// The display name of an outlet known by `name` ("Yonhap News" → "Yonhap"), or by a
    /// domain of it ("INTERFAX.RU").
    pub fn known(&self, name: &str) -> Option<&str> {
        let trimmed = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
        // Lowercasing and the quote replacement shrink a string to no less than a third.
        if trimmed.is_empty() || trimmed.len() > 3 * self.key_max {
            return None;
        }
        let key = alias_key(trimmed);
        let by_name = self.keys.get(key.as_str()).map(|&i| self.outlets[i].name.as_str());
        by_name.or_else(|| {
            (trimmed.is_ascii() && domain_like(&key))
                .then(|| self.by_domain(&key))
                .flatten()
        })
    }

    /// The outlet of a domain: the longest known suffix of it ("english.hani.co.kr" →
    /// "hani.co.kr").
    pub fn by_domain(&self, domain: &str) -> Option<&str> {
        let domain = domain_key(domain);
        let mut rest = domain.as_str();
        loop {
            if let Some(&i) = self.domains.get(rest) {
                return Some(&self.outlets[i].name);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// Whether the outlet of this display name is a wire agency.
    pub fn is_wire(&self, name: &str) -> bool {
        self.outlets.iter().any(|o| o.wire && o.name == name)
    }

    /// An automaton over every name and alias (lower case), and each pattern's outlet name.
    pub fn finder(&self) -> (&AhoCorasick, Vec<&str>) {
        let (ac, idx) = self.finder.get_or_init(|| {
            let mut keys: Vec<(&str, usize)> = self.keys.iter().map(|(k, &i)| (k.as_str(), i)).collect();
            keys.sort_unstable();
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(keys.iter().map(|(k, _)| k))
                .expect("outlet names build an automaton");
            (ac, keys.into_iter().map(|(_, i)| i).collect())
        });
        (ac, idx.iter().map(|&i| self.outlets[i].name.as_str()).collect())
    }
}

thread_local! {
    /// The gazetteer of the extraction running on this thread. The many line-level helpers
    /// that name outlets read it here rather than each taking it as a parameter.
    static CURRENT: Cell<&'static Gazetteer> = Cell::new(Gazetteer::builtin());
}

/// Runs `f` with `g` as this thread's gazetteer, restoring the previous one after.
pub fn using<T>(g: &'static Gazetteer, f: impl FnOnce() -> T) -> T {
    struct Restore(&'static Gazetteer);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(g)));
    f()
}

/// The gazetteer of the running extraction (the built-in one outside [`using`]).
pub fn current() -> &'static Gazetteer {
    CURRENT.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(name: &str, aliases: &[&str], domains: &[&str], wire: bool) -> Outlet {
        Outlet {
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            domains: domains.iter().map(|s| s.to_string()).collect(),
            wire,
        }
    }

    #[test]
    fn an_archive_adds_outlets_and_wins_shared_names() {
        let extra = [
            outlet(
                "Pyongyang Watch",
                &["PW", "평양워치", "Пхеньян Вотч"],
                &["PyWatch.example"],
                false,
            ),
            // Claims a built-in outlet's alias.
            outlet("Yonhap Wire Desk", &["YNA"], &[], true),
        ];
        let g = Gazetteer::new(&extra);
        assert_eq!(g.known("pyongyang watch"), Some("Pyongyang Watch"));
        assert_eq!(g.known("평양워치"), Some("Pyongyang Watch"));
        assert_eq!(g.known("ПХЕНЬЯН ВОТЧ"), Some("Pyongyang Watch"));
        assert_eq!(g.by_domain("news.pywatch.example"), Some("Pyongyang Watch"));
        assert_eq!(g.known("YNA"), Some("Yonhap Wire Desk"));
        assert!(g.is_wire("Yonhap Wire Desk") && !g.is_wire("Pyongyang Watch"));
        // Built-in outlets are still known.
        assert_eq!(g.known("Korea Herald"), Some("Korea Herald"));
        assert_eq!(Gazetteer::builtin().known("pyongyang watch"), None);
    }

    #[test]
    fn an_entry_of_a_built_in_name_extends_it() {
        let g = Gazetteer::new(&[outlet("tass", &["ТАСС-Сибирь"], &["tass-siberia.example"], false)]);
        assert_eq!(g.known("тасс-сибирь"), Some("tass"));
        assert_eq!(g.by_domain("tass-siberia.example"), Some("tass"));
        // The built-in names and domains still lead to it, and its `wire` is the archive's.
        assert_eq!(g.known("ТАСС"), Some("tass"));
        assert_eq!(g.by_domain("tass.com"), Some("tass"));
        assert!(!g.is_wire("tass"));
        assert!(Gazetteer::builtin().is_wire("TASS"));
    }

    #[test]
    fn using_scopes_the_current_gazetteer() {
        let g = Gazetteer::with_extra(&[outlet("Scoped Example Outlet", &[], &[], false)]);
        assert!(std::ptr::eq(
            g,
            Gazetteer::with_extra(&[outlet("Scoped Example Outlet", &[], &[], false)])
        ));
        let inside = using(g, || current().known("scoped example outlet").map(str::to_string));
        assert_eq!(inside.as_deref(), Some("Scoped Example Outlet"));
        assert_eq!(current().known("scoped example outlet"), None);
    }

    #[test]
    fn the_built_in_list_is_well_formed() {
        // Each name, alias and domain leads to one outlet: a second claim would silently lose
        // to the first (`keys.entry(..).or_insert`), as an archive's duplicate is refused.
        let mut keys: HashMap<String, &str> = HashMap::new();
        let mut domains: HashMap<String, &str> = HashMap::new();
        for o in BUILTIN_LIST.iter() {
            assert!(o.problems().is_empty(), "{}: {:?}", o.name, o.problems());
            for k in std::iter::once(&o.name).chain(&o.aliases) {
                let prev = keys.insert(alias_key(k), &o.name);
                assert!(prev.is_none_or(|p| p == o.name), "{k:?} names {prev:?} and {}", o.name);
            }
            for d in &o.domains {
                let prev = domains.insert(domain_key(d), &o.name);
                assert!(prev.is_none(), "{d:?} belongs to {prev:?} and {}", o.name);
            }
        }
    }

    #[test]
    fn bad_entries_are_explained() {
        let bad = outlet("  ", &["--"], &["https://example.org/news"], false);
        let p = bad.problems();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(outlet("Example", &["ex"], &["example.org"], true).problems().is_empty());
    }
}
