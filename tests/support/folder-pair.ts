/**
 * Devices that sync only through a shared folder, for tests of that transport: direct links cut,
 * the folder chosen on each, and where each device's own sub-folder is.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ok } from '../../shared/api/result.ts';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { folderTag } from '../../electron/node/sync/shared-folder.ts';
import { idOf, pairedPair, type Cleanups, type Device } from './sync-devices.ts';
import { makeTempDir } from './temp-dir.ts';

/** A port nothing listens on: devices told to use it cannot reach each other directly. */
const NOWHERE = '127.0.0.1:1';

export async function cutDirectLinks(devices: readonly Device[]): Promise<void> {
  for (const device of devices) for (const other of (await device.call('getDevices', {})).devices.filter((d) => !d.thisDevice)) await device.call('setDeviceAddress', { id: other.id, address: NOWHERE });
}

/** A new folder, chosen as the shared folder on each device, after their direct links are cut. */
export async function shareFolder(devices: readonly Device[], cleanups: Cleanups): Promise<string> {
  const dir = await makeTempDir('enishi-shared-');
  cleanups.push(dir.remove);
  await cutDirectLinks(devices);
  for (const device of devices) await device.call('setSharedFolder', { path: dir.path });
  return dir.path;
}

/** The change files in a device's sub-folder, by name, in order. */
export const changeFiles = async (dir: string) => (await readdir(dir)).filter((name) => /^\d{10}\.enishi$/.test(name)).sort();

/** Two paired devices syncing only through a folder, and each one's own sub-folder there. */
export async function folderPair(cleanups: Cleanups) {
  const { desktop, laptop } = await pairedPair(cleanups);
  const root = await shareFolder([desktop, laptop], cleanups);
  const [vaultDir] = await readdir(root);
  const sodium = await loadSodium();
  const key = await desktop.vault.read(({ session }) => ok(session.keys.sharedFolderKey()));
  if (!key.ok) throw new Error('locked');
  // Let the runs that choosing the folder started finish, so each step below is the only one running.
  await desktop.call('syncNow', {});
  await laptop.call('syncNow', {});
  const dirOf = async (device: Device) => join(root, vaultDir!, folderTag(sodium, key.value, 'device', sodium.from_hex(await idOf(device, (d) => d.thisDevice))));
  return { desktop, laptop, root, desktopDir: await dirOf(desktop), laptopDir: await dirOf(laptop) };
}
