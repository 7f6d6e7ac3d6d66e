/**
 * Writing contacts out: vCard 4.0 and 3.0 (readings as SORT-AS / SORT-STRING and Apple's
 * X-PHONETIC-*), CSV with Google Contacts' headers (so Google, and Enishi, read it back), and plain
 * JSON. What the user marked private or confidential is left out unless they chose to include it.
 * An export is not encrypted: the caller says so before writing one.
 */
import Papa from 'papaparse';
import type { ContactDraft } from '../domain/contact.ts';
import { displayName } from '../domain/names.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../domain/import.ts';
import type { Note } from '../domain/note.ts';

export { EXPORT_FORMATS, type ExportFormat };
export const JSON_EXPORT_FORMAT = 'enishi-contacts';

/** Notes of the normal kind only, unless private and confidential ones are asked for too. */
export function shareable(draft: ContactDraft, includePrivate: boolean): ContactDraft {
  if (includePrivate) return draft;
  const keep = (note: Note) => note.confidentiality === 'normal';
  const blank = (note: Note): Note => (keep(note) ? note : { ...note, text: '' });
  return {
    ...draft,
    notes: draft.notes.filter(keep),
    understanding: { strengths: blank(draft.understanding.strengths), values: blank(draft.understanding.values), interests: blank(draft.understanding.interests), needs: blank(draft.understanding.needs) },
  };
}

/** Control characters other than tab and line breaks: nothing a contact means, and some readers act on them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/**
 * A text value as vCard escapes it. Every line break — CRLF, LF and a bare CR, which many readers
 * (ours too) also take as the end of a line — becomes \n, so no value can end its property and
 * start another (a second card, a forged URL).
 */
const withoutControls = (value: string) => value.replace(CONTROLS, '');
const escapeText = (value: string) => withoutControls(value).replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
/** A parameter value has no escapes in vCard: line breaks and controls become spaces, double quotes single ones. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const quoteParam = (value: string) => `"${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/"/g, "'")}"`;

/** Lines longer than 75 octets are folded (continuation lines start with a space), never inside a character. */
function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > 75) {
      parts.push(current);
      current = ' ';
      size = 1;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const typeParam = (label: string) => (!label ? '' : /^[A-Za-z0-9-]+$/.test(label) ? `;TYPE=${label.toLowerCase()}` : `;TYPE=${quoteParam(label.replace(/,/g, ' '))}`);

function vcard(draft: ContactDraft, version: '4.0' | '3.0'): string {
  const lines = ['BEGIN:VCARD', `VERSION:${version}`];
  const reading = [draft.familyNameKana, draft.givenNameKana];
  const sortAs = version === '4.0' && (reading[0] || reading[1]) ? `;SORT-AS=${quoteParam(reading.join(','))}` : '';
  lines.push(`N${sortAs}:${escapeText(draft.familyName)};${escapeText(draft.givenName)};;;`);
  lines.push(`FN:${escapeText(displayName(draft))}`);
  if (version === '3.0' && (reading[0] || reading[1])) lines.push(`SORT-STRING:${escapeText(reading.filter(Boolean).join(' '))}`);
  if (draft.familyNameKana) lines.push(`X-PHONETIC-LAST-NAME:${escapeText(draft.familyNameKana)}`);
  if (draft.givenNameKana) lines.push(`X-PHONETIC-FIRST-NAME:${escapeText(draft.givenNameKana)}`);
  if (draft.company || draft.department) lines.push(`ORG:${escapeText(draft.company)};${escapeText(draft.department)}`);
  if (draft.companyKana) lines.push(`X-PHONETIC-ORG:${escapeText(draft.companyKana)}`);
  if (draft.title) lines.push(`TITLE:${escapeText(draft.title)}`);
  for (const channel of draft.channels) {
    if (channel.kind === 'email') lines.push(`EMAIL${typeParam(channel.label)}:${escapeText(channel.value)}`);
    else if (channel.kind === 'phone') lines.push(`TEL${typeParam(channel.label)}:${escapeText(channel.value)}`);
    else if (['web', 'linkedin', 'x'].includes(channel.kind)) lines.push(`URL:${escapeText(channel.value)}`);
    // LINE IDs and other handles are not web addresses: Apple's social-profile property carries them, the service as its type.
    else lines.push(`X-SOCIALPROFILE${typeParam(channel.kind === 'line' ? 'line' : channel.label || 'other')}:${escapeText(channel.value)}`);
  }
  // 4.0 writes dates in ISO 8601's basic form (19850412, --0412); 3.0 as they are.
  if (draft.birthday) lines.push(`BDAY:${version === '4.0' ? (draft.birthday.startsWith('--') ? `--${draft.birthday.slice(2).replace('-', '')}` : draft.birthday.replace(/-/g, '')) : draft.birthday}`);
  for (const note of draft.notes) if (note.text.trim()) lines.push(`NOTE:${escapeText(note.text)}`);
  if (draft.tags.length > 0) lines.push(`CATEGORIES:${draft.tags.map(escapeText).join(',')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n');
}

/**
 * OWASP's CSV-injection rule: a cell a spreadsheet would take as a formula (one starting with = + - @,
 * tab or CR) is written after an apostrophe, so it stays text — and so is one that already starts with
 * apostrophes before such a character, so the reader, which drops one, gives it back as it was. A cell
 * of digits and phone punctuation only ("+81 90-1234-5678") is left as it is: it calls no function,
 * and an apostrophe would end up in the phone number of every program that imports the file.
 */
const FORMULA_START = /^(?![+-]?[\d ()./-]+$)'*[=+\-@\t\r]/;

const GOOGLE_HEADER = ['First Name', 'Last Name', 'Phonetic First Name', 'Phonetic Last Name', 'Organization Name', 'Organization Phonetic Name', 'Organization Department', 'Organization Title', 'Birthday', 'Notes', 'Labels', 'E-mail 1 - Value', 'Phone 1 - Value', 'Website 1 - Value'];

function csv(drafts: readonly ContactDraft[]): string {
  const many = (values: readonly string[]) => values.join(' ::: ');
  const rows = drafts.map((draft) =>
    [
      draft.givenName,
      draft.familyName,
      draft.givenNameKana,
      draft.familyNameKana,
      draft.company,
      draft.companyKana,
      draft.department,
      draft.title,
      draft.birthday,
      draft.notes.map((note) => note.text).filter((text) => text.trim()).join('\n\n'),
      many(draft.tags),
      many(draft.channels.filter((c) => c.kind === 'email').map((c) => c.value)),
      many(draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value)),
      many(draft.channels.filter((c) => ['web', 'linkedin', 'x'].includes(c.kind)).map((c) => c.value)),
    ].map(withoutControls),
  );
  return `\uFEFF${Papa.unparse({ fields: GOOGLE_HEADER, data: rows }, { newline: '\r\n', escapeFormulae: FORMULA_START })}\r\n`;
}

/** The file's text in the chosen format; `drafts` are already filtered by shareable(). */
export function exportContacts(drafts: readonly ContactDraft[], format: ExportFormat, exportedAt: number): string {
  switch (format) {
    case 'vcard4':
      return `${drafts.map((draft) => vcard(draft, '4.0')).join('\r\n')}\r\n`;
    case 'vcard3':
      return `${drafts.map((draft) => vcard(draft, '3.0')).join('\r\n')}\r\n`;
    case 'csv':
      return csv(drafts);
    case 'json':
      return `${JSON.stringify({ format: JSON_EXPORT_FORMAT, version: 1, exportedAt: new Date(exportedAt).toISOString(), contacts: drafts }, null, 2)}\n`;
  }
}
