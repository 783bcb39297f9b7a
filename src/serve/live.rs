//! Live reload: the event stream, the client script, the error list, and the script tag that
//! is added to HTML responses (never to the files in `site/`).

use super::{Signal, State};
use axum::Json;
use axum::extract::State as Shared;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

pub(super) const EVENTS_PATH: &str = "/__briefing/events";
pub(super) const SCRIPT_PATH: &str = "/__briefing/live.js";
pub(super) const ERRORS_PATH: &str = "/__briefing/errors";

/// The tag added before `</body>`; an external script, as the pages' CSP requires.
pub(super) const SCRIPT_TAG: &[u8] = b"<script src=\"/__briefing/live.js\" defer></script>";

const LIVE_JS: &str = include_str!("live.js");

/// How soon a browser reconnects after the stream drops (a restart of the server).
const RETRY: Duration = Duration::from_millis(1000);

/// Adds the live-reload script before the last `</body>`, or at the end of a page without one.
pub(super) fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let at = rfind_ignore_case(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, SCRIPT_TAG.iter().copied());
    html
}

fn rfind_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

pub(super) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// The last build's errors as JSON: `[{file, line, column, message, help}]`, empty when it
/// succeeded.
pub(super) async fn errors(Shared(state): Shared<Arc<State>>) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(state.errors())).into_response()
}

/// `reload` after each good build, `error` after each failed one. The first message (a
/// comment) sets the reconnection delay and tells a client that it is subscribed.
pub(super) async fn events(Shared(state): Shared<Arc<State>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let signals = BroadcastStream::new(state.events.subscribe())
        .take_while(|s| !matches!(s, Ok(Signal::Shutdown)))
        .map(move |s| {
            Ok(match s {
                Ok(signal) => event(&signal),
                // This client fell behind: whatever it missed, a reload shows the current state.
                Err(_) => event(&Signal::Reload),
            })
        });
    let hello = tokio_stream::once(Ok(Event::default().retry(RETRY).comment("briefing")));
    Sse::new(hello.chain(signals)).keep_alive(KeepAlive::default())
}

fn event(signal: &Signal) -> Event {
    // EventSource drops events without data, so each carries some. `Shutdown` never gets
    // here (the stream ends at it); were it sent, a reload would be the right answer.
    match signal {
        Signal::Reload | Signal::Shutdown => Event::default().event("reload").data("ok"),
        Signal::Error(n) => Event::default().event("error").data(n.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>&lt;/body&gt;</p></BODY>\n</html>".to_vec();
        let out = String::from_utf8(inject(page)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>&lt;/body&gt;</p><script src=\"/__briefing/live.js\" defer></script></BODY>\n</html>"
        );
        let bare = String::from_utf8(inject(b"<p>hi".to_vec())).unwrap();
        assert!(bare.ends_with("defer></script>"));
        assert_eq!(inject(Vec::new()), SCRIPT_TAG);
    }
}
