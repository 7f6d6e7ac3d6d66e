/**
 * Reads what a backup or a restore must know of a shard — that it loads, that it misses no change,
 * its heads, how many records it holds — without building its JavaScript document. Building it
 * (materializing every value) is three quarters of what loading costs, and none of this needs it.
 */
import * as Automerge from '@automerge/automerge';
import { newShardDoc } from './documents.ts';
import { shardKind, type ShardId } from './shards.ts';

export interface ShardInspection {
  readonly heads: readonly string[];
  /** Changes the shard's history refers to and does not hold (a truncated or spliced file). */
  readonly missingDeps: readonly string[];
  /** Goals in the root, contacts in a bucket, interactions or events in a log. */
  readonly records: number;
}

/** Which records a shard of each kind holds (and is counted by). */
export const RECORDS_OF_KIND = { root: 'goals', contacts: 'contacts', interactions: 'interactions', events: 'events' } as const;

/**
 * A shard from its saved document (if it has one: else it starts from the genesis every copy shares)
 * and the changes since. Throws (Automerge's own error) when the bytes are not a document or changes of one.
 */
export function inspectShard(id: ShardId, snapshot: Uint8Array | undefined, changes: readonly Uint8Array[]): ShardInspection {
  // A backend fed the saved document and its changes; its JavaScript document is never read.
  const handle = Automerge.getBackend(snapshot ? Automerge.init() : newShardDoc(id, '00'));
  try {
    for (const chunk of [...(snapshot ? [snapshot] : []), ...changes]) if (chunk.length > 0) handle.loadIncremental(chunk);
    const heads = handle.getHeads();
    const records = handle.getWithType('_root', RECORDS_OF_KIND[shardKind(id)]);
    return { heads, missingDeps: handle.getMissingDeps(heads), records: records && records[0] === 'map' ? handle.length(records[1]) : 0 };
  } finally {
    handle.free();
  }
}
