// The reader's side, end to end, on the BUNDLED archive (content/ and briefing.toml of this
// repository) with three clippings of the extraction corpus added (two Korean, one Russian:
// the bundled archive has none in those languages): full-text search for a word deep in one body,
// a name, a filter, a Korean word, a phrase, a shared search URL; then screenshots of home,
// an article, a topic, the timeline and search at 390 and 1280 px, light and dark.
//
// Builds in a temp folder with BRIEFING_BIN (default target/debug/briefing), serves the site
// from 127.0.0.1, drives Chromium (CHROMIUM) with playwright-core. Fails on any console
// error, page error, failed request or CSP violation. Screenshots go to SCREENSHOTS (default
// target/screenshots). Prints "N passed, N failed" last.
//
// Usage: node tests/browser/reader.mjs [--keep]
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { serve, checks, assert, CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const BIN = resolve(REPO, process.env.BRIEFING_BIN || 'target/debug/briefing');
const SHOTS = resolve(REPO, process.env.SCREENSHOTS || 'target/screenshots');
const KEEP = process.argv.includes('--keep');
const ADDED = ['c01_daum.txt', 'c04_chosun.txt', 'c11_interfax.txt'];

const { check, finish } = checks();

// ---------- the bundled archive, built ----------
for (const [what, path] of [['briefing binary', BIN], ['Chromium', CHROMIUM]]) {
  if (!existsSync(path)) {
    console.error(`${what} not found at ${path} (set BRIEFING_BIN / CHROMIUM)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'briefing-reader-'));
cpSync(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
cpSync(join(REPO, 'briefing.toml'), join(dir, 'briefing.toml'));
for (const d of ['templates', 'static']) if (existsSync(join(REPO, d))) cpSync(join(REPO, d), join(dir, d), { recursive: true });
for (const f of ADDED) cpSync(join(REPO, 'tests/corpus/raw', f), join(dir, 'content/clippings', f));
const build = spawnSync(BIN, ['build', '--root', dir], { encoding: 'utf8' });
if (build.status !== 0) {
  console.error(`briefing build failed:\n${build.stdout}\n${build.stderr}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const SITE = join(dir, 'site');
const INDEX = join(SITE, 'search');
const json = (p) => JSON.parse(readFileSync(p, 'utf8'));
const docs = readdirSync(INDEX).filter((f) => /^docs-\d+\.json$/.test(f)).sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5))).flatMap((f) => json(join(INDEX, f)));
/** An article's text as search reads it from its page: standfirst, then the body's blocks (roughly). */
function pageText(url) {
  const html = readFileSync(join(SITE, url, 'index.html'), 'utf8');
  const lede = html.match(/<p class="standfirst"[^>]*>([\s\S]*?)<\/p>/)?.[1] ?? '';
  const body = html.match(/<div class="body"[^>]*>([\s\S]*?)<\/div>\s*<\/article>/)?.[1] ?? '';
  const text = (s) => s.replace(/<[^>]*>/g, '\n').replace(/&[^;\s]{1,10};/g, ' ');
  return [text(lede), ...text(body).split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean)];
}
const texts = new Map(docs.map((d) => [d[1], pageText(d[1])]));
const sandbox = { module: { exports: {} } };
runInNewContext(readFileSync(join(REPO, 'static/search.js'), 'utf8'), sandbox);
const { terms } = sandbox.module.exports;

/** A word found in one article only, past its first 200 words (so not in its opening). */
function deepWord() {
  const count = new Map();
  const all = docs.map((d) => {
    const t = new Set(terms([d[0], d[3], ...texts.get(d[1])].join('\n')));
    for (const x of t) count.set(x, (count.get(x) ?? 0) + 1);
    return t;
  });
  for (const d of docs) {
    const body = texts.get(d[1]).slice(1).join('\n');
    const words = body.split(/\s+/);
    for (const w of words.slice(200).reverse()) {
      const t = terms(w);
      if (t.length === 1 && /^[a-z]{7,}$/.test(t[0]) && count.get(t[0]) === 1 && !terms(words.slice(0, 200).join(' ')).includes(t[0])) {
        return { word: w.replace(/[^\p{L}]/gu, ''), title: d[0] };
      }
    }
  }
  return null;
}

