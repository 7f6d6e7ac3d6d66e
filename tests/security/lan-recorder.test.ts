/**
 * Attackers: someone who records everything on the LAN (a café's Wi-Fi, a shared office network),
 * and someone who connects to a device's sync port and talks to it. The first wants to learn who
 * the user is, which vault, which devices, or to follow a device from one session to the next; the
 * second wants the device to say anything about itself. The handshake (shared/sync/handshake.ts)
 * is Noise: only ephemeral keys cross in the clear, and the responder answers nobody who has not
 * proven a paired device or the open pairing code.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ok } from '../../shared/api/result.ts';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { initiate } from '../../shared/sync/handshake.ts';
import { newDeviceIdentity } from '../../shared/sync/identity.ts';
import { decodePairingCode, encodePairingCode, keyFingerprint } from '../../shared/sync/pairing.ts';
import { utf8 } from '../../shared/vault-format/bytes.ts';
import { frameProxy, type RecordedSession } from '../support/frame-proxy.ts';
import { device, idOf, joinAnswered, listeningPort, names, PASSPHRASE, person, type Cleanups, type Device } from '../support/sync-devices.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const VAULT_NAME = '山田さんの人脈帳';
const LAPTOP_NAME = 'Yuki’s ThinkPad';
const CONTACT = '渡辺精一郎';

const bytesOf = (session: RecordedSession) => Buffer.concat([...session.sent, ...session.answered]);

/** Every run of `size` bytes in `bytes`, as hex. */
function windows(bytes: Buffer, size: number): Set<string> {
  const seen = new Set<string>();
  for (let at = 0; at + size <= bytes.length; at++) seen.add(bytes.toString('hex', at, at + size));
  return seen;
}

async function overview(d: Device) {
  return d.call('getDevices', {});
}

/** A desktop with a vault; a laptop joins it and syncs twice, every byte through a recording proxy. */
async function recordedLife() {
  const sodium = await loadSodium();
  const desktop = await device('Desktop', cleanups);
  await desktop.call('createVault', { name: VAULT_NAME, passphrase: PASSPHRASE });
  await desktop.sync.ready;
  await desktop.call('addContact', person(CONTACT));
  const port = await listeningPort(desktop);
  const proxy = await frameProxy(port);
  cleanups.push(proxy.close);

  // The code as the desktop shows it, pointed at the recorder instead (the user's network would carry it the same way).
  const shown = decodePairingCode((await desktop.call('startPairing', {})).code);
  if (!shown.ok) throw new Error('no code');
  const laptop = await device(LAPTOP_NAME, cleanups);
  expect((await joinAnswered(desktop, laptop, { code: encodePairingCode({ ...shown.value, port: proxy.port }), deviceName: LAPTOP_NAME })).result).toMatchObject({ ok: true });
  await laptop.sync.ready;
  for (const name of ['小林', '中村']) {
    await laptop.call('addContact', person(name));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
  }
  expect(await names(desktop)).toEqual(expect.arrayContaining(['小林', '中村']));
  const vaultId = await desktop.vault.read(({ session }) => ok(session.vaultId));
  if (!vaultId.ok) throw new Error('locked');
  return { sodium, desktop, laptop, port, sessions: proxy.sessions, vaultId: vaultId.value };
}

