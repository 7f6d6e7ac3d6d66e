/**
 * Reading contact exports in CSV: LinkedIn's Connections.csv (a "Notes:" preamble before the header
 * row; "15 Mar 2024" dates), Google Contacts (a BOM, " ::: " between several values, phonetic
 * columns, and the older "Yomi" headers), and Eight's business cards (Shift_JIS, CRLF, 姓/名 or
 * 氏名, 名刺交換日 as when we met, tag columns). The format is told by the header row. Never throws
 * on bad input: every row becomes a draft or a problem naming its line.
 */
import Papa from 'papaparse';
import { ContactDraftSchema, type ChannelKind, type ContactDraftInput } from '../domain/contact.ts';
import { importIssue, type ImportIssue } from './import-issues.ts';
import { decodeTextFile, kana, undecodableLine, type ImportedCard, type ImportProblem } from './vcard.ts';

export type CsvFormat = 'linkedin' | 'google' | 'eight';

export interface CsvImport {
  readonly format: CsvFormat | undefined;
  readonly encoding: 'utf-8' | 'shift_jis';
  readonly cards: readonly ImportedCard[];
  readonly problems: readonly ImportProblem[];
}

export const MAX_CSV_BYTES = 64 * 1024 * 1024;
const MAX_ROWS = 100_000;
/** How far into the file the header row may be (LinkedIn puts a few lines of notes first). */
const HEADER_SEARCH_ROWS = 20;

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** "15 Mar 2024", "2024/03/15", "2024-03-15", "2024年3月15日", "--03-15" → YYYY-MM-DD (or --MM-DD); undefined when it is none of these. */
export function parseLooseDate(value: string): string | undefined {
  const text = value.trim();
  const pad = (n: string) => n.padStart(2, '0');
  const valid = (y: string, m: string, d: string) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? `${y}-${pad(m)}-${pad(d)}` : undefined;
  };
  const english = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(text);
  if (english) return MONTHS[english[2]!.toLowerCase()] ? valid(english[3]!, MONTHS[english[2]!.toLowerCase()]!, english[1]!) : undefined;
  const numeric = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(text);
  if (numeric) return valid(numeric[1]!, numeric[2]!, numeric[3]!);
  const noYear = /^--(\d{2})-(\d{2})$/.exec(text);
  return noYear && valid('2000', noYear[1]!, noYear[2]!) ? text : undefined;
}

/** Which columns hold what, by header name (the first header found for a field wins). */
interface ColumnMap {
  readonly family: readonly string[];
  readonly given: readonly string[];
  readonly fullName?: readonly string[];
  readonly familyKana: readonly string[];
  readonly givenKana: readonly string[];
  readonly fullNameKana?: readonly string[];
  readonly company: readonly string[];
  readonly companyKana?: readonly string[];
  readonly department: readonly string[];
  readonly title: readonly string[];
  readonly channels: readonly { readonly header: RegExp; readonly kind: ChannelKind; readonly label?: string }[];
  readonly metOn?: readonly string[];
  readonly birthday?: readonly string[];
  readonly notes?: readonly string[];
  readonly tags?: RegExp;
}

