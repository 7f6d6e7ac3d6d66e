/**
 * The first screen's JavaScript stays small (the unlocked app and its heavy views load as chunks of
 * their own), and those chunks are really fetched and work when a view first opens.
 */
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { INITIAL_JS_BUDGET_BYTES, initialJs } from '../support/initial-js.ts';
import { expect, test } from './fixtures.ts';
import { createVault, goTo } from './steps.ts';

test('the first screen loads less than 400 KB of JavaScript (gzip); the goal map, charts and devices load when opened', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  const initial = await initialJs();
  console.log(`initial JS: ${(initial.gzipBytes / 1024).toFixed(0)} KB gzip (${(initial.rawBytes / 1024).toFixed(0)} KB) in ${initial.files.length} files`);
  expect(initial.gzipBytes).toBeLessThan(INITIAL_JS_BUDGET_BYTES);

  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname);
  });
  await app.open(page);
  await createVault(page, m, 'hoshizora-no-shita-de-utau-kaeru');
  expect(scripts.some((path) => /GoalMapView-/.test(path))).toBe(false);

  await page.evaluate(() => (window.location.hash = '#goals/map'));
  await expect.poll(() => scripts.some((path) => /GoalMapView-/.test(path))).toBe(true);
  await expect(page.getByRole('heading', { name: m.goalMap.title, level: 1 })).toBeVisible();
  await goTo(page, m, 'reciprocity');
  await expect(page.getByRole('heading', { name: m.reciprocity.title, level: 1 })).toBeVisible();
  await goTo(page, m, 'devices');
  await expect(page.getByRole('heading', { name: m.devices.title, level: 1 })).toBeVisible();
});
