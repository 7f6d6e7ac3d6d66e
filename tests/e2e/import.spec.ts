/**
 * Importing contacts through the UI: a LinkedIn export is previewed row by row, a row is skipped,
 * the rest imported when confirmed; the next import brings only the skipped row, and one more
 * changes nothing. A file that is not an export is refused clearly.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { expect, test } from './fixtures.ts';
import { createVault, goTo } from './steps.ts';

const PASSPHRASE = 'kawa-no-nagare-ni-sakura-ga-chiru';
const LINKEDIN = resolve('tests/fixtures/import/csv/linkedin-connections.csv');

test('preview a LinkedIn export, skip a row, import it; the next import brings only that row, and then nothing changes', async ({ page, app }) => {
  const m = app.language === 'ja' ? ja : en;
  await app.open(page);
  await createVault(page, m, PASSPHRASE);
  await goTo(page, m, 'backup');
  const card = page.getByRole('region', { name: m.importer.title });

  await card.getByRole('textbox', { name: m.importer.path }).fill(resolve('tests/fixtures/import/vcard/binary-junk.vcf'));
  await card.getByRole('button', { name: m.importer.preview }).click();
  await expect(card.getByText(m.errors['not-a-contacts-file'])).toBeVisible();

  await card.getByRole('textbox', { name: m.importer.path }).fill(LINKEDIN);
  await card.getByRole('button', { name: m.importer.preview }).click();
  const preview = card.getByRole('region', { name: m.importer.previewTitle });
  await expect(preview.getByText('Anna Keller')).toBeVisible({ timeout: 20_000 });
  await expect(preview.getByRole('listitem')).toHaveCount(3);
  // The warning of the row with an impossible date, in the UI's language.
  await expect(preview.getByText(m.importer.issues['met-not-a-date'].replace('{{text}}', '31 Feb 2022'))).toBeVisible();
  // Each row can be left out: the count on the button follows.
  const jonas = preview.getByRole('combobox', { name: /Jonas Weber/ });
  await jonas.selectOption('skip');
  await app.checkA11y(page, 'import-preview');
  await app.screenshot(page, 'import-preview');
  await preview.getByRole('button', { name: m.importer.import_other.replace('{{count}}', '2') }).click();
  await expect(card.getByText(m.importer.done.replace('{{added}}', '2').replace('{{updated}}', '0').replace('{{unchanged}}', '0'))).toBeVisible({ timeout: 20_000 });

  await goTo(page, m, 'contacts');
  const list = page.getByRole('list', { name: m.contacts.list });
  for (const name of ['Anna Keller', 'Hanako Tanaka']) await expect(list).toContainText(name);
  await expect(list).not.toContainText('Jonas Weber');

  // The skipped row comes in with the next import of the same file; the others are already here.
  await goTo(page, m, 'backup');
  await card.getByRole('textbox', { name: m.importer.path }).fill(LINKEDIN);
  await card.getByRole('button', { name: m.importer.preview }).click();
  await card.getByRole('region', { name: m.importer.previewTitle }).getByRole('button', { name: m.importer.import_one.replace('{{count}}', '1') }).click();
  await expect(card.getByText(m.importer.done.replace('{{added}}', '1').replace('{{updated}}', '0').replace('{{unchanged}}', '2'))).toBeVisible({ timeout: 20_000 });

  await goTo(page, m, 'backup');
  await card.getByRole('textbox', { name: m.importer.path }).fill(LINKEDIN);
  await card.getByRole('button', { name: m.importer.preview }).click();
  await expect(card.getByRole('region', { name: m.importer.previewTitle }).getByRole('button', { name: m.importer.import_other.replace('{{count}}', '0') })).toBeDisabled({ timeout: 20_000 });

  // And out again, as vCard: the view says the file is not encrypted.
  const exporter = page.getByRole('region', { name: m.exporter.title });
  await expect(exporter.getByText(m.exporter.warning)).toBeVisible();
  const out = join(app.dataDir, 'people');
  await exporter.getByRole('textbox', { name: m.exporter.path }).fill(out);
  await exporter.getByRole('combobox', { name: m.exporter.format }).selectOption('vcard4');
  await exporter.getByRole('button', { name: m.exporter.submit }).click();
  await expect(exporter.getByText(m.exporter.done_other.replace('{{count}}', '3').replace('{{path}}', `${out}.vcf`))).toBeVisible({ timeout: 20_000 });
  expect(await readFile(`${out}.vcf`, 'utf8')).toContain('FN:Anna Keller');
  await exporter.getByRole('checkbox', { name: m.exporter.includePrivate }).check();
  await expect(exporter.getByText(m.exporter.warningPrivate)).toBeVisible();
  await app.checkA11y(page, 'export');
  await app.screenshot(page, 'export');
});
