/**
 * This device's own key (format 2.0): a 1.0 vault gets one at its next unlock and its device files
 * are resealed under it, crash-safely; afterwards a device file sealed the 1.0 way — which any holder
 * of the vault key could make — is refused.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile } from '../../../shared/vault-format/container.ts';
import { deriveSubkey } from '../../../shared/vault-format/keys.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { copyDir } from '../../../tests/support/vault-files.ts';
import { migrateKeyring, newDeviceKey, openKeyring, readKeyring } from './keyring-file.ts';
import { VaultService } from './vault-service.ts';

const FIXTURE = 'tests/fixtures/vault-v1';
const PASSPHRASE = 'fixture-vault-format-one-passphrase';
const DEVICE_STATE = JSON.stringify({ v: 1, marker: 'the 1.0 device file' });

let sodium: Sodium;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let vaultDir: string;
beforeEach(async () => {
  sodium = await loadSodium();
  dir = await makeTempDir('enishi-device-key-');
  await copyDir(FIXTURE, dir.path);
  vaultDir = join(dir.path, 'vault');
});
afterEach(() => dir.remove());

async function keyringNow() {
  const keyring = await readKeyring(sodium, vaultDir);
  if (!keyring.ok) throw new Error(keyring.error.message);
  const opened = await openKeyring(sodium, testKdf, keyring.value, PASSPHRASE);
  if (!opened.ok) throw new Error(opened.error.message);
  return { header: keyring.value, ...opened.value };
}

/** A device file as format 1.0 sealed it: under the vault key's device-state subkey. */
async function plantLegacyDeviceFile(name = 'device.enishi', binding = 'device'): Promise<void> {
  const { header, vaultKey } = await keyringNow();
  const legacy = deriveSubkey(sodium, vaultKey, 'deviceState');
  await writeFile(join(vaultDir, name), sealFile(sodium, { vaultId: header.vaultId, kind: 'device', payload: { key: legacy, plaintext: utf8(DEVICE_STATE), binding: utf8(binding) } }));
}

function opens(file: Uint8Array, key: Uint8Array, binding = 'device'): string | undefined {
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return undefined;
  const opened = openPayload(sodium, file, parsed.value, key, utf8(binding));
  return opened.ok ? fromUtf8(opened.value) : undefined;
}

async function unlockAndLock(): Promise<{ openedLegacyAfter: boolean }> {
  const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
  expect(await vault.unlock(PASSPHRASE)).toMatchObject({ ok: true });
  // After the migration a file sealed the 1.0 way no longer opens, whoever made it.
  const { header, vaultKey } = await keyringNow();
  const forged = sealFile(sodium, { vaultId: header.vaultId, kind: 'device', payload: { key: deriveSubkey(sodium, vaultKey, 'deviceState'), plaintext: utf8(DEVICE_STATE), binding: utf8('device') } });
  const openedLegacyAfter = await vault.read(({ session }) => ({ ok: true as const, value: session.keys.openDeviceFile(forged).ok }));
  await vault.lock();
  return { openedLegacyAfter: openedLegacyAfter.ok && openedLegacyAfter.value };
}

describe("a 1.0 vault's device files", () => {
  test('are resealed under the new device key at the next unlock; the 1.0 way is refused from then on', async () => {
    expect((await keyringNow()).deviceKey).toBeUndefined();
    await plantLegacyDeviceFile();
    await plantLegacyDeviceFile('backup-schedule.enishi', 'backup-schedule');

    const { openedLegacyAfter } = await unlockAndLock();
    expect(openedLegacyAfter).toBe(false);

    const after = await keyringNow();
    expect(after.deviceKey).toBeInstanceOf(Uint8Array);
    expect(after.legacyDeviceFiles).toBe(false);
    const legacy = deriveSubkey(sodium, after.vaultKey, 'deviceState');
    const device = new Uint8Array(await readFile(join(vaultDir, 'device.enishi')));
    const schedule = new Uint8Array(await readFile(join(vaultDir, 'backup-schedule.enishi')));
    expect(opens(device, after.deviceKey!)).toBe(DEVICE_STATE);
    expect(opens(schedule, after.deviceKey!, 'backup-schedule')).toBe(DEVICE_STATE);
    expect(opens(device, legacy)).toBeUndefined();
  });

  test('a migration cut short (the keyring has the key and the mark, the files are still 1.0) is finished at the next unlock', async () => {
    await plantLegacyDeviceFile();
    const before = await keyringNow();
    const deviceKey = newDeviceKey(sodium);
    await migrateKeyring(sodium, vaultDir, before.header, before.kek!, { vaultKey: before.vaultKey, deviceKey, storageKey: before.storageKey, legacyDeviceFiles: true });
    expect((await keyringNow()).legacyDeviceFiles).toBe(true);

    await unlockAndLock();
    const after = await keyringNow();
    expect(after.legacyDeviceFiles).toBe(false);
    expect([...after.deviceKey!]).toEqual([...deviceKey]);
    expect(opens(new Uint8Array(await readFile(join(vaultDir, 'device.enishi'))), deviceKey)).toBe(DEVICE_STATE);
  });

  test('a new vault has its device key from the start, and changing the passphrase keeps it', async () => {
    const fresh = await makeTempDir('enishi-device-key-new-');
    try {
      const vault = new VaultService({ dataDir: fresh.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
      await vault.create('新しい', 'hoshi-no-kazu-hodo-no-yume');
      const read = async () => {
        const keyring = await readKeyring(sodium, join(fresh.path, 'vault'));
        if (!keyring.ok) throw new Error(keyring.error.message);
        const opened = await openKeyring(sodium, testKdf, keyring.value, 'hoshi-no-kazu-hodo-no-yume');
        if (!opened.ok) throw new Error(opened.error.message);
        return opened.value;
      };
      const first = await read();
      expect(first.deviceKey).toBeInstanceOf(Uint8Array);
      expect(first.kek).toBeUndefined(); // nothing to migrate: the derived key is not kept
      expect(await vault.changePassphrase('hoshi-no-kazu-hodo-no-yume', 'tsuki-no-kazu-hodo-no-yume')).toMatchObject({ ok: true });
      await vault.lock();
      const keyring = await readKeyring(sodium, join(fresh.path, 'vault'));
      if (!keyring.ok) throw new Error(keyring.error.message);
      const again = await openKeyring(sodium, testKdf, keyring.value, 'tsuki-no-kazu-hodo-no-yume');
      expect(again.ok && [...again.value.deviceKey!]).toEqual([...first.deviceKey!]);
    } finally {
      await fresh.remove();
    }
  });
});
