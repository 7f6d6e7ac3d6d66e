/**
 * The coach and the give & take view (article: ギブ&テイク, 継続), in each UI language. The people and
 * their history are put in through the same API the app calls (it would take dozens of forms);
 * everything the user does with the result is done through the UI.
 */
import type { MethodInput } from '../../shared/api/contract.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { callFromPage, createVault, goTo } from './steps.ts';

const PASSPHRASE = 'natsu-no-umi-de-kai-wo-hirou';
const DAY = 86_400_000;

const person = (familyName: string, givenName: string, familyNameKana: string, givenNameKana: string, extra: Partial<MethodInput<'addContact'>> = {}): MethodInput<'addContact'> => ({ familyName, givenName, familyNameKana, givenNameKana, company: '', title: '', ...extra });

test('the coach says who to contact and why; give & take shows the balance in a chart', async ({ page, app }) => {
  test.setTimeout(120_000);
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);

  const now = Date.now();
  const inThreeDays = new Date(now + 3 * DAY);
  const birthday = `--${String(inThreeDays.getMonth() + 1).padStart(2, '0')}-${String(inThreeDays.getDate()).padStart(2, '0')}`;
  await callFromPage(page, 'addGoal', { title: '独立してWebマーケで食べていく', priority: 'high', profiles: [{ title: 'フリーランスのWebマーケター' }] });
  const profileId = (await callFromPage(page, 'listGoals', {}))[0]!.profiles[0]!.id;

  const yamamoto = await callFromPage(page, 'addContact', person('山本', '花子', 'やまもと', 'はなこ', { company: 'ひかりテック', title: 'マーケティング部長', stage: 'trusted', understanding: { needs: { text: '採用の相談、デザイナー紹介' }, interests: { text: 'SEO・コンテンツマーケティング' } } }));
  const suzuki = await callFromPage(page, 'addContact', person('鈴木', '一郎', 'すずき', 'いちろう', { company: '縁商事', stage: 'acquainted' }));
  const takahashi = await callFromPage(page, 'addContact', person('高橋', '健', 'たかはし', 'けん', { company: 'ノースウィンド', cadenceDays: 30 }));
  await callFromPage(page, 'addContact', person('中村', '美咲', 'なかむら', 'みさき', { birthday, stage: 'trusted' }));
  await callFromPage(page, 'addContact', person('小林', '直樹', 'こばやし', 'なおき', { stage: 'target', goalLinks: [profileId], title: 'フリーランス' }));
  for (const [daysAgo, kind] of [[40, 'information'], [20, 'help'], [1, 'referral']] as const) {
    await callFromPage(page, 'addInteraction', { contactIds: [yamamoto.id], occurredAt: now - daysAgo * DAY, kind, direction: 'received', weight: 2, summary: kind });
  }
  await callFromPage(page, 'addInteraction', { contactIds: [suzuki.id], occurredAt: now - 10 * DAY, kind: 'introduction', direction: 'gave', weight: 3, summary: '紹介' });
  await callFromPage(page, 'addInteraction', { contactIds: [takahashi.id], occurredAt: now - 40 * DAY, kind: 'meeting', direction: 'mutual', summary: 'ランチ' });

  // This week: each person with the reason why.
  await goTo(page, m, 'coach');
  const list = page.getByRole('list', { name: m.coach.list });
  const card = (name: string) => list.getByRole('article', { name });
  await expect(card('山本 花子')).toContainText(m.coach.reason.thanksOwed);
  await expect(card('高橋 健')).toContainText(m.coach.reason.keepInTouch);
  await expect(card('高橋 健')).toContainText(m.coach.reason.overdueDays_other.replace('{{count}}', '10'));
  await expect(card('中村 美咲')).toContainText(m.coach.reason.birthdayIn_other.replace('{{count}}', '3'));
  await expect(card('小林 直樹')).toContainText(m.coach.reason.goalGap.replace('{{goal}}', '独立してWebマーケで食べていく'));
  await app.checkA11y(page, 'coach');
  await app.screenshot(page, 'coach');

  // "Log it" on a thank-you owed starts a thank-you; saving it takes the person off the list.
  await card('山本 花子').getByRole('button', { name: `${m.coach.logIt}: 山本 花子` }).click();
  const dialog = page.getByRole('dialog', { name: m.coach.logTitle.replace('{{name}}', '山本 花子') });
  await expect(dialog.getByLabel(m.interaction.kind.label)).toHaveValue('thanks');
  await expect(dialog.getByLabel(m.interaction.direction.label)).toHaveValue('gave');
  await dialog.getByLabel(m.interaction.summary).fill('紹介のお礼をメールで');
  await app.checkA11y(page, 'coach log dialog');
  await dialog.getByRole('button', { name: m.interaction.log }).click();
  await expect(dialog).toBeHidden();
  await expect(card('山本 花子')).toHaveCount(0);

  // A goal gap: the first message to someone I only wanted to meet moves them to "reached out", and the gap closes.
  await card('小林 直樹').getByRole('button', { name: `${m.coach.logIt}: 小林 直樹` }).click();
  const first = page.getByRole('dialog', { name: m.coach.logTitle.replace('{{name}}', '小林 直樹') });
  await expect(first.getByRole('checkbox', { name: m.coach.markReached })).toBeChecked();
  await first.getByLabel(m.interaction.summary).fill('noteの記事にコメント');
  await first.getByRole('button', { name: m.interaction.log }).click();
  await expect(first).toBeHidden();
  await expect(card('小林 直樹')).toHaveCount(0);
  await goTo(page, m, 'goals');
  await expect(page.getByRole('article', { name: '独立してWebマーケで食べていく' })).not.toContainText(m.goals.gap);
  await goTo(page, m, 'coach');

  // Snooze: off the list for a week.
  await card('高橋 健').getByRole('button', { name: `${m.coach.snooze}: 高橋 健` }).click();
  await expect(card('高橋 健')).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText(m.coach.snoozed.replace('{{name}}', '高橋 健'));

  // The due list: everyone by when they are next due, the overdue first.
  await goTo(page, m, 'contacts');
  await page.getByLabel(m.contacts.sort.label).selectOption('due');
  const rows = page.getByRole('list', { name: m.contacts.list }).getByRole('listitem');
  await expect(rows.first()).toContainText('高橋 健');
  await expect(rows.nth(1)).toContainText('小林 直樹');
  await expect(rows.first().locator('.overdue')).toBeVisible();
  await app.screenshot(page, 'due-list');

  // Give & take: totals, the chart, who I take from and give to, and asking a lot.
  await goTo(page, m, 'reciprocity');
  const totals = page.getByLabel(m.reciprocity.totals);
  await expect(totals).toContainText(m.reciprocity.balance);
  // The charts draw their bars: months with something logged, and one per person out of balance.
  await expect(page.getByRole('img', { name: m.reciprocity.monthlyAlt }).locator('.recharts-bar-rectangle path').first()).toBeVisible();
  await expect(page.getByRole('img', { name: m.reciprocity.peopleAlt }).locator('.recharts-bar-rectangle path')).toHaveCount(2);
  await expect(page.getByRole('list', { name: m.reciprocity.takeFrom })).toContainText('山本 花子');
  await expect(page.getByRole('list', { name: m.reciprocity.giveTo })).toContainText('鈴木 一郎');
  await expect(page.getByRole('region', { name: m.reciprocity.overAsking })).toContainText('山本 花子');
  await expect(page.getByRole('region', { name: m.reciprocity.thanksOwed })).toContainText(m.reciprocity.thanksOwedNone);
  await page.getByText(m.reciprocity.asTable).click();
  await app.checkA11y(page, 'reciprocity');
  await app.screenshot(page, 'reciprocity');

  // The person's page: the ledger with them, the rhythm, and ways to give from their needs and interests.
  await page.getByRole('list', { name: m.reciprocity.takeFrom }).getByRole('link', { name: '山本 花子' }).click();
  const insights = page.getByRole('region', { name: m.insights.title });
  await expect(insights.getByRole('img', { name: m.insights.monthlyAlt }).locator('.recharts-bar-rectangle path').first()).toBeVisible();
  await expect(insights.getByRole('list', { name: m.insights.waysToGive })).toContainText(m.insights.way.needs.replace('{{topic}}', '採用の相談'));
  await expect(insights).toContainText(m.reciprocity.overAsking);
  await app.checkA11y(page, 'contact insights');
  await insights.scrollIntoViewIfNeeded();
  await app.screenshot(page, 'contact-insights');
});
