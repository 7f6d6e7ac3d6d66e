/**
 * Test helpers that look inside a vault folder: which file is which shard's snapshot or log, and
 * where each region of a file starts. They use the passphrase like the app does.
 */
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { ByteReader } from '../../shared/vault-format/bytes.ts';
import { parseHeader } from '../../shared/vault-format/container.ts';
import { deriveSubkey } from '../../shared/vault-format/keys.ts';
import { allShardIds, type ShardId } from '../../shared/vault/shards.ts';
import { openKeyring, readKeyring } from '../../electron/node/vault/keyring-file.ts';
import { ShardStore } from '../../electron/node/vault/shard-store.ts';
import { testKdf } from './fast-kdf.ts';

export interface VaultFiles {
  readonly keyring: string;
  readonly cache: string;
  readonly shards: Map<ShardId, { snapshot?: string; log?: string }>;
}

export async function vaultFiles(vaultDir: string, passphrase: string): Promise<VaultFiles> {
  const sodium = await loadSodium();
  const keyring = await readKeyring(sodium, vaultDir);
  if (!keyring.ok) throw new Error(keyring.error.message);
  const unlocked = await openKeyring(sodium, testKdf, keyring.value, passphrase);
  if (!unlocked.ok) throw new Error(unlocked.error.message);
  const names = deriveSubkey(sodium, unlocked.value.storageKey, 'fileNames');
  const store = new ShardStore({ dir: vaultDir, sodium, vaultId: keyring.value.vaultId, keys: { payload: new Uint8Array(32), names }, actor: '00' });
  const present = await store.listShards();
  const files = new Set(await readdir(vaultDir));
  const shards = new Map<ShardId, { snapshot?: string; log?: string }>();
  for (const id of allShardIds()) {
    if (!present.has(id)) continue;
    const { snapshot, log } = store.fileNames(id);
    shards.set(id, { ...(files.has(snapshot) && { snapshot: join(vaultDir, snapshot) }), ...(files.has(log) && { log: join(vaultDir, log) }) });
  }
  return { keyring: join(vaultDir, 'keyring.enishi'), cache: join(vaultDir, 'read-model.enishi'), shards };
}

/** Offsets of the container regions: magic, version, header length, header fields, checksum, and what follows. */
export async function containerRegions(path: string): Promise<{ magic: number; major: number; minor: number; headerLength: number; fields: number; checksum: number; payload: number; size: number }> {
  const file = new Uint8Array(await readFile(path));
  const sodium = await loadSodium();
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const headerLength = new ByteReader(file.subarray(12, 16)).u32();
  return { magic: 0, major: 8, minor: 10, headerLength: 12, fields: 16, checksum: 16 + headerLength, payload: parsed.value.payloadOffset, size: file.length };
}

export async function copyDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

/** How many of the shards in a vault folder a storage key finds (by their keyed names) and reads whole: what a holder of that key could read. */
export async function shardsReadableWith(vaultDir: string, vaultId: Uint8Array, storageKey: Uint8Array): Promise<number> {
  const sodium = await loadSodium();
  const keys = { payload: deriveSubkey(sodium, storageKey, 'shardPayload'), names: deriveSubkey(sodium, storageKey, 'fileNames') };
  const store = new ShardStore({ dir: vaultDir, sodium, vaultId, keys, actor: '00' });
  let readable = 0;
  for (const id of await store.listShards()) if ((await store.readContents(id)).ok) readable++;
  return readable;
}
