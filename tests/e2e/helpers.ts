import { expect, type Page } from '@playwright/test';

// What several specs do the same way: add an element as a host page would, and read what the
// reference server stored.

export type Detail = Record<string, any>;

/** The stored result for `itemId`, if the server has one. */
export async function storedResult(page: Page, itemId: string): Promise<Detail | undefined> {
  const response = await page.request.get('/api/results');
  expect(response.status()).toBe(200);
  return ((await response.json()).results as Detail[]).find((result) => result.item_id === itemId);
}

/** Prepends a <countersign-review> with `items` and `attributes` to the demo page's <main>. */
export async function addElement(page: Page, id: string, items: unknown[], attributes: Record<string, string> = {}) {
  await page.evaluate(({ id, items, attributes }) => {
    const element = document.createElement('countersign-review');
    element.id = id;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    (element as any).items = items;
    document.querySelector('main')!.prepend(element);
  }, { id, items, attributes });
  // The demo page loads the module asynchronously: until it has, the element has no shadow root.
  await page.evaluate(() => customElements.whenDefined('countersign-review'));
  return page.locator(`#${id}`);
}

/** Attributes that post each decision at once to the reference server. */
export const postAtOnce = { 'submit-url': '/api/results', 'undo-seconds': '0' };
