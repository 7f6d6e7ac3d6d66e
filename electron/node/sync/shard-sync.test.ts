/**
 * Copies of one vault on several devices, edited apart and then synced: they end up identical and no
 * edit is lost, whatever the schedule; a sync cut off half-way finishes later without duplicates.
 */
import { cp } from 'node:fs/promises';
import { connect as connectTcp, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { flipLastByte, frameProxy } from '../../../tests/support/frame-proxy.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { createDispatcher } from '../api/dispatch.ts';
import { vaultHandlers } from '../api/handlers.ts';
import { VaultService } from '../vault/vault-service.ts';
import { loadSodium } from '../../../shared/crypto/sodium.ts';
import { newDeviceIdentity } from '../../../shared/sync/identity.ts';
import { bytesEqual } from '../../../shared/vault-format/bytes.ts';
import { answerConnection, joinAsInitiator, syncAsInitiator, type JoinOptions } from './connection.ts';
import { keyFingerprint, PairingCodeWindow } from '../../../shared/sync/pairing.ts';
import { serviceEndpoint, syncEndpoints, type SyncEndpoint } from './shard-sync.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const NOW = Date.UTC(2026, 10, 27, 3);

interface Device {
  readonly vault: VaultService;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function device(dataDir: string): Device {
  const vault = new VaultService({ dataDir, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, clock: () => NOW });
  const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: (_m, error) => console.error(error) });
  cleanups.push(() => vault.lock().then(() => undefined));
  return {
    vault,
    async call(method, input) {
      const result = await dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
  };
}

/** One vault, created with a few people, then copied to `count` devices (as pairing will give a new device the vault). */
async function devices(count: number): Promise<{ devices: Device[]; seeded: ContactId[] }> {
  const root = await makeTempDir('enishi-sync-');
  cleanups.push(root.remove);
  const first = device(join(root.path, 'd0'));
  await first.call('createVault', { name: 'shared', passphrase: PASSPHRASE });
  const seeded: ContactId[] = [];
  for (const name of ['田中', '佐藤', '鈴木']) seeded.push((await first.call('addContact', { familyName: name, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' })).id);
  await first.vault.lock();
  const all: Device[] = [first];
  for (let i = 1; i < count; i++) {
    await cp(join(root.path, 'd0'), join(root.path, `d${i}`), { recursive: true });
    all.push(device(join(root.path, `d${i}`)));
  }
  for (const each of all) await each.call('unlockVault', { passphrase: PASSPHRASE });
  return { devices: all, seeded };
}

/** What a user sees of a copy: every contact with its fields and numbers, and the whole timeline. */
async function picture(d: Device) {
  const contacts = (await d.call('listContacts', { limit: 1000, archived: 'include' })).items.map((c) => [c.id, c.familyName, c.company, c.title, c.tags.join(','), c.interactionCount]);
  const timeline = (await d.call('listTimeline', { limit: 1000 })).items.map((row) => (row.type === 'item' ? `${row.id}:${row.summary}` : row.key));
  return { contacts, timeline };
}

const endpoint = (d: Device) => serviceEndpoint(d.vault);

describe('syncing copies of a vault', () => {
  test('concurrent edits on two devices merge; a second sync finds nothing to do; it all survives a restart', async () => {
    const { devices: [laptop, desktop], seeded } = await devices(2);
    const [tanaka, sato] = seeded as [ContactId, ContactId, ContactId];
    const draft = (extra: Partial<MethodInput<'addContact'>>) => ({ familyName: '田中', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });
    await laptop!.call('updateContact', { id: tanaka, draft: draft({ title: '部長' }) });
    await desktop!.call('updateContact', { id: tanaka, draft: draft({ company: '縁商事' }) });
    await laptop!.call('addContact', { familyName: 'Weber', givenName: 'Lea', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    await desktop!.call('addInteraction', { contactIds: [sato], occurredAt: NOW, kind: 'call', direction: 'mutual', summary: 'catch-up call' });
    await laptop!.call('deleteContact', { id: seeded[2]! });

    const report = await syncEndpoints(endpoint(laptop!), endpoint(desktop!));
    expect(report.shardsSynced).toBeGreaterThan(0);
    const merged = await picture(laptop!);
    expect(await picture(desktop!)).toEqual(merged);
    expect(merged.contacts.map(([, name, company, title]) => [name, company, title])).toEqual(
      expect.arrayContaining([
        ['田中', '縁商事', '部長'],
        ['Weber', '', ''],
      ]),
    );
    expect(merged.contacts.map(([, name]) => name)).not.toContain('鈴木');
    expect(merged.timeline).toEqual(expect.arrayContaining([expect.stringMatching(/catch-up call$/)]));

    expect(await syncEndpoints(endpoint(laptop!), endpoint(desktop!))).toMatchObject({ shardsSynced: 0, messages: 0 });
    await desktop!.vault.lock();
    await desktop!.call('unlockVault', { passphrase: PASSPHRASE });
    expect(await picture(desktop!)).toEqual(merged);
  });

  test('a sync cut off half-way finishes later without loss or duplicates', async () => {
    const { devices: [laptop, desktop] } = await devices(2);
    for (let i = 0; i < 12; i++) await laptop!.call('addContact', { familyName: `Person ${i}`, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    for (let i = 0; i < 5; i++) await desktop!.call('addContact', { familyName: `Other ${i}`, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    // The connection drops after the desktop has taken in a few messages, whichever path they took.
    let budget = 3;
    const flaky = (inner: SyncEndpoint): SyncEndpoint => ({
      ...inner,
      async receive(id, message) {
        if (budget-- <= 0) throw new Error('connection lost');
        return inner.receive(id, message);
      },
      async apply(id, changes, heads) {
        if (budget-- <= 0) throw new Error('connection lost');
        return inner.apply(id, changes, heads);
      },
    });
    await expect(syncEndpoints(endpoint(laptop!), flaky(endpoint(desktop!)))).rejects.toThrow('connection lost');
    await syncEndpoints(endpoint(laptop!), endpoint(desktop!));
    const after = await picture(desktop!);
    expect(await picture(laptop!)).toEqual(after);
    expect(after.contacts).toHaveLength(3 + 12 + 5);
    expect(new Set(after.contacts.map(([id]) => id)).size).toBe(after.contacts.length);
  });

  test('three devices, any schedule of edits and partial syncs: all converge and keep every edit', async () => {
    const operation = fc.oneof(
      fc.record({ type: fc.constant('add' as const), on: fc.nat(2), name: fc.constantFrom('Ito', 'Kato', 'Mori', 'Ueda', '山田', '中村') }),
      fc.record({ type: fc.constant('tag' as const), on: fc.nat(2), who: fc.nat(2), tag: fc.constantFrom('SaaS', '勉強会', 'AI') }),
      fc.record({ type: fc.constant('log' as const), on: fc.nat(2), who: fc.nat(2), summary: fc.constantFrom('lunch', 'call', 'mail') }),
      fc.record({ type: fc.constant('sync' as const), a: fc.nat(2), b: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 3, maxLength: 12 }), async (schedule) => {
        const { devices: all, seeded } = await devices(3);
        const added: string[] = [];
        const logged: string[] = [];
        const tags = new Map<ContactId, Set<string>>();
        let n = 0;
        for (const op of schedule) {
          if (op.type === 'add') {
            const name = `${op.name}-${n++}`;
            added.push(name);
            await all[op.on]!.call('addContact', { familyName: name, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
          } else if (op.type === 'tag') {
            const id = seeded[op.who]!;
            const detail = await all[op.on]!.call('getContact', { id });
            await all[op.on]!.call('updateContact', { id, draft: { ...detail, tags: [...new Set([...detail.tags, op.tag])], understanding: { strengths: { text: '' }, values: { text: '' }, interests: { text: '' }, needs: { text: '' } }, notes: [] } });
            tags.set(id, new Set([...(tags.get(id) ?? []), op.tag]));
          } else if (op.type === 'log') {
            const summary = `${op.summary}-${n++}`;
            logged.push(summary);
            await all[op.on]!.call('addInteraction', { contactIds: [seeded[op.who]!], occurredAt: NOW - n * 60_000, kind: 'meeting', direction: 'mutual', summary });
          } else if (op.a !== op.b) {
            await syncEndpoints(endpoint(all[op.a]!), endpoint(all[op.b]!));
          }
        }
        // Everyone meets everyone.
        for (const [a, b] of [[0, 1], [1, 2], [0, 2], [0, 1]] as const) await syncEndpoints(endpoint(all[a]!), endpoint(all[b]!));
        const pictures = await Promise.all(all.map(picture));
        expect(pictures[1]).toEqual(pictures[0]);
        expect(pictures[2]).toEqual(pictures[0]);
        const names = pictures[0]!.contacts.map(([, name]) => name);
        for (const name of added) expect(names).toContain(name);
        for (const summary of logged) expect(pictures[0]!.timeline.some((row) => row.endsWith(`:${summary}`))).toBe(true);
        // Tags added on different devices to the same person are all kept (a set union).
        for (const [id, wanted] of tags) {
          const row = pictures[0]!.contacts.find(([contactId]) => contactId === id)!;
          for (const tag of wanted) expect(String(row[4]).split(',')).toContain(tag);
        }
        for (const d of all) await d.vault.lock();
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('syncing over TCP on 127.0.0.1', () => {
  const vaultId = new Uint8Array(16).fill(1);

  async function listen(handle: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
    const server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    cleanups.push(close);
    return { port: (server.address() as AddressInfo).port, close };
  }

  const connect = (port: number) => new Promise<Socket>((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

  test('two paired devices converge; an unpaired one is refused and changes nothing; a tampered frame is refused', async () => {
    const sodium = await loadSodium();
    const { devices: [laptop, desktop] } = await devices(2);
    const laptopId = newDeviceIdentity(sodium);
    const desktopId = newDeviceIdentity(sodium);
    const strangerId = newDeviceIdentity(sodium);
    const pins = (...ids: { signPublicKey: Uint8Array }[]) => (key: Uint8Array) => ids.some((id) => bytesEqual(id.signPublicKey, key));
    await laptop!.call('addContact', { familyName: 'From laptop', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    await desktop!.call('addContact', { familyName: 'From desktop', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    const before = await picture(desktop!);

    const outcomes: Promise<unknown>[] = [];
    const server = await listen((socket) => {
      outcomes.push(answerConnection(socket, { sodium, identity: desktopId, isPinned: pins(laptopId), local: endpoint(desktop!) }).catch((error: unknown) => error));
    });

    // A device the desktop has not paired with gets nothing.
    await expect(syncAsInitiator(await connect(server.port), { sodium, identity: strangerId, peer: desktopId.signPublicKey, isPinned: pins(desktopId), local: endpoint(laptop!) })).rejects.toThrow();
    expect(await outcomes[0]).toMatchObject({ name: 'HandshakeError', reason: 'unknown-device' });
    expect(await picture(desktop!)).toEqual(before);

    // A proxy that flips one byte of the first encrypted request: the responder refuses it.
    // Frames from the initiator: M1, M3, the channel header, then the first encrypted request.
    const proxy = await frameProxy(server.port, (frame, index) => (index === 3 ? flipLastByte(frame) : frame));
    cleanups.push(proxy.close);
    await expect(syncAsInitiator(await connect(proxy.port), { sodium, identity: laptopId, peer: desktopId.signPublicKey, isPinned: pins(desktopId), local: endpoint(laptop!) })).rejects.toThrow();
    expect(await outcomes[1]).toMatchObject({ name: 'ChannelError' });
    expect(await picture(desktop!)).toEqual(before);

    // The paired laptop syncs.
    const report = await syncAsInitiator(await connect(server.port), { sodium, identity: laptopId, peer: desktopId.signPublicKey, isPinned: pins(desktopId), local: endpoint(laptop!) });
    expect(bytesEqual(report.peer, desktopId.signPublicKey)).toBe(true);
    expect(report.shardsSynced).toBeGreaterThan(0);
    expect(await outcomes[2]).toMatchObject({ peer: laptopId.signPublicKey });
    const after = await picture(desktop!);
    expect(await picture(laptop!)).toEqual(after);
    expect(after.contacts.map(([, name]) => name)).toEqual(expect.arrayContaining(['From laptop', 'From desktop']));

    // Before any handshake, a peer cannot make the desktop read more than a handshake message: a stranger's malformed handshake.
    const raw = await connect(server.port);
    const huge = Buffer.alloc(4);
    huge.writeUInt32LE(1024 * 1024);
    raw.write(huge);
    expect(await outcomes[3]).toMatchObject({ name: 'HandshakeError', reason: 'malformed' });
    raw.destroy();
  });

  test('a new device writes only vault files it was sent: a name that is a path, a keyring or a device file is refused', async () => {
    const sodium = await loadSodium();
    const { devices: [desktop] } = await devices(1);
    const desktopId = newDeviceIdentity(sodium);
    for (const name of ['../keyring.enishi', 'keyring.enishi', 'device.enishi', 'sub/read-model.enishi']) {
      const secret = sodium.randombytes_buf(16);
      const window = new PairingCodeWindow(secret, { clock: Date.now });
      const server = await listen((socket) => {
        void answerConnection(socket, {
          sodium,
          identity: desktopId,
          isPinned: () => false,
          local: endpoint(desktop!),
          pairing: { window: window.forAddress('127.0.0.1'), vaultName: () => Promise.resolve('縁'), ask: () => Promise.resolve(true), admit: () => Promise.resolve({ vaultId, vaultKey: new Uint8Array(32), storageKey: new Uint8Array(32) }), files: () => Promise.resolve([{ name, bytes: Uint8Array.of(1, 2, 3) }]) },
        }).catch(() => undefined);
      });
      const receive = vi.fn<JoinOptions['receive']>();
      const joining = joinAsInitiator(await connect(server.port), { sodium, identity: newDeviceIdentity(sodium), code: { host: '127.0.0.1', port: server.port, fingerprint: keyFingerprint(sodium, desktopId.signPublicKey), secret }, deviceName: 'Laptop', receive });
      await expect(joining, name).rejects.toMatchObject({ name: 'ProtocolViolation' });
      expect(receive).not.toHaveBeenCalled();
    }
  });

  test('a device does not sync with itself, even when its own key is among the pinned', async () => {
    const sodium = await loadSodium();
    const { devices: [laptop] } = await devices(1);
    const me = newDeviceIdentity(sodium);
    const isPinned = (key: Uint8Array) => bytesEqual(key, me.signPublicKey);
    let served: Promise<unknown> | undefined;
    const server = await listen((socket) => {
      served = answerConnection(socket, { sodium, identity: me, isPinned, local: endpoint(laptop!) }).catch((error: unknown) => error);
    });
    await expect(syncAsInitiator(await connect(server.port), { sodium, identity: me, peer: me.signPublicKey, isPinned, local: endpoint(laptop!) })).rejects.toThrow();
    expect(await served).toMatchObject({ name: 'HandshakeError', reason: 'unknown-device' });
  });
});
