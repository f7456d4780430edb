import { expect, test } from './fixtures';

// The trust report: reached from the demo page, drawn on the server (it works without
// JavaScript), readable in light and dark.

test('the demo links to the trust report, whose charts are drawn without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Trust report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByRole('heading', { name: 'Trust report' })).toBeVisible();
  // The demo's history: a sentence per kind and model, at least one of them a threshold.
  await expect(page.locator('.verdicts li.trusted').first()).toContainText(/with confidence ≥ 0\.\d\d were approved unedited \d+ % of the time \(n = \d+/);
  const charts = page.locator('svg.chart');
  expect(await charts.count()).toBeGreaterThan(3);
  const first = charts.first();
  await expect(first).toBeVisible();
  expect(await first.locator('rect.bar').count()).toBeGreaterThan(3);
  await expect(first.locator('text', { hasText: 'AI confidence' })).toHaveCount(1);
  await expect(first.locator('text', { hasText: 'Approved unedited' })).toHaveCount(1);
  const box = await first.boundingBox();
  expect(box && box.width > 200 && box.height > 100).toBeTruthy();
  await expect(page.getByRole('table', { name: 'By kind' })).toBeVisible();
  await context.close();
});

test('the report reads in dark mode too', async ({ browser }) => {
  const colours = async (scheme: 'light' | 'dark') => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto('/report');
    const result = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const bar = document.querySelector('svg.chart rect.bar');
      return { background: body.backgroundColor, text: body.color, bar: bar ? getComputedStyle(bar).fill : '' };
    });
    await context.close();
    return result;
  };
  const light = await colours('light');
  const dark = await colours('dark');
  expect(light.background).toBe('rgb(255, 255, 255)');
  expect(dark.background).toBe('rgb(13, 17, 23)');
  expect(dark.text).not.toBe(light.text);
  expect(dark.bar).not.toBe('');
});
