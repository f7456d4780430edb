import { expect, test, type Page } from './fixtures';
import { addElement, postAtOnce, storedResult } from './helpers';

// The demo page is served with the strict policy of the issue (and README, "Security"): the
// widget must do all its work under it (load its wasm, adopt its styles, fetch and post,
// render every kind, open its forms and help) without one violation.

const REQUIRED = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data:",
];

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as any).__violations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
});

test('the demo page is served with the strict CSP', async ({ page }) => {
  const response = await page.goto('/');
  const policy = response!.headers()['content-security-policy'];
  for (const directive of REQUIRED) expect(policy).toContain(directive);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");
});

const rationale = {
  summary: 'Follows up on **pricing**; see [the notes](https://example.com/notes).',
  points: [{ text: 'Mentions the demo', quote: 'the demo', source: { label: 'CRM note', url: 'https://example.com/crm' } }],
  confidence: 0.8,
  risk: 'low',
};
const policy = { reason_required_for: ['rejected'], reason_codes: [{ code: 'tone', label: 'Wrong tone' }] };
const kinds = [
  { id: 'csp-email', kind: 'email', title: 'CSP email', draft: { subject: 'After the demo', body: 'Hi Sam, thanks for the demo.' }, rationale, policy },
  { id: 'csp-post', kind: 'social_post', title: 'CSP post', draft: { body: 'Launch day! https://example.com #launch', platforms: ['x', 'linkedin', 'instagram'], media: [{ url: 'https://example.com/a.png', alt: 'A chart' }] }, rationale, policy },
  { id: 'csp-message', kind: 'message', title: 'CSP message', draft: { body: 'Hi Sam, quick question about the demo.' }, rationale, policy },
  { id: 'csp-leads', kind: 'lead_list', title: 'CSP leads', leads: [{ id: 'l1', name: 'Dana Kim', company: 'Acme', score: 0.9, reasons: ['Pricing page'] }, { id: 'l2', name: 'Omar Haddad', score: 0.4 }], rationale, policy },
];

/** Loads the demo page and reviews every kind there: the widget's whole surface, which must
 * cause no violation of the policy the page was served with. */
async function reviewEveryKind(page: Page) {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (/content security policy|trusted type/i.test(message.text())) messages.push(message.text());
  });
  await page.goto('/');
  // The demo's own element loads its queue from the server (connect-src 'self').
  await expect(page.locator('#review [part~="queue-position"]')).toContainText(' of ');
  const element = await addElement(page, 'csp', kinds, { ...postAtOnce, locale: 'en' });
  const approve = element.locator('[part~="approve"]');
  await expect(approve).toBeVisible();
  // Its stylesheet was adopted: the button wears the widget's styles, not the browser's.
  expect(await approve.evaluate((button) => getComputedStyle(button).borderRadius)).not.toBe('0px');

  // Every kind is shown, with its reject form and the help overlay opened.
  const root = element.locator('[part~="review"]');
  for (const [at, item] of kinds.entries()) {
    await expect(element.locator('[part~="queue-position"]')).toHaveText(`${at + 1} of ${kinds.length}`);
    const marker = { email: 'subject', social_post: 'preview', message: 'body', lead_list: 'lead' }[item.kind]!;
    await expect(element.locator(`[part~="${marker}"]`).first()).toBeVisible();
    await element.locator('[part~="reject"]').click();
    await expect(element.getByText('Wrong tone')).toBeVisible();
    await root.focus();
    await page.keyboard.press('j');
  }
  await root.focus();
  await page.keyboard.press('?');
  await expect(element.locator('[part~="help"]')).toBeVisible();
  await page.keyboard.press('Escape');

  // A decision is posted and stored.
  for (let at = 0; at < kinds.length; at += 1) await page.keyboard.press('k');
  await expect(element.locator('[part~="queue-position"]')).toHaveText(`1 of ${kinds.length}`);
  await element.locator('[part~="body"]').fill('Hi Sam, approved under a strict policy.');
  await element.locator('[part~="body"]').press('Control+Enter');
  await expect.poll(async () => (await storedResult(page, 'csp-email'))?.final?.body).toBe('Hi Sam, approved under a strict policy.');

  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(messages).toEqual([]);
}

test('the widget reviews every kind under the strict CSP without a violation', async ({ page }) => {
  await reviewEveryKind(page);
});

test('the widget reviews every kind with Trusted Types required, without a violation', async ({ page }) => {
  // The demo page's policy plus Trusted Types with no policy allowed at all: any string
  // handed to an HTML or script sink (innerHTML, insertAdjacentHTML, eval…) would throw.
  await page.route((url) => url.pathname === '/', async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    headers['content-security-policy'] = `${headers['content-security-policy']}; require-trusted-types-for 'script'; trusted-types 'none'`;
    await route.fulfill({ response, headers });
  });
  const served = page.waitForResponse((response) => new URL(response.url()).pathname === '/');
  await reviewEveryKind(page);
  expect((await served).headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
  // The policy is enforced: a sink refuses a plain string on this page.
  expect(await page.evaluate(() => { try { document.createElement('div').innerHTML = '<b>x</b>'; return 'accepted'; } catch (error) { return (error as Error).name; } })).toBe('TypeError');
});

test('the trust report renders under the strict CSP without a violation', async ({ page }) => {
  const response = await page.goto('/report');
  expect(response!.headers()['content-security-policy']).toContain("style-src 'self'");
  await expect(page.locator('h1')).toHaveText('Trust report');
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});
