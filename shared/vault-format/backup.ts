/**
 * A backup file (.enishi-backup): a container of kind `backup` (docs/vault-format.md) whose header
 * holds its own random key, wrapped by a key Argon2id derives from the backup passphrase, and whose
 * stream payload (binding "backup") is
 *
 *   u32 manifest length | manifest (UTF-8 JSON) | per shard, in the manifest's order:
 *     u32 snapshot length | Automerge save() (0 bytes: none) | u32 record count | (u32 length | Automerge changes)*
 *   | u32 length | the read model (format 3; raw DEFLATE of UTF-8 JSON; 0 bytes: none)
 *   | proof (32, format 2 and later)
 *
 * The shards are exactly what the vault holds (a snapshot and the changes since), so restoring one
 * gives the same Automerge heads. Device-only files (keyring, device state) are not in a backup.
 * The read model (the lists, derived from the shards, with the heads of each shard it reflects)
 * lets a restore write the shards as they are instead of building every document to derive it
 * again; a restore uses it only for shards whose heads and record counts it matches. The proof is a MAC, under a subkey of the vault key, over the BLAKE2b digest of
 * everything before it: only a holder of the vault key can make a backup that says it is of that
 * vault (the vault id in the manifest is no secret). Format 1 backups carry none.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { isShardId, type ShardId } from '../vault/shards.ts';
import { ByteReader, ByteWriter, concatBytes, fromUtf8, utf8 } from './bytes.ts';

export const BACKUP_FORMAT = 3;
/** Backups made before the proof existed: still read, never taken as proven. */
const UNPROVEN_FORMAT = 1;
/** Backups with a proof and without the read model: still read (a restore derives the model from the shards). */
const PROVEN_FORMAT_WITHOUT_MODEL = 2;
export const BACKUP_PROOF_SIZE = 32;
const PROOF_LABEL = utf8('enishi-backup-proof-v1');
const DIGEST_SLICE = 1024 * 1024;
export const BACKUP_BINDING = utf8('backup');
export const BACKUP_EXTENSION = '.enishi-backup';

const MAX_MANIFEST_BYTES = 1024 * 1024;
/** A shard is kept under ~1 MiB by design; this bound only stops a forged length from allocating gigabytes. */
const MAX_SHARD_PART_BYTES = 256 * 1024 * 1024;
const MAX_RECORDS_PER_SHARD = 1_000_000;

const CountsSchema = z.object({
  contacts: z.number().int().nonnegative(),
  interactions: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  goals: z.number().int().nonnegative(),
});
export type BackupCounts = z.infer<typeof CountsSchema>;

const ManifestSchema = z.object({
  format: z.union([z.literal(UNPROVEN_FORMAT), z.literal(PROVEN_FORMAT_WITHOUT_MODEL), z.literal(BACKUP_FORMAT)]),
  createdAt: z.number().int().nonnegative(),
  vault: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/), name: z.string().max(1000) }),
  counts: CountsSchema,
  shards: z.array(z.string().refine(isShardId, 'not a shard id')).max(100_000),
});
export type BackupManifest = Omit<z.infer<typeof ManifestSchema>, 'shards'> & { readonly shards: readonly ShardId[] };

export interface BackupShard {
  readonly id: ShardId;
  /** The shard's Automerge save(), if it has a snapshot. */
  readonly snapshot: Uint8Array | undefined;
  /** Automerge changes after the snapshot, oldest first. */
  readonly records: readonly Uint8Array[];
}

export interface BackupContents {
  readonly manifest: BackupManifest;
  readonly shards: readonly BackupShard[];
  /** Format 3: the read model as the backup stores it (compressed JSON; electron/node/backup/backup-model.ts), if any. */
  readonly readModel?: Uint8Array | undefined;
}

/** The whole shard as one chunk Automerge's loadIncremental takes (a saved document followed by changes). */
export function shardBytes(shard: BackupShard): Uint8Array {
  return concatBytes([...(shard.snapshot ? [shard.snapshot] : []), ...shard.records]);
}

/** The payload before its proof, as parts (joined once, with the proof, by encodeBackupPayload). */
export function backupBodyParts(contents: BackupContents): Uint8Array[] {
  if (contents.manifest.shards.length !== contents.shards.length || contents.shards.some((shard, i) => shard.id !== contents.manifest.shards[i])) {
    throw new TypeError('the manifest must list the shards in the order they are written');
  }
  const manifest = utf8(JSON.stringify(contents.manifest));
  const parts: Uint8Array[] = [new ByteWriter().u32(manifest.length).finish(), manifest];
  for (const shard of contents.shards) {
    const snapshot = shard.snapshot ?? new Uint8Array(0);
    parts.push(new ByteWriter().u32(snapshot.length).finish(), snapshot, new ByteWriter().u32(shard.records.length).finish());
    for (const record of shard.records) parts.push(new ByteWriter().u32(record.length).finish(), record);
  }
  if (contents.manifest.format === BACKUP_FORMAT) {
    const model = contents.readModel ?? new Uint8Array(0);
    parts.push(new ByteWriter().u32(model.length).finish(), model);
  }
  return parts;
}

