//! `briefing check` as a link checker: a clean archive passes; planted problems are reported,
//! each once, on the page (and source file) they are on; `--external` asks a local server.

mod common;
use common::{Archive, CONFIG};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn good_articles(a: &Archive) {
    for (name, title) in [("one", "Story one"), ("two", "Story two")] {
        a.article(
            name,
            &format!(
                "title = \"{title}\"\ndate = 2024-03-0{}\nsource = \"Yonhap\"\ntopics = [\"nk-russia\"]",
                name.len()
            ),
            "Text.\n\nSee [the other story](/briefing/articles/story-two/) and [the top](#main).",
        );
    }
}

/// Runs `check` with these extra arguments: exit success, stdout, stderr.
fn check(a: &Archive, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    let out = a.run(&args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// The findings `check` printed: "page: kind" and the source file named, one per line.
fn findings(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| !l.contains(" links checked"))
        .map(|l| {
            let mut parts = l.splitn(3, ": ");
            let (page, kind) = (parts.next().unwrap(), parts.next().unwrap_or(""));
            let from = l.rsplit_once("(from ").map_or("", |(_, f)| f.trim_end_matches(')'));
            format!("{page}: {kind} {from}").trim_end().to_string()
        })
        .collect()
}

#[test]
fn a_clean_archive_passes_and_site_is_not_written() {
    let a = Archive::new(CONFIG);
    good_articles(&a);
    let (ok, out, err) = check(&a, &[]);
    assert!(ok, "{out}\n{err}");
    assert!(findings(&out).is_empty(), "{out}");
    assert!(out.contains(" links checked, 0 broken, 0 warnings"), "{out}");
    assert!(!a.site().exists(), "check wrote site/");
}

#[test]
fn planted_problems_are_reported_exactly_and_fail_the_check() {
    let a = Archive::new(CONFIG);
    good_articles(&a);
    a.article(
        "links",
        "title = \"A story with bad links\"\ndate = 2024-04-01\nsource = \"KCNA\"\ntopics = [\"un-diplomacy\"]",
        "See [a story that never was](/briefing/articles/no-such-story/) and [a part](/briefing/articles/story-one/#no-such-part).",
    );
    a.article(
        "undated",
        "title = \"When was this\"\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]",
        "Text.",
    );
    // An image without alt text can only come from a template: the body's sanitizer gives
    // every image one.
    let not_found = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/404.html")).unwrap();
    let with_img = not_found.replace("<h1>", "<img src=\"{{ site.static_url }}logo.png\">\n<h1>");
    a.write("templates/404.html", &with_img);
    a.write("static/logo.png", "not really a png");
    let (ok, out, err) = check(&a, &[]);
    assert!(!ok, "the check passed:\n{out}\n{err}");
    assert_eq!(
        findings(&out),
        [
            "404.html: image without alt text",
            "articles/a-story-with-bad-links/index.html: broken link content/links.md",
            "articles/a-story-with-bad-links/index.html: missing anchor content/links.md",
            "articles/when-was-this/index.html: no date content/undated.md",
        ],
        "{out}"
    );
    assert!(out.contains("3 broken, 1 warnings"), "{out}");
    assert!(
        out.contains("/briefing/articles/no-such-story/"),
        "the finding names the link: {out}"
    );
}

#[test]
fn two_articles_at_one_address_fail_the_check() {
    let a = Archive::new(CONFIG);
    good_articles(&a);
    a.article(
        "x",
        "title = \"X\"\nslug = \"same\"\ndate = 2024-01-01\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]",
        "A.",
    );
    a.article(
        "y",
        "title = \"Y\"\nslug = \"same\"\ndate = 2024-01-02\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]",
        "B.",
    );
    let (ok, out, err) = check(&a, &[]);
    assert!(!ok, "{out}\n{err}");
    assert!(err.contains("content/x.md") && err.contains("content/y.md"), "{err}");
}

/// A server on 127.0.0.1 that answers by path: /ok 200, /gone 404, /moved 301 to /ok,
/// /no-head 405 to HEAD and 200 to GET, /stall never. Counts the requests it gets.
fn server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let (seen, moved_to) = (count.clone(), format!("{origin}/ok"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let (mut stream, seen, moved_to) = (stream.unwrap(), seen.clone(), moved_to.clone());
            std::thread::spawn(move || {
                let mut head = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                while reader.read_line(&mut head).is_ok_and(|n| n > 2) {}
                seen.fetch_add(1, Ordering::SeqCst);
                let mut words = head.split_whitespace();
                let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") | ("GET", "/no-head") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    (_, "/moved") => "301 Moved Permanently",
                    (_, "/stall") => return std::thread::sleep(Duration::from_secs(10)),
                    _ => "404 Not Found",
                };
                let body = if method == "GET" { "hello" } else { "" };
                let reply = format!(
                    "HTTP/1.1 {status}\r\nLocation: {moved_to}\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{body}"
                );
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    (origin, count)
}

#[test]
fn external_addresses_are_asked_once_and_then_cached() {
    let (origin, requests) = server();
    let a = Archive::new(CONFIG);
    for path in ["ok", "gone", "moved", "no-head", "stall"] {
        a.article(
            path,
            &format!("title = \"Story {path}\"\ndate = 2024-01-01\nsource = \"KCNA\"\ntopics = [\"nk-russia\"]\nurl = \"{origin}/{path}\""),
            "Text.",
        );
    }
    let started = Instant::now();
    let (ok, out, err) = check(&a, &["--external", "--timeout", "0.5"]);
    assert!(!ok, "{out}\n{err}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the stall was waited for: {:?}",
        started.elapsed()
    );
    let found = findings(&out);
    assert_eq!(
        found,
        [
            "articles/story-gone/index.html: dead external link content/gone.md",
            "articles/story-moved/index.html: redirected content/moved.md",
            "articles/story-stall/index.html: dead external link content/stall.md",
        ],
        "{out}"
    );
    assert!(out.contains(&format!("{origin}/gone answers HTTP 404")), "{out}");
    assert!(out.contains(&format!("now answers at {origin}/ok")), "{out}");
    assert!(out.contains("timed out"), "{out}");
    assert!(out.contains("(5 external addresses asked)"), "{out}");
    // HEAD and GET for /no-head, a retry for the stall: more requests than addresses.
    let asked = requests.load(Ordering::SeqCst);
    assert!(asked > 5, "{asked}");

    // Again: every answer from the cache, no request, the same findings.
    let (ok, again, _) = check(&a, &["--external", "--timeout", "0.5"]);
    assert!(!ok);
    assert_eq!(findings(&again), found);
    assert_eq!(requests.load(Ordering::SeqCst), asked, "the second run asked again");
    // --recheck asks again.
    check(&a, &["--external", "--timeout", "0.5", "--recheck"]);
    assert!(requests.load(Ordering::SeqCst) > asked);
}
