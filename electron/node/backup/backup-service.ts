/**
 * Backups of the vault as one encrypted file (docs/backup.md): writing one, verifying one without
 * restoring it, restoring one as a new vault, and merging one into the open vault (Automerge's
 * merge: nothing the open vault holds is lost).
 */
import { constants } from 'node:fs';
import { access, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DATA_AREAS, type EventPayload } from '../../../shared/api/contract.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import type { BackupCounts, BackupOperation, BackupSchedule, BackupScheduleState, BackupSummary } from '../../../shared/domain/backup.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { BACKUP_EXTENSION, BACKUP_FORMAT, backupBodyParts, backupDigest, encodeBackupPayload, shardBytes, type BackupContents, type BackupShard } from '../../../shared/vault-format/backup.ts';
import { fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import { DEFAULT_KDF_COST, VAULT_KEY_SIZE, type KdfCost } from '../../../shared/vault-format/keys.ts';
import type { RootDoc } from '../../../shared/vault/documents.ts';
import { RECORDS_OF_KIND, type ShardInspection } from '../../../shared/vault/shard-inspection.ts';
import { ROOT_SHARD, shardKind } from '../../../shared/vault/shards.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { Kdf } from '../vault/kdf.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { newBackupKey, openBackup, readBackupHeader, sealBackup, sealBackupWithKey, type OpenedBackup } from './backup-file.ts';
import { packReadModel, unpackReadModel } from './backup-model.ts';
import { mergeBackupRoot } from './backup-root.ts';
import { BESIDE_WAITING, BESIDE_WORK, inThreadInspector, type ShardInspector } from './shard-inspector.ts';
import { autoBackupName, decodeSchedule, encodeSchedule, nextDueAt, pruneAutoBackups, SCHEDULE_FILE, type StoredSchedule } from './backup-schedule.ts';

export type BackupProgress = (done: number, total: number) => void;

export interface BackupServiceOptions {
  readonly vault: VaultService;
  readonly kdf: Kdf;
  readonly kdfCost?: KdfCost;
  readonly clock?: () => number;
  /** Where suggestBackupPath proposes to write (the app: the user's Documents folder). */
  readonly defaultFolder?: string;
  /** Progress of long operations, for the views. */
  readonly emit?: <E extends 'backupProgress' | 'backupChanged'>(event: E, payload: EventPayload<E>) => void;
  /** How a backup's shards are read to check them (shard-inspector.ts); here, in turn, by default. */
  readonly inspector?: ShardInspector;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Far beyond a lifetime's vault (the heavy benchmark vault's backup is 8 MB), below what one buffer can hold. */
const MAX_BACKUP_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** The vault's own device list and sharing keys mean nothing to a restored vault (a new vault key): they never travel in a restore. */
function withoutDevices(root: RootDoc): void {
  if (root.devices) delete root.devices;
  if (root.keyGrants) delete root.keyGrants;
}

/** A copy of the open vault, ready to seal: its summary, and the payload (body and proof) the caller zeroes. */
interface VaultCopy {
  readonly contents: BackupContents;
  readonly plaintext: Uint8Array;
}

export class BackupService {
  private readonly options: BackupServiceOptions;
  private sodium: Sodium | undefined;

  private readonly inspector: ShardInspector;

  constructor(options: BackupServiceOptions) {
    this.options = options;
    this.inspector = options.inspector ?? inThreadInspector();
  }

  private async lib(): Promise<Sodium> {
    return (this.sodium ??= await loadSodium());
  }

  private get clock(): () => number {
    return this.options.clock ?? Date.now;
  }

  /** A backup's passphrase: the vault's (checked against its keyring), or a new one strong enough. */
  private async acceptPassphrase(passphrase: string, sameAsVault: boolean): Promise<Result<null>> {
    if (sameAsVault) return this.options.vault.checkPassphrase(passphrase);
    const assessment = assessPassphrase(passphrase);
    return assessment.acceptable ? ok(null) : fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
  }

  /**
   * Writes a backup of the open vault to `path` (replaced atomically). The shards are copied in one
   * turn of the vault's queue, so no edit falls between them; encrypting happens after it.
   */
  async write(requestedPath: string, passphrase: string, options: { sameAsVault?: boolean } = {}): Promise<Result<BackupSummary>> {
    // Only ever (over)writes a .enishi-backup file, whatever path is asked for.
    const path = requestedPath.endsWith(BACKUP_EXTENSION) ? requestedPath : `${requestedPath}${BACKUP_EXTENSION}`;
    const accepted = await this.acceptPassphrase(passphrase, options.sameAsVault ?? false);
    if (!accepted.ok) return accepted;
    const copied = await this.copyVault();
    if (!copied.ok) return copied;
    const { contents, plaintext } = copied.value;
    try {
      const file = await sealBackup(await this.lib(), this.options.kdf, this.options.kdfCost ?? DEFAULT_KDF_COST, plaintext, passphrase);
      return await this.save(path, file, contents);
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * Every shard of the open vault in one turn of its queue, so no edit falls between them; then the
   * proof, under the vault key, that this vault made the backup (what lets a merge treat it as its own).
   */
  private async copyVault(): Promise<Result<VaultCopy>> {
    const copied = await this.options.vault.read(async ({ session, model }) => {
      const shards = await session.backups.backupShards();
      if (!shards.ok) return shards;
      const goals = Object.keys(session.root.goals ?? {}).length;
      return ok({ vaultId: session.vaultId, name: session.vaultName, shards: shards.value, readModel: session.backups.readModelForBackup(), counts: { contacts: model.contactCount, interactions: model.interactionCount, events: model.eventCount, goals } });
    });
    if (!copied.ok) return copied;
    const { vaultId, name, shards, counts, readModel } = copied.value;
    const contents: BackupContents = { manifest: { format: BACKUP_FORMAT, createdAt: this.clock(), vault: { id: hex(vaultId), name }, counts, shards: shards.map((shard) => shard.id) }, shards, readModel: packReadModel(readModel) };
    const body = backupBodyParts(contents);
    const digest = backupDigest(await this.lib(), body);
    const proof = await this.options.vault.read(({ session }) => ok(session.keys.backupProof(digest)));
    if (!proof.ok) return proof;
    return ok({ contents, plaintext: encodeBackupPayload(body, proof.value) });
  }

  /** Whether the open vault made this backup: its proof checks under the vault key. Unproven (format 1, another vault, forged): false. */
  private async isOwnBackup(opened: OpenedBackup): Promise<Result<boolean>> {
    const { proof } = opened;
    if (!proof) return ok(false);
    const sodium = await this.lib();
    return this.options.vault.read(({ session }) => ok(sodium.memcmp(session.keys.backupProof(proof.digest), proof.tag)));
  }

  private async save(path: string, file: Uint8Array, contents: BackupContents): Promise<Result<BackupSummary>> {
    try {
      await writeFileAtomic(path, file);
    } catch (error) {
      return fail('storage-failed', `the backup could not be written: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const { manifest } = contents;
    return ok({ path, createdAt: manifest.createdAt, vaultName: manifest.vault.name, counts: manifest.counts, shards: contents.shards.length, bytes: file.length, sameVault: true });
  }

  // ---- automatic backups (backup-schedule.ts) ---------------------------------------------------

  private async readSchedule(): Promise<Result<StoredSchedule | undefined>> {
    return this.options.vault.read(async ({ session }) => {
      let file: Uint8Array;
      try {
        file = await readFile(join(session.dir, SCHEDULE_FILE));
      } catch {
        return ok(undefined);
      }
      const opened = session.keys.openDeviceFile(file, 'backupSchedule');
      const stored = opened.ok ? decodeSchedule(fromUtf8(opened.value)) : undefined;
      // Set up before headers stopped naming the vault: its key wrap is bound to the vault id, which its backups keep carrying until set up again.
      return ok(stored && { ...stored, key: { ...stored.key, headerId: stored.key.headerId ?? session.vaultId } });
    });
  }

  private async writeSchedule(schedule: StoredSchedule | undefined): Promise<Result<null>> {
    const written = await this.options.vault.read(async ({ session }) => {
      const path = join(session.dir, SCHEDULE_FILE);
      if (schedule) await writeFileAtomic(path, session.keys.sealDeviceFile(utf8(encodeSchedule(schedule)), 'backupSchedule'));
      else await rm(path, { force: true });
      return ok(null);
    });
    this.options.emit?.('backupChanged', {});
    return written;
  }

  private stateOf(schedule: StoredSchedule): BackupScheduleState {
    const { folder, everyDays, keep, lastAt, lastPath, lastError } = schedule;
    return { folder, everyDays: everyDays === 7 ? 7 : 1, keep, nextAt: nextDueAt(schedule, this.clock()), ...(lastAt !== undefined && { lastAt }), ...(lastPath && { lastPath }), ...(lastError && { lastError }) };
  }

  async schedule(): Promise<Result<BackupScheduleState | null>> {
    const stored = await this.readSchedule();
    if (!stored.ok) return stored;
    if (!stored.value) return ok(null);
    (await this.lib()).memzero(stored.value.key.key);
    return ok(this.stateOf(stored.value));
  }

  /** Sets automatic backups up (again): the folder must exist and be writable; a new backup key is made from the passphrase. */
  async setSchedule(settings: BackupSchedule, passphrase: string, options: { sameAsVault?: boolean } = {}): Promise<Result<BackupScheduleState>> {
    try {
      if (!(await stat(settings.folder)).isDirectory()) return fail('folder-unavailable', 'the backup folder is not a folder');
      await access(settings.folder, constants.W_OK);
    } catch {
      return fail('folder-unavailable', 'the backup folder does not exist or cannot be written');
    }
    const accepted = await this.acceptPassphrase(passphrase, options.sameAsVault ?? false);
    if (!accepted.ok) return accepted;
    const previous = await this.readSchedule();
    if (!previous.ok) return previous;
    const key = await newBackupKey(await this.lib(), this.options.kdf, this.options.kdfCost ?? DEFAULT_KDF_COST, passphrase);
    const { lastAt, lastPath } = previous.ok && previous.value ? previous.value : {};
    if (previous.ok && previous.value) (await this.lib()).memzero(previous.value.key.key);
    const schedule: StoredSchedule = { ...settings, key, ...(lastAt !== undefined && { lastAt }), ...(lastPath && { lastPath }) };
    try {
      const written = await this.writeSchedule(schedule);
      return written.ok ? ok(this.stateOf(schedule)) : written;
    } finally {
      (await this.lib()).memzero(key.key);
    }
  }

  async stopSchedule(): Promise<Result<null>> {
    return this.writeSchedule(undefined);
  }

  /**
   * Makes an automatic backup when one is due (or now, when forced), then removes the oldest
   * automatic ones beyond the number kept. A failure is remembered for the view and tried again at
   * the next check. Without a schedule, or while locked: `not-found` / `vault-locked`.
   */
  async runScheduled({ force = false } = {}): Promise<Result<BackupSummary>> {
    const stored = await this.readSchedule();
    if (!stored.ok) return stored;
    const schedule = stored.value;
    if (!schedule) return fail('not-found', 'automatic backups are not set up');
    const now = this.clock();
    if (!force && nextDueAt(schedule, now) > now) {
      (await this.lib()).memzero(schedule.key.key);
      return fail('not-found', 'no automatic backup is due');
    }
    try {
      const copied = await this.copyVault();
      if (!copied.ok) return copied;
      const { contents, plaintext } = copied.value;
      const file = sealBackupWithKey(await this.lib(), schedule.key, plaintext);
      plaintext.fill(0);
      const saved = await this.save(join(schedule.folder, autoBackupName(now)), file, contents);
      if (saved.ok) await pruneAutoBackups(schedule.folder, schedule.keep).catch(() => []);
      const { lastError: _previousError, ...rest } = schedule;
      await this.writeSchedule(saved.ok ? { ...rest, lastAt: now, lastPath: saved.value.path } : { ...schedule, lastError: saved.error.code === 'storage-failed' ? 'folder-unavailable' : saved.error.code });
      return saved;
    } finally {
      (await this.lib()).memzero(schedule.key.key);
    }
  }

  /** Checks every `intervalMs` (and at once) whether an automatic backup is due, while the vault is unlocked. */
  startSchedule(intervalMs = 15 * 60_000): void {
    this.stopScheduleTimer();
    const check = () => {
      if (this.options.vault.isUnlocked) void this.runScheduled().catch(() => undefined);
    };
    this.scheduleTimer = setInterval(check, intervalMs);
    this.scheduleTimer.unref?.();
    check();
  }

  stopScheduleTimer(): void {
    clearInterval(this.scheduleTimer);
    this.scheduleTimer = undefined;
  }

  private scheduleTimer: ReturnType<typeof setInterval> | undefined;

  /** A file name for today's backup in the default folder. */
  suggestPath(): string {
    const day = new Date(this.clock()).toISOString().slice(0, 10);
    return join(this.options.defaultFolder ?? homedir(), `enishi-${day}${BACKUP_EXTENSION}`);
  }

  /** Reads every shard of a backup in Automerge and counts its records: a backup that does not load is refused. */
  private async inspect(shards: readonly BackupShard[], threads: number, progress?: BackupProgress): Promise<Result<{ counts: BackupCounts; inspections: ShardInspection[] }>> {
    let done = 0;
    const replies = await this.inspector.inspect(shards, { threads, inspected: () => progress?.(++done, shards.length) });
    const counts = { contacts: 0, interactions: 0, events: 0, goals: 0 };
    const inspections: ShardInspection[] = [];
    for (const [index, reply] of replies.entries()) {
      const shard = shards[index]!;
      if (!reply.ok) return fail('payload-damaged', `${shard.id} in the backup is not a readable document: ${reply.message}`);
      if (reply.inspection.missingDeps.length > 0) return fail('payload-damaged', `${shard.id} in the backup misses changes it depends on`);
      counts[RECORDS_OF_KIND[shardKind(shard.id)]] += reply.inspection.records;
      inspections.push(reply.inspection);
    }
    return ok({ counts, inspections });
  }

  private progress(operation: BackupOperation, outer?: BackupProgress): BackupProgress {
    return (done, total) => {
      outer?.(done, total);
      this.options.emit?.('backupProgress', { operation, done, total });
    };
  }

  /** Opens a backup and reads every shard in it, without changing anything: what a restore would give. */
  async verify(path: string, passphrase: string, progress?: BackupProgress): Promise<Result<BackupSummary>> {
    this.inspector.prepare(BESIDE_WAITING); // while Argon2id checks the passphrase
    try {
      const opened = await this.open(path, passphrase);
      if (!opened.ok) return opened;
      const inspected = await this.inspect(opened.value.contents.shards, BESIDE_WAITING, this.progress('verify', progress));
      if (!inspected.ok) return inspected;
      return ok(await this.summary(path, opened.value, inspected.value.counts));
    } finally {
      this.inspector.release();
    }
  }

  /**
   * Restores a backup as a new vault (there must be none in the data folder), under `vaultPassphrase`.
   * It gets a new vault id and key: the devices of the vault it came from are not carried over.
   */
  async restore(path: string, backupPassphrase: string, vaultPassphrase: string, progress?: BackupProgress): Promise<Result<VaultStatus>> {
    this.inspector.prepare(BESIDE_WORK); // while Argon2id checks the passphrase
    try {
      return await this.restoreOpened(await this.open(path, backupPassphrase), vaultPassphrase, progress);
    } finally {
      this.inspector.release();
    }
  }

  private async restoreOpened(opened: Result<OpenedBackup & { bytes: number }>, vaultPassphrase: string, progress?: BackupProgress): Promise<Result<VaultStatus>> {
    if (!opened.ok) return opened;
    const { contents } = opened.value;
    // Refuse a backup that would not load, before anything is made; the read model it carries is
    // unpacked here while the shards are inspected (on other cores, with a worker).
    const inspecting = this.inspect(contents.shards, BESIDE_WORK);
    const carried = contents.readModel && unpackReadModel(contents.readModel);
    const inspected = await inspecting;
    if (!inspected.ok) return inspected;
    const { inspections } = inspected.value;
    const sodium = await this.lib();
    return this.options.vault.createFrom('restoring', sodium.randombytes_buf(VAULT_ID_SIZE), sodium.randombytes_buf(VAULT_KEY_SIZE), vaultPassphrase, {
      seed: () => Promise.resolve(),
      populate: async (session) => {
        const shards = contents.shards.map((shard, index) => ({ ...shard, inspection: inspections[index]! }));
        await session.backups.adoptBackupShards(shards, carried, this.progress('restore', progress));
        const root = session.root;
        if (root.devices || root.keyGrants) await session.change(ROOT_SHARD, withoutDevices);
      },
    });
  }

  /**
   * Merges a backup into the open vault, one shard per turn of the vault's queue (the app stays
   * usable meanwhile): contacts, interactions and events by Automerge's merge; the root's content as
   * backup-root.ts says — never devices, sharing keys or anything else that decides who can read.
   * "Of this vault" is decided by the backup's proof under the vault key, never by a vault id.
   */
  async merge(path: string, passphrase: string, progress?: BackupProgress): Promise<Result<BackupSummary>> {
    this.inspector.prepare(BESIDE_WAITING); // while Argon2id checks the passphrase
    try {
      return await this.mergeOpened(path, await this.open(path, passphrase), progress);
    } finally {
      this.inspector.release();
    }
  }

  private async mergeOpened(path: string, opened: Result<OpenedBackup & { bytes: number }>, progress?: BackupProgress): Promise<Result<BackupSummary>> {
    if (!opened.ok) return opened;
    const { contents } = opened.value;
    const inspected = await this.inspect(contents.shards, BESIDE_WAITING);
    if (!inspected.ok) return inspected;
    const own = await this.isOwnBackup(opened.value);
    if (!own.ok) return own;
    const sameVault = own.value;
    const { vault } = this.options;
    const report = this.progress('merge', progress);
    for (const [index, shard] of contents.shards.entries()) {
      const merged = await vault.write(
        [],
        async ({ session }) => {
          if (shard.id === ROOT_SHARD) await mergeBackupRoot(session, shard, sameVault);
          else await session.backups.mergeShard(shard.id, shardBytes(shard));
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
    return ok({ ...(await this.summary(path, opened.value, inspected.value.counts)), sameVault });
  }

  /** Reads a file and checks it is a backup this version reads — before anyone is asked for its passphrase. */
  async check(path: string): Promise<Result<Uint8Array>> {
    let file: Uint8Array;
    try {
      const info = await stat(path);
      // Not a folder, a device (/dev/zero never ends) or a pipe (it may never answer); nothing larger than a backup can be.
      if (!info.isFile()) return fail('not-a-backup', 'that is not a regular file');
      if (info.size > MAX_BACKUP_BYTES) return fail('not-a-backup', `the file is ${info.size} bytes, more than any backup`);
      file = await readFile(path);
    } catch (error) {
      return fail('file-not-found', `the backup file cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const header = readBackupHeader(await this.lib(), file);
    return header.ok ? ok(file) : header;
  }

  private async open(path: string, passphrase: string): Promise<Result<OpenedBackup & { bytes: number }>> {
    const checked = await this.check(path);
    if (!checked.ok) return checked;
    const file = checked.value;
    const opened = await openBackup(await this.lib(), this.options.kdf, file, passphrase);
    if (!opened.ok) return opened;
    return ok({ ...opened.value, bytes: file.length });
  }

  private async summary(path: string, opened: OpenedBackup & { bytes: number }, counts: BackupCounts): Promise<BackupSummary> {
    const own = await this.isOwnBackup(opened);
    return {
      path,
      createdAt: opened.contents.manifest.createdAt,
      vaultName: opened.contents.manifest.vault.name,
      counts,
      shards: opened.contents.shards.length,
      bytes: opened.bytes,
      ...(own.ok && { sameVault: own.value }),
    };
  }
}

