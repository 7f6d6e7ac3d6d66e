/** User-level steps shared by the specs, in whichever language the project runs. */
import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { en } from '../../renderer/src/i18n/en.ts';
import { expect } from './fixtures.ts';

export type Messages = typeof en;

export async function createVault(page: Page, m: Messages, passphrase: string): Promise<void> {
  await page.getByRole('textbox', { name: m.vault.create.passphrase, exact: true }).fill(passphrase);
  await page.getByRole('textbox', { name: m.vault.create.confirm }).fill(passphrase);
  await page.getByRole('button', { name: m.vault.create.submit }).click();
  await expect(page.getByRole('heading', { name: m.contacts.title, level: 1 })).toBeVisible({ timeout: 20_000 });
}

export interface ContactFields {
  readonly familyName: string;
  readonly givenName?: string;
  readonly familyNameKana?: string;
  readonly givenNameKana?: string;
  readonly company?: string;
  readonly title?: string;
}

export async function addContact(page: Page, m: Messages, contact: ContactFields): Promise<void> {
  await page.getByRole('button', { name: m.contacts.add }).click();
  const dialog = page.getByRole('dialog', { name: m.contacts.add });
  await dialog.getByLabel(m.contact.familyName, { exact: true }).fill(contact.familyName);
  if (contact.givenName) await dialog.getByLabel(m.contact.givenName, { exact: true }).fill(contact.givenName);
  if (contact.familyNameKana) await dialog.getByLabel(m.contact.familyNameKana).fill(contact.familyNameKana);
  if (contact.givenNameKana) await dialog.getByLabel(m.contact.givenNameKana).fill(contact.givenNameKana);
  if (contact.company) await dialog.getByLabel(m.contact.company, { exact: true }).fill(contact.company);
  if (contact.title) await dialog.getByLabel(m.contact.title, { exact: true }).fill(contact.title);
  await dialog.getByRole('button', { name: m.common.save }).click();
  await expect(dialog).toBeHidden();
  // A new contact opens on its own page.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(contact.familyName);
}

export async function goTo(page: Page, m: Messages, section: 'coach' | 'contacts' | 'timeline' | 'events' | 'goals' | 'reciprocity' | 'duplicates' | 'devices' | 'backup' | 'settings'): Promise<void> {
  await page.getByRole('navigation', { name: m.nav.main }).getByRole('link', { name: m.nav[section] }).click();
}

export async function lock(page: Page, m: Messages): Promise<void> {
  await page.getByRole('button', { name: m.vault.lock }).click();
  await expect(page.getByRole('heading', { name: m.vault.unlock.title })).toBeVisible();
}

export async function unlock(page: Page, m: Messages, passphrase: string): Promise<void> {
  await page.getByRole('textbox', { name: m.vault.unlock.passphrase }).fill(passphrase);
  await page.getByRole('button', { name: m.vault.unlock.submit }).click();
}

/**
 * Calls the vault's API from the page, as the renderer does: for putting in a history it would take
 * dozens of forms to type. What a spec then tests is done through the UI.
 */
export async function callFromPage<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await page.evaluate(
    async ([name, argument]) => {
      const bridge = (window as unknown as { enishi: { api: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>> } }).enishi;
      return bridge.api[name]!(argument);
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as MethodOutput<M>;
}
