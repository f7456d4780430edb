import { expect, test, type Page } from './fixtures';
import { addElement, type Detail } from './helpers';

// Whole flows against the real reference server and its SQLite file: the demo page as a
// person uses it, and extra elements built on that page the way a host would build them.

// Every countersign:* event reaching the document, in order, with its detail.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__events = [];
    for (const name of ['ready', 'decision', 'delivered', 'delivery-failed', 'undo', 'invalid']) {
      document.addEventListener(`countersign:${name}`, (event) => {
        (window as any).__events.push({ name, detail: (event as CustomEvent).detail, target: (event.target as Element).id });
      });
    }
  });
});

async function events(page: Page, name: string, target?: string): Promise<Detail[]> {
  const all = await page.evaluate(() => (window as any).__events as { name: string; detail: Detail; target: string }[]);
  return all.filter((event) => event.name === name && (target === undefined || event.target === target)).map((event) => event.detail);
}

async function storedResults(page: Page): Promise<Detail[]> {
  const response = await page.request.get('/api/results');
  expect(response.status()).toBe(200);
  return (await response.json()).results;
}

const email = (id: string, body: string, extra: Record<string, unknown> = {}) => ({
  id, version: '1', kind: 'email', title: `E2E ${id}`,
  draft: { subject: 'Quick question', body },
  policy: { reason_required_for: ['rejected'], reason_codes: [{ code: 'tone', label: 'Wrong tone' }] },
  ...extra,
});

test('editing an email and approving stores exactly that result on the server', async ({ page }) => {
  await page.goto('/');
  const review = page.locator('#review');
  const body = review.locator('[part~="body"]');
  await expect(body).toBeVisible();
  const itemId = (await (await page.request.get('/api/items')).json()).items[0].id;
  const original = await body.inputValue();
  const edited = original.replace(/^(\S+)/, '$1 (edited in e2e)');
  await body.fill(edited);
  // Nothing decided yet, so nothing delivered to report; the line keeps its height, so the
  // widget does not grow when it has something to say.
  const status = review.locator('[part~="status"]');
  await expect(status).toHaveText('');
  const emptyHeight = (await status.boundingBox())?.height ?? 0;
  expect(emptyHeight).toBeGreaterThan(10);
  await review.getByRole('button', { name: 'Approve' }).click();
  await expect(review.locator('[part~="undo"]')).toBeVisible();
  await page.evaluate(() => (document.querySelector('#review') as any).flush());
  await expect(review.locator('[part~="status"]')).toHaveText(/All decisions delivered/);
  expect((await status.boundingBox())?.height).toBe(emptyHeight);

  const decisions = await events(page, 'decision', 'review');
  expect(decisions).toHaveLength(1);
  const decided = decisions[0];
  expect(decided.item_id).toBe(itemId);
  expect(decided.decision).toBe('approved');
  expect(decided.edited).toBe(true);
  expect(decided.final.body).toBe(edited);
  expect(decided.original.body).toBe(original);
  const rebuilt = (side: string) => decided.changes.filter((c: Detail) => c.op === 'equal' || c.op === side).map((c: Detail) => c.text).join('');
  expect(rebuilt('delete')).toBe(original);
  expect(rebuilt('insert')).toBe(edited);
  expect(decided.reviewer).toEqual({ id: 'u-17', name: 'Dana Kim' });

  const stored = (await storedResults(page)).filter((result) => result.idempotency_key === decided.idempotency_key);
  expect(stored).toEqual([decided]);
  const delivered = await events(page, 'delivered', 'review');
  expect(delivered).toEqual([{ item_id: itemId, idempotency_key: decided.idempotency_key, status: 201 }]);

  const pending = await (await page.request.get('/api/items')).json();
  expect(pending.items.map((item: Detail) => item.id)).not.toContain(itemId);
});

