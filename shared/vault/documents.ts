/**
 * The shapes of the Automerge documents and the conversions between stored records and the
 * domain. Short fields are ImmutableString scalars: a plain string would become per-character
 * collaborative text, about 4x the memory and 3x the load time (see TOOLCHAIN.md). Fields added
 * after format 1.0 are optional in records: older records read as their defaults.
 */
import * as Automerge from '@automerge/automerge';
import {
  CADENCES,
  CHANNEL_KINDS,
  ROLES,
  STAGES,
  UNDERSTANDING_FIELDS,
  type ContactDraft,
  type ContactNote,
  type ContactSummary,
  type GoalLink,
  type Role,
  type Stage,
} from '../domain/contact.ts';
import { EVENT_KINDS, type EventDraft, type EventKind, type EventSummary } from '../domain/event.ts';
import { GOAL_PRIORITIES, GOAL_STATUSES, SELF_PROFILE_FIELDS, SOURCE_KINDS, type Goal, type GoalDraft, type SelfProfile, type Source, type SourceDraft } from '../domain/goal.ts';
import { GOAL_ID, PROFILE_ID, type ContactId, type EventId, type GoalId, type InteractionId, type NoteId, type ProfileId, type SourceId } from '../domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS, type Direction, type FollowUp, type InteractionDraft, type InteractionKind } from '../domain/interaction.ts';
import { AUDIENCES, CONFIDENTIALITY, EMPTY_NOTE, type Note } from '../domain/note.ts';
import { shardKind, type ShardId } from './shards.ts';

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
const texts = (values: readonly (S | string)[] | undefined): string[] => (values ?? []).map((value) => text(value));
/** A set kept as a list: two devices adding the same value at once leave it twice; it reads once. */
const members = (values: readonly (S | string)[] | undefined): string[] => [...new Set(texts(values))];

/**
 * Edits a set stored as an Automerge list in place — removes what is gone, appends what is new — so
 * that values two devices add or remove at the same time all survive the merge (replacing the list
 * would keep only one device's list).
 */
