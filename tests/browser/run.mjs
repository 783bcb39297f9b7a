// Browser tests for the built site: accessibility (axe-core), layout at phone width, pages
// without JavaScript, search, CSP and console cleanliness, and hostile titles (XSS).
//
// Builds a fixture archive in a temp folder with the briefing binary (BRIEFING_BIN, default
// target/debug/briefing), serves its site/ from 127.0.0.1 and drives Debian's Chromium
// (CHROMIUM, default /usr/bin/chromium) with playwright-core. Prints "N passed, N failed" last
// and exits non-zero on any failure.
//
// Usage: node tests/browser/run.mjs [--keep] [--only SUBSTRING]
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { writeFixture, REPO, XSS_TITLE, XSS_BODY, PUTIN_TITLE, JSON_TITLE, RAW_TITLE } from './fixture.mjs';
import { serve, checks, assert, CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const BIN = resolve(REPO, process.env.BRIEFING_BIN || 'target/debug/briefing');
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const { check, finish } = checks(ONLY);

// ---------- fixture ----------
if (!existsSync(BIN)) {
  console.error(`briefing binary not found at ${BIN}: run \`cargo build\` first, or set BRIEFING_BIN`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'briefing-browser-'));
const fixture = writeFixture(dir);
const build = spawnSync(BIN, ['build', '--root', dir, '--quiet'], { encoding: 'utf8' });
if (build.status !== 0) {
  console.error(`briefing build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const SITE = join(dir, 'site');
const srv = await serve(SITE);
const url = (p) => srv.origin + p;

// Article URLs, looked up in the built search index (the build decides the slugs).
const docs = readdirSync(join(SITE, 'search'))
  .filter((f) => /^docs-\d+\.json$/.test(f))
  .sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)))
  .flatMap((f) => JSON.parse(readFileSync(join(SITE, 'search', f), 'utf8')));
const urlOfTitle = (title) => {
  const d = docs.find((x) => x[0] === title);
  if (!d) throw new Error(`no article titled ${JSON.stringify(title)} in the built index`);
  return d[1];
};
const ARTICLE = urlOfTitle(PUTIN_TITLE);
const XSS_ARTICLE = urlOfTitle(XSS_TITLE);
const CODE_ARTICLE = urlOfTitle(JSON_TITLE);
const RAW_ARTICLE = urlOfTitle(RAW_TITLE);

/** The pages every check visits: [name, path]. */
const PAGES = [
  ['home', '/'],
  ['article', ARTICLE],
  ['article with code', CODE_ARTICLE],
  ['article with hostile title', XSS_ARTICLE],
  ['topic', '/topics/nk-russia/'],
  ['topic page 2', '/topics/nk-russia/page/2/'],
  ['other topic', '/topics/other/'],
  ['topics index', '/topics/'],
  ['timeline', '/timeline/'],
  ['year', '/timeline/2024/'],
  ['month', '/timeline/2024/06/'],
  ['month not known', '/timeline/2023/month-not-known/'],
  ['people', '/people/'],
  ['person', '/people/vladimir-putin/'],
  ['sources', '/sources/'],
  ['source', '/sources/yonhap/'],
  ['search with results', '/search/?q=putin'],
  ['404', '/no-such-page/'],
];

// ---------- browser ----------
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

/**
 * Records console errors, page errors, CSP violations, failed requests and dialogs on a page.
 * `allow`: URL suffixes whose 404 is expected (the 404 page itself; what a sanitizer left).
 */
function watch(page, allow = []) {
  const problems = [];
  const allowed = (u) => allow.some((a) => (u || '').endsWith(a));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Failed to load resource/.test(m.text()) && allowed(m.location()?.url)) return;
    if (m.type() === 'error' || m.type() === 'warning' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()} (${m.location()?.url ?? ''})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !allowed(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** Init script: record CSP violations the page reports (securitypolicyviolation events). */
const CSP_RECORDER = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
};

/** Opens a page; on a search page with ?q=, waits for results unless `results: false`. */
async function open(ctx, path, { results = true, allow = [] } = {}) {
  const page = await ctx.newPage();
  // The browser asks for /favicon.ico by itself; the site has none (no page links one).
  const problems = watch(page, ['/no-such-page/', '/favicon.ico', ...allow]);
  const res = await page.goto(url(path), { waitUntil: 'load' });
  if (path.startsWith('/search/?q=') && results) {
    await page.waitForSelector('#search-results li', { timeout: 5000 });
  }
  const csp = await page.evaluate(() => window.__csp ?? []).catch(() => []);
  problems.push(...csp.map((c) => `CSP violation: ${c}`));
  return { page, problems, status: res?.status() };
}

function formatViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join('; ')}`).join('\n'))
    .join('\n');
}

