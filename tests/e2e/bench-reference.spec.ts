import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';

// The bench (cargo xtask bench) reads the widget's timings as ratios to a vanilla element in
// benches/; those ratios only mean something if the reference renders the same item. The
// bench's page and files are served as the bench serves them, beside the real dist/.

// xtask runs Playwright in tests/e2e and names the project root.
const benches = path.resolve(process.env.PROJECT_ROOT ?? '../..', 'benches');

test.beforeEach(async ({ page }) => {
  await page.route('**/bench/*', async (route) => {
    const name = new URL(route.request().url()).pathname.replace('/bench/', '');
    const type = name.endsWith('.html') ? 'text/html' : 'text/javascript';
    await route.fulfill({ status: 200, contentType: type, body: await readFile(path.join(benches, path.basename(name))) });
  });
});

test('the vanilla reference renders the same email as the widget', async ({ page }) => {
  await page.goto('/bench/page.html');
  await page.waitForFunction(() => (window as any).bench?.ready);
  await page.evaluate(async () => {
    const { emailItem } = await import('/bench/items.js' as string);
    for (const tag of ['countersign-review', 'vanilla-review']) {
      const element = document.createElement(tag);
      element.setAttribute('locale', 'en');
      element.id = tag;
      (element as any).items = [emailItem('same', 80), emailItem('second', 20)];
      document.body.append(element);
    }
  });
  const item = await page.evaluate(async () => (await import('/bench/items.js' as string)).emailItem('same', 80));
  for (const tag of ['countersign-review', 'vanilla-review']) {
    const element = page.locator(`#${tag}`);
    await expect(element.locator('[part~="subject"]'), tag).toHaveValue(item.draft.subject);
    await expect(element.locator('[part~="body"]'), tag).toHaveValue(item.draft.body);
    await expect(element.locator('[part~="queue-position"]'), tag).toContainText('1 of 2');
    const review = element.locator('[part~="review"]');
    for (const text of [item.title, item.kind, item.context.recipient.name, item.context.recipient.email, item.context.recipient.company]) {
      await expect(review, tag).toContainText(text);
    }
    const points = element.locator('[part~="point"]');
    await expect(points, tag).toHaveCount(item.rationale.points.length);
    for (const [index, point] of item.rationale.points.entries()) {
      await expect(points.nth(index), tag).toContainText(point.text);
      await expect(points.nth(index), tag).toContainText(`“${point.quote}”`);
    }
    await expect(points.nth(0).locator('a'), tag).toHaveText(item.rationale.points[0].source.label);
    // The same quote check, shown the same way: the first two quotes are in the draft, the
    // third is not.
    for (const [index, found] of [true, true, false].entries()) {
      await expect(points.nth(index), tag).toHaveAttribute('data-supported', String(found));
      await expect(points.nth(index), tag).toContainText(found ? 'Found in the draft' : 'Not found in the draft');
    }
    const rationale = element.locator('[part~="rationale"]');
    await expect(rationale.locator('strong'), tag).toHaveText('duplicate contacts');
    await expect(rationale, tag).toContainText('82%');
    await expect(rationale, tag).toContainText('Risk: low');
    await expect(element.locator('meter'), tag).toHaveAttribute('value', /^0\.82$/);
    await expect(element.locator('[part~="approve"]'), tag).toBeVisible();
    await expect(element.locator('[part~="reject"]'), tag).toBeVisible();
  }
});

test('the replay reference builds exactly the first view the widget built', async ({ page }) => {
  await page.goto('/bench/page.html');
  await page.waitForFunction(() => (window as any).bench?.ready);
  const views = await page.evaluate(async () => {
    const { emailItem } = await import('/bench/items.js' as string);
    // The DOM with each field's value, which is a property and not in the markup.
    const view = (root: ShadowRoot) => ({
      markup: root.innerHTML,
      values: [...root.querySelectorAll('input, textarea, select')].map((field) => (field as HTMLInputElement).value),
      sheets: root.adoptedStyleSheets,
    });
    const widget = document.createElement('countersign-review');
    widget.setAttribute('locale', 'en');
    document.body.append(widget);
    (widget as any).items = [emailItem('first')];
    const replay = document.createElement('replay-review');
    document.body.append(replay);
    (replay as any).items = [emailItem('first')];
    const [built, replayed] = [view(widget.shadowRoot!), view(replay.shadowRoot!)];
    return {
      built: { markup: built.markup, values: built.values },
      replayed: { markup: replayed.markup, values: replayed.values },
      sameSheets: built.sheets.length > 0 && built.sheets.every((sheet, index) => sheet === replayed.sheets[index]),
      elements: (window as any).bench.replayedElements,
      counted: widget.shadowRoot!.querySelectorAll('*').length,
    };
  });
  expect(views.replayed.markup).toBe(views.built.markup);
  expect(views.replayed.values).toEqual(views.built.values);
  expect(views.built.values).toContain('Following up on Tuesday’s demo');
  expect(views.sameSheets).toBe(true);
  expect(views.elements).toBe(views.counted);
  expect(views.elements).toBeGreaterThan(40);
});
