/**
 * The keyring: the vault key and this device's own key (format 2.0), each wrapped by a key Argon2id
 * derives from the passphrase, and the storage key sealed under the device key. The vault key is the
 * same on every device of the vault; the device key is made on this device, seals its device files
 * (docs/vault-format.md) and never leaves it; the storage key is what its files at rest are under.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { parseHeader, sealFile, type ContainerHeader, type KdfParams, type WrappedKey } from '../../../shared/vault-format/container.ts';
import { newKdfParams, unwrapDeviceKey, unwrapStorageKey, unwrapVaultKey, VAULT_KEY_SIZE, wrapDeviceKey, wrapStorageKey, wrapVaultKey, type KdfCost } from '../../../shared/vault-format/keys.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { Kdf } from './kdf.ts';

export const KEYRING_FILE = 'keyring.enishi';
export const DEVICE_KEY_SIZE = VAULT_KEY_SIZE;

export type KeyringHeader = ContainerHeader & { kdf: KdfParams };

/** What a keyring holds once unlocked; the caller owns (and must zero) the keys. */
export interface UnlockedKeyring {
  readonly vaultKey: Uint8Array;
  /** Undefined for a keyring of format 1.0, which has none yet. */
  readonly deviceKey: Uint8Array | undefined;
  /** What this device's files at rest are under: its own since it re-keyed, else (a copy of) the vault key. */
  readonly storageKey: Uint8Array;
  /** Device files may still be sealed the 1.0 way (a migration was under way). */
  readonly legacyDeviceFiles: boolean;
  /** Kept only while the device key is still to be made or its migration finished (migrateKeyring), so that costs no second derivation. */
  readonly kek: Uint8Array | undefined;
}

export async function readKeyring(sodium: Sodium, vaultDir: string): Promise<Result<KeyringHeader>> {
  const file = await readFile(join(vaultDir, KEYRING_FILE));
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return parsed;
  const { header } = parsed.value;
  if (header.kind !== 'keyring' || !header.kdf) return fail('not-a-vault', `the keyring file is a ${header.kind} file`);
  return ok({ ...header, kdf: header.kdf });
}

/** Derives the key-encryption key and unwraps both keys. */
export async function openKeyring(sodium: Sodium, kdf: Kdf, header: KeyringHeader, passphrase: string): Promise<Result<UnlockedKeyring>> {
  const kek = await kdf.derive(passphrase, header.kdf);
  try {
    const vaultKey = unwrapVaultKey(sodium, kek, header);
    if (!vaultKey.ok) return vaultKey;
    const deviceKey = unwrapDeviceKey(sodium, kek, header);
    if (!deviceKey.ok) {
      sodium.memzero(vaultKey.value);
      return deviceKey;
    }
    const storageKey = deviceKey.value ? unwrapStorageKey(sodium, deviceKey.value, header) : ok(undefined);
    if (!storageKey.ok) {
      sodium.memzero(vaultKey.value);
      if (deviceKey.value) sodium.memzero(deviceKey.value);
      return storageKey;
    }
    const migrating = !deviceKey.value || Boolean(header.legacyDeviceFiles);
    return ok({ vaultKey: vaultKey.value, deviceKey: deviceKey.value, storageKey: storageKey.value ?? vaultKey.value.slice(), legacyDeviceFiles: Boolean(header.legacyDeviceFiles), kek: migrating ? kek.slice() : undefined });
  } finally {
    sodium.memzero(kek);
  }
}

/** Writes a keyring file (atomically) from its wrapped keys. */
async function writeKeyringFile(sodium: Sodium, vaultDir: string, fields: { vaultId: Uint8Array; kdf: KdfParams; wrappedKey: WrappedKey; wrappedDeviceKey: WrappedKey; wrappedStorageKey: WrappedKey; legacyDeviceFiles?: boolean | undefined }): Promise<void> {
  const { legacyDeviceFiles, ...keys } = fields;
  await writeFileAtomic(join(vaultDir, KEYRING_FILE), sealFile(sodium, { kind: 'keyring', ...keys, ...(legacyDeviceFiles && { legacyDeviceFiles: true }) }));
}

