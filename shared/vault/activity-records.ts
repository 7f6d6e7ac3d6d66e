/**
 * Interactions and events as stored and as the domain sees them.
 */
import { EVENT_KINDS, type EventDraft, type EventKind, type EventSummary } from '../domain/event.ts';
import type { ContactId, EventId, InteractionId } from '../domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS, type Direction, type FollowUp, type InteractionDraft, type InteractionKind } from '../domain/interaction.ts';
import type { Note } from '../domain/note.ts';
import {
  fieldConflicts,
  followUpOf,
  followUpRecord,
  goalLinksOf,
  members,
  noteOf,
  noteRecord,
  oneOf,
  put,
  putMembers,
  same,
  scalar,
  text,
  texts,
  type EventRecord,
  type InteractionRecord,
} from './documents.ts';


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
