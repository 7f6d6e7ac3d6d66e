import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ok } from '../../../shared/api/result.ts';
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import { deriveSubkey } from '../../../shared/vault-format/keys.ts';
import { parseHeader } from '../../../shared/vault-format/container.ts';
import { loadSodium } from '../../../shared/crypto/sodium.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { createDispatcher } from '../api/dispatch.ts';
import { vaultHandlers } from '../api/handlers.ts';
import { FIRST_PAGE_FILE, writeFirstPageFile } from './first-page-file.ts';
import { listFolder, shardFilesOf } from './shard-store.ts';
import { VaultService } from './vault-service.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const OPENING_QUERY = { sort: 'reading', offset: 0, limit: 100 } as const;

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let events: { event: EventName; payload: unknown }[];

const vaultDir = () => join(dir.path, 'vault');

function app() {
  const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, emit: (event, payload) => void events.push({ event, payload }) });
  const dispatch = createDispatcher(vaultHandlers(vault));
  const call = async (method: Parameters<typeof dispatch>[0], input: unknown) => {
    const result = await dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as { state?: string; name?: string; total: number; items: { familyName: string }[] };
  };
  return { vault, call };
}

async function vaultWith(familyNames: readonly string[]): Promise<void> {
  const { vault } = app();
  expect((await vault.create('仕事', PASSPHRASE)).ok).toBe(true);
  for (const familyName of familyNames) expect((await vault.addContact(person(familyName))).ok).toBe(true);
  await vault.lock();
}

const person = (familyName: string) => ({ familyName, givenName: '一郎', familyNameKana: '', givenNameKana: '', company: '', title: '' });
const people = (count: number, prefix = '人') => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

beforeEach(async () => {
  dir = await makeTempDir();
  events = [];
});
afterEach(() => dir.remove());

describe('unlocking to the first page', () => {
  test("the window's unlock answers before the session has opened, the list's first page with it; everything else waits for the session", async () => {
    await vaultWith(people(130));
    events = [];
    const { vault, call } = app();

    expect(await call('unlockVault', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked', name: '仕事' });
    expect(vault.isUnlocked).toBe(false); // still opening behind the answer
    const early = await call('listContacts', OPENING_QUERY);
    expect(vault.isUnlocked).toBe(false);
    expect(early.total).toBe(130);
    expect(early.items.map((item) => item.familyName)).toEqual(people(100));

    // Any other question waits its turn behind the opening, and gets the whole vault.
    const later = await call('listContacts', { ...OPENING_QUERY, offset: 100 });
    expect(vault.isUnlocked).toBe(true);
    expect(later.items.map((item) => item.familyName)).toEqual(people(130).slice(100));
    expect(await call('listContacts', OPENING_QUERY)).toEqual(early);
    expect(events.map((entry) => entry.event)).toEqual(['vaultStatusChanged']); // unlocked, and nothing to correct
  });

  test('a write after the first page was saved (the app stopped before the cache) makes unlock wait for the session', async () => {
    await vaultWith(people(3));
    const before = join(dir.path, 'before');
    await cp(vaultDir(), before, { recursive: true });
    const { vault: writer } = app();
    expect((await writer.unlock(PASSPHRASE)).ok).toBe(true);
    expect((await writer.addContact(person('新人'))).ok).toBe(true);
    await writer.lock();
    // The cache and first page as they were before that write: as if the app had stopped before saving them.
    for (const name of ['read-model.enishi', FIRST_PAGE_FILE]) await cp(join(before, name), join(vaultDir(), name));

    const { vault, call } = app();
    await call('unlockVault', { passphrase: PASSPHRASE });
    expect(vault.isUnlocked).toBe(true);
    expect((await call('listContacts', OPENING_QUERY)).items.map((item) => item.familyName)).toContain('新人');
  });

  test('a damaged first page, or none, is not used: unlock waits for the session and the list is whole', async () => {
    await vaultWith(people(5));
    const file = join(vaultDir(), FIRST_PAGE_FILE);
    const bytes = await readFile(file);
    bytes[bytes.length - 20]! ^= 0x01;
    await writeFile(file, bytes);
    for (const damage of ['flipped', 'removed']) {
      if (damage === 'removed') await rm(file);
      const { vault, call } = app();
      await call('unlockVault', { passphrase: PASSPHRASE });
      expect(vault.isUnlocked).toBe(true);
      expect((await call('listContacts', OPENING_QUERY)).total).toBe(5);
      await vault.lock();
      // That unlock wrote a good one again: the next answers from it.
      const next = app();
      await next.call('unlockVault', { passphrase: PASSPHRASE });
      expect(next.vault.isUnlocked).toBe(false);
      await next.vault.lock();
    }
  });

  test('a first page that differs from the opened vault (one an older version wrote) is corrected: the list is told to ask again', async () => {
    await vaultWith(people(4));
    const { vault: setter } = app();
    expect((await setter.unlock(PASSPHRASE)).ok).toBe(true);
    const storageKey = await setter.read(({ session }) => ok(session.keys.exportStorageKey()));
    const real = await setter.listContacts(0, 100);
    await setter.lock();
    if (!storageKey.ok || !real.ok) throw new Error('the vault did not open');
    const sodium = await loadSodium();
    const keyring = parseHeader(sodium, new Uint8Array(await readFile(join(vaultDir(), 'keyring.enishi'))));
    if (!keyring.ok) throw new Error(keyring.error.message);
    const access = { sodium, dir: vaultDir(), vaultId: keyring.value.header.vaultId, key: deriveSubkey(sodium, storageKey.value, 'readModelCache') };
    const olderRows = real.value.items.map((item, i) => ({ ...item, familyName: i === 0 ? '古い表示' : item.familyName }));
    await writeFirstPageFile(access, { vaultName: '仕事', total: 4, items: olderRows }, shardFilesOf(await listFolder(vaultDir())));

    events = [];
    const { call } = app();
    await call('unlockVault', { passphrase: PASSPHRASE });
    expect((await call('listContacts', OPENING_QUERY)).items[0]!.familyName).toBe('古い表示');
    await expect.poll(() => events.map((entry) => entry.event)).toEqual(['vaultStatusChanged', 'dataChanged']);
    expect(events[1]!.payload as EventPayload<'dataChanged'>).toEqual({ areas: ['contacts'] });
    expect((await call('listContacts', OPENING_QUERY)).items[0]!.familyName).toBe(people(4)[0]);
  });
});
