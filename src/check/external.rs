//! `check --external`: asks each outbound address whether it still answers. A few threads at
//! once (a host is not flooded, and a slow one does not hold up the rest), HEAD first and GET
//! when HEAD is refused or fails (many servers answer HEAD with 405 or 403), one retry after a
//! network error or a 5xx, redirects followed and reported. Results are kept in a cache file
//! for a while, so a second run asks only what it has not asked lately.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use ureq::ResponseExt;

/// How the outbound addresses are asked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// For each request, connection and answer together.
    pub timeout: Duration,
    pub concurrency: usize,
    /// The results file, and how long a result in it holds.
    pub cache: Option<PathBuf>,
    pub ttl: Duration,
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// A 2xx, at the address itself.
    Ok,
    /// A 2xx after redirects, at this address.
    Moved(String),
    /// An HTTP error status (after any redirects).
    Status(u16),
    /// No answer: a timeout, a refused connection, a name that does not resolve, a TLS error.
    Failed(String),
}

#[derive(Serialize, Deserialize)]
struct Cached {
    answer: Answer,
    /// Seconds since the Unix epoch.
    at: u64,
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Asks each address (or finds it in the cache); the answers in the order given.
pub fn check(urls: &[String], settings: &Settings) -> Vec<Answer> {
    let mut cache = settings.cache.as_deref().map(read_cache).unwrap_or_default();
    let (now, ttl) = (now(), settings.ttl.as_secs());
    let todo: Vec<usize> = (0..urls.len())
        .filter(|&i| cache.get(&urls[i]).is_none_or(|c| now.saturating_sub(c.at) >= ttl))
        .collect();
    let asked = ask_all(urls, &todo, settings);
    let at = self::now();
    for (i, answer) in asked {
        cache.insert(urls[i].clone(), Cached { answer, at });
    }
    if let Some(file) = &settings.cache {
        // (A cache that cannot be written only makes the next run slower.)
        let _ = write_cache(file, &cache);
    }
    urls.iter().map(|u| cache[u].answer.clone()).collect()
}

/// Asks `urls[i]` for each `i` of `todo`, `concurrency` at a time.
fn ask_all(urls: &[String], todo: &[usize], settings: &Settings) -> Vec<(usize, Answer)> {
    let agent = agent(settings.timeout);
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(todo.len()));
    std::thread::scope(|s| {
        for _ in 0..settings.concurrency.clamp(1, todo.len().max(1)) {
            s.spawn(|| {
                while let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let answer = ask(&agent, &urls[i]);
                    done.lock().expect("not poisoned").push((i, answer));
                }
            });
        }
    });
    done.into_inner().expect("not poisoned")
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("briefing-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// One address: HEAD, then GET when HEAD did not give a 2xx; each tried again once after a
/// network error or a server error.
fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let head = twice(|| agent.head(url).call(), url);
    match head {
        Answer::Ok | Answer::Moved(_) => head,
        _ => twice(|| agent.get(url).call(), url),
    }
}

type Called = Result<ureq::http::Response<ureq::Body>, ureq::Error>;

fn twice(call: impl Fn() -> Called, url: &str) -> Answer {
    let first = answer(call(), url);
    match &first {
        Answer::Failed(_) | Answer::Status(500..) => answer(call(), url),
        _ => first,
    }
}

fn answer(called: Called, url: &str) -> Answer {
    match called {
        Ok(r) if r.status().is_success() => {
            let at = r.get_uri().to_string();
            match same_address(&at, url) {
                true => Answer::Ok,
                false => Answer::Moved(at),
            }
        }
        Ok(r) => Answer::Status(r.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Answer::Failed("timed out".into()),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

/// Whether two spellings name one address (`http://h` and `http://h/`).
fn same_address(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn read_cache(file: &Path) -> BTreeMap<String, Cached> {
    std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_cache(file: &Path, cache: &BTreeMap<String, Cached>) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::output::write_atomic(file, &serde_json::to_vec(cache).map_err(std::io::Error::other)?)
}
