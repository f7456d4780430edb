import { expect, test as base } from '@playwright/test';

// Every spec's `test`: Playwright's, plus a guard that fails the test when a page throws an
// uncaught error (the widget's own bugs surface as exceptions in the page, not as failed
// assertions). A test that expects errors can read and clear `pageErrors` itself.
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page, Locator } from '@playwright/test';
