// Shared helpers for the browser tests and the screenshot script: a tiny static file server
// and the Chromium launch options.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join, normalize, extname, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves `root` on 127.0.0.1 (a free port). Pretty URLs map to index.html; misses get 404.html. */
export function serve(root) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let st = statSafe(file);
    if (st?.isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
      st = statSafe(file);
    }
    let status = 200;
    if (!st?.isFile()) {
      status = 404;
      file = join(root, '404.html');
      st = statSafe(file);
      if (!st) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
    }
    res.writeHead(status, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function statSafe(p) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** A failed expectation: reported by its message alone (other errors with their stack). */
export class Assert extends Error {}
export function assert(cond, msg) {
  if (!cond) throw new Assert(msg);
}

/**
 * A run of named checks: `check(name, fn)` runs one (only those whose name holds `only`, when
 * given) and prints "ok - name" or "not ok - name" with the reason; `finish()` prints
 * "N passed, N failed" and exits non-zero on any failure.
 */
export function checks(only = null) {
  let passed = 0;
  let failed = 0;
  async function check(name, fn) {
    if (only && !name.includes(only)) return;
    try {
      await fn();
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}`);
      const why = e instanceof Assert ? e.message : String(e?.stack ?? e?.message ?? e);
      for (const line of why.split('\n').slice(0, 30)) console.log(`    ${line}`);
    }
  }
  function finish() {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  }
  return { check, finish };
}