// (a) accessibility + (e) console/CSP + (f) no dialogs, in light and dark
for (const scheme of ['light', 'dark']) {
  const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(CSP_RECORDER);
  await ctx.addInitScript({ path: AXE_PATH });
  for (const [name, path] of PAGES) {
    await check(`axe ${scheme}: ${name} (${path}) has no WCAG 2.2 AA violations`, async () => {
      const { page, problems } = await open(ctx, path);
      try {
        const result = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
        }, AXE_TAGS);
        assert(result.length === 0, `axe found ${result.length} violation(s):\n    ${formatViolations(result)}`);
        assert(problems.length === 0, `console/CSP/dialog problems:\n    ${problems.join('\n    ')}`);
      } finally {
        await page.close();
      }
    });
  }
  await check(`${scheme} scheme: the page background follows prefers-color-scheme`, async () => {
    const { page } = await open(ctx, '/');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.close();
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    const light = (r + g + b) / 3 > 128;
    assert(light === (scheme === 'light'), `body background ${bg} is not ${scheme}`);
  });
  await ctx.close();
}

// (b) no horizontal overflow at 375 px; code blocks scroll inside themselves
{
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  for (const [name, path] of PAGES) {
    await check(`375px: ${name} (${path}) has no horizontal overflow`, async () => {
      const { page, problems } = await open(ctx, path);
      const m = await page.evaluate(() => {
        const vw = window.innerWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > vw + 1 && !e.closest('pre, table, .visually-hidden');
          })
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} right=${Math.round(e.getBoundingClientRect().right)}`);
        return { sw: document.documentElement.scrollWidth, vw, wide };
      });
      await page.close();
      assert(m.sw <= m.vw, `scrollWidth ${m.sw} > innerWidth ${m.vw}; too wide: ${m.wide.join(', ')}`);
      assert(problems.length === 0, problems.join('\n    '));
    });
  }
  await check('375px: a long code line scrolls inside its code block, which takes keyboard focus', async () => {
    const { page } = await open(ctx, CODE_ARTICLE);
    const m = await page.evaluate(() => {
      const pre = document.querySelector('pre.code');
      const box = [pre, pre?.querySelector('code')].find((e) => e && e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto');
      return pre && { scrolls: !!box, focusable: !!box && box.tabIndex >= 0, right: pre.getBoundingClientRect().right, vw: innerWidth };
    });
    await page.close();
    assert(m, 'no pre.code on the code article');
    assert(m.scrolls && m.focusable, `the code block does not scroll by itself, or cannot be focused: ${JSON.stringify(m)}`);
    assert(m.right <= m.vw, `pre.code sticks out of the page: ${JSON.stringify(m)}`);
  });
  await ctx.close();
}

// keyboard: the skip link appears on focus and moves focus to main; print hides the nav
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await check('keyboard: the first Tab shows the skip link, which leads to main', async () => {
    const { page } = await open(ctx, ARTICLE);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { cls: a.className, text: a.textContent, top: r.top, bottom: r.bottom, h: r.height, outline: getComputedStyle(a).outlineStyle };
    });
    assert(skip.cls === 'skip', `first focus is not the skip link: ${JSON.stringify(skip)}`);
    assert(skip.top >= 0 && skip.h >= 24, `skip link not visible on focus: ${JSON.stringify(skip)}`);
    assert(skip.outline !== 'none', 'skip link has no visible focus outline');
    await page.keyboard.press('Enter');
    // (Following a fragment link updates the address a moment after the key press.)
    await page.waitForURL(/#main$/, { timeout: 3000 }).catch(() => {});
    assert(page.url().endsWith('#main'), `skip link did not go to #main: ${page.url()}`);
    await page.close();
  });
  await check('keyboard: nav and pager links have a visible focus outline and are at least 24px', async () => {
    const { page } = await open(ctx, '/topics/nk-russia/page/2/');
    const bad = await page.evaluate(() => {
      const out = [];
      for (const a of document.querySelectorAll('.masthead nav a, .pager a')) {
        a.focus();
        const s = getComputedStyle(a);
        const r = a.getBoundingClientRect();
        if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) out.push(`${a.textContent}: outline ${s.outlineStyle} ${s.outlineWidth}`);
        if (r.width < 24 || r.height < 24) out.push(`${a.textContent}: ${r.width}x${r.height}`);
      }
      return out;
    });
    await page.close();
    assert(bad.length === 0, bad.join('; '));
  });
  await check('print: the masthead nav, footer and pager are hidden', async () => {
    const { page } = await open(ctx, '/topics/nk-russia/');
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() =>
      ['.masthead nav', '.site-footer', '.pager', '.skip'].filter((s) => {
        const e = document.querySelector(s);
        return e && getComputedStyle(e).display !== 'none';
      }),
    );
    await page.close();
    assert(shown.length === 0, `still shown in print: ${shown.join(', ')}`);
  });
  await check('print: an article shows its date, source and original address, without navigation', async () => {
    const { page } = await open(ctx, ARTICLE);
    await page.emulateMedia({ media: 'print' });
    const seen = await page.evaluate(() => {
      const shown = (e) => e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
      const original = document.querySelector('.facts a[rel~="nofollow"]');
      return {
        nav: ['.masthead nav', '.site-footer', '.prev-next', '.related'].filter((s) => shown(document.querySelector(s))),
        date: shown(document.querySelector('.facts time')),
        source: document.querySelector('.facts')?.textContent.includes('Yonhap'),
        after: original ? getComputedStyle(original, '::after').content : '',
        href: original?.href,
      };
    });
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      assert(pdf.length > 1000, `${format}: empty PDF`);
    }
    await page.close();
    assert(seen.nav.length === 0, `still shown in print: ${seen.nav.join(', ')}`);
    assert(seen.date && seen.source, `date or source not printed: ${JSON.stringify(seen)}`);
    assert(seen.href && seen.after.includes(seen.href), `the original's address is not printed: ${JSON.stringify(seen)}`);
  });
  await check('filters: choosing a source hides the other sources\' articles and says how many match', async () => {
    const { page, problems } = await open(ctx, '/topics/nk-russia/');
    const select = page.locator('#filter-source');
    assert((await select.count()) === 1, 'no source filter on the topic page');
    const total = await page.locator('[data-filter-list] li[data-year]').count();
    const source = await page.locator('[data-filter-list] li[data-year]').first().getAttribute('data-source');
    await select.selectOption(source);
    const visible = await page.locator('[data-filter-list] li[data-year]:not([hidden])').evaluateAll((lis) =>
      lis.filter((li) => li.getClientRects().length > 0).map((li) => li.dataset.source));
    assert(visible.length > 0 && visible.length < total, `${visible.length} of ${total} shown`);
    assert(visible.every((s) => s === source), `other sources shown: ${visible.join(', ')}`);
    const status = (await page.locator('.filter-status').textContent()).trim();
    assert(status.startsWith(`${visible.length} of the ${total}`), `status: ${status}`);
    await select.selectOption('');
    const again = await page.locator('[data-filter-list] li[data-year]:not([hidden])').count();
    await page.close();
    assert(again === total, `${again} of ${total} shown after the filter is cleared`);
    assert(problems.length === 0, problems.join('\n'));
  });
  await ctx.close();
}

