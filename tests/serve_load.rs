//! `briefing serve` under load and under attack: the real binary on a temp archive, spoken to
//! over raw sockets. Every wait, read and loop is bounded; nothing asserts on timing.
//!
//! - `burst_of_requests_while_files_change`: concurrent clients while an editor thread edits,
//!   adds and deletes articles and rewrites a template, so rebuilds swap files in mid-burst.
//!   Every response must be complete and of one version, and the settled site must equal a
//!   clean build of the same archive.
//! - `malformed_requests_get_4xx_and_the_server_stays_up`: broken, oversized, hostile and slow
//!   requests get a 4xx (or, for the truly broken ones, a closed connection), never a 2xx,
//!   a 5xx or a file from outside the site; the server answers normally afterwards.

mod common;

use common::serve::{Response, Server, find};
use common::{Archive, CONFIG};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TAG: &str = r#"<script src="/__briefing/live.js" defer></script>"#;
const SITE_TITLE: &str = "Test Briefing";

// ---------- the server ----------

/// What these tests ask of the shared [`Server`] beyond starting it.
trait Load {
    /// How many builds (good or failed) the server has logged since it started.
    fn builds(&self) -> usize;
    /// A GET with `Connection: close`; panics on a transport error or a malformed response.
    fn get(&self, target: &str) -> Response;
}

impl Load for Server {
    fn builds(&self) -> usize {
        let log = self.log();
        count_lines(&log, GOOD_BUILD) + count_lines(&log, FAILED_BUILD)
    }

    fn get(&self, target: &str) -> Response {
        fetch(&self.addr, target, Duration::from_secs(20))
            .unwrap_or_else(|e| panic!("GET {target}: {e}\nserver log:\n{}", self.log()))
    }
}

/// How the server logs a good rebuild and a failed one.
const GOOD_BUILD: &str = " rebuilt (";
const FAILED_BUILD: &str = " build failed (";

fn count_lines(log: &str, marker: &str) -> usize {
    log.lines().filter(|l| l.contains(marker)).count()
}

// ---------- a strict little HTTP/1.1 client ----------

/// One request on a fresh connection (keep-alive off), read to the end. Errors are
/// descriptions: a refused or reset connection, a timeout, or an incomplete response.
fn fetch(addr: &str, target: &str, timeout: Duration) -> Result<Response, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read: {e} after {} bytes", raw.len()))?;
    let res = parse_response(&raw).ok_or_else(|| {
        format!(
            "not an HTTP response: {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(300)])
        )
    })?;
    // Complete: the body is exactly as long as announced (the server never chunks files).
    let length = res
        .header("content-length")
        .ok_or_else(|| format!("{}: no Content-Length", res.status))?;
    if length.parse::<usize>().ok() != Some(res.body.len()) {
        return Err(format!(
            "{}: Content-Length {length} but {} body bytes",
            res.status,
            res.body.len()
        ));
    }
    Ok(res)
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = status_of(lines.next()?)?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}

/// `HTTP/1.1 404 Not Found` → 404.
fn status_of(line: &str) -> Option<u16> {
    let mut parts = line.split(' ');
    parts.next()?.strip_prefix("HTTP/1.")?;
    parts.next()?.parse().ok()
}

/// The text between the first `open` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// Every file of a tree with its bytes. Unlike `common::tree` it tolerates files that vanish
/// while it reads (a rebuild may be moving them): the next read will differ anyway.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

// ---------- the archive for the burst ----------

/// Articles that stay for the whole test: edited (title, body) but never removed, so their
/// pages must always answer 200. Their slug is fixed, so edits keep the address.
const STABLE: usize = 150;
/// Articles present at the start that the editor removes (and adds more of) as it goes.
const CHURN: usize = 50;
const CLIENTS: usize = 8;
/// Each client makes this many requests, and goes on (up to [`BURST_LIMIT`]) until the
/// server has swapped in [`MIN_REBUILDS`] good rebuilds since the burst began.
const REQUESTS_PER_CLIENT: usize = 300;
const MIN_REBUILDS: usize = 2;
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The burst stops here even if the clients are not done, so the test stays near a minute.
const BURST_LIMIT: Duration = Duration::from_secs(40);
const EDIT_EVERY: Duration = Duration::from_millis(50);
/// A pause between a client's requests, so the burst spans many rebuilds rather than
/// finishing before the first one lands.
const CLIENT_PAUSE: Duration = Duration::from_millis(20);
/// How long the site must stay still (no file change, no build logged) to count as settled.
const SETTLED: Duration = Duration::from_secs(1);

