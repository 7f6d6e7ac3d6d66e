/**
 * An unlocked vault: its shard files, the few shards loaded right now, and the read model that
 * answers lists. Opening reads the encrypted read-model cache and reloads only the shards whose
 * files changed since it was written; a write loads only the shard it touches.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as Automerge from '@automerge/automerge';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { DEFAULT_SETTINGS, VaultSettingsSchema, type VaultSettings } from '../../../shared/domain/vault.ts';
import { deriveSubkey } from '../../../shared/vault-format/keys.ts';
import { scalar, text, type ContactRecord, type RootDoc, type ShardDoc } from '../../../shared/vault/documents.ts';
import { ReadModel } from '../../../shared/vault/read-model.ts';
import { type ReadModelCacheData } from '../../../shared/vault/read-model-cache.ts';
import { contactShard, interactionShard, ROOT_SHARD, shardKind, type ShardId } from '../../../shared/vault/shards.ts';
import { RecentChanges } from './recent-changes.ts';
import type { ShardAccess } from './shard-access.ts';
import { SessionBackups } from './session-backups.ts';
import { ShardExchange } from './shard-exchange.ts';
import { listFolder, shardFilesOf, ShardStore, type FolderListing, type LoadedShard, type ShardProblem } from './shard-store.ts';
import { CACHE_SUBKEY, SessionKeys } from './session-keys.ts';
import { CACHE_FILE, readCacheBytes, type CacheFile, type CacheFileAccess } from './read-model-cache-file.ts';
import { SessionCache } from './session-cache.ts';
import { FIRST_PAGE_QUERY, readFirstPageFile, type FirstPage } from './first-page-file.ts';
import { queryContacts } from '../../../shared/vault/queries.ts';

/** The read model with the heads of each shard it reflects: what a backup carries (backup-model.ts). */
export interface CarriedReadModel {
  readonly heads: Readonly<Record<string, readonly string[]>>;
  readonly model: ReadModelCacheData;
}


/** Files only this device keeps, each bound to what it is for (one cannot be passed off as the other). */
/** This device's files, by purpose (electron/node/sync/device-state.ts, electron/node/backup/backup-schedule.ts). */
const CLOSE_COMPACTION_RECORDS = 32;
const BULK_CHANGE_BYTES = 16 * 1024;

export interface SessionOptions {
  readonly dir: string;
  readonly sodium: Sodium;
  readonly vaultId: Uint8Array;
  /** Owned by the session from here on: zeroed when it closes. */
  readonly vaultKey: Uint8Array;
  /** This device's own key (keyring-file.ts), which seals its device files; owned and zeroed like the vault key. */
  readonly deviceKey: Uint8Array;
  /** What the shard files, their names and the cache are under (keyring-file.ts); owned and zeroed like the vault key. */
  readonly storageKey: Uint8Array;
  /**
   * While a 1.0 vault's device files are migrated (VaultService.unlock), they may still open under
   * the vault's device-state subkey. Never otherwise: every device holds the vault key.
   */
  readonly acceptLegacyDeviceFiles?: boolean;
  readonly clock: () => number;
  /** How many shards besides the root stay loaded; the rest are freed (Automerge memory is the limit). */
  readonly maxLoadedShards?: number;
  /** Log records after which a shard gets a fresh snapshot. */
  readonly compactAfterRecords?: number;
  /** What a session on the same files just handed over (closeForHandOver): used instead of reading the cache back. */
  readonly handedOver?: SessionHandOver;
  /** Taken by the caller while the keys were being derived (the folder lock kept it true since). */
  readonly prefetched?: OpeningPrefetch;
}

/** What opening reads from the vault folder before it has the keys (VaultService.unlock starts it while Argon2id runs). */
export interface OpeningPrefetch {
  readonly listing: Promise<FolderListing>;
  readonly cacheFile: Promise<Uint8Array | undefined>;
}

export function prefetchOpening(dir: string): OpeningPrefetch {
  const listing = listFolder(dir);
  listing.catch(() => undefined); // awaited (and thrown) by the opening, if it gets that far
  return { listing, cacheFile: readCacheBytes(dir) };
}

/** The read model of a closed session and the cache it saved, for the next session on the same files. */
export interface SessionHandOver {
  readonly cache: CacheFile;
  readonly model: ReadModel;
}


