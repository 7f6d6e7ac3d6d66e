/**
 * One contract for every transport (docs/sync.md): paired devices converge and lose nothing, a
 * revoked device gets nothing and gives nothing, and what travels reveals nothing. Then what only
 * the shared folder has to survive: files duplicated, delivered out of order or cut short, and
 * pruning only what every other device has read.
 */
import { cp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadSodium } from '../../../shared/crypto/sodium.ts';
import { findPlaintext } from '../../../tests/support/plaintext-scan.ts';
import { idOf, join as joinVault, names, pairedPair, person, type Cleanups, type Device } from '../../../tests/support/sync-devices.ts';
import { changeFiles, cutDirectLinks, folderPair as makeFolderPair, shareFolder } from '../../../tests/support/folder-pair.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { SharedFolder } from './shared-folder.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** How a transport is set up between paired devices, and where its bytes can be inspected. */
interface Transport {
  connect(devices: readonly Device[]): Promise<void>;
  /** Where the transport leaves bytes at rest (a shared folder), if anywhere. */
  readonly storage?: () => string;
}

function tcp(): Transport {
  return {
    async connect(devices) {
      // Pairing told the new devices where the first one is; one sync each tells it where they are.
      for (const device of devices.slice(1)) await device.call('syncNow', {});
    },
  };
}

function sharedFolder(): Transport {
  let folder = '';
  return {
    async connect(devices) {
      folder = await shareFolder(devices, cleanups);
    },
    storage: () => folder,
  };
}

/** Every device syncs, twice round, so changes relayed through one reach all. */
async function syncAll(devices: readonly Device[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const device of devices) expect(await device.call('syncNow', {})).toMatchObject({ state: 'idle' });
}

describe.each([
  ['TCP', tcp],
  ['shared folder', sharedFolder],
] as const)('the %s transport', (_name, makeTransport) => {
  test('three devices editing at once converge, and no edit is lost', async () => {
    const transport = makeTransport();
    const { desktop, laptop } = await pairedPair(cleanups);
    const tablet = await joinVault(desktop, 'Tablet', cleanups);
    const all = [desktop, laptop, tablet];
    await transport.connect(all);
    await desktop.call('addContact', person('デスクトップ'));
    await laptop.call('addContact', person('ノート'));
    await tablet.call('addContact', person('タブレット'));
    const [tanaka] = (await desktop.call('listContacts', { limit: 10 })).items.filter((c) => c.familyName === '田中');
    await laptop.call('setContactStage', { id: tanaka!.id, stage: 'trusted' });
    await syncAll(all);
    const expected = ['タブレット', 'デスクトップ', 'ノート', '佐藤', '田中'].sort();
    for (const device of all) {
      expect(await names(device)).toEqual(expected);
      expect((await device.call('getContact', { id: tanaka!.id })).stage).toBe('trusted');
    }
    if (transport.storage) expect(await findPlaintext(transport.storage(), ['デスクトップ', 'タブレット', '田中', 'Laptop', 'Tablet'])).toEqual([]);
  });

  test('a revoked device gets nothing new and what it writes reaches no one', async () => {
    const transport = makeTransport();
    const { desktop, laptop } = await pairedPair(cleanups);
    const tablet = await joinVault(desktop, 'Tablet', cleanups);
    const all = [desktop, laptop, tablet];
    await transport.connect(all);
    await syncAll(all);
    await desktop.call('revokeDevice', { id: await idOf(tablet, (d) => d.thisDevice) });
    await syncAll([desktop, laptop]); // the laptop learns of the revocation
    await tablet.call('addContact', person('無効'));
    await desktop.call('addContact', person('その後'));
    for (const device of [tablet, desktop, laptop]) await device.call('syncNow', {});
    await laptop.call('syncNow', {});
    expect(await names(desktop)).not.toContain('無効');
    expect(await names(laptop)).not.toContain('無効');
    expect(await names(laptop)).toContain('その後');
    expect(await names(tablet)).not.toContain('その後');
    expect((await desktop.call('getDevices', {})).refusals.map((r) => r.reason)).toContain('unknown-device');
  });
});

