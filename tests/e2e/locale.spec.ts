import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from './fixtures';
import { addElement, postAtOnce } from './helpers';

// Languages: every control of every kind translated in German and Japanese (checked against
// the English message file, so a message added in English and forgotten in a locale fails),
// plural forms, numbers and times through Intl, right-to-left layout, the page's lang as the
// fallback, and a live locale change that keeps the person's edits.

/** Messages whose German or Japanese text may equal the English: key names. */
const KEY_LABELS = new Set(['key_command_enter', 'key_move_lead', 'key_escape']);

/** One matcher per English message form, for the messages that carry words of their own. */
function englishMatchers(): { key: string; form: string; pattern: RegExp }[] {
  const source = readFileSync(join(__dirname, '../../src/i18n/en.rs'), 'utf8');
  const matchers: { key: string; form: string; pattern: RegExp }[] = [];
  for (const [, key, text] of source.matchAll(/^\s+(\w+): "(.*)",$/gm)) {
    if (KEY_LABELS.has(key)) continue;
    for (const form of text.split('|')) {
      const literal = form.replace(/\{\w+\}/g, '');
      // "{decision}: {title}." or "{n}%" say nothing English by themselves.
      if ((literal.match(/[A-Za-z]/g) ?? []).length < 2) continue;
      const escaped = form.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      matchers.push({ key, form, pattern: new RegExp(`^${escaped}$`) });
    }
  }
  return matchers;
}

/** Every piece of text the widget shows or says: text nodes and accessible attributes. */
async function shownStrings(element: Locator): Promise<string[]> {
  return element.evaluate((host) => {
    const found: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = (node.textContent ?? '').trim();
        if (text) found.push(text);
      } else if (node instanceof Element) {
        for (const name of ['aria-label', 'placeholder', 'alt', 'title', 'aria-valuetext']) {
          const value = node.getAttribute(name);
          if (value) found.push(value.trim());
        }
      }
      node.childNodes.forEach(walk);
    };
    walk(host.shadowRoot!);
    return found;
  });
}

// Items written in the language under test, so no English comes from the data.
const itemsIn = (lang: 'de' | 'ja') => {
  const words = lang === 'de'
    ? { title: 'Nachfassen', subject: 'Nächste Schritte', body: 'Hallo Sam, wir wachsen in zwei Regionen.', quote: 'zwei Regionen', point: 'Wachstum', reason: 'Falscher Ton', name: 'Anna Schmidt', company: 'Beispiel AG' }
    : { title: 'フォローアップ', subject: '次のステップ', body: 'サムさん、二つの地域に拡大します。', quote: '二つの地域', point: '成長', reason: '口調が違う', name: '山田花子', company: '例株式会社' };
  return [
    {
      id: `${lang}-mail`, kind: 'email', title: words.title,
      draft: { subject: words.subject, body: words.body },
      context: { recipient: { name: words.name, company: words.company }, fields: { Phase: words.point } },
      rationale: { summary: words.point, confidence: 0.72, risk: 'medium', model: 'm-1',
        points: [{ text: words.point, quote: words.quote, source: { label: words.company, url: 'https://example.com/crm' } }, { text: words.point, quote: words.reason }] },
      policy: { reason_required_for: ['rejected'], reason_codes: [{ code: 'tone', label: words.reason }] },
    },
    {
      id: `${lang}-post`, kind: 'social_post', title: words.title,
      draft: { body: `${words.body} #launch https://example.com`.repeat(12), platforms: ['x', 'linkedin', 'instagram', 'facebook', 'bluesky'], variants: { x: { body: words.body } }, media: [{ url: 'https://example.com/a.png', alt: '' }] },
      context: { account: { name: words.name, handle: 'acme' } },
    },
    {
      id: `${lang}-leads`, kind: 'lead_list', title: words.title,
      leads: [
        { id: 'l1', name: words.name, company: words.company, score: 0.91, reasons: [words.point], fields: { ARR: '1' } },
        { id: 'l2', name: words.company, company: words.company, score: 0.5, reasons: [words.reason] },
      ],
    },
    { id: `${lang}-msg`, kind: 'message', title: words.title, draft: { body: words.body } },
    { id: `${lang}-bad`, kind: 'email' },
  ];
};

