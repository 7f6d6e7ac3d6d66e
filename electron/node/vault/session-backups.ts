/**
 * A session's side of backups (electron/node/backup): every shard as it is on disk, the read model
 * with the heads it reflects, and taking a backup's shards in — whole into a new vault (a restore),
 * or merged into this one.
 */
import * as Automerge from '@automerge/automerge';
import { ok, type Result } from '../../../shared/api/result.ts';
import { concatBytes } from '../../../shared/vault-format/bytes.ts';
import type { BackupShard } from '../../../shared/vault-format/backup.ts';
import { ReadModel } from '../../../shared/vault/read-model.ts';
import type { ShardInspection } from '../../../shared/vault/shard-inspection.ts';
import { ROOT_SHARD, type ShardId } from '../../../shared/vault/shards.ts';
import type { CarriedReadModel } from './vault-session.ts';
import type { ShardAccess } from './shard-access.ts';

export class SessionBackups {
  private readonly shards: ShardAccess;

  constructor(shards: ShardAccess) {
    this.shards = shards;
  }

  /** Every shard as it is on disk (snapshot and the changes since), decrypted, for a backup; fails on a damaged shard. */
  async backupShards(): Promise<Result<BackupShard[]>> {
    const shards: BackupShard[] = [];
    for (const id of [...new Set([ROOT_SHARD, ...this.shards.onDisk])].sort()) {
      const contents = await this.shards.store.readContents(id);
      if (!contents.ok) return contents;
      shards.push({ id, ...contents.value });
    }
    return ok(shards);
  }

  /** The read model and the heads of each shard it reflects, for a backup to carry. */
  readModelForBackup(): CarriedReadModel {
    const heads: Record<string, readonly string[]> = {};
    for (const id of this.shards.onDisk) {
      const known = this.shards.heads.get(id);
      if (known) heads[id] = known;
    }
    return { heads, model: this.shards.model.toCache() };
  }

  /**
   * Takes in a whole shard from a backup. Into a copy that does not have it yet (a restore), the
   * document is loaded as saved — several times faster than merging it into an empty one — and
   * written as a fresh snapshot; otherwise it is merged.
   */
  async adoptShard(id: ShardId, saved: Uint8Array | undefined, changes: readonly Uint8Array[]): Promise<void> {
    const { store, loaded, onDisk } = this.shards;
    const current = loaded.get(id);
    const untouched = !onDisk.has(id) && (!current || (current.lastSeq === 0 && current.logBytes === 0));
    if (!untouched) return this.mergeShard(id, concatBytes([...(saved ? [saved] : []), ...changes]));
    const shard = store.fromSaved(id, saved, changes.length > 0 ? concatBytes([...changes]) : undefined);
    if (current) await store.release(current);
    loaded.set(id, shard);
    onDisk.add(id);
    await store.compact(shard);
    this.shards.model.replaceShard(id, shard.doc);
    this.shards.heads.set(id, Automerge.getHeads(shard.doc));
    this.shards.written(id);
    await this.shards.evict();
  }

  /**
   * Restoring into this (new, empty) session: the backup's shards, and the read model it carried.
   * A shard the carried model reflects — the same heads, as many records — is written as it is,
   * without building its document; any other (and the root) is adopted by loading it.
   */
  async adoptBackupShards(shards: readonly (BackupShard & { readonly inspection: ShardInspection })[], carried: CarriedReadModel | undefined, progress?: (done: number, total: number) => void): Promise<void> {
    let model: ReadModel | undefined;
    try {
      model = carried && ReadModel.fromCache(carried.model);
    } catch {
      model = undefined; // not one this version can use: derived from the shards instead
    }
    const held = model?.recordsByShard() ?? new Map<ShardId, number>();
    const sameHeads = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && [...a].sort().join() === [...b].sort().join();
    const reflected = new Set(
      shards.filter((shard) => model && shard.id !== ROOT_SHARD && sameHeads(carried?.heads[shard.id], shard.inspection.heads) && (held.get(shard.id) ?? 0) === shard.inspection.records).map((shard) => shard.id),
    );
    if (model) {
      for (const id of held.keys()) if (!reflected.has(id)) model.removeShard(id);
      this.shards.model = model;
    }
    // The root first: it lists the other shards, so making them adds nothing to it (the heads stay the backup's).
    const rootFirst = [...shards].sort((a, b) => Number(b.id === ROOT_SHARD) - Number(a.id === ROOT_SHARD));
    for (const [index, shard] of rootFirst.entries()) {
      if (reflected.has(shard.id)) {
        await this.shards.store.writeSaved(shard.id, shard.snapshot, shard.records);
        this.shards.onDisk.add(shard.id);
        this.shards.heads.set(shard.id, [...shard.inspection.heads]);
        this.shards.written(shard.id);
      } else {
        await this.adoptShard(shard.id, shard.snapshot, shard.records);
      }
      progress?.(index + 1, shards.length);
    }
  }

  /** Merges a whole shard from a backup (a saved document and changes): nothing this copy holds is lost. */
  async mergeShard(id: ShardId, bytes: Uint8Array): Promise<void> {
    await this.shards.commit(id, (doc) => Automerge.loadIncremental(doc, bytes), 'restored');
  }
}
