import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseContactCsv, parseLooseDate } from './csv-contacts.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../tests/fixtures/import/csv', name)));

describe('reading contact CSV exports', () => {
  test('LinkedIn Connections.csv: the header found after the Notes preamble, "15 Mar 2024" as when we met, quoted commas, an impossible date reported', () => {
    const { format, cards, problems } = parseContactCsv(fixture('linkedin-connections.csv'));
    expect(format).toBe('linkedin');
    expect(problems).toEqual([]);
    expect(cards.map((card) => card.line)).toEqual([5, 6, 7]);
    expect(cards[0]!.draft).toMatchObject({ familyName: 'Keller', givenName: 'Anna', company: 'Rhein AG', title: 'Head of Partnerships', howWeMet: { date: '2024-03-15', note: 'LinkedIn' }, channels: [{ kind: 'linkedin', value: 'https://www.linkedin.com/in/anna-keller-example' }, { kind: 'email', value: 'anna@example.de' }] });
    expect(cards[1]!.draft).toMatchObject({ company: 'Enishi Trading Co., Ltd.', howWeMet: { date: '2023-01-02' } });
    expect(cards[2]!.draft).toMatchObject({ howWeMet: { date: '' } });
    expect(cards[2]!.warnings).toEqual([expect.objectContaining({ code: 'met-not-a-date', values: { text: '31 Feb 2022' } })]);
  });

  test('Google Contacts: BOM, " ::: " values, phonetic columns (katakana kept as hiragana), labels as tags, a note with a line break', () => {
    const { format, cards, problems } = parseContactCsv(fixture('google-contacts.csv'));
    expect(format).toBe('google');
    expect(problems).toEqual([]);
    expect(cards[0]!.draft).toMatchObject({
      familyName: '田中',
      givenName: '花子',
      familyNameKana: 'たなか',
      givenNameKana: 'はなこ',
      company: '縁商事',
      department: '営業部',
      title: '部長',
      birthday: '1985-04-12',
      notes: [{ text: '展示会で名刺交換。\n次回はセミナーで。' }],
      tags: ['展示会'],
      channels: [
        { kind: 'email', value: 'hanako@example.co.jp', label: 'work' },
        { kind: 'email', value: 'hanako.private@example.jp', label: 'work' },
        { kind: 'phone', value: '090-1234-5678', label: 'mobile' },
      ],
    });
    expect(cards[1]!.draft).toMatchObject({ familyNameKana: 'すずき', givenNameKana: 'いちろう', birthday: '--02-15', tags: [] });
    expect(cards[2]!.draft).toMatchObject({ familyName: 'Keller', familyNameKana: '' });
    expect(cards[2]!.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('not in kana')]);
  });

  test('the older Google export with "Yomi" headers', () => {
    const { format, cards } = parseContactCsv(fixture('google-legacy-yomi.csv'));
    expect(format).toBe('google');
    expect(cards[0]!.draft).toMatchObject({ familyName: '山本', givenName: '彩', familyNameKana: 'やまもと', givenNameKana: 'あや', company: '北斗製作所', title: '主任', tags: ['勉強会'], channels: [{ kind: 'email', value: 'aya@example.ne.jp', label: 'home' }] });
  });

  test('Eight in Shift_JIS with CRLF: 氏名 and its reading split, 名刺交換日 as when we met, tag columns; a row without a name is reported', () => {
    const { format, encoding, cards, problems } = parseContactCsv(fixture('eight-cards-sjis.csv'));
    expect([format, encoding]).toEqual(['eight', 'shift_jis']);
    expect(cards[0]!.draft).toMatchObject({
      familyName: '田中',
      givenName: '花子',
      familyNameKana: 'たなか',
      givenNameKana: 'はなこ',
      company: '縁商事株式会社',
      department: '営業部',
      title: '部長',
      howWeMet: { date: '2024-03-15', note: '名刺交換 (Eight)' },
      tags: ['展示会', 'SaaS'],
      channels: [
        { kind: 'email', value: 'hanako@example.co.jp' },
        { kind: 'phone', value: '03-1111-2222', label: 'work' },
        { kind: 'phone', value: '090-1234-5678', label: 'cell' },
        { kind: 'web', value: 'https://example.co.jp' },
      ],
    });
    expect(cards[1]!.draft).toMatchObject({ familyName: '佐々木', howWeMet: { date: '2023-11-02' }, tags: ['勉強会'] });
    expect(problems.map((problem) => problem.line)).toEqual([4]);
    expect(problems[0]!.message).toContain('cannot be a contact');
  });

  test('ragged rows are reported with their line; a file that is none of these formats says so', () => {
    const ragged = parseContactCsv(fixture('ragged.csv'));
    expect(ragged.problems).toEqual([{ line: 2, code: 'ragged-row', values: { cells: 3, header: 7 }, message: 'the row has 3 cells where the header has 7' }]);
    expect(ragged.cards.map((card) => card.draft.familyName)).toEqual(['Schulz']);
    for (const name of ['not-contacts.csv']) {
      const none = parseContactCsv(fixture(name));
      expect(none.format).toBeUndefined();
      expect(none.problems[0]!.message).toContain('not one of these');
    }
    expect(parseContactCsv(new Uint8Array(readFileSync(join(import.meta.dirname, '../../tests/fixtures/import/vcard/binary-junk.vcf')))).format).toBeUndefined();
  });

  test('a 5 MB export is read whole', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `Person${i},Example,https://www.linkedin.com/in/p${i},p${i}@example.jp,Company ${i % 500},A rather long position title here,15 Mar 2024`);
    const bytes = new TextEncoder().encode(`First Name,Last Name,URL,Email Address,Company,Position,Connected On\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const { cards, problems } = parseContactCsv(bytes);
    expect(problems).toEqual([]);
    expect(cards).toHaveLength(40_000);
  });

  test('dates as the exports write them', () => {
    expect(['15 Mar 2024', '2024/03/15', '2024-3-5', '2024年3月15日', '--02-29', '31 Feb 2022', 'yesterday'].map(parseLooseDate)).toEqual(['2024-03-15', '2024-03-15', '2024-03-05', '2024-03-15', '--02-29', undefined, undefined]);
  });

  test('any bytes, and any damage to a real export, never throw; rows are drafts or problems with lines', () => {
    const files = ['linkedin-connections.csv', 'google-contacts.csv', 'eight-cards-sjis.csv'].map(fixture);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        for (const problem of parseContactCsv(bytes).problems) expect(problem.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), (file, edits, cut) => {
        const damaged = file.slice(0, Math.max(1, cut % (file.length + 1)));
        for (const [at, byte] of edits) damaged[at % damaged.length] = byte;
        const { cards } = parseContactCsv(damaged);
        for (const card of cards) expect(card.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
