import { expect, test } from './fixtures';

// The smallest proof that the pieces meet: the server answers, the widget is served as
// wasm, the demo page embeds the element. Behaviour is tested in the other specs.

test('the demo page is served and embeds the review element', async ({ page }) => {
  // The console of a newcomer's first look stays clean: no failed request (the browser's own
  // /favicon.ico included), no error from the widget.
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/');
  await expect(page).toHaveTitle(/countersign/i);
  await expect(page.locator('countersign-review').first()).toBeAttached();
  await expect(page.locator('#review [part~="queue-position"]')).toContainText(' of ');
  expect(errors).toEqual([]);
});

test('GET /api/items answers JSON with the seeded sample items', async ({ request }) => {
  const response = await request.get('/api/items');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = await response.json();
  expect(Array.isArray(body.items)).toBe(true);
  expect(body.items.length).toBeGreaterThanOrEqual(12);
});

test('the widget wasm is served as application/wasm', async ({ request }) => {
  const response = await request.get('/dist/countersign_core_bg.wasm');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/wasm');
});
