/**
 * Two devices of one person, each a bridge with its own folder and sync listener on 127.0.0.1: the
 * desktop shows a pairing code, the laptop joins with it through the UI, and a contact added on
 * either then appears on the other.
 */
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { addContact, createVault, goTo } from './steps.ts';

const DESKTOP_PASSPHRASE = 'asagiri-no-naka-wo-aruku-tabibito';
const LAPTOP_PASSPHRASE = 'yuugure-no-umi-ni-fune-ga-ukabu';

test('pair a second device through the UI; contacts added on either appear on the other', async ({ page, app, otherApp, context }) => {
  test.slow(); // two apps, two vaults, two key derivations
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, DESKTOP_PASSPHRASE);
  await addContact(page, m, { familyName: '山本', givenName: '彩', familyNameKana: 'やまもと', givenNameKana: 'あや', company: '縁商事' });

  // The desktop shows a pairing code.
  await goTo(page, m, 'devices');
  await expect(page.getByRole('heading', { name: m.devices.title, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: m.devices.add.start }).click();
  const code = (await page.getByTestId('pairing-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z*~$=-]+$/);
  await expect(page.getByRole('img', { name: m.devices.add.qr })).toBeVisible();
  await app.checkA11y(page, 'devices-pairing');
  await app.screenshot(page, 'devices-pairing');

  // The laptop joins with it.
  const laptop = await context.newPage();
  await otherApp.open(laptop);
  await laptop.getByRole('button', { name: m.vault.create.joinInstead }).click();
  await expect(laptop.getByRole('heading', { name: m.vault.join.title })).toBeVisible();
  await laptop.getByRole('textbox', { name: m.vault.join.code }).fill(code.toLowerCase().replace(/-/g, ' '));
  await laptop.getByRole('textbox', { name: m.vault.join.deviceName }).fill('Laptop');
  await laptop.getByRole('textbox', { name: m.vault.join.passphrase, exact: true }).fill(LAPTOP_PASSPHRASE);
  await laptop.getByRole('textbox', { name: m.vault.create.confirm }).fill(LAPTOP_PASSPHRASE);
  await otherApp.checkA11y(laptop, 'join');
  await otherApp.screenshot(laptop, 'join');
  await laptop.getByRole('button', { name: m.vault.join.submit }).click();

  // Both screens show the same six digits; the desktop lets the laptop in only after the user compares them.
  const joinCode = laptop.getByLabel(m.vault.join.comparisonLabel);
  await expect(joinCode).toHaveText(/^\d{3} \d{3}$/, { timeout: 30_000 });
  const ask = page.getByRole('region', { name: m.devices.add.askTitle.replace('{{name}}', 'Laptop') });
  await expect(ask).toBeVisible();
  await expect(ask.getByLabel(m.devices.add.comparisonLabel)).toHaveText((await joinCode.textContent())!);
  await otherApp.checkA11y(laptop, 'join-confirm');
  await otherApp.screenshot(laptop, 'join-confirm');
  await app.checkA11y(page, 'devices-ask');
  await app.screenshot(page, 'devices-ask');
  await ask.getByRole('button', { name: m.devices.add.allow }).click();
  await expect(laptop.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(laptop.getByText('山本 彩')).toBeVisible();

  // The desktop now lists the laptop; its code is used up.
  const paired = page.getByRole('region', { name: m.devices.paired.title });
  await expect(paired.getByRole('listitem', { name: 'Laptop' })).toBeVisible();
  await expect(page.getByTestId('pairing-code')).toBeHidden();

  // A contact added on the laptop reaches the desktop (sync runs after a change), and back.
  await addContact(laptop, m, { familyName: '佐々木', givenName: '健', company: '北斗製作所' });
  await goTo(page, m, 'contacts');
  await expect(page.getByText('佐々木 健')).toBeVisible({ timeout: 20_000 });
  await addContact(page, m, { familyName: 'Keller', givenName: 'Anna', company: 'Rhein AG' });
  await goTo(laptop, m, 'contacts');
  await expect(laptop.getByText('Anna Keller')).toBeVisible({ timeout: 20_000 });

  // The laptop's devices view: both devices, the sync status, and "sync now".
  await goTo(laptop, m, 'devices');
  const others = laptop.getByRole('region', { name: m.devices.paired.title });
  await expect(others.getByRole('listitem', { name: 'Desktop' })).toBeVisible();
  await laptop.getByRole('button', { name: m.devices.syncNow }).click();
  const synced = m.sync.state.synced.replace('{{when}}', '').trim();
  await expect(laptop.getByRole('main').getByRole('status').filter({ hasText: synced })).toBeVisible();
  await expect(laptop.getByRole('navigation', { name: m.nav.main }).getByRole('status')).toContainText(synced);
  await otherApp.checkA11y(laptop, 'devices');
  await otherApp.screenshot(laptop, 'devices');

  // The desktop revokes the laptop: the dialog says what revoking cannot do, and that a new sharing
  // key goes to the remaining devices at once — so no rotation is left to offer.
  await goTo(page, m, 'devices');
  await paired.getByRole('listitem', { name: 'Laptop' }).getByRole('button', { name: m.devices.revoke.button }).click();
  const dialog = page.getByRole('dialog', { name: m.devices.revoke.title.replace('{{name}}', 'Laptop') });
  await expect(dialog.getByText(m.devices.revoke.cannotErase)).toBeVisible();
  await expect(dialog.getByText(m.devices.revoke.advice)).toBeVisible();
  await app.checkA11y(page, 'revoke');
  await dialog.getByRole('button', { name: m.devices.revoke.confirm }).click();
  await expect(dialog).toBeHidden();
  await expect(paired.getByRole('listitem', { name: 'Laptop' })).toContainText(m.devices.paired.revokedOn.split('{{')[0]!.trim() || m.devices.paired.revokedOn.split('}}')[1]!.trim());
  await expect(page.getByRole('region', { name: m.devices.rotate.title })).toBeHidden();
  await app.screenshot(page, 'devices-revoked');

  // What the laptop adds now never reaches the desktop.
  await goTo(laptop, m, 'contacts');
  await addContact(laptop, m, { familyName: '無効後', givenName: '太郎' });
  await goTo(laptop, m, 'devices');
  await laptop.getByRole('button', { name: m.devices.syncNow }).click();
  await expect(laptop.getByRole('main').getByRole('status').filter({ hasText: m.errors['sync-refused'] })).toBeVisible();
  await goTo(page, m, 'contacts');
  await expect(page.getByText('佐々木 健')).toBeVisible();
  await expect(page.getByText('無効後 太郎')).toBeHidden();
});
