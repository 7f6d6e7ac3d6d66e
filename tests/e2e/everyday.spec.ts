/**
 * The everyday flows, in each UI language: contacts with kana (typed as romaji), interactions of
 * several kinds, an event with three people met, a confidential note masked then revealed, search
 * by romaji, and merging a duplicate. Each view is checked with axe and photographed.
 */
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { addContact, createVault, goTo, type Messages } from './steps.ts';
import type { Page } from '@playwright/test';

const PASSPHRASE = 'yama-no-ha-ni-tsuki-ga-noboru';
const SECRET = '来春に独立予定。まだ社内には秘密。';

async function logInteraction(page: Page, m: Messages, fields: { kind: string; direction: string; summary: string; weight?: string; note?: string }) {
  const form = page.getByRole('region', { name: m.interaction.log });
  await form.getByLabel(m.interaction.kind.label).selectOption({ label: fields.kind });
  await form.getByLabel(m.interaction.direction.label).selectOption({ label: fields.direction });
  await form.getByLabel(m.interaction.summary).fill(fields.summary);
  if (fields.weight || fields.note) {
    await form.getByRole('button', { name: m.interaction.more }).click();
    if (fields.weight) await form.getByLabel(m.interaction.weight.label).selectOption({ label: fields.weight });
    if (fields.note) await form.getByRole('textbox', { name: m.interaction.note }).fill(fields.note);
  }
  await form.getByRole('button', { name: m.interaction.log }).click();
  await expect(form.getByLabel(m.interaction.summary)).toHaveValue('');
}