describe('a recorder of the whole network', () => {
  test('finds no vault id, key, fingerprint, device name or code, and no bytes that repeat from one session to the next', async () => {
    const { sodium, desktop, sessions, vaultId } = await recordedLife();
    expect(sessions.length).toBe(3); // the join, then two syncs
    const seen = await overview(desktop);
    const identifying: [string, Uint8Array][] = [['vault id', vaultId], ['vault name', utf8(VAULT_NAME)], ['contact', utf8(CONTACT)]];
    for (const known of seen.devices) {
      const key = Buffer.from(known.id, 'hex');
      identifying.push(
        [`${known.name}: signing key`, key],
        [`${known.name}: its X25519 form`, sodium.crypto_sign_ed25519_pk_to_curve25519(key)],
        [`${known.name}: fingerprint`, keyFingerprint(sodium, key)],
        [`${known.name}: name`, utf8(known.name)],
        [`${known.name}: device code`, utf8(known.code)],
        [`${known.name}: device code without dashes`, utf8(known.code.replace(/-/g, ''))],
      );
    }
    expect(seen.devices.map((known) => known.name).sort()).toEqual(['Desktop', LAPTOP_NAME]);
    for (const session of sessions) {
      const travelled = bytesOf(session);
      for (const [what, bytes] of identifying) expect(travelled.includes(Buffer.from(bytes)), what).toBe(false);
    }
    // Two syncs of the same two devices: nothing of 12 bytes or more is the same in both.
    const [, first, second] = sessions.map(bytesOf) as [Buffer, Buffer, Buffer];
    const earlier = windows(first, 12);
    const repeated = [...windows(second, 12)].filter((run) => earlier.has(run));
    expect(repeated).toEqual([]);
  });
});

/**
 * Opens a connection, sends `bytes`, and collects what comes back until the other side closes.
 * Each attempt comes from its own loopback address, so that the back-off a failing address earns
 * (admission.ts) does not turn the next attempt away before it is heard.
 */
let nextAddress = 20;
async function exchange(port: number, bytes: Uint8Array): Promise<Buffer> {
  const socket: Socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${nextAddress++}` });
  const answered: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => answered.push(chunk));
  socket.on('error', () => undefined);
  socket.write(bytes);
  await new Promise((resolve) => socket.once('close', resolve));
  return Buffer.concat(answered);
}

const framed = (message: Uint8Array) => {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(message.length);
  return Buffer.concat([header, message]);
};

describe('an active stranger', () => {
  // Other loopback addresses than 127.0.0.1 answer without set-up on Linux only.
  test.runIf(process.platform === 'linux')('gets not one byte back: not with its own key, not with garbage, not guessing a pairing code, open or not', async () => {
    const { sodium, desktop, port, sessions } = await recordedLife();
    const desktopKey = Buffer.from(await idOf(desktop, (known) => known.thisDevice), 'hex');
    const stranger = newDeviceIdentity(sodium);
    const turnedAwayBefore = desktop.sync.diagnostics.turnedAway;
    const attempts: [string, Uint8Array][] = [
      ['a sync from an unpaired device that knows the desktop’s key', framed(initiate(sodium, { mode: 'sync', identity: stranger, peer: desktopKey }).message)],
      ['a sync to a key that is not the desktop’s', framed(initiate(sodium, { mode: 'sync', identity: stranger, peer: newDeviceIdentity(sodium).signPublicKey }).message)],
      ['garbage of a handshake’s size', framed(Uint8Array.of(2, 1, ...sodium.randombytes_buf(128)))],
      ['a pairing request while no code is open', framed(initiate(sodium, { mode: 'pair', identity: stranger, secret: sodium.randombytes_buf(16) }).message)],
    ];
    for (const [what, bytes] of attempts) expect((await exchange(port, bytes)).length, what).toBe(0);
    await desktop.call('startPairing', {});
    const guess = framed(initiate(sodium, { mode: 'pair', identity: stranger, secret: sodium.randombytes_buf(16) }).message);
    expect((await exchange(port, guess)).length, 'a wrong guess at an open code').toBe(0);

    // A recorded sync, replayed: the desktop answers its first message (that is all it can judge
    // by), but the answer is sealed to the laptop's ephemeral key and the recorded confirmation does
    // not confirm this session: the handshake ends there, and the desktop logs the replay.
    const answer = await exchange(port, Buffer.concat(sessions[1]!.sent));
    expect(answer.length).toBe(4 + 48);
    await expect.poll(async () => (await overview(desktop)).refusals.map((refusal) => refusal.reason)).toContain('bad-signature');
    expect(desktop.sync.diagnostics.turnedAway - turnedAwayBefore).toBe(0); // each attempt was heard, and answered nothing
  });
});