/** Shows the widget in the states that bring out its controls, gathering the text of each. */
async function everyState(page: Page, element: Locator): Promise<string[]> {
  const shown: string[] = [];
  const gather = async () => shown.push(...await shownStrings(element));
  const next = element.locator('.cs-nav').nth(1);
  await gather();
  await element.locator('[part~="reject"]').click();
  await gather();
  await element.locator('[part~="regenerate"]').click();
  await gather();
  await element.locator('.cs-select-several').click();
  await gather();
  await element.locator('[part~="review"]').focus();
  await page.keyboard.press('?');
  await gather();
  await page.keyboard.press('Escape');
  // The social post: over X's limit on the shared text, with an image without alt text.
  await next.click();
  await element.locator('.cs-tab[data-platform="linkedin"]').click();
  await gather();
  await element.locator('[part~="approve"]').click(); // over a limit: the override form
  await gather();
  // The lead list, with one lead excluded.
  await next.click();
  await element.locator('[part~="lead"]').first().locator('button').click();
  await gather();
  // The message, approved: the host takes it; the queue moves on to the first open item, and
  // three steps lead back to the message's banner.
  await next.click();
  await element.locator('[part~="approve"]').click();
  for (let step = 0; step < 3; step += 1) await next.click();
  await expect(element.locator('.cs-decided')).toBeVisible();
  await gather();
  return shown;
}