const FORMATS: Record<CsvFormat, { readonly recognise: (header: readonly string[]) => boolean; readonly columns: ColumnMap; readonly metNote: string }> = {
  linkedin: {
    recognise: (header) => header.includes('First Name') && header.includes('Last Name') && header.includes('Connected On'),
    columns: { family: ['Last Name'], given: ['First Name'], familyKana: [], givenKana: [], company: ['Company'], department: [], title: ['Position'], channels: [{ header: /^Email Address$/, kind: 'email' }, { header: /^URL$/, kind: 'linkedin' }], metOn: ['Connected On'] },
    metNote: 'LinkedIn',
  },
  google: {
    recognise: (header) => (header.includes('First Name') || header.includes('Given Name')) && (header.includes('Last Name') || header.includes('Family Name')) && !header.includes('Connected On'),
    columns: {
      family: ['Last Name', 'Family Name'],
      given: ['First Name', 'Given Name'],
      familyKana: ['Phonetic Last Name', 'Family Name Yomi'],
      givenKana: ['Phonetic First Name', 'Given Name Yomi'],
      company: ['Organization Name', 'Organization 1 - Name'],
      companyKana: ['Organization Phonetic Name', 'Organization 1 - Yomi'],
      department: ['Organization Department', 'Organization 1 - Department'],
      title: ['Organization Title', 'Organization 1 - Title'],
      channels: [
        { header: /^E-mail \d+ - Value$/, kind: 'email' },
        { header: /^Phone \d+ - Value$/, kind: 'phone' },
        { header: /^Website \d+ - Value$/, kind: 'web' },
      ],
      birthday: ['Birthday'],
      notes: ['Notes'],
      tags: /^(Labels|Group Membership)$/,
    },
    metNote: '',
  },
  eight: {
    recognise: (header) => header.includes('会社名') && (header.includes('氏名') || (header.includes('姓') && header.includes('名'))),
    columns: {
      family: ['姓'],
      given: ['名'],
      fullName: ['氏名'],
      familyKana: ['姓(フリガナ)', 'セイ', 'ふりがな(姓)'],
      givenKana: ['名(フリガナ)', 'メイ', 'ふりがな(名)'],
      fullNameKana: ['氏名(フリガナ)', 'フリガナ', 'ふりがな'],
      company: ['会社名'],
      companyKana: ['会社名(フリガナ)'],
      department: ['部署名'],
      title: ['役職'],
      channels: [
        { header: /^メールアドレス\d*$/, kind: 'email' },
        { header: /^携帯電話$/, kind: 'phone', label: 'cell' },
        { header: /^TEL(会社|部門|直通)$/, kind: 'phone', label: 'work' },
        { header: /^URL$/, kind: 'web' },
      ],
      metOn: ['名刺交換日'],
      tags: /^タグ\d*$/,
    },
    metNote: '名刺交換 (Eight)',
  },
};

/** Google writes several values in one cell, separated by " ::: ". */
const values = (cell: string | undefined) =>
  (cell ?? '')
    .split(' ::: ')
    .map((value) => value.trim())
    .filter(Boolean);

function rowToDraft(format: CsvFormat, header: readonly string[], row: readonly string[]): { draft: ContactDraftInput; warnings: ImportIssue[] } {
  const { columns, metNote } = FORMATS[format];
  const warnings: ImportIssue[] = [];
  const cell = (names: readonly string[] | undefined) => {
    for (const name of names ?? []) {
      const at = header.indexOf(name);
      if (at >= 0 && row[at]?.trim()) return row[at].trim();
    }
    return '';
  };
  let family = cell(columns.family);
  let given = cell(columns.given);
  if (!family && !given && columns.fullName) [family = '', given = ''] = cell(columns.fullName).split(/[\s\u3000]+/, 2);
  let familyKanaText = cell(columns.familyKana);
  let givenKanaText = cell(columns.givenKana);
  if (!familyKanaText && !givenKanaText && columns.fullNameKana) [familyKanaText = '', givenKanaText = ''] = cell(columns.fullNameKana).split(/[\s\u3000]+/, 2);
  const familyKana = kana(familyKanaText);
  const givenKana = kana(givenKanaText);
  if ((familyKanaText && !familyKana) || (givenKanaText && !givenKana)) warnings.push(importIssue('reading-not-kana'));
  const companyKana = kana(cell(columns.companyKana));

  const channels: { kind: ChannelKind; value: string; label: string }[] = [];
  for (const [at, name] of header.entries()) {
    const channel = columns.channels.find((candidate) => candidate.header.test(name));
    if (!channel) continue;
    // Google's "E-mail 1 - Value" has its label in "E-mail 1 - Label" (older: "- Type"): "* Work" → "work".
    const labelAt = header.indexOf(name.replace(/ - Value$/, ' - Label'));
    const typeAt = labelAt >= 0 ? labelAt : header.indexOf(name.replace(/ - Value$/, ' - Type'));
    const label = channel.label ?? (typeAt >= 0 && typeAt !== at ? (row[typeAt] ?? '').replace(/^\*\s*/, '').trim().toLowerCase().slice(0, 60) : '');
    for (const value of values(row[at])) channels.push({ kind: channel.kind, value: value.slice(0, 300), label });
  }

  const metText = cell(columns.metOn);
  const metOn = metText ? parseLooseDate(metText) : undefined;
  if (metText && !metOn) warnings.push(importIssue('met-not-a-date', { text: metText.slice(0, 40) }));
  const birthdayText = cell(columns.birthday);
  const birthday = birthdayText ? parseLooseDate(birthdayText) : undefined;
  if (birthdayText && !birthday) warnings.push(importIssue('birthday-not-a-date', { text: birthdayText.slice(0, 40) }));
  const notes = cell(columns.notes);
  const tags = columns.tags
    ? [...new Set(header.flatMap((name, at) => (columns.tags!.test(name) ? values(row[at]) : [])).filter((tag) => !tag.startsWith('* ')))].slice(0, 30).map((tag) => tag.slice(0, 40))
    : [];

  return {
    draft: {
      familyName: family,
      givenName: given,
      familyNameKana: familyKana ?? '',
      givenNameKana: givenKana ?? '',
      company: cell(columns.company),
      ...(companyKana && { companyKana }),
      department: cell(columns.department),
      title: cell(columns.title),
      channels: channels.slice(0, 30),
      ...(birthday && { birthday }),
      ...((metOn || metNote) && { howWeMet: { date: metOn && !metOn.startsWith('--') ? metOn : '', note: metNote } }),
      notes: notes ? [{ text: notes }] : [],
      tags,
    },
    warnings,
  };
}

