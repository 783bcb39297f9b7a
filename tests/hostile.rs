//! Hostile text and faults: nothing injected into any output, nothing lost when a build is
//! killed or two builds race.

mod common;
use common::{Archive, CONFIG, assert_same_tree, tree};
use std::process::{Command, Stdio};
use std::time::Duration;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<a href=\"javascript:alert(5)\">click</a>",
    "<div style=\"background:url(javascript:alert(6))\">styled</div>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==\">data</a>",
    "'; alert(8); '",
    "{{ site.title }}{% raw %}",
    "</title><script>alert(9)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
];

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Markup that would run or load something if a browser met it as HTML. Only real tags
/// count (text escaped as `&lt;…` is not markup), and attribute values are read as values.
fn live_markup(html: &str) -> Vec<String> {
    let tag_re = regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9]*)((?:[^>\x22']|\x22[^\x22]*\x22|'[^']*')*)>").unwrap();
    let attr_re = regex::Regex::new(r#"([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?"#).unwrap();
    // The site's own search and filter scripts are the only scripts a page may load; JSON-LD
    // is data, which a browser never runs (its text is checked apart, in `json_ld_problems`).
    let own_script = regex::Regex::new(
        r#"^<script (src="[^"]*/static/(search|filters)\.js(\?v=[0-9a-f]+)?" defer|type="application/ld\+json")>$"#,
    )
    .unwrap();
    let mut found = Vec::new();
    for tag in tag_re.captures_iter(html) {
        let whole = tag.get(0).unwrap().as_str();
        let name = tag[1].to_ascii_lowercase();
        let mut problem = None;
        if ["script", "iframe", "object", "embed", "base", "svg", "math", "style"].contains(&name.as_str())
            && !own_script.is_match(whole)
        {
            problem = Some(format!("<{name}> element"));
        }
        for attr in attr_re.captures_iter(&tag[2]) {
            let key = attr[1].to_ascii_lowercase();
            let value = attr.get(2).map_or("", |v| v.as_str()).trim_matches(['"', '\'']);
            let value: String = unescape_xml(value)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if key.starts_with("on") {
                problem = Some(format!("event handler {key}"));
            } else if key == "style" {
                problem = Some("inline style".into());
            } else if ["href", "src", "action", "formaction", "data", "xlink:href"].contains(&key.as_str())
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| value.starts_with(s))
            {
                problem = Some(format!("dangerous URL in {key}"));
            }
        }
        if let Some(p) = problem {
            found.push(format!("{p}: {whole}"));
        }
    }
    found
}

/// What is wrong with a page's JSON-LD blocks: text that could end the element early (the
/// first `</script` ends it, whatever JSON says) or start a comment, and JSON that does not
/// parse.
fn json_ld_problems(html: &str) -> Vec<String> {
    let open = r#"<script type="application/ld+json">"#;
    let mut found = Vec::new();
    for (at, _) in html.match_indices(open) {
        let rest = &html[at + open.len()..];
        let text = &rest[..rest.find("</script>").unwrap_or(rest.len())];
        if text.contains('<') || text.contains('>') {
            found.push(format!("markup characters in JSON-LD: {text}"));
        }
        if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
            found.push(format!("JSON-LD does not parse ({e}): {text}"));
        }
    }
    found
}

