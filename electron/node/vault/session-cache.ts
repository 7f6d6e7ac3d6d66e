/**
 * A session's derived files (read-model-cache-file.ts, first-page-file.ts): the read model with the
 * tag and heads of every shard it reflects, and the contact list's first page, written when anything
 * changed since the last time. The tags are the shard files' fingerprints as last read from disk.
 */
import type { ReadModel } from '../../../shared/vault/read-model.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import { writeFirstPageFile, type FirstPage } from './first-page-file.ts';
import { readCacheFile, writeCacheFile, type CacheFile, type CacheFileAccess } from './read-model-cache-file.ts';
import type { ShardStore } from './shard-store.ts';

export interface SessionCacheParts {
  readonly store: ShardStore;
  readonly onDisk: ReadonlySet<ShardId>;
  readonly heads: ReadonlyMap<ShardId, readonly string[]>;
  readonly model: () => ReadModel;
  readonly files: () => CacheFileAccess;
  /** What the first page shows (the vault's name and the list's opening page). */
  readonly firstPage: () => FirstPage;
}

export class SessionCache {
  private readonly parts: SessionCacheParts;
  /** Each shard's tag as last read from disk. */
  readonly tags = new Map<ShardId, string>();
  /** Shards written (or repaired) since their tag was last read from disk. */
  private readonly retag = new Set<ShardId>();
  /** Whether anything changed since the cache was last written. */
  dirty = false;
  /** The cache as last written (handed to the next session on the same files). */
  saved: CacheFile | undefined;

  constructor(parts: SessionCacheParts) {
    this.parts = parts;
  }

  read(timings: Record<string, number>, bytes?: Promise<Uint8Array | undefined>): Promise<CacheFile | undefined> {
    return readCacheFile(this.parts.files(), timings, bytes);
  }

  /** A shard's files were written: its tag is read again, and the cache written, at the next save. */
  written(id: ShardId): void {
    this.retag.add(id);
    this.dirty = true;
  }

  /** Writes the read model and the shard tags it reflects, if anything changed since the last time. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    await this.refreshTags();
    const { store, onDisk } = this.parts;
    const shardOf: Record<string, ShardId> = {};
    const heads: Record<string, readonly string[]> = {};
    for (const id of onDisk) {
      const names = store.fileNames(id);
      shardOf[names.snapshot] = id;
      shardOf[names.log] = id;
      const known = this.parts.heads.get(id);
      if (known) heads[id] = known;
    }
    this.saved = await writeCacheFile(this.parts.files(), { tags: Object.fromEntries(this.tags), heads, shardOf, model: this.parts.model().toCache() });
    await this.writeFirstPage();
    this.dirty = false;
  }

  /** Writes the first page now (one unlock found none it could use: damaged, or of an older format). */
  async saveFirstPage(): Promise<void> {
    await this.refreshTags();
    await this.writeFirstPage();
  }

  private async refreshTags(): Promise<void> {
    for (const id of this.retag) this.tags.set(id, await this.parts.store.tag(id));
    this.retag.clear();
  }

  private async writeFirstPage(): Promise<void> {
    await writeFirstPageFile(this.parts.files(), this.parts.firstPage(), this.shardFiles());
  }

  /** Each shard file by name with its fingerprint, as the tags (just brought up to date) say. */
  private shardFiles(): Record<string, string> {
    return Object.assign({}, ...[...this.tags].filter(([id]) => this.parts.onDisk.has(id)).map(([id, tag]) => this.parts.store.filesOfTag(id, tag))) as Record<string, string>;
  }
}
