import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

// A LangChain human-in-the-loop interrupt reviewed in the widget: the ES module's
// fromLangChainInterrupt makes the items, a person edits the email, rejects the CRM update and
// answers the agent's question, and toLangChainResume gives the value the graph resumes with.

const interrupt = JSON.parse(readFileSync(new URL('../fixtures/langchain/interrupt.python.json', `file://${__filename}`), 'utf8'));

test('an interrupt is reviewed in the widget and the decisions resume the graph in order', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(async (value) => {
    const { fromLangChainInterrupt } = await import('/dist/countersign.js' as string);
    const element = document.createElement('countersign-review') as any;
    element.id = 'lc';
    element.setAttribute('undo-seconds', '0');
    element.items = fromLangChainInterrupt(value);
    (window as any).__decisions = [];
    element.addEventListener('countersign:decision', (event: CustomEvent) => (window as any).__decisions.push(event.detail));
    document.querySelector('main')!.prepend(element);
  }, interrupt);
  const review = page.locator('#lc');
  const body = review.locator('[part~="body"]');

  await expect(review.getByRole('heading', { name: 'send_email' })).toBeVisible();
  const edited = (await body.inputValue()).replace('Could we look at it together next week?', 'Does Thursday at 10 suit you?');
  await body.fill(edited);
  await review.getByRole('button', { name: 'Approve' }).click();

  await expect(review.getByRole('heading', { name: 'update_crm' })).toBeVisible();
  await expect(body).not.toBeEditable();
  await review.getByRole('button', { name: 'Reject' }).click();
  await review.getByLabel('Comment').fill('The amount is 42,000.');
  await review.getByRole('button', { name: 'Confirm rejection' }).click();

  await expect(review.getByRole('heading', { name: 'ask_user' })).toBeVisible();
  // Respond is all an ask-the-user action allows, and LangChain needs a decision for each action.
  for (const name of ['Skip', 'Reject', 'Regenerate']) await expect(review.getByRole('button', { name })).toHaveCount(0);
  await body.fill('5%, and only with a two-year term.');
  await review.getByRole('button', { name: 'Approve' }).click();

  await expect.poll(() => page.evaluate(() => (window as any).__decisions.length)).toBe(3);
  const resume = await page.evaluate(async () => {
    const { toLangChainResume } = await import('/dist/countersign.js' as string);
    return toLangChainResume((window as any).__decisions);
  });
  const args = interrupt.value.action_requests[0].args;
  expect(resume).toEqual({
    decisions: [
      { type: 'edit', edited_action: { name: 'send_email', args: { ...args, body: edited } } },
      { type: 'reject', message: 'The amount is 42,000.' },
      { type: 'respond', message: '5%, and only with a two-year term.' },
    ],
  });
});
