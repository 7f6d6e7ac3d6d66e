/** Devices and sync as the UI sees them (docs/sync.md), and the inputs it may send. */
import { z } from 'zod';
import type { ErrorCode } from '../api/errors.ts';
import { absolutePath } from './fields.ts';

export const DeviceNameSchema = z.string().trim().min(1, { message: 'validation.required' }).max(60, { message: 'validation.tooLong' });
export const DeviceIdSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** host:port, host being an IPv4 address, a bracketed IPv6 address or a host name. */
export const PeerAddressSchema = z
  .string()
  .trim()
  .max(300)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9A-Za-z.-]+):\d{1,5}$/, { message: 'validation.address' })
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, { message: 'validation.address' });

export function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(at + 1)) };
}

export function joinAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export type SyncState = 'off' | 'idle' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  readonly state: SyncState;
  readonly lastSyncAt: number | undefined;
  /** Why the last run did not reach or satisfy every device. */
  readonly error: ErrorCode | undefined;
  /** Other devices paired and not revoked (no indicator while there are none). */
  readonly pairedDevices: number;
}

export interface DeviceView {
  /** The signing key, hex. */
  readonly id: string;
  /** The short checked code people compare ("7K2M-Q9TA-XW4R-B2C4-D5E6-K", 100 bits). */
  readonly code: string;
  readonly name: string;
  readonly addedAt: number;
  readonly revokedAt: number | undefined;
  readonly thisDevice: boolean;
  readonly address: string | undefined;
  readonly lastSyncAt: number | undefined;
  readonly lastError: ErrorCode | undefined;
}

export interface RefusalView {
  readonly at: number;
  readonly reason: string;
  readonly address: string;
}

export interface DevicesOverview {
  readonly devices: readonly DeviceView[];
  /** Where this device listens for its other devices (host:port), empty when it cannot listen. */
  readonly listening: readonly string[];
  readonly refusals: readonly RefusalView[];
  readonly status: SyncStatus;
  readonly pairing: PairingOffer | undefined;
  /** The folder this device also syncs through (one that iCloud Drive, Dropbox, OneDrive or Syncthing copies). */
  readonly sharedFolder: string | undefined;
  readonly sharing: {
    /** The newest sharing-key epoch (0: the key every paired device got with the vault). */
    readonly epoch: number;
    /** A revoked device holds the newest sharing key: what goes through a shared folder stays readable to it until a rotation. */
    readonly revokedDeviceHoldsKey: boolean;
  };
}

/** An absolute folder path (POSIX or Windows). */
export const FolderPathSchema = absolutePath('validation.absolutePath');

export interface PairingOffer {
  /** The code as text; the UI also draws it as a QR image. */
  readonly code: string;
  readonly expiresAt: number;
  /** A device that proved the code and waits for the user: its name and the six digits its screen shows too. */
  readonly request?: { readonly name: string; readonly comparison: string };
}
