// Bytes a browser fetches for search queries: opens the built site's search page in headless
// Chromium (a fresh context per query: nothing cached), runs each query as a reader would
// (the address /search/?q=…), waits for the results, and adds up the bodies of the index's
// files it fetched (search/*.json) and of the article pages it read for excerpts (the search
// page and script are reported apart). Also prints the index's size on disk. See
// docs/benchmarks.md.
//
//   node bench/search-bytes.mjs SITE_DIR [query ...]
//
// Without queries: a common word, a rare one (the word in the fewest articles, found in the
// index), a name and a phrase. Environment: CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/lib.mjs';

const [siteArg, ...given] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node bench/search-bytes.mjs SITE_DIR [query ...]');
  process.exit(2);
}
const site = resolve(siteArg);
const index = join(site, 'search');

/** The word of six letters or more in the fewest articles (the first in file order). */
function rareWord() {
  let best = ['zzzz', Infinity];
  for (const f of readdirSync(index).filter((f) => /^(terms|recent)-[a-z]{3}\.json$/.test(f)).sort()) {
    const map = JSON.parse(readFileSync(join(index, f), 'utf8'));
    for (const [term, ids] of Object.entries(map)) if (ids.length < best[1] && /^[a-z]{6,}$/.test(term)) best = [term, ids.length];
  }
  return best[0];
}

function size(dir, filter) {
  let n = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const [b, f] = size(p, filter);
      n += b;
      files += f;
    } else if (filter(p)) {
      n += statSync(p).size;
      files++;
    }
  }
  return [n, files];
}

const queries = given.length ? given : ['sanctions', rareWord(), 'Lavrov', '"humanitarian crisis"'];
const srv = await serve(site);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const kb = (n) => (n / 1000).toFixed(1) + ' kB';
console.log('| query | results | files fetched | bytes | of which article pages | search page + script |');
console.log('|---|---|---|---|---|---|');
for (const q of queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const got = [];
  page.on('response', async (r) => {
    const body = await r.body().catch(() => Buffer.alloc(0));
    got.push({ path: new URL(r.url()).pathname, bytes: body.length });
  });
  await page.goto(srv.origin + '/search/?q=' + encodeURIComponent(q));
  await page.waitForFunction(() => document.getElementById('search-status').textContent.length > 0 && !document.getElementById('search-form').hasAttribute('aria-busy'), null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const results = await page.locator('#search-status').innerText();
  const texts = got.filter((g) => g.path.startsWith('/articles/'));
  const idx = got.filter((g) => g.path.includes('/search/') && g.path.endsWith('.json')).concat(texts);
  const other = got.filter((g) => !idx.includes(g) && !g.path.endsWith('.css'));
  const sum = (l) => l.reduce((n, g) => n + g.bytes, 0);
  console.log(`| ${q.replace(/\|/g, '\\|')} | ${results.match(/^[\d,]+/)?.[0] ?? results} | ${idx.length} | ${kb(sum(idx))} | ${kb(sum(texts))} | ${kb(sum(other))} |`);
  await ctx.close();
}
await browser.close();
await srv.close();
const [all, nAll] = size(index, () => true);
console.log(`\nindex: ${all / 1e6} MB in ${nAll} files (terms, docs, meta)`);
