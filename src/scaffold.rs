//! Starting an archive (`briefing init`) and a curated article (`briefing new`).
//!
//! Neither ever replaces a file: `init` wants a new or empty folder, `new` a file name that is
//! free, and every file is opened with `create_new`, so one that appears meanwhile is kept too.

use crate::config::Config;
use crate::date::PartialDate;
use crate::slug::Slug;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A new archive's files, by their path in it: this repository's `scaffold/` folder (the
/// settings trimmed from the bundled `briefing.toml`, one article of each kind, a README).
const SCAFFOLD: &[(&str, &str)] = &[
    ("briefing.toml", include_str!("../scaffold/briefing.toml")),
    ("README.md", include_str!("../scaffold/README.md")),
    (".gitignore", include_str!("../scaffold/gitignore")),
    (
        "content/articles/kim-and-putin-sign-partnership-treaty.md",
        include_str!("../scaffold/content/articles/kim-and-putin-sign-partnership-treaty.md"),
    ),
    (
        "content/clippings/trherald-panel-veto.txt",
        include_str!("../scaffold/content/clippings/trherald-panel-veto.txt"),
    ),
    (
        "content/clippings/trherald-panel-veto.toml",
        include_str!("../scaffold/content/clippings/trherald-panel-veto.toml"),
    ),
];

/// What `init` did: the files it wrote, and those it found already there and left alone (a
/// folder may hold hidden files such as `.git` or `.gitignore`).
#[derive(Debug, Default)]
pub struct Initialized {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Makes a new archive in `dir`, which must be new or hold only hidden files (`.git`): like
/// `zola init`, it will not mix an archive into a folder of other things.
pub fn init(dir: &Path) -> anyhow::Result<Initialized> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} is a file; briefing init needs a new or empty folder", dir.display());
        }
        let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        let mut visible: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        visible.sort();
        if !visible.is_empty() {
            bail!(
                "{} is not empty (it holds {}); briefing init makes an archive only in a new or empty folder, and never replaces a file",
                dir.display(),
                visible.join(", ")
            );
        }
    }
    let mut done = Initialized::default();
    for (rel, text) in SCAFFOLD {
        let path = dir.join(rel);
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        write_new(&path, text)?;
        done.written.push(path);
    }
    Ok(done)
}

/// Writes `text` to a file that must not exist yet (creating its folder).
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot make {}", parent.display()))?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{} exists already; briefing never replaces a file", path.display())
        }
        Err(e) => bail!("cannot write {}: {e}", path.display()),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `into` as a folder inside `content/`: relative, and never climbing out of it.
pub fn content_folder(root: &Path, into: &Path) -> anyhow::Result<PathBuf> {
    if into.is_absolute() || into.components().any(|c| matches!(c, Component::ParentDir)) {
        bail!("--into must be a folder inside content/, such as articles");
    }
    Ok(root.join("content").join(into))
}

/// Writes a curated article titled `title` to `content/INTO/SLUG.md` in the archive at `root`,
/// dated `date`, with every other key of the front matter there to fill in. Returns its path.
/// `config` is the archive's, for the topics and people the placeholders name.
pub fn new_article(
    root: &Path,
    config: &Config,
    title: &str,
    into: &Path,
    date: PartialDate,
) -> anyhow::Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        bail!("the title must be one line of text");
    }
    let slug = Slug::from_text(title, "article");
    let path = content_folder(root, into)?.join(format!("{slug}.md"));
    if path.exists() {
        bail!(
            "{} exists already; briefing new never replaces a file: choose another title, or another folder with --into",
            shown(&path).display()
        );
    }
    write_new(&path, &front_matter(title, date, &slug, config))?;
    Ok(path)
}

