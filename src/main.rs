use briefing::build::{self, Options};
use briefing::classify::Classifier;
use briefing::cli::{Cli, Command, SiteArgs};
use briefing::config::Config;
use briefing::date::PartialDate;
use briefing::error::{BuildError, Diagnostic};
use briefing::extract::Gazetteer;
use briefing::model::Draft;
use briefing::scaffold::{self, shown};
use briefing::{load, sidecar};
use clap::Parser;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    with_huge_pages();
    tune_malloc();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        quiet_broken_pipe();
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `briefing extract … | head` ends quietly when the reader closes the pipe, as Unix tools
/// do (Rust ignores SIGPIPE, so printing would panic). Not for `serve`: a browser that drops
/// a connection must not stop the server.
fn quiet_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default action of one signal, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// glibc's allocator grows a thread's heap a page at a time (a system call each) and hands
/// freed memory back as soon as it can. A build allocates tens of megabytes in bursts on
/// several threads: growing by 32 MB and keeping up to 128 MB free cut a warm build's CPU time
/// by a tenth at 10,000 articles (docs/benchmarks.md), for a few megabytes more resident.
///
/// Setting these fixes the size above which a block gets pages of its own from the kernel
/// (glibc otherwise raises it as such blocks are freed) at 128 KB: every page buffer, file
/// read and sitemap that large would come zeroed from the kernel, in 2 MB pages with huge
/// pages on. Up to 32 MB they come from the heap, and memory freed there is used again.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator settings; called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
    }
}

/// Transparent huge pages for the allocator's heaps (glibc's `glibc.malloc.hugetlb=1`). A
/// build fills tens of megabytes of fresh heap, and each 4 KB page costs a fault on first
/// touch: with 2 MB pages a one-article build at 10,000 articles took a sixth less CPU and
/// wall time (docs/benchmarks.md). glibc reads its tunables only as a program starts, so the
/// program starts itself again, once, with the setting added: where the kernel hands out huge
/// pages only on request (`madvise`), and unless the environment already says (a
/// `glibc.malloc.hugetlb` of the user's own, or `BRIEFING_NO_HUGEPAGES` set).
fn with_huge_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
        let opted_out = std::env::var_os("BRIEFING_NO_HUGEPAGES").is_some();
        let Some(value) = huge_pages_tunables(std::env::var_os("GLIBC_TUNABLES"), opted_out, &thp) else {
            return;
        };
        let mut args = std::env::args_os();
        let Some(argv0) = args.next() else { return };
        // By its own path, not /proc/self/exe: the kernel names a process after the file it
        // was started from, and `ps`, `top` and `pkill` should see "briefing", not "exe".
        let Ok(exe) = std::env::current_exe() else { return };
        // Returns only if the program could not be started again: then it goes on as it is.
        let _ = std::process::Command::new(exe)
            .arg0(argv0)
            .args(args)
            .env("GLIBC_TUNABLES", value)
            .exec();
    }
}

/// The `GLIBC_TUNABLES` to start again with, given the current one, whether the user opted
/// out, and the kernel's transparent huge page mode; `None` to go on as it is.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn huge_pages_tunables(current: Option<std::ffi::OsString>, opted_out: bool, thp_mode: &str) -> Option<String> {
    const TUNABLE: &str = "glibc.malloc.hugetlb";
    // (A value that is not UTF-8 is not the user's to lose: left as it is.)
    let current = match current {
        None => String::new(),
        Some(v) => v.into_string().ok()?,
    };
    if opted_out || current.contains(TUNABLE) || !thp_mode.contains("[madvise]") {
        return None;
    }
    Some(if current.is_empty() {
        format!("{TUNABLE}=1")
    } else {
        format!("{current}:{TUNABLE}=1")
    })
}

fn options(site: &SiteArgs) -> Options {
    let mut o = Options::new(&site.root);
    if let Some(out) = &site.output {
        o.output = out.clone();
    }
    o.base_url = site.base_url.clone();
    o.relative_urls = site.relative_urls;
    o.drafts = site.drafts;
    o.progress = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    o
}

fn print_diagnostics(diags: &[Diagnostic]) {
    // One write, not several per diagnostic: stderr is unbuffered.
    let text: String = diags.iter().map(|d| format!("{d}\n")).collect();
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
}