/** BLAKE2b-256 of the body, streamed (a body may be far larger than one wasm allocation should be). */
export function backupDigest(sodium: Sodium, parts: readonly Uint8Array[]): Uint8Array {
  const state = sodium.crypto_generichash_init(null, 32);
  for (const part of parts) {
    for (let at = 0; at < part.length; at += DIGEST_SLICE) sodium.crypto_generichash_update(state, part.subarray(at, at + DIGEST_SLICE));
  }
  return sodium.crypto_generichash_final(state, 32);
}

/** The proof that a vault-key holder made this body: a keyed BLAKE2b (a MAC) of its digest under the backup-proof subkey. */
export function backupProof(sodium: Sodium, proofKey: Uint8Array, digest: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(BACKUP_PROOF_SIZE, concatBytes([PROOF_LABEL, digest]), proofKey);
}

export function encodeBackupPayload(body: readonly Uint8Array[], proof: Uint8Array): Uint8Array {
  if (proof.length !== BACKUP_PROOF_SIZE) throw new RangeError(`a backup proof is ${BACKUP_PROOF_SIZE} bytes`);
  return concatBytes([...body, proof]);
}

/** A decoded payload, and (format 2) its proof with the body it covers, for the vault to check. */
export interface DecodedBackup {
  readonly contents: BackupContents;
  readonly proof: { readonly tag: Uint8Array; readonly body: Uint8Array } | undefined;
}

/** Reads a decrypted payload. Never throws on bad input: anything malformed is `payload-damaged`. */
export function decodeBackupPayload(whole: Uint8Array): Result<DecodedBackup> {
  let payload = whole;
  let offset = 0;
  const take = (length: number, what: string): Uint8Array | string => {
    if (length > payload.length - offset) return `${what} runs past the end of the backup`;
    const bytes = payload.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
  const u32 = (what: string): number | string => {
    const bytes = take(4, what);
    return typeof bytes === 'string' ? bytes : new ByteReader(bytes).u32();
  };
  const damaged = (message: string) => fail<DecodedBackup>('payload-damaged', message);

  const manifestLength = u32('the manifest length');
  if (typeof manifestLength === 'string') return damaged(manifestLength);
  if (manifestLength > MAX_MANIFEST_BYTES) return damaged(`the manifest claims ${manifestLength} bytes`);
  const manifestBytes = take(manifestLength, 'the manifest');
  if (typeof manifestBytes === 'string') return damaged(manifestBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(manifestBytes));
  } catch {
    return damaged('the manifest is not readable');
  }
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { format?: unknown }).format === 'number' && (parsed as { format: number }).format > BACKUP_FORMAT) {
    return fail('made-by-newer-version', `backup format ${(parsed as { format: number }).format} is newer than this app reads (${BACKUP_FORMAT})`);
  }
  const manifest = ManifestSchema.safeParse(parsed);
  if (!manifest.success) return damaged(`the manifest is not valid: ${manifest.error.issues[0]?.message ?? 'unknown problem'}`);
  if (new Set(manifest.data.shards).size !== manifest.data.shards.length) return damaged('the manifest lists a shard twice');
  let tag: Uint8Array | undefined;
  if (manifest.data.format !== UNPROVEN_FORMAT) {
    if (whole.length - offset < BACKUP_PROOF_SIZE) return damaged('the backup ends before its proof');
    payload = whole.subarray(0, whole.length - BACKUP_PROOF_SIZE);
    tag = whole.subarray(payload.length);
  }

  const shards: BackupShard[] = [];
  for (const id of manifest.data.shards as ShardId[]) {
    const snapshotLength = u32(`the snapshot length of ${id}`);
    if (typeof snapshotLength === 'string') return damaged(snapshotLength);
    if (snapshotLength > MAX_SHARD_PART_BYTES) return damaged(`the snapshot of ${id} claims ${snapshotLength} bytes`);
    const snapshot = take(snapshotLength, `the snapshot of ${id}`);
    if (typeof snapshot === 'string') return damaged(snapshot);
    const count = u32(`the record count of ${id}`);
    if (typeof count === 'string') return damaged(count);
    if (count > MAX_RECORDS_PER_SHARD) return damaged(`${id} claims ${count} change records`);
    const records: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const length = u32(`the length of change record ${i} of ${id}`);
      if (typeof length === 'string') return damaged(length);
      if (length > MAX_SHARD_PART_BYTES) return damaged(`change record ${i} of ${id} claims ${length} bytes`);
      const record = take(length, `change record ${i} of ${id}`);
      if (typeof record === 'string') return damaged(record);
      records.push(record);
    }
    shards.push({ id, snapshot: snapshot.length > 0 ? snapshot : undefined, records });
  }
  let readModel: Uint8Array | undefined;
  if (manifest.data.format === BACKUP_FORMAT) {
    const length = u32('the read model length');
    if (typeof length === 'string') return damaged(length);
    if (length > MAX_SHARD_PART_BYTES) return damaged(`the read model claims ${length} bytes`);
    const bytes = take(length, 'the read model');
    if (typeof bytes === 'string') return damaged(bytes);
    if (bytes.length > 0) readModel = bytes;
  }
  if (offset !== payload.length) return damaged(`${payload.length - offset} bytes follow the last shard`);
  const contents = { manifest: { ...manifest.data, shards: manifest.data.shards }, shards, ...(readModel && { readModel }) };
  return ok({ contents, proof: tag ? { tag, body: payload } : undefined });
}
