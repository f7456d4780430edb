import { expect, test } from './fixtures';

// Runs last (files run in name order on one worker): over everything the e2e suite decided,
// including every fault scenario, the server must hold no decision twice.

test('the server holds no duplicate after every scenario', async ({ request }) => {
  const results: { idempotency_key: string; item_id: string; decision: string }[] = (await (await request.get('/api/results')).json()).results;
  const keys = new Set(results.map((result) => result.idempotency_key));
  expect(keys.size).toBe(results.length);
  // Every item the fault scenarios decided is stored once, whatever the faults did.
  const faulty = results.filter((result) => /^(fault-|durable-|offline-|two-tabs|conflict-)/.test(result.item_id));
  const perItem = new Map<string, number>();
  for (const result of faulty) perItem.set(result.item_id, (perItem.get(result.item_id) ?? 0) + 1);
  expect([...perItem.entries()].filter(([, count]) => count > 1)).toEqual([]);
  console.log(`ledger: ${results.length} results stored, ${faulty.length} from fault scenarios, 0 duplicates`);
});
