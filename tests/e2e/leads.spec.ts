import { expect, test, type Page } from './fixtures';
import { addElement, postAtOnce, storedResult } from './helpers';

// Lead lists and rationale points end to end: dragging in Chromium, and what the reference
// server stores.

const leadList = (id: string) => ({
  id, version: '1', kind: 'lead_list', title: `E2E ${id}`,
  leads: ['Dana Kim', 'Omar Haddad', 'Ines Duarte', 'Kai Berg', 'Lena Vogel'].map((name, index) => ({
    id: `l${index + 1}`, name, company: 'Acme', score: 0.9 - index * 0.1, reasons: ['Visited pricing'],
  })),
});

const order = (element: ReturnType<Page['locator']>) =>
  element.locator('[part~="lead"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead-id')));

test('dragging and the keyboard reorder leads, x excludes, and the server stores order and metrics', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'leads', [leadList('e2e-leads')], postAtOnce);
  await expect.poll(() => order(element)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
  await element.locator('[data-lead-id="l5"]').dragTo(element.locator('[data-lead-id="l1"]'));
  await expect.poll(() => order(element)).toEqual(['l5', 'l1', 'l2', 'l3', 'l4']);
  await expect(element.locator('[data-lead-id="l5"] .cs-move [aria-hidden]')).toHaveText('↑4');
  await element.locator('[data-lead-id="l2"]').focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => order(element)).toEqual(['l5', 'l1', 'l3', 'l2', 'l4']);
  await expect(element.locator('[data-lead-id="l2"]')).toBeFocused();
  await page.keyboard.press('x');
  await expect.poll(() => order(element)).toEqual(['l5', 'l1', 'l3', 'l4']);
  await element.locator('.cs-excluded-lead > input').fill('Already a customer');
  await element.locator('.cs-excluded-lead > input').press('Tab');
  await element.locator('[data-lead-id="l1"] .cs-note input').fill('Personal agreement with their CFO');
  await element.locator('[data-lead-id="l1"] .cs-note input').press('Tab');
  await element.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => storedResult(page, 'e2e-leads')).toBeTruthy();
  const stored = await storedResult(page, 'e2e-leads');
  expect(stored!.final.order).toEqual(['l5', 'l1', 'l3', 'l4']);
  expect(stored!.final.excluded).toEqual(['l2']);
  expect(stored!.final.notes).toEqual({ l1: 'Personal agreement with their CFO' });
  expect(stored!.final.exclusion_reasons).toEqual({ l2: 'Already a customer' });
  // Kept l1, l3, l4, l5: l5 jumped over three, so 3 of 6 pairs are discordant.
  expect(stored!.metrics).toEqual({ kendall_tau: 0, moved: 4, excluded: 1 });
});

test('a reason typed for an excluded lead does not swallow the first click on Restore', async ({ page }) => {
  // Bug: leaving the reason field (the mousedown on Restore) committed the reason, which rebuilt
  // every excluded row between the mousedown and the click: the click landed on nothing.
  await page.goto('/');
  const element = await addElement(page, 'restore', [leadList('e2e-restore')], postAtOnce);
  await expect.poll(() => order(element)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
  await element.locator('[data-lead-id="l2"]').focus();
  await page.keyboard.press('x');
  await expect.poll(() => order(element)).toEqual(['l1', 'l3', 'l4', 'l5']);
  await element.locator('.cs-excluded-lead > input').fill('Already a customer');
  await element.locator('.cs-excluded-lead').getByRole('button', { name: 'Restore' }).click();
  await expect.poll(() => order(element)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
  await expect(element.locator('[part~="lead"][data-lead-id="l2"]')).toBeFocused();
  // Focus stayed in the widget, so the single keys go on working; an excluded lead's
  // neighbour takes focus.
  await page.keyboard.press('x');
  await expect.poll(() => order(element)).toEqual(['l1', 'l3', 'l4', 'l5']);
  await expect(element.locator('[part~="lead"][data-lead-id="l3"]')).toBeFocused();
});

test('a lead picked up with Space stays grabbed while it moves, and Tab or a click elsewhere drops it', async ({ page }) => {
  // Bug: a grabbed lead stayed grabbed once focus left its row, so its arrows moved it later
  // without a new Space.
  await page.goto('/');
  const element = await addElement(page, 'grab', [leadList('e2e-grab')], postAtOnce);
  await expect.poll(() => order(element)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
  const row = (id: string) => element.locator(`[part~="lead"][data-lead-id="${id}"]`);
  await row('l3').focus();
  await page.keyboard.press(' ');
  await expect(row('l3')).toHaveAttribute('data-grabbed', '');
  // Up moves the row itself in the DOM (a blur until it is focused again), down its neighbour.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => order(element)).toEqual(['l1', 'l3', 'l2', 'l4', 'l5']);
  await expect(row('l3')).toBeFocused();
  await expect(row('l3')).toHaveAttribute('data-grabbed', '');
  await page.keyboard.press('Tab');
  await expect(row('l3')).not.toHaveAttribute('data-grabbed');
  await page.keyboard.press('Shift+Tab');
  await expect(row('l3')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => order(element)).toEqual(['l1', 'l3', 'l2', 'l4', 'l5']);
  await page.keyboard.press(' ');
  await expect(row('l3')).toHaveAttribute('data-grabbed', '');
  await element.locator('.cs-title').click();
  await expect(row('l3')).not.toHaveAttribute('data-grabbed');
  await expect(element.locator('[part~="lead"][data-grabbed]')).toHaveCount(0);
});

test('a point flips to unsupported when an edit removes its quote, and a disagreement is stored', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'grounded', [{
    id: 'e2e-grounded', version: '1', kind: 'message', title: 'E2E grounded',
    draft: { body: 'Congrats on expanding into three new regions this year!' },
    rationale: { points: [
      { text: 'Mentions their expansion', quote: 'expanding into three new regions' },
      { text: 'Claims a partnership', quote: 'our partnership since 2019' },
    ] },
  }], postAtOnce);
  const points = element.locator('[part~="point"]');
  await expect(points.nth(0)).toHaveAttribute('data-supported', 'true');
  await expect(points.nth(1)).toHaveAttribute('data-supported', 'false');
  await expect(points.nth(1)).toContainText('Not found in the draft');
  await points.nth(0).hover();
  await expect(element.locator('.cs-highlight mark')).toHaveText('expanding into three new regions');
  await element.locator('[part~="body"]').fill('Congrats on the new offices this year!');
  await expect(points.nth(0)).toHaveAttribute('data-supported', 'false');
  await points.nth(1).getByRole('button', { name: 'Disagree' }).click();
  await element.getByRole('button', { name: 'Reject' }).click();
  await element.getByRole('button', { name: 'Confirm rejection' }).click();
  await expect.poll(() => storedResult(page, 'e2e-grounded')).toBeTruthy();
  expect((await storedResult(page, 'e2e-grounded'))!.points).toEqual([{ index: 1, verdict: 'disagree' }]);
});
