import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium where it exists (CI and these dev machines); elsewhere ENISHI_CHROMIUM, or
 * Playwright's own browser if one was installed with `npx playwright install chromium`.
 */
const chromiumPath = process.env.ENISHI_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  forbidOnly: Boolean(process.env.CI),
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromiumPath && { executablePath: chromiumPath }),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'chromium-ja', testDir: 'tests/e2e', use: { locale: 'ja-JP', colorScheme: 'light' } },
    { name: 'chromium-en', testDir: 'tests/e2e', use: { locale: 'en-US', colorScheme: 'dark' } },
    { name: 'electron', testDir: 'tests/electron' },
  ],
});
