// The reference for the benchmarks: a minimal hand-written custom element that renders the
// same email item as <countersign-review> (title and kind, subject, body, recipient with their
// company, the rationale's summary with its bold, each point with its quote, whether the quote
// is in the draft and its source, confidence and risk; approve, reject, skip; "n of N" with
// previous and next), with no framework and no wasm. It is what "as light as it gets" costs, so the widget's timings
// are read as a ratio to it, measured in the same run on the same machine.

const CSS = `
:host { display: block; font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; }
.root { display: grid; grid-template-columns: 2fr 1fr; gap: 12px; }
input, textarea { width: 100%; box-sizing: border-box; font: inherit; }
textarea { min-height: 16em; }
.muted { color: #57606a; }
.badge { border-radius: 4px; padding: 0 6px; background: #dafbe1; }
`;

let sheet;

export class VanillaReview extends HTMLElement {
  #items = [];
  #index = 0;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    this.shadowRoot.adoptedStyleSheets = [sheet];
  }

  get items() { return this.#items; }
  set items(items) {
    this.#items = Array.isArray(items) ? items : [];
    this.#index = 0;
    this.#render();
  }

  #el(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    for (const child of children) el.append(child);
    return el;
  }

  #render() {
    const root = this.shadowRoot;
    root.replaceChildren();
    const item = this.#items[this.#index];
    if (!item) return;
    const { draft, rationale = {} } = item;
    const recipient = item.context?.recipient ?? {};
    const body = this.#el('textarea', { part: 'body', 'aria-label': 'Body' });
    body.value = draft.body;
    const points = this.#el('ul');
    const marks = (rationale.points ?? []).map((point) => {
      const li = this.#el('li', { part: 'point' }, point.text);
      if (point.quote) li.append(` “${point.quote}”`);
      const found = this.#el('span', { class: 'muted' });
      li.append(' ', found);
      if (point.source) li.append(' ', this.#el('a', { href: point.source.url ?? '#' }, point.source.label));
      points.append(li);
      return [li, found, point.quote];
    });
    const support = () => {
      const text = body.value.toLowerCase();
      for (const [li, found, quote] of marks) {
        const supported = !!quote && text.includes(quote.toLowerCase());
        li.dataset.supported = String(supported);
        found.textContent = supported ? 'Found in the draft' : 'Not found in the draft';
      }
    };
    // The summary's Markdown as far as the bench's item uses it: **bold**.
    const summary = this.#el('p');
    (rationale.summary ?? '').split('**').forEach((part, index) => summary.append(index % 2 ? this.#el('strong', {}, part) : part));
    const about = [recipient.title, recipient.company].filter(Boolean).join(', ');
    let idle = 0;
    body.addEventListener('input', () => {
      clearTimeout(idle);
      idle = setTimeout(support, 150);
    });
    support();
    const subject = this.#el('input', { part: 'subject', 'aria-label': 'Subject' });
    subject.value = draft.subject ?? '';
    const button = (part, label, onClick) => {
      const el = this.#el('button', { part, type: 'button' }, label);
      el.addEventListener('click', onClick);
      return el;
    };
    const move = (step) => {
      this.#index = Math.max(0, Math.min(this.#items.length - 1, this.#index + step));
      this.#render();
    };
    const decide = (decision) => {
      this.dispatchEvent(new CustomEvent('vanilla:decision', {
        bubbles: true,
        composed: true,
        detail: { item_id: item.id, decision, final: { subject: subject.value, body: body.value } },
      }));
      move(1);
    };
    const meter = this.#el('meter', { min: '0', max: '1', value: String(rationale.confidence ?? 0), 'aria-label': 'Confidence' });
    root.append(this.#el('div', { part: 'review', class: 'root' },
      this.#el('section', { part: 'draft' },
        this.#el('div', { part: 'queue' },
          button('previous', '‹', () => move(-1)),
          this.#el('span', { part: 'queue-position' }, `${this.#index + 1} of ${this.#items.length}`),
          button('next', '›', () => move(1)),
          this.#el('h2', {}, item.title ?? ''),
          this.#el('span', { class: 'muted' }, item.kind)),
        this.#el('p', { class: 'muted' }, `To ${recipient.name ?? ''} <${recipient.email ?? ''}>${about ? ` ${about}` : ''}`),
        subject,
        body,
        this.#el('div', {},
          button('approve', 'Approve', () => decide('approved')),
          button('reject', 'Reject', () => decide('rejected')),
          button('skip', 'Skip', () => decide('skipped')))),
      this.#el('aside', { part: 'rationale' },
        summary,
        points,
        meter,
        `${Math.round((rationale.confidence ?? 0) * 100)}%`,
        this.#el('span', { class: 'badge' }, `Risk: ${rationale.risk ?? 'unknown'}`))));
  }
}

if (!customElements.get('vanilla-review')) customElements.define('vanilla-review', VanillaReview);
