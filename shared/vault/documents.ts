/**
 * The shapes of the Automerge documents, and what every record kind's conversions share (notes,
 * sets, scalars); each kind's conversions between stored records and the domain are in
 * contact-records.ts, activity-records.ts and goal-records.ts. Short fields are ImmutableString scalars: a plain string would become per-character
 * collaborative text, about 4x the memory and 3x the load time (see TOOLCHAIN.md). Fields added
 * after format 1.0 are optional in records: older records read as their defaults.
 */
import * as Automerge from '@automerge/automerge';
import type { GoalLink } from '../domain/contact.ts';
import { GOAL_ID, PROFILE_ID, type ContactId } from '../domain/ids.ts';
import type { FollowUp } from '../domain/interaction.ts';
import { AUDIENCES, CONFIDENTIALITY, EMPTY_NOTE, type Note } from '../domain/note.ts';
import { shardKind, type ShardId, type ShardKind } from './shards.ts';

type S = Automerge.ImmutableString;

export type RootDoc = {
  meta?: { name: S; createdAt: number };
  /** Every shard that exists besides the root (for sync summaries; unlock finds files by their names). */
  shards?: { [id: string]: true };
  settings?: { autoLockMinutes?: number; myCompany?: S; notify?: boolean; quietFrom?: S; quietUntil?: S };
  /** A contact merged into another: its id leads to the one kept. */
  aliases?: { [contactId: string]: S };
  /** Pairs the user said are not duplicates ("a:b", ids sorted). */
  dismissedDuplicates?: { [pair: string]: true };
  goals?: { [goalId: string]: GoalRecord };
  /** 自己分析: the root of the goal map. */
  self?: { strengths?: S; interests?: S; values?: S; careerGoal?: S; updatedAt: number };
  sources?: { [sourceId: string]: SourceRecord };
  /** The coach's list as the user left it: people snoozed (until when) and reasons dismissed (when). */
  coach?: { snoozed?: { [contactId: string]: number }; dismissed?: { [reasonKey: string]: number } };
  /** The devices that may sync this vault, by their signing key in hex (docs/sync.md). */
  devices?: { [signKeyHex: string]: DeviceRecord };
  /** Sharing keys after a rotation: epoch → device → the key sealed to that device (shared/sync/sharing-keys.ts). */
  keyGrants?: { [epoch: string]: S };
};

/** A paired device: pinned when paired; revoked for good (revokedAt is never cleared). */
export type DeviceRecord = { name: S; addedAt: number; lastSeenAt?: number; revokedAt?: number };

/** Target profiles are a map by id (with a position) so two devices editing different ones both keep their edit. */
export type ProfileRecord = { title: S; description?: S; position: number };

export type GoalRecord = {
  title: S;
  why?: S;
  horizon?: S;
  status?: S;
  priority?: S;
  profiles?: { [profileId: string]: ProfileRecord };
  createdAt: number;
  updatedAt: number;
};

export type SourceRecord = { title: S; kind?: S; url?: S; note?: S; goalLinks?: S[]; createdAt: number; updatedAt: number };

export type NoteRecord = { text: S; confidentiality?: S; toldBy?: S | null; audience?: S; audienceIds?: S[] };
export type ContactNoteRecord = NoteRecord & { date?: S; createdAt?: number };
type PositionRecord = { company: S; department: S; title: S; from: S; until: S };
type ChannelRecord = { kind: S; value: S; label: S };
type FollowUpRecord = { text: S; dueAt: number; done: boolean };

export type ContactRecord = {
  familyName: S;
  givenName: S;
  familyNameKana: S;
  givenNameKana: S;
  company: S;
  companyKana?: S;
  department?: S;
  title: S;
  history?: PositionRecord[];
  channels?: ChannelRecord[];
  birthday?: S;
  howWeMet?: { date: S; eventId: S | null; introducedBy: S | null; note: S };
  stage?: S;
  closeness?: number;
  roles?: S[];
  understanding?: { [field: string]: NoteRecord };
  notes?: { [noteId: string]: ContactNoteRecord };
  tags?: S[];
  cadenceDays?: number;
  goalLinks?: S[];
  archived?: boolean;
  createdAt: number;
  updatedAt: number;
};

export type ContactBucketDoc = { contacts?: { [id: string]: ContactRecord } };

export type InteractionRecord = {
  contactIds: S[];
  occurredAt: number;
  kind: S;
  direction: S;
  weight?: number;
  summary: S;
  notes: S;
  notesConfidentiality?: S;
  notesToldBy?: S | null;
  notesAudience?: S;
  notesAudienceIds?: S[];
  eventId?: S | null;
  followUp?: FollowUpRecord | null;
  createdAt: number;
  updatedAt: number;
};

export type InteractionLogDoc = { interactions?: { [id: string]: InteractionRecord } };

export type EventRecord = {
  title: S;
  kind: S;
  startsAt: number;
  place: S;
  note: NoteRecord;
  attendeeIds: S[];
  followUp: FollowUpRecord | null;
  goalLinks?: S[];
  createdAt: number;
  updatedAt: number;
};

export type EventLogDoc = { events?: { [id: string]: EventRecord } };

export type ShardDoc = RootDoc | ContactBucketDoc | InteractionLogDoc | EventLogDoc;

export const scalar = (value: string): S => new Automerge.ImmutableString(value);
export const text = (value: S | string | null | undefined): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : value.val);
export const texts = (values: readonly (S | string)[] | undefined): string[] => (values ?? []).map((value) => text(value));
/** A set kept as a list: two devices adding the same value at once leave it twice; it reads once. */
export const members = (values: readonly (S | string)[] | undefined): string[] => [...new Set(texts(values))];