for (const lang of ['de', 'ja'] as const) {
  test(`${lang} translates every control of every kind: no English message is left`, async ({ page }) => {
    await page.goto('/');
    const element = await addElement(page, `lang-${lang}`, itemsIn(lang), { locale: lang, 'undo-seconds': '0' });
    await expect(element.locator('[part~="approve"]')).toBeVisible();
    const shown = await everyState(page, element);
    expect(shown.length).toBeGreaterThan(60);
    // The English build of the same states does show English messages: the check can fail.
    const english = englishMatchers();
    const left = shown.flatMap((text) => english.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: ${JSON.stringify(text)}`));
    expect(left).toEqual([]);
    await expect(element.locator('[part~="review"]')).toHaveAttribute('lang', lang);
  });
}

test('the English states the check looks at do show English messages', async ({ page }) => {
  await page.goto('/');
  const element = await addElement(page, 'lang-en', itemsIn('de'), { locale: 'en', 'undo-seconds': '0' });
  const shown = await everyState(page, element);
  const english = englishMatchers();
  const keys = new Set(shown.flatMap((text) => english.filter(({ pattern }) => pattern.test(text)).map(({ key }) => key)));
  for (const key of ['approve', 'form_reject', 'feedback_label', 'help_title', 'text_for', 'form_over_limit', 'exclude', 'banner_handed', 'invalid_heading', 'missing_alt']) {
    expect(keys, key).toContain(key);
  }
});

test('plural forms: one decision and two decisions waiting, per language', async ({ page }) => {
  await page.goto('/');
  const mail = (id: string) => ({ id, kind: 'email', title: id, draft: { subject: 's', body: 'b' } });
  // Held for ten minutes, and sent nowhere when the element goes (each language to its own
  // URL: elements posting to one URL share their outbox).
  const held = (lang: string) => ({ 'submit-url': `/nowhere-${lang}`, 'undo-seconds': '600' });
  for (const [lang, one, two] of [
    ['en', '1 decision waiting to send', '2 decisions waiting to send'],
    ['fr', '1 décision en attente d’envoi', '2 décisions en attente d’envoi'],
    ['de', '1 Entscheidung wartet auf das Senden', '2 Entscheidungen warten auf das Senden'],
  ]) {
    const element = await addElement(page, `plural-${lang}`, [mail(`p-${lang}-1`), mail(`p-${lang}-2`)], { ...held(lang), locale: lang });
    const status = element.locator('[part~="status"]');
    await element.locator('[part~="approve"]').click();
    await expect(status).toHaveText(one);
    await element.locator('[part~="approve"]').click();
    await expect(status).toHaveText(two);
    await element.evaluate((node) => node.remove()); // held decisions go out on removal
  }
  const invalid = await addElement(page, 'plural-invalid', [{ id: 'x1' }, { id: 'x2', kind: 'email' }], { locale: 'de' });
  await expect(invalid.locator('[part~="errors"] h2')).toHaveText('2 Einträge konnten nicht angezeigt werden');
});

test('numbers and times follow the locale through Intl', async ({ page }) => {
  await page.goto('/');
  const post = (id: string) => ({ id, kind: 'social_post', title: id, draft: { body: 'Hallo', platforms: ['linkedin'] } });
  const german = await addElement(page, 'intl-de', [post('intl-de')], { locale: 'de', 'undo-seconds': '0' });
  await expect(german.locator('[part~="counter"]')).toHaveText('5 / 3.000');
  const english = await addElement(page, 'intl-en', [post('intl-en')], { locale: 'en', 'undo-seconds': '0' });
  await expect(english.locator('[part~="counter"]')).toHaveText('5 / 3,000');
  // No submit-url: the page takes the decision; the banner says when it was made.
  await german.locator('[part~="approve"]').click();
  await expect(german.locator('.cs-decided')).toHaveText(/^Freigegeben um \d{1,2}:\d{2} – an die Seite übergeben\.$/);
  await english.locator('[part~="approve"]').click();
  await expect(english.locator('.cs-decided')).toHaveText(/^Approved at \d{1,2}:\d{2}\s?(AM|PM) — handed to the page\.$/);
  const rationale = { id: 'conf', kind: 'message', draft: { body: 'x' }, rationale: { confidence: 0.72, points: [{ text: 'Cite', quote: 'x' }] } };
  const french = await addElement(page, 'intl-fr', [rationale], { locale: 'fr' });
  await expect(french.locator('.cs-confidence')).toHaveText(/^Confiance72 %$/);
  // A quote stands between the locale's quotation marks (French: guillemets and no-break spaces).
  await expect(french.locator('.cs-quote')).toHaveText('«\u00a0x\u00a0»');
});

test('a right-to-left locale lays the widget out right to left; the host direction is followed without one', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  const item = { id: 'rtl', kind: 'email', title: 'שלום', draft: { subject: 'שלום', body: 'שלום עולם' }, rationale: { summary: 'למה' } };
  const arabic = await addElement(page, 'rtl-ar', [item], { locale: 'ar' });
  await arabic.evaluate((node) => { (node as HTMLElement).style.width = '1100px'; });
  const section = arabic.locator('[part~="review"]');
  await expect(section).toHaveAttribute('dir', 'rtl');
  await expect(section).toHaveAttribute('lang', 'en'); // no Arabic messages yet: English words, Arabic layout
  const draft = await arabic.locator('[part~="draft"]').boundingBox();
  const rationale = await arabic.locator('[part~="rationale"]').boundingBox();
  expect(draft && rationale && rationale.x + rationale.width <= draft.x + 1).toBeTruthy();
  const overflow = await arabic.evaluate((host) => host.shadowRoot!.querySelector('.cs-review')!.scrollWidth - host.shadowRoot!.querySelector('.cs-review')!.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // No locale: the host's dir applies and no dir is forced on the widget.
  await page.evaluate(() => { const box = document.createElement('div'); box.id = 'rtl-box'; box.dir = 'rtl'; document.querySelector('main')!.prepend(box); });
  await page.evaluate((item) => {
    const element = document.createElement('countersign-review');
    element.id = 'rtl-host';
    element.style.width = '1100px';
    (element as any).items = [{ ...item, id: 'rtl-2' }];
    document.getElementById('rtl-box')!.append(element);
  }, item);
  const hosted = page.locator('#rtl-host');
  await expect(hosted.locator('[part~="review"]')).not.toHaveAttribute('dir', /.*/);
  const hostedDraft = await hosted.locator('[part~="draft"]').boundingBox();
  const hostedRationale = await hosted.locator('[part~="rationale"]').boundingBox();
  expect(hostedDraft && hostedRationale && hostedRationale.x < hostedDraft.x).toBeTruthy();
});

test("without a locale the page's lang applies, and changing the locale keeps the edits", async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => { document.documentElement.lang = 'es-MX'; });
  const element = await addElement(page, 'lang-live', [{ id: 'live', kind: 'email', title: 't', draft: { subject: 's', body: 'Hola.' } }], postAtOnce);
  await expect(element.locator('[part~="approve"]')).toHaveText('Aprobar');
  await expect(element.locator('[part~="queue-position"]')).toHaveText('1 de 1');
  await element.locator('[part~="body"]').fill('Hola, editado.');
  await element.evaluate((node) => node.setAttribute('locale', 'ja'));
  // Every part follows, the queue bar and the footer as well as the item.
  await expect(element.locator('[part~="approve"]')).toHaveText('承認');
  await expect(element.locator('[part~="queue-position"]')).toHaveText('1 / 1 件');
  await expect(element.locator('[part~="body"]')).toHaveValue('Hola, editado.');
  await expect(element.locator('[part~="review"]')).toHaveAttribute('lang', 'ja');
  await element.evaluate((node) => node.removeAttribute('locale'));
  await expect(element.locator('[part~="approve"]')).toHaveText('Aprobar');
  // The footer too, once it has something to say.
  await element.locator('[part~="approve"]').click();
  await expect(element.locator('[part~="status"]')).toHaveText('Todas las decisiones entregadas.');
});

test('a tag shaped right that Intl still refuses is skipped, not fatal', async ({ page }) => {
  await page.goto('/');
  const item = (id: string) => [{ id, kind: 'social_post', title: id, draft: { body: 'Hallo', platforms: ['linkedin'] } }];
  // Both pass a shape check; Intl throws a RangeError on each.
  const odd = await addElement(page, 'lang-odd', item('odd'), { locale: 'en-x' });
  await expect(odd.locator('[part~="approve"]')).toHaveText('Approve');
  await expect(odd.locator('[part~="counter"]')).toHaveText('5 / 3,000');
  await page.evaluate(() => { document.documentElement.lang = 'de-DE-1996-1996'; });
  const inherited = await addElement(page, 'lang-odd-page', item('odd-page'));
  await expect(inherited.locator('[part~="approve"]')).toHaveText('Approve');
  await inherited.evaluate((node) => node.setAttribute('locale', 'de'));
  await expect(inherited.locator('[part~="approve"]')).toHaveText('Freigeben');
});

test('another locale loads its messages file once, the widget hidden until then; English loads none', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/locales/')) asked.push(new URL(request.url()).pathname); });
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/dist/locales/de.txt', async (route) => { await held; await route.continue(); });
  await page.goto('/');
  await page.evaluate(() => {
    (window as any).readyIds = [];
    document.addEventListener('countersign:ready', (event) => {
      const id = (event.target as Element).id;
      if (id.startsWith('lazy-')) (window as any).readyIds.push(id); // not the demo's own widget
    }, true);
  });
  const item = (id: string) => [{ id, kind: 'email', title: id, draft: { subject: 's', body: 'Hallo.' } }];
  // A host styling the part's display must not show it before its messages are in.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('countersign-review::part(review) { display: block; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const english = await addElement(page, 'lazy-en', item('lazy-en'), { locale: 'en' });
  await expect(english.locator('[part~="approve"]')).toHaveText('Approve');
  const german = await addElement(page, 'lazy-de', item('lazy-de'), { locale: 'de' });
  const second = await addElement(page, 'lazy-de-2', item('lazy-de-2'), { locale: 'de-AT' });
  // While the file is on its way nothing shows, rather than English first.
  await expect.poll(() => asked).toEqual(['/dist/locales/de.txt']);
  await expect(german.locator('[part~="review"]')).toBeHidden();
  await expect(german.locator('[part~="review"]')).toHaveAttribute('hidden', '');
  expect(await page.evaluate(() => (window as any).readyIds)).toEqual(['lazy-en']);
  release();
  for (const widget of [german, second]) {
    await expect(widget.locator('[part~="approve"]')).toHaveText('Freigeben');
    await expect(widget.locator('[part~="review"]')).toBeVisible();
  }
  expect(await page.evaluate(() => (window as any).readyIds.sort())).toEqual(['lazy-de', 'lazy-de-2', 'lazy-en']);
  // One request for the page: the two widgets waiting shared it, and a later German widget
  // and a switch to German ask for nothing.
  const third = await addElement(page, 'lazy-de-3', item('lazy-de-3'), { locale: 'de' });
  await expect(third.locator('[part~="approve"]')).toHaveText('Freigeben');
  await english.evaluate((node) => node.setAttribute('locale', 'de'));
  await expect(english.locator('[part~="approve"]')).toHaveText('Freigeben');
  expect(asked).toEqual(['/dist/locales/de.txt']);
});

test('a locale file that cannot be had leaves the widget in English, saying so, and reviewable', async ({ page }) => {
  await page.route('**/dist/locales/fr.txt', (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><p>Not found</p>' }));
  await page.goto('/');
  const element = await addElement(page, 'lazy-fr', [{ id: 'lazy-fr', kind: 'email', title: 't', draft: { subject: 's', body: 'Bonjour.' } }], { locale: 'fr', 'undo-seconds': '0' });
  await expect(element.locator('[part~="review"]')).toBeVisible();
  await expect(element.locator('[part~="approve"]')).toHaveText('Approve');
  await expect(element.locator('.cs-notice')).toContainText('could not be loaded');
  await expect(element.locator('.cs-notice')).toContainText('locales/fr.txt');
  const decided = element.evaluate((node) => new Promise((resolve) => node.addEventListener('countersign:decision', (event) => resolve((event as CustomEvent).detail.decision), { once: true })));
  await element.locator('[part~="approve"]').click();
  expect(await decided).toBe('approved');
  // The text is English, and the section says so to screen readers.
  await expect(element.locator('[part~="review"]')).toHaveAttribute('lang', 'en');
  // A missing file is not asked for again: the next French widget speaks English at once.
  const asked: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/locales/')) asked.push(new URL(request.url()).pathname); });
  const next = await addElement(page, 'lazy-fr-2', [{ id: 'lazy-fr-2', kind: 'email', title: 't', draft: { subject: 's', body: 'Salut.' } }], { locale: 'fr' });
  await expect(next.locator('[part~="approve"]')).toHaveText('Approve');
  await expect(next.locator('.cs-notice')).toHaveCount(0);
  expect(asked).toEqual([]);
});

test('a locale file out of reach for a moment leaves that widget in English, and the next widget asks again', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/locales/')) asked.push(new URL(request.url()).pathname); });
  let offline = true;
  await page.route('**/dist/locales/de.txt', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  const item = (id: string) => [{ id, kind: 'email', title: id, draft: { subject: 's', body: 'Hallo.' } }];
  const first = await addElement(page, 'reach-de', item('reach-de'), { locale: 'de', 'undo-seconds': '0' });
  await expect(first.locator('[part~="review"]')).toBeVisible();
  await expect(first.locator('[part~="approve"]')).toHaveText('Approve');
  await expect(first.locator('.cs-notice')).toContainText('could not be loaded');
  offline = false;
  const second = await addElement(page, 'reach-de-2', item('reach-de-2'), { locale: 'de' });
  await expect(second.locator('[part~="approve"]')).toHaveText('Freigeben');
  await expect(second.locator('.cs-notice')).toHaveCount(0);
  expect(asked).toEqual(['/dist/locales/de.txt', '/dist/locales/de.txt']);
  // The first widget, still reviewable, takes German when asked for it again.
  await first.evaluate((node) => { node.setAttribute('locale', 'en'); node.setAttribute('locale', 'de'); });
  await expect(first.locator('[part~="approve"]')).toHaveText('Freigeben');
  await expect(first.locator('.cs-notice')).toHaveCount(0);
});
