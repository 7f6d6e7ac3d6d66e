/**
 * The shapes of the Automerge documents and the conversions between stored records and the
 * domain. Short fields are ImmutableString scalars: a plain string would become per-character
 * collaborative text, about 4x the memory and 3x the load time (see TOOLCHAIN.md).
 */
import * as Automerge from '@automerge/automerge';
import type { ContactDraft, ContactSummary } from '../domain/contact.ts';
import type { ContactId, InteractionId } from '../domain/ids.ts';
import { shardKind, type ShardId } from './shards.ts';

type S = Automerge.ImmutableString;

export type RootDoc = {
  meta?: { name: S; createdAt: number };
  /** Every shard that exists besides the root (for sync summaries; unlock finds files by their names). */
  shards?: { [id: string]: true };
  settings?: { autoLockMinutes?: number };
};

export type ContactRecord = {
  familyName: S;
  givenName: S;
  familyNameKana: S;
  givenNameKana: S;
  company: S;
  title: S;
  createdAt: number;
  updatedAt: number;
};

export type ContactBucketDoc = { contacts?: { [id: string]: ContactRecord } };

export type InteractionRecord = {
  contactIds: S[];
  occurredAt: number;
  kind: S;
  direction: S;
  summary: S;
  notes: S;
  createdAt: number;
  updatedAt: number;
};

export type InteractionLogDoc = { interactions?: { [id: string]: InteractionRecord } };

export type ShardDoc = RootDoc | ContactBucketDoc | InteractionLogDoc;

export const scalar = (text: string): S => new Automerge.ImmutableString(text);
export const text = (value: S | string | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : value.val);

/**
 * Every device must create a shard's top-level map in the very same change; otherwise two devices
 * that each create it would conflict on the key and one side's records would be hidden. So the
 * first change has a fixed actor and time, and is byte-identical everywhere.
 */
const GENESIS_ACTOR = '656e69736869'; // "enishi"

export function newShardDoc(id: ShardId, actor: string): Automerge.Doc<ShardDoc> {
  const genesis = Automerge.change(Automerge.init<ShardDoc>({ actor: GENESIS_ACTOR }), { time: 0 }, (doc) => {
    const kind = shardKind(id);
    if (kind === 'root') Object.assign(doc, { shards: {} });
    else if (kind === 'contacts') Object.assign(doc, { contacts: {} });
    else Object.assign(doc, { interactions: {} });
  });
  return Automerge.load<ShardDoc>(Automerge.save(genesis), { actor });
}

/**
 * Runs Automerge's load, change and save paths once on a throwaway document. The first use of the
 * wasm module costs tens of milliseconds; unlocking does this while Argon2id runs in its worker.
 */
export function warmUpDocuments(): void {
  const doc = Automerge.load<ContactBucketDoc>(Automerge.save(newShardDoc('contacts/0', '00')));
  const changed = Automerge.change(doc, (d) => void (d.contacts = {}));
  Automerge.free(changed);
}

export function contactRecord(draft: ContactDraft, now: number): ContactRecord {
  return {
    familyName: scalar(draft.familyName),
    givenName: scalar(draft.givenName),
    familyNameKana: scalar(draft.familyNameKana),
    givenNameKana: scalar(draft.givenNameKana),
    company: scalar(draft.company),
    title: scalar(draft.title),
    createdAt: now,
    updatedAt: now,
  };
}

export function contactSummary(id: ContactId, record: ContactRecord): ContactSummary {
  return {
    id,
    familyName: text(record.familyName),
    givenName: text(record.givenName),
    familyNameKana: text(record.familyNameKana),
    givenNameKana: text(record.givenNameKana),
    company: text(record.company),
    title: text(record.title),
    updatedAt: record.updatedAt,
  };
}

export interface InteractionDraft {
  readonly contactIds: readonly ContactId[];
  readonly occurredAt: number;
  readonly kind: string;
  readonly direction: 'gave' | 'received' | 'mutual';
  readonly summary: string;
  readonly notes: string;
}

/** What timelines and aggregates read of an interaction. */
export interface InteractionEntry {
  readonly id: InteractionId;
  readonly occurredAt: number;
  readonly contactIds: readonly ContactId[];
  readonly kind: string;
  readonly direction: 'gave' | 'received' | 'mutual';
  readonly summary: string;
  readonly notes: string;
  /**
   * Set when two devices changed the notes at the same time: every version, so the user can pick
   * or merge them (writing the notes again resolves it). Nothing is dropped silently.
   */
  readonly notesConflict?: readonly string[];
}

/** All concurrent values of a field, when there is more than one. */
export function fieldConflicts(record: object, field: string): string[] | undefined {
  const conflicts = Automerge.getConflicts(record, field);
  if (!conflicts || Object.keys(conflicts).length < 2) return undefined;
  return Object.keys(conflicts)
    .sort()
    .map((opId) => text(conflicts[opId] as S | string));
}

const DIRECTIONS: readonly InteractionEntry['direction'][] = ['gave', 'received', 'mutual'];

export function interactionEntry(id: InteractionId, record: InteractionRecord): InteractionEntry {
  const direction = text(record.direction) as InteractionEntry['direction'];
  const notesConflict = fieldConflicts(record, 'notes');
  return {
    id,
    occurredAt: record.occurredAt,
    contactIds: (record.contactIds ?? []).map((contactId) => text(contactId) as ContactId),
    kind: text(record.kind),
    direction: DIRECTIONS.includes(direction) ? direction : 'mutual',
    summary: text(record.summary),
    notes: text(record.notes),
    notesConflict,
  };
}

export function interactionRecord(draft: InteractionDraft, now: number): InteractionRecord {
  return {
    contactIds: draft.contactIds.map(scalar),
    occurredAt: draft.occurredAt,
    kind: scalar(draft.kind),
    direction: scalar(draft.direction),
    summary: scalar(draft.summary),
    notes: scalar(draft.notes),
    createdAt: now,
    updatedAt: now,
  };
}

export type { InteractionId };
