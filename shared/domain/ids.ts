/** Branded ids: a ContactId can't be passed where an InteractionId is expected. */
export type ContactId = string & { readonly __brand: 'ContactId' };
export type InteractionId = string & { readonly __brand: 'InteractionId' };
export type EventId = string & { readonly __brand: 'EventId' };
export type NoteId = string & { readonly __brand: 'NoteId' };
export type VaultId = string & { readonly __brand: 'VaultId' };
export type GoalId = string & { readonly __brand: 'GoalId' };
/** A target profile: the kind of person to meet for a goal (「Webマーケ歴10年以上の先輩」). */
export type ProfileId = string & { readonly __brand: 'ProfileId' };
/** An information source (blog, newsletter, book …) worth following for a goal. */
export type SourceId = string & { readonly __brand: 'SourceId' };

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Lower-case Crockford base32 of the given bytes, 5 bits per character (last character zero-padded). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

/** 128 random bits as 26 base32 characters. */
export function newContactId(random16: Uint8Array): ContactId {
  if (random16.length !== 16) throw new RangeError('a contact id needs 16 random bytes');
  return `c${base32(random16)}` as ContactId;
}

/** A note's id: 80 random bits. */
export function newNoteId(random10: Uint8Array): NoteId {
  if (random10.length !== 10) throw new RangeError('a note id needs 10 random bytes');
  return `n${base32(random10)}` as NoteId;
}

/** Goals and target profiles are few; 80 random bits each. */
export function newGoalId(random10: Uint8Array): GoalId {
  if (random10.length !== 10) throw new RangeError('a goal id needs 10 random bytes');
  return `g${base32(random10)}` as GoalId;
}

export function newProfileId(random10: Uint8Array): ProfileId {
  if (random10.length !== 10) throw new RangeError('a profile id needs 10 random bytes');
  return `p${base32(random10)}` as ProfileId;
}

export function newSourceId(random10: Uint8Array): SourceId {
  if (random10.length !== 10) throw new RangeError('a source id needs 10 random bytes');
  return `s${base32(random10)}` as SourceId;
}

const TIME_CHARS = 10; // 50 bits of milliseconds: good until the year 37,648

function timeId(prefix: string, atMs: number, random10: Uint8Array): string {
  if (!Number.isSafeInteger(atMs) || atMs < 0) throw new RangeError('time must be a non-negative integer of milliseconds');
  if (random10.length !== 10) throw new RangeError('a time id needs 10 random bytes');
  let time = '';
  let rest = atMs;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  return `${prefix}${time}${base32(random10)}`;
}

/**
 * Interaction (and event) ids start with the time the thing happened (base32 milliseconds), so the
 * shard it lives in follows from its id alone and never changes, and ids sort by time.
 */
export function newInteractionId(occurredAtMs: number, random10: Uint8Array): InteractionId {
  return timeId('i', occurredAtMs, random10) as InteractionId;
}

export function newEventId(startsAtMs: number, random10: Uint8Array): EventId {
  return timeId('e', startsAtMs, random10) as EventId;
}

export function idTime(id: InteractionId | EventId): number {
  let ms = 0;
  for (const ch of id.slice(1, 1 + TIME_CHARS)) {
    const digit = CROCKFORD.indexOf(ch);
    if (digit < 0) throw new RangeError(`not a time id: ${id}`);
    ms = ms * 32 + digit;
  }
  return ms;
}

export const interactionIdTime = (id: InteractionId): number => idTime(id);

export const CONTACT_ID = /^c[0-9a-z]{26}$/;
export const INTERACTION_ID = /^i[0-9a-z]{26}$/;
export const EVENT_ID = /^e[0-9a-z]{26}$/;
export const NOTE_ID = /^n[0-9a-z]{16}$/;
export const GOAL_ID = /^g[0-9a-z]{16}$/;
export const PROFILE_ID = /^p[0-9a-z]{16}$/;
export const SOURCE_ID = /^s[0-9a-z]{16}$/;
