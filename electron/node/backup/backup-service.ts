/**
 * Backups of the vault as one encrypted file (docs/backup.md): writing one, verifying one without
 * restoring it, restoring one as a new vault, and merging one into the open vault (Automerge's
 * merge: nothing the open vault holds is lost).
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import { DATA_AREAS } from '../../../shared/api/contract.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import type { BackupCounts, BackupOperation, BackupSummary } from '../../../shared/domain/backup.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { BACKUP_EXTENSION, BACKUP_FORMAT, shardBytes, type BackupContents, type BackupShard } from '../../../shared/vault-format/backup.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import { DEFAULT_KDF_COST, VAULT_KEY_SIZE, type KdfCost } from '../../../shared/vault-format/keys.ts';
import { newShardDoc, type ContactBucketDoc, type EventLogDoc, type InteractionLogDoc, type RootDoc, type ShardDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD, shardKind } from '../../../shared/vault/shards.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { Kdf } from '../vault/kdf.ts';
import type { VaultService } from '../vault/vault-service.ts';
import type { VaultSession } from '../vault/vault-session.ts';
import { openBackup, readBackupHeader, sealBackup } from './backup-file.ts';

export type BackupProgress = (done: number, total: number) => void;

export interface BackupServiceOptions {
  readonly vault: VaultService;
  readonly kdf: Kdf;
  readonly kdfCost?: KdfCost;
  readonly clock?: () => number;
  /** Where suggestBackupPath proposes to write (the app: the user's Documents folder). */
  readonly defaultFolder?: string;
  /** Progress of long operations, for the views. */
  readonly emit?: (event: 'backupProgress', payload: { operation: BackupOperation; done: number; total: number }) => void;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The vault's own device list and sharing keys mean nothing to another vault: they never travel in a merge or a restore. */
function withoutDevices(root: RootDoc): void {
  if (root.devices) delete root.devices;
  if (root.keyGrants) delete root.keyGrants;
}

export class BackupService {
  private readonly options: BackupServiceOptions;
  private sodium: Sodium | undefined;

  constructor(options: BackupServiceOptions) {
    this.options = options;
  }

  private async lib(): Promise<Sodium> {
    return (this.sodium ??= await loadSodium());
  }

  private get clock(): () => number {
    return this.options.clock ?? Date.now;
  }

