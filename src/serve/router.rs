//! HTTP: the live-reload endpoints and the site's files.
//!
//! Files are looked up by hand rather than with a generic static-file service because the
//! preview needs things such a service does not do: the site's own `404.html` for misses,
//! the script tag in HTML responses, the base URL's path mapped to the output root, and a
//! check, after resolving symlinks, that the file is inside the output folder.

use super::{State, live};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Longer request targets are refused (414) before any lookup.
const MAX_URI_BYTES: usize = 8 * 1024;

/// Larger request heads (all header names and values) are refused (431). hyper caps the
/// number of headers (100) but, by default, lets a single header grow to ~400 KB; a browser
/// sends a few KB, so this leaves ample room for a localhost cookie jar and no more.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The miss page when the site has no `404.html` (no build has succeeded yet); it still gets
/// the script, so the error overlay shows.
const FALLBACK_404: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>There is no page at this address.</p></body></html>\n";

pub(super) fn router(state: Arc<State>) -> Router {
    Router::new()
        .route(live::EVENTS_PATH, get(live::events))
        .route(live::SCRIPT_PATH, get(live::script))
        .route(live::ERRORS_PATH, get(live::errors))
        .fallback(site)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

/// Refuses what no route should see: long targets, oversized heads, requests addressed to
/// another host, and methods other than GET and HEAD.
async fn guard(Shared(state): Shared<Arc<State>>, req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_URI_BYTES {
        return plain(StatusCode::URI_TOO_LONG, "URI too long\n");
    }
    let head: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if head > MAX_HEADER_BYTES {
        return plain(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large\n",
        );
    }
    if state.loopback_only && !addressed_to_loopback(&req) {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only to localhost and loopback addresses\n",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    next.run(req).await
}

/// Whether the request names a loopback host: the authority of an absolute-form target
/// (`GET http://host/ HTTP/1.1`, which overrides `Host`), else the `Host` header. A request
/// naming neither (HTTP/1.0) is allowed: nothing in it points elsewhere.
///
/// Why: without this check a server on 127.0.0.1 answers any name. A web page the user opens
/// could point a domain of its own at 127.0.0.1 (DNS rebinding) and read the preview,
/// unpublished drafts included, as same-origin; and an absolute-form request for another
/// host was answered with this site's files, as if the preview were a proxy. Only applied
/// when the server listens on loopback: with `--bind` to a network address it cannot know
/// the names it is reached by.
fn addressed_to_loopback(req: &Request) -> bool {
    let authority = match req.uri().authority() {
        Some(a) => a.as_str(),
        None => match req.headers().get(header::HOST) {
            Some(h) => match h.to_str() {
                Ok(h) => h,
                Err(_) => return false,
            },
            None => return true,
        },
    };
    is_loopback_host(authority)
}

/// `localhost`, `*.localhost` (RFC 6761: always loopback), `127.x.x.x` or `[::1]`, with or
/// without a port.
fn is_loopback_host(authority: &str) -> bool {
    // Userinfo (`user@host`) is never sent by browsers; whatever precedes `@` is not the host.
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((ip, _)) => {
                return ip.parse::<std::net::Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
            }
            None => return false,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            Some(_) => return false,
            None => host_port,
        }
    };
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Where a request leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

async fn site(Shared(state): Shared<Arc<State>>, req: Request) -> Response {
    let uri = req.uri();
    let target = tokio::task::block_in_place(|| locate(&state.output, &state.base_path(), uri.path(), uri.query()));
    match target {
        Target::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => file_response(StatusCode::OK, &path, bytes),
            Err(_) => not_found(&state).await,
        },
        Target::Redirect(location) => redirect(&location),
        Target::NotFound => not_found(&state).await,
    }
}

/// Maps a request path to a file of the output folder, a redirect, or a miss.
fn locate(output: &Path, base: &str, raw_path: &str, query: Option<&str>) -> Target {
    let with_query = |p: String| match query {
        Some(q) => format!("{p}?{q}"),
        None => p,
    };
    // The base URL's path: `/briefing` and `/` lead to `/briefing/`; other paths are misses.
    let Some(rel) = raw_path.strip_prefix(base) else {
        return if raw_path == "/" || raw_path == base.trim_end_matches('/') {
            Target::Redirect(base.to_string())
        } else {
            Target::NotFound
        };
    };
    let Some(segments) = segments(rel) else {
        return Target::NotFound;
    };
    let wants_dir = rel.is_empty() || rel.ends_with('/');
    let mut path = output.to_path_buf();
    path.extend(&segments);
    if wants_dir {
        path.push("index.html");
    }
    let Some(file) = inside(output, &path) else {
        return Target::NotFound;
    };
    match std::fs::metadata(&file) {
        Ok(m) if m.is_file() => Target::File(file),
        // `x` names a folder: its page is `x/`. The location is rebuilt from the checked
        // segments' raw text with one leading slash, so `//host` cannot become an open redirect.
        Ok(m) if m.is_dir() && !wants_dir => Target::Redirect(with_query(format!("{base}{}/", rel.trim_matches('/')))),
        _ => Target::NotFound,
    }
}

