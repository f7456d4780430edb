// Opens the benchmark page (page.html, bench.js) in Debian's headless Chromium, served as if
// the reference server at `base` had the bench's files: same origin as /dist/, cross-origin
// isolated. With `compareDist` (a dist/ directory of another build), that build is served
// under /bench/compare/ and bench.js defines it as <countersign-compare>, so two builds of the
// widget are measured side by side in one page. Shared by browser.mjs and compare.mjs.

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const TYPES = { html: 'text/html', js: 'text/javascript', mjs: 'text/javascript', wasm: 'application/wasm', txt: 'text/plain; charset=utf-8' };

/** `{ browser, page }` with `window.bench` ready; close `browser` when done. */
export async function openBenchPage(base, { compareDist } = {}) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.error(`bench page: ${error.message}`));
    // Cross-origin isolated, so performance.now() counts in 5 µs steps rather than 100 µs:
    // first paint takes about 1 ms, which the coarse clock reads as 0.7, 0.8 or 0.9.
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    await page.route(`${base}/bench/**`, async (route) => {
      const path = new URL(route.request().url()).pathname.replace('/bench/', '');
      const compared = path.startsWith('compare/') && compareDist ? normalize(path.slice('compare/'.length)) : null;
      let file;
      if (compared !== null) {
        if (compared.startsWith('..') || !/^[\w./-]+$/.test(compared)) return route.fulfill({ status: 404 });
        file = join(compareDist, compared);
      } else {
        if (!/^[a-z]+\.(html|js)$/.test(path)) return route.fulfill({ status: 404 });
        file = new URL(path, import.meta.url);
      }
      const body = await readFile(file).catch(() => null);
      if (body === null) return route.fulfill({ status: 404 });
      const type = TYPES[String(file).split('.').pop()] ?? 'application/octet-stream';
      return route.fulfill({ status: 200, headers, contentType: type, body });
    });
    await page.goto(`${base}/bench/page.html${compareDist ? '?compare' : ''}`);
    await page.waitForFunction(() => window.bench?.ready);
    await page.evaluate(() => window.bench.ready);
    if (!(await page.evaluate(() => crossOriginIsolated))) {
      console.error('bench: the page is not cross-origin isolated; timings are in 100 µs steps');
    }
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Presses `x` `keys` times in the draft `bench.startTyping` set up, each after the last one's frame. */
export async function typeKeys(page, keys) {
  for (let key = 1; key <= keys; key++) {
    await page.keyboard.press('x');
    await page.waitForFunction((key) => bench.typed() >= key, key);
  }
}
