import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { VaultService } from '../vault/vault-service.ts';
import { ImportService, parseContactFile } from './import-service.ts';

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures/import');
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let vault: VaultService;
let imports: ImportService;

beforeEach(async () => {
  temp = await makeTempDir();
  vault = new VaultService({ dataDir: temp.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, warmUpDelayMs: 3_600_000 });
  await vault.create('v', 'kumo-no-ue-de-hirune-suru-neko');
  imports = new ImportService({ vault });
});
afterEach(async () => {
  await vault.lock();
  await temp.remove();
});

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const heads = async () => value(await vault.read(async ({ session }) => ({ ok: true as const, value: JSON.stringify([...(await session.exchange.shardSummary())].sort()) })));
const people = async () => value(await vault.listContacts(0, 500)).items.map((c) => `${c.familyName} ${c.givenName} (${c.familyNameKana} ${c.givenNameKana}) ${c.company}`).sort();

describe('reading Enishi JSON exports', () => {
  test('any JSON, or a cut-off file, never throws: each contact is a checked draft or a problem with its place', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.nat(), (contacts, cut) => {
        const text = JSON.stringify({ format: 'enishi-contacts', version: 1, contacts });
        const whole = parseContactFile(new TextEncoder().encode(text), 'export.json');
        expect(whole.format).toBe('json');
        expect(whole.cards.length + whole.problems.length).toBe(contacts.length);
        const partial = parseContactFile(new TextEncoder().encode(text.slice(0, cut % (text.length + 1))), 'export.json');
        for (const problem of partial.problems) expect(problem.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('importing contacts', () => {
  test('a preview changes nothing; the import adds what it showed; importing the same file again changes nothing', async () => {
    const before = await heads();
    const preview = value(await imports.preview(join(FIXTURES, 'vcard/apple-3.0.vcf')));
    expect(preview).toMatchObject({ format: 'vcard', encoding: 'utf-8', counts: { add: 2, update: 0, unchanged: 0, problems: 0 } });
    expect(preview.rows.map((row) => [row.line, row.action, row.name])).toEqual([
      [1, 'add', '田中 花子'],
      [19, 'add', 'Anna Keller'],
    ]);
    expect(await heads()).toBe(before);

    expect(value(await imports.commit(preview.token))).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await people()).toEqual(['Keller Anna ( ) Rhein AG', '田中 花子 (たなか はなこ) 縁商事株式会社']);
    expect(await imports.commit(preview.token)).toMatchObject({ ok: false, error: { code: 'not-found' } }); // a preview imports once

    const afterFirst = await heads();
    const again = value(await imports.preview(join(FIXTURES, 'vcard/apple-3.0.vcf')));
    expect(again.counts).toEqual({ add: 0, update: 0, unchanged: 2, problems: 0 });
    expect(again.rows[0]).toMatchObject({ action: 'unchanged', intoName: '田中 花子' });
    expect(value(await imports.commit(again.token))).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(await heads()).toBe(afterFirst);
  });

  test('someone already here is filled in, never overwritten: the vault’s title stays, the missing email and phone are added', async () => {
    value(await vault.addContact({ familyName: '田中', givenName: '花子', familyNameKana: 'たなか', givenNameKana: 'はなこ', company: '縁商事株式会社', title: '取締役' }));
    const preview = value(await imports.preview(join(FIXTURES, 'vcard/apple-3.0.vcf')));
    expect(preview.rows[0]).toMatchObject({ action: 'update', intoName: '田中 花子' });
    value(await imports.commit(preview.token));
    const [tanaka] = value(await vault.listContacts(0, 10)).items.filter((c) => c.familyName === '田中');
    const draft = value(await vault.read(async ({ data }) => ({ ok: true as const, value: (await data.contactDraft(tanaka!.id))! })));
    expect(draft.title).toBe('取締役');
    expect(draft.channels.map((c) => c.value)).toEqual(['hanako.tanaka@example.co.jp', '090-1234-5678', 'https://www.linkedin.com/in/hanako-example']);
    expect(value(await vault.listContacts(0, 10)).total).toBe(2);
  });

  test('rows of one file that are the same person become one', async () => {
    const file = join(temp.path, 'twice.csv');
    await writeFile(file, 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnna,Keller,,anna@example.de,Rhein AG,CEO,15 Mar 2024\nAnna,Keller,,anna@example.de,,,\n');
    const preview = value(await imports.preview(file));
    expect(preview.rows.map((row) => [row.line, row.action, row.sameAsLine])).toEqual([
      [2, 'add', undefined],
      [3, 'unchanged', 2],
    ]);
    value(await imports.commit(preview.token));
    expect(await people()).toEqual(['Keller Anna ( ) Rhein AG']);
  });

  test('the user’s choices win over the plan: a skipped row is left out, and "a person of their own" is added beside the match', async () => {
    value(await vault.addContact({ familyName: 'Keller', givenName: 'Anna', familyNameKana: '', givenNameKana: '', company: 'Rhein AG', title: '', channels: [{ kind: 'email', label: '', value: 'anna@example.de' }] }));
    const file = join(temp.path, 'choices.csv');
    await writeFile(file, 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnna,Keller,,anna@example.de,Rhein AG,CEO,15 Mar 2024\nJonas,Weber,,jonas@example.de,Spree GmbH,,\nMia,Braun,,,Isar KG,,\n');
    const preview = value(await imports.preview(file));
    expect(preview.rows.map((row) => [row.line, row.action])).toEqual([
      [2, 'update'],
      [3, 'add'],
      [4, 'add'],
    ]);
    const outcome = value(await imports.commit(preview.token, [{ line: 2, choice: 'separate' }, { line: 4, choice: 'skip' }]));
    expect(outcome).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await people()).toEqual(['Keller Anna ( ) Rhein AG', 'Keller Anna ( ) Rhein AG', 'Weber Jonas ( ) Spree GmbH']);
  });

  test('every format in the fixtures folder imports; broken rows are listed with their lines and nothing of them is imported', async () => {
    for (const [file, format, add] of [
      ['vcard/feature-phone-2.1-sjis.vcf', 'vcard', 2],
      ['vcard/vcard-4.0.vcf', 'vcard', 3],
      ['csv/linkedin-connections.csv', 'linkedin', 3],
      ['csv/google-contacts.csv', 'google', 1], // 鈴木 一郎 (reading and company) and Anna Keller (email) are already there
      ['csv/google-legacy-yomi.csv', 'google', 0], // 山本 彩 came from the feature phone
      ['csv/eight-cards-sjis.csv', 'eight', 0], // 田中 花子 (email, from Google) and 佐々木 健 (reading and company) are filled in
    ] as const) {
      const preview = value(await imports.preview(join(FIXTURES, file)));
      expect([file, preview.format, preview.counts.add]).toEqual([file, format, add]);
      value(await imports.commit(preview.token));
    }
    expect((await people()).length).toBe(9);
    const broken = value(await imports.preview(join(FIXTURES, 'vcard/broken.vcf')));
    expect(broken.problems.map((problem) => problem.line)).toEqual([1, 6, 4]);
    expect(broken.rows.map((row) => row.name)).toEqual(['無事 届く']);
  });

  test('what is not a contacts export, or not there, is refused clearly', async () => {
    const before = await heads();
    expect(await imports.preview(join(FIXTURES, 'vcard/binary-junk.vcf'))).toMatchObject({ ok: false, error: { code: 'not-a-contacts-file' } });
    expect(await imports.preview(join(FIXTURES, 'csv/not-contacts.csv'))).toMatchObject({ ok: false, error: { code: 'not-a-contacts-file' } });
    expect(await imports.preview(join(FIXTURES, 'missing.vcf'))).toMatchObject({ ok: false, error: { code: 'file-not-found' } });
    expect(await imports.preview(FIXTURES)).toMatchObject({ ok: false, error: { code: 'not-a-contacts-file' } });
    expect(await imports.commit('0'.repeat(32))).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await heads()).toBe(before);
  });
});
