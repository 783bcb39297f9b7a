//! Tera templates: the defaults are compiled into the binary; an archive's own
//! `templates/NAME` replaces the default of that name.

use crate::error::Diagnostic;
use std::path::Path;
use tera::Tera;

/// The default templates, embedded so `briefing build` works in an archive with none.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("groups.html", include_str!("../../templates/groups.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("timeline_year.html", include_str!("../../templates/timeline_year.html")),
    (
        "timeline_month.html",
        include_str!("../../templates/timeline_month.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
];

pub struct Templates {
    pub tera: Tera,
    /// Which templates came from the archive (for messages).
    overridden: Vec<String>,
    /// Hash of every template's text: pages are re-rendered when it changes.
    pub rev: u64,
}

impl Templates {
    /// Defaults plus the archive's `templates/` folder, if it has one.
    pub fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String)> = DEFAULTS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut overridden = Vec::new();
        let dir = root.join("templates");
        let mut errors = Vec::new();
        if dir.is_dir() {
            let mut entries: Vec<_> = walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .collect();
            entries.sort_by(|a, b| a.path().cmp(b.path()));
            for e in entries {
                let Ok(rel) = e.path().strip_prefix(&dir) else { continue };
                let name = rel.to_string_lossy().replace('\\', "/");
                if name.starts_with('.') || !(name.ends_with(".html") || name.ends_with(".xml")) {
                    continue;
                }
                match std::fs::read_to_string(e.path()) {
                    // An empty template is a file caught mid-save (an editor truncates, then
                    // writes) far more often than a wish for blank pages: publishing it would
                    // empty every page that uses it, so it is an error, and `serve` keeps the
                    // last good pages until the save completes.
                    Ok(text) if text.trim().is_empty() => errors.push(
                        Diagnostic::error(format!("templates/{name}"), "the template is empty")
                            .with_help("write the template, or delete the file to use the built-in one"),
                    ),
                    Ok(text) => {
                        sources.retain(|(n, _)| *n != name);
                        sources.push((name.clone(), text));
                        overridden.push(name);
                    }
                    Err(err) => errors.push(Diagnostic::error(
                        format!("templates/{name}"),
                        format!("cannot read: {err}"),
                    )),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut hasher = blake3::Hasher::new();
        for (n, t) in &sources {
            hasher.update(n.as_bytes());
            hasher.update(&[0]);
            hasher.update(t.as_bytes());
            hasher.update(&[0]);
        }
        let rev = u64::from_le_bytes(hasher.finalize().as_bytes()[..8].try_into().expect("8 bytes"));
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // The five characters that matter in HTML and XML text and quoted attributes; Tera's
        // default also escapes `/`, which makes every URL in the output unreadable.
        tera.set_escape_fn(escape);
        let shown = |name: &str| -> String {
            if overridden.iter().any(|o| o == name) {
                format!("templates/{name}")
            } else {
                format!("templates/{name} (built-in)")
            }
        };
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            // Parsed one by one only now, so that each syntax error names its own template
            // (parsing them all twice on every build would double the cost of a small build).
            for (name, text) in &sources {
                let mut probe = Tera::default();
                // Only syntax errors here: inheritance needs the others.
                if let Err(e) = probe.add_raw_template(name, text)
                    && matches!(e.kind, tera::ErrorKind::Msg(ref m) if m.starts_with("Failed to parse"))
                {
                    errors.push(tera_diagnostic(&shown(name), &e));
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            let msg = chain(&e);
            let name = overridden
                .iter()
                .find(|n| msg.contains(n.as_str()))
                .cloned()
                .unwrap_or_else(|| "base.html".into());
            return Err(vec![Diagnostic::error(shown(&name), msg)]);
        }
        Ok(Templates { tera, overridden, rev })
    }

    pub fn shown_name(&self, name: &str) -> String {
        if self.overridden.iter().any(|o| o == name) {
            format!("templates/{name}")
        } else {
            format!("templates/{name} (built-in)")
        }
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| tera_diagnostic(&self.shown_name(name), &e))
    }
}

fn escape(s: &str) -> String {
    crate::markdown::html_escape(s)
}

/// A Tera error with its causes, and the line Tera names when it names one ("--> 3:5").
fn tera_diagnostic(file: &str, e: &tera::Error) -> Diagnostic {
    let msg = chain(e);
    let mut d = Diagnostic::error(file, msg.clone());
    if let Some(pos) = msg.find("--> ") {
        let rest = &msg[pos + 4..];
        let mut nums = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        if let (Some(l), Some(c)) = (nums.next(), nums.next())
            && let (Ok(l), Ok(c)) = (l.parse(), c.parse())
        {
            d = d.at(l, Some(c));
        }
    }
    d
}

fn chain(e: &tera::Error) -> String {
    use std::error::Error;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg.replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}