fn topic(n: usize) -> &'static str {
    if n.is_multiple_of(2) {
        "nk-russia"
    } else {
        "un-diplomacy"
    }
}

fn stable_front(n: usize, rev: usize) -> String {
    format!(
        "title = \"Article {n} rev {rev}\"\ndate = 2024-{:02}-{:02}\ntopics = [\"{}\"]\nslug = \"a{n:03}\"\npeople = [\"Kim Jong-un\"]\nsummary = \"Summary of article {n}, rev {rev}.\"",
        n % 12 + 1,
        n % 28 + 1,
        topic(n)
    )
}

fn stable_body(n: usize, rev: usize) -> String {
    format!("Body of article {n} rev {rev}. Kim Jong-un met Vladimir Putin.\n\nSecond paragraph.")
}

fn churn_front(n: usize) -> String {
    format!(
        "title = \"Churn {n}\"\ndate = 2023-{:02}-{:02}\ntopics = [\"{}\"]\nslug = \"c{n:03}\"",
        n % 12 + 1,
        n % 28 + 1,
        topic(n)
    )
}

/// The built-in article template with a visible revision mark, so each rewrite changes every
/// article page.
fn article_template(rev: usize) -> String {
    let builtin = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/article.html"));
    let h1 = "{{ article.title }}</h1>";
    assert!(builtin.contains(h1), "the built-in article template changed");
    builtin.replacen(h1, &format!("{h1}<!-- template rev {rev} -->"), 1)
}

/// Writes like an editor: in place (truncate and write) or, every other time, to a hidden
/// temp file renamed over the original, as many editors save.
fn save(root: &Path, rel: &str, text: &str, in_place: bool) {
    let path = root.join(rel);
    if in_place {
        std::fs::write(&path, text).unwrap();
    } else {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = path.with_file_name(format!(".{name}.tmp"));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
}

/// Edits, adds and deletes articles and rewrites the template, one change every
/// [`EDIT_EVERY`] until `stop`; returns how many changes it made. Per second: an article added
/// and one removed, two template rewrites (each changes every article page), sixteen edits.
fn edit_until(root: &Path, stop: &AtomicBool, next_churn: &AtomicUsize) -> usize {
    let mut revs = vec![0usize; STABLE];
    let mut churn: BTreeSet<usize> = (0..CHURN).collect();
    let mut template_rev = 0;
    let mut changes = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let in_place = (changes / 3).is_multiple_of(2);
        match changes % 20 {
            5 => {
                let n = next_churn.fetch_add(1, Ordering::Relaxed);
                let text = format!("+++\n{}\n+++\nChurn body {n}.\n", churn_front(n));
                save(root, &format!("content/churn/c{n:03}.md"), &text, in_place);
                churn.insert(n);
            }
            15 => {
                if let Some(old) = churn.pop_first() {
                    std::fs::remove_file(root.join(format!("content/churn/c{old:03}.md"))).unwrap();
                }
            }
            0 | 10 => {
                template_rev += 1;
                save(
                    root,
                    "templates/article.html",
                    &article_template(template_rev),
                    in_place,
                );
            }
            _ => {
                let n = (changes * 37) % STABLE;
                revs[n] += 1;
                let text = format!("+++\n{}\n+++\n{}\n", stable_front(n, revs[n]), stable_body(n, revs[n]));
                save(root, &format!("content/a{n:03}.md"), &text, in_place);
            }
        }
        changes += 1;
        std::thread::sleep(EDIT_EVERY);
    }
    changes
}