test('a working week with the network: people, interactions, an event, a secret, search, a duplicate', async ({ page, app }) => {
  test.setTimeout(180_000);
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await app.checkA11y(page, 'contacts (empty)');

  // A contact with kana typed as romaji, work, tags, a stage and something told in confidence.
  await page.getByRole('button', { name: m.contacts.add }).click();
  const dialog = page.getByRole('dialog', { name: m.contacts.add });
  await dialog.getByLabel(m.contact.familyName, { exact: true }).fill('田中');
  await dialog.getByLabel(m.contact.givenName, { exact: true }).fill('花子');
  await dialog.getByLabel(m.contact.familyNameKana).fill('tanaka');
  await dialog.getByLabel(m.contact.givenNameKana).fill('hanako');
  await dialog.getByLabel(m.contact.company, { exact: true }).fill('縁商事株式会社');
  await expect(dialog.getByLabel(m.contact.familyNameKana)).toHaveValue('たなか');
  await dialog.getByLabel(m.contact.title, { exact: true }).fill('営業部長');
  await dialog.getByLabel(m.contact.stage.label).selectOption({ label: m.contact.stage.trusted });
  await dialog.getByLabel(m.contact.tags.label).fill('SaaS, 勉強会');
  const needs = dialog.getByRole('group', { name: m.contact.understanding.needs });
  await needs.getByRole('textbox', { name: m.contact.understanding.needs }).fill(SECRET);
  await needs.getByLabel(m.note.confidentiality.label).selectOption({ label: m.note.confidentiality.confidential });
  await app.checkA11y(page, 'contact form');
  await app.screenshot(page, 'contact-form');
  await dialog.getByRole('button', { name: m.common.save }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('田中 花子');
  await expect(page.getByText('たなか はなこ')).toBeVisible();

  // The secret is masked until revealed, and masked again after leaving the page.
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await page.getByRole('button', { name: m.note.reveal }).click();
  await expect(page.getByText(SECRET)).toBeVisible();
  await app.screenshot(page, 'confidential-revealed');

  // Interactions of several kinds from the contact's page.
  await logInteraction(page, m, { kind: m.interaction.kind.meeting, direction: m.interaction.direction.mutual, summary: '近況報告のランチ' });
  await logInteraction(page, m, { kind: m.interaction.kind.help, direction: m.interaction.direction.received, summary: '採用の相談に乗ってもらった', weight: m.interaction.weight['3'], note: 'エンジニア採用のコツを教わった' });
  await logInteraction(page, m, { kind: m.interaction.kind.thanks, direction: m.interaction.direction.gave, summary: 'お礼のメッセージ' });
  const feed = page.getByRole('region', { name: m.contact.timeline });
  await expect(feed.getByRole('article')).toHaveCount(3);
  await expect(feed).toContainText(m.interaction.kind.help);
  await app.checkA11y(page, 'contact detail');
  await app.screenshot(page, 'contact-detail');

  await goTo(page, m, 'contacts');
  await page.getByRole('link', { name: /田中 花子/ }).click();
  await expect(page.getByText(SECRET)).toHaveCount(0);

  // Two more people, then an event where I met all three.
  await goTo(page, m, 'contacts');
  await addContact(page, m, { familyName: '佐藤', givenName: '健', familyNameKana: 'さとう', givenNameKana: 'けん', company: 'ひかりテック' });
  await goTo(page, m, 'contacts');
  await addContact(page, m, { familyName: 'Weber', givenName: 'Lea', company: 'Northwind Labs' });
  await goTo(page, m, 'events');
  await page.getByRole('button', { name: m.events.add }).click();
  const eventDialog = page.getByRole('dialog', { name: m.events.add });
  await eventDialog.getByLabel(m.events.fields.title).fill('異業種交流会 渋谷');
  await eventDialog.getByLabel(m.events.kind.label).selectOption({ label: m.events.kind['cross-industry'] });
  await eventDialog.getByLabel(m.events.fields.place).fill('渋谷');
  const people = eventDialog.getByRole('combobox', { name: m.events.fields.attendees });
  await people.fill('zzzz');
  await expect(eventDialog.getByText(m.picker.noResults)).toBeVisible();
  await app.checkA11y(page, 'attendee picker (no match)');
  for (const query of ['tanaka', 'sato', 'weber']) {
    await people.fill(query);
    const firstOption = eventDialog.getByRole('listbox', { name: m.events.fields.attendees }).getByRole('option').first();
    await expect(firstOption).toBeVisible();
    if (query === 'tanaka') await app.checkA11y(page, 'attendee picker');
    await firstOption.click();
  }
  await expect(eventDialog.getByRole('list', { name: m.events.fields.attendees }).getByRole('listitem')).toHaveCount(3);
  await app.screenshot(page, 'event-form');
  await eventDialog.getByRole('button', { name: m.common.save }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('異業種交流会 渋谷');
  await expect(page.getByRole('region', { name: m.events.timeline }).getByRole('article')).toHaveCount(3);
  await app.checkA11y(page, 'event detail');
  await app.screenshot(page, 'event-detail');
  await goTo(page, m, 'events');
  await expect(page.getByRole('list', { name: m.events.list })).toContainText('異業種交流会 渋谷');
  await app.checkA11y(page, 'events');

  // The whole timeline, filtered by kind.
  await goTo(page, m, 'timeline');
  const timeline = page.getByRole('region', { name: m.timeline.title });
  await expect(timeline.getByRole('article')).toHaveCount(6);
  await page.getByLabel(m.interaction.kind.label).selectOption({ label: m.interaction.kind.event });
  await expect(timeline.getByRole('article')).toHaveCount(3);
  await app.checkA11y(page, 'timeline');
  await app.screenshot(page, 'timeline');

  // Search by romaji finds 佐藤 by its reading, and a confidential match is named, not shown.
  await page.keyboard.press('Control+k');
  const search = page.getByRole('combobox', { name: m.search.title });
  await search.fill('satou');
  await expect(page.getByRole('option', { name: /佐藤 健/ })).toBeVisible();
  await app.checkA11y(page, 'search');
  await app.screenshot(page, 'search-romaji');
  await search.fill('独立');
  await expect(page.getByRole('option', { name: /田中 花子/ })).toContainText(m.search.matchedConfidential);
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await search.fill('satou');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('佐藤 健');

  // A duplicate of 田中 (same reading, same company) is found and merged, keeping everything.
  await goTo(page, m, 'contacts');
  await addContact(page, m, { familyName: '田中', givenName: 'はなこ', familyNameKana: 'タナカ', givenNameKana: 'ハナコ', company: '縁商事株式会社', title: '名刺交換' });
  await goTo(page, m, 'duplicates');
  const pair = page.getByRole('list', { name: m.duplicates.title }).getByRole('listitem');
  await expect(pair).toHaveCount(1);
  await app.checkA11y(page, 'duplicates');
  await app.screenshot(page, 'duplicates');
  await pair.getByRole('button', { name: m.duplicates.review }).click();
  const merge = page.getByRole('dialog', { name: m.duplicates.merge.title });
  await expect(merge.getByRole('region', { name: m.duplicates.merge.preview })).toBeVisible();
  await app.checkA11y(page, 'merge dialog');
  await app.screenshot(page, 'merge-preview');
  await merge.getByRole('button', { name: m.duplicates.merge.confirm }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('田中');
  await expect(page.getByRole('region', { name: m.contact.timeline }).getByRole('article')).toHaveCount(4);
  await goTo(page, m, 'contacts');
  await expect(page.getByRole('list', { name: m.contacts.list }).getByRole('listitem')).toHaveCount(3);
  await app.checkA11y(page, 'contacts');
  await app.screenshot(page, 'contacts-list');

  await goTo(page, m, 'settings');
  await app.checkA11y(page, 'settings');
});
