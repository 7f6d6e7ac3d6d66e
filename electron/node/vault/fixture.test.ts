/**
 * A vault written by format 1.0 (tests/fixtures/vault-v1, committed) opens with every later version
 * of the app, with and without its read-model cache. Never regenerate the fixture to make this pass.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAGIC } from '../../../shared/vault-format/container.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { copyDir } from '../../../tests/support/vault-files.ts';
import { VaultService } from './vault-service.ts';

const FIXTURE = 'tests/fixtures/vault-v1';
const FIXTURE_PASSPHRASE = 'fixture-vault-format-one-passphrase';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir('enishi-fixture-');
  await copyDir(FIXTURE, dir.path);
});
afterEach(() => dir.remove());

async function openFixture() {
  const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
  const unlocked = await vault.unlock(FIXTURE_PASSPHRASE);
  const contacts = await vault.listContacts(0, 100);
  const settings = await vault.settings();
  const health = await vault.health();
  await vault.lock();
  return { unlocked, contacts, settings, health };
}

describe('the format 1.0 fixture vault', () => {
  test.each([['with its cache', false], ['without its cache', true]])('opens %s, with everything in it', async (_label, dropCache) => {
    if (dropCache) await rm(join(dir.path, 'vault', 'read-model.enishi'));
    const { unlocked, contacts, settings, health } = await openFixture();
    expect(unlocked).toEqual({ ok: true, value: { state: 'unlocked', name: 'フィクスチャ' } });
    expect(health).toEqual({ ok: true, value: { problems: [] } });
    // Settings added after format 1.0 read as their defaults.
    expect(settings).toEqual({ ok: true, value: { autoLockMinutes: 5, myCompany: '', notify: true, quietFrom: '21:00', quietUntil: '08:00' } });
    if (!contacts.ok) throw new Error(contacts.error.message);
    const byName = Object.fromEntries(contacts.value.items.map((c) => [c.familyName, c]));
    expect(contacts.value.total).toBe(3);
    expect(byName['田中']).toMatchObject({ givenName: '花子', familyNameKana: 'たなか', givenNameKana: 'はなこ', company: '縁商事株式会社', title: '取締役', interactionCount: 2, lastInteractionAt: Date.UTC(2026, 9, 20, 18) });
    expect(byName['佐藤']).toMatchObject({ givenName: '健', title: 'エンジニア', interactionCount: 2, lastInteractionAt: Date.UTC(2026, 9, 21, 9) });
    expect(byName['Schmidt']).toMatchObject({ givenName: 'Anna', company: 'Berliner Beratung GmbH', interactionCount: 1, lastInteractionAt: Date.UTC(2025, 4, 9, 8) });
  });

  test('its shards are rewritten as format 2.0 (padded) after unlock, and it still holds everything', async () => {
    const vaultDir = join(dir.path, 'vault');
    const shardFiles = (await readdir(vaultDir)).filter((name) => name.endsWith('.enishi') && !['keyring.enishi', 'read-model.enishi', 'first-page.enishi', 'device.enishi'].includes(name));
    const majorOf = async (name: string) => (await readFile(join(vaultDir, name))).readUInt16LE(8);
    expect(await Promise.all(shardFiles.map(majorOf))).toEqual(shardFiles.map(() => 1));

    const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
    await vault.unlock(FIXTURE_PASSPHRASE);
    const before = { contacts: await vault.listContacts(0, 100), settings: await vault.settings() };
    expect(await vault.upgradeFormat()).toBe(6); // root, three contact buckets, two months of interactions
    expect(await vault.upgradeFormat()).toBe(0); // nothing left to rewrite
    await vault.lock();

    // Each shard now has a padded snapshot (at least the 4 KiB floor) and a 2.0 log beside it.
    const after = (await readdir(vaultDir)).filter((name) => name.endsWith('.enishi') && !['keyring.enishi', 'read-model.enishi', 'first-page.enishi', 'device.enishi'].includes(name));
    expect(after).toHaveLength(12);
    expect(await Promise.all(after.map(majorOf))).toEqual(after.map(() => 2));
    const sizes = await Promise.all(after.map(async (name) => (await readFile(join(vaultDir, name))).length));
    expect(sizes.filter((size) => size >= 4096)).toHaveLength(6);
    for (const dropCache of [false, true]) {
      if (dropCache) await rm(join(vaultDir, 'read-model.enishi'));
      const reopened = await openFixture();
      expect(reopened.health).toEqual({ ok: true, value: { problems: [] } });
      expect(reopened.contacts).toEqual(before.contacts);
      expect(reopened.settings).toEqual(before.settings);
    }
  });

  test('its files start with the format 1.0 header', async () => {
    const keyring = await readFile(join(dir.path, 'vault', 'keyring.enishi'));
    expect([...keyring.subarray(0, 8)]).toEqual([...MAGIC]);
    expect(keyring.readUInt16LE(8)).toBe(1);
    expect(keyring.readUInt16LE(10)).toBe(0);
  });
});