/// What a request expects back.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// 200, an HTML page.
    Page,
    /// 200, a stable article's page: one version throughout.
    Article(usize),
    /// 200 or 404: a churn article, which may have just been added or removed.
    PageOrMiss,
    /// 404 with the site's own miss page.
    Miss,
    /// 200 with this content type and a non-HTML body.
    Asset(&'static str),
    /// 200, JSON that parses.
    Json,
    /// 302 to this location.
    Redirect(&'static str),
}

/// The request a client makes at step `k` (deterministic, spread over the kinds).
fn pick(client: usize, k: usize, churn_max: usize) -> (String, Expect) {
    let x = (client * 7919 + k * 104_729) ^ (k >> 3);
    let base = "/briefing";
    match x % 11 {
        0 => (format!("{base}/"), Expect::Page),
        1..=3 => {
            let n = x / 11 % STABLE;
            (format!("{base}/articles/a{n:03}/"), Expect::Article(n))
        }
        4 => {
            let n = x / 11 % churn_max.max(1);
            (format!("{base}/articles/c{n:03}/"), Expect::PageOrMiss)
        }
        5 => (format!("{base}/topics/{}/", topic(x / 11)), Expect::Page),
        6 => (format!("{base}/static/style.css"), Expect::Asset("text/css")),
        7 => (format!("{base}/search/meta.json"), Expect::Json),
        8 => (format!("{base}/no-such-page-{k}/"), Expect::Miss),
        9 => (format!("{base}/topics"), Expect::Redirect("/briefing/topics/")),
        _ => ("/".to_string(), Expect::Redirect("/briefing/")),
    }
}

/// Checks one response against what was asked; `Err` describes the first problem.
fn check(res: &Response, expect: Expect) -> Result<(), String> {
    let status_ok = match expect {
        Expect::PageOrMiss => matches!(res.status, 200 | 404),
        Expect::Miss => res.status == 404,
        Expect::Redirect(_) => res.status == 302,
        _ => res.status == 200,
    };
    if !status_ok {
        return Err(format!("status {}", res.status));
    }
    let kind = res.header("content-type").unwrap_or_default();
    match expect {
        Expect::Redirect(to) => {
            return match res.header("location") {
                Some(l) if l == to => Ok(()),
                other => Err(format!("redirect to {other:?}, not {to}")),
            };
        }
        Expect::Asset(want) => {
            return if kind.starts_with(want) && !res.body.is_empty() && find(&res.body, b"</html>").is_none() {
                Ok(())
            } else {
                Err(format!("asset: {kind}, {} bytes", res.body.len()))
            };
        }
        Expect::Json => {
            return serde_json::from_slice::<serde_json::Value>(&res.body)
                .map(|_| ())
                .map_err(|e| format!("JSON does not parse: {e}"));
        }
        _ => {}
    }
    if !kind.starts_with("text/html") {
        return Err(format!("content type {kind}"));
    }
    let html = std::str::from_utf8(&res.body).map_err(|e| format!("not UTF-8: {e}"))?;
    if !html.trim_end().ends_with("</html>") {
        return Err(format!(
            "does not end with </html>: …{:?}",
            &html[html.len().saturating_sub(80)..]
        ));
    }
    if html.matches(TAG).count() != 1 || !html.contains(&format!("{TAG}</body>")) {
        return Err("the live-reload script is not once before </body>".into());
    }
    if matches!(expect, Expect::Miss) && !html.contains("Page not found") {
        return Err("not the site's 404 page".into());
    }
    if let Expect::Article(n) = expect {
        // One version: the heading, the <title> and the body name the same revision.
        let h1 = between(html, "<h1>", "</h1>").ok_or("no <h1>")?;
        let title = between(html, "<title>", "</title>").ok_or("no <title>")?;
        if title != format!("{h1} · {SITE_TITLE}") {
            return Err(format!("<title>{title}</title> but <h1>{h1}</h1>"));
        }
        let rev = h1
            .strip_prefix(&format!("Article {n} rev "))
            .ok_or_else(|| format!("<h1>{h1}</h1> on the page of article {n}"))?;
        if !html.contains(&format!("Body of article {n} rev {rev}.")) {
            let body = between(html, &format!("Body of article {n} rev "), ".")
                .map_or("no".to_string(), |r| format!("rev {r}'s"));
            return Err(format!("<h1>{h1}</h1> with {body} body"));
        }
    }
    Ok(())
}

#[test]
fn burst_of_requests_while_files_change() {
    let test_start = Instant::now();
    let a = Archive::new(CONFIG);
    for n in 0..STABLE {
        a.article(&format!("a{n:03}"), &stable_front(n, 0), &stable_body(n, 0));
    }
    for n in 0..CHURN {
        a.article(&format!("churn/c{n:03}"), &churn_front(n), &format!("Churn body {n}."));
    }
    a.write("templates/article.html", &article_template(0));
    let root = a.root().to_path_buf();
    let server = Server::start(&root);
    assert_eq!(server.get("/briefing/").status, 200, "{}", server.log());
    let builds_before = server.builds();
    let rebuilds_before = count_lines(&server.log(), GOOD_BUILD);

    let stop = Arc::new(AtomicBool::new(false));
    let next_churn = Arc::new(AtomicUsize::new(CHURN));
    let editor = {
        let (root, stop, next_churn) = (root.clone(), Arc::clone(&stop), Arc::clone(&next_churn));
        std::thread::spawn(move || edit_until(&root, &stop, &next_churn))
    };

    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let done = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + BURST_LIMIT;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (addr, failures, done, next_churn, log) = (
                server.addr.clone(),
                Arc::clone(&failures),
                Arc::clone(&done),
                Arc::clone(&next_churn),
                server.log_handle(),
            );
            let rebuilt = move || count_lines(&log.lock().unwrap(), GOOD_BUILD) - rebuilds_before;
            std::thread::spawn(move || {
                let mut k = 0;
                while Instant::now() < deadline && (k < REQUESTS_PER_CLIENT || rebuilt() < MIN_REBUILDS) {
                    let (target, expect) = pick(client, k, next_churn.load(Ordering::Relaxed) + 2);
                    let outcome = fetch(&addr, &target, READ_TIMEOUT).and_then(|res| check(&res, expect));
                    if let Err(e) = outcome {
                        failures.lock().unwrap().push(format!("GET {target} ({expect:?}): {e}"));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    k += 1;
                    std::thread::sleep(CLIENT_PAUSE);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().expect("a client thread panicked");
    }
    stop.store(true, Ordering::Relaxed);
    let changes = editor.join().expect("the editor thread panicked");
    let burst = test_start.elapsed();
    let requests = done.load(Ordering::Relaxed);
    let log = server.log();
    let builds_during = server.builds() - builds_before;
    let rebuilt_during = count_lines(&log, GOOD_BUILD) - rebuilds_before;
    eprintln!(
        "burst: {requests} requests, {changes} changes, {builds_during} builds ({rebuilt_during} good), {:.1} s since start",
        burst.as_secs_f64()
    );

    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} of {requests} requests failed; the first ones:\n{}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(requests > 0 && changes > 0);
    assert!(
        rebuilt_during >= MIN_REBUILDS,
        "only {rebuilt_during} good rebuilds during the burst:\n{log}"
    );

    // A last, recognisable change: once its page is served, the build that made it had read
    // every earlier change; then wait for the site and the log to stay still.
    a.article(
        "zz-sentinel",
        "title = \"Sentinel\"\ndate = 2024-12-31\nslug = \"zz-sentinel\"",
        "The end.",
    );
    let settle_limit = Instant::now() + Duration::from_secs(30);
    while server.get("/briefing/articles/zz-sentinel/").status != 200 {
        assert!(
            Instant::now() < settle_limit,
            "the last change was never built:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let site = a.site();
    let (mut last, mut builds) = (snapshot(&site), server.builds());
    let mut still_since = Instant::now();
    while still_since.elapsed() < SETTLED {
        assert!(
            Instant::now() < settle_limit,
            "the site never settled:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(200));
        let (now, b) = (snapshot(&site), server.builds());
        if now != last || b != builds {
            (last, builds) = (now, b);
            still_since = Instant::now();
        }
    }
    assert_eq!(
        server.get("/__briefing/errors").text().trim(),
        "[]",
        "the last build failed"
    );
    let res = server.get("/");
    assert_eq!((res.status, res.header("location")), (302, Some("/briefing/")));
    assert_eq!(server.get("/briefing/").status, 200);

    // The preview equals a clean build of the same archive, byte for byte.
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("site");
    let built = a.run(&["build", "--clean", "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert_same_site(&site, &out);
    eprintln!("whole test: {:.1} s", test_start.elapsed().as_secs_f64());
}

/// Asserts two sites are byte-for-byte equal, showing where the first differing file differs.
fn assert_same_site(served: &Path, clean: &Path) {
    let (a, b) = (snapshot(served), snapshot(clean));
    let only = |x: &BTreeMap<String, Vec<u8>>, y: &BTreeMap<String, Vec<u8>>| {
        x.keys().filter(|k| !y.contains_key(*k)).cloned().collect::<Vec<_>>()
    };
    assert!(
        a.len() == b.len() && only(&a, &b).is_empty(),
        "file lists differ: only in the served site: {:?}; only in the clean build: {:?}",
        only(&a, &b),
        only(&b, &a)
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    if let Some(first) = differ.first() {
        let (x, y) = (&a[*first], &b[*first]);
        let at = x
            .iter()
            .zip(y.iter())
            .position(|(p, q)| p != q)
            .unwrap_or(x.len().min(y.len()));
        let around =
            |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(200)..(at + 200).min(v.len())]).into_owned();
        panic!(
            "{} files differ from a clean build ({:?}…); {first} first differs at byte {at} of {}/{}:\n--- served\n{}\n--- clean\n{}",
            differ.len(),
            differ.iter().take(10).collect::<Vec<_>>(),
            x.len(),
            y.len(),
            around(x),
            around(y)
        );
    }
}

// ---------- malformed requests ----------

/// What came back on a raw connection: the bytes, and whether the server reset it.
struct Raw {
    bytes: Vec<u8>,
    reset: bool,
}

impl Raw {
    fn status(&self) -> Option<u16> {
        let line_end = find(&self.bytes, b"\r\n")?;
        status_of(std::str::from_utf8(&self.bytes[..line_end]).ok()?)
    }

    fn describe(&self) -> String {
        match self.status() {
            Some(s) => format!("status {s}"),
            None if self.bytes.is_empty() && self.reset => "connection reset".into(),
            None if self.bytes.is_empty() => "connection closed".into(),
            None => format!(
                "{:?}",
                String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(120)])
            ),
        }
    }
}

/// Reads until the server closes, or until `quiet` passes with nothing new.
fn read_for(stream: &mut TcpStream, into: &mut Raw, quiet: Duration) -> bool {
    stream.set_read_timeout(Some(quiet)).unwrap();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => into.bytes.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => {
                into.reset = true;
                return true;
            }
        }
    }
}

/// Sends `bytes` (a write the server cuts short is not an error: it may answer early and
/// close), reads the answer; if the server is still waiting for more, closes the sending
/// side and reads what follows. Bounded by a few seconds.
fn raw_exchange(addr: &str, bytes: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut raw = Raw {
        bytes: Vec::new(),
        reset: false,
    };
    if stream.write_all(bytes).is_err() {
        raw.reset = true;
    }
    if !read_for(&mut stream, &mut raw, Duration::from_secs(3)) {
        let _ = stream.shutdown(Shutdown::Write);
        read_for(&mut stream, &mut raw, Duration::from_secs(3));
    }
    raw
}

const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

#[test]
fn malformed_requests_get_4xx_and_the_server_stays_up() {
    let a = Archive::new(&CONFIG.replace("https://example.org/briefing/", "https://example.org/"));
    a.article(
        "ok",
        "title = \"A good article\"\ndate = 2024-01-02\ntopics = [\"nk-russia\"]",
        "Fine.",
    );
    // Files beside the site that traversal would reach.
    a.write("Cargo.toml", &format!("[package]\nname = \"{SECRET}\"\n"));
    a.write("secret.txt", SECRET);
    let server = Server::start(a.root());
    let addr = server.addr.clone();
    assert_eq!(server.get("/").status, 200, "{}", server.log());

    let host = format!("Host: {addr}\r\n");
    let req = |line: &str| format!("{line}\r\n{host}Connection: close\r\n\r\n").into_bytes();
    let long_line = req(&format!("GET /{} HTTP/1.1", "a".repeat(100 * 1024)));
    let long_header = format!(
        "GET / HTTP/1.1\r\n{host}X-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(100 * 1024)
    )
    .into_bytes();
    let many_headers = {
        let mut r = format!("GET / HTTP/1.1\r\n{host}");
        for i in 0..10_000 {
            r.push_str(&format!("X-H{i}: v\r\n"));
        }
        r.push_str("Connection: close\r\n\r\n");
        r.into_bytes()
    };
    let mut garbage = b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03".to_vec();
    garbage.extend((0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));

    // (what, bytes, must it be answered with a 4xx, or may the server just close?)
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("garbage bytes", garbage, false),
        ("GET with no path", b"GET\r\n\r\n".to_vec(), true),
        ("GET with an empty path", req("GET  HTTP/1.1"), true),
        ("100 KB request line", long_line, true),
        ("100 KB header", long_header, true),
        ("10,000 headers", many_headers, true),
        ("invalid method token", req("G(E)T / HTTP/1.1"), true),
        ("unknown method", req("BREW / HTTP/1.1"), true),
        ("invalid UTF-8 in the path", req("GET /%ff%fe HTTP/1.1"), true),
        (
            "encoded backslash traversal",
            req("GET /..%5c..%5cCargo.toml HTTP/1.1"),
            true,
        ),
        (
            "encoded slash traversal",
            req("GET /..%2f..%2fsecret.txt HTTP/1.1"),
            true,
        ),
        ("plain traversal", req("GET /../secret.txt HTTP/1.1"), true),
        (
            "absolute-form to another host",
            req("GET http://evil.example/ HTTP/1.1"),
            true,
        ),
        (
            "absolute-form to another host, traversal",
            req("GET http://evil.example/../Cargo.toml HTTP/1.1"),
            true,
        ),
        (
            "Host of another name (DNS rebinding)",
            b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".to_vec(),
            true,
        ),
        ("NUL in the path", req("GET /index.html\0.txt HTTP/1.1"), true),
        ("encoded NUL in the path", req("GET /index.html%00.txt HTTP/1.1"), true),
        ("HTTP/0.9", b"GET /\r\n".to_vec(), false),
        ("unsupported version", req("GET / HTTP/3.7"), false),
        (
            "half-sent request",
            format!("GET / HTTP/1.1\r\n{host}X-Part").into_bytes(),
            false,
        ),
        (
            "bad Content-Length",
            format!("GET / HTTP/1.1\r\n{host}Content-Length: -5\r\n\r\n").into_bytes(),
            true,
        ),
    ];

    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for (what, bytes, must_answer) in &cases {
        let raw = raw_exchange(&addr, bytes);
        seen.push(format!("{what}: {}", raw.describe()));
        if find(&raw.bytes, SECRET.as_bytes()).is_some() {
            problems.push(format!("{what}: a file from outside the site was served"));
        }
        match raw.status() {
            Some(s) if (400..500).contains(&s) => {}
            None if !must_answer && raw.bytes.is_empty() => {}
            _ => problems.push(format!("{what}: {}", raw.describe())),
        }
        // The server answers normally after each one.
        if let Err(e) = fetch(&addr, "/", Duration::from_secs(10))
            .and_then(|r| (r.status == 200).then_some(()).ok_or(format!("status {}", r.status)))
        {
            problems.push(format!("after {what}: GET / failed: {e}"));
        }
    }

    // A half-sent request and then the whole connection closed: nothing to read, but the
    // server must not mind.
    {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.write_all(format!("GET / HTTP/1.1\r\n{host}X-Pa").as_bytes()).unwrap();
        drop(s);
    }

    // Slowloris: one header byte per 100 ms for 2 s. Others are served meanwhile, and the
    // slow request never gets a success for its unfinished head.
    {
        let mut slow = TcpStream::connect(&addr).unwrap();
        slow.write_all(format!("GET / HTTP/1.1\r\n{host}X-Slow: ").as_bytes())
            .unwrap();
        let started = Instant::now();
        let mut served_meanwhile = 0;
        while started.elapsed() < Duration::from_secs(2) {
            if slow.write_all(b"z").is_err() {
                break;
            }
            if fetch(&addr, "/", Duration::from_secs(5)).is_ok_and(|r| r.status == 200) {
                served_meanwhile += 1;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if served_meanwhile == 0 {
            problems.push("nothing was served while a slow client trickled its headers".into());
        }
        let mut raw = Raw {
            bytes: Vec::new(),
            reset: false,
        };
        read_for(&mut slow, &mut raw, Duration::from_millis(200));
        let _ = slow.shutdown(Shutdown::Write);
        read_for(&mut slow, &mut raw, Duration::from_secs(3));
        seen.push(format!("slowloris: {}", raw.describe()));
        if raw.status().is_some_and(|s| !(400..500).contains(&s)) || (raw.status().is_none() && !raw.bytes.is_empty()) {
            problems.push(format!("slowloris: {}", raw.describe()));
        }
    }

    eprintln!("answers:\n  {}", seen.join("\n  "));
    assert!(
        problems.is_empty(),
        "{}\nall answers:\n  {}",
        problems.join("\n"),
        seen.join("\n  ")
    );
    let home = server.get("/");
    assert_eq!(home.status, 200, "the server still answers");
    assert!(home.text().contains("A good article"));
}
