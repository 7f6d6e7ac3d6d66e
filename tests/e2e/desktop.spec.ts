/**
 * What the desktop shell hands the window, through the test bridge's stand-ins for it: native menu
 * commands, pairing links and backup files the OS asks the app to open, and this computer's own
 * preferences. (The shell's Electron side is covered by tests/electron and the unit tests.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { encodePairingCode, pairingLink } from '../../shared/sync/pairing.ts';
import { expect, test } from './fixtures.ts';
import { createVault, goTo } from './steps.ts';

const PASSPHRASE = 'kawa-no-nagare-ni-sakura-no-hana';
const code = encodePairingCode({ host: '192.168.1.20', port: 47291, fingerprint: new Uint8Array(16).fill(3), secret: new Uint8Array(16).fill(5) });

test('the native menu moves between views, starts a new contact, searches and locks', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);

  await app.menu('go-timeline');
  await expect(page.getByRole('heading', { name: m.timeline.title, level: 1 })).toBeVisible();
  await app.menu('go-settings');
  await expect(page.getByRole('heading', { name: m.settings.title, level: 1 })).toBeVisible();

  await app.menu('new-contact');
  const form = page.getByRole('dialog', { name: m.contacts.add });
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: m.common.cancel }).click();
  await expect(form).toBeHidden();
  await expect(page).toHaveURL(/#contacts$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible();
  await expect(page.getByRole('dialog', { name: m.contacts.add })).toBeHidden();

  await app.menu('find');
  await expect(page.getByRole('combobox', { name: m.search.title })).toBeFocused();
  await page.keyboard.press('Escape');

  await app.menu('lock');
  await expect(page.getByRole('heading', { name: m.vault.unlock.title })).toBeVisible();
});

test('a pairing link opened from the OS fills in "join" on a new install, and is explained on one with a vault', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await app.osOpens(pairingLink(code));
  await expect(page.getByRole('heading', { name: m.vault.join.title })).toBeVisible();
  await expect(page.getByRole('textbox', { name: m.vault.join.code })).toHaveValue(code);
  await app.checkA11y(page, 'join-from-link');
  await app.screenshot(page, 'join-from-link');

  // Choosing to create a vault instead drops the link.
  await page.getByRole('button', { name: m.vault.join.createInstead }).click();
  await createVault(page, m, PASSPHRASE);
  await app.osOpens(pairingLink(code));
  const notice = page.getByRole('status').filter({ hasText: m.desktop.pairLinkHere });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: m.common.close }).click();
  await expect(notice).toBeHidden();
});

test('a backup file opened from the OS fills in "restore" on a new install and "check" in an open vault', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  const file = join(app.dataDir, 'from-finder.enishi-backup');
  await app.open(page);
  await app.osOpens(file);
  await expect(page.getByRole('heading', { name: m.vault.restore.title })).toBeVisible();
  await expect(page.getByRole('textbox', { name: m.vault.restore.path })).toHaveValue(file);

  await page.getByRole('button', { name: m.vault.restore.createInstead }).click();
  await createVault(page, m, PASSPHRASE);
  await app.osOpens(file);
  await expect(page.getByRole('heading', { name: m.backup.title, level: 1 })).toBeVisible();
  const check = page.getByRole('region', { name: m.backup.check.title });
  await expect(check.getByRole('textbox', { name: m.backup.check.path })).toHaveValue(file);
});

test('this computer’s preferences are saved at once, outside the vault, and shown again after a reload', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await goTo(page, m, 'settings');
  const card = page.getByRole('region', { name: m.settings.desktop.title });
  const hide = card.getByRole('checkbox', { name: m.settings.desktop.hideFromScreenCapture.label });
  const badge = card.getByRole('checkbox', { name: m.settings.desktop.showDueBadge.label });
  await expect(hide).not.toBeChecked();
  await expect(badge).toBeChecked();
  await hide.check();
  await expect(card.getByRole('status')).toHaveText(m.settings.desktop.saved);
  await badge.uncheck();
  await expect(badge).not.toBeChecked();
  await app.checkA11y(page, 'settings-desktop');
  await app.screenshot(page, 'settings-desktop');

  const stored = JSON.parse(await readFile(join(app.dataDir, 'desktop.json'), 'utf8')) as { preferences: object; language: string };
  expect(stored.preferences).toEqual({ openAtLogin: false, hideFromScreenCapture: true, showDueBadge: false });
  // The UI told the shell its language, for the native menu.
  expect(stored.language).toBe(app.language);

  await page.reload();
  await expect(hide).toBeChecked();
  await expect(badge).not.toBeChecked();
});

test('"Choose…" fills a path from the OS file dialog; cancelling it keeps what was typed', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await goTo(page, m, 'backup');
  const check = page.getByRole('region', { name: m.backup.check.title });
  const path = check.getByRole('textbox', { name: m.backup.check.path });
  const choose = check.getByRole('button', { name: m.common.chooseFor.replace('{{field}}', m.backup.check.path) });
  const picked = join(app.dataDir, 'picked.enishi-backup');
  await app.willChoosePath(picked);
  await choose.click();
  await expect(path).toHaveValue(picked);
  await path.fill('/typed/by/hand.enishi-backup');
  await app.willChoosePath('');
  await choose.click();
  await expect(choose).toBeEnabled();
  await expect(path).toHaveValue('/typed/by/hand.enishi-backup');
  await app.screenshot(page, 'backup-choose');
});