fn print_notes(notes: &[String]) {
    let text: String = notes.iter().map(|n| format!("note: {n}\n")).collect();
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build {
            site,
            clean,
            strict,
            quiet,
            force,
        } => {
            let mut opts = options(&site);
            opts.force = force;
            opts.clean = clean;
            // One bad article never stops the rest from being published; CI asks for --strict.
            opts.keep_going = !strict;
            opts.strict = strict;
            match build::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    print_notes(&report.notes);
                    if !report.skipped.is_empty() {
                        print_diagnostics(&report.skipped);
                        eprintln!(
                            "note: what the errors above name was left out; the rest of the site was built (--strict fails instead)"
                        );
                    }
                    if !quiet {
                        println!("built {}: {}", opts.output.display(), report.summary());
                    }
                    report.print_timings();
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    report_failure(&e);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Check {
            site,
            strict,
            external,
            timeout,
            concurrency,
            recheck,
        } => {
            let mut opts = options(&site);
            opts.strict = strict;
            let external = external.then(|| briefing::check::external::Settings {
                timeout: std::time::Duration::from_secs_f64(timeout.max(0.001)),
                concurrency,
                cache: Some(opts.cache_dir().join("links.json")),
                ttl: if recheck {
                    std::time::Duration::ZERO
                } else {
                    std::time::Duration::from_secs(24 * 3600)
                },
            });
            check(opts, strict, external.as_ref())
        }
        Command::Serve {
            site,
            bind,
            port,
            open,
            force,
        } => {
            let mut opts = options(&site);
            opts.force = force;
            briefing::serve::run(opts, &bind, port, open)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            files,
            json,
            with_overrides,
            explain,
            root,
        } => extract(&files, json, with_overrides, explain, &root),
        Command::Import {
            files,
            root,
            into,
            force,
        } => import(&files, &root, &into, force),
        Command::Init { dir } => init(&dir),
        Command::New {
            title,
            root,
            into,
            date,
        } => new_article(&root, &title, &into, date),
    }
}

fn new_article(root: &Path, title: &str, into: &Path, date: Option<PartialDate>) -> anyhow::Result<ExitCode> {
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d);
            return Ok(ExitCode::FAILURE);
        }
    };
    let date = date.unwrap_or_else(scaffold::today);
    let path = scaffold::new_article(root, &config, title, into, date)?;
    println!("{}", shown(&path).display());
    Ok(ExitCode::SUCCESS)
}

fn init(dir: &Path) -> anyhow::Result<ExitCode> {
    let done = scaffold::init(dir)?;
    for path in &done.written {
        println!("wrote {}", shown(path).display());
    }
    for path in &done.kept {
        println!("kept {} (it was there already)", shown(path).display());
    }
    let cd = shown(dir).display().to_string();
    println!(
        "\nA new archive is in {cd}. Next:\n  cd {cd}\n  briefing serve      # preview at http://127.0.0.1:8000\n  briefing new \"Headline\""
    );
    Ok(ExitCode::SUCCESS)
}

/// `check`: builds into a scratch folder, then checks what it made (see `briefing::check`).
fn check(
    mut opts: Options,
    strict: bool,
    external: Option<&briefing::check::external::Settings>,
) -> anyhow::Result<ExitCode> {
    let tmp = scratch_dir()?;
    opts.output = tmp.path().join("site");
    opts.clean = true;
    opts.record = false;
    opts.inventory = true;
    let report = match build::Session::new(opts.clone()).build() {
        Ok(report) => report,
        Err(e) => {
            report_failure(&e);
            return Ok(ExitCode::FAILURE);
        }
    };
    print_diagnostics(&report.warnings);
    let base_url = Config::load(&opts.root).map(|c| c.base_url).unwrap_or_default();
    let base_url = match &opts.base_url {
        Some(b) => briefing::config::normalise_base_url(b).unwrap_or(base_url),
        None => base_url,
    };
    let files = briefing::check::read_site(&opts.output)?;
    drop(tmp);
    let mut out = briefing::check::check_site(&files, &base_url, &report.inventory);
    if let Some(settings) = external {
        briefing::check::add_external(&mut out, settings, &report.inventory);
    }
    let text: String = out.findings.iter().map(|f| format!("{f}\n")).collect();
    print!("{text}");
    println!("{} articles; {}", report.articles, out.summary());
    let failed = out.broken() > 0 || (strict && !out.findings.is_empty());
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn report_failure(e: &BuildError) {
    eprintln!("{e}");
}

/// Where `check` builds: a private temporary folder, removed afterwards.
/// A private folder for `check` to build into, removed when dropped.
fn scratch_dir() -> anyhow::Result<tempfile::TempDir> {
    Ok(tempfile::Builder::new().prefix("briefing-check-").tempdir()?)
}

#[derive(Serialize)]
struct ExtractedJson {
    file: String,
    index: usize,
    title: String,
    /// No headline in the clipping: the title is its first sentence.
    title_from_text: bool,
    source: Option<String>,
    /// Wire agencies credited apart from the source.
    credits: Vec<String>,
    byline: Option<String>,
    date: Option<String>,
    topics: Vec<String>,
    people: Vec<String>,
    summary: Option<String>,
    body: String,
}

/// Each line of a clipping with the label extraction gave it and why.
fn print_line_labels(file: &Path, outlets: &'static Gazetteer) {
    let Ok(text) = std::fs::read(file)
        .map_err(|_| ())
        .and_then(|b| load::decode(file, b).map_err(|_| ()))
    else {
        return;
    };
    println!("{}: lines", file.display());
    for l in briefing::extract::explain(&text, outlets) {
        let art = l.article.map_or("  ".to_string(), |a| format!("#{a}"));
        let shown: String = l.text.chars().take(70).collect();
        let more = if l.text.chars().count() > 70 { "…" } else { "" };
        println!("  {art} {:<10} {shown}{more}", l.label);
        println!("              ({})", l.reason);
    }
    println!();
}

/// Articles of each clipping as the build would see them (classification included).
fn clipping_articles(
    file: &Path,
    with_overrides: bool,
    outlets: &'static Gazetteer,
) -> Result<Vec<Draft>, Vec<Diagnostic>> {
    let bytes = std::fs::read(file).map_err(|e| vec![Diagnostic::error(file, format!("cannot read: {e}"))])?;
    if bytes.len() as u64 > load::MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(file, "the file is larger than 8 MB")]);
    }
    let text = load::decode(file, bytes).map_err(|d| vec![d])?;
    let mut drafts = build::clipping_drafts(&text, outlets);
    if drafts.is_empty() {
        print_diagnostics(&[build::no_article(file)]);
        return Ok(Vec::new());
    }
    let sc = file.with_extension("toml");
    if with_overrides && sc.is_file() {
        let sc_text =
            std::fs::read_to_string(&sc).map_err(|e| vec![Diagnostic::error(&sc, format!("cannot read: {e}"))])?;
        let parsed = sidecar::parse(&sc, &sc_text)?;
        let warnings;
        (drafts, warnings) = sidecar::apply(&sc, &parsed, drafts)?;
        print_diagnostics(&warnings);
    }
    Ok(drafts)
}

