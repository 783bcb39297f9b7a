//! Tera templates: the defaults are compiled into the binary; an archive's own
//! `templates/NAME` replaces the default of that name.

use crate::error::Diagnostic;
use std::path::Path;
use tera::Tera;

/// The default templates, embedded so `briefing build` works in an archive with none.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("event.html", include_str!("../../templates/event.html")),
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
    ("strip.html", include_str!("../../templates/strip.html")),
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
        let parts: Vec<&[u8]> = sources.iter().flat_map(|(n, t)| [n.as_bytes(), t.as_bytes()]).collect();
        let rev = crate::hash::hash64(&parts);
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // The five characters that matter in HTML and XML text and quoted attributes, whatever
        // Tera's own function does with its features (the markdown module escapes the same way).
        tera.set_escape_fn(escape);
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            // Without a template named in the error (a missing parent, say), the one of the
            // archive's own that the message mentions, or base.html, which the others extend.
            let msg = e.to_string();
            let fallback = overridden
                .iter()
                .find(|n| msg.contains(n.as_str()))
                .map_or("base.html", String::as_str);
            return Err(diagnostics(&e, &overridden, fallback));
        }
        Ok(Templates { tera, overridden, rev })
    }

    /// Renders template `name` into `out` (appended).
    pub fn render_to(&self, name: &str, ctx: &tera::Context, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
        self.tera.render_to(name, ctx, out).map_err(|e| {
            diagnostics(&e, &self.overridden, name)
                .into_iter()
                .next()
                .expect("one diagnostic at least")
        })
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        self.render_to(name, ctx, &mut out)?;
        // (Tera writes UTF-8 from UTF-8 templates and values; bytes would come out replaced.)
        Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}

fn escape(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markdown::html_escape_to(s, out)
}

/// How messages name a template: as the archive's own file, or the built-in one.
fn shown(overridden: &[String], name: &str) -> String {
    if overridden.iter().any(|o| o == name) {
        format!("templates/{name}")
    } else {
        format!("templates/{name} (built-in)")
    }
}

/// A Tera error as diagnostics, each naming the template and line it points to: a syntax or
/// rendering error points to one place (in a parent template, when that is where it is); a
/// failed load can join several reports in one message ("error: ... --> NAME:LINE:COL").
/// An error that points nowhere is blamed on `fallback`.
fn diagnostics(e: &tera::Error, overridden: &[String], fallback: &str) -> Vec<Diagnostic> {
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        return vec![
            Diagnostic::error(shown(overridden, r.filename()), one_line(r.message()))
                .at(span.start_line, Some(span.start_col + 1)),
        ];
    }
    let msg = chain(e);
    let reports: Vec<Diagnostic> = msg
        .split("error: ")
        .filter_map(|part| {
            let (message, rest) = part.split_once('\n')?;
            let place = rest.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
            let mut it = place.rsplitn(3, ':');
            let (col, line, name) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?);
            Some(Diagnostic::error(shown(overridden, name), one_line(message)).at(line, Some(col)))
        })
        .collect();
    if reports.is_empty() {
        vec![Diagnostic::error(shown(overridden, fallback), one_line(&msg))]
    } else {
        reports
    }
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
    msg
}

fn one_line(msg: &str) -> String {
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}
