// briefing: search over the static index in search/ (see src/output/search.rs).
//
// The index is split so a query downloads little whatever the archive's size:
//   search/meta.json          {version, generation, docs, docs_per_shard, shards, recent, filters}
//   search/terms-KEY.json     {term: [first id, then each id's distance from the one before]} for
//                             the terms whose shard key is KEY (settled ids)
//   search/recent-KEY.json    the same for the recent ids, all larger than the settled ones
//   search/docs-N.json        [[title, url, date, source], ...] for ids N*docs_per_shard...
// An article's text (for its excerpt, and to check that a phrase's words stand together) is
// read from its own page, fetched only for the results shown: no file per article to build.
// A key is a term's first three bytes, or two for a two-byte term (hex when not plain ASCII:
// `x` + the bytes' hex); a filter term (`_t` topic, `_y` year, `_s` source + value) is keyed
// by its first and last bytes. So a prefix is matched from its third byte on.
// Ids count from the oldest article: the larger the id, the newer the article.
// meta.json is revalidated on every visit; every other file is asked for with the index's
// generation (`docs-0.json?v=…`), so a file cached from an older index is never mixed in.
// All terms must match (AND); "a phrase in quotes" must also have its words side by side;
// the last word matches as a prefix while the reader is still typing it.
// Results are built with DOM APIs and text nodes only: titles and texts are scraped.
(function () {
  'use strict';

  // ---------- terms: the definition of src/terms.rs, step for step ----------
  // (tests/search-normalise.json holds the cases both are tested with.)
  var STOP = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'he', 'in', 'is',
    'it', 'its', 'of', 'on', 'or', 'said', 'she', 'that', 'the', 'their', 'this', 'to', 'was', 'were', 'which', 'will', 'with']);
  // A word: letters, digits and combining marks (Rust: is_alphanumeric or is_combining_mark).
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var MARKS = /\p{M}/gu;
  var FOLD = { 'ё': 'е', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'ŀ': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'æ': 'ae', 'œ': 'oe', 'ı': 'i', 'ħ': 'h', 'ς': 'σ' };

  function isHangul(c) {
    var n = c.codePointAt(0);
    return n >= 0xac00 && n <= 0xd7a3;
  }

  /** One character lowercased and folded: Cyrillic kept (but ё), other scripts lose their marks. */
  function fold(c) {
    var out = '';
    for (var l of c.toLowerCase()) {
      if (Object.prototype.hasOwnProperty.call(FOLD, l)) out += FOLD[l];
      else if (l <= '\x7f' || (l >= '\u0400' && l <= '\u04ff')) out += l;
      else out += l.normalize('NFD').replace(MARKS, '');
    }
    return out;
  }

  function keep(t) {
    return Array.from(t).length > 1 && !STOP.has(t);
  }

  /** The terms of one word, in order: Hangul runs as syllable pairs, the rest folded. */
  function wordTerms(word) {
    var out = [];
    var chars = Array.from(word);
    var i = 0;
    while (i < chars.length) {
      var j = i;
      if (isHangul(chars[i])) {
        while (j < chars.length && isHangul(chars[j])) j++;
        if (j - i === 1) out.push(chars[i]);
        for (var k = i; k + 1 < j; k++) out.push(chars[k] + chars[k + 1]);
      } else {
        var t = '';
        while (j < chars.length && !isHangul(chars[j])) t += fold(chars[j++]);
        if (keep(t)) out.push(t);
      }
      i = j;
    }
    return out;
  }

  /** The terms of a text, in order, repeats kept. */
  function terms(text) {
    var out = [];
    (String(text).match(WORD) || []).forEach(function (w) { out.push.apply(out, wordTerms(w)); });
    return out;
  }

  var normaliser = { terms: terms, wordTerms: wordTerms };
  if (typeof module === 'object' && module && module.exports) module.exports = normaliser;
  if (typeof document === 'undefined') return;

  // ---------- the query ----------
  var encoder = new TextEncoder();
  var QUOTES = /["“”„«»]/;

  /**
   * The query as groups of terms, each to be found: a word, or a run that must stand together
   * (a quoted phrase, or a Hangul word's pairs). The last word, while typed, is a prefix.
   */
  function parse(q) {
    var groups = [];
    var parts = q.split(QUOTES);
    parts.forEach(function (part, n) {
      if (n % 2 === 1) {
        var t = terms(part);
        if (t.length) groups.push({ terms: t, together: t.length > 1, phrase: true, text: part.trim() });
        return;
      }
      (part.match(WORD) || []).forEach(function (w) {
        var t = wordTerms(w);
        if (t.length) groups.push({ terms: t, together: t.length > 1, phrase: false, text: w });
      });
    });
    var last = groups[groups.length - 1];
    var typing = parts.length % 2 === 1 && /[\p{Alphabetic}\p{N}\p{M}]$/u.test(q);
    var lastWord = (parts[parts.length - 1].match(WORD) || []).pop();
    var prefix = null;
    // (A prefix of three bytes or more: its shard holds every term that starts with it.)
    if (typing && last && !last.phrase && last.terms.length === 1 && lastWord === last.text && !isHangul(last.terms[0]) &&
        encoder.encode(last.terms[0]).length >= 3) {
      prefix = groups.pop().terms[0];
    }
    return { groups: groups, prefix: prefix };
  }

  function exactTerms(query) {
    var all = [];
    query.groups.forEach(function (g) { all.push.apply(all, g.terms); });
    return Array.from(new Set(all));
  }

  /** True when a word of a text matches the query (one of its terms, or the typed prefix). */
  function matcher(query) {
    var exact = new Set(exactTerms(query));
    return function (word) {
      return wordTerms(word).some(function (t) {
        return exact.has(t) || (query.prefix !== null && t.lastIndexOf(query.prefix, 0) === 0);
      });
    };
  }

  // ---------- fetching, with a cache of promises ----------
  var form = document.getElementById('search-form');
  if (!form || !window.fetch) return;
  var base = form.getAttribute('data-index') || 'search/';
  if (base.slice(-1) !== '/') base += '/';
  var cache = new Map();

  function getJSON(name, version) {
    var url = base + name + (version ? '?v=' + encodeURIComponent(version) : '');
    if (!cache.has(url)) {
      var options = { credentials: 'same-origin' };
      if (!version) options.cache = 'no-cache';
      var p = fetch(url, options).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.json();
      });
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return cache.get(url);
  }

  var metaPromise = null;
  function meta() {
    if (!metaPromise) {
      metaPromise = getJSON('meta.json').then(function (m) {
        m.settled = new Set(m.shards || []);
        m.recentKeys = new Set(m.recent || []);
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /** The shard key of a term, as key_of and key_text in search.rs make it. */
  function keyOf(term) {
    var b = encoder.encode(term);
    var key = b[0] === 0x5f ? [b[0], b[b.length - 1]] : Array.from(b.slice(0, 3));
    var plain = function (x) { return (x >= 0x30 && x <= 0x39) || (x >= 0x61 && x <= 0x7a) || (x >= 0x41 && x <= 0x5a) || x === 0x5f; };
    if (key.every(plain)) return String.fromCharCode.apply(null, key);
    return 'x' + key.map(function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');
  }

  /** Doc ids (sorted, unique) of a term, or of every term starting with a prefix. */
  function postings(m, term, isPrefix) {
    var key = keyOf(term);
    var files = [];
    if (m.settled.has(key)) files.push('terms-' + key + '.json');
    if (m.recentKeys.has(key)) files.push('recent-' + key + '.json');
    return Promise.all(files.map(function (f) { return getJSON(f, m.generation); })).then(function (maps) {
      var ids = [];
      var add = function (gaps) {
        var id = 0;
        gaps.forEach(function (g) { id += g; ids.push(id); });
      };
      maps.forEach(function (map) {
        if (!isPrefix) {
          if (Object.prototype.hasOwnProperty.call(map, term)) add(map[term]);
          return;
        }
        Object.keys(map).forEach(function (k) {
          if (k.lastIndexOf(term, 0) === 0) add(map[k]);
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

  /** The docs entries of `ids`, in that order. */
  function docsFor(m, ids) {
    var per = m.docs_per_shard;
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

  // Elements whose start or end ends a paragraph of an article's text (as in a page's layout).
  var BLOCK = /^(P|LI|H[1-6]|BLOCKQUOTE|PRE|TR|TD|TH|DIV|FIGCAPTION|DD|DT|TABLE|UL|OL|FIGURE)$/;

  /** The text of an article page as [standfirst, paragraph, ...] (spaces collapsed). */
  function pageText(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var head = doc.querySelector('article .standfirst');
    var body = doc.querySelector('article .body');
    var parts = [head ? head.textContent : ''];
    if (body) {
      var walk = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      var block = null;
      var n;
      while ((n = walk.nextNode())) {
        var b = n.parentNode;
        while (b !== body && !BLOCK.test(b.nodeName)) b = b.parentNode;
        if (b !== block) parts.push('');
        block = b;
        parts[parts.length - 1] += n.data;
      }
    }
    return parts.map(function (p) { return p.replace(/\s+/g, ' ').trim(); }).filter(function (p, i) { return i === 0 || p; });
  }

  /**
   * An article's text, from its page (a same-origin link of the index). Revalidated, so an
   * edited article is not read from an older copy; the reader's click on it then costs nothing.
   */
  function textOf(r) {
    var href = safeHref(r.doc[1]);
    if (!href) return Promise.resolve([]);
    var url = new URL(href, location.href).href;
    if (!cache.has(url)) {
      var p = fetch(url, { credentials: 'same-origin', cache: 'no-cache' }).then(function (res) {
        if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
        return res.text();
      }).then(pageText);
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return cache.get(url).catch(function () { return []; });
  }

  // ---------- searching ----------
  var PAGE = 10;
  // Titles are ranked among the newest matches in at most this many docs shards.
  var RANK_SHARDS = 3;
  var RANK_MAX = 150;
  // A phrase is checked in at most this many texts per page of results.
  var CHECK_MAX = 40;

  /** Whether the terms of `text` hold `run` side by side. */
  function holds(text, run) {
    var t = terms(text);
    outer: for (var i = 0; i + run.length <= t.length; i++) {
      for (var j = 0; j < run.length; j++) if (t[i + j] !== run[j]) continue outer;
      return true;
    }
    return false;
  }

  /** Whether every run of the query stands together in the title or one part of the text. */
  function together(query, title, parts) {
    return query.groups.every(function (g) {
      if (!g.together) return true;
      return holds(title, g.terms) || parts.some(function (p) { return holds(p, g.terms); });
    });
  }

  function filterTerms(filters) {
    var out = [];
    if (filters.topic) out.push('_t' + filters.topic);
    if (filters.year) out.push('_y' + filters.year);
    if (filters.source) out.push('_s' + filters.source);
    return out;
  }

  /** The matching ids, ranked: the newest few with the most query terms in their title first. */
  function search(q, filters) {
    var query = parse(q);
    var words = exactTerms(query);
    var facets = filterTerms(filters);
    if (!words.length && query.prefix === null && !(facets.length && !q.trim())) {
      return Promise.resolve({ query: query, empty: true });
    }
    return meta().then(function (m) {
      var lookups = words.concat(facets).map(function (t) { return postings(m, t, false); });
      if (query.prefix !== null) lookups.push(postings(m, query.prefix, true));
      return Promise.all(lookups).then(function (lists) {
        var ids = intersect(lists).slice().reverse();
        var per = m.docs_per_shard;
        var shards = new Set();
        var n = 0;
        while (n < ids.length && n < RANK_MAX) {
          shards.add(Math.floor(ids[n] / per));
          if (shards.size > RANK_SHARDS) break;
          n++;
        }
        return docsFor(m, ids.slice(0, n)).then(function (window) {
          var hit = matcher(query);
          window.forEach(function (r) {
            r.score = (String(r.doc[0] || '').match(WORD) || []).filter(hit).length;
          });
          window.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
          var order = window.map(function (r) { return r.id; }).concat(ids.slice(n));
          return { query: query, m: m, order: order, total: ids.length, empty: false };
        });
      });
    });
  }

  /** The next page of results from `out.order`, from `out.next` on: docs and texts loaded. */
  function page(out) {
    var found = [];
    var checked = 0;
    var needs = out.query.groups.some(function (g) { return g.together; });
    function step() {
      if (found.length >= PAGE || out.next >= out.order.length || checked >= CHECK_MAX) return Promise.resolve(found);
      var ids = out.order.slice(out.next, out.next + PAGE - found.length);
      out.next += ids.length;
      checked += ids.length;
      return docsFor(out.m, ids).then(function (rs) {
        return Promise.all(rs.map(textOf)).then(function (texts) {
          rs.forEach(function (r, i) {
            r.text = texts[i];
            if (!needs || together(out.query, String(r.doc[0] || ''), r.text)) found.push(r);
            else out.dropped++;
          });
          return step();
        });
      });
    }
    return step();
  }

  // ---------- rendering (DOM APIs and text nodes only) ----------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /** Appends `text` to `parent`, the words that match the query in <mark>. */
  function highlighted(parent, text, hit) {
    var last = 0;
    var m;
    var re = new RegExp(WORD.source, 'gu');
    while ((m = re.exec(text)) !== null) {
      if (!hit(m[0])) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el('mark', null, m[0]));
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  var BEFORE = 70;
  var AFTER = 190;

  /** A stretch of the text around its first match: [text, cut at start, cut at end]. */
  function excerpt(query, parts, hit) {
    var runs = query.groups.filter(function (g) { return g.together; });
    var best = null;
    for (var i = 0; i < parts.length && !best; i++) {
      var p = parts[i];
      if (runs.length && !runs.every(function (g) { return holds(p, g.terms); })) continue;
      var m;
      var re = new RegExp(WORD.source, 'gu');
      while ((m = re.exec(p)) !== null) {
        if (hit(m[0])) { best = { p: p, at: m.index }; break; }
      }
    }
    if (!best && runs.length) return excerpt({ groups: [] }, parts, hit);
    if (!best) {
      var first = parts.find(function (p) { return p; }) || '';
      return first ? cut(first, 0) : null;
    }
    return cut(best.p, best.at);
  }

  /** `p` from about BEFORE characters before `at` to about AFTER after, at word boundaries. */
  function cut(p, at) {
    var start = Math.max(0, at - BEFORE);
    if (start > 0) {
      var space = p.indexOf(' ', start);
      start = space >= 0 && space < at ? space + 1 : at;
    }
    var end = Math.min(p.length, at + AFTER);
    if (end < p.length) {
      var back = p.lastIndexOf(' ', end);
      end = back > at ? back : end;
    }
    return [p.slice(start, end), start > 0, end < p.length];
  }

  function safeHref(url) {
    // Index URLs are links made by briefing, root-relative or (relative_urls) relative to this
    // page; refuse anything with a scheme or a host.
    return typeof url === 'string' && url !== '' && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|\\)/i.test(url) ? url : null;
  }

  function card(r, query, hit) {
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
    var info = el('p', 'meta');
    info.appendChild(el('span', d[2] === 'Undated' ? 'date undated' : 'date', d[2] || 'Undated'));
    if (d[3]) {
      info.appendChild(document.createTextNode(' · '));
      info.appendChild(el('span', 'source', String(d[3])));
    }
    art.appendChild(info);
    var ex = excerpt(query, r.text || [], hit);
    if (ex) {
      var p = el('p', 'summary excerpt');
      if (ex[1]) p.appendChild(document.createTextNode('… '));
      highlighted(p, ex[0], hit);
      if (ex[2]) p.appendChild(document.createTextNode(' …'));
      art.appendChild(p);
    }
    li.appendChild(art);
    return li;
  }

  function plural(n, one, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? one : many);
  }

  // ---------- the page ----------
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
    Array.prototype.forEach.call(form.querySelectorAll('input, select, button'), function (e) { e.disabled = true; });
  }

  function start() {
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var selects = { topic: 'filter-topic', year: 'filter-year', source: 'filter-source' };
    Object.keys(selects).forEach(function (k) { selects[k] = document.getElementById(selects[k]); });
    if (!input || !status || !list) return;
    if (location.protocol === 'file:') return offline();
    var DEBOUNCE_MS = 200;
    var seq = 0;
    var timer = 0;
    var shownKey = null;
    var current = null;

    function filters() {
      var f = {};
      Object.keys(selects).forEach(function (k) { f[k] = selects[k] ? selects[k].value : ''; });
      return f;
    }

    /** The query and its filters in words: “Shoigu” in North Korea–Russia ties, 2024, from Yonhap. */
    function describe(q) {
      var chosen = function (k) {
        var s = selects[k];
        return s && s.value ? s.options[s.selectedIndex].text : '';
      };
      var what = q.trim() ? '“' + q.trim() + '”' : '';
      var where = [chosen('topic'), chosen('year')].filter(Boolean).join(', ');
      if (where) what += (what ? ' in ' : 'in ') + where;
      if (chosen('source')) what += (what ? ' from ' : 'from ') + chosen('source');
      return what;
    }

    function report(out, q) {
      var what = describe(q);
      var shown = list.children.length;
      var needs = out.query.groups.some(function (g) { return g.together; });
      var left = out.order.length - out.next;
      if (!out.total) status.textContent = 'No articles match ' + what + '.';
      else if (!needs) status.textContent = plural(out.total, 'article matches', 'articles match') + ' ' + what + (shown < out.total ? '; showing ' + shown + '.' : '.');
      else if (!left) status.textContent = plural(shown, 'article matches', 'articles match') + ' ' + what + '.';
      else status.textContent = plural(shown, 'article', 'articles') + ' with ' + what + ' among the ' + out.next.toLocaleString('en') + ' checked of ' + plural(out.total, 'article', 'articles') + ' with all its words.';
      if (more) more.hidden = !left;
    }

    function showPage(out, q, mine) {
      return page(out).then(function (found) {
        if (mine !== seq) return;
        var hit = matcher(out.query);
        var frag = document.createDocumentFragment();
        found.forEach(function (r) { frag.appendChild(card(r, out.query, hit)); });
        list.appendChild(frag);
        report(out, q);
      });
    }

    function run(force) {
      var q = input.value;
      var f = filters();
      var key = JSON.stringify([q, f]);
      if (key === shownKey && !force) return;
      var mine = ++seq;
      form.setAttribute('aria-busy', 'true');
      search(q, f).then(function (out) {
        if (mine !== seq) return;
        shownKey = key;
        list.replaceChildren();
        if (more) more.hidden = true;
        if (out.empty) {
          current = null;
          status.textContent = q.trim() ? 'Type a word of two letters or more (common words such as “the” are not indexed).' : '';
          return;
        }
        out.next = 0;
        out.dropped = 0;
        current = { out: out, q: q, f: f };
        return showPage(out, q, mine);
      }).catch(function () {
        if (mine !== seq) return;
        shownKey = null;
        list.replaceChildren();
        if (more) more.hidden = true;
        status.textContent = 'Search is unavailable: the index could not be loaded. Try again, or browse the timeline.';
      }).then(function () {
        if (mine === seq) form.removeAttribute('aria-busy');
      });
    }

    function syncURL() {
      var url = new URL(window.location.href);
      var f = filters();
      var set = function (k, v) { if (v) url.searchParams.set(k, v); else url.searchParams.delete(k); };
      set('q', input.value.trim() ? input.value : '');
      Object.keys(f).forEach(function (k) { set(k, f[k]); });
      if (url.href !== window.location.href) history.replaceState(history.state, '', url.href);
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { syncURL(); run(false); }, DEBOUNCE_MS);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      syncURL();
      run(true); // submitting repeats the search and its announcement
    });
    Object.keys(selects).forEach(function (k) {
      if (selects[k]) selects[k].addEventListener('change', function () { syncURL(); run(false); });
    });
    if (more) {
      more.addEventListener('click', function () {
        if (!current) return;
        var mine = seq;
        more.disabled = true;
        showPage(current.out, current.q, mine).then(function () { more.disabled = false; });
      });
    }

    var params = new URLSearchParams(window.location.search);
    input.value = params.get('q') || '';
    meta().then(function (m) {
      var f = m.filters || {};
      var options = { topic: f.topics || [], year: (f.years || []).map(function (y) { return [String(y), String(y)]; }), source: f.sources || [] };
      Object.keys(selects).forEach(function (k) {
        var s = selects[k];
        if (!s) return;
        options[k].forEach(function (o) {
          var opt = el('option', null, String(o[1]));
          opt.value = String(o[0]);
          s.appendChild(opt);
        });
        var wanted = params.get(k);
        if (wanted && options[k].some(function (o) { return String(o[0]) === wanted; })) s.value = wanted;
      });
    }).catch(function () {}).then(function () {
      if (input.value || Object.values(filters()).some(Boolean)) run(false);
    });
  }

  start();
})();
