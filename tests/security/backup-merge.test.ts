/**
 * Attacker: someone who hands the user a backup file to merge ("here is the backup you asked
 * for"). They want a device of theirs pinned in the vault, or a sharing key granted to it, so it
 * can sync the vault from then on. A merge takes contacts, interactions, events, goals and notes,
 * never devices, grants or anything that decides who can read (docs/backup.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import { afterEach, describe, expect, test } from 'vitest';
import { ok } from '../../shared/api/result.ts';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { newDeviceIdentity, type DeviceIdentity } from '../../shared/sync/identity.ts';
import { backupBodyParts, backupDigest, encodeBackupPayload } from '../../shared/vault-format/backup.ts';
import { addDevice } from '../../shared/vault/devices.ts';
import { newShardDoc, scalar, type RootDoc } from '../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../shared/vault/shards.ts';
import { openBackup } from '../../electron/node/backup/backup-file.ts';
import { loadBackupShard } from '../../electron/node/backup/backup-root.ts';
import { BackupService } from '../../electron/node/backup/backup-service.ts';
import { TEST_KDF_POLICY, testKdf } from '../support/fast-kdf.ts';
import { device, idOf, listeningPort, PASSPHRASE, person, type Cleanups, type Device } from '../support/sync-devices.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { backupPayload, sealCraftedBackup, trySync } from './craft.ts';

const ATTACKER_PASSPHRASE = 'kore-wa-anata-no-bakkuappu-desu-yo';
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function victim(): Promise<{ desktop: Device; backups: BackupService; vaultId: Uint8Array; folder: string }> {
  const desktop = await device('Desktop', cleanups);
  await desktop.call('createVault', { name: '縁', passphrase: PASSPHRASE });
  await desktop.sync.ready;
  await desktop.call('addContact', person('田中'));
  const backups = new BackupService({ vault: desktop.vault, kdf: testKdf, kdfCost: TEST_KDF_POLICY.cost });
  const vaultId = await desktop.vault.read(({ session }) => ok(session.vaultId));
  if (!vaultId.ok) throw new Error('no vault');
  const folder = await makeTempDir('enishi-crafted-');
  cleanups.push(folder.remove);
  return { desktop, backups, vaultId: vaultId.value, folder: folder.path };
}

/** The attacker's device tries to sync with the victim's desktop, knowing where it listens and its signing key. */
async function attackerSyncs(desktop: Device, attacker: DeviceIdentity): Promise<string> {
  const key = Buffer.from(await idOf(desktop, (known) => known.thisDevice), 'hex');
  return trySync(await loadSodium(), await listeningPort(desktop), attacker, key);
}

/** Who may read, as the vault now says after a lock and unlock: paired devices and grants. */
async function whoMayRead(desktop: Device) {
  await desktop.call('lockVault', {});
  await desktop.call('unlockVault', { passphrase: PASSPHRASE });
  await desktop.sync.ready;
  const root = await desktop.vault.read(({ session }) => ok({ devices: Object.keys(session.root.devices ?? {}).sort(), grants: Object.keys(session.root.keyGrants ?? {}) }));
  if (!root.ok) throw new Error('locked');
  return root.value;
}

describe('a crafted backup never grants access', () => {
  test('forged: the vault id (no secret) copied into a backup whose root pins a device of the attacker and grants it a key', async () => {
    const { desktop, backups, vaultId, folder } = await victim();
    const sodium = await loadSodium();
    const before = await whoMayRead(desktop);
    const attacker = newDeviceIdentity(sodium);

    // From the shard's public genesis, with the op counter pushed up so its `devices` wins a conflict with the victim's.
    let root = newShardDoc(ROOT_SHARD, 'ff'.repeat(16)) as Automerge.Doc<RootDoc & Record<string, unknown>>;
    root = Automerge.change(root, (r) => {
      for (let i = 0; i < 500; i++) r[`x${i}`] = i;
    });
    root = Automerge.change(root, (r) => {
      for (let i = 0; i < 500; i++) delete r[`x${i}`];
      addDevice(r, hex(attacker.signPublicKey), 'Desktop', 1);
      r.keyGrants = { '1': scalar('{"grants":{}}') };
    });
    const manifest = { format: 1, createdAt: 1, vault: { id: hex(vaultId), name: '縁' }, counts: { contacts: 0, interactions: 0, events: 0, goals: 0 }, shards: [ROOT_SHARD] };
    const path = join(folder, 'forged.enishi-backup');
    await writeFile(path, await sealCraftedBackup(sodium, vaultId, backupPayload(manifest, [{ id: ROOT_SHARD, doc: root }]), ATTACKER_PASSPHRASE));

    const merged = await backups.merge(path, ATTACKER_PASSPHRASE);
    expect(merged).toMatchObject({ ok: true, value: { sameVault: false } }); // the notice: merged as another vault's data
    expect(await whoMayRead(desktop)).toEqual(before);
    expect(await attackerSyncs(desktop, attacker)).toBe('closed-by-peer');
  });

  test('proven: made by a holder of the vault key (a revoked laptop) from a real backup, its root given a device, a grant and a goal', async () => {
    const { desktop, backups, folder } = await victim();
    const sodium = await loadSodium();
    const before = await whoMayRead(desktop);
    const attacker = newDeviceIdentity(sodium);
    const genuine = join(folder, 'genuine.enishi-backup');
    const written = await backups.write(genuine, ATTACKER_PASSPHRASE);
    expect(written.ok).toBe(true);

    const opened = await openBackup(sodium, testKdf, new Uint8Array(await readFile(genuine)), ATTACKER_PASSPHRASE);
    if (!opened.ok) throw new Error(opened.error.message);
    const { contents } = opened.value;
    const rootShard = contents.shards.find((shard) => shard.id === ROOT_SHARD)!;
    const edited = Automerge.change(loadBackupShard(rootShard) as Automerge.Doc<RootDoc>, (r) => {
      addDevice(r, hex(attacker.signPublicKey), 'Desktop', 1);
      r.keyGrants = { '1': scalar('{"grants":{}}') };
      r.goals ??= {};
      r.goals['g0123456789abcdef'] = { title: scalar('転職先を探す'), createdAt: 1, updatedAt: 1 };
    });
    const shards = contents.shards.map((shard) => (shard.id === ROOT_SHARD ? { id: ROOT_SHARD, snapshot: Automerge.save(edited), records: [] } : shard));
    const body = backupBodyParts({ ...contents, shards });
    // The revoked laptop still holds the vault key, so it can make the proof; the victim's session stands in for it.
    const proof = await desktop.vault.read(({ session }) => ok(session.keys.backupProof(backupDigest(sodium, body))));
    if (!proof.ok) throw new Error('locked');
    const path = join(folder, 'proven.enishi-backup');
    await writeFile(path, await sealCraftedBackup(sodium, sodium.randombytes_buf(16), encodeBackupPayload(body, proof.value), ATTACKER_PASSPHRASE));

    const merged = await backups.merge(path, ATTACKER_PASSPHRASE);
    expect(merged).toMatchObject({ ok: true, value: { sameVault: true } });
    const goals = await desktop.vault.read(({ session }) => ok(Object.keys(session.root.goals ?? {})));
    expect(goals).toEqual({ ok: true, value: ['g0123456789abcdef'] }); // what the user made is taken
    expect(await whoMayRead(desktop)).toEqual(before); // who may read is not
    expect(await attackerSyncs(desktop, attacker)).toBe('closed-by-peer');
  });
});
