/**
 * 紹介 (the article's first success story), in each UI language: two people, why they may help each
 * other, a draft built only from what each may hear — a confidential note stays out — copied, and
 * logged as "gave: introduction" for both.
 */
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { callFromPage, createVault } from './steps.ts';

const PASSPHRASE = 'aki-no-yo-ni-hon-wo-yomu-hito';
const SECRET = '転職を考えている';

test('introduce two people: reasons, a draft without the confidential note, copy, and log it for both', async ({ page, app, context }) => {
  test.setTimeout(90_000);
  const m = app.language === 'ja' ? ja : en;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open(page);
  await createVault(page, m, PASSPHRASE);

  const yamamoto = await callFromPage(page, 'addContact', {
    familyName: '山本', givenName: '花子', familyNameKana: 'やまもと', givenNameKana: 'はなこ', company: 'ひかりテック', title: 'マーケティング部長',
    understanding: { strengths: { text: 'SEO、コンテンツマーケティング' }, needs: { text: SECRET, confidentiality: 'confidential' } },
  });
  await callFromPage(page, 'addContact', {
    familyName: '鈴木', givenName: '一郎', familyNameKana: 'すずき', givenNameKana: 'いちろう', company: '縁商事', title: '',
    understanding: { needs: { text: 'SEOの相談' }, interests: { text: 'コンテンツマーケティング' } },
  });

  await page.goto(`${app.url}#contacts/${yamamoto.id}`);
  await page.getByRole('link', { name: m.introductions.open }).click();
  await expect(page.getByRole('heading', { name: m.introductions.title, level: 1 })).toBeVisible();
  const second = page.getByRole('combobox', { name: m.introductions.b });
  await second.fill('すずき');
  await page.getByRole('option', { name: /鈴木/ }).click();

  const why = page.getByRole('region', { name: m.introductions.why });
  await expect(why).toContainText(m.introductions.helps.replace('{{helper}}', '山本 花子').replace('{{helped}}', '鈴木 一郎').replace('{{offer}}', 'SEO').replace('{{need}}', 'SEOの相談'));
  await expect(why).toContainText(m.introductions.withheld_one.replace('{{count}}', '1'));
  const draft = page.getByRole('textbox', { name: m.introductions.draft });
  await expect(draft).toHaveValue(/SEO/);
  await expect(draft).not.toHaveValue(new RegExp(SECRET));
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await app.checkA11y(page, 'introduction');
  await draft.scrollIntoViewIfNeeded();
  await app.screenshot(page, 'introduction');

  // The other language's template, then copy what is in the box.
  await page.getByLabel(m.introductions.language).selectOption(app.language === 'ja' ? 'en' : 'ja');
  await expect(draft).toHaveValue(app.language === 'ja' ? /^Dear 山本 花子 and 鈴木 一郎,/ : /^山本 花子さん、鈴木 一郎さん/);
  await page.getByRole('button', { name: m.introductions.copy }).click();
  await expect(page.getByRole('status')).toContainText(m.introductions.copied);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await draft.inputValue());
  expect(copied).not.toContain(SECRET);

  // Logged once, for both: it is in each one's timeline as something I gave.
  await page.getByRole('button', { name: m.introductions.log }).click();
  await expect(page.getByRole('status')).toContainText(m.introductions.logged.replace('{{a}}', '山本 花子').replace('{{b}}', '鈴木 一郎'));
  await page.goto(`${app.url}#contacts/${yamamoto.id}`);
  const timeline = page.getByRole('region', { name: m.contact.timeline });
  await expect(timeline).toContainText(m.introductions.logSummary.replace('{{a}}', '山本 花子').replace('{{b}}', '鈴木 一郎'));
  await expect(timeline).toContainText(m.interaction.direction.gave);
});
