/**
 * What importing a file would do, row by row: add a new person, fill in someone already here (the
 * same email, phone number, or reading and company — the duplicate rules of the duplicates view),
 * or nothing, because everything in the row is already known. Rows of one file that are the same
 * person become one. Filling in never overwrites: what the vault holds wins, and only what is
 * missing is added — so importing the same file twice changes nothing the second time.
 */
import type { ContactDraft } from '../domain/contact.ts';
import type { ContactId } from '../domain/ids.ts';
import { fold } from '../text/fold.ts';
import type { ImportIssue } from './import-issues.ts';
import { mergeContactDrafts } from '../vault/merge.ts';

import type { RowAction } from '../domain/import.ts';

export type { RowAction };

export interface PlannedRow {
  readonly line: number;
  readonly action: RowAction;
  /** The person this row fills in (update, unchanged), or the earlier row of the same file it joins. */
  readonly into?: ContactId;
  readonly sameAsLine?: number;
  readonly draft: ContactDraft;
  readonly warnings: readonly ImportIssue[];
}

/**
 * The keys people are matched by: those of the duplicates view (reading and company, an email, a
 * phone number), and — only for someone with none of these — the name alone, so that even a bare
 * name imported twice is one person.
 */
export function matchKeys(person: { familyName: string; givenName: string; familyNameKana: string; givenNameKana: string; company: string; emails: readonly string[]; phones: readonly string[] }): string[] {
  const keys: string[] = [];
  const reading = fold(`${person.familyNameKana || person.familyName}${person.givenNameKana || person.givenName}`);
  if (reading && person.company) keys.push(`r:${reading}:${fold(person.company)}`);
  for (const email of person.emails) keys.push(`e:${email.trim().toLowerCase()}`);
  for (const phone of person.phones.map(normalPhone)) if (phone.length >= 7) keys.push(`p:${phone}`);
  if (keys.length === 0 && reading) keys.push(`n:${reading}`);
  return keys;
}

export const normalPhone = (phone: string) => phone.replace(/\D/g, '').replace(/^0081|^81/, '0');

const draftKeys = (draft: ContactDraft) =>
  matchKeys({ ...draft, emails: draft.channels.filter((c) => c.kind === 'email').map((c) => c.value), phones: draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value) });

/** A merge for importing: the vault's values win, and a note already there (same text) is not added again. */
export function fillIn(existing: ContactDraft, imported: ContactDraft): ContactDraft {
  const merged = mergeContactDrafts(existing, imported);
  const seen = new Set<string>();
  return {
    ...merged,
    notes: merged.notes.filter((note) => {
      const key = note.text.trim();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}

/** JSON with keys in order, so two drafts with the same values compare equal however they were built. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What an import could change of a person (a note's id and date are the vault's own). */
const comparable = (draft: ContactDraft) => canonical({ ...draft, notes: draft.notes.map((note) => note.text.trim()) });

export interface ExistingPeople {
  /** The person an import key points at, if any. */
  readonly find: (key: string) => ContactId | undefined;
  /** Their current draft (loaded lazily, shard by shard, by the caller). */
  readonly draftOf: (id: ContactId) => ContactDraft | undefined;
}

/** Plans each row; `existing` answers for the people already in the vault. */
export function planImport(rows: readonly { line: number; draft: ContactDraft; warnings: readonly ImportIssue[] }[], existing: ExistingPeople, separate: ReadonlySet<number> = new Set()): PlannedRow[] {
  const planned: PlannedRow[] = [];
  const newByKey = new Map<string, number>(); // key → index in `planned` of the new person it belongs to
  const touched = new Map<ContactId, ContactDraft>(); // people already filled in by an earlier row
  for (const row of rows) {
    // The user chose "a person of their own": no match, and no later row joins it.
    if (separate.has(row.line)) {
      planned.push({ line: row.line, action: 'add', draft: row.draft, warnings: row.warnings });
      continue;
    }
    const keys = draftKeys(row.draft);
    const into = keys.map(existing.find).find((id) => id !== undefined);
    if (into) {
      const current = touched.get(into) ?? existing.draftOf(into);
      if (!current) {
        planned.push({ line: row.line, action: 'add', draft: row.draft, warnings: row.warnings });
        continue;
      }
      const filled = fillIn(current, row.draft);
      const changed = comparable(filled) !== comparable(current);
      if (changed) touched.set(into, filled);
      planned.push({ line: row.line, action: changed ? 'update' : 'unchanged', into, draft: filled, warnings: row.warnings });
      continue;
    }
    const earlier = keys.map((key) => newByKey.get(key)).find((index) => index !== undefined);
    if (earlier !== undefined) {
      const first = planned[earlier]!;
      planned[earlier] = { ...first, draft: fillIn(first.draft, row.draft) };
      planned.push({ line: row.line, action: 'unchanged', sameAsLine: first.line, draft: row.draft, warnings: row.warnings });
      for (const key of keys) if (!newByKey.has(key)) newByKey.set(key, earlier);
      continue;
    }
    for (const key of keys) newByKey.set(key, planned.length);
    planned.push({ line: row.line, action: 'add', draft: row.draft, warnings: row.warnings });
  }
  return planned;
}
