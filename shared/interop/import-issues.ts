/**
 * What the readers say about a file, a row or a field: a code the UI translates (ja/en), the values
 * it names, and the English sentence the CLI prints. One list, so no reader invents a message the
 * UI cannot translate (a test checks both languages have every code).
 */
type Values = Readonly<Record<string, string | number>>;

const ENGLISH = {
  'undecodable-characters': () => 'some characters are neither UTF-8 nor Shift_JIS and cannot be read (shown as �): check the file’s encoding',
  'reading-not-kana': () => 'the reading is not in kana and was left out',
  'reading-not-kana-in': (v: Values) => `${v.field}: the reading is not in kana and was left out`,
  'birthday-not-a-date': (v: Values) => `the birthday "${v.text}" is not a date and was left out`,
  'met-not-a-date': (v: Values) => `"${v.text}" is not a date: when you met was left out`,
  'file-too-large': (v: Values) => `the file is ${v.bytes} bytes; at most ${v.max} are read`,
  'card-without-end': () => 'a card without END:VCARD (the next card starts before it ends)',
  'end-without-card': () => 'END:VCARD without a card before it',
  'last-card-without-end': () => 'the last card has no END:VCARD (the file may be cut short)',
  'not-a-contact': (v: Values) => `this cannot be a contact: ${v.details}`,
  'too-many-cards': (v: Values) => `more than ${v.max} cards: the rest of the file was not read`,
  'too-many-rows': (v: Values) => `more than ${v.max} rows: the rest of the file was not read`,
  'not-a-vcard-line': (v: Values) => `not a vCard line: "${v.text}"`,
  'not-a-vcard-file': () => 'no BEGIN:VCARD in the file: it is not a vCard file',
  'no-export-header': () => 'no header row of a LinkedIn, Google Contacts or Eight export in the first lines: the file is not one of these',
  'ragged-row': (v: Values) => `the row has ${v.cells} cells where the header has ${v.header}`,
  'json-unreadable': () => 'the JSON is not readable: not an Enishi contacts export',
  'not-an-enishi-export': () => 'not an Enishi contacts export',
} as const satisfies Record<string, (values: Values) => string>;

export type ImportIssueCode = keyof typeof ENGLISH;
export const IMPORT_ISSUE_CODES = Object.keys(ENGLISH) as ImportIssueCode[];

/** Issues that mean the whole file is not a contacts export of a kind Enishi reads. */
export const NOT_A_CONTACTS_FILE: readonly ImportIssueCode[] = ['not-a-vcard-file', 'no-export-header', 'json-unreadable', 'not-an-enishi-export'];

export interface ImportIssue {
  readonly code: ImportIssueCode;
  readonly values: Values;
  /** In English, for the CLI and logs; the UI translates `code` with `values`. */
  readonly message: string;
}

export function importIssue(code: ImportIssueCode, values: Values = {}): ImportIssue {
  return { code, values, message: ENGLISH[code](values) };
}
