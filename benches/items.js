// Items for the benchmarks (and for the test that the vanilla reference renders what the
// widget renders): an email follow-up with a rationale, at any length.

const WORDS = ('thanks for the demo on tuesday your team asked how the sync handles duplicate ' +
  'contacts and whether the pilot could start before the quarter closes we can import the ' +
  'existing records merge the duplicates and have the first sequence live within a week').split(' ');

/** A text of `count` words, sentence-cased, with a full stop every twelve words. */
export function words(count, offset = 0) {
  const out = [];
  for (let i = 0; i < count; i++) {
    let word = WORDS[(i + offset) % WORDS.length];
    if (i % 12 === 0) word = word[0].toUpperCase() + word.slice(1);
    out.push(i % 12 === 11 || i === count - 1 ? word + '.' : word);
  }
  return out.join(' ');
}

/** An email item whose body has `bodyWords` words (about 60 by default). */
export function emailItem(id, bodyWords = 60) {
  const body = `Hi Sam,\n\n${words(bodyWords)}\n\nBest,\nDana`;
  return {
    id,
    kind: 'email',
    version: '1',
    title: `Follow-up ${id}`,
    draft: { subject: 'Following up on Tuesday’s demo', body },
    context: { recipient: { name: 'Sam Lee', email: 'sam@northwind.example', company: 'Northwind' } },
    rationale: {
      summary: 'Sam asked about **duplicate contacts** and an early pilot; the draft answers both.',
      points: [
        { text: 'Answers the question from the demo', quote: 'how the sync handles duplicate contacts', source: { label: 'Call notes', url: 'https://crm.example/calls/1' } },
        { text: 'Offers a start date', quote: 'within a week' },
        { text: 'Mentions the pricing sheet', quote: 'the attached pricing sheet' },
      ],
      confidence: 0.82,
      risk: 'low',
    },
    policy: { reason_codes: [{ code: 'tone', label: 'Wrong tone' }, { code: 'facts', label: 'Wrong facts' }] },
  };
}

/** A social post of `bodyWords` words (with a link, a hashtag and a mention) to all six
 * platforms, with no platform's own text: every preview and counter follows the one text. */
export function socialItem(id, bodyWords = 40) {
  return {
    id,
    kind: 'social_post',
    version: '1',
    title: `Launch post ${id}`,
    draft: { body: `${words(bodyWords)} See northwind.example/launch #launch @northwind`, platforms: ['x', 'linkedin', 'facebook', 'instagram', 'threads', 'bluesky'] },
    context: { account: { name: 'Northwind', handle: 'northwind' } },
    rationale: { summary: 'Announces the **launch** in the house style.', points: [{ text: 'Links the launch page', quote: 'northwind.example/launch' }], confidence: 0.7, risk: 'low' },
  };
}

/** A lead list of `count` leads in the AI's order, each with a title, company, score, two
 * reasons and two CRM fields. */
export function leadList(id, count) {
  const leads = Array.from({ length: count }, (_, index) => ({
    id: `lead-${index}`, name: `Lead ${index}`, company: `Company ${index}`, title: 'VP Sales', score: 1 - index / count / 2,
    reasons: ['Visited pricing 4× this week', 'Opened the last three emails'], fields: { ARR: '$1.2M', Stage: 'Evaluation' },
  }));
  return { id, kind: 'lead_list', version: '1', title: `Leads to call ${id}`, leads, rationale: { summary: 'Ranked by **intent** this week.', confidence: 0.6, risk: 'medium' } };
}

/** `count` email items, ids `bench-0`, `bench-1`, … */
export function queue(count, bodyWords) {
  return Array.from({ length: count }, (_, index) => emailItem(`bench-${index}`, bodyWords));
}

/** `text`'s words in reverse order: every word is in both texts, nearly none where the other
 * has it, the word diff's worst case (it spends its whole search budget). */
export function reordered(text) {
  return text.split(' ').reverse().join(' ');
}

/** `text` with every `every`th word replaced, as a reviewer's edits would. */
export function edited(text, every) {
  return text.split(' ').map((word, index) => (index % every === every - 1 ? 'revised' : word)).join(' ');
}