// (c) without JavaScript: content is there and links work
{
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  await check('no JS: home lists articles and a card link opens its article', async () => {
    const { page, problems } = await open(ctx, '/');
    const cards = await page.locator('.latest .card').count();
    assert(cards >= 10, `home shows ${cards} cards`);
    const first = page.locator('.latest .card-title a').first();
    const title = (await first.textContent()).trim();
    await first.click();
    await page.waitForLoadState('load');
    const h1 = (await page.locator('h1').textContent()).trim();
    assert(h1 === title, `clicked "${title}", got page "${h1}"`);
    assert((await page.locator('.facts time[datetime]').count()) === 1, 'article has no <time datetime> in its facts');
    await page.close();
    assert(problems.length === 0, problems.join('\n    '));
  });
  await check('no JS: the article shows its body, facts, prev/next and related', async () => {
    const { page } = await open(ctx, ARTICLE);
    const body = await page.locator('.body').innerText();
    assert(body.includes('Treaty on Comprehensive Strategic Partnership'), 'article body missing');
    for (const sel of ['.standfirst', '.facts', '.prev-next a', '.related .card', '.markers .marker-nk-russia', 'table', '.footnote-definition']) {
      assert((await page.locator(sel).count()) > 0, `article lacks ${sel}`);
      assert(await page.locator(sel).first().isVisible(), `${sel} is not visible`);
    }
    await page.locator('.prev-next a').first().click();
    await page.waitForLoadState('load');
    assert((await page.locator('article.article h1').count()) === 1, 'prev/next link did not open an article');
    await page.close();
  });
  await check('no JS: the timeline lists years and months, and a month link opens that month', async () => {
    const { page } = await open(ctx, '/timeline/');
    const years = await page.locator('.year-row').count();
    assert(years >= 3, `timeline shows ${years} years`);
    // Undated articles have a paginated listing of their own, linked from the timeline.
    const undated = page.locator('section[aria-labelledby="undated"] a');
    assert((await undated.count()) === 1, 'no link to the undated articles on the timeline');
    await undated.click();
    await page.waitForLoadState('load');
    assert((await page.locator('.card').count()) >= 1, 'the undated listing shows no card');
    await page.goBack();
    const link = page.locator('.year-row .months a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForLoadState('load');
    assert(new URL(page.url()).pathname === new URL(href, page.url()).pathname, `month link ${href} led to ${page.url()}`);
    const h1 = (await page.locator('h1').textContent()).trim();
    assert(/^[A-Z][a-z]+ \d{4}$|^\d{4}, month not known$/.test(h1), `month page heading: ${h1}`);
    assert((await page.locator('ol.cards .card').count()) >= 1, 'the month page lists no article');
    // Its year leads back to the months.
    await page.locator('.kicker a').nth(1).click();
    await page.waitForLoadState('load');
    assert((await page.locator('.month-index a').count()) >= 1, `year page ${page.url()} lists no month`);
    await page.close();
  });
  await check('no JS: the search page explains how to browse instead', async () => {
    const { page } = await open(ctx, '/search/');
    const text = await page.locator('main').innerText();
    assert(/needs JavaScript/i.test(text), 'no <noscript> explanation on the search page');
    await page.close();
  });
  await ctx.close();
}

// (d) search
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(CSP_RECORDER);
  await check('search: typing "putin" shows results, updates the URL, and a result opens the article', async () => {
    const { page, problems } = await open(ctx, '/search/');
    await page.locator('#q').pressSequentially('putin', { delay: 40 });
    await page.waitForSelector('#search-results li');
    const titles = await page.locator('#search-results .card-title').allInnerTexts();
    assert(titles.some((t) => t.trim() === PUTIN_TITLE), `"${PUTIN_TITLE}" not among ${JSON.stringify(titles)}`);
    assert(titles.length <= 50, `${titles.length} results shown (max 50)`);
    const status = await page.locator('#search-status').innerText();
    assert(/\d+ articles? match/.test(status), `status says "${status}"`);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'putin', null, { timeout: 3000 });
    await page.locator('#search-results a', { hasText: PUTIN_TITLE }).first().click();
    await page.waitForLoadState('load');
    assert(new URL(page.url()).pathname === ARTICLE, `went to ${page.url()}, not ${ARTICLE}`);
    assert((await page.locator('h1').innerText()).trim() === PUTIN_TITLE, 'article title differs');
    const csp = await page.evaluate(() => window.__csp);
    await page.close();
    problems.push(...csp);
    assert(problems.length === 0, problems.join('\n    '));
  });
  await check('search: ?q= runs the query on load; ranks title matches first; AND of terms', async () => {
    const { page, problems } = await open(ctx, '/search/?q=sanctions%20panel');
    assert((await page.locator('#q').inputValue()) === 'sanctions panel', 'the input does not show ?q=');
    const titles = (await page.locator('#search-results .card-title').allInnerTexts()).map((t) => t.trim());
    assert(titles.length >= 2, `only ${titles.length} results`);
    const wanted = ['Security Council fails to renew sanctions panel mandate', JSON_TITLE];
    for (const w of wanted) assert(titles.slice(0, 2).includes(w), `"${w}" not in the top two: ${JSON.stringify(titles)}`);
    for (const t of titles) {
      const d = docs.find((x) => x[0] === t);
      assert(d, `unknown result ${t}`);
    }
    await page.close();
    assert(problems.length === 0, problems.join('\n    '));
  });
  await check('search: the last word matches as a prefix while typing; diacritics are ignored', async () => {
    const { page } = await open(ctx, '/search/');
    await page.locator('#q').fill('vladiv');
    await page.waitForSelector('#search-results li');
    const titles = await page.locator('#search-results .card-title').allInnerTexts();
    assert(titles.some((t) => t.includes('Vladivostok')), `prefix "vladiv" found ${JSON.stringify(titles)}`);
    // Waits until the status reports on exactly this query.
    const settle = (q) => page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(`“${q}”`), q, { timeout: 5000 });
    await page.locator('#q').fill('salmón');
    await settle('salmón');
    const n = await page.locator('#search-results li').count();
    assert(n > 0, 'no results for "salmón" (people are indexed)');
    await page.locator('#q').fill('SALMON');
    await settle('SALMON');
    const n2 = await page.locator('#search-results li').count();
    assert(n2 === n, `"SALMON" found ${n2}, "salmón" ${n}`);
    await page.close();
  });
  await check('search: no match and stop words only are explained in the status', async () => {
    const { page } = await open(ctx, '/search/?q=zzqqxx', { results: false });
    await page.waitForFunction(() => document.getElementById('search-status').textContent.length > 0);
    assert(/No articles match/.test(await page.locator('#search-status').innerText()), 'no "No articles match" status');
    assert((await page.locator('#search-results li').count()) === 0, 'results shown for nonsense');
    await page.locator('#q').fill('the ');
    await page.waitForTimeout(500);
    assert(/two letters|not indexed/.test(await page.locator('#search-status').innerText()), 'stop-word query not explained');
    await page.close();
  });
  await check('search: the status is a polite live region', async () => {
    const { page } = await open(ctx, '/search/');
    const live = await page.locator('#search-status').evaluate((e) => [e.getAttribute('role'), e.getAttribute('aria-live')]);
    await page.close();
    assert(live[0] === 'status' || live[1] === 'polite', `status region: ${live}`);
  });
  await check('search: fetches only the shards a query needs', async () => {
    const page = await ctx.newPage();
    const fetched = [];
    const asked = [];
    const pages = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.includes('/search/') && u.pathname.endsWith('.json')) {
        fetched.push(u.pathname);
        asked.push(u.pathname + u.search);
      }
      if (u.pathname.startsWith('/articles/')) pages.push(u.pathname + u.search);
    });
    await page.goto(url('/search/?q=putin'));
    await page.waitForSelector('#search-results li');
    await page.close();
    const terms = fetched.filter((f) => /\/(terms|recent)-/.test(f));
    assert(terms.length >= 1 && terms.every((f) => f.endsWith('-put.json')), `term shards fetched: ${terms}`);
    assert(fetched.includes('/search/meta.json'), 'meta.json not fetched');
    // Every file but meta.json is asked for with the index's generation: never a stale mix.
    const gen = JSON.parse(readFileSync(join(SITE, 'search', 'meta.json'), 'utf8')).generation;
    const versioned = asked.filter((f) => !f.startsWith('/search/meta.json'));
    assert(gen && versioned.length >= 2 && versioned.every((f) => f.endsWith(`?v=${gen}`)), `asked: ${asked}`);
    // Excerpts come from the pages of the results shown, and only those.
    assert(pages.length >= 1 && pages.length <= 10 && pages.every((f) => /^\/articles\/[a-z0-9-]+\/$/.test(f)), `pages asked: ${pages}`);
  });
  await ctx.close();
}

