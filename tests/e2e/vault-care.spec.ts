import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import type { ContactListItem, Page as ContactPage } from '../../shared/vault/read-model-entries.ts';
import { contactShard } from '../../shared/vault/shards.ts';
import { containerRegions, vaultFiles } from '../support/vault-files.ts';
import { expect, test } from './fixtures.ts';
import { addContact, createVault, goTo, lock, unlock } from './steps.ts';

const PASSPHRASE = 'asagiri-no-naka-wo-aruku-tabibito';
const NEW_PASSPHRASE = 'yuugure-no-umi-ni-fune-ga-ukabu';

test('settings: auto-lock is kept, and a changed passphrase is the only one that unlocks', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await page.getByRole('link', { name: m.nav.settings }).click();
  await expect(page.getByRole('heading', { name: m.settings.title, level: 1 })).toBeVisible();

  const autoLock = page.getByLabel(m.settings.autoLock.label);
  await expect(autoLock).toHaveValue('15');
  await autoLock.selectOption('5');
  await expect(page.getByText(m.settings.autoLock.saved)).toBeVisible();

  // Quiet hours for notifications.
  const notifications = page.getByRole('region', { name: m.settings.notifications.title });
  await expect(notifications.getByRole('checkbox', { name: m.settings.notifications.enabled })).toBeChecked();
  await notifications.getByLabel(m.settings.notifications.from).fill('22:30');
  await notifications.getByRole('button', { name: m.common.save }).click();
  await expect(notifications.getByText(m.settings.notifications.saved)).toBeVisible();
  await app.checkA11y(page, 'settings');

  await page.getByRole('textbox', { name: m.settings.passphrase.current }).fill(PASSPHRASE);
  await page.getByRole('textbox', { name: m.settings.passphrase.next, exact: true }).fill(NEW_PASSPHRASE);
  await page.getByRole('textbox', { name: m.settings.passphrase.confirm }).fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: m.settings.passphrase.submit }).click();
  await expect(page.getByText(m.settings.passphrase.changed)).toBeVisible({ timeout: 20_000 });
  await app.screenshot(page, 'settings');

  await lock(page, m);
  await unlock(page, m, PASSPHRASE);
  await expect(page.getByRole('alert')).toHaveText(m.errors['wrong-passphrase'], { timeout: 20_000 });
  await unlock(page, m, NEW_PASSPHRASE);
  await expect(page.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible({ timeout: 20_000 });
  await goTo(page, m, 'settings');
  await expect(page.getByLabel(m.settings.autoLock.label)).toHaveValue('5');
  await expect(page.getByRole('textbox', { name: m.settings.notifications.from, exact: true })).toHaveValue('22:30');
});

test('a damaged shard is set aside and reported; the rest of the vault opens', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  // Add people until two of them live in different shards; the first one's shard gets damaged.
  const names = ['Yamamoto', 'Keller', 'Moreau', 'Lindqvist', 'Okafor'];
  let contacts: readonly ContactListItem[] = [];
  for (const name of names) {
    await goTo(page, m, 'contacts');
    await addContact(page, m, { familyName: name, givenName: 'Test' });
    contacts = await page.evaluate(async () => {
      const bridge = (window as unknown as { enishi: { api: { listContacts(input: object): Promise<{ ok: true; value: ContactPage<ContactListItem> }> } } }).enishi;
      return (await bridge.api.listContacts({ offset: 0, limit: 50 })).value.items;
    });
    if (new Set(contacts.map((c) => contactShard(c.id))).size > 1) break;
  }
  const victim = contacts.find((c) => c.familyName === 'Yamamoto')!;
  const damagedShard = contactShard(victim.id);
  const survivors = contacts.filter((c) => contactShard(c.id) !== damagedShard);
  const lost = contacts.filter((c) => contactShard(c.id) === damagedShard);
  expect(survivors.length).toBeGreaterThan(0);
  await lock(page, m);

  const files = await vaultFiles(join(app.dataDir, 'vault'), PASSPHRASE);
  const log = files.shards.get(damagedShard)!.log!;
  const bytes = await readFile(log);
  // Inside the first record's ciphertext (after its 12-byte frame and 24-byte nonce): reading stops
  // there, so every contact of that shard is lost — however many of the five it holds.
  const firstCiphertextByte = (await containerRegions(log)).payload + 12 + 24 + 2;
  bytes[firstCiphertextByte] = bytes[firstCiphertextByte]! ^ 0xff;
  await writeFile(log, bytes);

  await unlock(page, m, PASSPHRASE);
  const banner = page.getByRole('alert').filter({ hasText: m.health.title });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText(m.errors['payload-damaged']);
  for (const person of lost) await expect(banner).toContainText(person.familyName);
  const list = page.getByRole('list', { name: m.contacts.list });
  for (const person of survivors) await expect(list).toContainText(person.familyName);
  for (const person of lost) await expect(list).not.toContainText(person.familyName);
  await app.screenshot(page, 'damage-report');
  await page.getByRole('button', { name: m.health.dismiss }).click();
  await expect(banner).toBeHidden();
});

test('the engine holding the vault dies: the window says so at the lock screen, and what was saved is there', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await addContact(page, m, { familyName: 'Nakamura', givenName: 'Emi', company: 'Kaze Design' });

  await app.killEngine();
  await expect(page.getByRole('heading', { name: m.vault.unlock.title })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: m.vault.unlock.engineRestarted })).toBeVisible();
  await app.screenshot(page, 'engine-restarted');
  await app.checkA11y(page, 'engine restarted');

  await unlock(page, m, PASSPHRASE);
  await expect(page.getByRole('list', { name: m.contacts.list })).toContainText('Nakamura', { timeout: 20_000 });
  // Said once: the next lock screen is the usual one.
  await lock(page, m);
  await expect(page.getByText(m.vault.unlock.engineRestarted)).toBeHidden();
});
