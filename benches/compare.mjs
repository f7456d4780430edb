// The browser half of `cargo xtask bench --compare`: this build of the widget and another
// (COMPARE_DIST, defined as <countersign-compare>) measured side by side in one page, each
// timing taken for both in the same round, the order swapped every round. Writes every
// sample as JSON; xtask pairs them round by round (xtask/src/bench/compare.rs).
//
// Environment: BASE_URL (a reference server serving this build's /dist/), COMPARE_DIST (the
// other build's dist/ directory), BENCH_OUT, BENCH_QUICK=1 (a few rounds: proves it runs).

import { writeFile } from 'node:fs/promises';
import { openBenchPage, typeKeys } from './open.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const out = process.env.BENCH_OUT ?? 'bench-compare.json';
const compareDist = process.env.COMPARE_DIST;
if (!compareDist) throw new Error('COMPARE_DIST names the other build\'s dist/ directory');
const quick = process.env.BENCH_QUICK === '1';
const rounds = (full) => (quick ? Math.min(full, 3) : full);

const THIS = 'countersign-review';
const OTHER = 'countersign-compare';

const { browser, page } = await openBenchPage(base, { compareDist });

try {
  /** `measure(tag)` for both builds, `count` rounds, the order swapped each round. */
  async function sideBySide(count, measure) {
    const samples = { this: [], other: [] };
    // A round of each first, unrecorded: the first run pays for compiling the code paths.
    await measure(THIS);
    await measure(OTHER);
    for (let round = 0; round < count; round++) {
      const order = round % 2 ? [OTHER, THIS] : [THIS, OTHER];
      const taken = {};
      for (const tag of order) taken[tag] = await measure(tag);
      samples.this.push(taken[THIS]);
      samples.other.push(taken[OTHER]);
    }
    return samples;
  }

  /** The middle one of a session's timings (the upper middle of an even count). */
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

  /** Median milliseconds of `keys` keystrokes' work in a 10,000-word draft (`social`: a post to six platforms). */
  async function keystroke(tag, marked, keys, social = false) {
    await page.evaluate(([tag, marked, social]) => bench.startTyping(tag, 10000, marked, social), [tag, marked, social]);
    await typeKeys(page, keys);
    const { work } = await page.evaluate(() => bench.stopTyping());
    return middle(work);
  }

  const results = { chromium: browser.version(), quick, metrics: [] };
  const measure = async (name, count, one) => {
    console.log(`compare: ${name}`);
    results.metrics.push({ name, ...(await sideBySide(rounds(count), one)) });
  };
  await measure('data to first paint, one email (module loaded)', 300, (tag) => page.evaluate((tag) => bench.firstPaint(tag), tag));
  await measure('open a queue of 1,000 items, to the first item', 30, (tag) => page.evaluate((tag) => bench.queueOpen(tag, 1000), tag));
  await measure('approve an edited 10,000-word draft (word diff)', 30, (tag) => page.evaluate((tag) => bench.decide(tag, 10000, 50), tag));
  await measure('approve a reordered 10,000-word draft (diff\'s worst case)', 20, (tag) => page.evaluate((tag) => bench.decide(tag, 10000, 0), tag));
  // A round is one typing session of 15 keys, its median taken.
  await measure('keystroke, 10,000-word draft: handled and laid out', 12, (tag) => keystroke(tag, false, quick ? 3 : 15));
  await measure('keystroke, 10,000-word draft, a quote marked: handled and laid out', 12, (tag) => keystroke(tag, true, quick ? 3 : 15));
  await measure('keystroke, 10,000-word post to six platforms: handled and laid out', 12, (tag) => keystroke(tag, false, quick ? 3 : 15, true));
  // A round is 15 moves in a fresh list of 200 leads, their median taken.
  await measure('move a lead in a list of 200 (Alt+↓): handled and laid out', 12, async (tag) => middle(await page.evaluate(([tag, moves]) => bench.leadMoves(tag, 200, moves), [tag, quick ? 3 : 15])));

  await writeFile(out, JSON.stringify(results, null, 1));
  console.log(`compare: samples written to ${out}`);
} finally {
  await browser.close();
}
