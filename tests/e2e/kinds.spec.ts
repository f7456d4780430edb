import { expect, test, type Page } from './fixtures';

// The code of social posts and lead lists ships in a module of its own
// (dist/countersign_kinds.wasm): a page loads it the first time a widget gets such an item,
// once for all its widgets, and never when it has none.

const KINDS = '**/dist/countersign_kinds.wasm';

const email = (id: string) => ({ id, kind: 'email', title: `Email ${id}`, draft: { subject: 'Hello', body: `Body of ${id}` } });
// X counts a link as 23 characters, and finds `northwind.example.com/launch` a link by its
// top-level domain: twitter-text's TLD list comes with the module's code.
const POST_BODY = 'See northwind.example.com/launch #RevOps';
const post = (id: string) => ({ id, kind: 'social_post', title: `Post ${id}`, draft: { body: POST_BODY, platforms: ['x', 'linkedin'] } });
const leads = (id: string) => ({ id, kind: 'lead_list', title: `Leads ${id}`, leads: [{ id: 'a', name: 'Ada' }, { id: 'b', name: 'Ben' }] });

/** A host page of our own with one widget holding an email; counts the kinds module's requests. */
async function emailPage(page: Page) {
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/dist/countersign_kinds.wasm')) requests.push(request.url());
  });
  await page.route('**/kinds.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><body><main>
      <countersign-review id="mail" undo-seconds="0">
        <script type="application/json">{"items":[${JSON.stringify(email('kinds-mail'))}]}</script>
      </countersign-review></main>
      <script type="module" src="/dist/countersign.js"></script></body></html>`,
  }));
  await page.goto('/kinds.html');
  await expect(page.locator('#mail [part~="body"]')).toHaveValue('Body of kinds-mail');
  return requests;
}

/** Holds the kinds module's request until the returned function is called. */
async function holdKinds(page: Page) {
  let release = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  await page.route(KINDS, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Adds a widget `id` holding `items` to the page. */
async function add(page: Page, id: string, items: unknown[]) {
  await page.evaluate(({ id, items }) => {
    const element = document.createElement('countersign-review');
    element.id = id;
    element.setAttribute('undo-seconds', '0');
    (element as any).items = items;
    document.querySelector('main')!.append(element);
  }, { id, items });
  return page.locator(`#${id}`);
}

test('a page without social posts or lead lists never loads their module; the first one loads it once for every widget', async ({ page }) => {
  const requests = await emailPage(page);
  // An email and a message decided and moved through: still no request for the module.
  await page.locator('#mail').getByRole('button', { name: 'Approve' }).click();
  await add(page, 'message', [{ id: 'kinds-message', kind: 'message', draft: { body: 'Short note' } }]);
  await expect(page.locator('#message [part~="body"]')).toHaveValue('Short note');
  expect(requests).toEqual([]);

  const [social, list] = [await add(page, 'social', [post('kinds-post')]), await add(page, 'leads', [leads('kinds-leads')])];
  await expect(social.locator('[part~="preview"]')).toHaveCount(2);
  await expect(social.locator('[part~="counter"][data-platform="x"]')).toHaveAttribute('data-count', String('See '.length + 23 + ' #RevOps'.length));
  // LinkedIn counts the text as its API receives it: the `#` escaped, two characters.
  await expect(social.locator('[part~="counter"][data-platform="linkedin"]')).toHaveAttribute('data-count', String(POST_BODY.length + 1));
  await expect(list.locator('[part~="lead"]')).toHaveCount(2);
  expect(requests).toHaveLength(1);
});

test('a mixed batch shows its email at once, and its post in its place once the module is in', async ({ page }) => {
  await emailPage(page);
  const release = await holdKinds(page);
  await page.evaluate(() => {
    (window as any).readies = [];
    document.addEventListener('countersign:ready', (event: any) => (window as any).readies.push([event.target.id, event.detail]));
  });
  const mixed = await add(page, 'mixed', [post('kinds-mixed-post'), email('kinds-mixed-mail')]);
  await expect(mixed.locator('[part~="body"]')).toHaveValue('Body of kinds-mixed-mail');
  await expect(mixed.locator('[part~="queue-position"]')).toHaveText('1 of 1');
  release();
  // The post joins before the email, as in the batch; the email stays on screen.
  await expect(mixed.locator('[part~="queue-position"]')).toHaveText('2 of 2');
  await expect(mixed.locator('[part~="body"]')).toHaveValue('Body of kinds-mixed-mail');
  // Ready counts the whole batch, once.
  expect(await page.evaluate(() => (window as any).readies)).toEqual([['mixed', { items: 2 }]]);
  await mixed.getByRole('button', { name: 'Previous item' }).click();
  await expect(mixed.locator('[part~="preview"]')).toHaveCount(2);
});

test('a kinds module that cannot be had is said, the other items stay reviewable, and the posts come once it loads', async ({ page }) => {
  await emailPage(page);
  let offline = true;
  await page.route(KINDS, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  const social = await add(page, 'social', [post('kinds-offline-post'), email('kinds-offline-mail')]);
  await expect(social.locator('.cs-notice')).toContainText('The code for social posts and lead lists could not be loaded');
  await expect(social.locator('[part~="body"]')).toHaveValue('Body of kinds-offline-mail');
  await expect(social.locator('[part~="queue-position"]')).toHaveText('1 of 1');
  offline = false;
  // Asked for again a few seconds later.
  await expect(social.locator('[part~="queue-position"]')).toHaveText('2 of 2', { timeout: 15_000 });
  await expect(social.locator('.cs-notice')).toHaveCount(0);
  await social.getByRole('button', { name: 'Previous item' }).click();
  await expect(social.locator('[part~="preview"]')).toHaveCount(2);
});

test('items set while the kinds module loads replace the ones waiting for it', async ({ page }) => {
  await emailPage(page);
  const release = await holdKinds(page);
  const element = await add(page, 'late', [post('kinds-waiting-post')]);
  await page.evaluate(() => { (document.querySelector('#late') as any).items = [{ id: 'kinds-newer', kind: 'email', draft: { subject: 'Newer', body: 'The newer items' } }]; });
  await expect(element.locator('[part~="body"]')).toHaveValue('The newer items');
  // The module arrives for nobody: the newer items stay.
  const arrived = page.waitForResponse(KINDS);
  release();
  await arrived;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
  await expect(element.locator('[part~="body"]')).toHaveValue('The newer items');
  await expect(element.locator('[part~="preview"]')).toHaveCount(0);
});

test('a page that preloads the kinds module fetches it once, before any widget asks', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/dist/countersign_kinds.wasm')) requests.push(request.url());
  });
  await page.route('**/preload.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><head>
      <link rel="preload" href="/dist/countersign_kinds.wasm" as="fetch" crossorigin>
      </head><body><main></main>
      <script type="module" src="/dist/countersign.js"></script></body></html>`,
  }));
  await page.goto('/preload.html');
  await expect.poll(() => requests.length).toBe(1);
  await page.evaluate(() => customElements.whenDefined('countersign-review'));
  const social = await add(page, 'social', [post('kinds-preloaded')]);
  await expect(social.locator('[part~="preview"]')).toHaveCount(2);
  expect(requests).toHaveLength(1);
});
