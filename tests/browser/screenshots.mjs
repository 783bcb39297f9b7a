// Screenshots of a built site for design review: 1280 and 375 px wide, light and dark.
// Usage: node tests/browser/screenshots.mjs SITE_DIR OUT_DIR [path ...]
// Environment: FULL=1 for full-page shots; SEGMENTS=n for n viewport shots scrolling down.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve, CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const [site, out, ...paths] = process.argv.slice(2);
if (!site || !out) {
  console.error('usage: node tests/browser/screenshots.mjs SITE_DIR OUT_DIR [path ...]');
  process.exit(2);
}
const pages = paths.length ? paths : ['/', '/articles/putin-and-kim-sign-comprehensive-strategic-partnership-treaty-in-pyongyang/', '/topics/nk-russia/', '/timeline/', '/timeline/2024/', '/search/?q=putin', '/people/', '/topics/'];
mkdirSync(out, { recursive: true });
const srv = await serve(resolve(site));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const full = process.env.FULL === '1';
for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 375]) {
    const ctx = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 740 }, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    for (const p of pages) {
      await page.goto(srv.origin + p);
      await page.waitForTimeout(p.includes('search') ? 600 : 50);
      const name = (p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').slice(0, 40) || 'home') + `-${width}-${scheme}.png`;
      await page.screenshot({ path: `${out}/${name}`, fullPage: full });
      console.log(`${out}/${name}`);
      // SEGMENTS=n: also n viewport-sized shots further down the page.
      for (let k = 1; k < Number(process.env.SEGMENTS || 0); k++) {
        await page.evaluate((y) => window.scrollTo(0, y), k * (width > 500 ? 900 : 740));
        await page.waitForTimeout(50);
        const seg = name.replace('.png', `-${k}.png`);
        await page.screenshot({ path: `${out}/${seg}` });
        console.log(`${out}/${seg}`);
      }
    }
    await ctx.close();
  }
}
await browser.close();
await srv.close();