/// The decoded path segments, or `None` if any could step outside the folder or is not a
/// plain file name (`..`, `.`, backslashes, NUL, a drive prefix, invalid UTF-8).
fn segments(rel: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in rel.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?
            .into_owned();
        if seg.contains(['\\', '\0', '/']) {
            return None;
        }
        let mut parts = Path::new(&seg).components();
        if !matches!((parts.next(), parts.next()), (Some(Component::Normal(_)), None)) {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

/// The real path of `path` if it exists and, with every symlink resolved, lies inside the
/// output folder.
fn inside(output: &Path, path: &Path) -> Option<PathBuf> {
    let root = output.canonicalize().ok()?;
    let real = path.canonicalize().ok()?;
    real.starts_with(&root).then_some(real)
}

/// The site's `404.html` (with the script), or a bare page if the site has none yet.
async fn not_found(state: &State) -> Response {
    let page = match inside(&state.output, &state.output.join("404.html")) {
        Some(p) => tokio::fs::read(&p).await.ok(),
        None => None,
    };
    let bytes = page.unwrap_or_else(|| FALLBACK_404.as_bytes().to_vec());
    file_response(StatusCode::NOT_FOUND, Path::new("404.html"), bytes)
}

fn file_response(status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let kind = content_type(path);
    let body = if kind.as_bytes().starts_with(b"text/html") {
        live::inject(bytes)
    } else {
        bytes
    };
    let headers = [
        (header::CONTENT_TYPE, kind),
        // A preview must never show a stale file.
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    ];
    (status, headers, Body::from(body)).into_response()
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        // 302, not 301: browsers keep permanent redirects, and a preview's folders come and go.
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The content type of a file: `mime_guess`'s, with the charset for text (every text file
/// briefing writes is UTF-8), and Atom's own type for feeds.
fn content_type(path: &Path) -> HeaderValue {
    if path.file_name().is_some_and(|n| n == "atom.xml") {
        return HeaderValue::from_static("application/atom+xml; charset=utf-8");
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT || mime.suffix() == Some(mime_guess::mime::XML);
    let value = if text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/topics")).unwrap();
        std::fs::write(dir.path().join("site/index.html"), "home").unwrap();
        std::fs::write(dir.path().join("site/topics/index.html"), "topics").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn paths_map_into_the_output_folder() {
        let dir = site();
        let out = dir.path().join("site");
        let real = out.canonicalize().unwrap();
        assert_eq!(locate(&out, "/", "/", None), Target::File(real.join("index.html")));
        assert_eq!(
            locate(&out, "/", "/topics/", None),
            Target::File(real.join("topics/index.html"))
        );
        assert_eq!(
            locate(&out, "/", "/topics", Some("a=1")),
            Target::Redirect("/topics/?a=1".into())
        );
        assert_eq!(locate(&out, "/", "//topics", None), Target::Redirect("/topics/".into()));
        assert_eq!(locate(&out, "/", "/index.html/", None), Target::NotFound);
        assert_eq!(locate(&out, "/b/", "/", None), Target::Redirect("/b/".into()));
        assert_eq!(locate(&out, "/b/", "/b", None), Target::Redirect("/b/".into()));
        assert_eq!(
            locate(&out, "/b/", "/b/topics", None),
            Target::Redirect("/b/topics/".into())
        );
        assert_eq!(locate(&out, "/b/", "/b/", None), Target::File(real.join("index.html")));
        assert_eq!(locate(&out, "/b/", "/topics/", None), Target::NotFound);
    }

    #[test]
    fn traversal_is_a_miss() {
        let dir = site();
        let out = dir.path().join("site");
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/a%00",
            "/%zz",
            "/%c3%28",
            "/./index.html",
        ] {
            assert_eq!(locate(&out, "/", bad, None), Target::NotFound, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("leak")).unwrap();
            assert_eq!(locate(&out, "/", "/leak", None), Target::NotFound);
        }
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "localhost",
            "LOCALHOST:8000",
            "localhost.",
            "preview.localhost:1",
            "127.0.0.1",
            "127.0.0.1:8000",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:8000",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "10.0.0.1:8000",
            "[::2]:8000",
            "[::1",
            "localhost:80:80",
            "localhost:http",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        let of = |p: &str| content_type(Path::new(p)).to_str().unwrap().to_string();
        assert_eq!(of("a/atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(of("index.html"), "text/html; charset=utf-8");
        assert!(
            of("sitemap.xml").ends_with("xml; charset=utf-8"),
            "{}",
            of("sitemap.xml")
        );
        assert_eq!(of("x.WOFF2"), "font/woff2");
        assert_eq!(of("x"), "application/octet-stream");
    }
}
