/**
 * What only this device keeps (never synced) — its sync identity and peers (device.enishi), its
 * automatic-backup settings — sealed under its own device key, which no other device holds. While a
 * 1.0 vault is migrated, they may still open under the vault's old device-state subkey.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { utf8 } from '../../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile } from '../../../shared/vault-format/container.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';

const DEVICE_BINDINGS = { sync: utf8('device'), backupSchedule: utf8('backup-schedule') } as const;
export type DeviceFilePurpose = keyof typeof DEVICE_BINDINGS;
export const DEVICE_FILE_NAMES: Readonly<Record<DeviceFilePurpose, string>> = { sync: 'device.enishi', backupSchedule: 'backup-schedule.enishi' };

export interface DeviceFileKeys {
  readonly device: Uint8Array;
  /** The 1.0 way, accepted only during the migration. */
  legacyDevice?: Uint8Array;
}

export function sealDeviceFile(sodium: Sodium, vaultId: Uint8Array, keys: DeviceFileKeys, plaintext: Uint8Array, purpose: DeviceFilePurpose): Uint8Array {
  return sealFile(sodium, { vaultId, kind: 'device', payload: { key: keys.device, plaintext, binding: DEVICE_BINDINGS[purpose] } });
}

export function openDeviceFile(sodium: Sodium, vaultId: Uint8Array, keys: DeviceFileKeys, file: Uint8Array, purpose: DeviceFilePurpose): Result<Uint8Array> {
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok) return parsed;
  if (parsed.value.header.kind !== 'device') return fail('not-a-vault', `expected a device file, found a ${parsed.value.header.kind} file`);
  if (!sodium.memcmp(parsed.value.header.vaultId, vaultId)) return fail('wrong-vault', 'the device file belongs to another vault');
  const opened = openPayload(sodium, file, parsed.value, keys.device, DEVICE_BINDINGS[purpose]);
  if (opened.ok || !keys.legacyDevice) return opened;
  return openPayload(sodium, file, parsed.value, keys.legacyDevice, DEVICE_BINDINGS[purpose]);
}

/**
 * Reseals the device files in `dir` found sealed the 1.0 way under the device's own key; how many
 * it resealed. A file that opens under neither key is left as it is (its reader reports it).
 */
export async function resealLegacyDeviceFiles(sodium: Sodium, dir: string, vaultId: Uint8Array, keys: DeviceFileKeys): Promise<number> {
  const legacy = keys.legacyDevice;
  if (!legacy) return 0;
  let resealed = 0;
  for (const [purpose, name] of Object.entries(DEVICE_FILE_NAMES) as [DeviceFilePurpose, string][]) {
    let file: Uint8Array;
    try {
      file = new Uint8Array(await readFile(join(dir, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const parsed = parseHeader(sodium, file);
    if (!parsed.ok || parsed.value.header.kind !== 'device') continue;
    if (openPayload(sodium, file, parsed.value, keys.device, DEVICE_BINDINGS[purpose]).ok) continue;
    const opened = openPayload(sodium, file, parsed.value, legacy, DEVICE_BINDINGS[purpose]);
    if (!opened.ok) continue;
    await writeFileAtomic(join(dir, name), sealDeviceFile(sodium, vaultId, keys, opened.value, purpose));
    resealed++;
  }
  return resealed;
}
