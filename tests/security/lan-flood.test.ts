/**
 * Attacker: a stranger on the same network. They cannot sync, so they try to stop the user's own
 * devices from syncing: a thousand connections, garbage frames, a handshake sent a byte at a time
 * (slowloris), and wrong pairing secrets to close the code the user just opened. The listener's
 * admission (electron/node/sync/admission.ts) gives strangers a few slots per address and a bounded
 * number in all, drops a handshake not done in 3 s, and backs off an address that keeps failing;
 * proven devices have slots of their own. Figures: docs/bench.md ("A stranger's flood").
 *
 * The flood comes from 127.0.0.2–9 (the user's devices use 127.0.0.1): Linux routes all of
 * 127.0.0.0/8 to loopback; elsewhere only 127.0.0.1 exists, so this runs on Linux.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { HANDSHAKE_SIZES } from '../../shared/sync/handshake.ts';
import { newDeviceIdentity } from '../../shared/sync/identity.ts';
import { decodePairingCode } from '../../shared/sync/pairing.ts';
import { joinAsInitiator } from '../../electron/node/sync/connection.ts';
import { device, joinAnswered, listeningPort, names, pairedPair, person, type Cleanups } from '../support/sync-devices.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const STRANGERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9'];

function open(port: number, from: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
    socket.on('error', () => undefined);
  });
}

/** What each stranger connection does: hold the slot silently, send garbage, or send a handshake a byte at a time. */
function misbehave(socket: Socket, kind: number): void {
  if (kind === 0) return;
  if (kind === 1) {
    const garbage = Buffer.alloc(512);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 73 + 11) & 255;
    socket.write(garbage);
    return;
  }
  const header = Buffer.alloc(4);
  header.writeUInt32LE(HANDSHAKE_SIZES.m1); // an M1's length: the listener waits for the rest
  const drip = [...header, ...Buffer.alloc(HANDSHAKE_SIZES.m1, 1)];
  const timer = setInterval(() => {
    if (drip.length === 0 || socket.destroyed) return clearInterval(timer);
    socket.write(Buffer.of(drip.shift()!));
  }, 200);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/** Opens `total` stranger connections, at most `atOnce` at a time, each kept until the listener closes it or 200 ms pass. */
async function flood(port: number, total: number, atOnce: number): Promise<{ held: Socket[] }> {
  const held: Socket[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const socket = await open(port, STRANGERS[n % STRANGERS.length]!);
      if (!socket) continue;
      held.push(socket);
      misbehave(socket, n % 3);
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        setTimeout(resolve, 200).unref(); // do not wait for a slot that is being held: open the next one
      });
    }
  };
  await Promise.all(Array.from({ length: atOnce }, worker));
  return { held };
}

test.runIf(process.platform === 'linux')(
  "a stranger's flood of 1,000 connections, garbage and slowloris: the paired laptop's 100 changes arrive, memory stays bounded, the pairing code survives wrong secrets, the refusals list stays clean",
  async () => {
    const sodium = await loadSodium();
    const { desktop, laptop } = await pairedPair(cleanups);
    const port = await listeningPort(desktop);

    // Without a flood: 100 changes, for comparison (after a first sync, so both are warm).
    await laptop.call('addContact', person('最初'));
    await laptop.call('syncNow', {});
    for (let i = 0; i < 100; i++) await laptop.call('addContact', person(`前${i}`));
    let started = performance.now();
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    const quietMs = performance.now() - started;

    // The flood, and 100 more changes synced while it runs.
    for (let i = 0; i < 100; i++) await laptop.call('addContact', person(`中${i}`));
    const heapBefore = process.memoryUsage().heapUsed;
    const turnedAwayBefore = desktop.sync.diagnostics.turnedAway;
    const flooding = flood(port, 1000, 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    started = performance.now();
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    const floodedMs = performance.now() - started;

    // Wrong pairing secrets from a stranger (an address that took no part in the flood) do not close the code the user opened.
    const { code } = await desktop.call('startPairing', {});
    const decoded = decodePairingCode(code);
    if (!decoded.ok) throw new Error('code');
    for (let i = 0; i < 10; i++) {
      const socket = await open(port, '127.0.0.10');
      if (!socket) continue;
      await joinAsInitiator(socket, { sodium, identity: newDeviceIdentity(sodium), code: { ...decoded.value, secret: sodium.randombytes_buf(16) }, deviceName: 'Stranger', receive: () => Promise.reject(new Error('never')) }).catch(() => undefined);
    }
    const { held } = await flooding;
    const turnedAway = desktop.sync.diagnostics.turnedAway - turnedAwayBefore;
    const tablet = await device('Tablet', cleanups);
    expect((await joinAnswered(desktop, tablet, { code, deviceName: 'Tablet' })).result).toMatchObject({ ok: true, value: { state: 'unlocked' } });

    const names100 = (await names(desktop)).filter((name) => name.startsWith('中'));
    expect(names100).toHaveLength(100);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(heapGrowth).toBeLessThan(128 * 1024 * 1024);
    expect((await desktop.call('getDevices', {})).refusals.filter((refusal) => STRANGERS.includes(refusal.address))).toEqual([]);
    for (const socket of held) socket.destroy();
    expect(turnedAway).toBeGreaterThan(500);
    console.log(`lan flood: 1000 stranger connections, ${turnedAway} turned away at once; 100 changes synced in ${floodedMs.toFixed(0)} ms under the flood vs ${quietMs.toFixed(0)} ms without (${(floodedMs / quietMs).toFixed(2)}x); heap +${(heapGrowth / 1024 / 1024).toFixed(1)} MiB`);
  },
  90_000,
);