const srv = await serve(SITE);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const CSP = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
};

function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    // (The browser asks for /favicon.ico by itself; the site has none.)
    if (/Failed to load resource/.test(m.text()) && (m.location()?.url ?? '').endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

async function open(ctx, path) {
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(srv.origin + path, { waitUntil: 'load' });
  return { page, problems };
}

async function clean(page, problems) {
  problems.push(...(await page.evaluate(() => window.__csp ?? [])).map((c) => `CSP: ${c}`));
  assert(problems.length === 0, problems.join('\n'));
}

/** Waits until the status speaks of the current query, then reads the result titles. */
async function results(page) {
  await page.waitForFunction(() => document.getElementById('search-status').textContent.length > 0 && !document.getElementById('search-form').hasAttribute('aria-busy'), null, { timeout: 8000 });
  return (await page.locator('#search-results .card-title').allInnerTexts()).map((t) => t.trim());
}

async function search(page, q) {
  await page.locator('#q').fill(q);
  await page.locator('#search-form button[type=submit]').click();
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, q, { timeout: 5000 });
  return results(page);
}

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await ctx.addInitScript(CSP);
let shoigu = null;

await check('search: a word found only deep in one body finds that article', async () => {
  const deep = deepWord();
  assert(deep, 'no word of one article only past its first 200 words');
  const { page, problems } = await open(ctx, '/search/');
  const titles = await search(page, deep.word);
  assert(titles.length === 1 && titles[0] === deep.title, `"${deep.word}" found ${JSON.stringify(titles)}, not ${deep.title}`);
  const mark = await page.locator('#search-results .excerpt mark').first().innerText();
  assert(terms(mark)[0] === terms(deep.word)[0], `excerpt highlights "${mark}", not "${deep.word}"`);
  await clean(page, problems);
  await page.close();
});

await check('search: "Shoigu", filtered by topic, leads to an article about him', async () => {
  const { page, problems } = await open(ctx, '/search/');
  const all = await search(page, 'Shoigu');
  assert(all.length >= 2, `"Shoigu" found ${all.length} articles`);
  await page.locator('#filter-topic').selectOption('nk-russia');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('topic') === 'nk-russia');
  const filtered = await results(page);
  assert(filtered.length >= 1 && filtered.length <= all.length && filtered.every((t) => all.includes(t)), `with the topic: ${JSON.stringify(filtered)} of ${JSON.stringify(all)}`);
  const date = await page.locator('#search-results .date').first().innerText();
  const source = await page.locator('#search-results .source').count();
  assert(/\d{4}/.test(date) && source > 0, `results show no date or source (${date})`);
  shoigu = { title: filtered[0], year: date.match(/\d{4}/)[0] };
  await page.locator('#search-results .card-title a').first().click();
  await page.waitForLoadState('load');
  assert((await page.locator('h1').innerText()).trim() === filtered[0], 'the result opened another article');
  assert(/shoigu/i.test(await page.locator('main').innerText()), 'the article does not name Shoigu');
  assert(/North Korea–Russia/.test(await page.locator('main').innerText()), 'the article is not in the topic');
  await clean(page, problems);
  await page.close();
});

await check('search: a Korean word finds the Korean clipping that has it with a particle', async () => {
  const { page, problems } = await open(ctx, '/search/');
  const titles = await search(page, '쇼이구');
  assert(titles.length >= 1 && titles.some((t) => /[\uac00-\ud7a3]/.test(t)), `"쇼이구" found ${JSON.stringify(titles)}`);
  const russia = await search(page, '러시아');
  assert(russia.filter((t) => /[\uac00-\ud7a3]/.test(t)).length >= 2, `"러시아" found ${JSON.stringify(russia)}`);
  const marks = await page.locator('#search-results mark').allInnerTexts();
  assert(marks.some((m) => m.startsWith('러시아') && m !== '러시아'), `no word with a particle highlighted: ${JSON.stringify(marks.slice(0, 10))}`);
  await clean(page, problems);
  await page.close();
});

