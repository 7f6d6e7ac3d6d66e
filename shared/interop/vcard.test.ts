import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseVcards } from './vcard.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../tests/fixtures/import/vcard', name)));

describe('reading vCard files', () => {
  test('Apple Contacts 3.0: names, X-PHONETIC readings, company and its reading, channels, birthday, a folded escaped note, categories', () => {
    const { encoding, cards, problems } = parseVcards(fixture('apple-3.0.vcf'));
    expect(encoding).toBe('utf-8');
    expect(problems).toEqual([]);
    expect(cards.map((card) => card.line)).toEqual([1, 19]);
    expect(cards[0]!.draft).toMatchObject({
      familyName: '田中',
      givenName: '花子',
      familyNameKana: 'たなか',
      givenNameKana: 'はなこ',
      company: '縁商事株式会社',
      companyKana: 'えにししょうじ',
      department: '営業部',
      title: '部長',
      birthday: '1985-04-12',
      channels: [
        { kind: 'email', value: 'hanako.tanaka@example.co.jp', label: 'work' },
        { kind: 'phone', value: '090-1234-5678', label: 'cell' },
        { kind: 'linkedin', value: 'https://www.linkedin.com/in/hanako-example', label: '' },
      ],
      notes: [{ text: '展示会で名刺交換。新規事業, 特にSaaSに関心あり。\n次回は来月のセミナーで。' }],
      tags: ['展示会', 'SaaS'],
    });
    // A Latin "reading" is not kana: left out, and said so.
    expect(cards[1]!.draft).toMatchObject({ familyName: 'Keller', givenName: 'Anna', familyNameKana: '', company: 'Rhein AG', birthday: '--07-04', channels: [{ kind: 'email' }, { kind: 'x', value: 'https://x.com/anna_example' }] });
    expect(cards[1]!.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('X-PHONETIC')]);
  });

  test('a feature phone 2.1 export in Shift_JIS: quoted-printable with soft line breaks, half-width katakana readings from SOUND;X-IRMC-N', () => {
    const { encoding, cards, problems } = parseVcards(fixture('feature-phone-2.1-sjis.vcf'));
    expect(encoding).toBe('shift_jis');
    expect(problems).toEqual([]);
    expect(cards[0]!.draft).toMatchObject({ familyName: '山本', givenName: '彩', familyNameKana: 'やまもと', givenNameKana: 'あや', channels: [{ kind: 'phone', value: '08011112222', label: 'cell' }, { kind: 'phone', value: '0312345678', label: 'home' }, { kind: 'email', value: 'aya@example.ne.jp' }] });
    expect(cards[1]!.draft).toMatchObject({ familyName: '佐々木', givenName: '健', familyNameKana: 'ささき', givenNameKana: 'けん', company: '北斗製作所' });
    expect((cards[1]!.draft.notes as { text: string }[])[0]!.text).toBe('勉強会で知り合った。とても長いメモで、携帯電話の書き出しでは折り返されることがあります。続きもここに。');
  });

  test('vCard 4.0 SORT-AS and RFC 9554 PHONETIC, and 3.0 SORT-STRING', () => {
    const { cards, problems } = parseVcards(fixture('vcard-4.0.vcf'));
    expect(problems).toEqual([]);
    expect(cards.map(({ draft }) => [draft.familyName, draft.givenName, draft.familyNameKana, draft.givenNameKana])).toEqual([
      ['鈴木', '一郎', 'すずき', 'いちろう'],
      ['高橋', '誠', 'たかはし', 'まこと'],
      ['伊藤', '美咲', 'いとう', 'みさき'],
    ]);
    expect(cards[0]!.draft).toMatchObject({ birthday: '--02-15', channels: [{ kind: 'phone', value: '+81-3-5555-0101', label: 'work' }] });
  });

  test('Apple social profiles: LINE and other services keep their kind; LinkedIn and Twitter ones are those channels', () => {
    const text = ['BEGIN:VCARD', 'VERSION:3.0', 'N:Keller;Anna;;;', 'X-SOCIALPROFILE;TYPE=line:anna_k', 'X-SOCIALPROFILE;type=twitter;x-user=anna:http://twitter.com/anna', 'X-SOCIALPROFILE;TYPE=facebook:anna.keller.77', 'X-SOCIALPROFILE:no-service', 'END:VCARD', ''].join('\r\n');
    const { cards, problems } = parseVcards(new TextEncoder().encode(text));
    expect(problems).toEqual([]);
    expect(cards[0]!.draft.channels).toEqual([
      { kind: 'line', value: 'anna_k', label: '' },
      { kind: 'x', value: 'http://twitter.com/anna', label: '' },
      { kind: 'other', value: 'anna.keller.77', label: 'facebook' },
      { kind: 'other', value: 'no-service', label: '' },
    ]);
  });

  test('broken cards are reported with their lines; the good ones still come through', () => {
    const { cards, problems } = parseVcards(fixture('broken.vcf'));
    expect(cards.map(({ draft }) => `${draft.familyName} ${draft.givenName}`)).toEqual(['無事 届く']);
    expect(problems.map((problem) => problem.line)).toEqual([1, 6, 4]);
    expect(problems[0]!.message).toContain('without END:VCARD');
    expect(problems[1]!.message).toContain('not a vCard line');
    expect(problems[2]!.message).toContain('cannot be a contact');
  });

  test('a file in neither UTF-8 nor Shift_JIS (an old tool’s Latin-1) is read, and the undecodable characters are reported with their line', () => {
    const { cards, problems } = parseVcards(fixture('bad-encoding-latin1.vcf'));
    expect(problems.map((problem) => problem.line)).toEqual([3]);
    expect(problems[0]!.message).toContain('neither UTF-8 nor Shift_JIS');
    expect(cards.map((card) => card.draft.familyName)).toContain('Weber');
  });

  test('a 5 MB file of cards is read whole', () => {
    const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:姓${i};名;;;\r\nNOTE:${'長いメモ。'.repeat(60)}\r\nEND:VCARD\r\n`;
    const text = Array.from({ length: 5_500 }, (_, i) => card(i)).join('');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const { cards, problems } = parseVcards(bytes);
    expect(problems).toEqual([]);
    expect(cards).toHaveLength(5_500);
  });

  test('what is not a vCard file at all says so', () => {
    for (const bytes of [fixture('binary-junk.vcf'), new Uint8Array(0), new TextEncoder().encode('name,email\nTanaka,t@example.jp\n')]) {
      const { cards, problems } = parseVcards(bytes);
      expect(cards).toEqual([]);
      expect(problems.at(-1)!.message).toContain('not a vCard file');
    }
  });

  test('any bytes, and any damage to a real file, never throw; every card is a valid draft or a problem with a line', () => {
    const files = ['apple-3.0.vcf', 'feature-phone-2.1-sjis.vcf', 'vcard-4.0.vcf'].map(fixture);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const { problems } = parseVcards(bytes);
        for (const problem of problems) expect(problem.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), (file, edits, cut) => {
        const damaged = file.slice(0, Math.max(1, cut % (file.length + 1)));
        for (const [at, byte] of edits) damaged[at % damaged.length] = byte;
        const { cards, problems } = parseVcards(damaged);
        for (const card of cards) expect(card.line).toBeGreaterThan(0);
        for (const problem of problems) expect(typeof problem.message).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  test('10,000 generated cards are read, each one', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:姓${i};名${i};;;\r\nX-PHONETIC-LAST-NAME:せい\r\nEMAIL:p${i}@example.jp\r\nEND:VCARD\r\n`).join('');
    const { cards, problems } = parseVcards(new TextEncoder().encode(text));
    expect(problems).toEqual([]);
    expect(cards).toHaveLength(10_000);
    expect(cards[9_999]!.draft).toMatchObject({ familyName: '姓9999', familyNameKana: 'せい', channels: [{ kind: 'email', value: 'p9999@example.jp' }] });
  });
});
