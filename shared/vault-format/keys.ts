/**
 * Vault keys: a random 32-byte vault key, wrapped (XChaCha20-Poly1305) by a key-encryption key that
 * Argon2id derives from the passphrase. Everything else is keyed by subkeys of the vault key, except
 * this device's own files: from format 2.0 they are sealed under a random device key, wrapped beside
 * the vault key, which no other device ever holds.
 */
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { base32 } from '../domain/ids.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { keyWrapAssociatedData, SALT_SIZE, type ContainerHeader, type KdfParams, type WrappedKey } from './container.ts';

export const VAULT_KEY_SIZE = 32;

/** libsodium's MODERATE limits: about 0.7 s and 256 MiB on a 2020s laptop. */
export const DEFAULT_KDF_COST = { opsLimit: 3, memLimit: 256 * 1024 * 1024 } as const;
/** Below this, a vault's keyring is re-wrapped with the default cost after the next unlock. */
export const KDF_FLOOR = { opsLimit: 3, memLimit: 64 * 1024 * 1024 } as const;

export type KdfCost = Pick<KdfParams, 'opsLimit' | 'memLimit'>;

export function newKdfParams(sodium: Sodium, cost: KdfCost = DEFAULT_KDF_COST): KdfParams {
  return { ...cost, salt: sodium.randombytes_buf(SALT_SIZE) };
}

export function isBelowFloor(kdf: KdfCost, floor: KdfCost = KDF_FLOOR): boolean {
  return kdf.opsLimit < floor.opsLimit || kdf.memLimit < floor.memLimit;
}

export function wrapVaultKey(sodium: Sodium, kek: Uint8Array, vaultKey: Uint8Array, vaultId: Uint8Array, kdf: KdfParams): WrappedKey {
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(vaultKey, keyWrapAssociatedData(vaultId, kdf), null, nonce, kek);
  return { nonce, ciphertext };
}

/** The key wrap of the device key (format 2.0) authenticates what the vault key's does, and that it is the device key. */
const deviceKeyWrapAd = (vaultId: Uint8Array, kdf: KdfParams) => concatBytes([keyWrapAssociatedData(vaultId, kdf), new TextEncoder().encode('device-key')]);

/** Wraps this device's own key (device files) under the same key-encryption key as the vault key. */
export function wrapDeviceKey(sodium: Sodium, kek: Uint8Array, deviceKey: Uint8Array, vaultId: Uint8Array, kdf: KdfParams): WrappedKey {
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  return { nonce, ciphertext: sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(deviceKey, deviceKeyWrapAd(vaultId, kdf), null, nonce, kek) };
}

/** This device's key, or undefined for a keyring of format 1.0 (none yet); the vault key has already proven the passphrase. */
export function unwrapDeviceKey(sodium: Sodium, kek: Uint8Array, header: ContainerHeader): Result<Uint8Array | undefined> {
  if (!header.wrappedDeviceKey) return ok(undefined);
  if (!header.kdf) return fail('header-damaged', 'a keyring without KDF parameters');
  try {
    return ok(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, header.wrappedDeviceKey.ciphertext, deviceKeyWrapAd(header.vaultId, header.kdf), header.wrappedDeviceKey.nonce, kek));
  } catch {
    return fail('header-damaged', 'the device key does not unwrap although the vault key did');
  }
}

const storageKeyWrapAd = (vaultId: Uint8Array) => concatBytes([vaultId, new TextEncoder().encode('storage-key')]);

/**
 * Seals the storage key — what this device's shard files, their names and its cache are under — under
 * its device key, so it can be replaced (re-keyed) without the passphrase, yet opens only with it.
 */
export function wrapStorageKey(sodium: Sodium, deviceKey: Uint8Array, storageKey: Uint8Array, vaultId: Uint8Array): WrappedKey {
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  return { nonce, ciphertext: sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(storageKey, storageKeyWrapAd(vaultId), null, nonce, deviceKey) };
}

/** The storage key, or undefined for a keyring that has none (its files are under the vault key itself). */
export function unwrapStorageKey(sodium: Sodium, deviceKey: Uint8Array, header: ContainerHeader): Result<Uint8Array | undefined> {
  if (!header.wrappedStorageKey) return ok(undefined);
  try {
    return ok(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, header.wrappedStorageKey.ciphertext, storageKeyWrapAd(header.vaultId), header.wrappedStorageKey.nonce, deviceKey));
  } catch {
    return fail('header-damaged', 'the storage key does not unwrap although the device key did');
  }
}

/**
 * Unwraps the vault key. The header checksum has already proven the wrapped bytes intact, so a
 * failed authentication here means the key-encryption key is wrong: the passphrase.
 */
export function unwrapVaultKey(sodium: Sodium, kek: Uint8Array, header: ContainerHeader): Result<Uint8Array> {
  if (!header.kdf || !header.wrappedKey) return fail('header-damaged', `a ${header.kind} file holds no wrapped key`);
  try {
    const key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      header.wrappedKey.ciphertext,
      keyWrapAssociatedData(header.vaultId, header.kdf),
      header.wrappedKey.nonce,
      kek,
    );
    return ok(key);
  } catch {
    return fail('wrong-passphrase', 'the passphrase does not unwrap the vault key');
  }
}

/** Purposes of subkeys derived from the vault key. Never renumber: files depend on them. */
export const SUBKEY = { shardPayload: 1, fileNames: 2, readModelCache: 3, deviceState: 4, sharedFolder: 5, discovery: 6, backupProof: 7 } as const;
const SUBKEY_CONTEXT = 'enishi01';

export function deriveSubkey(sodium: Sodium, vaultKey: Uint8Array, purpose: keyof typeof SUBKEY): Uint8Array {
  return sodium.crypto_kdf_derive_from_key(32, SUBKEY[purpose], SUBKEY_CONTEXT, vaultKey);
}

/** A file name that says nothing about what the file holds: a keyed hash of the shard id. */
export function shardFileName(sodium: Sodium, fileNamesKey: Uint8Array, shardId: string): string {
  return `${base32(sodium.crypto_generichash(20, utf8(`shard:${shardId}`), fileNamesKey))}.enishi`;
}
