// briefing: search over the static index in search/ (see src/output/search.rs).
//
// The index is split so a query downloads a few kilobytes whatever the archive's size:
//   search/meta.json        {version, generation, docs, docs_per_shard, shards: [keys], recent: [keys]}
//   search/terms-XY.json    {term: [doc ids]} for every term starting with XY (settled ids)
//   search/recent-XY.json   the same for the recent ids, all larger than the settled ones
//   search/docs-N.json      [[title, url, date, source, summary], ...] for ids N*docs_per_shard...
// Ids count from the oldest article: the larger the id, the newer the article.
// meta.json is revalidated on every visit; every other file is asked for with the index's
// generation (`docs-0.json?v=…`), so a file cached from an older index is never mixed in.
// Query words are made into terms exactly as the index makes them; all terms must match
// (AND), and the last one matches as a prefix while the reader is still typing it.
// Results are built with DOM APIs and textContent only: titles are scraped text.
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list || !window.fetch) return;
  if (location.protocol === 'file:') return offline();

  /** Opened from disk: browsers refuse to fetch() the index from file://, so say what to do. */
  function offline() {
    var p = document.createElement('p');
    p.className = 'search-offline';
    function text(t) { p.appendChild(document.createTextNode(t)); }
    function code(t) { var c = document.createElement('code'); c.textContent = t; p.appendChild(c); }
    function link(href, t) {
      var a = document.createElement('a');
      a.href = href;
      a.textContent = t;
      p.appendChild(a);
    }
    text('Search needs a web server: browsers do not let a page opened from a file read the search index. Run ');
    code('briefing serve');
    text(' in the archive, or ');
    code('python3 -m http.server');
    text(' in the site folder, and open the address it prints. Meanwhile, browse the ');
    link(form.getAttribute('data-topics') || '../topics/index.html', 'topics');
    text(' or the ');
    link(form.getAttribute('data-timeline') || '../timeline/index.html', 'timeline');
    text('.');
    form.parentNode.insertBefore(p, form.nextSibling);
    input.disabled = true;
    form.querySelector('button').disabled = true;
  }

  var MAX_RESULTS = 50;
  // Titles are fetched and ranked for the newest matches up to this many (larger ids are newer).
  var RANK_WINDOW = 300;
  var DEBOUNCE_MS = 200;

  // Same list as STOP in src/output/search.rs.
  var STOP = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'he', 'in', 'is',
    'it', 'its', 'of', 'on', 'or', 'said', 'she', 'that', 'the', 'their', 'this', 'to', 'was', 'were', 'which', 'will', 'with']);

  var SPLIT = /[^\p{Alphabetic}\p{N}]+/u; // Rust's char::is_alphanumeric
  var ASCII = /^[\x00-\x7f]*$/;

  /** One word as a term: lowercase ASCII letters and digits, diacritics removed. */
  function norm(word) {
    if (ASCII.test(word)) return word.toLowerCase();
    return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  }

  function keep(t) {
    return t.length > 1 && !STOP.has(t);
  }

  /** Terms of a text, as terms() in search.rs makes them. */
  function terms(text) {
    return text.normalize('NFC').split(SPLIT).filter(Boolean).map(norm).filter(keep);
  }

  /** The query as {exact: [terms], prefix: term or null}. */
  function parse(q) {
    var t = terms(q);
    var seen = new Set();
    t = t.filter(function (x) { if (seen.has(x)) return false; seen.add(x); return true; });
    var typing = q.length > 0 && !SPLIT.test(q.slice(-1));
    var prefix = null;
    if (typing && t.length) {
      // The last word is still being typed; its term is the last of the list unless it was
      // dropped (a stop word, one letter), in which case there is no prefix.
      var words = q.normalize('NFC').split(SPLIT).filter(Boolean);
      var last = norm(words[words.length - 1] || '');
      if (keep(last) && t[t.length - 1] === last) prefix = t.pop();
    }
    return { exact: t, prefix: prefix };
  }

  // ---------- fetching, with a cache of promises ----------
  var base = form.getAttribute('data-index') || 'search/';
  if (base.slice(-1) !== '/') base += '/';
  var cache = new Map();
  function getJSON(name, generation) {
    var url = base + name + (generation ? '?v=' + encodeURIComponent(generation) : '');
    if (!cache.has(url)) {
      var options = { credentials: 'same-origin' };
      if (!generation) options.cache = 'no-cache';
      var p = fetch(url, options).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.json();
      });
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return cache.get(url);
  }

  function meta() {
    return getJSON('meta.json');
  }

  /**
   * Doc ids of an exact term, or of every term starting with a prefix (sorted, unique), from
   * the settled shard and the recent one of the term's key (either may not exist).
   */
  function postings(m, sets, term, isPrefix) {
    var key = term.slice(0, 2);
    var files = [];
    if (sets.settled.has(key)) files.push('terms-' + key + '.json');
    if (sets.recent.has(key)) files.push('recent-' + key + '.json');
    return Promise.all(files.map(function (f) { return getJSON(f, m.generation); })).then(function (maps) {
      var ids = [];
      maps.forEach(function (map) {
        if (!isPrefix) {
          if (Object.prototype.hasOwnProperty.call(map, term)) ids = ids.concat(map[term]);
          return;
        }
        Object.keys(map).forEach(function (k) {
          if (k.lastIndexOf(term, 0) === 0) ids = ids.concat(map[k]);
        });
      });
      if (!isPrefix) return ids; // settled ids all come before recent ones
      return Array.from(new Set(ids)).sort(function (a, b) { return a - b; });
    });
  }

  function intersect(lists) {
    if (!lists.length) return [];
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var out = lists[0];
    for (var i = 1; i < lists.length && out.length; i++) {
      var s = new Set(lists[i]);
      out = out.filter(function (id) { return s.has(id); });
    }
    return out;
  }

  function docsFor(m, ids) {
    var per = m.docs_per_shard || 500;
    var need = Array.from(new Set(ids.map(function (id) { return Math.floor(id / per); })));
    return Promise.all(need.map(function (n) { return getJSON('docs-' + n + '.json', m.generation); })).then(function (shards) {
      var byShard = new Map();
      need.forEach(function (n, i) { byShard.set(n, shards[i]); });
      return ids.map(function (id) {
        var d = byShard.get(Math.floor(id / per));
        return d && d[id % per] ? { id: id, doc: d[id % per] } : null;
      }).filter(Boolean);
    });
  }

  /** True when a title term matches the query (exactly, or as the typed prefix). */
  function matcher(query) {
    var exact = new Set(query.exact);
    return function (t) {
      return exact.has(t) || (query.prefix !== null && t.lastIndexOf(query.prefix, 0) === 0);
    };
  }

  function search(q) {
    var query = parse(q);
    var all = query.exact.concat(query.prefix !== null ? [query.prefix] : []);
    if (!all.length) return Promise.resolve({ query: query, total: 0, results: [], empty: true });
    return meta().then(function (m) {
      var sets = { settled: new Set(m.shards || []), recent: new Set(m.recent || []) };
      var lookups = query.exact.map(function (t) { return postings(m, sets, t, false); });
      if (query.prefix !== null) lookups.push(postings(m, sets, query.prefix, true));
      return Promise.all(lookups).then(function (lists) {
        var ids = intersect(lists);
        var head = ids.slice(-RANK_WINDOW);
        return docsFor(m, head).then(function (found) {
          var hit = matcher(query);
          found.forEach(function (r) {
            var seen = new Set();
            terms(r.doc[0] || '').forEach(function (t) { if (hit(t)) seen.add(t); });
            r.score = seen.size;
          });
          found.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
          return { query: query, total: ids.length, results: found.slice(0, MAX_RESULTS), empty: false };
        });
      });
    });
  }

  // ---------- rendering (DOM APIs and textContent only) ----------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /** Appends `text` to `parent`, wrapping words that match the query in <mark>. */
  function highlighted(parent, text, hit) {
    var re = /[\p{Alphabetic}\p{N}]+/gu;
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      var t = norm(m[0]);
      if (keep(t) && hit(t)) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        parent.appendChild(el('mark', null, m[0]));
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function safeHref(url) {
    // Index URLs are root-relative links made by briefing; refuse anything with a scheme.
    return typeof url === 'string' && /^\/(?!\/)/.test(url) ? url : null;
  }

  function card(r, hit) {
    var d = r.doc;
    var li = el('li');
    var art = el('article', 'card');
    var h = el('h2', 'card-title');
    var href = safeHref(d[1]);
    var a = el(href ? 'a' : 'span');
    if (href) a.href = href;
    highlighted(a, String(d[0] || 'Untitled'), hit);
    h.appendChild(a);
    art.appendChild(h);
    var meta = el('p', 'meta');
    var date = el('span', d[2] === 'Undated' ? 'date undated' : 'date', d[2] || 'Undated');
    meta.appendChild(date);
    if (d[3]) {
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(el('span', 'source', d[3]));
    }
    art.appendChild(meta);
    if (d[4]) art.appendChild(el('p', 'summary', d[4]));
    li.appendChild(art);
    return li;
  }

  function plural(n, one, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? one : many);
  }

  function show(q, out) {
    list.replaceChildren();
    if (out.empty) {
      status.textContent = q.trim() ? 'Type a word of two letters or more (common words such as “the” are not indexed).' : '';
      return;
    }
    var hit = matcher(out.query);
    var frag = document.createDocumentFragment();
    out.results.forEach(function (r) { frag.appendChild(card(r, hit)); });
    list.appendChild(frag);
    var shown = '“' + q.trim() + '”';
    if (!out.total) status.textContent = 'No articles match ' + shown + '.';
    else if (out.total > out.results.length) status.textContent = plural(out.total, 'article matches', 'articles match') + ' ' + shown + '; showing the ' + out.results.length + ' most relevant.';
    else status.textContent = plural(out.total, 'article matches', 'articles match') + ' ' + shown + '.';
  }

  // ---------- wiring ----------
  var seq = 0;
  var timer = 0;
  var shownQuery = null;

  function run(q) {
    var mine = ++seq;
    if (q === shownQuery) return;
    if (!q.trim()) {
      shownQuery = q;
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    form.setAttribute('aria-busy', 'true');
    search(q).then(function (out) {
      if (mine !== seq) return;
      shownQuery = q;
      show(q, out);
    }, function () {
      if (mine !== seq) return;
      shownQuery = null;
      list.replaceChildren();
      status.textContent = 'Search is unavailable: the index could not be loaded. Try again, or browse the timeline.';
    }).then(function () {
      if (mine === seq) form.removeAttribute('aria-busy');
    });
  }

  function syncURL(q) {
    var url = new URL(window.location.href);
    if (q.trim()) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    if (url.href !== window.location.href) history.replaceState(history.state, '', url.href);
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      syncURL(input.value);
      run(input.value);
    }, DEBOUNCE_MS);
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    syncURL(input.value);
    shownQuery = null; // submitting repeats the search and its announcement
    run(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
  meta().catch(function () {}); // warm the cache while the reader types
})();