/** A cell written under the CSV-injection rule (export-contacts.ts) — an apostrophe before = + - @ tab or CR — read as what it says. */
const withoutFormulaGuard = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

type CsvRows = { line: number; cells: string[] }[];

/** The file's rows, each with the line it starts on; `delimiter` '' lets Papa guess. */
function readRows(text: string, delimiter: string): CsvRows {
  const rows: CsvRows = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result, parser) => {
      rows.push({ line, cells: result.data });
      const end = result.meta.cursor;
      for (let i = consumed; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      consumed = end;
      if (rows.length > MAX_ROWS + HEADER_SEARCH_ROWS) parser.abort();
    },
  });
  return rows;
}

const headerIn = (rows: CsvRows) => ({ rows, headerIndex: rows.slice(0, HEADER_SEARCH_ROWS).findIndex(({ cells }) => Object.values(FORMATS).some(({ recognise }) => recognise(cells.map((cell) => cell.trim())))) });

/** Reads a CSV export: the format from its header row, then each row a checked draft or a problem with its line. */
export function parseContactCsv(bytes: Uint8Array): CsvImport {
  if (bytes.length > MAX_CSV_BYTES) return { format: undefined, encoding: 'utf-8', cards: [], problems: [{ line: 0, ...importIssue('file-too-large', { bytes: bytes.length, max: MAX_CSV_BYTES }) }] };
  const { text, encoding } = decodeTextFile(bytes);
  // Every format read here separates by commas; guessing (Papa's default) would take a semicolon in a value for the separator. A file saved by a spreadsheet set up for ';' is guessed.
  let found: ReturnType<typeof headerIn> | undefined;
  for (const delimiter of [',', '']) {
    found = headerIn(readRows(text, delimiter));
    if (found.headerIndex >= 0) break;
  }
  if (!found || found.headerIndex < 0) return { format: undefined, encoding, cards: [], problems: [{ line: 1, ...importIssue('no-export-header') }] };
  const { rows, headerIndex } = found;
  const header = rows[headerIndex]!.cells.map((cell) => cell.trim());
  const format = (Object.keys(FORMATS) as CsvFormat[]).find((name) => FORMATS[name].recognise(header))!;
  const cards: ImportedCard[] = [];
  const undecodable = undecodableLine(text);
  const problems: ImportProblem[] = undecodable ? [undecodable] : [];
  for (const { line: rowLine, cells: written } of rows.slice(headerIndex + 1)) {
    const cells = written.map(withoutFormulaGuard);
    if (cells.every((cell) => !cell.trim())) continue;
    if (cards.length + problems.length >= MAX_ROWS) {
      problems.push({ line: rowLine, ...importIssue('too-many-rows', { max: MAX_ROWS }) });
      break;
    }
    if (cells.length !== header.length) {
      problems.push({ line: rowLine, ...importIssue('ragged-row', { cells: cells.length, header: header.length }) });
      continue;
    }
    const { draft, warnings } = rowToDraft(format, header, cells);
    const checked = ContactDraftSchema.safeParse(draft);
    if (checked.success) cards.push({ line: rowLine, draft, warnings });
    else problems.push({ line: rowLine, ...importIssue('not-a-contact', { details: checked.error.issues.map((issue) => `${issue.path.join('.') || 'row'} ${issue.message}`).join('; ') }) });
  }
  return { format, encoding, cards, problems };
}
