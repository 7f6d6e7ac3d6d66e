/**
 * Goals (article Step 1–2), in each UI language: a goal with two target profiles, people linked to
 * a profile from the contact form, the gap of a profile no one reaches closing, the contacts list
 * filtered by goal, and a deleted goal coming back with undo.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

  // On the map, the profile no one is reached for hangs by a dashed line and says so.
  await page.getByRole('link', { name: m.goalMap.open }).click();
  const picture = page.getByRole('group', { name: m.goalMap.pictureAlt });
  await expect(picture.locator('.map-profile.gap')).toHaveText(new RegExp(`${FREELANCER}.*${m.goals.gap}`));
  await expect(picture.locator('.map-profile:not(.gap)')).toContainText(VETERAN);
  await expect(picture.locator('.map-contact')).toContainText('伊藤');
  await page.getByRole('link', { name: `← ${m.goals.title}` }).click();

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

  // Self-analysis, and an information source for the freelancer profile (only a web address is taken).
  const self = page.getByRole('region', { name: m.self.title });
  await self.getByRole('button', { name: `${m.common.edit}: ${m.self.title}` }).click();
  await self.getByLabel(m.self.fields.careerGoal).fill('3年以内に独立してWebマーケターとして働く');
  await self.getByLabel(m.self.fields.strengths).fill('SEO、データ分析');
  await self.getByRole('button', { name: m.common.save }).click();
  await expect(self).toContainText('3年以内に独立してWebマーケターとして働く');
  await page.getByRole('button', { name: m.sources.add }).click();
  const sourceForm = page.getByRole('dialog', { name: m.sources.add });
  await sourceForm.getByLabel(m.sources.fields.title).fill('フリーランスWebマーケ通信');
  await sourceForm.getByLabel(m.sources.fields.kind).selectOption({ label: m.sources.kind.newsletter });
  await sourceForm.getByLabel(m.sources.fields.url).fill('javascript:alert(1)');
  await sourceForm.getByRole('group', { name: GOAL }).getByRole('checkbox', { name: FREELANCER }).check();
  await sourceForm.getByRole('button', { name: m.common.save }).click();
  await expect(sourceForm.getByText(m.validation.url)).toBeVisible();
  await sourceForm.getByLabel(m.sources.fields.url).fill('https://example.com/freelance-weekly');
  await app.checkA11y(page, 'source form');
  await sourceForm.getByRole('button', { name: m.common.save }).click();
  await expect(sourceForm).toBeHidden();
  await expect(page.getByRole('list', { name: m.sources.title })).toContainText('フリーランスWebマーケ通信');
  // Its address is a link for the browser (the shell confirms it first); the page itself never navigates there.
  const sourceLink = page.getByRole('list', { name: m.sources.title }).getByRole('link', { name: 'https://example.com/freelance-weekly' });
  await expect(sourceLink).toHaveAttribute('target', '_blank');
  await expect(sourceLink).toHaveAttribute('rel', 'noopener noreferrer');
  await app.screenshot(page, 'goals-self-and-sources');

  // The gap has closed on the map too; the picture is saved as a PNG; the list has the same, by keyboard.
  await page.getByRole('link', { name: m.goalMap.open }).click();
  await expect(picture.locator('.map-self')).toContainText('3年以内に独立してWebマーケターとして働く');
  await expect(picture.locator('.map-source')).toContainText('フリーランスWebマーケ通信');
  await expect(picture.locator('.map-profile')).toHaveCount(2);
  await expect(picture.locator('.map-profile.gap')).toHaveCount(0);
  await expect(picture.locator('.map-contact')).toHaveCount(2);
  await app.checkA11y(page, 'goal map');
  await app.screenshot(page, 'goal-map');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: m.goalMap.export }).click()]);
  expect(download.suggestedFilename()).toBe('enishi-goal-map.png');
  const png = await download.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5_000);
  await writeFile(join('tests', 'artifacts', 'screenshots', `goal-map-export-${app.language}.png`), png);
  await page.getByRole('button', { name: m.goalMap.list }).click();
  const goalList = page.getByRole('list', { name: m.goals.list });
  await expect(goalList.getByRole('link', { name: '佐藤' })).toBeVisible();
  await goalList.getByRole('link', { name: '伊藤' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('伊藤');
  await goTo(page, m, 'goals');

  // Deleting asks first, and undo brings the goal back with its people.
  page.once('dialog', (dialog) => void dialog.accept());
  await card.getByRole('button', { name: `${m.common.delete}: ${GOAL}` }).click();
  await expect(page.getByText(m.goals.empty)).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: m.common.undo }).click();
  await expect(card.getByRole('link', { name: count(m.goals.showContacts_other, 2) })).toBeVisible();
});
