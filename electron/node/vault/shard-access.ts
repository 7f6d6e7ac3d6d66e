/**
 * What a session lends the parts that work on its shards beside it (shard-exchange.ts for sync,
 * session-backups.ts for backups): the loaded shards and their store, the heads the read model
 * reflects, and the one way to commit a change. Only VaultSession makes one.
 */
import type * as Automerge from '@automerge/automerge';
import type { ReadModel } from '../../../shared/vault/read-model.ts';
import type { ShardDoc } from '../../../shared/vault/documents.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import type { RecentChanges } from './recent-changes.ts';
import type { LoadedShard, ShardProblem, ShardStore } from './shard-store.ts';

export interface ShardAccess {
  readonly store: ShardStore;
  /** Loaded shards, least recently used first. */
  readonly loaded: Map<ShardId, LoadedShard>;
  readonly onDisk: Set<ShardId>;
  /** The heads each shard's part of the read model reflects. */
  readonly heads: Map<ShardId, readonly string[]>;
  readonly recent: RecentChanges;
  readonly compactAfterRecords: number;
  /** The read model (a restore replaces it with the one the backup carried). */
  model: ReadModel;
  acquire(id: ShardId): Promise<LoadedShard>;
  /** Frees the least recently used shards beyond the limit. */
  evict(): Promise<void>;
  /** Moves a shard's document forward durably and into the read model (VaultSession.commit). */
  commit(id: ShardId, advance: (doc: Automerge.Doc<ShardDoc>) => Automerge.Doc<ShardDoc>, origin: 'local' | 'received' | 'restored'): Promise<void>;
  /** A shard read from disk joins the loaded ones; damage found on the way is reported. */
  track(id: ShardId, shard: LoadedShard, problems: readonly ShardProblem[]): LoadedShard;
  /** A shard read from disk without joining them (counted with the loads). */
  countLoad(withoutDocument: boolean): void;
  /** A change made durable (appended to the shard's log): heads, recent changes and the shard's tag follow it. */
  committed(id: ShardId, before: readonly string[], after: readonly string[], change: Uint8Array): void;
  /** A shard's files were written: its tag is read again, and the cache saved once things are quiet. */
  written(id: ShardId): void;
}