await check('search: a Russian name finds the Russian clipping, whatever its case', async () => {
  const { page, problems } = await open(ctx, '/search/');
  const lower = await search(page, 'шойгу');
  const upper = await search(page, 'ШОЙГУ');
  assert(lower.length >= 1 && lower.some((t) => /[\u0400-\u04ff]/.test(t)), `"шойгу" found ${JSON.stringify(lower)}`);
  assert(JSON.stringify(lower) === JSON.stringify(upper), `"ШОЙГУ" found ${JSON.stringify(upper)}`);
  await clean(page, problems);
  await page.close();
});

await check('search: a phrase in quotes needs its words side by side', async () => {
  const { page, problems } = await open(ctx, '/search/');
  const loose = await search(page, 'Security Council');
  const phrase = await search(page, '"Security Council"');
  const reversed = await search(page, '"Council Security"');
  assert(phrase.length >= 1 && phrase.length <= loose.length, `phrase ${phrase.length}, words ${loose.length}`);
  assert(reversed.length === 0, `"Council Security" found ${JSON.stringify(reversed)}`);
  await clean(page, problems);
  await page.close();
});

await check('search: a shared URL with q, topic and year gives the same results', async () => {
  assert(shoigu, 'the Shoigu check did not run');
  const { page, problems } = await open(ctx, '/search/');
  await search(page, 'Shoigu');
  await page.locator('#filter-topic').selectOption('nk-russia');
  await page.locator('#filter-year').selectOption(shoigu.year);
  await page.waitForFunction((y) => new URL(location.href).searchParams.get('year') === y, shoigu.year);
  const here = await results(page);
  const shared = page.url();
  assert(/[?&]q=Shoigu/.test(shared) && /topic=nk-russia/.test(shared), `address ${shared}`);
  const other = await open(ctx, new URL(shared).pathname + new URL(shared).search);
  const there = await results(other.page);
  assert(JSON.stringify(here) === JSON.stringify(there) && here.includes(shoigu.title), `here ${JSON.stringify(here)}, shared ${JSON.stringify(there)}`);
  assert((await other.page.locator('#filter-year').inputValue()) === shoigu.year, 'the year filter is not restored');
  await clean(other.page, other.problems);
  await clean(page, problems);
  await page.close();
  await other.page.close();
});
await check('topic hub: the nk-russia page shows its key events and the strip, each bar a month link', async () => {
  const { page, problems } = await open(ctx, '/topics/nk-russia/');
  const events = await page.locator('section.key-events ol.events > li').count();
  assert(events > 0, 'no key events on the nk-russia page');
  const months = page.locator('figure.strip a.strip-month');
  assert((await months.count()) > 0, 'no month links in the strip');
  // A bar leads to its month page, which lists articles of that topic.
  const label = await months.first().getAttribute('title');
  await months.first().click();
  await page.waitForLoadState('load');
  assert(/\/timeline\/\d{4}\/\d{2}\//.test(page.url()), `the bar "${label}" led to ${page.url()}`);
  assert((await page.locator('main article, main .card').count()) > 0, `the month page ${page.url()} lists nothing`);
  await clean(page, problems);
  await page.close();
});
await ctx.close();

// ---------- screenshots ----------
await check(`screenshots: home, article, topic, timeline, search at 390 and 1280 px, light and dark (in ${SHOTS})`, async () => {
  const article = docs.find((d) => d[0] === shoigu?.title) ?? docs[0];
  const pages = [['home', '/'], ['article', article[1]], ['topic', '/topics/nk-russia/'], ['timeline', '/timeline/'], ['search', '/search/?q=Shoigu&topic=nk-russia']];
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark']) {
    for (const width of [390, 1280]) {
      const c = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: scheme });
      await c.addInitScript(CSP);
      for (const [name, path] of pages) {
        const { page, problems } = await open(c, path);
        if (name === 'search') await results(page);
        await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: name === 'search' });
        await clean(page, problems);
        await page.close();
      }
      await c.close();
    }
  }
});

await browser.close();
await srv.close();
if (KEEP) console.log(`site kept in ${SITE}`);
else rmSync(dir, { recursive: true, force: true });
finish();
