/**
 * Backups through the UI: make one with the vault's passphrase, check it, merge it back (nothing
 * changes), and restore it on a second, empty install, where the same people are there.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { addContact, createVault, goTo } from './steps.ts';

const PASSPHRASE = 'hoshizora-no-shita-de-hon-wo-yomu';

test('make a backup, check it, merge it, and restore it on another install', async ({ page, app, otherApp, context }) => {
  test.slow(); // several key derivations
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await addContact(page, m, { familyName: '石井', givenName: '真理', familyNameKana: 'いしい', givenNameKana: 'まり', company: '縁商事' });
  await goTo(page, m, 'contacts');
  await addContact(page, m, { familyName: 'Weber', givenName: 'Jonas', company: 'Spree GmbH' });

  await goTo(page, m, 'backup');
  await expect(page.getByRole('heading', { name: m.backup.title, level: 1 })).toBeVisible();
  const make = page.getByRole('region', { name: m.backup.make.title });
  const pathField = make.getByRole('textbox', { name: m.backup.make.path });
  await expect(pathField).toHaveValue(/enishi-\d{4}-\d{2}-\d{2}\.enishi-backup$/);
  const path = join(app.dataDir, 'weekly');
  await pathField.fill(path);
  await make.getByLabel(m.backup.make.vaultPassphrase).fill(`${PASSPHRASE}?`);
  await make.getByRole('button', { name: m.backup.make.submit }).click();
  await expect(make.getByText(m.errors['wrong-passphrase'])).toBeVisible();
  await make.getByLabel(m.backup.make.vaultPassphrase).fill(PASSPHRASE);
  await make.getByRole('button', { name: m.backup.make.submit }).click();
  const saved = `${path}.enishi-backup`;
  await expect(make.getByText(m.backup.make.done.replace('{{path}}', saved))).toBeVisible({ timeout: 20_000 });
  await expect(make.getByRole('definition').filter({ hasText: /^2$/ })).toBeVisible();
  await app.checkA11y(page, 'backup-made');
  await app.screenshot(page, 'backup-made');

  // Automatic backups into a folder, and one right now.
  const autoFolder = join(app.dataDir, 'auto');
  await mkdir(autoFolder);
  const auto = page.getByRole('region', { name: m.backup.auto.title });
  await auto.getByRole('textbox', { name: m.backup.auto.folder }).fill(autoFolder);
  await auto.getByRole('combobox', { name: m.backup.auto.every }).selectOption({ label: m.backup.auto.weekly });
  await auto.getByRole('spinbutton', { name: m.backup.auto.keep }).fill('3');
  await auto.getByLabel(m.backup.make.vaultPassphrase).fill(PASSPHRASE);
  await auto.getByRole('button', { name: m.backup.auto.submit }).click();
  await expect(auto.getByText(m.backup.auto.onWeekly.replace('{{folder}}', autoFolder).replace('{{keep}}', '3'))).toBeVisible({ timeout: 20_000 });
  await auto.getByRole('button', { name: m.backup.auto.now }).click();
  await expect(auto.getByText(/enishi-auto-\d{4}-\d{2}-\d{2}T\d{4}\.enishi-backup/)).toBeVisible({ timeout: 20_000 });
  expect((await readdir(autoFolder)).filter((name) => name.startsWith('enishi-auto-'))).toHaveLength(1);
  await app.checkA11y(page, 'backup-auto');
  await app.screenshot(page, 'backup-auto');

  // Check it (a wrong passphrase first), then merge it back: nothing changes.
  const check = page.getByRole('region', { name: m.backup.check.title });
  await check.getByRole('textbox', { name: m.backup.check.path }).fill(saved);
  await check.getByLabel(m.backup.check.passphrase).fill('not the passphrase');
  await check.getByRole('button', { name: m.backup.check.submit }).click();
  await expect(check.getByText(m.errors['wrong-passphrase'])).toBeVisible();
  await check.getByLabel(m.backup.check.passphrase).fill(PASSPHRASE);
  await check.getByRole('button', { name: m.backup.check.submit }).click();
  await expect(check.getByText(m.backup.check.good)).toBeVisible({ timeout: 20_000 });
  await expect(check.getByText(m.backup.summary.same)).toBeVisible();
  await app.checkA11y(page, 'backup-checked');
  await app.screenshot(page, 'backup-checked');
  await check.getByRole('button', { name: m.backup.merge.submit }).click();
  await expect(check.getByText(m.backup.merge.done)).toBeVisible({ timeout: 20_000 });
  await goTo(page, m, 'contacts');
  await expect(page.getByText('石井 真理')).toHaveCount(1);
  await expect(page.getByText('Jonas Weber')).toHaveCount(1);

  // Another install restores it from its first screen.
  const other = await context.newPage();
  await otherApp.open(other);
  await other.getByRole('button', { name: m.vault.create.restoreInstead }).click();
  await expect(other.getByRole('heading', { name: m.vault.restore.title })).toBeVisible();
  await other.getByRole('textbox', { name: m.vault.restore.path }).fill(join(app.dataDir, 'missing.enishi-backup'));
  await other.getByLabel(m.vault.restore.backupPassphrase).fill(PASSPHRASE);
  await other.getByRole('button', { name: m.vault.restore.submit }).click();
  await expect(other.getByText(m.errors['file-not-found'])).toBeVisible();
  await other.getByRole('textbox', { name: m.vault.restore.path }).fill(saved);
  await otherApp.checkA11y(other, 'restore');
  await otherApp.screenshot(other, 'restore');
  await other.getByRole('button', { name: m.vault.restore.submit }).click();
  await expect(other.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(other.getByText('石井 真理')).toBeVisible();
  await expect(other.getByText('Jonas Weber')).toBeVisible();
});
