/**
 * Attacker: the thief of a revoked laptop. They have its disk and its passphrase, so everything the
 * laptop held at revocation: the vault key, its own signing key, the sharing keys it was granted,
 * recordings of its sessions. They want what the user writes afterwards, or to undo the revocation.
 * Each attempt is carried out for real against the devices that remain (docs/threat-model.md).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect as connectTcp, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ok } from '../../shared/api/result.ts';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { newDeviceIdentity } from '../../shared/sync/identity.ts';
import { utf8 } from '../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile } from '../../shared/vault-format/container.ts';
import { deriveSubkey } from '../../shared/vault-format/keys.ts';
import { frameProxy } from '../support/frame-proxy.ts';
import { shardsReadableWith } from '../support/vault-files.ts';
import { shareFolder } from '../support/folder-pair.ts';
import { idOf, join as joinVault, listeningPort, names, pairedPair, PASSPHRASE, person, type Cleanups, type Device } from '../support/sync-devices.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const myId = (d: Device) => idOf(d, (device) => device.thisDevice);
const vaultKeyOf = async (d: Device) => {
  const key = await d.vault.read(({ session }) => ok(session.keys.exportVaultKey()));
  if (!key.ok) throw new Error('locked');
  return key.value;
};
const grantsOf = async (d: Device) => {
  const grants = await d.vault.read(({ session }) => ok({ ...(session.root.keyGrants ?? {}) }));
  if (!grants.ok) throw new Error('locked');
  return Object.fromEntries(Object.entries(grants.value).map(([epoch, value]) => [epoch, String(value)]));
};
async function syncRounds(devices: readonly Device[], rounds = 2): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const d of devices) await d.call('syncNow', {});
}

describe('the thief of a revoked laptop', () => {
  test('gets nothing written after the revocation: not over the LAN, not by replaying its sessions, not through the shared folder, not by the sharing key it made while trusted', async () => {
    const { desktop, laptop } = await pairedPair(cleanups);
    const phone = await joinVault(desktop, 'Phone', cleanups);
    // The laptop once rotated the sharing key itself, while it was trusted: it holds that epoch's key.
    await laptop.call('rotateSharingKey', {});
    await syncRounds([laptop, desktop, phone]);
    const laptopsEpoch = Math.max(...Object.keys(await grantsOf(laptop)).map(Number));
    expect((await desktop.call('getDevices', {})).sharing.epoch).toBe(laptopsEpoch);

    // A recording of one of the laptop's LAN sessions with the desktop, for replaying later.
    const proxy = await frameProxy(await listeningPort(desktop));
    cleanups.push(proxy.close);
    await laptop.call('setDeviceAddress', { id: await myId(desktop), address: `127.0.0.1:${proxy.port}` });
    await laptop.call('addContact', person('記録'));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    const recording = Buffer.concat(proxy.sessions.at(-1)!.sent);

    await shareFolder([desktop, laptop, phone], cleanups);
    await syncRounds([desktop, laptop, phone]);

    await desktop.call('revokeDevice', { id: await myId(laptop) });
    await syncRounds([desktop, phone]);
    // The desktop and the phone write under a new epoch that the laptop's grant never reaches, not
    // under the one the laptop made while it was trusted.
    const after = (await desktop.call('getDevices', {})).sharing;
    expect(after).toEqual({ epoch: laptopsEpoch + 1, revokedDeviceHoldsKey: false });
    expect((await phone.call('getDevices', {})).sharing.epoch).toBe(after.epoch);

    await desktop.call('addContact', person('退任後'));
    await phone.call('addContact', person('電話から'));
    await syncRounds([desktop, phone]);
    expect(await names(phone)).toContain('退任後');

    // Over the LAN: its own handshake is refused, and the replayed session gets nothing either.
    await laptop.call('setDeviceAddress', { id: await myId(desktop), address: `127.0.0.1:${await listeningPort(desktop)}` });
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'error' });
    const port = await listeningPort(desktop);
    const replay = await new Promise<Socket>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1', () => resolve(socket));
    });
    const answered: Buffer[] = [];
    replay.on('data', (chunk: Buffer) => answered.push(chunk));
    replay.on('error', () => undefined);
    replay.write(recording);
    await new Promise((resolve) => replay.on('close', resolve));
    // At most the responder's M2 (sealed to the recorded ephemeral key, useless to the replayer); never a frame after it.
    expect(Buffer.concat(answered).length).toBeLessThanOrEqual(4 + 48);

    // Through the folder: it reads every file it can, several times over.
    await syncRounds([laptop], 3);
    expect(await names(laptop)).not.toContain('退任後');
    expect(await names(laptop)).not.toContain('電話から');
    expect((await laptop.call('getDevices', {})).sharing.epoch).toBe(laptopsEpoch);

    // Both remaining devices re-keyed their files at rest: the storage key the laptop holds is neither's now.
    await Promise.all([desktop.sync.whenRekeyed(), phone.sync.whenRekeyed()]);
    const storageKeyOf = async (d: Device) => {
      const key = await d.vault.read(({ session }) => ok(Buffer.from(session.keys.exportStorageKey()).toString('hex')));
      if (!key.ok) throw new Error('locked');
      return key.value;
    };
    const laptopsKey = await storageKeyOf(laptop);
    for (const d of [desktop, phone]) expect(await storageKeyOf(d)).not.toBe(laptopsKey);
  });

  test('cannot get anything of its own accepted: not its changes, not a sharing key it makes after', async () => {
    const { desktop, laptop } = await pairedPair(cleanups);
    const phone = await joinVault(desktop, 'Phone', cleanups);
    await shareFolder([desktop, laptop, phone], cleanups);
    await syncRounds([desktop, laptop, phone]);
    await desktop.call('revokeDevice', { id: await myId(laptop) });
    await syncRounds([desktop, phone]);
    const trustedGrants = await grantsOf(desktop);

    // It writes changes (in its own sub-folder, signed by itself) and makes a new sharing key sealed to
    // every device it knows and signed by itself, then publishes both in the folder and offers them over the LAN.
    await laptop.call('addContact', person('偽物'));
    const forged = await laptop.call('rotateSharingKey', {});
    expect(Object.keys(await grantsOf(laptop))).toContain(String(forged.epoch));
    await syncRounds([laptop], 2);
    await syncRounds([desktop, phone], 2);

    for (const d of [desktop, phone]) {
      expect(await names(d)).not.toContain('偽物');
      expect(await names(d)).not.toContain('記録');
      // No epoch of the laptop's making was taken in; the devices still write under the desktop's.
      expect(Object.keys(await grantsOf(d)).sort()).toEqual(Object.keys(trustedGrants).sort());
      expect((await d.call('getDevices', {})).sharing.epoch).toBe(Math.max(...Object.keys(trustedGrants).map(Number)));
    }
  });

  test('cannot read a copy of a remaining device\'s vault folder made after the revocation, with any key it kept', async () => {
    const { desktop, laptop } = await pairedPair(cleanups);
    await desktop.call('addContact', person('機密'));
    const kept = await laptop.vault.read(({ session }) => ok([session.keys.exportStorageKey(), session.keys.exportVaultKey()]));
    if (!kept.ok) throw new Error('locked');
    const desktopVault = join(desktop.dataDir, 'vault');
    const vaultId = await desktop.vault.read(({ session }) => ok(session.vaultId));
    if (!vaultId.ok) throw new Error('locked');
    const readable = (key: Uint8Array) => shardsReadableWith(desktopVault, vaultId.value, key);
    // While paired, the laptop holds the keys the desktop's files are under (the pairing handed them over).
    expect(await readable(kept.value[0]!)).toBeGreaterThan(0);

    await desktop.call('revokeDevice', { id: await myId(laptop) });
    await desktop.sync.whenRekeyed();
    await desktop.call('addContact', person('退任後の機密'));
    for (const key of kept.value) expect(await readable(key)).toBe(0);
    expect(await names(desktop)).toEqual(expect.arrayContaining(['機密', '退任後の機密']));
  });

  test('cannot read or rewrite the device file of a device that remains', async () => {
    const { desktop, laptop } = await pairedPair(cleanups);
    const desktopId = await myId(desktop);
    await desktop.call('revokeDevice', { id: await myId(laptop) });
    await desktop.sync.whenRekeyed();
    const sodium = await loadSodium();
    // Everything the vault key gives, which the laptop holds.
    const vaultKey = await vaultKeyOf(laptop);
    const vaultKeyDerived = (['deviceState', 'shardPayload', 'readModelCache', 'sharedFolder', 'fileNames'] as const).map((purpose) => deriveSubkey(sodium, vaultKey, purpose));

    // A copy of the desktop's device file (a cloud copy of its disk, a backup of its home folder): nothing opens it.
    const devicePath = join(desktop.dataDir, 'vault', 'device.enishi');
    const copy = new Uint8Array(await readFile(devicePath));
    const parsed = parseHeader(sodium, copy);
    if (!parsed.ok) throw new Error(parsed.error.message);
    for (const key of [vaultKey, ...vaultKeyDerived]) expect(openPayload(sodium, copy, parsed.value, key, utf8('device')).ok).toBe(false);

    // A device file of its own making, under the vault's device-state subkey, put in the desktop's
    // folder: the desktop's own identity swapped for one the thief knows, and no revocations remembered.
    const thiefs = newDeviceIdentity(sodium);
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const planted = { v: 1, signPublicKey: hex(thiefs.signPublicKey), signSecretKey: hex(thiefs.signSecretKey), peers: {}, revoked: [], refusals: [] };
    const vaultId = parsed.value.header.vaultId;
    await desktop.call('lockVault', {});
    await writeFile(devicePath, sealFile(sodium, { vaultId, kind: 'device', payload: { key: vaultKeyDerived[0]!, plaintext: utf8(JSON.stringify(planted)), binding: utf8('device') } }));
    await desktop.call('unlockVault', { passphrase: PASSPHRASE });
    await desktop.sync.ready;

    const now = await myId(desktop);
    expect(now).not.toBe(hex(thiefs.signPublicKey));
    expect(now).not.toBe(desktopId); // its own identity is gone with the file it overwrote: the desktop starts a new one, to be paired again
    expect(await readdir(join(desktop.dataDir, 'vault', 'quarantine'))).toEqual([expect.stringMatching(/^device\.enishi\./)]);
    // The laptop is still revoked in the vault, whatever a device file says.
    expect((await desktop.call('getDevices', {})).devices.find((d) => d.name === 'Laptop')?.revokedAt).toBeTypeOf('number');
  });
});