fn classifier(root: &Path) -> Result<(Config, Classifier), Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let rules: Vec<_> = config
        .topics
        .iter()
        .map(|t| (t.slug.to_string(), t.rules.clone()))
        .collect();
    let c = Classifier::new(&rules, &config.people).map_err(|m| vec![Diagnostic::error("briefing.toml", m)])?;
    Ok((config, c))
}

fn extract(
    files: &[PathBuf],
    json: bool,
    with_overrides: bool,
    explain: bool,
    root: &Path,
) -> anyhow::Result<ExitCode> {
    let (config, classifier) = match classifier(root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d);
            return Ok(ExitCode::FAILURE);
        }
    };
    let outlets = config.gazetteer();
    let mut out = Vec::new();
    let mut failed = false;
    for file in files {
        if explain && !json {
            print_line_labels(file, outlets);
        }
        let drafts = match clipping_articles(file, with_overrides, outlets) {
            Ok(drafts) => drafts,
            Err(d) => {
                print_diagnostics(&d);
                failed = true;
                continue;
            }
        };
        for d in drafts {
            let text = format!("{}\n\n{}", d.summary.as_deref().unwrap_or(""), d.body);
            let topics = d.topics.clone().unwrap_or_else(|| classifier.topics(&d.title, &text));
            let people = d.people.clone().unwrap_or_else(|| classifier.people(&d.title, &text));
            if !json {
                print_draft(file, &d, &topics, &people);
                if explain {
                    print_topic_scores(&classifier, &d.title, &text);
                }
                println!();
            }
            out.push(ExtractedJson {
                file: file.display().to_string(),
                index: d.index,
                title_from_text: d.title_from_text,
                title: d.title,
                source: d.source,
                credits: d.credits,
                byline: d.byline,
                date: d.date.map(|x| x.to_string()),
                topics,
                people,
                summary: d.summary,
                body: d.body,
            });
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// What extraction read from one story, for a person to check.
fn print_draft(file: &Path, d: &briefing::model::Draft, topics: &[String], people: &[String]) {
    println!("{} #{}: {}", file.display(), d.index, d.title);
    println!(
        "  date:    {}",
        d.date.map_or("(none stated)".into(), |x| x.to_string())
    );
    println!("  source:  {}", d.source.as_deref().unwrap_or("(unknown)"));
    if !d.credits.is_empty() {
        println!("  credits: {}", d.credits.join(", "));
    }
    println!("  byline:  {}", d.byline.as_deref().unwrap_or("(none)"));
    let topics = match topics.is_empty() {
        true => "(none: Other Korea news)".into(),
        false => topics.join(", "),
    };
    println!("  topics:  {topics}");
    println!("  people:  {}", people.join(", "));
    if let Some(s) = &d.summary {
        println!("  summary: {s}");
    }
    println!(
        "  body:    {} paragraphs, {} words",
        d.body.split("\n\n").count(),
        d.body.split_whitespace().count()
    );
}

/// How each topic scored the story (`--explain`).
fn print_topic_scores(classifier: &briefing::classify::Classifier, title: &str, text: &str) {
    for x in classifier.explain(title, text) {
        let terms: Vec<String> = x.matches.iter().map(|(t, n, w)| format!("{t}×{n} (+{w:.1})")).collect();
        let matched = match terms.is_empty() {
            true => String::new(),
            false => format!("; matched {}", terms.join(", ")),
        };
        let missing = match x.missing.is_empty() {
            true => String::new(),
            false => format!("; missing {}", x.missing.join(", ")),
        };
        let verdict = if x.assigned { "assigned" } else { "not assigned" };
        println!(
            "  explain: {} score {:.1} / threshold {:.1} → {verdict}{matched}{missing}",
            x.topic, x.score, x.threshold
        );
    }
}

#[derive(Serialize)]
struct FrontMatterOut<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    credits: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byline: Option<&'a str>,
    topics: &'a [String],
    people: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
}

fn import(files: &[PathBuf], root: &Path, into: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let (config, classifier) = match classifier(root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d);
            return Ok(ExitCode::FAILURE);
        }
    };
    let dest_dir = scaffold::content_folder(root, into)?;
    for file in files {
        let drafts = match clipping_articles(file, true, config.gazetteer()) {
            Ok(d) => d,
            Err(d) => {
                print_diagnostics(&d);
                return Ok(ExitCode::FAILURE);
            }
        };
        std::fs::create_dir_all(&dest_dir)?;
        let mut written = Vec::new();
        for d in &drafts {
            let text = format!("{}\n\n{}", d.summary.as_deref().unwrap_or(""), d.body);
            let topics = d.topics.clone().unwrap_or_else(|| classifier.topics(&d.title, &text));
            let people = d.people.clone().unwrap_or_else(|| classifier.people(&d.title, &text));
            let slug = briefing::slug::Slug::from_text(&d.title, &format!("article-{}", d.index + 1));
            let path = dest_dir.join(format!("{slug}.md"));
            if path.exists() && !force {
                anyhow::bail!("{} exists already; pass --force to replace it", path.display());
            }
            let fm = FrontMatterOut {
                title: &d.title,
                date: d.date.map(|x| x.to_string()),
                source: d.source.as_deref(),
                credits: &d.credits,
                url: d.url.as_deref(),
                byline: d.byline.as_deref(),
                topics: &topics,
                people: &people,
                summary: d.summary.as_deref(),
            };
            let body = format!("+++\n{}+++\n\n{}\n", toml::to_string(&fm)?, d.body.trim_end());
            std::fs::write(&path, body)?;
            written.push(path);
        }
        // The clipping now lives on as Markdown; keep the raw text as evidence, outside
        // content/ so the build does not publish the same articles twice.
        let keep = root.join("imported");
        std::fs::create_dir_all(&keep)?;
        let name = file
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("clipping.txt"));
        std::fs::rename(file, keep.join(&name))?;
        let sc = file.with_extension("toml");
        if sc.is_file() {
            std::fs::rename(&sc, keep.join(name.with_extension("toml")))?;
        }
        for w in &written {
            println!("wrote {}", w.display());
        }
        println!(
            "moved {} to {} (kept as evidence)",
            file.display(),
            keep.join(&name).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::huge_pages_tunables;

    #[test]
    fn huge_pages_are_added_to_the_users_tunables_unless_they_say_otherwise() {
        let madvise = "always [madvise] never\n";
        let ours = |current: Option<&str>, opted_out: bool, mode: &str| {
            huge_pages_tunables(current.map(Into::into), opted_out, mode)
        };
        assert_eq!(ours(None, false, madvise).as_deref(), Some("glibc.malloc.hugetlb=1"));
        assert_eq!(
            ours(Some("glibc.malloc.arena_max=2"), false, madvise).as_deref(),
            Some("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        );
        // The user's own setting, an opt-out, or a kernel that decides for every program.
        assert_eq!(ours(Some("glibc.malloc.hugetlb=0"), false, madvise), None);
        assert_eq!(ours(None, true, madvise), None);
        assert_eq!(ours(None, false, "[always] madvise never\n"), None);
        assert_eq!(ours(None, false, "always madvise [never]\n"), None);
        assert_eq!(ours(None, false, ""), None);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let not_utf8 = std::ffi::OsString::from_vec(vec![0xff, b'x']);
            assert_eq!(huge_pages_tunables(Some(not_utf8), false, madvise), None);
        }
    }
}
