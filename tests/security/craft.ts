/**
 * What an attacker builds, for the attack tests: backup files made by hand from the published
 * format (docs/backup.md) rather than by the app's own writer, and a stranger's sync attempt.
 */
import { connect } from 'node:net';
import * as Automerge from '@automerge/automerge';
import type { Sodium } from '../../shared/crypto/sodium.ts';
import type { DeviceIdentity } from '../../shared/sync/identity.ts';
import { ByteWriter, concatBytes, utf8 } from '../../shared/vault-format/bytes.ts';
import { sealFile } from '../../shared/vault-format/container.ts';
import { newKdfParams, wrapVaultKey } from '../../shared/vault-format/keys.ts';
import type { ShardId } from '../../shared/vault/shards.ts';
import { syncAsInitiator } from '../../electron/node/sync/connection.ts';
import type { SyncEndpoint } from '../../electron/node/sync/shard-sync.ts';
import { TEST_KDF_POLICY, testKdf } from '../support/fast-kdf.ts';

export interface CraftedShard {
  readonly id: ShardId;
  readonly doc: Automerge.Doc<unknown>;
}

/** The payload as docs/backup.md lays it out: manifest, then each shard as one snapshot; `trailer` after it (format 2's proof). */
export function backupPayload(manifest: object, shards: readonly CraftedShard[], trailer: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = utf8(JSON.stringify(manifest));
  const parts: Uint8Array[] = [new ByteWriter().u32(json.length).finish(), json];
  for (const shard of shards) {
    const saved = Automerge.save(shard.doc);
    parts.push(new ByteWriter().u32(saved.length).finish(), saved, new ByteWriter().u32(0).finish());
  }
  return concatBytes([...parts, trailer]);
}

/** A backup file around `payload`, under `passphrase`, whose header carries `headerId` in its vault-id field. */
export async function sealCraftedBackup(sodium: Sodium, headerId: Uint8Array, payload: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const kdf = newKdfParams(sodium, TEST_KDF_POLICY.cost);
  const kek = await testKdf.derive(passphrase, kdf);
  const key = sodium.randombytes_buf(32);
  const wrappedKey = wrapVaultKey(sodium, kek, key, headerId, kdf);
  return sealFile(sodium, { vaultId: headerId, kind: 'backup', kdf, wrappedKey, payload: { key, plaintext: payload, binding: utf8('backup') } });
}

/** A copy that holds nothing and accepts nothing: all a stranger needs to try a sync. */
export const emptyEndpoint: SyncEndpoint = {
  summary: () => Promise.resolve(new Map()),
  generate: () => Promise.resolve(null),
  receive: () => Promise.resolve(),
  changesAhead: () => Promise.resolve(null),
  apply: () => Promise.resolve(false),
};

/** Connects to a sync listener as `identity`, calling the device whose signing key is `peer`, and tries to sync: the handshake's outcome ('synced', or the refusal's reason). */
export async function trySync(sodium: Sodium, port: number, identity: DeviceIdentity, peer: Uint8Array): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  try {
    await syncAsInitiator(socket, { sodium, identity, peer, isPinned: () => true, local: emptyEndpoint });
    return 'synced';
  } catch (error) {
    return (error as { reason?: string }).reason ?? `${(error as Error).name}: ${(error as Error).message}`;
  }
}