  /**
   * Writes a backup of the open vault to `path` (replaced atomically). The shards are copied in one
   * turn of the vault's queue, so no edit falls between them; encrypting happens after it.
   */
  async write(requestedPath: string, passphrase: string, options: { sameAsVault?: boolean } = {}): Promise<Result<BackupSummary>> {
    // Only ever (over)writes a .enishi-backup file, whatever path is asked for.
    const path = requestedPath.endsWith(BACKUP_EXTENSION) ? requestedPath : `${requestedPath}${BACKUP_EXTENSION}`;
    if (options.sameAsVault) {
      const checked = await this.options.vault.checkPassphrase(passphrase);
      if (!checked.ok) return checked;
    } else {
      const assessment = assessPassphrase(passphrase);
      if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
    }
    const copied = await this.options.vault.read(async ({ session, model }) => {
      const shards = await session.backupShards();
      if (!shards.ok) return shards;
      const goals = Object.keys(session.root.goals ?? {}).length;
      return ok({ vaultId: session.vaultId, name: session.vaultName, shards: shards.value, counts: { contacts: model.contactCount, interactions: model.interactionCount, events: model.eventCount, goals } });
    });
    if (!copied.ok) return copied;
    const { vaultId, name, shards, counts } = copied.value;
    const createdAt = this.clock();
    const contents: BackupContents = { manifest: { format: BACKUP_FORMAT, createdAt, vault: { id: hex(vaultId), name }, counts, shards: shards.map((shard) => shard.id) }, shards };
    const sodium = await this.lib();
    const file = await sealBackup(sodium, this.options.kdf, this.options.kdfCost ?? DEFAULT_KDF_COST, vaultId, contents, passphrase);
    try {
      await writeFileAtomic(path, file);
    } catch (error) {
      return fail('storage-failed', `the backup could not be written: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return ok({ path, createdAt, vaultName: name, counts, shards: shards.length, bytes: file.length, sameVault: true });
  }

  /** A file name for today's backup in the default folder. */
  suggestPath(): string {
    const day = new Date(this.clock()).toISOString().slice(0, 10);
    return join(this.options.defaultFolder ?? homedir(), `enishi-${day}${BACKUP_EXTENSION}`);
  }

  private progress(operation: BackupOperation, outer?: BackupProgress): BackupProgress {
    return (done, total) => {
      outer?.(done, total);
      this.options.emit?.('backupProgress', { operation, done, total });
    };
  }

  /** Opens a backup and reads every shard in it, without changing anything: what a restore would give. */
  async verify(path: string, passphrase: string, progress?: BackupProgress): Promise<Result<BackupSummary>> {
    const opened = await this.open(path, passphrase);
    if (!opened.ok) return opened;
    const counted = countRecords(opened.value.contents.shards, this.progress('verify', progress));
    if (!counted.ok) return counted;
    return ok(await this.summary(path, opened.value, counted.value));
  }

  /**
   * Restores a backup as a new vault (there must be none in the data folder), under `vaultPassphrase`.
   * It gets a new vault id and key: the devices of the vault it came from are not carried over.
   */
  async restore(path: string, backupPassphrase: string, vaultPassphrase: string, progress?: BackupProgress): Promise<Result<VaultStatus>> {
    const opened = await this.open(path, backupPassphrase);
    if (!opened.ok) return opened;
    const { contents } = opened.value;
    const counted = countRecords(contents.shards); // refuse a backup that would not load, before anything is made
    if (!counted.ok) return counted;
    const sodium = await this.lib();
    return this.options.vault.createFrom('restoring', sodium.randombytes_buf(VAULT_ID_SIZE), sodium.randombytes_buf(VAULT_KEY_SIZE), vaultPassphrase, {
      seed: () => Promise.resolve(),
      populate: async (session) => {
        // The root first: it lists the other shards, so making them adds nothing to it (the heads stay the backup's).
        const rootFirst = [...contents.shards].sort((a, b) => Number(b.id === ROOT_SHARD) - Number(a.id === ROOT_SHARD));
        const report = this.progress('restore', progress);
        for (const [index, shard] of rootFirst.entries()) {
          await session.mergeShard(shard.id, shardBytes(shard));
          report(index + 1, contents.shards.length);
        }
        const root = session.root;
        if (root.devices || root.keyGrants) await session.change(ROOT_SHARD, withoutDevices);
      },
    });
  }

  /**
   * Merges a backup into the open vault, one shard per turn of the vault's queue (the app stays
   * usable meanwhile). A backup of this same vault merges whole; from another vault, its contacts,
   * interactions and events merge, and its goals, sources, merged-contact links and dismissed
   * duplicates are added to this vault's — never its devices or sharing keys.
   */
  async merge(path: string, passphrase: string, progress?: BackupProgress): Promise<Result<BackupSummary>> {
    const opened = await this.open(path, passphrase);
    if (!opened.ok) return opened;
    const { contents, vaultId } = opened.value;
    const counted = countRecords(contents.shards);
    if (!counted.ok) return counted;
    const current = await this.options.vault.read(({ session }) => ok(session.vaultId));
    if (!current.ok) return current;
    const sameVault = Buffer.from(current.value).equals(Buffer.from(vaultId));
    const { vault } = this.options;
    const report = this.progress('merge', progress);
    for (const [index, shard] of contents.shards.entries()) {
      const merged = await vault.write(
        [],
        async ({ session }) => {
          if (shard.id === ROOT_SHARD && !sameVault) await addRootContent(session, shard);
          else await session.mergeShard(shard.id, shardBytes(shard));
          return ok(null);
        },
        'sync',
      );
      if (!merged.ok) return merged;
      report(index + 1, contents.shards.length);
    }
    // Views refresh once, and the other devices get the merge at their next sync.
    const announced = await vault.write(DATA_AREAS, () => Promise.resolve(ok(null)));
    if (!announced.ok) return announced;
    return ok({ ...(await this.summary(path, opened.value, counted.value)), sameVault });
  }

  /** Reads a file and checks it is a backup this version reads — before anyone is asked for its passphrase. */
  async check(path: string): Promise<Result<Uint8Array>> {
    let file: Uint8Array;
    try {
      if ((await stat(path)).isDirectory()) return fail('not-a-backup', 'that is a folder, not a backup file');
      file = await readFile(path);
    } catch (error) {
      return fail('file-not-found', `the backup file cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const header = readBackupHeader(await this.lib(), file);
    return header.ok ? ok(file) : header;
  }

  private async open(path: string, passphrase: string): Promise<Result<{ contents: BackupContents; vaultId: Uint8Array; bytes: number }>> {
    const checked = await this.check(path);
    if (!checked.ok) return checked;
    const file = checked.value;
    const opened = await openBackup(await this.lib(), this.options.kdf, file, passphrase);
    if (!opened.ok) return opened;
    const { vaultId, ...contents } = opened.value;
    return ok({ contents, vaultId, bytes: file.length });
  }

  private async summary(path: string, opened: { contents: BackupContents; vaultId: Uint8Array; bytes: number }, counts: BackupCounts): Promise<BackupSummary> {
    const current = await this.options.vault.read(({ session }) => ok(session.vaultId));
    return {
      path,
      createdAt: opened.contents.manifest.createdAt,
      vaultName: opened.contents.manifest.vault.name,
      counts,
      shards: opened.contents.shards.length,
      bytes: opened.bytes,
      ...(current.ok && { sameVault: Buffer.from(current.value).equals(Buffer.from(opened.vaultId)) }),
    };
  }
}

/** Loads every shard of a backup in Automerge and counts its records: a backup that does not load is refused. */
function countRecords(shards: readonly BackupShard[], progress?: BackupProgress): Result<BackupCounts> {
  const counts = { contacts: 0, interactions: 0, events: 0, goals: 0 };
  for (const [index, shard] of shards.entries()) {
    let doc: Automerge.Doc<ShardDoc> | undefined;
    try {
      doc = Automerge.loadIncremental(newShardDoc(shard.id, '00'), shardBytes(shard));
      const kind = shardKind(shard.id);
      if (kind === 'root') counts.goals += Object.keys((doc as RootDoc).goals ?? {}).length;
      else if (kind === 'contacts') counts.contacts += Object.keys((doc as ContactBucketDoc).contacts ?? {}).length;
      else if (kind === 'interactions') counts.interactions += Object.keys((doc as InteractionLogDoc).interactions ?? {}).length;
      else counts.events += Object.keys((doc as EventLogDoc).events ?? {}).length;
      if (Automerge.getMissingDeps(doc, Automerge.getHeads(doc)).length > 0) return fail('payload-damaged', `${shard.id} in the backup misses changes it depends on`);
    } catch (error) {
      return fail('payload-damaged', `${shard.id} in the backup is not a readable document: ${(error as Error).message}`);
    } finally {
      if (doc) Automerge.free(doc);
    }
    progress?.(index + 1, shards.length);
  }
  return ok(counts);
}

/** From another vault's root: what the user made (goals, sources, merge links, dismissed pairs), added where this vault has nothing under the same id. */
async function addRootContent(session: VaultSession, shard: BackupShard): Promise<void> {
  const theirs = Automerge.toJS(Automerge.loadIncremental(newShardDoc(ROOT_SHARD, '00'), shardBytes(shard))) as RootDoc;
  const mine = session.root;
  const missing = <T>(from: Record<string, T> | undefined, into: Record<string, T> | undefined) => Object.entries(from ?? {}).filter(([id]) => !(into && id in into));
  const goals = missing(theirs.goals, mine.goals);
  const sources = missing(theirs.sources, mine.sources);
  const aliases = missing(theirs.aliases, mine.aliases);
  const dismissed = missing(theirs.dismissedDuplicates, mine.dismissedDuplicates);
  if (goals.length + sources.length + aliases.length + dismissed.length === 0) return;
  await session.change(ROOT_SHARD, (root: RootDoc) => {
    // Each map is created, then read back from the document: `??=` would hand back the plain object, not the document's.
    if (goals.length > 0) root.goals ??= {};
    for (const [id, goal] of goals) root.goals![id] = goal;
    if (sources.length > 0) root.sources ??= {};
    for (const [id, source] of sources) root.sources![id] = source;
    if (aliases.length > 0) root.aliases ??= {};
    for (const [id, alias] of aliases) root.aliases![id] = alias;
    if (dismissed.length > 0) root.dismissedDuplicates ??= {};
    for (const [pair] of dismissed) root.dismissedDuplicates![pair] = true;
  });
}
