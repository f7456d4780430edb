// What the benchmark page can do, called by browser.mjs through `window.bench`. Every
// measurement takes the tag to measure, so the widget and the vanilla reference go through
// exactly the same steps.

import '/dist/countersign.js';
import './vanilla.js';
import { learn } from './replay.js';
import { emailItem, socialItem, leadList, queue, edited, reordered, words } from './items.js';

export const WIDGET = 'countersign-review';
export const VANILLA = 'vanilla-review';
/** The widget's own first view built again by plain JS (replay.js): a second reference for first paint. */
export const REPLAY = 'replay-review';
/** Another build of the widget (`cargo xtask bench --compare`), served under /bench/compare/. */
export const COMPARE = 'countersign-compare';

/** Whether `tag` is a build of the widget rather than a reference. */
const isWidget = (tag) => tag !== VANILLA && tag !== REPLAY;

// The other build registers itself as <countersign-review> only when no widget is defined,
// which this page's own import already did; `define` gives it a name of its own.
const compared = new URLSearchParams(location.search).has('compare')
  ? import('/bench/compare/countersign.js').then((module) => module.define(COMPARE))
  : Promise.resolve();

/** Resolves after the next frame has been produced. */
const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** `check()` once it is truthy: at once, then after microtasks, then frame by frame. */
async function until(check, what) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = check();
    if (value) return value;
    await (attempt < 20 ? Promise.resolve() : frame());
  }
  throw new Error(`timed out waiting for ${what}`);
}

const bodyOf = (element) => element.shadowRoot?.querySelector('[part~="body"]');
const approveOf = (element) => element.shadowRoot?.querySelector('[part~="approve"]');
const nextOf = (element) => element.shadowRoot?.querySelector(isWidget(element.localName) ? 'button[aria-label="Next item"]' : '[part~="next"]');

/** A new element of `tag` in the page, deciding without posting (the host "delivers"). */
async function add(tag) {
  const element = document.createElement(tag);
  element.setAttribute('undo-seconds', '0');
  element.setAttribute('locale', 'en');
  element.addEventListener('countersign:decision', (event) => event.preventDefault());
  document.body.append(element);
  await frame();
  return element;
}

/** Milliseconds from `start()` to the element's body being rendered and laid out. */
async function toLayout(element, start) {
  const t0 = performance.now();
  start();
  const body = await until(() => bodyOf(element), 'the draft');
  body.getBoundingClientRect();
  return performance.now() - t0;
}

/** Records the widget's first view of the first-paint email for the replay reference: what
 * the widget has built when its items setter returns, which is what first paint lays out.
 * The number of elements recorded. */
async function learnFirstView() {
  const element = await add(WIDGET);
  element.items = [emailItem('first')];
  const elements = learn(element.shadowRoot);
  element.remove();
  if (!elements) throw new Error('the widget rendered nothing to replay');
  return elements;
}

let typing = null;

