// A host's use of the element, type-checked against src/element/countersign.d.ts (shipped as
// dist/countersign.d.ts). The `@ts-expect-error` lines are misuses the types must catch:
// tsc fails when one of them compiles.
import {
  CountersignReview, define, mount, fromLangChainInterrupt, toLangChainResume,
  type ReviewItem, type ReviewResult, type LangChainResume,
} from '../../src/element/countersign.js';

const item: ReviewItem = {
  id: 'deal-4711',
  kind: 'email',
  draft: { subject: 'Your Q3 forecast', body: 'Hi Maria, ...' },
  rationale: { summary: 'She asked for the template.', confidence: 0.82, risk: 'low' },
  policy: { allow_edit: true, reason_required_for: ['rejected'] },
};

// The tag map gives the element's own type, with its properties and methods.
const element = document.querySelector('countersign-review');
if (element) {
  element.items = [item];
  element.submitUrl = '/api/results';
  element.itemsUrl = null;
  element.config = { locale: 'de', undoSeconds: 10, headers: { 'X-Tenant': 'acme' }, authHeaders: async () => ({ Authorization: 'Bearer t' }) };
  element.items = { items: [item] };
  const shown: number | undefined = element.items?.length;
  void shown;
  const waiting: ReviewResult[] = element.pending;
  void element.flush().then(() => waiting.length);
  const standing: 'waiting' | 'sending' | 'retrying' | 'failed' | 'conflict' | undefined = element.pending[0]?.delivery.state;
  const failures: number | undefined = element.pending[0]?.delivery.failures;
  void [standing, failures];
  // Event details are typed through HTMLElementEventMap.
  element.addEventListener('countersign:decision', (event) => {
    const result: ReviewResult = event.detail;
    const text: string | undefined = result.final.body;
    void text;
  });
  element.addEventListener('countersign:delivered', (event) => {
    const status: number = event.detail.status;
    void status;
  });
  element.addEventListener('countersign:invalid', (event) => {
    for (const error of event.detail.errors) console.warn(error.path, error.message);
  });
  document.body.addEventListener('countersign:delivery-failed', (event) => {
    const retrying: boolean = event.detail.will_retry;
    void retrying;
  });

  // @ts-expect-error: `items` is an array of items, not one item.
  element.items = item;
  // @ts-expect-error: the config has no `submitURL`; it is `submitUrl`.
  element.config = { submitURL: '/api/results' };
  element.config = { headers: new Headers({ 'X-Tenant': 'acme' }), authHeaders: () => new Map([['Authorization', 'Bearer t']]) };
  element.config = { headers: null, authHeaders: null, keymap: null, platformLimits: null };
  // @ts-expect-error: a header's value is a string.
  element.config = { headers: { 'X-Tenant': 42 } };
  // @ts-expect-error: `authHeaders` is a function that gives headers, not the headers.
  element.config = { authHeaders: { Authorization: 'Bearer t' } };
  // @ts-expect-error: a delivery's state is one of five words.
  const unknownState: 'delivered' | undefined = element.pending[0]?.delivery.state;
  void unknownState;
  // @ts-expect-error: `pending` is read-only.
  element.pending = [];
  element.addEventListener('countersign:delivered', (event) => {
    // @ts-expect-error: a delivery's status is a number.
    const status: string = event.detail.status;
    void status;
  });
}

// @ts-expect-error: `kind` is one of four.
const fax: ReviewItem = { id: 'x', kind: 'fax', draft: { body: 'x' } };
void fax;
// @ts-expect-error: a draft needs a body.
const empty: ReviewItem = { id: 'y', kind: 'message', draft: { subject: 'Hi' } };
void empty;

// define and mount.
const Klass: typeof CountersignReview = define('countersign-review-v2');
const mounted: CountersignReview = mount(document.body, { submitUrl: '/api/results', items: [item], theme: 'dark' });
void Klass;
void mounted;
// @ts-expect-error: mount wants an element to mount into.
mount('#review');

// LangChain interrupts in and out.
const items: ReviewItem[] = fromLangChainInterrupt({
  action_requests: [{ name: 'send_email', args: { to: 'a@example.com', subject: 'Hi', body: 'Hello' } }],
  review_configs: [{ action_name: 'send_email', allowed_decisions: ['approve', 'edit', 'reject'] }],
});
fromLangChainInterrupt({ id: 'interrupt-1', value: { actionRequests: [{ name: 'search', args: { query: 'x' } }] } });
const resume: LangChainResume = toLangChainResume([]);
for (const decision of resume.decisions) {
  if (decision.type === 'respond') console.log(decision.message.length);
}
void items;
// @ts-expect-error: LangChain has no "accept" decision.
fromLangChainInterrupt({ action_requests: [], review_configs: [{ action_name: 'x', allowed_decisions: ['accept'] }] });
