/**
 * Devices as the user has them: one vault service and one sync service per device, each in its own
 * folder, talking over TCP on 127.0.0.1. Pairing hands the vault over; edits flow both ways; a
 * revoked, unpaired, replayed or tampering device gets nothing and is logged.
 */
import { readdir } from 'node:fs/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { decodePairingCode, encodePairingCode } from '../../../shared/sync/pairing.ts';
import { device as makeDevice, joinAnswered, listeningPort, names, OTHER_PASSPHRASE, pairedPair as makePair, PASSPHRASE, person, type Cleanups } from '../../../tests/support/sync-devices.ts';
import { flipLastByte, frameProxy } from '../../../tests/support/frame-proxy.ts';
import { mdnsDiscovery } from './discovery.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const device = (name: string) => makeDevice(name, cleanups);
const pairedPair = () => makePair(cleanups);
const makePairWith = makePair;

/** A desktop with a new vault and its sync running, and a laptop with no vault yet. */
async function desktopAndNewLaptop(vaultName = '縁') {
  const desktop = await device('Desktop');
  await desktop.call('createVault', { name: vaultName, passphrase: PASSPHRASE });
  await desktop.sync.ready;
  return { desktop, laptop: await device('Laptop') };
}

describe('pairing a new device', () => {
  test('the new device receives the whole vault under its own passphrase, and both list each other', async () => {
    const { desktop, laptop } = await pairedPair();
    expect(await names(laptop)).toEqual(['佐藤', '田中']);

    // Each device lists both, and knows which one it is; the code is used up.
    const seen = await desktop.call('getDevices', {});
    expect(seen.devices.map((d) => [d.name, d.thisDevice])).toEqual([['Desktop', true], ['Laptop', false]]);
    expect(seen.pairing).toBeUndefined();
    const fromLaptop = await laptop.call('getDevices', {});
    expect(fromLaptop.devices.map((d) => [d.name, d.thisDevice])).toEqual([['Desktop', false], ['Laptop', true]]);
    expect(fromLaptop.devices.map((d) => d.code)).toEqual(seen.devices.map((d) => d.code));

    // The laptop opens with its own passphrase, not the desktop's.
    await laptop.sync.stop();
    await laptop.vault.lock();
    expect((await laptop.attempt('unlockVault', { passphrase: PASSPHRASE })).ok).toBe(false);
    expect((await laptop.attempt('unlockVault', { passphrase: OTHER_PASSPHRASE })).ok).toBe(true);
    expect(await names(laptop)).toEqual(['佐藤', '田中']);
  });

  test('a wrong, mistyped, reused or cancelled code fails clearly and leaves no vault behind', async () => {
    const { desktop, laptop } = await desktopAndNewLaptop();
    const { code } = await desktop.call('startPairing', {});
    const decoded = decodePairingCode(code);
    if (!decoded.ok) throw new Error('code');
    const join = (text: string) => laptop.attempt('joinVault', { code: text, deviceName: 'Laptop', passphrase: OTHER_PASSPHRASE });

    const wrongSecret = encodePairingCode({ ...decoded.value, secret: new Uint8Array(16).fill(9) });
    expect(await join(wrongSecret)).toMatchObject({ ok: false, error: { code: 'pairing-refused' } });
    const at = code.length - 3;
    expect(await join(code.slice(0, at) + (code[at] === '0' ? '1' : '0') + code.slice(at + 1))).toMatchObject({ ok: false, error: { code: 'pairing-code-mistyped' } });
    expect(await join('https://example.com')).toMatchObject({ ok: false, error: { code: 'pairing-code-malformed' } });
    expect(await join('hello')).toMatchObject({ ok: false, error: { code: 'pairing-code-mistyped' } });
    expect(await laptop.call('getVaultStatus', {})).toEqual({ state: 'none' });
    expect((await readdir(laptop.dataDir)).filter((entry) => entry.startsWith('vault'))).toEqual([]);
    expect((await desktop.call('getDevices', {})).refusals.map((r) => r.reason)).toEqual(['bad-pairing-secret']);

    // The right code still works after a wrong guess; then it is used up.
    expect((await joinAnswered(desktop, laptop, { code, deviceName: 'Laptop' })).result.ok).toBe(true);
    const third = await device('Tablet');
    expect(await third.attempt('joinVault', { code, deviceName: 'Tablet', passphrase: OTHER_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'pairing-refused' } });

    // A cancelled code gives nothing either.
    const next = await desktop.call('startPairing', {});
    await desktop.call('cancelPairing', {});
    expect(await third.attempt('joinVault', { code: next.code, deviceName: 'Tablet', passphrase: OTHER_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'pairing-refused' } });
    expect(await third.call('getVaultStatus', {})).toEqual({ state: 'none' });
  });
});

