/**
 * Sealing and opening .enishi-backup files (format: shared/vault-format/backup.ts). Each backup has
 * its own random key, wrapped by a key Argon2id derives from the backup passphrase: knowing one
 * backup's passphrase opens that backup, never the vault.
 */
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { BACKUP_BINDING, decodeBackupPayload, encodeBackupPayload, type BackupContents } from '../../../shared/vault-format/backup.ts';
import { openPayload, parseHeader, sealFile, type KdfParams, type ParsedHeader, type WrappedKey } from '../../../shared/vault-format/container.ts';
import { newKdfParams, unwrapVaultKey, wrapVaultKey, type KdfCost } from '../../../shared/vault-format/keys.ts';
import type { Kdf } from '../vault/kdf.ts';

const BACKUP_KEY_SIZE = 32;

/** A backup key and its wrapping by a passphrase: what a backup's header holds. Scheduled backups keep one. */
export interface WrappedBackupKey {
  readonly kdf: KdfParams;
  readonly wrappedKey: WrappedKey;
  /** The key itself (the holder zeroes it). */
  readonly key: Uint8Array;
}

/** A new random backup key, wrapped by the key Argon2id derives from `passphrase` (fresh salt). */
export async function newBackupKey(sodium: Sodium, kdf: Kdf, cost: KdfCost, vaultId: Uint8Array, passphrase: string): Promise<WrappedBackupKey> {
  const params = newKdfParams(sodium, cost);
  const kek = await kdf.derive(passphrase, params);
  try {
    const key = sodium.randombytes_buf(BACKUP_KEY_SIZE);
    return { kdf: params, wrappedKey: wrapVaultKey(sodium, kek, key, vaultId, params), key };
  } finally {
    sodium.memzero(kek);
  }
}

/** Encrypts a backup under a key already wrapped (no Argon2id here). `vaultId` names the vault it came from. */
export function sealBackupWithKey(sodium: Sodium, vaultId: Uint8Array, key: WrappedBackupKey, contents: BackupContents): Uint8Array {
  const plaintext = encodeBackupPayload(contents);
  try {
    return sealFile(sodium, { vaultId, kind: 'backup', kdf: key.kdf, wrappedKey: key.wrappedKey, payload: { key: key.key, plaintext, binding: BACKUP_BINDING } });
  } finally {
    plaintext.fill(0);
  }
}

/** Encrypts a backup under a new random key wrapped by the passphrase. */
export async function sealBackup(sodium: Sodium, kdf: Kdf, cost: KdfCost, vaultId: Uint8Array, contents: BackupContents, passphrase: string): Promise<Uint8Array> {
  const key = await newBackupKey(sodium, kdf, cost, vaultId, passphrase);
  try {
    return sealBackupWithKey(sodium, vaultId, key, contents);
  } finally {
    sodium.memzero(key.key);
  }
}

/** Checks that a file is a backup this version reads, before any passphrase is asked for. */
export function readBackupHeader(sodium: Sodium, file: Uint8Array): Result<ParsedHeader> {
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return parsed.error.code === 'not-a-vault' ? fail('not-a-backup', 'the file is not an Enishi backup') : parsed;
  if (parsed.value.header.kind !== 'backup') return fail('not-a-backup', `the file is an Enishi ${parsed.value.header.kind} file, not a backup`);
  return parsed;
}

/** Opens a backup: `wrong-passphrase`, or the damage found (`payload-damaged`, `truncated`, …), or its contents. */
export async function openBackup(sodium: Sodium, kdf: Kdf, file: Uint8Array, passphrase: string): Promise<Result<BackupContents & { vaultId: Uint8Array }>> {
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
    const contents = decodeBackupPayload(payload.value);
    return contents.ok ? ok({ ...contents.value, vaultId: header.vaultId }) : contents;
  } finally {
    sodium.memzero(backupKey);
  }
}
