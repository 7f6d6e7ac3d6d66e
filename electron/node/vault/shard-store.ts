/**
 * Shards on disk. Each shard is two files, both named by a keyed hash of the shard id:
 *   snapshot: container kind `snapshot`; plaintext = u32 covered sequence | Automerge save()
 *   log:      container kind `log` + records of Automerge changes since (see shared/vault-format/log.ts)
 * A write appends one record and fdatasyncs it; compaction writes a new snapshot atomically and
 * only then starts a new, empty log. A damaged file is moved to `quarantine/` (never overwritten)
 * and the rest of the vault opens.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { ByteReader, ByteWriter, concatBytes, utf8 } from '../../../shared/vault-format/bytes.ts';
import { openPayload, PADDED_FROM_MAJOR, parseHeader, sealFile } from '../../../shared/vault-format/container.ts';
import { readLogRecords, sealLogHeader, sealLogRecord } from '../../../shared/vault-format/log.ts';
import { newShardDoc, type ShardDoc } from '../../../shared/vault/documents.ts';
import { allShardIds, type ShardId } from '../../../shared/vault/shards.ts';
import { base32 } from '../../../shared/domain/ids.ts';
import { PRIVATE_DIR_MODE, syncDir, writeFileAtomic } from '../fs/atomic-file.ts';

export interface ShardKeys {
  readonly payload: Uint8Array;
  readonly names: Uint8Array;
}

export interface LoadedShard {
  readonly id: ShardId;
  doc: Automerge.Doc<ShardDoc>;
  /** Sequence of the newest change on disk (in the log, or covered by the snapshot). */
  lastSeq: number;
  /** Newest sequence the snapshot includes. */
  coveredSeq: number;
  /** Records in the log past the snapshot, and the log file's size: compaction hints and the freshness tag. */
  logRecords: number;
  logBytes: number;
  /** The log must be rewritten before the next append (it was damaged, or has a torn tail). */
  logNeedsRewrite: boolean;
  appendHandle: FileHandle | undefined;
}

/** What went wrong with a shard's files, and where the files were put (all that were moved for it). */
export interface ShardProblem {
  readonly shardId: ShardId;
  readonly file: 'snapshot' | 'log';
  readonly code: ErrorCode;
  readonly message: string;
  readonly quarantined: readonly string[];
}

export class ShardStorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShardStorageError';
  }
}

/** A shard file made by a newer Enishi: the data is fine, this version cannot read it. Nothing is moved. */
export class NewerFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NewerFormatError';
  }
}

/** A file of a format before padding (1.0): read as it is, rewritten at the shard's next change or upgrade. */
function isUnpadded(file: Uint8Array): boolean {
  return file.length >= 10 && new DataView(file.buffer, file.byteOffset + 8, 2).getUint16(0, true) < PADDED_FROM_MAJOR;
}

/** Where damaged files are set aside in the vault folder (never deleted by the app). */
export const QUARANTINE_DIR = 'quarantine';
/** The other files of the vault folder (see keyring-file.ts and vault-session.ts). */
const NOT_SHARD_FILES = new Set(['keyring.enishi', 'read-model.enishi', 'first-page.enishi', 'device.enishi', 'backup-schedule.enishi']);
const SEQ_PREFIX = 4;

export class ShardStore {
  private readonly dir: string;
  private readonly sodium: Sodium;
  private readonly vaultId: Uint8Array;
  private readonly keys: ShardKeys;
  private readonly actor: string;
  private readonly names = new Map<ShardId, { snapshot: string; log: string }>();
  /** How long compactions took (benchmarks read it: a compaction holds up the write that triggered it). */
  readonly compactions = { count: 0, totalMs: 0, maxMs: 0 };

  constructor(options: { dir: string; sodium: Sodium; vaultId: Uint8Array; keys: ShardKeys; actor: string }) {
    this.dir = options.dir;
    this.sodium = options.sodium;
    this.vaultId = options.vaultId;
    this.keys = options.keys;
    this.actor = options.actor;
  }

