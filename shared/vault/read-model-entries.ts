/** What the read model holds of each record, and the search text it derives from them. */
import type { ContactSummary } from '../domain/contact.ts';
import type { ContactId } from '../domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../domain/interaction.ts';
import { fold, readingKey } from '../text/fold.ts';
import type { TextIndex } from './text-index.ts';
import type { EventEntry, InteractionEntry } from './activity-records.ts';
import type { ContactSearchFields } from './contact-records.ts';

export interface ContactStats {
  readonly interactionCount: number;
  /** Milliseconds since the epoch, or null when nothing was logged yet. */
  readonly lastInteractionAt: number | null;
  /** Sum of the weights of what I gave and what I received (reciprocity). */
  readonly gave: number;
  readonly received: number;
}

/** A row of a contacts list; sorted by keep-in-touch, it says when the person is next due. */
export type ContactListItem = ContactSummary & ContactStats & { readonly dueAt?: number | null };

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/**
 * Search data of a contact: folded names, readings, company, title and tags; the loose romaji of
 * the reading; folded note texts (confidential ones apart: matched, never shown); and the emails
 * and phones duplicate detection compares.
 */
export interface ContactIndexEntry {
  readonly folded: string;
  readonly readingKey: string;
  readonly openFolded: string;
  readonly confidentialFolded: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

/** Folded searchable text of an interaction or event. */
export interface TextIndexEntry {
  readonly open: string;
  readonly confidential: string;
}

export const FIELD_SEPARATOR = '\u0001';

export interface MutableStats {
  interactionCount: number;
  lastInteractionAt: number;
  gave: number;
  received: number;
}

/** Interactions newest first, and the local day (YYYYMMDD) and month (YYYYMM) of each. */
export interface TimelineOrder {
  readonly entries: InteractionEntry[];
  readonly days: number[];
  readonly months: number[];
  /** Each entry's kind and direction as its index in INTERACTION_KINDS and DIRECTIONS: what timeline filters test. */
  readonly kinds: number[];
  readonly directions: number[];
}

const KIND_CODES = new Map<string, number>(INTERACTION_KINDS.map((kind, i) => [kind, i]));
const DIRECTION_CODES = new Map<string, number>(DIRECTIONS.map((direction, i) => [direction, i]));
export const kindCode = (entry: InteractionEntry) => KIND_CODES.get(entry.kind) ?? -1;
export const directionCode = (entry: InteractionEntry) => DIRECTION_CODES.get(entry.direction) ?? -1;

export interface ContactSearch {
  readonly names: TextIndex<ContactId>;
  readonly readings: TextIndex<ContactId>;
  readonly open: TextIndex<ContactId>;
  readonly confidential: TextIndex<ContactId>;
}

export const newestFirst = (a: InteractionEntry, b: InteractionEntry) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function dayKey(at: number): number {
  const date = new Date(at);
  return date.getFullYear() * 10_000 + (date.getMonth() + 1) * 100 + date.getDate();
}

export function monthKey(at: number): number {
  const date = new Date(at);
  return date.getFullYear() * 100 + date.getMonth() + 1;
}

export const NO_STATS: ContactStats = { interactionCount: 0, lastInteractionAt: null, gave: 0, received: 0 };

export function contactIndexEntry(summary: ContactSummary, fields: ContactSearchFields): ContactIndexEntry {
  const { familyName, givenName, familyNameKana, givenNameKana } = summary;
  return {
    folded: fold([familyName + givenName, givenName + familyName, familyNameKana + givenNameKana, summary.company, summary.companyKana, summary.department, summary.title, ...summary.tags].join(FIELD_SEPARATOR)),
    readingKey: [readingKey(familyNameKana + givenNameKana), readingKey(familyNameKana), readingKey(givenNameKana)].join(FIELD_SEPARATOR),
    openFolded: fold(fields.openText),
    confidentialFolded: fold(fields.confidentialText),
    emails: fields.emails,
    phones: fields.phones,
  };
}

export function interactionTextEntry(entry: InteractionEntry): TextIndexEntry {
  const confidential = entry.note.confidentiality === 'confidential';
  return { open: fold(`${entry.summary}${FIELD_SEPARATOR}${confidential ? '' : entry.note.text}`), confidential: confidential ? fold(entry.note.text) : '' };
}

export function eventTextEntry(entry: EventEntry): TextIndexEntry {
  const confidential = entry.note.confidentiality === 'confidential';
  return { open: fold([entry.title, entry.place, confidential ? '' : entry.note.text].join(FIELD_SEPARATOR)), confidential: confidential ? fold(entry.note.text) : '' };
}
