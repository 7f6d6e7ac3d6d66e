/**
 * Goals (article Step 1–2), in each UI language: a goal with two target profiles, people linked to
 * a profile from the contact form, the gap of a profile no one reaches closing, the contacts list
 * filtered by goal, and a deleted goal coming back with undo.
 */
import type { Page } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { createVault, goTo, type Messages } from './steps.ts';

const PASSPHRASE = 'hoshi-wo-miage-te-aruku-yoru';
const GOAL = '独立してWebマーケで食べていく';
const VETERAN = 'Webマーケ歴10年以上の先輩';
const FREELANCER = 'フリーランスのWebマーケター';

const count = (message: string, n: number) => message.replace('{{count}}', String(n));

async function addLinkedContact(page: Page, m: Messages, familyName: string, profile?: string) {
  await page.getByRole('button', { name: m.contacts.add }).click();
  const dialog = page.getByRole('dialog', { name: m.contacts.add });
  await dialog.getByLabel(m.contact.familyName, { exact: true }).fill(familyName);
  if (profile) await dialog.getByRole('group', { name: GOAL }).getByRole('checkbox', { name: profile }).check();
  await dialog.getByRole('button', { name: m.common.save }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(familyName);
}

test('a goal with two target profiles: link people, watch the gap close, list the people of a goal', async ({ page, app }) => {
  test.setTimeout(120_000);
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);

  await goTo(page, m, 'goals');
  await expect(page.getByText(m.goals.empty)).toBeVisible();
  await app.checkA11y(page, 'goals (empty)');

  await page.getByRole('button', { name: m.goals.add }).click();
  const form = page.getByRole('dialog', { name: m.goals.add });
  await form.getByRole('button', { name: m.common.save }).click();
  await expect(form.getByText(m.validation.required)).toBeVisible();
  await form.getByLabel(m.goals.fields.title).fill(GOAL);
  await form.getByLabel(m.goals.fields.why).fill('場所に縛られずに働き、家族との時間を増やしたい');
  await form.getByLabel(m.goals.fields.priority).selectOption({ label: m.goals.priority.high });
  await form.getByLabel(m.goals.profiles.title.replace('{{number}}', '1')).fill(VETERAN);
  await form.getByRole('button', { name: m.goals.profiles.add }).click();
  await form.getByLabel(m.goals.profiles.title.replace('{{number}}', '2')).fill(FREELANCER);
  await form.getByLabel(m.goals.profiles.description).nth(1).fill('独立後の実際を聞きたい');
  await app.checkA11y(page, 'goal form');
  await app.screenshot(page, 'goal-form');
  await form.getByRole('button', { name: m.common.save }).click();
  await expect(form).toBeHidden();

  const card = page.getByRole('article', { name: GOAL });
  const profiles = card.getByRole('list', { name: m.goals.profiles.label }).getByRole('listitem');
  await expect(profiles).toHaveCount(2);
  await expect(profiles.filter({ hasText: m.goals.gap })).toHaveCount(2);

  // People: one linked to the first profile from the contact form, one not linked yet.
  await goTo(page, m, 'contacts');
  await addLinkedContact(page, m, '伊藤', VETERAN);
  await expect(page.getByRole('link', { name: `${GOAL} › ${VETERAN}` })).toBeVisible();
  await app.screenshot(page, 'contact-with-goal');
  await goTo(page, m, 'contacts');
  await addLinkedContact(page, m, '佐藤');

  await goTo(page, m, 'goals');
  await expect(profiles.filter({ hasText: VETERAN })).toContainText(count(m.goals.people_one, 1));
  await expect(profiles.filter({ hasText: VETERAN })).not.toContainText(m.goals.gap);
  await expect(profiles.filter({ hasText: FREELANCER })).toContainText(m.goals.gap);
  await app.checkA11y(page, 'goals');

  // The goal's people, from the goal: the contacts list filtered by it.
  await card.getByRole('link', { name: count(m.goals.showContacts_one, 1) }).click();
  const list = page.getByRole('list', { name: m.contacts.list });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('伊藤');
  await expect(page.getByLabel(m.goals.filter)).toHaveValue(/^g/);
  await app.checkA11y(page, 'contacts by goal');
  await page.getByLabel(m.goals.filter).selectOption({ label: m.contacts.filters.any });
  await expect(list.getByRole('listitem')).toHaveCount(2);

  // Linking the second person to the other profile closes its gap.
  await list.getByRole('link', { name: /佐藤/ }).click();
  await page.getByRole('button', { name: m.common.edit }).click();
  const edit = page.getByRole('dialog', { name: m.contact.edit });
  await edit.getByRole('group', { name: GOAL }).getByRole('checkbox', { name: FREELANCER }).check();
  await edit.getByRole('heading', { name: m.goals.link.section }).scrollIntoViewIfNeeded();
  await app.screenshot(page, 'contact-goal-links');
  await edit.getByRole('button', { name: m.common.save }).click();
  await expect(edit).toBeHidden();
  await goTo(page, m, 'goals');
  await expect(card.getByText(m.goals.gap)).toHaveCount(0);
  await expect(card.getByRole('link', { name: count(m.goals.showContacts_other, 2) })).toBeVisible();
  await app.screenshot(page, 'goals');

  // Deleting asks first, and undo brings the goal back with its people.
  page.once('dialog', (dialog) => void dialog.accept());
  await card.getByRole('button', { name: `${m.common.delete}: ${GOAL}` }).click();
  await expect(page.getByText(m.goals.empty)).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: m.common.undo }).click();
  await expect(card.getByRole('link', { name: count(m.goals.showContacts_other, 2) })).toBeVisible();
});