  private fileName(purpose: 'shard' | 'log', id: ShardId): string {
    return `${base32(this.sodium.crypto_generichash(20, utf8(`${purpose}:${id}`), this.keys.names))}.enishi`;
  }

  fileNames(id: ShardId): { snapshot: string; log: string } {
    let names = this.names.get(id);
    if (!names) this.names.set(id, (names = { snapshot: this.fileName('shard', id), log: this.fileName('log', id) }));
    return names;
  }

  /** The shards that have files in the folder (as a listing taken earlier found them, if given). */
  async listShards(known: ReadonlyMap<string, ShardId> = new Map(), listing?: FolderListing): Promise<Set<ShardId>> {
    return new Set(this.identify(listing ? listing.keys() : await readdir(this.dir), known).values());
  }

  /**
   * Maps file names to the shards they belong to. Names are keyed hashes, so an unknown name is
   * found by hashing every possible shard id; `known` (kept in the encrypted read-model cache)
   * spares that work when nothing new has appeared.
   */
  identify(fileNames: Iterable<string>, known: ReadonlyMap<string, ShardId>): Map<string, ShardId> {
    const found = new Map<string, ShardId>();
    const unknown = new Set<string>();
    for (const name of fileNames) {
      if (!isShardFileName(name)) continue;
      const id = known.get(name);
      if (id) found.set(name, id);
      else unknown.add(name);
    }
    if (unknown.size > 0) {
      for (const id of allShardIds()) {
        const { snapshot, log } = this.fileNames(id);
        if (unknown.has(snapshot)) found.set(snapshot, id);
        if (unknown.has(log)) found.set(log, id);
      }
    }
    return found;
  }

  /**
   * Identifies the state of a shard's files from their sizes and first and last KiB, without
   * reading them whole: an append changes a log's size and tail; a new snapshot has a new random
   * stream header near its start. Copying the folder keeps the tag (unlike timestamps), so a moved
   * or restored vault still opens from its cache. Damage inside a large file is found when the
   * shard is loaded, and reported then.
   */
  async tag(id: ShardId, listing?: FolderListing): Promise<string> {
    const names = this.fileNames(id);
    const files = [names.snapshot, names.log];
    const parts = listing ? files.map((name) => listing.get(name) ?? MISSING_FILE) : await Promise.all(files.map((name) => fileFingerprint(join(this.dir, name))));
    return parts.join('|');
  }

  /** The shard's files a tag (see tag) says are there, by name, with their fingerprints. */
  filesOfTag(id: ShardId, tag: string): Record<string, string> {
    const names = this.fileNames(id);
    const [snapshot, log] = tag.split('|');
    return { ...(snapshot && snapshot !== MISSING_FILE && { [names.snapshot]: snapshot }), ...(log && log !== MISSING_FILE && { [names.log]: log }) };
  }

  /** Whether any of the shard's files is of a format before padding (read from their first bytes only). */
  async isUnpadded(id: ShardId): Promise<boolean> {
    const names = this.fileNames(id);
    const starts = await Promise.all([names.snapshot, names.log].map((name) => readStart(join(this.dir, name), 10)));
    return starts.some((start) => start !== undefined && isUnpadded(start));
  }

  /** A shard that has no files yet (or a document read from them). */
  create(id: ShardId, doc?: Automerge.Doc<ShardDoc>): LoadedShard {
    return { id, doc: doc ?? newShardDoc(id, this.actor), lastSeq: 0, coveredSeq: 0, logRecords: 0, logBytes: 0, logNeedsRewrite: false, appendHandle: undefined };
  }

  /** A shard made from a saved document and changes after it (a backup), not yet on disk: compact() writes it. */
  fromSaved(id: ShardId, saved: Uint8Array | undefined, changes: Uint8Array | undefined): LoadedShard {
    const shard = this.create(id);
    if (saved) {
      Automerge.free(shard.doc);
      shard.doc = Automerge.load<ShardDoc>(saved, { actor: this.actor });
    }
    if (changes && changes.length > 0) shard.doc = Automerge.loadIncremental(shard.doc, changes);
    return shard;
  }