function putMembers<R extends object, K extends keyof R>(record: R, key: K, values: readonly string[]): void {
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
const goalLinksOf = (values: readonly S[] | undefined): GoalLink[] => members(values).filter((id): id is GoalLink => GOAL_ID.test(id) || PROFILE_ID.test(id));
const oneOf = <T extends string>(value: S | string | undefined, allowed: readonly T[], fallback: T): T => {
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
  const genesis = Automerge.change(Automerge.init<ShardDoc>({ actor: GENESIS_ACTOR }), { time: 0 }, (doc) => {
    const kind = shardKind(id);
    if (kind === 'root') Object.assign(doc, { shards: {} });
    else if (kind === 'contacts') Object.assign(doc, { contacts: {} });
    else if (kind === 'interactions') Object.assign(doc, { interactions: {} });
    else Object.assign(doc, { events: {} });
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

/** All concurrent values of a field, when there is more than one. */
export function fieldConflicts(record: object, field: string): string[] | undefined {
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

const isEmptyNote = (note: Note) => !note.text && note.confidentiality === 'normal' && !note.toldBy && note.audience === 'anyone' && note.audienceIds.length === 0;

/** Sets a field, or removes it when the value is empty: absent fields read as their defaults. */
function put<R extends object, K extends keyof R>(record: R, key: K, value: R[K] | undefined): void {
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

function followUpRecord(followUp: FollowUp | null): FollowUpRecord | null {
  return followUp ? { text: scalar(followUp.text), dueAt: followUp.dueAt, done: followUp.done } : null;
}

function followUpOf(record: FollowUpRecord | null | undefined): FollowUp | null {
  return record ? { text: text(record.text), dueAt: record.dueAt, done: record.done } : null;
}

// ---- contacts -------------------------------------------------------------------------------


/** The record's value of each field, as the domain sees it (optional fields at their defaults). */
export function contactDraftOf(record: ContactRecord): ContactDraft {
  const understanding = Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, noteOf(record.understanding?.[field])])) as ContactDraft['understanding'];
  return {
    ...identityOf(record),
    history: (record.history ?? []).map((p) => ({ company: text(p.company), department: text(p.department), title: text(p.title), from: text(p.from), until: text(p.until) })),
    channels: (record.channels ?? []).map((c) => ({ kind: oneOf(c.kind, CHANNEL_KINDS, 'other'), value: text(c.value), label: text(c.label) })),
    birthday: text(record.birthday),
    howWeMet: {
      date: text(record.howWeMet?.date),
      eventId: record.howWeMet?.eventId ? (text(record.howWeMet.eventId) as EventId) : null,
      introducedBy: record.howWeMet?.introducedBy ? (text(record.howWeMet.introducedBy) as ContactId) : null,
      note: text(record.howWeMet?.note),
    },
    ...standingOf(record),
    understanding,
    notes: contactNotesOf(record),
    archived: record.archived ?? false,
  };
}

/** Name, reading, company and title: what both a summary and the full draft show first. */
function identityOf(record: ContactRecord) {
  return {
    familyName: text(record.familyName),
    givenName: text(record.givenName),
    familyNameKana: text(record.familyNameKana),
    givenNameKana: text(record.givenNameKana),
    company: text(record.company),
    companyKana: text(record.companyKana),
    department: text(record.department),
    title: text(record.title),
  };
}

/** Where the relationship stands; values a newer or damaged document might hold fall back to defaults. */
function standingOf(record: ContactRecord) {
  return {
    stage: oneOf<Stage>(record.stage, STAGES, 'acquainted'),
    closeness: Math.min(5, Math.max(1, record.closeness ?? 2)),
    roles: members(record.roles).filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    tags: members(record.tags),
    cadenceDays: (CADENCES as readonly number[]).includes(record.cadenceDays ?? 0) ? ((record.cadenceDays ?? 0) as ContactDraft['cadenceDays']) : 0,
    goalLinks: goalLinksOf(record.goalLinks),
  };
}

export function contactNotesOf(record: ContactRecord): ContactNote[] {
  return Object.entries(record.notes ?? {})
    .map(([id, note]) => ({ ...noteOf(note), id: id as NoteId, date: text(note.date), createdAt: note.createdAt ?? 0 }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt - a.createdAt)
    .map(({ createdAt: _createdAt, ...note }) => note);
}

export function contactRecord(draft: ContactDraft, now: number, newNoteId: () => NoteId): ContactRecord {
  // Born with their sets' lists: two devices giving an old contact its first tag at once would each create
  // the list, and one list would win.
  const record = { createdAt: now, updatedAt: now, tags: [], roles: [], goalLinks: [] } as unknown as ContactRecord;
  writeContactDraft(record, draft, now, newNoteId);
  return record;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a draft into a record, touching only the fields that differ, so that concurrent edits of
 * other fields on another device merge instead of being overwritten.
 */
export function writeContactDraft(record: ContactRecord, draft: ContactDraft, now: number, newNoteId: () => NoteId): void {
  const current = record.familyName === undefined ? undefined : contactDraftOf(record);
  const changed = <K extends keyof ContactDraft>(field: K) => !current || !same(current[field], draft[field]);
  // Format 1.0's fields are always present; later ones only when they hold something.
  for (const field of ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'company', 'title'] as const) {
    if (current?.[field] !== draft[field]) record[field] = scalar(draft[field]);
  }
  for (const field of ['companyKana', 'department', 'birthday'] as const) {
    if (changed(field)) put(record, field, draft[field] ? scalar(draft[field]) : undefined);
  }
  if (changed('history')) {
    put(record, 'history', draft.history.length ? draft.history.map((p) => ({ company: scalar(p.company), department: scalar(p.department), title: scalar(p.title), from: scalar(p.from), until: scalar(p.until) })) : undefined);
  }
  if (changed('channels')) put(record, 'channels', draft.channels.length ? draft.channels.map((c) => ({ kind: scalar(c.kind), value: scalar(c.value), label: scalar(c.label) })) : undefined);
  if (changed('howWeMet')) {
    const { date, eventId, introducedBy, note } = draft.howWeMet;
    const empty = !date && !eventId && !introducedBy && !note;
    put(record, 'howWeMet', empty ? undefined : { date: scalar(date), eventId: eventId ? scalar(eventId) : null, introducedBy: introducedBy ? scalar(introducedBy) : null, note: scalar(note) });
  }
  if (changed('stage')) put(record, 'stage', draft.stage === 'acquainted' ? undefined : scalar(draft.stage));
  if (changed('closeness')) put(record, 'closeness', draft.closeness === 2 ? undefined : draft.closeness);
  if (changed('roles')) putMembers(record, 'roles', draft.roles);
  if (changed('tags')) putMembers(record, 'tags', draft.tags);
  if (changed('cadenceDays')) put(record, 'cadenceDays', draft.cadenceDays || undefined);
  if (changed('goalLinks')) putMembers(record, 'goalLinks', draft.goalLinks);
  if (changed('archived')) put(record, 'archived', draft.archived || undefined);

  if (changed('understanding')) {
    const understanding: Record<string, NoteRecord> = {};
    for (const field of UNDERSTANDING_FIELDS) if (!isEmptyNote(draft.understanding[field])) understanding[field] = noteRecord(draft.understanding[field]);
    if (Object.keys(understanding).length === 0) {
      put(record, 'understanding', undefined);
    } else {
      record.understanding ??= {};
      for (const field of UNDERSTANDING_FIELDS) {
        if (current && same(current.understanding[field], draft.understanding[field])) continue;
        put(record.understanding, field, understanding[field]);
      }
    }
  }

  // Notes are a map by id: a note edited here and another edited elsewhere both survive.
  const kept = new Set<string>();
  const currentNotes = new Map((current?.notes ?? []).map((note) => [note.id, note]));
  for (const note of draft.notes as (ContactDraft['notes'][number] & { id?: NoteId })[]) {
    const id = note.id && currentNotes.has(note.id) ? note.id : newNoteId();
    kept.add(id);
    const { id: _id, date, ...body } = note;
    const existing = currentNotes.get(id);
    if (existing && same({ ...existing, id: undefined }, { ...body, date, id: undefined })) continue;
    record.notes ??= {};
    const target = record.notes[id];
    if (existing && target) {
      const next = noteRecord(body);
      if (existing.text !== body.text) target.text = next.text;
      put(target, 'confidentiality', next.confidentiality);
      put(target, 'toldBy', next.toldBy);
      put(target, 'audience', next.audience);
      put(target, 'audienceIds', next.audienceIds);
      target.date = scalar(date);
    } else {
      record.notes[id] = { ...noteRecord(body), date: scalar(date), createdAt: now };
    }
  }
  if (record.notes) {
    for (const id of Object.keys(record.notes)) if (!kept.has(id)) delete record.notes[id];
    if (Object.keys(record.notes).length === 0) delete record.notes;
  }
  record.updatedAt = now;
}

export function contactSummary(id: ContactId, record: ContactRecord): ContactSummary {
  return {
    id,
    ...identityOf(record),
    ...standingOf(record),
    birthday: text(record.birthday),
    archived: record.archived ?? false,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** What search and duplicate detection read of a contact beyond its summary (never sent to a list). */
export interface ContactSearchFields {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  /** Searchable text of notes and understanding, normal and private. */
  readonly openText: string;
  /** Searchable text of confidential notes: matched, never shown. */
  readonly confidentialText: string;
}

export function contactSearchFields(record: ContactRecord): ContactSearchFields {
  const draft = contactDraftOf(record);
  const notes: Note[] = [...UNDERSTANDING_FIELDS.map((field) => draft.understanding[field]), ...draft.notes];
  return {
    emails: draft.channels.filter((c) => c.kind === 'email').map((c) => c.value.trim().toLowerCase()),
    phones: draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value.replace(/\D/g, '').replace(/^0081|^81/, '0')).filter((phone) => phone.length >= 7),
    openText: [draft.howWeMet.note, ...draft.channels.map((c) => c.value), ...draft.history.map((p) => `${p.company} ${p.title}`), ...notes.filter((n) => n.confidentiality !== 'confidential').map((n) => n.text)].join('\n'),
    confidentialText: notes
      .filter((n) => n.confidentiality === 'confidential')
      .map((n) => n.text)
      .join('\n'),
  };
}

// ---- interactions ---------------------------------------------------------------------------

/** What timelines, aggregates and search read of an interaction. */
export interface InteractionEntry {
  readonly id: InteractionId;
  readonly occurredAt: number;
  readonly contactIds: readonly ContactId[];
  readonly kind: InteractionKind;
  readonly direction: Direction;
  readonly weight: number;
  readonly summary: string;
  readonly note: Note;
  /**
   * Set when two devices changed the notes at the same time: every version, so the user can pick
   * or merge them (writing the notes again resolves it). Nothing is dropped silently.
   */
  readonly notesConflict: readonly string[] | undefined;
  readonly eventId: EventId | null;
  readonly followUp: FollowUp | null;
}

export function interactionEntry(id: InteractionId, record: InteractionRecord): InteractionEntry {
  return {
    id,
    occurredAt: record.occurredAt,
    contactIds: texts(record.contactIds) as ContactId[],
    kind: oneOf(record.kind, INTERACTION_KINDS, 'other'),
    direction: oneOf(record.direction, DIRECTIONS, 'mutual'),
    weight: Math.min(3, Math.max(1, record.weight ?? 1)),
    summary: text(record.summary),
    note: noteOf({ text: record.notes, confidentiality: record.notesConfidentiality, toldBy: record.notesToldBy ?? null, audience: record.notesAudience, audienceIds: record.notesAudienceIds }),
    notesConflict: fieldConflicts(record, 'notes'),
    eventId: record.eventId ? (text(record.eventId) as EventId) : null,
    followUp: followUpOf(record.followUp),
  };
}

export function interactionRecord(draft: InteractionDraft, now: number): InteractionRecord {
  const record = { createdAt: now, updatedAt: now } as InteractionRecord;
  writeInteractionDraft(record, draft, now);
  return record;
}

/** Writes only what differs (see writeContactDraft); fields at their default are left out. */
export function writeInteractionDraft(record: InteractionRecord, draft: InteractionDraft, now: number): void {
  const current = record.kind === undefined ? undefined : interactionEntry('i' as InteractionId, record);
  if (!current || !same(current.contactIds, draft.contactIds)) record.contactIds = draft.contactIds.map(scalar);
  if (current?.occurredAt !== draft.occurredAt) record.occurredAt = draft.occurredAt;
  if (current?.kind !== draft.kind) record.kind = scalar(draft.kind);
  if (current?.direction !== draft.direction) record.direction = scalar(draft.direction);
  if (current?.weight !== draft.weight) put(record, 'weight', draft.weight === 1 ? undefined : draft.weight);
  if (current?.summary !== draft.summary) record.summary = scalar(draft.summary);
  const note = noteRecord(draft.note);
  if (current?.note.text !== draft.note.text || current?.notesConflict) record.notes = note.text;
  if (!current || !same(current.note, draft.note)) {
    put(record, 'notesConfidentiality', note.confidentiality);
    put(record, 'notesToldBy', note.toldBy);
    put(record, 'notesAudience', note.audience);
    put(record, 'notesAudienceIds', note.audienceIds);
  }
  if ((current?.eventId ?? null) !== draft.eventId) put(record, 'eventId', draft.eventId ? scalar(draft.eventId) : undefined);
  if (!current || !same(current.followUp, draft.followUp)) put(record, 'followUp', followUpRecord(draft.followUp) ?? undefined);
  record.updatedAt = now;
}

export function interactionDraftOf(entry: InteractionEntry): InteractionDraft {
  return {
    contactIds: [...entry.contactIds],
    occurredAt: entry.occurredAt,
    kind: entry.kind,
    direction: entry.direction,
    weight: entry.weight as InteractionDraft['weight'],
    summary: entry.summary,
    note: entry.note,
    eventId: entry.eventId,
    followUp: entry.followUp,
  };
}

// ---- events ---------------------------------------------------------------------------------

export interface EventEntry extends EventSummary {
  readonly note: Note;
}

export function eventEntry(id: EventId, record: EventRecord): EventEntry {
  return {
    id,
    title: text(record.title),
    kind: oneOf<EventKind>(record.kind, EVENT_KINDS, 'other'),
    startsAt: record.startsAt,
    place: text(record.place),
    note: noteOf(record.note),
    attendeeIds: members(record.attendeeIds) as ContactId[],
    followUp: followUpOf(record.followUp),
    goalLinks: goalLinksOf(record.goalLinks),
  };
}

export function writeEventDraft(record: EventRecord, draft: EventDraft, now: number): void {
  const current = record.title === undefined ? undefined : eventEntry('e' as EventId, record);
  if (current?.title !== draft.title) record.title = scalar(draft.title);
  if (current?.kind !== draft.kind) record.kind = scalar(draft.kind);
  if (current?.startsAt !== draft.startsAt) record.startsAt = draft.startsAt;
  if (current?.place !== draft.place) record.place = scalar(draft.place);
  if (!current || !same(current.note, draft.note)) record.note = noteRecord(draft.note);
  if (!current) record.attendeeIds = draft.attendeeIds.map(scalar);
  else if (!same(current.attendeeIds, draft.attendeeIds)) putMembers(record, 'attendeeIds', draft.attendeeIds);
  if (!current || !same(current.followUp, draft.followUp)) record.followUp = followUpRecord(draft.followUp);
  if (!current || !same(current.goalLinks, draft.goalLinks)) putMembers(record, 'goalLinks', draft.goalLinks);
  if (!current) record.createdAt = now;
  record.updatedAt = now;
}

// ---- goals ----------------------------------------------------------------------------------

export function goalOf(id: GoalId, record: GoalRecord): Goal {
  return {
    id,
    title: text(record.title),
    why: text(record.why),
    horizon: text(record.horizon),
    status: oneOf(record.status, GOAL_STATUSES, 'active'),
    priority: oneOf(record.priority, GOAL_PRIORITIES, 'medium'),
    profiles: Object.entries(record.profiles ?? {})
      .sort(([a, pa], [b, pb]) => pa.position - pb.position || a.localeCompare(b))
      .map(([profileId, profile]) => ({ id: profileId as ProfileId, title: text(profile.title), description: text(profile.description) })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * Writes only what differs. Profiles keep their ids (contacts link to them); a profile without an
 * id is new, and one left out of the draft is removed.
 */
export function writeGoalDraft(record: GoalRecord, draft: GoalDraft, now: number, newProfileId: () => ProfileId): void {
  const current = record.title === undefined ? undefined : goalOf('g' as GoalId, record);
  if (current?.title !== draft.title) record.title = scalar(draft.title);
  if (current?.why !== draft.why) put(record, 'why', draft.why ? scalar(draft.why) : undefined);
  if (current?.horizon !== draft.horizon) put(record, 'horizon', draft.horizon ? scalar(draft.horizon) : undefined);
  if (current?.status !== draft.status) put(record, 'status', draft.status === 'active' ? undefined : scalar(draft.status));
  if (current?.priority !== draft.priority) put(record, 'priority', draft.priority === 'medium' ? undefined : scalar(draft.priority));
  const existing = new Map((current?.profiles ?? []).map((profile, position) => [profile.id, { ...profile, position }]));
  const kept = new Set<string>();
  draft.profiles.forEach((profile, position) => {
    const id = profile.id && existing.has(profile.id) ? profile.id : newProfileId();
    kept.add(id);
    const before = existing.get(id);
    record.profiles ??= {};
    const target = record.profiles[id];
    if (!before || !target) {
      record.profiles[id] = { title: scalar(profile.title), ...(profile.description && { description: scalar(profile.description) }), position };
      return;
    }
    if (before.title !== profile.title) target.title = scalar(profile.title);
    if (before.description !== profile.description) put(target, 'description', profile.description ? scalar(profile.description) : undefined);
    if (before.position !== position) target.position = position;
  });
  if (record.profiles) {
    for (const id of Object.keys(record.profiles)) if (!kept.has(id)) delete record.profiles[id];
    if (Object.keys(record.profiles).length === 0) delete record.profiles;
  }
  if (!current) record.createdAt = now;
  record.updatedAt = now;
}

export function goalDraftOf(goal: Goal): GoalDraft {
  return { title: goal.title, why: goal.why, horizon: goal.horizon, status: goal.status, priority: goal.priority, profiles: goal.profiles.map((profile) => ({ ...profile })) };
}

// ---- self profile and sources ---------------------------------------------------------------

export function selfProfileOf(root: RootDoc): SelfProfile {
  const self = root.self;
  return { strengths: text(self?.strengths), interests: text(self?.interests), values: text(self?.values), careerGoal: text(self?.careerGoal) };
}

export function writeSelfProfile(root: RootDoc, profile: SelfProfile, now: number): void {
  const current = selfProfileOf(root);
  root.self ??= { updatedAt: now };
  const self = root.self;
  for (const field of SELF_PROFILE_FIELDS) if (current[field] !== profile[field]) put(self, field, profile[field] ? scalar(profile[field]) : undefined);
  self.updatedAt = now;
}

export function sourceOf(id: SourceId, record: SourceRecord): Source {
  return {
    id,
    title: text(record.title),
    kind: oneOf(record.kind, SOURCE_KINDS, 'other'),
    url: text(record.url),
    note: text(record.note),
    goalLinks: goalLinksOf(record.goalLinks),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function writeSourceDraft(record: SourceRecord, draft: SourceDraft, now: number): void {
  const current = record.title === undefined ? undefined : sourceOf('s' as SourceId, record);
  if (current?.title !== draft.title) record.title = scalar(draft.title);
  if (current?.kind !== draft.kind) record.kind = scalar(draft.kind);
  if (current?.url !== draft.url) put(record, 'url', draft.url ? scalar(draft.url) : undefined);
  if (current?.note !== draft.note) put(record, 'note', draft.note ? scalar(draft.note) : undefined);
  if (!current || !same(current.goalLinks, draft.goalLinks)) putMembers(record, 'goalLinks', draft.goalLinks);
  if (!current) record.createdAt = now;
  record.updatedAt = now;
}

export { EMPTY_NOTE };