window.bench = {
  ready: Promise.all([customElements.whenDefined(WIDGET), customElements.whenDefined(VANILLA), compared])
    .then(learnFirstView)
    .then((elements) => { window.bench.replayedElements = elements; return true; }),
  /** Elements in the widget's first view, as the replay reference builds it. */
  replayedElements: 0,

  /** Data to first (laid-out) render of one ordinary email, the module already loaded. */
  async firstPaint(tag) {
    return (await bench.firstPaintParts(tag)).total;
  },

  /** `firstPaint` with its parts: `setting`, the items' setter until it returns (the script:
   * both elements render synchronously), and `total`, to the view laid out. */
  async firstPaintParts(tag) {
    const element = await add(tag);
    let setting = 0;
    const total = await toLayout(element, () => {
      const t0 = performance.now();
      element.items = [emailItem('first')];
      setting = performance.now() - t0;
    });
    element.remove();
    return { setting, total };
  },

  /** Data to the first item of a `count`-item queue. */
  async queueOpen(tag, count) {
    const items = queue(count);
    const element = await add(tag);
    const ms = await toLayout(element, () => { element.items = items; });
    element.remove();
    return ms;
  },

  /** Opens a `count`-item queue and steps through `steps` items: long tasks and the slowest step. */
  async queueWalk(tag, count, steps) {
    const element = await add(tag);
    element.items = queue(count);
    await until(() => bodyOf(element), 'the draft');
    await frame();
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)));
    observer.observe({ type: 'longtask' });
    let slowest = 0;
    for (let step = 0; step < steps; step++) {
      const t0 = performance.now();
      nextOf(element).click();
      bodyOf(element)?.getBoundingClientRect();
      slowest = Math.max(slowest, performance.now() - t0);
      await frame();
    }
    await frame();
    observer.disconnect();
    element.remove();
    return { long_tasks: longTasks.length, longest_task_ms: Math.max(0, ...longTasks), slowest_step_ms: slowest };
  },

  /** Approve after editing a `count`-word body: every `every`th word changed, or (`every`
   * 0) its words put in reverse order, the worst case for a diff. Milliseconds from the
   * click to the decision. */
  async decide(tag, count, every) {
    const element = await add(tag);
    const item = emailItem('decide', count);
    await toLayout(element, () => { element.items = [item]; });
    const body = bodyOf(element);
    body.value = every ? edited(item.draft.body, every) : reordered(item.draft.body);
    body.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await frame();
    let decided = null;
    element.addEventListener(isWidget(tag) ? 'countersign:decision' : 'vanilla:decision', () => { decided ??= performance.now(); });
    const t0 = performance.now();
    approveOf(element).click();
    await until(() => decided, 'the decision');
    element.remove();
    return decided - t0;
  },

  /** Renders a `count`-word draft, focuses its body at the end and times each keystroke
   * (browser.mjs presses the keys): from keydown to the input handled and laid out (the
   * work the keystroke costs), and from keydown to the frame after it. `marked`: the first
   * point is clicked first, which pins its quote's mark in the widget's draft (the reference
   * marks nothing, so its keystroke stays the plain one). `social`: the draft is a post to
   * six platforms (the widget only), and each keystroke is also timed to the last preview's
   * counter updated, which the widget defers until the browser is idle. */
  async startTyping(tag, count, marked = false, social = false) {
    const element = await add(tag);
    await toLayout(element, () => { element.items = [social ? socialItem('typing', count) : emailItem('typing', count)]; });
    await frame();
    if (marked) {
      element.shadowRoot.querySelector('[part~="point"]').click();
      await frame();
      if (isWidget(tag) && !element.shadowRoot.querySelector('mark')) throw new Error('the pinned quote is not marked');
    }
    const body = bodyOf(element);
    body.focus();
    body.setSelectionRange(body.value.length, body.value.length);
    const work = [];
    const frames = [];
    const counted = [];
    let pressed = null;
    let counting = null;
    const onKey = () => {
      const t0 = performance.now();
      pressed = t0;
      counting = t0;
      requestAnimationFrame(() => setTimeout(() => frames.push(performance.now() - t0), 0));
    };
    const lastCounter = social ? element.shadowRoot.querySelector('[part~="preview"][data-platform="bluesky"] .cs-preview-foot') : null;
    if (social && !lastCounter) throw new Error('the post has no Bluesky preview');
    const counters = new MutationObserver(() => {
      if (counting === null) return;
      counted.push(performance.now() - counting);
      counting = null;
    });
    if (lastCounter) counters.observe(lastCounter, { childList: true });
    // On the window, so it runs after the element's own input handling.
    const onInput = () => {
      if (pressed === null) return;
      body.getBoundingClientRect();
      work.push(performance.now() - pressed);
      pressed = null;
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('input', onInput);
    typing = {
      element, work, frames, counted,
      // A keystroke whose counter update has not landed yet (at most the last one).
      counting: () => lastCounter !== null && counting !== null,
      stop: () => { window.removeEventListener('keydown', onKey, true); window.removeEventListener('input', onInput); counters.disconnect(); },
    };
    return true;
  },
  typed: () => typing.frames.length,
  async stopTyping() {
    // The last keystroke's counters follow at idle time: waited for, or a short session
    // (--quick) could end before any keystroke was counted.
    await until(() => !typing.counting(), 'the last counter update');
    typing.stop();
    typing.element.remove();
    const { work, frames, counted } = typing;
    typing = null;
    return { work, frame: frames, counted };
  },

  /** Opens a list of `count` leads (the widget only: the reference has none) and moves a lead
   * down with Alt+↓ `moves` times, each a frame apart and a different lead: the milliseconds
   * from each key to the list handled and laid out. */
  async leadMoves(tag, count, moves) {
    const element = await add(tag);
    element.items = [leadList('leads', count)];
    const rows = () => element.shadowRoot?.querySelectorAll('[part~="lead"]') ?? [];
    await until(() => rows().length === count, 'the leads');
    await frame();
    const times = [];
    for (let move = 0; move < moves; move++) {
      const row = rows()[(move * 7) % (count - 1)];
      const list = row.parentElement;
      row.focus();
      const t0 = performance.now();
      row.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true, composed: true }));
      list.getBoundingClientRect();
      times.push(performance.now() - t0);
      await frame();
    }
    const moved = rows()[0].dataset.leadId !== 'lead-0' || rows()[1].dataset.leadId !== 'lead-1';
    element.remove();
    if (!moved) throw new Error('Alt+ArrowDown moved no lead');
    return times;
  },

  /** A `count`-item queue to approve one by one (see `approve`). */
  async startReviewing(tag, count) {
    const element = await add(tag);
    element.id = 'reviewing';
    await toLayout(element, () => { element.items = queue(count); });
    return true;
  },
  /** Approves the next `count` items, a frame apart. */
  async approve(count) {
    const element = document.getElementById('reviewing');
    for (let n = 0; n < count; n++) {
      approveOf(element).click();
      await frame();
    }
    return true;
  },
  stopReviewing() {
    document.getElementById('reviewing')?.remove();
    return true;
  },
  /** Bytes of wasm memory (0 before the widget's module is instantiated). */
  wasmBytes: () => window.wasmMemory?.buffer.byteLength ?? 0,
  words,
};
