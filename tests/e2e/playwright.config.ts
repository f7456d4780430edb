import { defineConfig } from '@playwright/test';

// `cargo xtask test --e2e` builds dist/, starts the reference server on a free port with a
// fresh database and sets BASE_URL (and DB_PATH). Run by hand, the tests default to the
// server that `cargo xtask demo` starts.
export default defineConfig({
  testDir: '.',
  // Two cores: one browser at a time keeps timings honest and the server unhurried.
  workers: 1,
  retries: 0,
  timeout: 30_000,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work on these machines.
      executablePath: '/usr/bin/chromium',
      // Without the background-networking flags Chromium keeps dialling Google's hosts,
      // which this machine's closed network refuses.
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
