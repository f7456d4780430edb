import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect, test } from './fixtures';

// The reference server itself goes away: this scenario runs a server of its own (the binary
// `cargo xtask test` built, on its own database), kills it while decisions are made, and starts
// it again on the same port and file.

const serverBin = process.env.SERVER_BIN;
const root = process.env.PROJECT_ROOT;
const work = process.env.E2E_WORK;

async function startServer(port: number, db: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(serverBin!, ['--port', String(port), '--db', db, '--root', root!, '--no-history'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stdout!.on('data', (chunk) => (said += chunk));
  for (let waited = 0; !/http:\/\/[\d.]+:(\d+)/.test(said); waited += 50) {
    if (child.exitCode !== null || waited > 20_000) throw new Error(`the server did not start: ${said}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port: Number(/http:\/\/[\d.]+:(\d+)/.exec(said)![1]) };
}

async function stop(child: ChildProcess) {
  child.kill('SIGKILL');
  if (child.exitCode === null) await once(child, 'exit');
}

test('decisions made while the server is down are all stored once it is back', async ({ page }) => {
  test.skip(!serverBin || !root || !work, 'needs the server binary: run it with `cargo xtask test --e2e`');
  const db = path.join(work!, `restart-${Date.now()}.db`);
  let server = await startServer(0, db);
  const base = `http://127.0.0.1:${server.port}`;
  try {
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      const element = document.createElement('countersign-review');
      element.id = 'restart';
      element.setAttribute('submit-url', '/api/results');
      element.setAttribute('undo-seconds', '0');
      (element as any).items = ['restart-1', 'restart-2', 'restart-3'].map((id) => ({ id, kind: 'message', draft: { body: `Body of ${id}` } }));
      document.querySelector('main')!.prepend(element);
    });
    const element = page.locator('#restart');
    await expect(element.locator('[part~="body"]')).toHaveValue('Body of restart-1');
    await stop(server.child);
    for (let decided = 0; decided < 3; decided++) {
      await element.getByRole('button', { name: 'Approve' }).click();
    }
    await expect(element.locator('[part~="status"]')).toHaveAttribute('data-state', 'retrying');
    server = await startServer(server.port, db);
    await page.evaluate(() => (document.getElementById('restart') as any).flush());
    await expect.poll(async () => {
      const response = await page.request.get(`${base}/api/results`);
      return (await response.json()).results.map((result: any) => result.item_id).sort();
    }, { timeout: 20_000 }).toEqual(['restart-1', 'restart-2', 'restart-3']);
    await expect(element.locator('[part~="status"]')).toHaveText(/All decisions delivered/);
  } finally {
    await stop(server.child);
  }
});