/**
 * Rewrites the keyring with the same passphrase derivation (salt and cost kept, so no new Argon2id):
 * used to add this device's key to a 1.0 keyring and to end the migration of its device files.
 */
export async function migrateKeyring(sodium: Sodium, vaultDir: string, header: KeyringHeader, kek: Uint8Array, keys: KeyringKeys): Promise<void> {
  const wrappedKey = wrapVaultKey(sodium, kek, keys.vaultKey, header.vaultId, header.kdf);
  const wrappedDeviceKey = wrapDeviceKey(sodium, kek, keys.deviceKey, header.vaultId, header.kdf);
  const wrappedStorageKey = wrapStorageKey(sodium, keys.deviceKey, keys.storageKey, header.vaultId);
  await writeKeyringFile(sodium, vaultDir, { vaultId: header.vaultId, kdf: header.kdf, wrappedKey, wrappedDeviceKey, wrappedStorageKey, legacyDeviceFiles: keys.legacyDeviceFiles });
}

/**
 * Writes, into `vaultDir`, the keyring `header` describes with another storage key (a re-key):
 * the passphrase's wraps are kept as they are, so this needs no passphrase.
 */
export async function writeKeyringWithStorageKey(sodium: Sodium, vaultDir: string, header: KeyringHeader, deviceKey: Uint8Array, storageKey: Uint8Array): Promise<void> {
  if (!header.wrappedKey || !header.wrappedDeviceKey || header.legacyDeviceFiles) throw new Error('only a migrated keyring can be re-keyed');
  const wrappedStorageKey = wrapStorageKey(sodium, deviceKey, storageKey, header.vaultId);
  await writeKeyringFile(sodium, vaultDir, { vaultId: header.vaultId, kdf: header.kdf, wrappedKey: header.wrappedKey, wrappedDeviceKey: header.wrappedDeviceKey, wrappedStorageKey });
}

/** Derives the key-encryption key and unwraps the vault key; the caller owns (and must zero) the result. */
export async function unlockKeyring(sodium: Sodium, kdf: Kdf, header: KeyringHeader, passphrase: string): Promise<Result<Uint8Array>> {
  const opened = await openKeyring(sodium, kdf, header, passphrase);
  if (!opened.ok) return opened;
  if (opened.value.deviceKey) sodium.memzero(opened.value.deviceKey);
  sodium.memzero(opened.value.storageKey);
  if (opened.value.kek) sodium.memzero(opened.value.kek);
  return ok(opened.value.vaultKey);
}

export interface KeyringKeys {
  readonly vaultKey: Uint8Array;
  readonly deviceKey: Uint8Array;
  readonly storageKey: Uint8Array;
  readonly legacyDeviceFiles?: boolean;
}

/** Wraps the keys under a passphrase (fresh salt) and replaces the keyring atomically. */
export async function writeKeyring(sodium: Sodium, kdf: Kdf, vaultDir: string, vaultId: Uint8Array, keys: KeyringKeys, passphrase: string, cost: KdfCost): Promise<void> {
  const params = newKdfParams(sodium, cost);
  const kek = await kdf.derive(passphrase, params);
  try {
    const wrappedKey = wrapVaultKey(sodium, kek, keys.vaultKey, vaultId, params);
    const wrappedDeviceKey = wrapDeviceKey(sodium, kek, keys.deviceKey, vaultId, params);
    const wrappedStorageKey = wrapStorageKey(sodium, keys.deviceKey, keys.storageKey, vaultId);
    await writeKeyringFile(sodium, vaultDir, { vaultId, kdf: params, wrappedKey, wrappedDeviceKey, wrappedStorageKey, legacyDeviceFiles: keys.legacyDeviceFiles });
  } finally {
    sodium.memzero(kek);
  }
}

export function newDeviceKey(sodium: Sodium): Uint8Array {
  return sodium.randombytes_buf(DEVICE_KEY_SIZE);
}
