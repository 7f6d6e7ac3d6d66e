/**
 * A session's side of sync with another device (docs/sync.md): the heads of every shard, Automerge
 * sync messages, and changes sent and applied whole (fast-forward, the shared folder). Changes into a
 * shard that is not loaded go through its backend alone (backend-apply.ts).
 */
import * as Automerge from '@automerge/automerge';
import type { ShardDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD, type ShardId } from '../../../shared/vault/shards.ts';
import { applyToBackend } from './backend-apply.ts';
import type { ShardAccess } from './shard-access.ts';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

export class ShardExchange {
  private readonly shards: ShardAccess;

  constructor(shards: ShardAccess) {
    this.shards = shards;
  }

  /** Every shard this device holds, with the heads its read model reflects: what a sync starts by comparing. */
  async shardSummary(): Promise<Map<ShardId, readonly string[]>> {
    const { loaded, heads, onDisk } = this.shards;
    const summary = new Map<ShardId, readonly string[]>();
    for (const id of new Set([ROOT_SHARD, ...onDisk])) {
      const shard = loaded.get(id);
      summary.set(id, shard ? Automerge.getHeads(shard.doc) : (heads.get(id) ?? Automerge.getHeads((await this.shards.acquire(id)).doc)));
    }
    return summary;
  }

  /** The next Automerge sync message for a shard (null: nothing more to say). A shard this device lacks is created empty. */
  async generateSyncMessage(id: ShardId, state: Automerge.SyncState): Promise<[Automerge.SyncState, Uint8Array | null]> {
    const shard = await this.shards.acquire(id);
    const result = Automerge.generateSyncMessage(shard.doc, state);
    await this.shards.evict();
    return result;
  }

  /** Applies a sync message from another device: its changes are persisted and reach the read model like local ones. */
  async receiveSyncMessage(id: ShardId, state: Automerge.SyncState, message: Uint8Array): Promise<Automerge.SyncState> {
    let next = state;
    await this.shards.commit(id, (doc) => {
      const [received, nextState] = Automerge.receiveSyncMessage(doc, state, message);
      next = nextState;
      return received;
    }, 'received');
    await this.shards.evict();
    return next;
  }

  /**
   * The changes of a shard that are not in the history of any of `covered` (heads this copy holds),
   * with the heads they lead to; null when there are none. For the shared-folder transport.
   */
  async changesSince(id: ShardId, covered: readonly string[]): Promise<{ changes: Uint8Array; heads: string[] } | null> {
    const shard = await this.shards.acquire(id);
    const known = covered.filter((head) => Automerge.hasHeads(shard.doc, [head]));
    const heads = Automerge.getHeads(shard.doc);
    const result = heads.every((head) => known.includes(head)) ? null : { changes: Automerge.saveSince(shard.doc, known), heads };
    await this.shards.evict();
    return result;
  }

  /** If this copy holds all of `heads`, the changes it has beyond them; null when it does not hold them, or has nothing more. */
  async changesAhead(id: ShardId, heads: readonly string[]): Promise<Uint8Array | null> {
    const { loaded, onDisk } = this.shards;
    if (!loaded.has(id) && !onDisk.has(id)) return null;
    if (!loaded.has(id)) {
      const recent = this.shards.recent.since(id, heads, this.shards.heads.get(id));
      if (recent !== undefined) return recent;
    }
    const shard = await this.shards.acquire(id);
    const result = Automerge.hasHeads(shard.doc, [...heads]) && !sameList(Automerge.getHeads(shard.doc), heads) ? Automerge.saveSince(shard.doc, [...heads]) : null;
    await this.shards.evict();
    return result;
  }

  /** Applies changes from another device (fast-forward, shared folder); returns whether this copy now holds `heads`. */
  async applyChanges(id: ShardId, changes: Uint8Array, heads: readonly string[]): Promise<boolean> {
    if (id !== ROOT_SHARD && !this.shards.loaded.has(id) && this.shards.onDisk.has(id)) {
      const held = await this.applyToUnloaded(id, changes, heads);
      if (held !== undefined) return held;
    }
    await this.shards.commit(id, (doc) => Automerge.loadIncremental(doc, changes), 'received');
    const shard = await this.shards.acquire(id);
    const held = Automerge.hasHeads(shard.doc, [...heads]);
    await this.shards.evict();
    return held;
  }

  /**
   * Changes into a shard that is not loaded go through its backend alone, made durable like any
   * commit, and the shard is freed again. undefined when the shard came with damage to report: it is
   * loaded as usual then, and the usual way applies.
   */
  private async applyToUnloaded(id: ShardId, changes: Uint8Array, heads: readonly string[]): Promise<boolean | undefined> {
    const { store } = this.shards;
    const { shard, problems, documentBuilt } = await store.load(id, { document: false });
    if (documentBuilt) {
      this.shards.track(id, shard, problems);
      return undefined;
    }
    this.shards.countLoad(true);
    try {
      const backend = Automerge.getBackend(shard.doc);
      const applied = applyToBackend(id, backend, changes);
      if (applied.change.length > 0) {
        await store.append(shard, applied.change);
        if (applied.records === 'whole') {
          const whole = Automerge.load<ShardDoc>(Automerge.save(shard.doc));
          this.shards.model.replaceShard(id, whole);
          Automerge.free(whole);
        } else {
          this.shards.model.refreshRecords(id, applied.records);
        }
        this.shards.committed(id, applied.before, applied.after, applied.change);
        if (shard.logRecords >= this.shards.compactAfterRecords) await store.compact(shard);
      }
      return Automerge.hasHeads(shard.doc, [...heads]); // reads the backend only, as the view allows
    } finally {
      await store.release(shard);
    }
  }
}