  /**
   * Loads a shard, quarantining whatever is damaged; throws only when the folder cannot be read.
   * With `document: false` only Automerge's backend is loaded and `shard.doc` stays an empty view
   * that must not be read or changed, only passed to getBackend, save and release (backend-apply.ts);
   * where there is damage to report the document is built all the same (`documentBuilt`).
   */
  async load(id: ShardId, { document = true }: { document?: boolean } = {}): Promise<{ shard: LoadedShard; problems: ShardProblem[]; documentBuilt: boolean }> {
    const loaded = await this.loadFiles(id, document);
    if (document || loaded.problems.length === 0) return { ...loaded, documentBuilt: document };
    const built = Automerge.load<ShardDoc>(Automerge.save(loaded.shard.doc), { actor: this.actor });
    Automerge.free(loaded.shard.doc);
    loaded.shard.doc = built;
    return { ...loaded, documentBuilt: true };
  }

  private async loadFiles(id: ShardId, document: boolean): Promise<{ shard: LoadedShard; problems: ShardProblem[] }> {
    const names = this.fileNames(id);
    const problems: ShardProblem[] = [];
    const snapshotPath = join(this.dir, names.snapshot);
    const snapshotFile = await readIfPresent(snapshotPath);
    const opened = snapshotFile && this.openSnapshot(id, snapshotFile, document);
    if (opened && !opened.ok && opened.code === 'made-by-newer-version') throw new NewerFormatError(opened.message);
    // A shard without a snapshot starts from its genesis, as a new one does.
    const shard = this.create(id, opened && opened.ok ? opened.doc : undefined);
    if (snapshotFile && opened) {
      if (opened.ok) {
        shard.coveredSeq = shard.lastSeq = opened.coveredSeq;
        if (isUnpadded(snapshotFile)) shard.logNeedsRewrite = true; // rewritten in the current format before the next change
      } else {
        // Later changes depend on the snapshot's, so the log goes aside with it (kept, not overwritten).
        const moved = [await this.quarantine(snapshotPath)];
        if (await readIfPresent(join(this.dir, names.log))) moved.push(await this.quarantine(join(this.dir, names.log)));
        problems.push({ shardId: id, file: 'snapshot', code: opened.code, message: opened.message, quarantined: moved });
        shard.logNeedsRewrite = true; // a new snapshot must replace the quarantined one
        return { shard, problems };
      }
    }

    const logPath = join(this.dir, names.log);
    const logFile = await readIfPresent(logPath);
    if (logFile) {
      const parsed = parseHeader(this.sodium, logFile);
      if (!parsed.ok && parsed.error.code === 'made-by-newer-version') throw new NewerFormatError(`log of ${id}: ${parsed.error.message}`);
      const contents = parsed.ok ? readLogRecords(this.sodium, logFile, parsed.value, this.keys.payload, id) : parsed;
      if (!contents.ok || (parsed.ok && parsed.value.header.kind !== 'log') || (parsed.ok && !this.sodium.memcmp(parsed.value.header.vaultId, this.vaultId))) {
        const code = contents.ok ? (parsed.ok && parsed.value.header.kind !== 'log' ? 'header-damaged' : 'wrong-vault') : contents.error.code;
        problems.push({ shardId: id, file: 'log', code, message: contents.ok ? `log of ${id} is not this vault's log` : contents.error.message, quarantined: [await this.quarantine(logPath)] });
        shard.logNeedsRewrite = true;
      } else {
        const { records, torn, damage } = contents.value;
        const fresh = records.filter((record) => record.seq > shard.coveredSeq);
        if (fresh.length > 0) {
          try {
            const changes = concatBytes(fresh.map((record) => record.data));
            if (document) shard.doc = Automerge.loadIncremental(shard.doc, changes);
            else Automerge.getBackend(shard.doc).loadIncremental(changes);
          } catch (error) {
            problems.push({ shardId: id, file: 'log', code: 'payload-damaged', message: `log of ${id} holds unreadable changes: ${(error as Error).message}`, quarantined: [await this.quarantine(logPath)] });
            shard.logNeedsRewrite = true;
          }
        }
        if (records.length > 0) shard.lastSeq = Math.max(shard.lastSeq, records[records.length - 1]!.seq);
        // Records appended now are padded, which a 1.0 log's header does not announce: it is rewritten first.
        if (isUnpadded(logFile)) shard.logNeedsRewrite = true;
        shard.logRecords = fresh.length;
        shard.logBytes = logFile.length;
        if (damage) {
          problems.push({ shardId: id, file: 'log', code: damage.code, message: `${id}: ${damage.message}`, quarantined: [await this.quarantine(logPath)] });
          shard.logNeedsRewrite = true;
        } else if (torn) {
          shard.logNeedsRewrite = true; // drop the never-completed append before writing after it
        }
      }
    }
    return { shard, problems };
  }

