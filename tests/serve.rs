//! `briefing serve` end to end: the real binary on a temp archive, spoken to over a real
//! socket by a tiny HTTP/1.1 client. Every wait is bounded; nothing asserts on timing.

mod common;

use common::serve::{Response, Server, find};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The longest any one expectation may take to come true.
const WAIT: Duration = Duration::from_secs(20);
const TAG: &str = r#"<script src="/__briefing/live.js" defer></script>"#;

const CONFIG: &str = r#"
title = "Korea Briefing"
description = "A curated archive of reporting on North Korea–Russia ties and UN diplomacy on North Korea."
base_url = "https://example.org/"

[[topics]]
slug = "nk-russia"
name = "North Korea–Russia ties"
description = "Military, political and economic ties between North Korea and Russia."

[[topics]]
slug = "un-diplomacy"
name = "UN diplomacy"
description = "North Korea at the United Nations."
"#;

const FIRST_TITLE: &str = "Kim and Putin sign treaty";
const FIRST_PAGE: &str = "/articles/kim-and-putin-sign-treaty/";

// ---------- the archive ----------

fn archive(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("briefing.toml"), config).unwrap();
    article(dir.path(), "kim-putin", FIRST_TITLE, "2024-06-19", "nk-russia");
    dir
}

fn article(root: &Path, name: &str, title: &str, date: &str, topic: &str) {
    let text = format!("+++\ntitle = \"{title}\"\ndate = {date}\ntopics = [\"{topic}\"]\n+++\nBody of {title}.\n");
    write(root, &format!("content/{name}.md"), &text);
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

// ---------- the server ----------

/// Requests through the shared [`Server`].
trait Get {
    fn get(&self, target: &str) -> Response;
}

impl Get for Server {
    fn get(&self, target: &str) -> Response {
        request(&self.addr, "GET", target)
    }
}

// ---------- a tiny HTTP/1.1 client ----------

fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse_response(&raw).unwrap_or_else(|| {
        panic!(
            "malformed response to {method} {target}: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut res = Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    };
    if res
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        res.body = dechunk(&res.body);
    }
    Some(res)
}

/// The data of the complete chunks at the start of a chunked body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = find(raw, b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok());
        let Some(size) = size else { break };
        let start = eol + 2;
        if size == 0 || raw.len() < start + size + 2 {
            break;
        }
        out.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    out
}

/// An open `/__briefing/events` stream, read as events arrive.
struct Events {
    stream: TcpStream,
    raw: Vec<u8>,
    /// How much of the event text earlier waits have consumed.
    seen: usize,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(&server.addr).expect("connect to the server");
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(
            stream,
            "GET /__briefing/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut events = Events {
            stream,
            raw: Vec::new(),
            seen: 0,
        };
        // The greeting comes once the stream is subscribed: no later event can be missed.
        assert!(
            events.wait_for(": briefing\n"),
            "no greeting on the event stream: {:?}",
            String::from_utf8_lossy(&events.raw)
        );
        let head = events.raw.clone();
        let res = parse_response(&head).expect("event stream headers");
        assert_eq!(res.status, 200);
        assert!(
            res.header("content-type")
                .is_some_and(|t| t.starts_with("text/event-stream"))
        );
        events
    }

    fn text(&self) -> String {
        match find(&self.raw, b"\r\n\r\n") {
            Some(end) => String::from_utf8_lossy(&dechunk(&self.raw[end + 4..])).into_owned(),
            None => String::new(),
        }
    }

    /// Waits (bounded) for `needle` after what earlier waits consumed.
    fn wait_for(&mut self, needle: &str) -> bool {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text();
            if let Some(i) = text.get(self.seen..).and_then(|t| t.find(needle)) {
                self.seen += i + needle.len();
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            let mut buf = [0; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.raw.extend_from_slice(&buf[..n]),
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    fn expect_event(&mut self, name: &str, server: &Server) {
        let needle = format!("event: {name}\n");
        assert!(
            self.wait_for(&needle),
            "no `{name}` event; stream so far:\n{}\nserver log:\n{}",
            self.text(),
            server.log()
        );
    }
}

/// Polls until `check` holds, for at most [`WAIT`].
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn disk(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("site").join(rel)).unwrap()
}

/// No file of the built site mentions the dev server.
fn assert_site_pristine(site: &Path) {
    let mut stack: Vec<PathBuf> = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    find(&bytes, b"__briefing").is_none(),
                    "{} mentions the dev server",
                    path.display()
                );
            }
        }
    }
}

