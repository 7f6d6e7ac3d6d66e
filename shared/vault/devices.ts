/**
 * The vault's list of paired devices (root shard, synced): who may sync, by pinned signing key.
 * Revocation is a timestamp that nothing clears; each device also remembers the revocations it has
 * seen on its own, so a list edited by a compromised device cannot un-revoke anyone there.
 */
import { scalar, text, type DeviceRecord, type RootDoc } from './documents.ts';

export interface PairedDevice {
  /** The signing key, hex. */
  readonly id: string;
  readonly name: string;
  readonly addedAt: number;
  readonly lastSeenAt: number | undefined;
  readonly revokedAt: number | undefined;
}

const HEX_KEY = /^[0-9a-f]{64}$/;
/** lastSeenAt is written at most this often, so syncing does not make a change of its own every time. */
const SEEN_GRANULARITY_MS = 60 * 60_000;

export function pairedDevices(root: RootDoc): PairedDevice[] {
  return Object.entries(root.devices ?? {})
    .filter(([id]) => HEX_KEY.test(id))
    .map(([id, record]) => ({ id, name: text(record.name), addedAt: record.addedAt, lastSeenAt: record.lastSeenAt, revokedAt: record.revokedAt }))
    .sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
}

export function isDeviceAllowed(root: RootDoc, id: string, revokedHere: ReadonlySet<string>): boolean {
  const record = root.devices?.[id];
  return record !== undefined && record.revokedAt === undefined && !revokedHere.has(id);
}

export function addDevice(root: RootDoc, id: string, name: string, now: number): void {
  if (!HEX_KEY.test(id)) throw new RangeError('a device id is a hex signing key');
  root.devices ??= {};
  const existing = root.devices[id];
  if (existing) {
    if (text(existing.name) !== name) existing.name = scalar(name);
    return;
  }
  const record: DeviceRecord = { name: scalar(name), addedAt: now };
  root.devices[id] = record;
}

/** Unpins a device that never finished joining (it holds no vault): not a revocation. */
export function removeDevice(root: RootDoc, id: string): void {
  if (root.devices?.[id] && root.devices[id].revokedAt === undefined) delete root.devices[id];
}

export function renameDevice(root: RootDoc, id: string, name: string): boolean {
  const record = root.devices?.[id];
  if (!record) return false;
  record.name = scalar(name);
  return true;
}

export function revokeDevice(root: RootDoc, id: string, now: number): boolean {
  const record = root.devices?.[id];
  if (!record) return false;
  record.revokedAt ??= now;
  return true;
}

/** Whether marking the device seen now would change anything worth a change (see SEEN_GRANULARITY_MS). */
export function seenIsStale(root: RootDoc, id: string, now: number): boolean {
  const record = root.devices?.[id];
  return record !== undefined && (record.lastSeenAt === undefined || now - record.lastSeenAt >= SEEN_GRANULARITY_MS);
}

export function markSeen(root: RootDoc, id: string, now: number): void {
  const record = root.devices?.[id];
  if (record) record.lastSeenAt = now;
}
