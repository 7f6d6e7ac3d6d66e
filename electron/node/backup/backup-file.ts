/**
 * Sealing and opening .enishi-backup files (format: shared/vault-format/backup.ts). Each backup has
 * its own random key, wrapped by a key Argon2id derives from the backup passphrase: knowing one
 * backup's passphrase opens that backup, never the vault. The header's vault-id field holds a random
 * id of the backup key, not the vault's: a backup file does not say which vault it came from.
 */
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { BACKUP_BINDING, backupDigest, decodeBackupPayload, type BackupContents } from '../../../shared/vault-format/backup.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import { openPayload, parseHeader, sealFile, type KdfParams, type ParsedHeader, type WrappedKey } from '../../../shared/vault-format/container.ts';
import { newKdfParams, unwrapVaultKey, wrapVaultKey, type KdfCost } from '../../../shared/vault-format/keys.ts';
import type { Kdf } from '../vault/kdf.ts';

const BACKUP_KEY_SIZE = 32;

/** A backup key and its wrapping by a passphrase: what a backup's header holds. Scheduled backups keep one. */
export interface WrappedBackupKey {
  /** What the header carries in its vault-id field (the key wrap is bound to it): random, naming no vault. */
  readonly headerId: Uint8Array;
  readonly kdf: KdfParams;
  readonly wrappedKey: WrappedKey;
  /** The key itself (the holder zeroes it). */
  readonly key: Uint8Array;
}

/** A new random backup key, wrapped by the key Argon2id derives from `passphrase` (fresh salt). */
export async function newBackupKey(sodium: Sodium, kdf: Kdf, cost: KdfCost, passphrase: string): Promise<WrappedBackupKey> {
  const params = newKdfParams(sodium, cost);
  const kek = await kdf.derive(passphrase, params);
  try {
    const key = sodium.randombytes_buf(BACKUP_KEY_SIZE);
    const headerId = sodium.randombytes_buf(VAULT_ID_SIZE);
    return { headerId, kdf: params, wrappedKey: wrapVaultKey(sodium, kek, key, headerId, params), key };
  } finally {
    sodium.memzero(kek);
  }
}

/** Encrypts a backup payload (encodeBackupPayload) under a key already wrapped (no Argon2id here); the caller zeroes the plaintext. */
export function sealBackupWithKey(sodium: Sodium, key: WrappedBackupKey, plaintext: Uint8Array): Uint8Array {
  return sealFile(sodium, { vaultId: key.headerId, kind: 'backup', kdf: key.kdf, wrappedKey: key.wrappedKey, payload: { key: key.key, plaintext, binding: BACKUP_BINDING } });
}

/** Encrypts a backup payload under a new random key wrapped by the passphrase. */
export async function sealBackup(sodium: Sodium, kdf: Kdf, cost: KdfCost, plaintext: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const key = await newBackupKey(sodium, kdf, cost, passphrase);
  try {
    return sealBackupWithKey(sodium, key, plaintext);
  } finally {
    sodium.memzero(key.key);
  }
}

/** An opened backup: its contents, and (format 2) its proof with the digest it covers, for the open vault to check. */
export interface OpenedBackup {
  readonly contents: BackupContents;
  readonly proof: { readonly tag: Uint8Array; readonly digest: Uint8Array } | undefined;
}

/** Checks that a file is a backup this version reads, before any passphrase is asked for. */
export function readBackupHeader(sodium: Sodium, file: Uint8Array): Result<ParsedHeader> {
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return parsed.error.code === 'not-a-vault' ? fail('not-a-backup', 'the file is not an Enishi backup') : parsed;
  if (parsed.value.header.kind !== 'backup') return fail('not-a-backup', `the file is an Enishi ${parsed.value.header.kind} file, not a backup`);
  return parsed;
}

/** Opens a backup: `wrong-passphrase`, or the damage found (`payload-damaged`, `truncated`, …), or its contents. */
export async function openBackup(sodium: Sodium, kdf: Kdf, file: Uint8Array, passphrase: string): Promise<Result<OpenedBackup>> {
  const parsed = readBackupHeader(sodium, file);
  if (!parsed.ok) return parsed;
  const { header } = parsed.value;
  if (!header.kdf) return fail('header-damaged', 'the backup holds no key-derivation parameters');
  const kek = await kdf.derive(passphrase, header.kdf);
  let backupKey: Uint8Array;
  try {
    const unwrapped = unwrapVaultKey(sodium, kek, header);
    if (!unwrapped.ok) return unwrapped.error.code === 'wrong-passphrase' ? fail('wrong-passphrase', 'the passphrase does not open this backup') : unwrapped;
    backupKey = unwrapped.value;
  } finally {
    sodium.memzero(kek);
  }
  try {
    const payload = openPayload(sodium, file, parsed.value, backupKey, BACKUP_BINDING);
    if (!payload.ok) return payload;
    const decoded = decodeBackupPayload(payload.value);
    if (!decoded.ok) return decoded;
    const { contents, proof } = decoded.value;
    return ok({ contents, proof: proof && { tag: proof.tag, digest: backupDigest(sodium, [proof.body]) } });
  } finally {
    sodium.memzero(backupKey);
  }
}