// ---------- the tests ----------

#[test]
fn serve_rebuilds_and_reloads() {
    let dir = archive(CONFIG);
    let root = dir.path();
    let server = Server::start(root);
    assert_eq!(server.path, "/");

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.header("content-type").unwrap().starts_with("text/html"));
    assert!(home.text().contains(TAG));
    assert!(home.text().contains(FIRST_TITLE));
    let page = server.get(FIRST_PAGE);
    assert_eq!(page.status, 200);
    let on_disk = disk(root, "articles/kim-and-putin-sign-treaty/index.html");
    assert!(!on_disk.contains("live.js"));
    assert_eq!(
        page.text().replacen(TAG, "", 1),
        on_disk,
        "the response is the file plus the script tag"
    );

    // A new article: its page appears, the home page lists it, the browsers reload.
    let mut events = Events::open(&server);
    let title = "Security Council extends sanctions panel";
    article(root, "panel", title, "2024-03-28", "un-diplomacy");
    events.expect_event("reload", &server);
    eventually("the new article is served", || {
        server.get("/articles/security-council-extends-sanctions-panel/").status == 200
    });
    eventually("the home page lists the new article", || {
        server.get("/").text().contains(title)
    });
    assert_site_pristine(&root.join("site"));
    let good = disk(root, "articles/kim-and-putin-sign-treaty/index.html");

    // A broken template: the errors name it, the browsers hear of it, the last good site stays.
    write(
        root,
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    events.expect_event("error", &server);
    eventually("the errors name the template", || {
        server
            .get("/__briefing/errors")
            .text()
            .contains("templates/article.html")
    });
    let errors = server.get("/__briefing/errors");
    assert!(errors.header("content-type").unwrap().starts_with("application/json"));
    for field in ["\"file\"", "\"line\"", "\"column\"", "\"message\"", "\"help\""] {
        assert!(errors.text().contains(field), "{field} in {}", errors.text());
    }
    let page = server.get(FIRST_PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.text().replacen(TAG, "", 1),
        good,
        "the last good page is still served"
    );

    // The fix: the errors clear and the browsers reload.
    std::fs::remove_file(root.join("templates/article.html")).unwrap();
    events.expect_event("reload", &server);
    eventually("the errors clear", || {
        server.get("/__briefing/errors").text().trim() == "[]"
    });
    assert_eq!(server.get(FIRST_PAGE).status, 200);
    assert_site_pristine(&root.join("site"));
    assert!(
        server.log().contains("rebuilt (1 changed: content/panel.md)"),
        "{}",
        server.log()
    );
}

#[test]
fn serve_refuses_traversal() {
    let dir = archive(CONFIG);
    let root = dir.path();
    write(root, "secret.txt", "TOP SECRET");
    let server = Server::start(root);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("secret.txt"), root.join("site/leak")).unwrap();
        std::os::unix::fs::symlink(root, root.join("site/leakdir")).unwrap();
    }
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/index.html%00",
        "//etc/passwd",
        "/leak",
        "/leakdir/secret.txt",
        "/leakdir/briefing.toml",
    ] {
        let res = server.get(target);
        assert!(res.status == 404 || res.status == 400, "{target}: {}", res.status);
        assert!(!res.text().contains("TOP SECRET"), "{target} leaked");
        assert!(!res.text().contains("root:"), "{target} leaked");
    }
    assert_eq!(server.get("/").status, 200, "the server still answers");
}