/** A shard that could not be read in full, and what the user lost sight of because of it. */
export interface DamageReport extends ShardProblem {
  readonly lostContacts: readonly string[];
  readonly lostInteractions: number;
}

export class VaultSession {
  private readonly options: SessionOptions;
  private readonly sodium: Sodium;
  /** The session's keys, and what is done with them directly (session-keys.ts). */
  readonly keys: SessionKeys;
  /** Sync with another device (shard-exchange.ts). */
  readonly exchange: ShardExchange;
  /** Backups: the shards as they are, restoring and merging (session-backups.ts). */
  readonly backups: SessionBackups;
  private readonly store: ShardStore;
  private readonly loaded = new Map<ShardId, LoadedShard>();
  private readonly onDisk = new Set<ShardId>();
  /** The heads each shard's part of the read model reflects (from the cache, or as loaded and written). */
  private readonly heads = new Map<ShardId, readonly string[]>();
  /** What each shard went through lately, so a device that is behind can be answered without loading it. */
  private readonly recent = new RecentChanges();
  private readModel = new ReadModel();
  /** The read-model cache and the first page, and the shard tags they record (session-cache.ts). */
  private readonly cache: SessionCache;
  /** Shards read from disk since the session opened (the cache exists to keep this small). */
  shardLoads = 0;
  /** Of those, shards that took changes from another device through their backend alone (applyToUnloaded). */
  appliedWithoutDocument = 0;
  /** Milliseconds per phase of opening (benchmarks print them). */
  readonly openTimings: Record<string, number> = {};
  readonly damage: DamageReport[] = [];

  private constructor(options: SessionOptions) {
    this.options = options;
    this.sodium = options.sodium;
    const { sodium } = options;
    this.keys = new SessionKeys(options);
    this.store = new ShardStore({ dir: options.dir, sodium, vaultId: options.vaultId, keys: this.keys.shard, actor: sodium.to_hex(sodium.randombytes_buf(16)) });
    this.cache = new SessionCache({ store: this.store, onDisk: this.onDisk, heads: this.heads, model: () => this.readModel, files: () => this.cacheAccess(), firstPage: () => ({ vaultName: this.vaultName, ...this.firstPage() }) });
    const access = this.access();
    this.exchange = new ShardExchange(access);
    this.backups = new SessionBackups(access);
  }

  /** What the sync and backup parts work with (shard-access.ts). */
  private access(): ShardAccess {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the parts beside the session reach its state through this one object
    const session = this;
    return {
      store: this.store,
      loaded: this.loaded,
      onDisk: this.onDisk,
      heads: this.heads,
      recent: this.recent,
      compactAfterRecords: this.options.compactAfterRecords ?? 400,
      get model() {
        return session.readModel;
      },
      set model(model) {
        session.readModel = model;
      },
      acquire: (id) => this.acquire(id),
      evict: () => this.evict(),
      commit: (id, advance, origin) => this.commit(id, advance, origin),
      track: (id, shard, problems) => this.track(id, shard, problems),
      countLoad: (withoutDocument) => {
        this.shardLoads++;
        if (withoutDocument) this.appliedWithoutDocument++;
      },
      committed: (id, before, after, change) => this.committed(id, before, after, change),
      written: (id) => this.cache.written(id),
    };
  }

  /** The first page (first-page-file.ts) of the vault in `dir`, read before any session is open on it. */
  static async readFirstPage(sodium: Sodium, dir: string, vaultId: Uint8Array, storageKey: Uint8Array, prefetched: OpeningPrefetch): Promise<FirstPage | undefined> {
    const key = deriveSubkey(sodium, storageKey, CACHE_SUBKEY);
    try {
      return await readFirstPageFile({ sodium, dir, vaultId, key }, shardFilesOf(await prefetched.listing));
    } finally {
      sodium.memzero(key);
    }
  }

  static async open({ prefetched, ...options }: SessionOptions): Promise<VaultSession> {
    const session = new VaultSession(options);
    try {
      await session.start(prefetched); // not kept: it holds the whole cache file's bytes
    } catch (error) {
      await session.close({ saveCache: false });
      throw error;
    }
    return session;
  }