/**
 * Edits a set stored as an Automerge list in place — removes what is gone, appends what is new — so
 * that values two devices add or remove at the same time all survive the merge (replacing the list
 * would keep only one device's list).
 */
export function putMembers<R extends object, K extends keyof R>(record: R, key: K, values: readonly string[]): void {
  const list = record[key] as S[] | undefined;
  if (!list) {
    if (values.length > 0) record[key] = values.map(scalar) as R[K];
    return;
  }
  const wanted = new Set(values);
  for (let i = list.length - 1; i >= 0; i--) if (!wanted.has(text(list[i]))) list.splice(i, 1);
  const present = new Set(list.map((value) => text(value)));
  for (const value of values) {
    if (present.has(value)) continue;
    list.push(scalar(value));
    present.add(value);
  }
}
/** Links to goals or profiles; anything else (a newer kind of link) is left out. */
export const goalLinksOf = (values: readonly S[] | undefined): GoalLink[] => members(values).filter((id): id is GoalLink => GOAL_ID.test(id) || PROFILE_ID.test(id));
export const oneOf = <T extends string>(value: S | string | undefined, allowed: readonly T[], fallback: T): T => {
  const found = text(value) as T;
  return allowed.includes(found) ? found : fallback;
};

/**
 * Every device must create a shard's top-level map in the very same change; otherwise two devices
 * that each create it would conflict on the key and one side's records would be hidden. So the
 * first change has a fixed actor and time, and is byte-identical everywhere.
 */
const GENESIS_ACTOR = '656e69736869'; // "enishi"

export function newShardDoc(id: ShardId, actor: string): Automerge.Doc<ShardDoc> {
  return Automerge.load<ShardDoc>(genesisOf(shardKind(id)), { actor });
}

/** The genesis change of each kind of shard, saved (the same bytes every time: made once). */
const genesisSaved = new Map<ShardKind, Uint8Array>();

function genesisOf(kind: ShardKind): Uint8Array {
  let saved = genesisSaved.get(kind);
  if (saved) return saved;
  const genesis = Automerge.change(Automerge.init<ShardDoc>({ actor: GENESIS_ACTOR }), { time: 0 }, (doc) => {
    if (kind === 'root') Object.assign(doc, { shards: {} });
    else if (kind === 'contacts') Object.assign(doc, { contacts: {} });
    else if (kind === 'interactions') Object.assign(doc, { interactions: {} });
    else Object.assign(doc, { events: {} });
  });
  saved = Automerge.save(genesis);
  Automerge.free(genesis);
  genesisSaved.set(kind, saved);
  return saved;
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

/**
 * Records read out of Automerge's backend as plain objects (electron/node/vault/backend-apply.ts)
 * carry their fields' concurrent values here, where getConflicts cannot look.
 */
const plainRecordConflicts = new WeakMap<object, Readonly<Record<string, string[]>>>();

/** A plain record with the concurrent values of its fields that have more than one (sorted by operation id). */
export function withConflicts<T extends object>(record: T, conflicts: Readonly<Record<string, string[]>>): T {
  plainRecordConflicts.set(record, conflicts);
  return record;
}

/** All concurrent values of a field, when there is more than one. */
export function fieldConflicts(record: object, field: string): string[] | undefined {
  const plain = plainRecordConflicts.get(record);
  if (plain) return plain[field];
  const conflicts = Automerge.getConflicts(record, field);
  if (!conflicts || Object.keys(conflicts).length < 2) return undefined;
  return Object.keys(conflicts)
    .sort()
    .map((opId) => text(conflicts[opId] as S | string));
}

// ---- notes ----------------------------------------------------------------------------------

/** A note as stored: fields at their default are left out (each one is Automerge operations to load). */
export function noteRecord(note: Note): NoteRecord {
  return {
    text: scalar(note.text),
    ...(note.confidentiality !== 'normal' && { confidentiality: scalar(note.confidentiality) }),
    ...(note.toldBy && { toldBy: scalar(note.toldBy) }),
    ...(note.audience !== 'anyone' && { audience: scalar(note.audience) }),
    ...(note.audienceIds.length > 0 && { audienceIds: note.audienceIds.map(scalar) }),
  };
}

export const isEmptyNote = (note: Note) => !note.text && note.confidentiality === 'normal' && !note.toldBy && note.audience === 'anyone' && note.audienceIds.length === 0;

/** Sets a field, or removes it when the value is empty: absent fields read as their defaults. */
export function put<R extends object, K extends keyof R>(record: R, key: K, value: R[K] | undefined): void {
  if (value === undefined) {
    if (key in record) delete record[key];
  } else {
    record[key] = value;
  }
}

export function noteOf(record: NoteRecord | undefined): Note {
  if (!record) return EMPTY_NOTE;
  return {
    text: text(record.text),
    confidentiality: oneOf(record.confidentiality, CONFIDENTIALITY, 'normal'),
    toldBy: record.toldBy ? (text(record.toldBy) as ContactId) : null,
    audience: oneOf(record.audience, AUDIENCES, 'anyone'),
    audienceIds: texts(record.audienceIds) as ContactId[],
  };
}

export function followUpRecord(followUp: FollowUp | null): FollowUpRecord | null {
  return followUp ? { text: scalar(followUp.text), dueAt: followUp.dueAt, done: followUp.done } : null;
}

export function followUpOf(record: FollowUpRecord | null | undefined): FollowUp | null {
  return record ? { text: text(record.text), dueAt: record.dueAt, done: record.done } : null;
}

/** Values equal as stored (drafts are plain data). */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
