/**
 * Re-keying the vault at rest (rekey.ts): everything is rewritten under a new storage key and
 * nothing is lost, and a crash between any two of its steps leaves a vault that opens whole.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ok } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { shardsReadableWith } from '../../../tests/support/vault-files.ts';
import { openKeyring, readKeyring } from './keyring-file.ts';
import { buildRekeyedVault } from './rekey.ts';
import { VaultService } from './vault-service.ts';

const PASSPHRASE = 'aki-no-yo-no-nagaki-wo-omou';
const NAMES = ['青木', '石井', '上田', '江口', '小川'];
const person = (familyName: string) => ({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });

let sodium: Sodium;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  sodium = await loadSodium();
  dir = await makeTempDir('enishi-rekey-');
});
afterEach(() => dir.remove());

const service = () => new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
const vaultDir = () => join(dir.path, 'vault');
const shardFiles = async () => (await readdir(vaultDir())).filter((name) => /^[0-9a-z]{32}\.enishi$/.test(name)).sort();
const names = async (vault: VaultService) => {
  const page = await vault.listContacts(0, 100);
  if (!page.ok) throw new Error(page.error.message);
  return page.value.items.map((c) => c.familyName).sort();
};

async function keysNow() {
  const keyring = await readKeyring(sodium, vaultDir());
  if (!keyring.ok) throw new Error(keyring.error.message);
  const opened = await openKeyring(sodium, testKdf, keyring.value, PASSPHRASE);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

async function opensWith(storageKey: Uint8Array): Promise<number> {
  const keyring = await readKeyring(sodium, vaultDir());
  if (!keyring.ok) throw new Error(keyring.error.message);
  return shardsReadableWith(vaultDir(), keyring.value.vaultId, storageKey);
}

async function vaultWithPeople(): Promise<VaultService> {
  const vault = service();
  await vault.create('縁', PASSPHRASE);
  for (const name of NAMES) await vault.addContact(person(name));
  return vault;
}

describe('re-keying at rest', () => {
  test('rewrites everything under a new storage key: the old key opens none of it, nothing is lost, the vault goes on', async () => {
    const vault = await vaultWithPeople();
    const before = await keysNow();
    const filesBefore = await shardFiles();
    expect(await opensWith(before.storageKey)).toBeGreaterThan(0);

    expect(await vault.rekeyStorage()).toEqual({ ok: true, value: null });
    const after = await keysNow();
    expect([...after.storageKey]).not.toEqual([...before.storageKey]);
    expect([...after.vaultKey]).toEqual([...before.vaultKey]); // what the devices share stays
    expect([...after.deviceKey!]).toEqual([...before.deviceKey!]);
    const filesAfter = await shardFiles();
    expect(filesAfter.filter((name) => filesBefore.includes(name))).toEqual([]); // names are keyed too
    expect(await opensWith(before.storageKey)).toBe(0);
    expect(await opensWith(after.storageKey)).toBeGreaterThan(0);
    expect((await readdir(dir.path)).filter((name) => name.startsWith('vault.'))).toEqual([]);

    expect(await names(vault)).toEqual([...NAMES].sort());
    await vault.addContact(person('加藤'));
    await vault.lock();
    const again = service();
    expect((await again.unlock(PASSPHRASE)).ok).toBe(true);
    expect(await names(again)).toEqual([...NAMES, '加藤'].sort());
    expect(await again.health()).toEqual({ ok: true, value: { problems: [] } });
    await again.lock();
  });

  test.each([
    ['built, the vault not yet set aside', 'built'],
    ['the vault set aside, the new one not yet in its place', 'superseded'],
    ['half built', 'building'],
  ] as const)('a crash with the new copy %s: the next unlock opens a whole vault and clears what was left', async (_label, state) => {
    const vault = await vaultWithPeople();
    const built = await vault.read(async ({ session }) => ok(await buildRekeyedVault(sodium, session, dir.path, { clock: Date.now })));
    if (!built.ok) throw new Error('locked');
    await vault.lock();
    if (state === 'superseded') {
      await rename(vaultDir(), join(dir.path, 'vault.superseded-0000'));
    } else if (state === 'building') {
      await rename(built.value.dir, join(dir.path, 'vault.rekeying-0000'));
      await writeFile(join(dir.path, 'vault.rekeying-0000', 'half.enishi'), 'x');
    }
    // The app starts again: it finds a vault (not "none"), and it opens with everyone in it.
    const restarted = service();
    expect(await restarted.status()).toEqual({ state: 'locked' });
    expect((await restarted.unlock(PASSPHRASE)).ok).toBe(true);
    expect(await names(restarted)).toEqual([...NAMES].sort());
    await restarted.lock();
    expect((await readdir(dir.path)).filter((name) => name.startsWith('vault.'))).toEqual([]);
  });

  test('what was set aside as damaged stays set aside', async () => {
    const vault = await vaultWithPeople();
    await mkdir(join(vaultDir(), 'quarantine'), { recursive: true });
    await writeFile(join(vaultDir(), 'quarantine', 'damaged.enishi.1'), 'kept for the user');
    expect((await vault.rekeyStorage()).ok).toBe(true);
    expect(await readFile(join(vaultDir(), 'quarantine', 'damaged.enishi.1'), 'utf8')).toBe('kept for the user');
    await vault.lock();
  });
});

