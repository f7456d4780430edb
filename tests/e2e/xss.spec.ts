import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures';
import { addElement } from './helpers';

// The XSS corpus (xss/payloads.json) in every text field of every kind: each item of a queue
// carries one payload everywhere, and the walk through the queue checks every item's shadow
// tree, with its reject form (the reason labels) open, for anything the payload could have
// made: an element of its own, an event handler, a link or source that is not http(s). A
// payload that ran would call __xss() or alert(), or navigate; none may.

const payloads: string[] = JSON.parse(readFileSync(join(__dirname, 'xss', 'payloads.json'), 'utf8')).payloads;

/** What the widget itself builds; anything else in its shadow tree came from a payload. */
const WIDGET_TAGS = [
  'a', 'article', 'aside', 'br', 'button', 'code', 'dd', 'div', 'dl', 'dt', 'em', 'fieldset', 'footer', 'h2', 'h3', 'h4',
  'header', 'img', 'input', 'kbd', 'label', 'legend', 'li', 'mark', 'meter', 'nav', 'ol', 'p', 'pre', 'q', 's', 'section',
  'span', 'strong', 'table', 'tbody', 'td', 'textarea', 'th', 'tr', 'ul',
];

/** One payload in every text field an item of `kind` has, metadata included. */
function item(kind: string, index: number, payload: string): Record<string, unknown> {
  const rationale = {
    summary: payload,
    points: [
      { text: payload, quote: payload, source: { label: payload, url: payload } },
      { text: `Point ${index}`, quote: 'not in the draft', source: { label: payload, url: 'https://example.com/source' } },
    ],
    confidence: 0.5,
    risk: 'medium',
    model: payload,
  };
  const common = {
    id: `x${index}`,
    kind,
    title: payload,
    rationale,
    context: { recipient: { name: payload, email: payload, company: payload, title: payload }, fields: { Stage: payload, [payload]: 'value' } },
    policy: { reason_required_for: ['rejected'], reason_codes: [{ code: 'c1', label: payload }, { code: 'c2', label: 'Other' }] },
    metadata: { note: payload, [payload]: [payload] },
  };
  switch (kind) {
    case 'email':
      return { ...common, draft: { subject: payload, body: payload } };
    case 'message':
      return { ...common, draft: { body: payload } };
    case 'social_post':
      return {
        ...common,
        draft: {
          body: payload,
          platforms: ['x', 'linkedin', 'facebook', 'instagram', 'threads', 'bluesky'],
          variants: { x: { body: payload }, linkedin: { body: `${payload} (LinkedIn)` } },
          media: [{ url: payload, alt: payload }],
        },
      };
    default:
      return {
        ...common,
        leads: [
          { id: 'l1', name: payload, company: payload, title: payload, score: 0.9, reasons: [payload, 'Visited pricing'], fields: { ARR: payload, [payload]: '1' } },
          { id: 'l2', name: 'Second lead', company: 'Acme', score: 0.4 },
        ],
      };
  }
}

/** Walks the queue of element `id`, checking each item with its reject form open; returns
 *  every problem found, as text. */
async function walk(page: Page, id: string, count: number, plainBody: boolean): Promise<string[]> {
  return page.evaluate(async ({ id, count, plainBody, widgetTags, payloads }) => {
    const host = document.getElementById(id)!;
    const shadow = host.shadowRoot!;
    const root = shadow.querySelector('[part~="review"]') as HTMLElement;
    const problems: string[] = [];
    const safeUrl = (url: string) => /^https?:\/\//i.test(url) && !/[\s<>"]/.test(url);
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const key = (name: string) => root.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true, cancelable: true }));
    const check = (at: number, when: string) => {
      for (const element of Array.from(shadow.querySelectorAll('*'))) {
        const tag = element.localName;
        if (!widgetTags.includes(tag)) problems.push(`item ${at} (${when}): a <${tag}> element`);
        for (const attribute of Array.from(element.attributes)) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on') || ['style', 'srcdoc', 'formaction', 'action', 'xlink:href', 'background', 'dynsrc'].includes(name)) {
            problems.push(`item ${at} (${when}): <${tag} ${name}="${attribute.value}">`);
          }
          if ((name === 'href' || name === 'src') && !safeUrl(attribute.value)) {
            problems.push(`item ${at} (${when}): <${tag} ${name}="${attribute.value}">`);
          }
        }
      }
      // The payload is shown as the text it is: the editor holds it exactly.
      const editor = shadow.querySelector('[part~="body"]') as HTMLTextAreaElement | null;
      if (plainBody && editor?.value !== payloads[at]) problems.push(`item ${at}: the editor holds ${JSON.stringify(editor?.value)}`);
    };
    for (let at = 0; at < count; at += 1) {
      const position = shadow.querySelector('[part~="queue-position"]')?.textContent ?? '';
      if (!position.startsWith(`${at + 1} `)) problems.push(`item ${at}: the queue shows "${position}"`);
      check(at, 'shown');
      (shadow.querySelector('[part~="reject"]') as HTMLElement | null)?.click();
      await frame();
      check(at, 'reject form open');
      key('j');
      await frame();
    }
    return problems;
  }, { id, count, plainBody, widgetTags: WIDGET_TAGS, payloads });
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__xssHits = [];
    (window as any).__xss = () => (window as any).__xssHits.push(new Error().stack);
    window.alert = (message?: unknown) => (window as any).__xssHits.push(`alert(${String(message)})`);
  });
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
});

test('the corpus holds at least 150 distinct payloads', () => {
  expect(payloads.length).toBeGreaterThanOrEqual(150);
  expect(new Set(payloads).size).toBe(payloads.length);
});

for (const kind of ['email', 'message', 'social_post', 'lead_list']) {
  test(`no payload runs or leaves markup in any field of a ${kind}`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/');
    const url = page.url();
    const items = payloads.map((payload, index) => item(kind, index, payload));
    // An invalid item: its problem, which quotes the payload, is listed as text.
    items.push({ id: 'bad', kind: payloads[0], title: payloads[3] });
    const element = await addElement(page, `xss-${kind}`, items, { locale: 'en' });
    await expect(element.locator('[part~="queue-position"]')).toHaveText(`1 of ${payloads.length}`);
    await expect(element.locator('[part~="errors"]')).toContainText(payloads[0]);

    const problems = await walk(page, `xss-${kind}`, payloads.length, kind !== 'lead_list');

    expect(problems).toEqual([]);
    // Anything a payload scheduled (an image's onerror, a timer) has had its turn.
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__xssHits)).toEqual([]);
    expect(page.url()).toBe(url);
  });
}

test('a payload in a lead name and a rationale stays visible as text', async ({ page }) => {
  await page.goto('/');
  const payload = '<img src=x onerror=__xss()>';
  const element = await addElement(page, 'xss-visible', [item('lead_list', 0, payload)], { locale: 'en' });
  await expect(element.locator('[part~="lead"]').first()).toContainText(payload);
  await expect(element.locator('[part~="rationale"]')).toContainText(payload);
  expect(await page.evaluate(() => (window as any).__xssHits)).toEqual([]);
});