  private async start(prefetched: OpeningPrefetch | undefined): Promise<void> {
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      this.openTimings[name] = now - mark;
      mark = now;
    };
    const { handedOver } = this.options;
    const cache = handedOver?.cache ?? (await this.cache.read(this.openTimings, prefetched?.cacheFile));
    phase('cache');
    await nextTurn();
    const listing = await prefetched?.listing;
    for (const id of await this.store.listShards(new Map<string, ShardId>(Object.entries(cache?.shardOf ?? {})), listing)) this.onDisk.add(id);
    const diskTags = new Map(await Promise.all([...this.onDisk].map(async (id) => [id, await this.store.tag(id, listing)] as const)));
    phase('list');
    this.readModel = handedOver ? handedOver.model : cache ? ReadModel.fromCache(cache.model) : new ReadModel();
    phase('model');
    await nextTurn();
    const cachedTags = new Map(Object.entries(cache?.tags ?? {}) as [ShardId, string][]);
    for (const [id, heads] of Object.entries(cache?.heads ?? {})) this.heads.set(id as ShardId, heads);
    for (const id of cachedTags.keys()) if (!this.onDisk.has(id)) this.readModel.removeShard(id);

    for (const [id, tag] of diskTags) {
      this.cache.tags.set(id, tag);
      if (id === ROOT_SHARD) {
        await this.load(id);
      } else if (cachedTags.get(id) !== tag) {
        const damaged = this.damage.length;
        const known = this.heads.get(id); // as of the cache: load() replaces it
        const shard = await this.load(id);
        // Changed since the cache (another device synced, or the app stopped before saving the cache):
        // patch the model from the heads it reflects when the document still has them, else rebuild that part.
        if (known && this.damage.length === damaged && Automerge.hasHeads(shard.doc, [...known])) {
          this.readModel.applyPatches(id, shard.doc, Automerge.diff(shard.doc, [...known], Automerge.getHeads(shard.doc)));
        } else {
          this.readModel.replaceShard(id, shard.doc);
        }
        this.cache.dirty = true;
        await this.evict();
      }
    }
    if (!this.loaded.has(ROOT_SHARD)) this.loaded.set(ROOT_SHARD, this.store.create(ROOT_SHARD));
    phase('shards');
  }

  /** Loads a shard from disk, recording (and measuring) any damage against what the cache knew. */
  private async load(id: ShardId): Promise<LoadedShard> {
    const { shard, problems } = await this.store.load(id);
    return this.track(id, shard, problems);
  }

  /** A shard just loaded joins the loaded ones; damage found on the way is reported with what it cost. */
  private track(id: ShardId, shard: LoadedShard, problems: readonly ShardProblem[]): LoadedShard {
    this.shardLoads++;
    this.heads.set(id, Automerge.getHeads(shard.doc));
    if (problems.length > 0) {
      this.cache.dirty = true;
      const before = this.entriesOf(id);
      const after = new ReadModel();
      after.replaceShard(id, shard.doc);
      const stillThere = new Set(after.toCache().contacts.map(([contactId]) => contactId));
      const lostContacts = before.contacts.filter((c) => !stillThere.has(c.id)).map((c) => `${c.familyName} ${c.givenName}`.trim());
      const lostInteractions = Math.max(0, before.interactions - after.interactionCount);
      for (const problem of problems) this.damage.push({ ...problem, lostContacts, lostInteractions });
    }
    this.loaded.set(id, shard);
    if (problems.length > 0) this.cache.written(id);
    return shard;
  }

  private entriesOf(id: ShardId): { contacts: { id: ContactId; familyName: string; givenName: string }[]; interactions: number } {
    const cached = this.readModel.toCache();
    const kind = shardKind(id);
    return {
      contacts: kind === 'contacts' ? cached.contacts.filter(([contactId]) => contactShard(contactId) === id).map(([contactId, familyName, givenName]) => ({ id: contactId, familyName, givenName })) : [],
      interactions: kind === 'interactions' ? cached.interactions.filter(([interactionId]) => interactionShard(interactionId) === id).length : 0,
    };
  }

  private async acquire(id: ShardId): Promise<LoadedShard> {
    let shard = this.loaded.get(id);
    if (shard) {
      this.loaded.delete(id); // re-insert: the map's order is least recently used first
      this.loaded.set(id, shard);
      return shard;
    }
    if (this.onDisk.has(id)) {
      shard = await this.load(id);
    } else {
      this.onDisk.add(id);
      // Listed already when the root came from elsewhere (another device, a backup): no change needed.
      if (!this.root.shards?.[id]) {
        await this.change(ROOT_SHARD, (root: RootDoc) => {
          root.shards ??= {};
          root.shards[id] = true;
        });
      }
      // Made after the root's change, whose eviction would otherwise free it before it is used.
      shard = this.store.create(id);
      this.loaded.set(id, shard);
    }
    return shard;
  }

  /**
   * Shards a warm-up may load and free: on disk, not loaded now, contact buckets first (the most
   * loaded kind). See warmUpLoad.
   */
  warmUpCandidates(count: number): ShardId[] {
    const unloaded = [...this.onDisk].filter((id) => id !== ROOT_SHARD && !this.loaded.has(id));
    const byKind = (id: ShardId) => (shardKind(id) === 'contacts' ? 0 : 1);
    return unloaded.sort((a, b) => byKind(a) - byKind(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, count);
  }

  /**
   * Loads a shard and frees it again, so the wasm code that loading runs is optimised before the
   * user, or a device catching up, needs it: V8 compiles wasm lazily and tiers up what runs often,
   * and the first few loads in a process take three to five times as long as later ones.
   */
  async warmUpLoad(id: ShardId): Promise<void> {
    if (this.loaded.has(id) || !this.onDisk.has(id)) return;
    const shard = await this.load(id);
    this.loaded.delete(id);
    await this.store.release(shard);
  }

  /** Shards with a file written before format 2.0 (unpadded): upgradeShard rewrites them. */
  async unpaddedShards(): Promise<ShardId[]> {
    const ids = [...this.onDisk].sort();
    const flags = await Promise.all(ids.map((id) => this.store.isUnpadded(id)));
    return ids.filter((_, i) => flags[i]);
  }

  /** Rewrites a shard's files in the current format (a compaction); frees it again unless it was in use. */
  async upgradeShard(id: ShardId): Promise<void> {
    if (!this.onDisk.has(id)) return;
    const wasLoaded = this.loaded.has(id);
    const shard = wasLoaded ? this.loaded.get(id)! : await this.load(id);
    if (shard.logNeedsRewrite) await this.compactNow(shard);
    if (!wasLoaded && id !== ROOT_SHARD) {
      this.loaded.delete(id);
      await this.store.release(shard);
    }
  }

  /** Frees the least recently used shards beyond the limit. The root stays. */
  private async evict(): Promise<void> {
    const limit = this.options.maxLoadedShards ?? 4;
    for (const [id, shard] of this.loaded) {
      if (this.loaded.size <= limit + 1) break;
      if (id === ROOT_SHARD) continue;
      this.loaded.delete(id);
      await this.store.release(shard);
    }
  }

  /**
   * One durable change: applied to the shard's document, appended to its log and fdatasynced,
   * then reflected in the read model from the change's patches.
   */
  async change<T extends ShardDoc>(id: ShardId, mutate: (doc: T) => void): Promise<void> {
    await this.commit(id, (doc) => Automerge.change(doc, { time: Math.floor(this.options.clock() / 1000) }, mutate as (doc: ShardDoc) => void));
  }

  /**
   * Whatever moves a shard's document forward — a local change, or changes received from another
   * device — is persisted the same way: appended to the log durably, then patched into the read model.
   */
  private async commit(id: ShardId, advance: (doc: Automerge.Doc<ShardDoc>) => Automerge.Doc<ShardDoc>, origin: 'local' | 'received' | 'restored' = 'local'): Promise<void> {
    const shard = await this.acquire(id);
    const before = Automerge.getHeads(shard.doc);
    shard.doc = advance(shard.doc);
    const after = Automerge.getHeads(shard.doc);
    if (before.length === after.length && before.every((head, i) => head === after[i])) return;
    const change = Automerge.saveSince(shard.doc, before);
    try {
      await this.store.append(shard, change);
    } catch (error) {
      // The document in memory is ahead of the disk: forget it; the next access reloads the truth.
      this.loaded.delete(id);
      throw error;
    }
    this.readModel.applyPatches(id, shard.doc, Automerge.diff(shard.doc, before, after));
    this.committed(id, before, after, change);
    // Many small records, or one bulk change (an import): a snapshot loads faster and leaner than replaying them.
    // Changes received from another device are a catch-up, not an import: they wait for the record count
    // (or the lock), so a sync does not stop to rewrite every shard it touches.
    if (shard.logRecords >= (this.options.compactAfterRecords ?? 400) || (origin !== 'received' && change.length >= BULK_CHANGE_BYTES)) await this.compactNow(shard);
    await this.evict();
  }

  /** A change made durable: the heads the model reflects, the change kept for devices behind, the shard's tag to read again. */
  private committed(id: ShardId, before: readonly string[], after: readonly string[], change: Uint8Array): void {
    this.heads.set(id, after);
    this.recent.record(id, before, after, change);
    this.cache.written(id);
  }

  /**
   * Many new contacts into one bucket (an import) as one durable change, written through Automerge's
   * backend: the JavaScript document is not brought up to date (that costs three times the insert),
   * so the shard is freed afterwards and loads afresh when next needed.
   */
  async insertContacts(id: ShardId, records: readonly (readonly [ContactId, ContactRecord])[]): Promise<void> {
    const shard = await this.acquire(id);
    const handle = Automerge.getBackend(shard.doc);
    const before = handle.getHeads();
    const free = async () => {
      this.loaded.delete(id);
      await this.store.release(shard); // once, however often asked
    };
    try {
      let target = handle.getWithType('_root', 'contacts');
      if (!target || target[0] !== 'map') {
        handle.putObject('_root', 'contacts', {});
        target = handle.getWithType('_root', 'contacts');
      }
      const contacts = target![1] as string;
      for (const [contactId, record] of records) handle.putObjectFromHydrate(contacts, contactId, record);
      handle.commit(null, Math.floor(this.options.clock() / 1000));
      const after = handle.getHeads();
      const change = handle.saveSince(before);
      try {
        await this.store.append(shard, change);
      } catch (error) {
        await free(); // ahead of the disk: the next access reloads the truth
        throw error;
      }
      this.readModel.putContactRecords(records);
      this.committed(id, before, after, change);
      if (change.length >= BULK_CHANGE_BYTES || shard.logRecords >= (this.options.compactAfterRecords ?? 400)) await this.compactNow(shard);
    } finally {
      await free();
    }
  }

  private async compactNow(shard: LoadedShard): Promise<void> {
    await this.store.compact(shard);
    this.cache.written(shard.id);
  }

  private closed = false;

  // ---- the folder and the files in it ---------------------------------------------------------

  /** The folder this session's files live in. */
  get dir(): string {
    return this.options.dir;
  }

  get vaultId(): Uint8Array {
    return this.options.vaultId.slice();
  }

  /**
   * The vault's encrypted files as they are on disk — every shard's snapshot and log, and a fresh
   * read-model cache — for a newly paired device to start from (it is given the same storage key). Read
   * in one go, so no write falls between them; they stay encrypted all the way.
   */
  async exportFiles(): Promise<{ name: string; bytes: Uint8Array }[]> {
    this.cache.dirty = true;
    await this.saveCache();
    const files: { name: string; bytes: Uint8Array }[] = [];
    const names = [CACHE_FILE, ...[...this.onDisk].flatMap((id) => Object.values(this.store.fileNames(id)))];
    for (const name of names) {
      try {
        files.push({ name, bytes: new Uint8Array(await readFile(join(this.options.dir, name))) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return files;
  }

  get vaultName(): string {
    return text((this.loaded.get(ROOT_SHARD)?.doc as RootDoc | undefined)?.meta?.name);
  }

  async initialize(name: string): Promise<void> {
    await this.change(ROOT_SHARD, (root: RootDoc) => {
      root.meta = { name: scalar(name), createdAt: this.options.clock() };
      root.shards ??= {};
    });
  }

  get settings(): VaultSettings {
    const stored = this.root.settings;
    const parsed = VaultSettingsSchema.safeParse({
      ...DEFAULT_SETTINGS,
      ...stored,
      myCompany: text(stored?.myCompany),
      quietFrom: text(stored?.quietFrom) || DEFAULT_SETTINGS.quietFrom,
      quietUntil: text(stored?.quietUntil) || DEFAULT_SETTINGS.quietUntil,
    });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  async updateSettings(changes: Partial<VaultSettings>): Promise<void> {
    await this.change(ROOT_SHARD, (root: RootDoc) => {
      root.settings ??= {};
      if (changes.autoLockMinutes !== undefined) root.settings.autoLockMinutes = changes.autoLockMinutes;
      if (changes.myCompany !== undefined) root.settings.myCompany = scalar(changes.myCompany);
      if (changes.notify !== undefined) root.settings.notify = changes.notify;
      if (changes.quietFrom !== undefined) root.settings.quietFrom = scalar(changes.quietFrom);
      if (changes.quietUntil !== undefined) root.settings.quietUntil = scalar(changes.quietUntil);
    });
  }

  /** The read model, for queries. Change it only through change(). */
  get model(): ReadModel {
    return this.readModel;
  }

  get now(): number {
    return this.options.clock();
  }

  get root(): RootDoc {
    return (this.loaded.get(ROOT_SHARD)?.doc ?? {}) as RootDoc;
  }

  /** Reads a shard's document (loading the shard if needed); the reader must not keep references to it. */
  async read<T extends ShardDoc, R>(id: ShardId, reader: (doc: T) => R): Promise<R> {
    if (!this.loaded.has(id) && !this.onDisk.has(id)) return reader({} as T);
    const shard = await this.acquire(id);
    const result = reader(shard.doc as T);
    await this.evict();
    return result;
  }

  /** Figures for benchmarks and diagnostics; nothing in them is user data. */
  get diagnostics(): { shardLoads: number; appliedWithoutDocument: number; loadedShards: number; shardsOnDisk: number; compactions: { count: number; totalMs: number; maxMs: number }; openTimings: Record<string, number> } {
    return { shardLoads: this.shardLoads, appliedWithoutDocument: this.appliedWithoutDocument, loadedShards: this.loaded.size, shardsOnDisk: this.onDisk.size, compactions: { ...this.store.compactions }, openTimings: { ...this.openTimings } };
  }

  get loadedShardCount(): number {
    return this.loaded.size;
  }

  get counts(): { contacts: number; interactions: number } {
    return { contacts: this.readModel.contactCount, interactions: this.readModel.interactionCount };
  }

  private cacheAccess(): CacheFileAccess {
    return { sodium: this.sodium, dir: this.options.dir, vaultId: this.options.vaultId, key: this.keys.cache };
  }

  /** Writes the read model and the shard tags it reflects, if anything changed since the last time. */
  saveCache(): Promise<void> {
    return this.cache.save();
  }

  /** Writes the first page now (one unlock found none it could use: damaged, or of an older format). */
  saveFirstPage(): Promise<void> {
    return this.cache.saveFirstPage();
  }

  /** The contact list's first page as the list opens with it (first-page-file.ts). */
  firstPage() {
    return queryContacts(this.readModel, FIRST_PAGE_QUERY, { myCompany: this.settings.myCompany, linksOfGoal: () => [] });
  }

  /**
   * Closes like close(), and hands the read model and the cache just saved to the session that opens
   * these files next (a vault made in a staging folder, then installed), so it need not read them back.
   */
  async closeForHandOver(): Promise<SessionHandOver> {
    this.cache.dirty = true;
    const model = this.readModel;
    await this.close();
    return { cache: this.cache.saved!, model };
  }

  /** Saves the cache, frees every document and zeroes every key. */
  async close({ saveCache = true }: { saveCache?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    try {
      if (saveCache) {
        // Shards with a long log open faster next time from a fresh snapshot (the root above all: it is read at every unlock).
        for (const shard of this.loaded.values()) if (shard.logRecords >= CLOSE_COMPACTION_RECORDS || shard.logNeedsRewrite) await this.compactNow(shard);
        await this.saveCache();
      }
    } finally {
      for (const shard of this.loaded.values()) await this.store.release(shard);
      this.loaded.clear();
      this.recent.clear();
      this.readModel = new ReadModel();
      this.keys.close();
      this.closed = true;
    }
  }
}
