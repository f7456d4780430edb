import { expect, test } from './fixtures';
import { addElement, postAtOnce, storedResult } from './helpers';

// Social posts end to end: previews and counters in Chromium, the decision stored by the
// reference server with the platforms and per-platform texts the person chose.

const post = (id: string) => ({
  id, version: '1', kind: 'social_post', title: `E2E ${id}`,
  draft: {
    body: 'Deal Signals is live: acme.example.com/signals #RevOps @northwind',
    platforms: ['x', 'linkedin', 'facebook', 'instagram', 'threads', 'bluesky'],
    variants: { x: { body: 'Deal Signals is live. #RevOps' } },
    media: [{ url: 'https://example.com/banner.png', alt: '' }],
  },
  context: { account: { name: 'Northwind', handle: 'northwindhq' } },
});

test('the demo shows the launch post with a preview and a counter per platform', async ({ page }) => {
  await page.goto('/');
  const review = page.locator('#review');
  await expect(review.locator('[part~="body"]')).toBeVisible();
  // Walk the queue to the launch post.
  for (let step = 0; step < 20 && (await review.locator('[part~="preview"]').count()) === 0; step++) {
    await review.getByRole('button', { name: 'Next item' }).click();
  }
  const platforms = await review.locator('[part~="preview"]').evaluateAll((previews) => previews.map((preview) => preview.getAttribute('data-platform')));
  expect(platforms.length).toBeGreaterThan(1);
  const counters = review.locator('[part~="counter"]');
  await expect(counters).toHaveCount(platforms.length);
  for (const counter of await counters.all()) {
    expect(Number(await counter.getAttribute('data-count'))).toBeGreaterThan(0);
    expect(await counter.getAttribute('data-limit')).toMatch(/^\d+$/);
  }
});

test('typing updates the counters, and an over-limit post is approved only with a reason', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'social-over', [post('e2e-social-over')], postAtOnce);
  const counter = (platform: string) => element.locator(`[part~="counter"][data-platform="${platform}"]`);
  await expect(counter('bluesky')).toHaveAttribute('data-over', 'false');
  await element.locator('[part~="body"]').fill('x'.repeat(301));
  await expect(counter('bluesky')).toHaveAttribute('data-count', '301');
  await expect(counter('bluesky')).toHaveAttribute('data-over', 'true');
  await expect(counter('linkedin')).toHaveAttribute('data-over', 'false');
  await expect(counter('x')).toHaveAttribute('data-over', 'false'); // X has its own short text
  await expect(element.locator('[data-warning="alt"]')).toHaveText('1 image has no alt text.');

  await element.getByRole('button', { name: 'Approve' }).click();
  await expect(element.locator('[data-override="limits"]')).toContainText('Bluesky');
  await element.locator('#cs-comment').fill('Bluesky gets the link card; the text is cut on purpose');
  await element.getByRole('button', { name: 'Approve anyway' }).click();
  await expect.poll(() => storedResult(page, 'e2e-social-over')).toBeTruthy();
  const stored = await storedResult(page, 'e2e-social-over');
  expect(stored!.reasons).toEqual(['over_limit']);
  expect(stored!.comment).toBe('Bluesky gets the link card; the text is cut on purpose');
});

test('the stored result carries the ticked platforms and the edited X text', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'social-edit', [post('e2e-social-edit')], postAtOnce);
  await expect(element.locator('[part~="preview"][data-platform="x"] .cs-preview-text')).toHaveText('Deal Signals is live. #RevOps');
  await element.locator('.cs-platforms [data-platform="threads"] input').uncheck();
  await element.locator('.cs-tab[data-platform="x"]').click();
  await element.locator('[part~="body"]').fill('Deal Signals: drifting deals, flagged early. #RevOps');
  await expect(element.locator('[part~="preview"][data-platform="x"] .cs-preview-text')).toHaveText('Deal Signals: drifting deals, flagged early. #RevOps');
  await expect(element.locator('[part~="preview"]')).toHaveCount(5);
  await element.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => storedResult(page, 'e2e-social-edit')).toBeTruthy();
  const stored = await storedResult(page, 'e2e-social-edit');
  expect(stored!.final.platforms).toEqual(['x', 'linkedin', 'facebook', 'instagram', 'bluesky']);
  expect(stored!.final.variants).toEqual({ x: { body: 'Deal Signals: drifting deals, flagged early. #RevOps' } });
  expect(stored!.final.body).toBe(post('x').draft.body);
  expect(stored!.edited).toBe(true);
});