test('rejecting asks for a reason, then stores the reason and comment', async ({ page }) => {
  await page.goto('/');
  const review = page.locator('#review');
  await expect(review.locator('[part~="body"]')).toBeVisible();
  await review.getByRole('button', { name: 'Reject' }).click();
  await review.getByRole('button', { name: 'Confirm rejection' }).click();
  await expect(review.getByRole('alert').filter({ hasText: 'reason' })).toBeVisible();
  expect(await events(page, 'decision', 'review')).toHaveLength(0);

  const firstReason = review.locator('.cs-form input[type=checkbox]').first();
  const code = await firstReason.getAttribute('value');
  await firstReason.check();
  await review.getByLabel('Comment').fill('Too pushy for a first touch.');
  await review.getByRole('button', { name: 'Confirm rejection' }).click();
  await page.evaluate(() => (document.querySelector('#review') as any).flush());

  const [decided] = await events(page, 'decision', 'review');
  expect(decided.decision).toBe('rejected');
  expect(decided.reasons).toEqual([code]);
  expect(decided.comment).toBe('Too pushy for a first touch.');
  const stored = (await storedResults(page)).filter((result) => result.idempotency_key === decided.idempotency_key);
  expect(stored).toEqual([decided]);
});

test('invalid items are listed with their problem while the valid ones stay reviewable', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'mixed', [
    email('e2e-valid-1', 'Hello there.'),
    { id: 'e2e-broken', kind: 'email' },
    { id: 'e2e-odd', kind: 'fax', draft: { body: 'x' } },
    email('e2e-valid-2', 'Second valid draft.'),
  ]);
  const errors = element.locator('[part~="errors"]');
  await expect(errors).toContainText('items[1].draft: required for kind email');
  await expect(errors).toContainText('items[2].kind');
  await expect(element.locator('[part~="queue-position"]')).toHaveText('1 of 2');
  await expect(element.locator('[part~="body"]')).toHaveValue('Hello there.');
  const [invalid] = await events(page, 'invalid', 'mixed');
  expect(invalid.errors.map((error: Detail) => [error.index, error.item_id, error.path])).toEqual([
    [1, 'e2e-broken', 'items[1].draft'],
    [2, 'e2e-odd', 'items[2].kind'],
  ]);
});

test('HTML in a draft, its rationale and its context shows as text and never runs', async ({ page }) => {
  await page.goto('/');
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>';
  const element = await addElement(page, 'hostile', [email('e2e-html', `Hi ${payload}`, {
    title: `Title ${payload}`,
    rationale: {
      summary: `Summary ${payload} [link](javascript:window.__xss=3)`,
      points: [{ text: `Point ${payload}`, quote: 'Hi', source: { label: `Source ${payload}`, url: 'javascript:window.__xss=4' } }],
    },
    context: { recipient: { name: `Sam ${payload}` }, fields: { Stage: payload } },
  })]);
  await expect(element.locator('[part~="body"]')).toHaveValue(`Hi ${payload}`);
  await expect(element.locator('[part~="rationale"]')).toContainText('<script>window.__xss=2</script>');
  await expect(element.locator('.cs-title')).toContainText('<b>bold</b>');
  await expect(element.locator('.cs-recipient')).toContainText('<img src=x');
  const created = await page.evaluate(() => {
    const root = document.querySelector('#hostile')!.shadowRoot!;
    return {
      img: root.querySelectorAll('img').length,
      script: root.querySelectorAll('script').length,
      b: root.querySelectorAll('b').length,
      badLinks: [...root.querySelectorAll('a')].filter((a) => !/^https?:/i.test(a.getAttribute('href') ?? '')).length,
    };
  });
  expect(created).toEqual({ img: 0, script: 0, b: 0, badLinks: 0 });
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
});

test('two elements on one page keep their own queues and deliveries', async ({ page }) => {
  await page.goto('/');
  const items = [email('e2e-pair-1', 'First.'), email('e2e-pair-2', 'Second.')];
  const left = await addElement(page, 'left', items, { 'submit-url': '/api/results', 'undo-seconds': '0' });
  const right = await addElement(page, 'right', items, { 'submit-url': '/api/results', 'undo-seconds': '0' });
  await expect(left.locator('[part~="queue-position"]')).toHaveText('1 of 2');
  await left.getByRole('button', { name: 'Approve' }).click();
  await expect(left.locator('[part~="queue-position"]')).toHaveText('2 of 2');
  await expect(right.locator('[part~="queue-position"]')).toHaveText('1 of 2');
  await expect(right.locator('[part~="body"]')).toHaveValue('First.');
  await expect(left.locator('[part~="status"]')).toHaveText(/All decisions delivered/);
  expect(await events(page, 'decision', 'right')).toHaveLength(0);
  const [decided] = await events(page, 'decision', 'left');
  const stored = (await storedResults(page)).filter((result) => result.item_id === 'e2e-pair-1');
  expect(stored).toEqual([decided]);
});

