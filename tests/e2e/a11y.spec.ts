import { expect, test } from './fixtures';
import { addElement } from './helpers';

// axe-core on every kind in both themes: no serious or critical violation. axe reaches into
// the open shadow root by itself.

const axePath = require.resolve('axe-core/axe.min.js');
// axe-core is injected as an inline script, which the demo page's strict CSP refuses; the
// widget's own behaviour under that CSP is csp.spec.ts's concern.
test.use({ bypassCSP: true });

const rationale = {
  summary: 'Why **this** draft, with a [source](https://example.com/source)',
  points: [
    { text: 'Found point', quote: 'three new regions', source: { label: 'CRM note', url: 'https://example.com/crm' } },
    { text: 'Missing point', quote: 'not in the draft' },
  ],
  confidence: 0.72,
  risk: 'high',
  model: 'test-model',
};

const kinds: Record<string, unknown> = {
  email: {
    id: 'a11y-email', kind: 'email', title: 'Email', rationale,
    draft: { subject: 'Next steps', body: 'Congrats on expanding into three new regions.' },
    context: { recipient: { name: 'Dana Kim', email: 'dana@example.com', title: 'VP', company: 'Acme' }, fields: { Stage: 'Evaluation' } },
    policy: { reason_codes: [{ code: 'tone', label: 'Wrong tone' }] },
  },
  message: { id: 'a11y-message', kind: 'message', title: 'Message', rationale, draft: { body: 'Hi Dana, three new regions!' } },
  social_post: {
    id: 'a11y-social', kind: 'social_post', title: 'Post', rationale,
    draft: {
      body: 'Launch day: acme.example.com #RevOps @acme ' + 'x'.repeat(300),
      platforms: ['x', 'linkedin', 'facebook', 'instagram', 'threads', 'bluesky'],
      variants: { x: { body: 'Launch!' } },
      media: [{ url: 'https://example.com/a.png', alt: '' }],
    },
    context: { account: { name: 'Acme', handle: 'acme' } },
  },
  lead_list: {
    id: 'a11y-leads', kind: 'lead_list', title: 'Leads', rationale,
    leads: [
      { id: 'l1', name: 'Dana Kim', company: 'Acme', title: 'VP', score: 0.9, reasons: ['Pricing page'], fields: { ARR: '$1M' } },
      { id: 'l2', name: 'Omar Haddad', company: 'Beta', score: 0.5 },
    ],
  },
};

for (const theme of ['light', 'dark']) {
  for (const [kind, item] of Object.entries(kinds)) {
    test(`no serious or critical accessibility violation: ${kind}, ${theme}`, async ({ page }) => {
      await page.goto('/');
      const element = await addElement(page, `a11y-${kind}`, [item], { theme });
      await expect(element.locator('[part~="draft"]')).toBeVisible();
      await expect(element.locator('[part~="approve"]')).toBeVisible();
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async (id) => {
        const results = await (window as any).axe.run(document.getElementById(id), { resultTypes: ['violations'] });
        return results.violations
          .filter((violation: any) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation: any) => `${violation.id}: ${violation.help} (${violation.nodes.map((node: any) => node.target.join(' ')).join('; ')})`);
      }, `a11y-${kind}`);
      expect(violations).toEqual([]);
    });
  }
}