describe('both sides confirm a pairing', () => {
  test('the existing device shows the name and the code the new one shows, and hands over nothing until the user says yes', async () => {
    const { desktop, laptop } = await desktopAndNewLaptop('縁の手帳');
    const { code } = await desktop.call('startPairing', {});
    const joining = laptop.attempt('joinVault', { code, deviceName: 'ノートPC', passphrase: OTHER_PASSPHRASE });

    await expect.poll(async () => (await desktop.call('getDevices', {})).pairing?.request).toBeDefined();
    const asked = await desktop.call('getDevices', {});
    expect(asked.pairing?.request?.name).toBe('ノートPC');
    expect(asked.pairing?.request?.comparison).toMatch(/^\d{3} \d{3}$/);
    // The joining side knows which vault it is joining and shows the same six digits.
    await expect.poll(() => laptop.joinProgress.length).toBe(1);
    expect(laptop.joinProgress[0]).toEqual({ vaultName: '縁の手帳', comparison: asked.pairing!.request!.comparison });
    // Nothing is pinned and no vault exists on the laptop while the user looks.
    expect(asked.devices.map((d) => d.name)).toEqual(['Desktop']);
    expect(await laptop.call('getVaultStatus', {})).toEqual({ state: 'none' });

    await desktop.call('answerPairing', { accept: true });
    expect(await joining).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect((await desktop.call('getDevices', {})).devices.map((d) => d.name)).toEqual(['Desktop', 'ノートPC']);
  });

  test('said no (or the new device gives up): it gets no key, is not pinned, and the code is closed', async () => {
    const { desktop, laptop } = await desktopAndNewLaptop();
    const { code } = await desktop.call('startPairing', {});
    const { result, asked } = await joinAnswered(desktop, laptop, { code, deviceName: 'Laptop' }, false);
    expect(asked).toBeDefined();
    expect(result).toMatchObject({ ok: false, error: { code: 'pairing-declined' } });
    expect(await laptop.call('getVaultStatus', {})).toEqual({ state: 'none' });
    expect((await readdir(laptop.dataDir)).filter((entry) => entry.startsWith('vault'))).toEqual([]);
    const after = await desktop.call('getDevices', {});
    expect(after.devices.map((d) => d.name)).toEqual(['Desktop']);
    expect(after.pairing).toBeUndefined();
    expect(await desktop.attempt('answerPairing', { accept: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // A new device that stops waiting takes its question away with it.
    const again = await desktop.call('startPairing', {});
    const tablet = await device('Tablet');
    const quitting = tablet.attempt('joinVault', { code: again.code, deviceName: 'Tablet', passphrase: OTHER_PASSPHRASE });
    await expect.poll(async () => (await desktop.call('getDevices', {})).pairing?.request).toBeDefined();
    await tablet.sync.stop(); // its app closes
    await desktop.sync.stop();
    expect((await quitting).ok).toBe(false);
  });
});

describe('syncing paired devices', () => {
  test('edits on either device reach the other; views hear of it once per run', async () => {
    const { desktop, laptop } = await pairedPair();
    await desktop.call('addContact', person('鈴木'));
    await laptop.call('addContact', person('高橋'));
    desktop.events.length = 0;
    const status = await laptop.call('syncNow', {});
    expect(status).toMatchObject({ state: 'idle', error: undefined });
    expect(status.lastSyncAt).toBeTypeOf('number');
    expect(await names(laptop)).toEqual(['佐藤', '高橋', '田中', '鈴木'].sort());
    await expect.poll(() => names(desktop)).toEqual(['佐藤', '高橋', '田中', '鈴木'].sort());
    await expect.poll(() => desktop.events.filter((e) => e === 'dataChanged').length).toBe(1);

    // The desktop learned where the laptop listens, so it can start a sync too.
    await desktop.call('addContact', person('伊藤'));
    expect(await desktop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    expect(await names(laptop)).toContain('伊藤');
  });

  test('a revoked device gets nothing more, and the refusal is logged', async () => {
    const { desktop, laptop } = await pairedPair();
    const laptopId = (await laptop.call('getDevices', {})).devices.find((d) => d.thisDevice)!.id;
    await desktop.call('revokeDevice', { id: laptopId });
    await laptop.call('addContact', person('秘密'));
    await desktop.call('addContact', person('新しい人'));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'error', error: 'sync-refused' });
    expect(await names(desktop)).not.toContain('秘密');
    expect(await names(laptop)).not.toContain('新しい人');
    const seen = await desktop.call('getDevices', {});
    expect(seen.refusals[0]).toMatchObject({ reason: 'unknown-device', address: '127.0.0.1' });
    expect(seen.devices.find((d) => d.id === laptopId)?.revokedAt).toBeTypeOf('number');
    // Nor does the desktop sync towards it.
    expect(await desktop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    expect(await names(laptop)).not.toContain('新しい人');
    expect(await desktop.attempt('revokeDevice', { id: seen.devices.find((d) => d.thisDevice)!.id })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('a replayed handshake and a tampered frame get nothing and are logged', async () => {
    const { desktop, laptop } = await pairedPair();
    const port = await listeningPort(desktop);
    // A proxy that records what the laptop sends, and can flip a byte of its first encrypted frame.
    let tamper = false;
    const proxy = await frameProxy(port, (frame, index) => (tamper && index === 3 ? flipLastByte(frame) : frame));
    cleanups.push(proxy.close);
    const { recorded } = proxy;
    const desktopId = (await laptop.call('getDevices', {})).devices.find((d) => !d.thisDevice)!.id;
    await laptop.call('setDeviceAddress', { id: desktopId, address: `127.0.0.1:${proxy.port}` });
    await laptop.call('addContact', person('記録'));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });

    // Replaying the laptop's bytes: the desktop's fresh M2 is not what the recorded M3 signed.
    const before = await names(desktop);
    const replay = await new Promise<Socket>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1', () => resolve(socket));
    });
    replay.on('error', () => undefined);
    replay.write(Buffer.concat(recorded));
    await expect.poll(async () => (await desktop.call('getDevices', {})).refusals.map((r) => r.reason)).toContain('bad-signature');
    replay.destroy();

    tamper = true;
    await laptop.call('addContact', person('改ざん'));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'error' });
    await expect.poll(async () => (await desktop.call('getDevices', {})).refusals.map((r) => r.reason)).toContain('tampered-frame');
    expect(await names(desktop)).toEqual(before);
  });

  test('a connection cut in the middle of a sync (the peer gone) loses nothing, and the next sync finishes without duplicates', async () => {
    const { desktop, laptop } = await pairedPair();
    const desktopId = (await laptop.call('getDevices', {})).devices.find((d) => !d.thisDevice)!.id;
    const port = await listeningPort(desktop);
    // A link that dies after the laptop's tenth frame: some shards got across, the rest did not.
    const proxy = await frameProxy(port, (frame, index) => (index >= 10 ? 'cut' : frame));
    cleanups.push(proxy.close);
    const added = Array.from({ length: 30 }, (_, i) => `途中${String(i).padStart(2, '0')}`);
    for (const name of added) await laptop.call('addContact', person(name));
    await laptop.call('setDeviceAddress', { id: desktopId, address: `127.0.0.1:${proxy.port}` });
    expect((await laptop.call('syncNow', {})).state).toBe('error');
    const partial = (await names(desktop)).filter((name) => name.startsWith('途中'));
    expect(partial.length).toBeLessThan(added.length);

    await laptop.call('setDeviceAddress', { id: desktopId, address: `127.0.0.1:${port}` });
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    const all = await desktop.call('listContacts', { limit: 1000 });
    expect(all.items.map((c) => c.familyName).filter((name) => name.startsWith('途中')).sort()).toEqual(added);
    expect(new Set(all.items.map((c) => c.id)).size).toBe(all.items.length);
    expect(await names(desktop)).toEqual(await names(laptop));
  });

  test('locking in the middle of a sync ends it quietly; after unlocking, it syncs again', async () => {
    const { desktop, laptop } = await pairedPair();
    for (let i = 0; i < 20; i++) await laptop.call('addContact', person(`鍵${i}`));
    const running = laptop.sync.syncNow();
    await laptop.vault.lock();
    await expect(running).resolves.toHaveProperty('ok'); // it settles: no rejection, no key used after the lock
    expect(laptop.sync.status().state).toBe('off');
    await laptop.call('unlockVault', { passphrase: OTHER_PASSPHRASE });
    await laptop.sync.ready;
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    expect((await names(desktop)).filter((name) => name.startsWith('鍵'))).toHaveLength(20);
  });

  test('a device that cannot be reached leaves sync offline, and nothing is lost when it comes back', async () => {
    const { desktop, laptop } = await pairedPair();
    const desktopId = (await laptop.call('getDevices', {})).devices.find((d) => !d.thisDevice)!.id;
    const address = (await desktop.call('getDevices', {})).listening[0]!;
    await desktop.sync.stop();
    await laptop.call('addContact', person('オフライン'));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'offline', error: 'peer-unreachable' });
    expect((await laptop.call('getDevices', {})).devices.find((d) => d.id === desktopId)?.lastError).toBe('peer-unreachable');
    // The desktop comes back (on whatever port it gets); the laptop is told where.
    await desktop.vault.lock();
    await desktop.call('unlockVault', { passphrase: PASSPHRASE });
    await desktop.sync.ready;
    const again = (await desktop.call('getDevices', {})).listening[0]!;
    expect(again).toMatch(/^127\.0\.0\.1:\d+$/);
    if (again !== address) await laptop.call('setDeviceAddress', { id: desktopId, address: again });
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    expect(await names(desktop)).toContain('オフライン');
  });
});

describe('finding devices on the LAN', () => {
  test('over real mDNS, a device that moved is found by its rotating tag and synced with', async () => {
    const { desktop, laptop } = await makePairWith(cleanups, 'Laptop', { desktop: { listenHost: '0.0.0.0', discovery: mdnsDiscovery() }, laptop: { listenHost: '0.0.0.0', discovery: mdnsDiscovery() } });
    const desktopId = (await laptop.call('getDevices', {})).devices.find((d) => !d.thisDevice)!.id;
    // The laptop forgets where the desktop is; the desktop gets a new contact.
    await laptop.call('setDeviceAddress', { id: desktopId, address: '127.0.0.1:1' });
    await desktop.call('addContact', person('見つけた'));
    // mDNS answers within a few seconds; the next sync tries the address it saw, and keeps it once the desktop proves itself there.
    await expect
      .poll(
        async () => {
          await laptop.call('syncNow', {});
          return (await laptop.call('getDevices', {})).devices.find((d) => d.id === desktopId)?.address;
        },
        { timeout: 15_000, interval: 250 },
      )
      .not.toBe('127.0.0.1:1');
    expect(await names(laptop)).toContain('見つけた');
  }, 30_000);
});