  private openSnapshot(id: ShardId, file: Uint8Array, document: boolean): { ok: true; doc: Automerge.Doc<ShardDoc>; coveredSeq: number } | { ok: false; code: ErrorCode; message: string } {
    const decrypted = this.decryptSnapshot(id, file);
    if (!decrypted.ok) return decrypted;
    try {
      return { ok: true, doc: document ? Automerge.load<ShardDoc>(decrypted.saved, { actor: this.actor }) : backendOnly(decrypted.saved, this.actor), coveredSeq: decrypted.coveredSeq };
    } catch (error) {
      return { ok: false, code: 'payload-damaged', message: `snapshot of ${id} does not hold a readable document: ${(error as Error).message}` };
    }
  }

  /** A snapshot's plaintext: the log sequence it covers and the Automerge save() bytes. */
  private decryptSnapshot(id: ShardId, file: Uint8Array): { ok: true; saved: Uint8Array; coveredSeq: number } | { ok: false; code: ErrorCode; message: string } {
    const parsed = parseHeader(this.sodium, file);
    if (!parsed.ok) return { ok: false, code: parsed.error.code, message: `snapshot of ${id}: ${parsed.error.message}` };
    if (parsed.value.header.kind !== 'snapshot') return { ok: false, code: 'header-damaged', message: `snapshot of ${id} is a ${parsed.value.header.kind} file` };
    if (!this.sodium.memcmp(parsed.value.header.vaultId, this.vaultId)) return { ok: false, code: 'wrong-vault', message: `snapshot of ${id} belongs to another vault` };
    const payload = openPayload(this.sodium, file, parsed.value, this.keys.payload, utf8(`shard:${id}`));
    if (!payload.ok) return { ok: false, code: payload.error.code, message: `snapshot of ${id}: ${payload.error.message}` };
    if (payload.value.length < SEQ_PREFIX) return { ok: false, code: 'payload-damaged', message: `snapshot of ${id} is too short` };
    return { ok: true, saved: payload.value.subarray(SEQ_PREFIX), coveredSeq: new ByteReader(payload.value.subarray(0, SEQ_PREFIX)).u32() };
  }