test('undo takes a decision back before it is sent', async ({ page }) => {
  await page.goto('/');
  // A long undo window, so the test does not race the timer on a busy machine.
  const element = await addElement(page, 'undoable', [email('e2e-undo', 'Take me back.')], { 'submit-url': '/api/results', 'undo-seconds': '600' });
  await element.getByRole('button', { name: 'Approve' }).click();
  await element.getByRole('button', { name: 'Undo' }).click();
  await expect(element.getByRole('button', { name: 'Approve' })).toBeEnabled();
  await expect(element.locator('[part~="body"]')).toHaveValue('Take me back.');
  // Whatever is still waiting goes out now; an undone decision must not be among it.
  await page.evaluate(() => (document.querySelector('#undoable') as any).flush());
  const [undone] = await events(page, 'undo', 'undoable');
  const [decided] = await events(page, 'decision', 'undoable');
  expect(undone).toEqual({ item_id: 'e2e-undo', idempotency_key: decided.idempotency_key });
  expect((await storedResults(page)).filter((result) => result.item_id === 'e2e-undo')).toEqual([]);
  expect(await page.evaluate(() => (document.querySelector('#undoable') as any).pending)).toEqual([]);
});

test('a failed delivery is kept, shown with the server message, and reported', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'failing', [email('e2e-fail', 'Nowhere to go.')], { 'submit-url': '/api/nowhere', 'undo-seconds': '0' });
  await element.getByRole('button', { name: 'Approve' }).click();
  await expect(element.locator('[part~="status"]')).toHaveAttribute('data-state', 'failed');
  const [failed] = await events(page, 'delivery-failed', 'failing');
  expect(failed).toMatchObject({ item_id: 'e2e-fail', status: 404, will_retry: false, conflict: false });
  const pending = await page.evaluate(() => (document.querySelector('#failing') as any).pending);
  expect(pending.map((result: Detail) => result.item_id)).toEqual(['e2e-fail']);
});

test('a cancelled decision event leaves delivery to the host', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => document.addEventListener('countersign:decision', (event) => {
    if ((event.target as Element).id === 'hosted') event.preventDefault();
  }));
  const element = await addElement(page, 'hosted', [email('e2e-hosted', 'Host delivers me.')], { 'submit-url': '/api/results', 'undo-seconds': '0' });
  await element.getByRole('button', { name: 'Approve' }).click();
  await expect(element.locator('.cs-decided')).toContainText('handed to the page');
  expect(await events(page, 'decision', 'hosted')).toHaveLength(1);
  expect((await storedResults(page)).filter((result) => result.item_id === 'e2e-hosted')).toEqual([]);
});

test('properties a host sets before the module has loaded are applied', async ({ page }) => {
  // A page of our own on the server's origin, so the module loads as it would for a host.
  await page.route('**/early.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><body>
      <countersign-review id="early"></countersign-review>
      <script>
        const element = document.getElementById('early');
        element.config = { undoSeconds: 0 };
        element.items = [{ id: 'e2e-early', kind: 'message', draft: { body: 'Set before the upgrade.' } }];
      </script>
      <script type="module" src="/dist/countersign.js"></script>
    </body></html>`,
  }));
  await page.goto('/early.html');
  const element = page.locator('#early');
  await expect(element.locator('[part~="body"]')).toHaveValue('Set before the upgrade.');
  await expect(element.locator('[part~="queue-position"]')).toHaveText('1 of 1');
});

test('removing the element sends the decisions still in their undo window', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'leaving', [email('e2e-leaving', 'Do not drop me.')], { 'submit-url': '/api/results', 'undo-seconds': '60' });
  await element.getByRole('button', { name: 'Approve' }).click();
  await expect(element.locator('[part~="undo"]')).toBeVisible();
  expect((await storedResults(page)).filter((result) => result.item_id === 'e2e-leaving')).toEqual([]);
  await page.evaluate(() => document.getElementById('leaving')!.remove());
  await expect.poll(async () => (await storedResults(page)).filter((result) => result.item_id === 'e2e-leaving').length).toBe(1);
  const [decided] = await events(page, 'decision', 'leaving');
  expect((await storedResults(page)).find((result) => result.item_id === 'e2e-leaving')).toEqual(decided);
});
