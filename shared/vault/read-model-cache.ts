/** The read model's cached form: tuples rather than objects, so it is small and parses fast. */
import type { ContactSummary } from '../domain/contact.ts';
import type { ContactId, EventId, InteractionId } from '../domain/ids.ts';
import type { Note } from '../domain/note.ts';
import type { EventEntry, InteractionEntry } from './activity-records.ts';

type NoteTuple = readonly [string, Note['confidentiality'], ContactId | null, Note['audience'], readonly ContactId[]];

export function noteTuple(note: Note): NoteTuple {
  return [note.text, note.confidentiality, note.toldBy, note.audience, note.audienceIds];
}

export function noteFromTuple([text, confidentiality, toldBy, audience, audienceIds]: NoteTuple): Note {
  return { text, confidentiality, toldBy, audience, audienceIds: [...audienceIds] };
}

export interface ReadModelCacheData {
  readonly contacts: readonly (readonly [
    ContactId,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ContactSummary['stage'],
    number,
    readonly ContactSummary['roles'][number][],
    readonly string[],
    number,
    string,
    0 | 1,
    number,
    number,
    string,
    string,
    string,
    string,
    readonly string[],
    readonly string[],
    readonly ContactSummary['goalLinks'][number][],
  ])[];
  readonly interactions: readonly (readonly [
    InteractionId,
    number,
    readonly ContactId[],
    InteractionEntry['kind'],
    InteractionEntry['direction'],
    number,
    string,
    NoteTuple,
    readonly string[] | null,
    EventId | null,
    InteractionEntry['followUp'],
  ])[];
  readonly events: readonly (readonly [EventId, string, EventEntry['kind'], number, string, NoteTuple, readonly ContactId[], EventEntry['followUp'], EventEntry['goalLinks']])[];
  readonly stats: readonly (readonly [ContactId, number, number, number, number])[];
  readonly contactOrder?: readonly ContactId[];
}