  /**
   * A shard's snapshot and the changes logged after it, decrypted but not loaded into Automerge
   * (a backup copies them as they are). Damage is reported, not repaired: nothing is moved.
   */
  async readContents(id: ShardId): Promise<Result<{ snapshot: Uint8Array | undefined; records: Uint8Array[] }>> {
    const names = this.fileNames(id);
    let snapshot: Uint8Array | undefined;
    let coveredSeq = 0;
    const snapshotFile = await readIfPresent(join(this.dir, names.snapshot));
    if (snapshotFile) {
      const decrypted = this.decryptSnapshot(id, snapshotFile);
      if (!decrypted.ok) return fail(decrypted.code, decrypted.message);
      snapshot = decrypted.saved;
      coveredSeq = decrypted.coveredSeq;
    }
    const records: Uint8Array[] = [];
    const logFile = await readIfPresent(join(this.dir, names.log));
    if (logFile) {
      const parsed = parseHeader(this.sodium, logFile);
      if (!parsed.ok) return fail(parsed.error.code, `log of ${id}: ${parsed.error.message}`);
      if (!this.sodium.memcmp(parsed.value.header.vaultId, this.vaultId)) return fail('wrong-vault', `log of ${id} belongs to another vault`);
      const contents = readLogRecords(this.sodium, logFile, parsed.value, this.keys.payload, id);
      if (!contents.ok) return fail(contents.error.code, `log of ${id}: ${contents.error.message}`);
      if (contents.value.damage) return fail(contents.value.damage.code, `log of ${id}: ${contents.value.damage.message}`);
      for (const record of contents.value.records) if (record.seq > coveredSeq) records.push(record.data);
    }
    return ok({ snapshot, records });
  }