describe('the shared folder', () => {
  const folderPair = () => makeFolderPair(cleanups);

  test('revoking rotates the sharing key: the devices that remain re-key through the folder, the revoked one reads nothing written after', async () => {
    const { desktop, laptop } = await pairedPair(cleanups);
    const tablet = await joinVault(desktop, 'Tablet', cleanups);
    const all = [desktop, laptop, tablet];
    const transport = sharedFolder();
    await transport.connect(all);
    await syncAll(all);
    await desktop.call('revokeDevice', { id: await idOf(tablet, (d) => d.thisDevice) });
    expect((await desktop.call('getDevices', {})).sharing).toEqual({ epoch: 1, revokedDeviceHoldsKey: false });

    // The laptop learns the new key from the grants in the folder; the tablet, which holds the vault key, gets none.
    await desktop.call('addContact', person('守られる'));
    await desktop.call('syncNow', {});
    await laptop.call('syncNow', {});
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toContain('守られる');
    expect((await laptop.call('getDevices', {})).sharing.epoch).toBe(1);
    await laptop.call('addContact', person('ノートから'));
    await laptop.call('syncNow', {});
    await desktop.call('syncNow', {});
    expect(await names(desktop)).toContain('ノートから');
    for (let i = 0; i < 2; i++) await tablet.call('syncNow', {});
    expect(await names(tablet)).not.toContain('守られる');
    expect(await names(tablet)).not.toContain('ノートから');
    expect((await tablet.call('getDevices', {})).sharing.epoch).toBe(0);

    // Rotating by hand still makes a newer epoch, again for the remaining devices only.
    expect(await desktop.call('rotateSharingKey', {})).toEqual({ epoch: 2 });
    await desktop.call('addContact', person('もう一度'));
    await desktop.call('syncNow', {});
    for (let i = 0; i < 2; i++) await laptop.call('syncNow', {});
    expect(await names(laptop)).toContain('もう一度');
    for (let i = 0; i < 2; i++) await tablet.call('syncNow', {});
    expect(await names(tablet)).not.toContain('もう一度');
  });

  test('a device that joins after files were pruned reads on from there; choosing the folder again never reuses a file number; a huge planted file is not read', async () => {
    const { desktop, laptop, desktopDir } = await folderPair();
    await desktop.call('addContact', person('前'));
    await desktop.call('syncNow', {});
    await laptop.call('syncNow', {});
    await desktop.call('syncNow', {}); // the laptop has read them all: the desktop prunes
    expect(await changeFiles(desktopDir)).toEqual([]);

    // A tablet joins now (its copy comes with the pairing), then uses only the folder.
    const tablet = await joinVault(desktop, 'Tablet', cleanups);
    await cutDirectLinks([desktop, laptop, tablet]);
    const folder = (await desktop.call('getDevices', {})).sharedFolder!;
    await tablet.call('setSharedFolder', { path: folder });
    await tablet.call('syncNow', {});
    await desktop.call('addContact', person('後'));
    await desktop.call('syncNow', {});
    await tablet.call('syncNow', {});
    expect(await names(tablet)).toEqual(expect.arrayContaining(['前', '後']));

    // The desktop picks another folder and then this one again: its numbering carries on.
    const elsewhere = await makeTempDir('enishi-elsewhere-');
    cleanups.push(elsewhere.remove);
    await desktop.call('setSharedFolder', { path: elsewhere.path });
    await desktop.call('setSharedFolder', { path: folder });
    await desktop.call('addContact', person('戻った'));
    await desktop.call('syncNow', {});
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toContain('戻った');

    // Someone with access to the folder plants a 2 GiB file as the desktop's next one: it is not read.
    const next = (await changeFiles(desktopDir)).map((name) => Number(name.slice(0, 10))).reduce((a, b) => Math.max(a, b), 0) + 1;
    await writeFile(join(desktopDir, `${String(next).padStart(10, '0')}.enishi`), '');
    await truncate(join(desktopDir, `${String(next).padStart(10, '0')}.enishi`), 2 * 1024 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' });
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
  });

  test('a folder key that is all zeros (a locked vault\'s) is refused rather than used', async () => {
    const sodium = await loadSodium();
    const dir = await makeTempDir('enishi-zero-');
    cleanups.push(dir.remove);
    const identity = { signPublicKey: new Uint8Array(32), signSecretKey: new Uint8Array(64) };
    expect(() => new SharedFolder({ sodium, root: dir.path, key: new Uint8Array(32), vaultId: new Uint8Array(16), identity, allowed: [] })).toThrow('no folder key');
  });

  test('duplicated, reordered and half-written files do no harm; what was cut short is read once it is whole', async () => {
    const { desktop, laptop, desktopDir } = await folderPair();
    expect(await desktop.call('syncNow', {})).toMatchObject({ state: 'idle' });

    // The desktop writes two more files; the sync tool delivers the second one first, a copy of the
    // first, and a half-written third.
    await desktop.call('addContact', person('一番目'));
    await desktop.call('syncNow', {});
    await desktop.call('addContact', person('二番目'));
    await desktop.call('syncNow', {});
    await desktop.call('addContact', person('三番目'));
    await desktop.call('syncNow', {});
    const files = await changeFiles(desktopDir);
    const [first, second, third] = files.slice(-3) as [string, string, string];
    const held = { first: await readFile(join(desktopDir, first)), third: await readFile(join(desktopDir, third)) };
    await rm(join(desktopDir, first));
    await writeFile(join(desktopDir, `${first.replace('.enishi', '')} (1).enishi`), held.first);
    await truncate(join(desktopDir, third), Math.floor(held.third.length / 2));
    expect(await laptop.call('syncNow', {})).toMatchObject({ state: 'idle' }); // the first has not arrived: the second is applied as far as it can be
    expect(await names(laptop)).not.toContain('一番目');

    await writeFile(join(desktopDir, first), held.first); // it arrives late
    await cp(join(desktopDir, second), join(desktopDir, `${second.replace('.enishi', '')} (conflicted copy).enishi`));
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toEqual(expect.arrayContaining(['一番目', '二番目']));
    expect(await names(laptop)).not.toContain('三番目');

    await writeFile(join(desktopDir, third), held.third); // now whole
    await laptop.call('syncNow', {});
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toEqual(['一番目', '三番目', '二番目', '佐藤', '田中'].sort());
    expect(await names(laptop)).toEqual(await names(desktop));
  });

  test('a file altered in the folder is not applied; each device prunes only its own files, once the others have read them', async () => {
    const { desktop, laptop, desktopDir, laptopDir } = await folderPair();
    await desktop.call('addContact', person('改変'));
    await desktop.call('syncNow', {});
    // Flip a byte in each of the desktop's change files: the laptop applies none of them.
    const originals = new Map<string, Buffer>();
    for (const name of await changeFiles(desktopDir)) {
      const bytes = await readFile(join(desktopDir, name));
      originals.set(name, bytes);
      const altered = Buffer.from(bytes);
      altered[Math.floor(altered.length / 2)]! ^= 1;
      await writeFile(join(desktopDir, name), altered);
    }
    await laptop.call('syncNow', {});
    expect(await names(laptop)).not.toContain('改変');
    for (const [name, bytes] of originals) await writeFile(join(desktopDir, name), bytes);
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toContain('改変');

    // Each device removes its own files once the other's manifest says it has read them — the
    // desktop's include the laptop's change it passed on (for devices that cannot read the laptop's folder).
    await laptop.call('addContact', person('ノート'));
    await laptop.call('syncNow', {});
    expect(await changeFiles(laptopDir)).not.toEqual([]);
    await desktop.call('syncNow', {});
    expect(await changeFiles(laptopDir)).not.toEqual([]);
    await laptop.call('syncNow', {});
    expect(await changeFiles(laptopDir)).toEqual([]);
    await desktop.call('syncNow', {});
    expect(await changeFiles(desktopDir)).toEqual([]);
    expect(await names(desktop)).toEqual(await names(laptop));
  });
});