/// The new article's text. Keys the editor must fill in are empty strings, which the build
/// reads as "not given" (no warning, nothing shown); lists that rules fill in otherwise are
/// comments, since writing them would stop the rules; and the slug is a comment, since a
/// written slug is a deliberate choice that may take another article's address.
fn front_matter(title: &str, date: PartialDate, slug: &Slug, config: &Config) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    // A date known to the day is a TOML date; a month or a year only, a string.
    let date = match date.day() {
        Some(_) => date.to_string(),
        None => quoted(&date.to_string()),
    };
    let topics: Vec<String> = config.topics.iter().map(|t| quoted(t.slug.as_str())).collect();
    let person = config.people.first().map_or("Kim Jong-un", |p| p.name.as_str());
    let lines = [
        (format!("title = {}", quoted(title)), ""),
        (
            format!("date = {date}"),
            "or \"YYYY-MM\" or \"YYYY\" when only that is known",
        ),
        (
            "source = \"\"".into(),
            "the outlet, as pages should name it (\"Yonhap\")",
        ),
        ("url = \"\"".into(), "the original article's address"),
        ("byline = \"\"".into(), "the reporter, if the original names one"),
        (
            "summary = \"\"".into(),
            "a sentence or two for listings, feeds and link previews",
        ),
        (
            format!("# topics = [{}]", topics.join(", ")),
            "leave out to let the rules decide; [] for none",
        ),
        (
            format!("# people = [{}]", quoted(person)),
            "leave out to let the people list decide",
        ),
        (
            format!("# slug = {}", quoted(slug.as_str())),
            "fixes the address; made from the title otherwise",
        ),
        (
            "draft = false".into(),
            "true keeps it off the site (build --drafts shows drafts)",
        ),
    ];
    let mut text = String::from("+++\n");
    for (line, comment) in lines {
        text.push_str(&line);
        if !comment.is_empty() {
            // Comments in one column where the lines are short enough.
            let pad = 24usize.saturating_sub(line.chars().count()).max(2);
            text.push_str(&format!("{:pad$}# {comment}", ""));
        }
        text.push('\n');
    }
    text.push_str("+++\nWrite the article here, in Markdown.\n");
    text
}

/// A path as the user would type it: without a leading `./`.
pub fn shown(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

/// Today's date where the editor is (the system's time zone).
pub fn today() -> PartialDate {
    let d = jiff::Zoned::now().date();
    PartialDate::new(d.year(), Some(d.month() as u8), Some(d.day() as u8)).expect("a real calendar day")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(include_str!("../scaffold/briefing.toml")).expect("the scaffold's settings parse")
    }

    /// The scaffold's topic rules tell Russia's Security Council from the UN's, and know
    /// North Korea by its full Korean name.
    #[test]
    fn the_scaffolds_topics_read_russian_and_korean_names() {
        let c = config();
        let rules: Vec<_> = c.topics.iter().map(|t| (t.slug.to_string(), t.rules.clone())).collect();
        let classifier = crate::classify::Classifier::new(&rules, &c.people).unwrap();
        let shoigu = "Секретарь Совбеза России Сергей Шойгу прибыл в Пхеньян. Как сообщили в пресс-службе аппарата Совбеза, секретарь Совбеза встретился с Ким Чен Ыном. Секретарь Совета Безопасности РФ обсудил сотрудничество России и КНДР.";
        let topics = classifier.topics("Шойгу встретился с Ким Чен Ыном", shoigu);
        assert!(topics.contains(&"nk-russia".to_string()), "{topics:?}");
        assert!(!topics.contains(&"un-diplomacy".to_string()), "{topics:?}");
        let un = "Совет Безопасности ООН единогласно одобрил резолюцию о санкциях против КНДР. Совбез ООН обсудил доклад группы экспертов.";
        assert!(
            classifier
                .topics("Совбез ООН ужесточил санкции против КНДР", un)
                .contains(&"un-diplomacy".to_string())
        );
        let ko = "조선민주주의인민공화국과 러시아련방은 포괄적인 전략적 동반자 관계에 관한 조약을 체결했다. 러시아 대통령 푸틴은 조약을 비준했다.";
        assert!(classifier.topics("조약 비준", ko).contains(&"nk-russia".to_string()));
    }

    #[test]
    fn a_new_article_parses_with_its_title_and_date_and_nothing_else_set() {
        let title = "Kim \"Rocket\" man's trip to Москва & 평양";
        for date in ["2024-06-19", "2024-06", "2024"] {
            let date: PartialDate = date.parse().unwrap();
            let text = front_matter(title, date, &Slug::from_text(title, "article"), &config());
            let (draft, warnings) = crate::frontmatter::parse(Path::new("new.md"), &text).unwrap();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(draft.title, title);
            assert_eq!(draft.date, Some(date));
            assert!(draft.source.is_none() && draft.url.is_none() && draft.summary.is_none());
            // Left to the rules, and not a draft: the next build publishes it.
            assert!(draft.topics.is_none() && draft.people.is_none() && draft.slug.is_none());
            assert!(!draft.draft);
        }
    }

    #[test]
    fn the_scaffold_names_only_its_own_topics_and_people() {
        let config = config();
        assert!(!config.topics.is_empty() && !config.people.is_empty());
        for (rel, text) in SCAFFOLD
            .iter()
            .filter(|(rel, _)| rel.ends_with(".md") && rel.starts_with("content/"))
        {
            let (draft, warnings) = crate::frontmatter::parse(Path::new(rel), text).unwrap();
            assert!(warnings.is_empty(), "{rel}: {warnings:?}");
            for t in draft.topics.iter().flatten() {
                assert!(config.topic(t).is_some(), "{rel}: unknown topic {t}");
            }
        }
    }
}
