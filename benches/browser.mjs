// The browser half of `cargo xtask bench`: drives Debian's headless Chromium through the
// benchmark page (bench.js) and writes every sample as JSON. xtask turns the samples into
// medians, budgets and ratios (xtask/src/bench/).
//
// Environment: BASE_URL (a reference server serving /dist/), BENCH_OUT (where the JSON goes),
// BENCH_QUICK=1 (a few repetitions only: proves the bench runs, measures nothing precisely).
// Run by xtask, which builds dist/ and starts the server; Playwright comes from tests/e2e.

import { writeFile } from 'node:fs/promises';
import { openBenchPage, typeKeys } from './open.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const out = process.env.BENCH_OUT ?? 'bench-browser.json';
const quick = process.env.BENCH_QUICK === '1';
const reps = (full) => (quick ? Math.min(full, 3) : full);

const WIDGET = 'countersign-review';
const VANILLA = 'vanilla-review';
const REPLAY = 'replay-review';

const { browser, page } = await openBenchPage(base);

try {
  const cdp = await page.context().newCDPSession(page);

  /** `measure(tag)` for each of `sides` (the widget and the reference unless told) in turn,
   * `count` rounds; the samples by side. */
  async function pair(count, measure, sides = { widget: WIDGET, vanilla: VANILLA }) {
    const samples = Object.fromEntries(Object.keys(sides).map((who) => [who, []]));
    // One round of each first, unrecorded: the first run pays for compiling the code paths.
    for (const tag of Object.values(sides)) await measure(tag);
    for (let round = 0; round < count; round++) {
      for (const [who, tag] of Object.entries(sides)) samples[who].push(await measure(tag));
    }
    return samples;
  }

  const results = { chromium: browser.version(), quick };
  const progress = (name) => console.log(`bench: ${name}`);

  progress('data to first paint');
  // The replay reference too: the widget's own first view built by plain JS (replay.js).
  const paints = await pair(reps(40), (tag) => page.evaluate((tag) => bench.firstPaintParts(tag), tag), { widget: WIDGET, vanilla: VANILLA, replay: REPLAY });
  results.replayed_elements = await page.evaluate(() => bench.replayedElements);
  const part = (pick) => Object.fromEntries(Object.entries(paints).map(([who, runs]) => [who, runs.map(pick)]));
  results.first_paint = part((run) => run.total);
  results.first_paint_setting = part((run) => run.setting);
  results.first_paint_layout = part((run) => run.total - run.setting);

  progress('opening a queue of 1,000 items');
  results.queue_open = await pair(reps(15), (tag) => page.evaluate((tag) => bench.queueOpen(tag, 1000), tag));

  progress('moving through the queue');
  results.queue_walk = {
    widget: await page.evaluate((steps) => bench.queueWalk('countersign-review', 1000, steps), reps(100)),
    vanilla: await page.evaluate((steps) => bench.queueWalk('vanilla-review', 1000, steps), reps(100)),
  };

  progress('approving an edited 10,000-word draft (word diff)');
  results.decide_edited = await pair(reps(15), (tag) => page.evaluate((tag) => bench.decide(tag, 10000, 50), tag));
  progress('approving a reordered 10,000-word draft (the diff\'s worst case)');
  results.decide_reordered = await pair(reps(7), (tag) => page.evaluate((tag) => bench.decide(tag, 10000, 0), tag));

  const typing = async (marked) => {
    const sides = {};
    for (const tag of [WIDGET, VANILLA]) {
      await page.evaluate(([tag, marked]) => bench.startTyping(tag, 10000, marked), [tag, marked]);
      await typeKeys(page, reps(60));
      sides[tag === WIDGET ? 'widget' : 'vanilla'] = await page.evaluate(() => bench.stopTyping());
    }
    return sides;
  };
  progress('keystrokes in a 10,000-word draft');
  results.keystroke = await typing(false);
  progress('keystrokes in a 10,000-word draft with a quote marked');
  results.keystroke_marked = await typing(true);
  // The reference has no social post: the widget's keystrokes only, against the budget.
  progress('keystrokes in a 10,000-word post to six platforms');
  await page.evaluate((tag) => bench.startTyping(tag, 10000, false, true), WIDGET);
  await typeKeys(page, reps(60));
  results.keystroke_social = { widget: await page.evaluate(() => bench.stopTyping()) };

  progress('moving leads in a list of 200');
  results.lead_move = { widget: await page.evaluate((moves) => bench.leadMoves('countersign-review', 200, moves), reps(40)) };

  progress('memory after reviewing 20 and 200 items');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize + (await page.evaluate(() => bench.wasmBytes()));
  };
  results.memory = {};
  for (const tag of [WIDGET, VANILLA]) {
    const [first, then] = quick ? [2, 8] : [20, 200];
    await page.evaluate(({ tag, count }) => bench.startReviewing(tag, count), { tag, count: then + 10 });
    await page.evaluate((count) => bench.approve(count), first);
    const early = await heap();
    await page.evaluate((count) => bench.approve(count), then - first);
    const late = await heap();
    await page.evaluate(() => bench.stopReviewing());
    results.memory[tag === WIDGET ? 'widget' : 'vanilla'] = { reviewed: [first, then], bytes: [early, late] };
  }

  await writeFile(out, JSON.stringify(results, null, 1));
  console.log(`bench: samples written to ${out}`);
} finally {
  await browser.close();
}
