import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { findPlaintext, privacyViolations } from '../support/plaintext-scan.ts';
import { expect, test } from './fixtures.ts';
import { goTo } from './steps.ts';

const PASSPHRASE = 'sakura-fubuki-no-naka-de-aou';
const CONTACT = { familyName: '田中', givenName: '花子', familyNameKana: 'たなか', givenNameKana: 'はなこ', company: '縁商事株式会社', title: '営業部長' };

test('create a vault, add a contact, lock, fail and then succeed to unlock', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);

  // Create the vault; the strength hint and the mismatch check speak first.
  await expect(page.getByRole('heading', { name: m.vault.create.title })).toBeVisible();
  const passphrase = page.getByRole('textbox', { name: m.vault.create.passphrase, exact: true });
  await passphrase.fill('password123');
  await expect(page.getByRole('meter', { name: m.passphrase.meterLabel })).toHaveAttribute('aria-valuetext', m.passphrase.strength['0']);
  await passphrase.fill(PASSPHRASE);
  await expect(page.getByRole('meter', { name: m.passphrase.meterLabel })).toHaveAttribute('aria-valuetext', m.passphrase.strength['4']);
  await page.getByRole('textbox', { name: m.vault.create.confirm }).fill(`${PASSPHRASE}x`);
  await expect(page.getByText(m.vault.create.mismatch)).toBeVisible();
  await page.getByRole('textbox', { name: m.vault.create.confirm }).fill(PASSPHRASE);
  await expect(page.getByText(m.vault.create.mismatch)).toBeHidden();
  await app.checkA11y(page, 'create vault');
  await app.screenshot(page, 'create-vault');
  await page.getByRole('button', { name: m.vault.create.submit }).click();

  // Empty vault, then add a contact; the form refuses romaji in the kana field.
  await expect(page.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(m.contacts.empty)).toBeVisible();
  await page.getByRole('button', { name: m.contacts.add }).click();
  const dialog = page.getByRole('dialog', { name: m.contacts.add });
  await dialog.getByLabel(m.contact.familyName, { exact: true }).fill(CONTACT.familyName);
  await dialog.getByLabel(m.contact.givenName, { exact: true }).fill(CONTACT.givenName);
  await dialog.getByLabel(m.contact.familyNameKana).fill('田中');
  await dialog.getByLabel(m.contact.givenNameKana).fill(CONTACT.givenNameKana);
  await dialog.getByLabel(m.contact.company, { exact: true }).fill(CONTACT.company);
  await dialog.getByLabel(m.contact.title, { exact: true }).fill(CONTACT.title);
  await dialog.getByRole('button', { name: m.common.save }).click();
  await expect(dialog.getByText(m.validation.kanaOnly)).toBeVisible();
  await app.screenshot(page, 'add-contact-invalid');
  await dialog.getByLabel(m.contact.familyNameKana).fill(CONTACT.familyNameKana);
  await dialog.getByRole('button', { name: m.common.save }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('田中 花子');
  await goTo(page, m, 'contacts');

  const list = page.getByRole('list', { name: m.contacts.list });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('田中 花子');
  await expect(list).toContainText('たなか はなこ');
  await expect(list).toContainText(CONTACT.company);
  await app.screenshot(page, 'contacts');

  // Lock: the renderer reloads and shows the unlock screen.
  await page.getByRole('button', { name: m.vault.lock }).click();
  await expect(page.getByRole('heading', { name: m.vault.unlock.title })).toBeVisible();
  await expect(page.getByText('田中')).toHaveCount(0);

  // A wrong passphrase says so, in the user's language, and keeps the vault locked.
  await page.getByLabel(m.vault.unlock.passphrase).fill('sakura-fubuki-no-naka-de-aou!');
  await page.getByRole('button', { name: m.vault.unlock.submit }).click();
  await expect(page.getByRole('alert')).toHaveText(m.errors['wrong-passphrase'], { timeout: 20_000 });
  await app.checkA11y(page, 'unlock');
  await app.screenshot(page, 'unlock-wrong-passphrase');

  await page.getByLabel(m.vault.unlock.passphrase).fill(PASSPHRASE);
  await page.getByRole('button', { name: m.vault.unlock.submit }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
  await expect(list).toContainText('田中 花子');

  // Nothing readable on disk.
  await page.getByRole('button', { name: m.vault.lock }).click();
  await expect(page.getByRole('heading', { name: m.vault.unlock.title })).toBeVisible();
  expect(await findPlaintext(app.dataDir, [...Object.values(CONTACT), PASSPHRASE])).toEqual([]);
  expect(await findPlaintext(app.tempDir, [...Object.values(CONTACT), PASSPHRASE])).toEqual([]);
  expect(await privacyViolations(app.dataDir)).toEqual([]);
});
