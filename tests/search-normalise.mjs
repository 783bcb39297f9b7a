// The browser's normaliser (static/search.js) against the cases src/terms.rs is tested with:
// one definition of a search term, checked on both sides. Run: node tests/search-normalise.mjs
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';

const root = new URL('..', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('tests/search-normalise.json', root), 'utf8'));
// The script exports its normaliser when there is a `module` and no document (as here).
const sandbox = { module: { exports: {} } };
runInNewContext(readFileSync(new URL('static/search.js', root), 'utf8'), sandbox);
const { terms } = sandbox.module.exports;
assert.equal(typeof terms, 'function', 'static/search.js exports no terms()');
let failed = 0;
for (const [input, want] of cases) {
  const got = Array.from(terms(input));
  try {
    assert.deepEqual(got, want);
  } catch {
    failed++;
    console.error(`FAIL ${JSON.stringify(input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}
console.log(`${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
