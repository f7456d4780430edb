// Countersign: the <countersign-review> custom element. This module loads the wasm, defines
// the element, and forwards its lifecycle to Rust (src/element/mod.rs), which renders into an
// open shadow root. See README.md for attributes, properties and events.
import init, { attach, setDistBase } from './countersign_core.js';
export { fromLangChainInterrupt, toLangChainResume } from './langchain.js';

// Widgets connected while the wasm could not be had: they say so, and attach once it is in.
const waiting = new Set();
let failure = null;

/** One attempt at the wasm; true once it is in. */
async function load() {
  try {
    await init({ module_or_path: new URL('./countersign_core_bg.wasm', import.meta.url) });
  } catch (error) {
    failure = error;
    return false;
  }
  failure = null;
  // What the widget loads on demand is beside this file: the kinds module, and the locale
  // files (English is in the wasm; another locale's messages load when a widget speaks it).
  setDistBase(new URL('./', import.meta.url).href);
  return true;
}

/** Tries again when the browser is back online, or after a wait that doubles up to a minute,
 * give or take half (so the tabs of a network that comes back do not all ask at once). */
function retry(attempt) {
  let done = false;
  const again = async () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    removeEventListener('online', again);
    if (!(await load())) return retry(attempt + 1);
    for (const element of waiting) element.connectedCallback();
    waiting.clear();
  };
  const timer = setTimeout(again, Math.min(60_000, 2_000 * 2 ** attempt) * (0.5 + Math.random()));
  addEventListener('online', again);
}

// The element is defined even when the wasm cannot be had (offline, blocked): a widget then
// says why instead of staying an empty tag, and keeps what the host set for when it loads.
if (!(await load())) retry(0);

const ATTRIBUTES = ['items-url', 'submit-url', 'reviewer', 'locale', 'theme', 'credentials', 'undo-seconds'];
const camel = (name) => name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
// Every property a host may set before this module has loaded.
const PROPERTIES = ['items', 'config', ...ATTRIBUTES.map(camel)];

/** The element class; `define()` registers a subclass per tag name. */
export class CountersignReview extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #handle = null;
  #items;
  #config;
  // Every config key set so far, each with its latest value: what a widget attached again
  // (after being taken out of the page) is given, as the objects were applied one by one.
  #configured = {};
  #attached = false;

  constructor() {
    super();
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
    // A host may set properties before this module has loaded; move them onto the accessors.
    for (const key of PROPERTIES) {
      if (!Object.hasOwn(this, key)) continue;
      const value = this[key];
      delete this[key];
      this[key] = value;
    }
  }

  connectedCallback() {
    if (this.#handle || !this.isConnected) return;
    if (failure) {
      waiting.add(this);
      const notice = document.createElement('p');
      notice.setAttribute('part', 'load-error');
      notice.setAttribute('role', 'alert');
      notice.textContent = `Countersign could not load (${failure.message ?? failure}); it tries again when the connection is back.`;
      this.shadowRoot.replaceChildren(notice);
      return;
    }
    this.shadowRoot.querySelector('[part~="load-error"]')?.remove();
    this.#handle = attach(this);
    this.#attached = true;
    if (Object.keys(this.#configured).length) this.#handle.setConfig(this.#configured);
    if (this.#items !== undefined) this.#handle.setItems(this.#items);
  }

  disconnectedCallback() {
    waiting.delete(this);
    // Taken out and put back in the same task (a move, as frameworks do when they reorder):
    // the review goes on as it stands. Taken out for good: held decisions are sent and the
    // view goes.
    queueMicrotask(() => {
      if (this.isConnected || !this.#handle) return;
      this.#handle.unmount();
      this.#handle = null;
    });
  }

  attributeChangedCallback(name, oldValue, value) {
    // Changed once the widget was up, the attribute is the latest word on its key: a widget
    // attached again reads it, and an older `config` value must not override it.
    if (this.#attached) delete this.#configured[camel(name)];
    if (oldValue !== value) this.#handle?.attributeChanged(name, value);
  }

  get items() { return this.#items; }
  set items(items) { this.#items = items; this.#handle?.setItems(items); }
  get config() { return this.#config; }
  set config(config) {
    this.#config = config;
    if (config) for (const key of Object.keys(config)) this.#configured[key] = config[key];
    this.#handle?.setConfig(config ?? {});
  }
  /** Results decided but not yet accepted by the backend. */
  get pending() { return this.#handle ? this.#handle.pending() : []; }
  /** Sends what is waiting now; settles when every attempt has answered. */
  flush() { return this.#handle ? this.#handle.flush() : Promise.resolve(); }
}

// Each attribute has a camelCase property that reads and writes it: `itemsUrl` is `items-url`.
for (const name of ATTRIBUTES) {
  Object.defineProperty(CountersignReview.prototype, camel(name), {
    get() { return this.getAttribute(name); },
    set(value) { value == null ? this.removeAttribute(name) : this.setAttribute(name, value); },
  });
}

// The tag this module registered last: `mount` creates that one, so a second version of the
// widget, defined under another name, mounts itself rather than the first.
let ownTag = null;

/** Registers the element under `tag` (default `countersign-review`); calling it twice is harmless. */
export function define(tag = 'countersign-review') {
  if (!customElements.get(tag)) {
    customElements.define(tag, class extends CountersignReview {});
    ownTag = tag;
  }
  return customElements.get(tag);
}

/** Creates a widget inside `container` configured by `config` (camelCase keys, plus `items`). */
export function mount(container, config = {}) {
  if (!ownTag) throw new Error('countersign: <countersign-review> belongs to another copy of the widget; call define(tag) first');
  const { items, ...rest } = config;
  const element = document.createElement(ownTag);
  element.config = rest;
  if (items !== undefined) element.items = items;
  container.append(element);
  return element;
}

define();
