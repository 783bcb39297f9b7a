// Portable output in a browser: the bundled archive (briefing.toml and content/ of this
// repository) built with --relative-urls, opened from disk (file://) in headless Chromium,
// and walked by its links: home → a topic → the timeline → a month → an article, then back.
// Every page must have its stylesheet applied and no console error, page error or failed
// request; the search page must say that search needs a web server. Served from a mirror at
// another address (the site under /site/), search finds articles and its results open.
//
// Usage: node tests/browser/portable.mjs (BRIEFING_BIN, CHROMIUM as for run.mjs). Prints
// "N passed, N failed" last and exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './fixture.mjs';
import { Assert, CHROMIUM, CHROMIUM_ARGS, checks, serve } from './lib.mjs';

const BIN = resolve(REPO, process.env.BRIEFING_BIN || 'target/debug/briefing');
const { check, finish } = checks();
function fail(msg) {
  throw new Assert(msg);
}

for (const [what, path] of [['briefing binary', BIN], ['Chromium', CHROMIUM]]) {
  if (!existsSync(path)) {
    console.error(`${what} not found at ${path}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'briefing-portable-'));
cpSync(join(REPO, 'briefing.toml'), join(dir, 'briefing.toml'));
cpSync(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
const build = spawnSync(BIN, ['build', '--root', dir, '--relative-urls', '--quiet'], { encoding: 'utf8' });
if (build.status !== 0) {
  console.error(`briefing build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const HOME = pathToFileURL(join(dir, 'site', 'index.html')).href;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

/** The page is a file of the site, styled by style.css, with nothing reported against it. */
async function looksRight(expect) {
  const url = page.url();
  if (!url.startsWith('file://') || !url.endsWith('.html')) fail(`not a file of the site: ${url}`);
  if (!expect.test(url)) fail(`expected ${expect}, at ${url}`);
  // Set by style.css alone: a page without its stylesheet shows the masthead as a block.
  const display = await page.locator('.masthead .wrap').evaluate((e) => getComputedStyle(e).display);
  if (display !== 'flex') fail(`${url}: the stylesheet is not applied (masthead display: ${display})`);
  const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).length);
  if (sheets < 2) fail(`${url}: ${sheets} stylesheets loaded`);
  if (problems.length) fail(`${url}:\n${problems.splice(0).join('\n')}`);
}

/** Follows the first link matching `selector`, as a reader would click it. */
async function follow(selector) {
  const link = page.locator(selector).first();
  const href = await link.getAttribute('href');
  if (!href || href.startsWith('/') || /^[a-z]+:/.test(href)) fail(`${selector}: not a relative link: ${href}`);
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

await check('home, a topic, the timeline, a month and an article open from file:// with their styles', async () => {
  await page.goto(HOME);
  await looksRight(/\/site\/index\.html$/);
  await follow('main a.marker-nk-russia');
  await looksRight(/\/topics\/nk-russia\/index\.html$/);
  await follow('nav[aria-label="Main"] a:text-is("Timeline")');
  await looksRight(/\/timeline\/index\.html$/);
  await follow('main ul.months a');
  await looksRight(/\/timeline\/\d{4}\/[^/]+\/index\.html$/);
  await follow('main .card-title a');
  await looksRight(/\/articles\/[^/]+\/index\.html$/);
  await follow('.masthead .brand a');
  await looksRight(/\/site\/index\.html$/);
});

await check('back through the history, every page still styled', async () => {
  for (const expect of [/\/articles\//, /\/timeline\/\d{4}\//, /\/timeline\/index/, /\/topics\/nk-russia\//, /\/site\/index/]) {
    await page.goBack({ waitUntil: 'load' });
    await looksRight(expect);
  }
});

await check('search from file:// says it needs a web server, and links to topics and the timeline', async () => {
  await page.goto(HOME);
  await follow('nav[aria-label="Main"] a:text-is("Search")');
  await looksRight(/\/search\/index\.html$/);
  const note = page.locator('.search-offline');
  const text = await note.textContent();
  if (!/web server/.test(text) || !/briefing serve/.test(text)) fail(`no clear explanation: ${text}`);
  if (!(await page.locator('#q').isDisabled())) fail('the search box still takes a query that cannot run');
  await follow('.search-offline a:text-is("timeline")');
  await looksRight(/\/timeline\/index\.html$/);
});

await check('on a mirror at another address (the site under /site/), search finds articles and its results open', async () => {
  const srv = await serve(dir);
  const missing = [];
  const onResponse = (r) => {
    if (r.status() >= 400) missing.push(`HTTP ${r.status()}: ${r.url()}`);
  };
  page.on('response', onResponse);
  try {
    await page.goto(`${srv.origin}/site/search/index.html?q=Shoigu`);
    await page.waitForFunction(() => document.querySelectorAll('#search-results .card-title a').length > 0, null, { timeout: 8000 });
    const excerpt = await page.locator('#search-results .excerpt').first().textContent();
    if (!excerpt || !excerpt.trim()) fail('the first result has no excerpt');
    const link = page.locator('#search-results .card-title a').first();
    await Promise.all([page.waitForEvent('load'), link.click()]);
    if (!/\/site\/articles\/[^/]+\/(index\.html)?$/.test(page.url())) fail(`the result led to ${page.url()}`);
    const display = await page.locator('.masthead .wrap').evaluate((e) => getComputedStyle(e).display);
    if (display !== 'flex') fail(`${page.url()}: the stylesheet is not applied`);
    // (The browser asks for /favicon.ico at the server's root by itself; the site has none.)
    const real = missing.filter((m) => !m.endsWith('/favicon.ico'));
    if (real.length) fail(real.join('\n'));
    // A 404 shows in the console too; the responses above say which.
    const other = problems.splice(0).filter((p) => !/status of 404/.test(p));
    if (other.length) fail(other.join('\n'));
  } finally {
    page.off('response', onResponse);
    await srv.close();
  }
});

await browser.close();
rmSync(dir, { recursive: true, force: true });
finish();
