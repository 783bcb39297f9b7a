// briefing serve: live reload and the build-error overlay. Added to pages by the preview
// server only; never part of the built site.
//
// The pages' CSP allows only same-origin scripts and stylesheets, so there is no inline code
// here: the overlay is built with DOM calls and styled through element.style (CSSOM), and
// every message is set with textContent, since it quotes the editor's files.
(function () {
  "use strict";
  var OVERLAY_ID = "briefing-build-errors";
  var opened = false;

  function css(el, props) {
    Object.keys(props).forEach(function (k) { el.style[k] = props[k]; });
    return el;
  }

  function el(tag, text, props) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return css(e, props || {});
  }

  function hide() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) { old.remove(); }
  }

  function where(err) {
    var s = err.file || "(no file)";
    if (err.line) {
      s += ":" + err.line;
      if (err.column) { s += ":" + err.column; }
    }
    return s;
  }

  function show(errors) {
    hide();
    if (!Array.isArray(errors) || errors.length === 0) { return; }
    var box = el("div", null, {
      position: "fixed", top: "0", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      overflow: "auto", background: "rgba(20, 20, 24, 0.94)", color: "#f4f4f5",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", padding: "2rem"
    });
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build failed");
    var close = el("button", "Dismiss", {
      float: "right", font: "inherit", padding: "0.25rem 0.75rem", cursor: "pointer",
      background: "#3f3f46", color: "#f4f4f5", border: "1px solid #71717a", borderRadius: "4px"
    });
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    var n = errors.length;
    box.appendChild(el("h2", "Build failed: " + n + " error" + (n === 1 ? "" : "s"), {
      margin: "0 0 0.5rem", font: "inherit", fontSize: "1.25rem", color: "#fca5a5"
    }));
    box.appendChild(el("p", "The preview shows the last good build. Fix the file and save; this page reloads by itself.", {
      margin: "0 0 1.5rem", color: "#a1a1aa"
    }));
    errors.forEach(function (err) {
      var item = el("section", null, { margin: "0 0 1.25rem", paddingLeft: "0.75rem", borderLeft: "3px solid #f87171" });
      item.appendChild(el("p", where(err), { margin: "0", fontWeight: "bold", color: "#fde68a" }));
      item.appendChild(el("pre", err.message, { margin: "0.25rem 0", whiteSpace: "pre-wrap", font: "inherit" }));
      if (err.help) {
        item.appendChild(el("p", "help: " + err.help, { margin: "0", color: "#93c5fd" }));
      }
      box.appendChild(item);
    });
    (document.body || document.documentElement).appendChild(box);
  }

  function check() {
    fetch("/__briefing/errors", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () { /* the server is restarting; the stream will reconnect */ });
  }

  function connect() {
    var source = new EventSource("/__briefing/events");
    source.addEventListener("open", function () {
      // A reconnect means the server restarted: this page may be stale.
      if (opened) { location.reload(); return; }
      opened = true;
      check();
    });
    source.addEventListener("reload", function () {
      hide();
      location.reload();
    });
    source.addEventListener("error", function (e) {
      // The server's `error` events carry data; a dropped connection is a plain Event.
      if (e instanceof MessageEvent) { check(); return; }
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }

  if (window.EventSource) { connect(); } else { check(); }
})();