/// The HTML a feed reader renders: the text of each `<content type="html">`.
fn feed_html(xml: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?s)<content type="html">(.*?)</content>"#).unwrap();
    re.captures_iter(xml).map(|c| unescape_xml(&c[1])).collect()
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn no_payload_is_live_in_any_output() {
    let a = Archive::new(CONFIG);
    for (i, p) in PAYLOADS.iter().enumerate() {
        let front = format!(
            "title = {}\ndate = 2024-01-{:02}\nsource = {}\nbyline = {}\nurl = {}\npeople = [{}]\nsummary = {}\ntopics = [\"nk-russia\"]",
            toml_str(&format!("Title {i} {p}")),
            i + 1,
            toml_str(&format!("Source {i} {p}")),
            toml_str(&format!("By {p}")),
            toml_str(if i % 2 == 0 {
                p
            } else {
                "https://example.com/\" onmouseover=\"alert(1)"
            }),
            toml_str(&format!("Person {i} {p}")),
            toml_str(&format!("Summary {p}")),
        );
        a.article(
            &format!("x{i}"),
            &front,
            &format!("Body text {i}.\n\n{p}\n\n[link]({p})\n\n<p onclick=\"alert(1)\">raw {p}</p>\n"),
        );
    }
    // A clipping whose text carries payloads, and a sidecar that sets fields to payloads.
    let mut clip = String::from("Kim meets Putin <script>alert('clip')</script> in Vladivostok\n\n");
    for p in PAYLOADS {
        clip.push_str(&format!(
            "North Korean leader Kim Jong-un said {p} during the talks with Russia.\n\n"
        ));
    }
    a.write("content/clip.txt", &clip);
    a.write(
        "content/clip.toml",
        &format!(
            "[[article]]\nindex = 0\ndate = 2024-03-01\nbyline = {}\nsource = {}\nurl = {}\n",
            toml_str(PAYLOADS[1]),
            toml_str(PAYLOADS[0]),
            toml_str(PAYLOADS[3])
        ),
    );
    a.build(&[]);

    let mut problems = Vec::new();
    for (rel, bytes) in tree(&a.site()) {
        let text = String::from_utf8_lossy(&bytes);
        if rel.ends_with(".html") {
            problems.extend(live_markup(&text).into_iter().map(|p| format!("{rel}: {p}")));
            problems.extend(json_ld_problems(&text).into_iter().map(|p| format!("{rel}: {p}")));
        } else if rel.ends_with(".xml") {
            problems.extend(live_markup(&text).into_iter().map(|p| format!("{rel}: {p}")));
            for html in feed_html(&text) {
                problems.extend(
                    live_markup(&html)
                        .into_iter()
                        .map(|p| format!("{rel} (content as HTML): {p}")),
                );
            }
        } else if rel.ends_with(".json") && text.contains('<') {
            problems.push(format!("{rel}: raw '<' in JSON (should be \\u003c)"));
        }
    }
    assert!(problems.is_empty(), "live payloads:\n{}", problems.join("\n"));
    // The payloads are still there, as text: nothing the editor saved is silently dropped.
    let page = a.page("articles/title-0-script-alert-1-script/index.html");
    assert!(page.contains("Title 0 &lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
}

fn big_archive(n: usize) -> Archive {
    let a = Archive::new(CONFIG);
    for i in 0..n {
        a.article(
            &format!("y{}/a{i}", 2016 + i % 10),
            &format!("title = \"Article {i} on the summit\"\ndate = {}-{:02}-{:02}\ntopics = [\"{}\"]\npeople = [\"Kim Jong-un\"]", 2016 + i % 10, 1 + i % 12, 1 + i % 28, ["nk-russia", "un-diplomacy"][i % 2]),
            &"Kim Jong-un and Vladimir Putin met again. The Security Council discussed sanctions.\n\n".repeat(20),
        );
    }
    a
}

fn spawn_build(a: &Archive, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("build")
        .args(args)
        .arg("--root")
        .arg(a.root())
        .env("CI", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn killed_builds_never_damage_the_site() {
    let a = big_archive(400);
    a.build(&[]);
    let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..5 {
        // Each round changes the archive, so a completed build would differ from the last.
        a.article(
            &format!("round{round}"),
            &format!(
                "title = \"Round {round}\"\ndate = 2025-06-{:02}\ntopics = []",
                round + 1
            ),
            "New.",
        );
        let before = tree(&a.site());
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let delay = Duration::from_millis(rng % 900);
        let clean = round % 2 == 0;
        let mut child = spawn_build(&a, if clean { &["--clean"] } else { &[] });
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let after = tree(&a.site());
        // An incremental build moves its staged files in after writing a journal; a kill in
        // those few milliseconds leaves the journal, which the next run completes first.
        let mid_commit = a.root().join(".site.journal").exists();
        if after != before && !mid_commit {
            // The kill came after the new site was committed: it must then be complete.
            a.build(&["--clean", "--output", a.root().join("reference").to_str().unwrap()]);
            assert_same_tree(&a.root().join("reference"), &a.site());
            std::fs::remove_dir_all(a.root().join("reference")).unwrap();
        }
        let state = match (after == before, mid_commit) {
            (true, _) => "unchanged",
            (false, false) => "complete and new",
            (false, true) => "mid-commit, journal left for the next run",
        };
        eprintln!("round {round}: killed after {delay:?} (exited: {status}), site {state}");
        // The next build recovers whatever the kill interrupted and equals a clean build.
        a.build(&[]);
        a.build(&["--clean", "--output", a.root().join("reference").to_str().unwrap()]);
        assert_same_tree(&a.root().join("reference"), &a.site());
        std::fs::remove_dir_all(a.root().join("reference")).unwrap();
    }
}

#[test]
fn concurrent_builds_do_not_corrupt_the_site() {
    let a = big_archive(300);
    let mut first = spawn_build(&a, &["--clean"]);
    std::thread::sleep(Duration::from_millis(30));
    let second = spawn_build(&a, &["--clean"]).wait_with_output().unwrap();
    let first_ok = first.wait().unwrap().success();
    let second_err = String::from_utf8_lossy(&second.stderr);
    assert!(first_ok, "first build failed");
    if !second.status.success() {
        assert!(second_err.contains("another build is writing"), "{second_err}");
    }
    a.build(&["--clean", "--output", a.root().join("reference").to_str().unwrap()]);
    assert_same_tree(&a.root().join("reference"), &a.site());
}

#[test]
fn the_checker_itself_catches_live_markup() {
    for live in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<a href='data:text/html,x'>x</a>",
        "<p style=\"x\">",
        "<iframe src=x>",
    ] {
        assert!(!live_markup(live).is_empty(), "missed {live}");
    }
    for inert in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href=\"https://x/&quot; onmouseover=&quot;a\">x</a>",
        "<script src=\"/static/search.js\" defer></script>",
    ] {
        assert!(
            live_markup(inert).is_empty(),
            "false alarm on {inert}: {:?}",
            live_markup(inert)
        );
    }
}