// (f) hostile titles: no dialog anywhere, strings shown as text
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(CSP_RECORDER);
  const hostilePages = [
    ['article', XSS_ARTICLE],
    ['raw HTML body', RAW_ARTICLE],
    ['home', '/'],
    ['topic', '/topics/un-diplomacy/'],
    ['topic page 2', '/topics/un-diplomacy/page/2/'],
    ['topic page 3', '/topics/un-diplomacy/page/3/'],
    ['person', '/people/vladimir-putin/'],
    ['person page 2', '/people/vladimir-putin/page/2/'],
    ['year', '/timeline/2024/'],
    ['month', '/timeline/2024/02/'],
    ['source', '/sources/nk-news/'],
    ['search', '/search/?q=probe'],
    ['search typed', '/search/'],
  ];
  for (const [name, path] of hostilePages) {
    await check(`xss: ${name} (${path}) runs no injected code and shows the strings as text`, async () => {
      // The sanitizer keeps a harmless <img src="x"> of the raw-HTML probe; its 404 is expected.
      const { page, problems, status } = await open(ctx, path, { allow: name === 'raw HTML body' ? [`${RAW_ARTICLE}x`] : [] });
      if (status === 404) {
        await page.close();
        return; // the listing has fewer pages than expected; nothing to check
      }
      if (name === 'search typed') {
        await page.locator('#q').fill('probe script alert');
        await page.waitForSelector('#search-results li');
      }
      await page.waitForTimeout(100);
      const r = await page.evaluate(() => ({
        imgs: [...document.querySelectorAll('img, iframe, object, embed')].filter((i) => i.tagName !== 'IMG' || !/^(\/|https?:|[a-z0-9._-]+$)/i.test(i.getAttribute('src') || '')).map((i) => i.outerHTML),
        // JSON-LD blocks are data the browser never runs; each must still parse as JSON whole.
        scripts: [...document.scripts].filter((s) => s.type !== 'application/ld+json').map((s) => s.src || `inline: ${s.textContent.slice(0, 60)}`),
        badLd: [...document.querySelectorAll('script[type="application/ld+json"]')].filter((s) => { try { JSON.parse(s.textContent); return false; } catch { return true; } }).length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length,
        text: document.body.innerText,
        h1: document.querySelector('h1')?.textContent.trim(),
      }));
      await page.close();
      assert(r.imgs.length === 0, `embedded elements with odd sources: ${r.imgs.join(', ')}`);
      assert(r.scripts.every((s) => !s.startsWith('inline')) && r.scripts.every((s) => s === '' || s.startsWith(srv.origin + '/static/')), `scripts: ${r.scripts.join(', ')}`);
      assert(r.handlers.length === 0, `event-handler attributes: ${r.handlers.join(', ')}`);
      assert(r.badLd === 0, `${r.badLd} JSON-LD blocks that do not parse`);
      assert(r.jsLinks === 0, `${r.jsLinks} javascript: links`);
      const appears = r.text.includes('<script>alert(1)</script>') && r.text.includes(XSS_BODY);
      if (name === 'article' || name.startsWith('search')) assert(appears, 'the hostile strings are not shown as text');
      if (name === 'article') assert(r.h1 === XSS_TITLE, `h1 is ${JSON.stringify(r.h1)}`);
      assert(problems.length === 0, problems.join('\n    '));
    });
  }
  await ctx.close();
}

