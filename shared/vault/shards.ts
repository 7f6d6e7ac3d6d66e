/**
 * Where each record lives. The vault is a set of Automerge documents ("shards"): one root, a fixed
 * number of contact buckets, and one interaction log per month. Placement follows from the id
 * alone and never changes, so any device computes the same shard for the same record.
 */
import { idTime, type ContactId, type EventId, type InteractionId } from '../domain/ids.ts';

export const CONTACT_BUCKETS = 64;

export type ShardId = `root` | `contacts/${number}` | `interactions/${number}-${string}` | `events/${number}`;

export const ROOT_SHARD: ShardId = 'root';

/** FNV-1a: small, fast, stable forever (bucket numbers must never change). */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function contactShard(id: ContactId): ShardId {
  return `contacts/${fnv1a32(id) % CONTACT_BUCKETS}`;
}

export function interactionShard(id: InteractionId): ShardId {
  const at = new Date(idTime(id));
  return `interactions/${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Events are few (tens a year): one shard per year of the event's date. */
export function eventShard(id: EventId): ShardId {
  return `events/${new Date(idTime(id)).getUTCFullYear()}`;
}

export type ShardKind = 'root' | 'contacts' | 'interactions' | 'events';

export function shardKind(id: ShardId): ShardKind {
  if (id === ROOT_SHARD) return 'root';
  if (id.startsWith('contacts/')) return 'contacts';
  return id.startsWith('interactions/') ? 'interactions' : 'events';
}

const SHARD_ID = /^(root|contacts\/\d{1,3}|interactions\/\d{4,5}-\d{2}|events\/\d{4,5})$/;

export function isShardId(value: string): value is ShardId {
  return SHARD_ID.test(value);
}

export const FIRST_INTERACTION_YEAR = 1970;
export const LAST_INTERACTION_YEAR = 2199;

/**
 * Every shard id that can exist. File names are keyed hashes of shard ids, so a folder listing is
 * mapped back to shards by hashing these candidates (a few thousand, a few milliseconds).
 */
export function* allShardIds(): Generator<ShardId> {
  yield ROOT_SHARD;
  for (let bucket = 0; bucket < CONTACT_BUCKETS; bucket++) yield `contacts/${bucket}`;
  for (let year = FIRST_INTERACTION_YEAR; year <= LAST_INTERACTION_YEAR; year++) {
    for (let month = 1; month <= 12; month++) yield `interactions/${year}-${String(month).padStart(2, '0')}`;
    yield `events/${year}`;
  }
}
