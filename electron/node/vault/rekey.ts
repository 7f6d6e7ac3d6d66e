/**
 * Re-keying this device's vault at rest (docs/vault-format.md, "Re-keying"): after a revocation
 * every remaining device rewrites its shard files, their names and its cache under a new random
 * storage key, so the vault key a revoked device kept opens no copy of them made from then on.
 *
 * Crash-safe by folders, never by files: the new vault is built whole in `vault.rekeying-*`,
 * renamed `vault.rekeyed-*` once complete, then swapped in (`vault` → `vault.superseded-*`,
 * `vault.rekeyed-*` → `vault`) and the superseded folder removed. recoverRekey() finishes or undoes
 * whatever a crash left between those steps.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, cp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import { ensurePrivateDir, syncDir } from '../fs/atomic-file.ts';
import { KEYRING_FILE, newDeviceKey, readKeyring, writeKeyringWithStorageKey } from './keyring-file.ts';
import { QUARANTINE_DIR } from './shard-store.ts';
import { DEVICE_FILE_NAMES } from './device-files.ts';
import { VaultSession, type SessionOptions } from './vault-session.ts';

const BUILDING = 'vault.rekeying-';
const BUILT = 'vault.rekeyed-';
const SUPERSEDED = 'vault.superseded-';

async function hasKeyring(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, KEYRING_FILE))).isFile();
  } catch {
    return false;
  }
}

/**
 * Builds a copy of the open vault under a new storage key, beside it in `dataDir`; returns the
 * finished folder and the new key (owned by the caller). The open session is only read.
 */
export async function buildRekeyedVault(sodium: Sodium, session: VaultSession, dataDir: string, options: Pick<SessionOptions, 'clock' | 'maxLoadedShards' | 'compactAfterRecords'>): Promise<{ dir: string; storageKey: Uint8Array }> {
  const shards = await session.backups.backupShards();
  if (!shards.ok) throw new Error(`a shard could not be read for re-keying: ${shards.error.code}`);
  const tag = randomBytes(4).toString('hex');
  const building = join(dataDir, `${BUILDING}${tag}`);
  await ensurePrivateDir(building);
  const storageKey = newDeviceKey(sodium);
  const deviceKey = session.keys.exportDeviceKey();
  try {
    const copy = await VaultSession.open({ dir: building, sodium, vaultId: session.vaultId, vaultKey: session.keys.exportVaultKey(), deviceKey: deviceKey.slice(), storageKey: storageKey.slice(), ...options });
    try {
      // The root first: it lists the other shards, so taking them in adds nothing to it.
      const rootFirst = [...shards.value].sort((a, b) => Number(b.id === ROOT_SHARD) - Number(a.id === ROOT_SHARD));
      for (const shard of rootFirst) await copy.backups.adoptShard(shard.id, shard.snapshot, shard.records);
    } finally {
      await copy.close();
    }
    // This device's own files are under its device key, which does not change: copied as they are;
    // and what was set aside as damaged stays set aside, for the user.
    await cp(join(session.dir, QUARANTINE_DIR), join(building, QUARANTINE_DIR), { recursive: true, errorOnExist: false }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    for (const name of Object.values(DEVICE_FILE_NAMES)) {
      await copyFile(join(session.dir, name), join(building, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    const keyring = await readKeyring(sodium, session.dir);
    if (!keyring.ok) throw new Error(`the keyring could not be read for re-keying: ${keyring.error.code}`);
    await writeKeyringWithStorageKey(sodium, building, keyring.value, deviceKey, storageKey);
    await syncDir(building);
    const built = join(dataDir, `${BUILT}${tag}`);
    await rename(building, built);
    await syncDir(dataDir);
    return { dir: built, storageKey };
  } catch (error) {
    sodium.memzero(storageKey);
    await rm(building, { recursive: true, force: true });
    throw error;
  } finally {
    sodium.memzero(deviceKey);
  }
}

/** Puts a finished re-keyed vault in the place of `vaultDir` (whose session must be closed). */
export async function swapInRekeyedVault(dataDir: string, vaultDir: string, built: string): Promise<void> {
  const superseded = join(dataDir, `${SUPERSEDED}${randomBytes(4).toString('hex')}`);
  await rename(vaultDir, superseded);
  await rename(built, vaultDir);
  await syncDir(dataDir);
  await rm(superseded, { recursive: true, force: true });
}

/**
 * Finishes or undoes a re-key a crash interrupted, before the vault is opened: a finished copy with
 * no vault in place goes in; any other leftover (a copy half built, a finished one the vault never
 * gave way to, a superseded vault) is removed once a vault with a keyring is in place.
 */
export async function recoverRekey(dataDir: string, vaultDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch {
    return;
  }
  const leftovers = entries.filter((name) => name.startsWith(BUILDING) || name.startsWith(BUILT) || name.startsWith(SUPERSEDED));
  if (leftovers.length === 0) return;
  if (!(await hasKeyring(vaultDir))) {
    const built = leftovers.find((name) => name.startsWith(BUILT));
    if (!built || !(await hasKeyring(join(dataDir, built)))) return; // nothing safe to do: leave everything for the user
    await rm(vaultDir, { recursive: true, force: true });
    await rename(join(dataDir, built), vaultDir);
    await syncDir(dataDir);
  }
  for (const name of await readdir(dataDir)) {
    if (name.startsWith(BUILDING) || name.startsWith(BUILT) || name.startsWith(SUPERSEDED)) await rm(join(dataDir, name), { recursive: true, force: true });
  }
}
