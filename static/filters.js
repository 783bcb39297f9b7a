// briefing: filters for a listing page (a topic, a person, a source, a month), added by the
// browser. Without JavaScript the page lists every article, as it always has; with it, a
// select for each of topic, source and year (those whose items differ) hides the articles
// that do not match. Each item carries what it is filtered by as data attributes
// (data-topics: slugs separated by spaces, data-source, data-year), written at build time.
// Only the articles of this page are filtered: the status line says so. No style attribute is
// set (the CSP forbids them): items and empty month groups are hidden with `hidden`.
(function () {
  'use strict';

  var root = document.querySelector('[data-filter-list]');
  if (!root) return;
  var items = Array.prototype.slice.call(root.querySelectorAll('li[data-year]'));
  if (items.length < 2) return;

  // What each select offers, from the items: [value, label], sorted as the labels read.
  var DIMENSIONS = [
    { key: 'topic', label: 'Topic', all: 'All topics', values: function (li) { return (li.dataset.topics || '').split(' ').filter(Boolean); }, name: topicName },
    { key: 'source', label: 'Source', all: 'All sources', values: function (li) { return li.dataset.source ? [li.dataset.source] : []; }, name: function (v) { return v; } },
    { key: 'year', label: 'Year', all: 'All years', values: function (li) { return li.dataset.year ? [li.dataset.year] : []; }, name: function (v) { return v; } }
  ];

  // A topic's name as its marker on the page reads it.
  function topicName(slug) {
    var m = root.querySelector('.marker-' + CSS.escape(slug));
    return m ? m.textContent : slug;
  }

  var form = document.createElement('form');
  form.className = 'filters';
  form.setAttribute('aria-label', 'Filter the articles on this page');
  var selects = [];
  DIMENSIONS.forEach(function (d) {
    var seen = new Map();
    items.forEach(function (li) { d.values(li).forEach(function (v) { seen.set(v, d.name(v)); }); });
    if (seen.size < 2) return;
    var id = 'filter-' + d.key;
    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = d.label;
    var select = document.createElement('select');
    select.id = id;
    select.appendChild(new Option(d.all, ''));
    Array.from(seen.entries())
      .sort(function (a, b) { return d.key === 'year' ? b[0].localeCompare(a[0]) : a[1].localeCompare(b[1]); })
      .forEach(function (e) { select.appendChild(new Option(e[1], e[0])); });
    select.addEventListener('change', apply);
    var wrap = document.createElement('div');
    wrap.className = 'filter';
    wrap.appendChild(label);
    wrap.appendChild(select);
    form.appendChild(wrap);
    selects.push({ d: d, select: select });
  });
  if (!selects.length) return;
  var status = document.createElement('p');
  status.className = 'filter-status';
  status.setAttribute('role', 'status');
  form.appendChild(status);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  root.parentNode.insertBefore(form, root);

  function apply() {
    var shown = 0;
    items.forEach(function (li) {
      var ok = selects.every(function (s) {
        return !s.select.value || s.d.values(li).indexOf(s.select.value) >= 0;
      });
      li.hidden = !ok;
      if (ok) shown++;
    });
    // A month whose articles are all hidden is hidden with them.
    root.querySelectorAll('section').forEach(function (sec) {
      sec.hidden = !sec.querySelector('li[data-year]:not([hidden])') && !!sec.querySelector('li[data-year]');
    });
    var filtered = selects.some(function (s) { return s.select.value; });
    status.textContent = filtered ? shown + ' of the ' + items.length + ' articles on this page match.' : '';
  }
})();