// (g) an archive past the search index's first split (1,024 articles): a term's ids are in
// its settled shard and its recent one, and a query finds them in both.
{
  const big = mkdtempSync(join(tmpdir(), 'briefing-browser-big-'));
  mkdirSync(join(big, 'content'), { recursive: true });
  writeFileSync(join(big, 'briefing.toml'), readFileSync(join(dir, 'briefing.toml'), 'utf8'));
  const N = 1100;
  for (let i = 0; i < N; i++) {
    const who = i % 2 ? 'Kim' : 'Putin';
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString().slice(0, 10);
    writeFileSync(join(big, 'content', `r${i}.md`), `+++\ntitle = "${who} report ${i}"\ndate = ${day}\ntopics = ["nk-russia"]\n+++\n\nText.\n`);
  }
  const built = spawnSync(BIN, ['build', '--root', big, '--quiet'], { encoding: 'utf8' });
  const bigSrv = built.status === 0 ? await serve(join(big, 'site')) : null;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await check('search: finds a term in its settled and its recent shard', async () => {
    assert(bigSrv, `build failed: ${built.stderr}`);
    const meta = JSON.parse(readFileSync(join(big, 'site', 'search', 'meta.json'), 'utf8'));
    assert(meta.shards.includes('put') && meta.recent.includes('put'), `meta: ${JSON.stringify(meta).slice(0, 200)}`);
    const page = await ctx.newPage();
    const fetched = [];
    page.on('request', (r) => new URL(r.url()).pathname.endsWith('.json') && fetched.push(new URL(r.url()).pathname));
    const status = (q) => page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(`“${q}”`), q, { timeout: 5000 })
      .then(() => page.locator('#search-status').innerText());
    await page.goto(bigSrv.origin + '/search/?q=putin');
    const exact = await status('putin');
    assert(/^550 articles match/.test(exact), `exact: ${exact}`);
    assert(fetched.includes('/search/terms-put.json') && fetched.includes('/search/recent-put.json'), `fetched: ${fetched}`);
    await page.locator('#q').fill('putin repo');
    const prefix = await status('putin repo');
    assert(/^550 articles match/.test(prefix), `prefix: ${prefix}`);
    const titles = await page.locator('#search-results .card-title').allInnerTexts();
    assert(titles[0] === `Putin report ${N - 2}`, `newest first: ${titles.slice(0, 3)}`);
    await page.close();
  });
  await ctx.close();
  if (bigSrv) await bigSrv.close();
  rmSync(big, { recursive: true, force: true });
}

await browser.close();
await srv.close();
if (KEEP) console.log(`fixture kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
finish();
