import { expect, test } from './fixtures';
import { storedResult } from './helpers';

// The embedding examples in examples/, built by `cargo xtask test` before this suite runs
// (`cargo xtask examples` by hand): each host approves its one email through the widget and
// shows what was delivered, and the reference server stored exactly that.

const BODY = 'Hi Maria,\n\nAs promised, the forecast template is attached. Shall we go through it on Thursday?\n\nBest,\nSam';

for (const name of ['html', 'react', 'vue', 'leptos']) {
  test(`the ${name} example approves its email and shows the delivered result`, async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const itemId = `example-${name}`;
    await page.goto(`/examples/${name}/`);
    const approve = page.getByRole('button', { name: 'Approve' });
    await expect(approve).toBeVisible();
    await expect(page.locator('[part~="body"]')).toHaveValue(BODY);
    await approve.click();

    // The decision is held for the undo window (5 s by default), then posted.
    await expect(page.locator('#delivered')).toHaveText(`Delivered ${itemId}: 201`, { timeout: 15_000 });
    await expect(page.locator('#final-text')).toHaveText(BODY);
    // The host re-rendered on the events; the widget kept its queue rather than starting over.
    await expect(page.getByText(/^Approved at .* delivered\.$/)).toBeVisible();
    await expect(approve).toBeDisabled();

    const stored = await storedResult(page, itemId);
    expect(stored?.decision).toBe('approved');
    expect(stored?.final.body).toBe(BODY);
    expect(stored?.reviewer).toEqual({ id: 'u-17', name: 'Dana Kim' });
    expect(violations).toEqual([]);
  });
}
