/** The keyring: the vault key, wrapped by a key Argon2id derives from the passphrase. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { parseHeader, sealFile, type ContainerHeader, type KdfParams } from '../../../shared/vault-format/container.ts';
import { newKdfParams, unwrapVaultKey, wrapVaultKey, type KdfCost } from '../../../shared/vault-format/keys.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { Kdf } from './kdf.ts';

export const KEYRING_FILE = 'keyring.enishi';

export async function readKeyring(sodium: Sodium, vaultDir: string): Promise<Result<ContainerHeader & { kdf: KdfParams }>> {
  const file = await readFile(join(vaultDir, KEYRING_FILE));
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return parsed;
  const { header } = parsed.value;
  if (header.kind !== 'keyring' || !header.kdf) return fail('not-a-vault', `the keyring file is a ${header.kind} file`);
  return ok({ ...header, kdf: header.kdf });
}

/** Derives the key-encryption key and unwraps the vault key; the caller owns (and must zero) the result. */
export async function unlockKeyring(sodium: Sodium, kdf: Kdf, header: ContainerHeader & { kdf: KdfParams }, passphrase: string): Promise<Result<Uint8Array>> {
  const kek = await kdf.derive(passphrase, header.kdf);
  try {
    return unwrapVaultKey(sodium, kek, header);
  } finally {
    sodium.memzero(kek);
  }
}

/** Wraps the vault key under a new passphrase (fresh salt) and replaces the keyring atomically. */
export async function writeKeyring(sodium: Sodium, kdf: Kdf, vaultDir: string, vaultId: Uint8Array, vaultKey: Uint8Array, passphrase: string, cost: KdfCost): Promise<void> {
  const params = newKdfParams(sodium, cost);
  const kek = await kdf.derive(passphrase, params);
  try {
    const wrappedKey = wrapVaultKey(sodium, kek, vaultKey, vaultId, params);
    await writeFileAtomic(join(vaultDir, KEYRING_FILE), sealFile(sodium, { vaultId, kind: 'keyring', kdf: params, wrappedKey }));
  } finally {
    sodium.memzero(kek);
  }
}