#[test]
fn serve_content_types_and_misses() {
    let dir = archive(CONFIG);
    let server = Server::start(dir.path());
    for (target, kind) in [
        ("/static/style.css", "text/css"),
        ("/static/search.js", "text/javascript"),
        ("/atom.xml", "application/atom+xml"),
        // (RFC 7303 makes the two the same type.)
        ("/sitemap.xml", "application/xml|text/xml"),
        ("/search/meta.json", "application/json"),
        ("/robots.txt", "text/plain"),
        ("/__briefing/live.js", "text/javascript"),
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 200, "{target}");
        let got = res.header("content-type").unwrap_or_default();
        assert!(kind.split('|').any(|k| got.starts_with(k)), "{target}: {got}");
        assert!(!res.text().contains(TAG), "{target}: only HTML gets the script");
    }

    let res = server.get("/topics");
    assert!(matches!(res.status, 301 | 302 | 307 | 308), "{}", res.status);
    assert_eq!(res.header("location"), Some("/topics/"));
    assert_eq!(server.get("/topics/").status, 200);

    let miss = server.get("/nope/");
    assert_eq!(miss.status, 404);
    assert!(miss.text().contains("Page not found"), "the site's own 404 page");
    assert!(miss.text().contains(TAG));

    assert_eq!(request(&server.addr, "POST", "/").status, 405);
    assert_eq!(request(&server.addr, "DELETE", "/index.html").status, 405);
    let head = request(&server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let long = format!("/{}", "a".repeat(10 * 1024));
    let res = server.get(&long);
    assert!(matches!(res.status, 414 | 400), "{}", res.status);
    assert_eq!(server.get("/").status, 200, "the server still answers");
}

#[test]
fn serve_maps_the_base_path() {
    let dir = archive(&CONFIG.replace("https://example.org/", "https://example.org/briefing/"));
    let server = Server::start(dir.path());
    assert_eq!(server.path, "/briefing/");

    let res = server.get("/");
    assert_eq!((res.status, res.header("location")), (302, Some("/briefing/")));
    let home = server.get("/briefing/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/briefing/articles/kim-and-putin-sign-treaty/"));
    assert_eq!(server.get("/briefing/articles/kim-and-putin-sign-treaty/").status, 200);
    assert_eq!(server.get("/briefing/static/style.css").status, 200);
    let res = server.get("/briefing/topics");
    assert_eq!(res.header("location"), Some("/briefing/topics/"));
    assert_eq!(server.get(FIRST_PAGE).status, 404, "outside the base path");
}

#[test]
fn serve_starts_despite_a_broken_build() {
    let dir = archive(CONFIG);
    let root = dir.path();
    write(root, "templates/article.html", "{% if %}");
    let server = Server::start(root);
    let errors = server.get("/__briefing/errors").text();
    assert!(errors.contains("templates/article.html"), "{errors}");
    let res = server.get("/");
    assert_eq!(res.status, 404, "no site was built yet");
    assert!(
        res.text().contains(TAG),
        "the miss page still carries the overlay script"
    );

    std::fs::remove_dir_all(root.join("templates")).unwrap();
    eventually("the site appears", || server.get("/").status == 200);
    assert_eq!(server.get("/__briefing/errors").text().trim(), "[]");
}

/// On Linux with glibc, where the kernel gives huge pages to programs that ask for them, the
/// running program is the one started again with `glibc.malloc.hugetlb=1` (read in
/// /proc/PID/environ); not when told not to. (Which settings are passed on in other cases is a
/// unit test in src/main.rs: glibc may rewrite a longer value as it reads it.)
#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn serve_runs_with_huge_pages_unless_told_not_to() {
    let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
    let dir = archive(CONFIG);
    let tunables = |env: &[(&str, &str)]| {
        let server = Server::start_with(dir.path(), env);
        // Started again or not, it is still "briefing" to `ps` and `pkill`.
        let comm = std::fs::read_to_string(format!("/proc/{}/comm", server.pid())).unwrap();
        assert_eq!(comm.trim_end(), "briefing");
        let environ = std::fs::read(format!("/proc/{}/environ", server.pid())).unwrap();
        environ
            .split(|&b| b == 0)
            .find_map(|v| v.strip_prefix(b"GLIBC_TUNABLES="))
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    let expected = thp.contains("[madvise]").then(|| "glibc.malloc.hugetlb=1".to_string());
    assert_eq!(tunables(&[]), expected, "transparent_hugepage: {thp}");
    assert_eq!(tunables(&[("BRIEFING_NO_HUGEPAGES", "1")]), None);
}
