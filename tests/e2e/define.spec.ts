import { expect, test } from './fixtures';
import { storedResult } from './helpers';

// define(tag?) lets a host run two versions of the widget side by side under different tags;
// calling it again is harmless. mount() creates the tag its module registered.

test('define registers another tag once, mount uses it, and its element posts like the first', async ({ page }) => {
  await page.goto('/');
  const classes = await page.evaluate(async () => {
    const module = await import('/dist/countersign.js' as string);
    const first = module.define();
    const again = module.define();
    const second = module.define('countersign-review-v2');
    const secondAgain = module.define('countersign-review-v2');
    return {
      defaultStable: first === again && first === customElements.get('countersign-review'),
      secondStable: second === secondAgain && second === customElements.get('countersign-review-v2'),
      distinct: first !== second,
      bothTheElement: first.prototype instanceof module.CountersignReview && second.prototype instanceof module.CountersignReview,
    };
  });
  expect(classes).toEqual({ defaultStable: true, secondStable: true, distinct: true, bothTheElement: true });

  const tag = await page.evaluate(async () => {
    const { mount } = await import('/dist/countersign.js' as string);
    const element = mount(document.querySelector('main')!, {
      undoSeconds: 0,
      items: [{ id: 'e2e-define-v2', kind: 'message', title: 'Second version', draft: { body: 'Hello from the second tag.' } }],
    });
    element.id = 'v2';
    // Attributes have camelCase properties that write them.
    element.submitUrl = '/api/results';
    return { tag: element.localName, attribute: element.getAttribute('submit-url'), property: element.submitUrl };
  });
  expect(tag).toEqual({ tag: 'countersign-review-v2', attribute: '/api/results', property: '/api/results' });

  const review = page.locator('#v2');
  await review.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(async () => (await storedResult(page, 'e2e-define-v2'))?.decision).toBe('approved');
  // The first tag's widget on the page is untouched.
  await expect(page.locator('#review').getByRole('button', { name: 'Approve' })).toBeEnabled();
});

test('properties a host sets before the element is defined are picked up when it is', async ({ page }) => {
  await page.goto('/');
  const before = await page.evaluate(async () => {
    const element = document.createElement('countersign-review-late') as any;
    element.id = 'late';
    element.items = [{ id: 'e2e-define-late', kind: 'message', title: 'Set before define', draft: { body: 'Early.' } }];
    element.submitUrl = '/api/results';
    document.querySelector('main')!.prepend(element);
    const defined = customElements.get('countersign-review-late') !== undefined;
    const { define } = await import('/dist/countersign.js' as string);
    define('countersign-review-late');
    return { defined, attribute: element.getAttribute('submit-url') };
  });
  expect(before).toEqual({ defined: false, attribute: '/api/results' });
  await expect(page.locator('#late').getByRole('heading', { name: 'Set before define' })).toBeVisible();
});

test('a wasm that cannot be had leaves the element defined and saying so, and it loads when the connection is back', async ({ page }) => {
  let offline = true;
  await page.route('**/dist/countersign_core_bg.wasm', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  const demo = page.locator('countersign-review').first();
  // Defined all the same: the host's elements say why they are empty instead of staying blank.
  expect(await page.evaluate(() => customElements.whenDefined('countersign-review').then(() => true))).toBe(true);
  await expect(demo.locator('[part~="load-error"]')).toContainText('Countersign could not load');
  await expect(demo.locator('[part~="load-error"]')).toHaveAttribute('role', 'alert');
  // A widget the host adds meanwhile keeps its items for when the code is in.
  await page.evaluate(() => {
    const element = document.createElement('countersign-review');
    element.id = 'late';
    element.setAttribute('undo-seconds', '0');
    (element as any).items = [{ id: 'e2e-offline-late', kind: 'message', title: 'Late', draft: { body: 'Kept while offline.' } }];
    document.querySelector('main')!.append(element);
  });
  const late = page.locator('#late');
  await expect(late.locator('[part~="load-error"]')).toBeVisible();
  expect(await late.evaluate((node: any) => node.pending)).toEqual([]);
  offline = false;
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(late.locator('[part~="load-error"]')).toHaveCount(0);
  await expect(late.locator('[part~="body"]')).toHaveValue('Kept while offline.');
  await expect(demo.locator('[part~="load-error"]')).toHaveCount(0);
  await expect(demo.locator('[part~="approve"]')).toBeVisible();
});
