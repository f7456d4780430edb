import { openBenchPage } from './open.mjs';
const { browser, page } = await openBenchPage('http://127.0.0.1:8091');
try {
  for (const count of [20, 100, 300, 1000]) {
    const r = await page.evaluate(async (count) => {
      const element = document.createElement('countersign-review');
      element.setAttribute('undo-seconds', '0'); element.setAttribute('locale', 'en');
      document.body.append(element);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const leads = Array.from({ length: count }, (_, i) => ({ id: 'l' + i, name: 'Lead ' + i, company: 'Co ' + i, title: 'VP Sales', score: 1 - i / count / 2, reasons: ['Visited pricing 4× this week', 'Opened 3 emails'], fields: { ARR: '$1.2M', Stage: 'Evaluation' } }));
      const t0 = performance.now();
      element.items = [{ id: 'll', kind: 'lead_list', title: 'Leads', leads }];
      await new Promise((r) => setTimeout(r, 0));
      const rows = () => element.shadowRoot.querySelectorAll('[part~="lead"]');
      rows()[0]?.getBoundingClientRect();
      const open = performance.now() - t0;
      const times = [];
      for (let i = 0; i < 10; i++) {
        const row = rows()[i];
        row.focus();
        const t = performance.now();
        row.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true, composed: true }));
        const t1 = performance.now();
        element.shadowRoot.querySelector('[part~="lead"]').getBoundingClientRect();
        times.push([t1 - t, performance.now() - t1]);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      const moved = rows()[1]?.textContent.slice(0, 40);
      element.remove();
      const script = times.map((x) => x[0]).sort((a, b) => a - b); const layout = times.map((x) => x[1]).sort((a, b) => a - b);
      return { open: open.toFixed(1), script: script[5].toFixed(2), layout: layout[5].toFixed(2), rows: count, moved };
    }, count);
    console.log(JSON.stringify(r));
  }
} finally { await browser.close(); }