  /** Moves a damaged file aside; it is never overwritten or deleted by the app. */
  private async quarantine(path: string): Promise<string> {
    const dir = join(this.dir, QUARANTINE_DIR);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const target = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${basename(path)}`);
    await rename(path, target);
    await syncDir(this.dir);
    return target;
  }

  /** Makes one change durable: appended to the shard's log and fdatasynced. */
  async append(shard: LoadedShard, change: Uint8Array): Promise<void> {
    if (shard.logNeedsRewrite) await this.compact(shard);
    if (!shard.appendHandle) shard.appendHandle = await this.openLogForAppend(shard);
    const seq = shard.lastSeq + 1;
    const record = sealLogRecord(this.sodium, this.keys.payload, shard.id, seq, change);
    try {
      await shard.appendHandle.write(record);
      await shard.appendHandle.datasync();
    } catch (error) {
      // Whatever part of the record reached the disk is a torn tail; the next load ignores it.
      await this.release(shard);
      throw new ShardStorageError(`could not append to the log of ${shard.id}`, { cause: error });
    }
    shard.lastSeq = seq;
    shard.logRecords++;
    shard.logBytes += record.length;
  }

  private async openLogForAppend(shard: LoadedShard): Promise<FileHandle> {
    const path = join(this.dir, this.fileNames(shard.id).log);
    if (shard.logBytes === 0) {
      const header = sealLogHeader(this.sodium, this.vaultId);
      await writeFileAtomic(path, header);
      shard.logBytes = header.length;
    }
    return open(path, constants.O_WRONLY | constants.O_APPEND);
  }

  /**
   * Writes the shard's whole state as a new snapshot (atomically), then replaces the log with an
   * empty one. A crash between the two leaves records the snapshot already covers: skipped on load.
   */
  async compact(shard: LoadedShard): Promise<void> {
    const started = performance.now();
    const names = this.fileNames(shard.id);
    await writeFileAtomic(join(this.dir, names.snapshot), this.sealSnapshot(shard.id, shard.lastSeq, Automerge.save(shard.doc)));
    shard.coveredSeq = shard.lastSeq;

    await shard.appendHandle?.close();
    shard.appendHandle = undefined;
    const header = sealLogHeader(this.sodium, this.vaultId);
    await writeFileAtomic(join(this.dir, names.log), header);
    shard.logBytes = header.length;
    shard.logRecords = 0;
    shard.logNeedsRewrite = false;
    const ms = performance.now() - started;
    this.compactions.count++;
    this.compactions.totalMs += ms;
    this.compactions.maxMs = Math.max(this.compactions.maxMs, ms);
  }

  /** A snapshot file: the log sequence number it covers, then the saved document. */
  private sealSnapshot(id: ShardId, coveredSeq: number, saved: Uint8Array): Uint8Array {
    const plaintext = concatBytes([new ByteWriter().u32(coveredSeq).finish(), saved]);
    return sealFile(this.sodium, { vaultId: this.vaultId, kind: 'snapshot', payload: { key: this.keys.payload, plaintext, binding: utf8(`shard:${id}`) } });
  }

  /**
   * Writes a shard's files from a saved document and the changes after it (a restore), as they are:
   * no document is built. The snapshot covers no log record; the changes become records 1, 2, ….
   */
  async writeSaved(id: ShardId, saved: Uint8Array | undefined, changes: readonly Uint8Array[]): Promise<void> {
    const names = this.fileNames(id);
    if (saved) await writeFileAtomic(join(this.dir, names.snapshot), this.sealSnapshot(id, 0, saved));
    const log = concatBytes([sealLogHeader(this.sodium, this.vaultId), ...changes.map((change, index) => sealLogRecord(this.sodium, this.keys.payload, id, index + 1, change))]);
    await writeFileAtomic(join(this.dir, names.log), log);
  }

  private readonly released = new WeakSet<LoadedShard>();

  /** Closes the shard's file and frees its document's memory (once: a second call does nothing). */
  async release(shard: LoadedShard): Promise<void> {
    if (this.released.has(shard)) return;
    this.released.add(shard);
    const handle = shard.appendHandle;
    shard.appendHandle = undefined;
    await handle?.close();
    Automerge.free(shard.doc);
  }
}

/** A saved document in Automerge's backend, behind an empty view (see ShardStore.load). */
function backendOnly(saved: Uint8Array, actor: string): Automerge.Doc<ShardDoc> {
  const doc = Automerge.init<ShardDoc>({ actor });
  try {
    Automerge.getBackend(doc).loadIncremental(saved);
  } catch (error) {
    Automerge.free(doc);
    throw error;
  }
  return doc;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Files up to twice this are fingerprinted whole: every shard at the padding floor (4 KiB) is, so damage in one is seen at unlock. */
const FINGERPRINT_EDGE = 4096;
/** A tag's part for a file that is not there. */
const MISSING_FILE = '-';

/** Whether a file of the vault folder is one of the vault's own (not a temporary file an atomic write leaves while it works). */
const isVaultFileName = (name: string) => name.endsWith('.enishi') && !name.startsWith('.');

/** Whether a file of the vault folder is a shard's snapshot or log (by its name: keyed hashes). */
export const isShardFileName = (name: string) => isVaultFileName(name) && !NOT_SHARD_FILES.has(name);

/** The shard files of a listing, by name, with their fingerprints. */
export const shardFilesOf = (listing: FolderListing): Record<string, string> => Object.fromEntries([...listing].filter(([name]) => isShardFileName(name)));

/** Every file of a folder by name, with its fingerprint (what a shard's tag is made of). */
export type FolderListing = ReadonlyMap<string, string>;

/**
 * Lists the vault folder and fingerprints each of its files. It needs no key, so unlocking takes it
 * while Argon2id runs; the folder lock keeps it true until the session has opened.
 */
export async function listFolder(dir: string): Promise<FolderListing> {
  const names = (await readdir(dir)).filter(isVaultFileName);
  return new Map(await Promise.all(names.map(async (name) => [name, await fileFingerprint(join(dir, name))] as const)));
}

async function fileFingerprint(path: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return MISSING_FILE;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const edges = Buffer.alloc(2 * FINGERPRINT_EDGE);
    await handle.read(edges, 0, FINGERPRINT_EDGE, 0);
    await handle.read(edges, FINGERPRINT_EDGE, FINGERPRINT_EDGE, Math.max(0, size - FINGERPRINT_EDGE));
    return `${size}:${createHash('sha256').update(edges).digest('base64url').slice(0, 22)}`;
  } finally {
    await handle.close();
  }
}

async function readStart(path: string, length: number): Promise<Uint8Array | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const start = Buffer.alloc(length);
    const { bytesRead } = await handle.read(start, 0, length, 0);
    return start.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
