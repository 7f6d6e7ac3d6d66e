/**
 * What sync holds while the vault is unlocked (sync-service.ts owns it; the pairing host, the
 * shared-folder exchange and LAN presence read it): this device's state, who may sync, and the
 * sharing keys by epoch.
 */
import type { Server } from 'node:net';
import type { RootDoc } from '../../../shared/vault/documents.ts';
import { text } from '../../../shared/vault/documents.ts';
import type { DeviceState } from './device-state.ts';

export interface Active {
  readonly state: DeviceState;
  readonly vaultId: Uint8Array;
  readonly me: string;
  server: Server | undefined;
  port: number | undefined;
  /** Paired, not revoked, not this device: refreshed from the vault after anything that may change it. */
  allowed: Set<string>;
  /**
   * Addresses discovery saw for paired devices, tried before the known ones; adopted only once a
   * handshake there proves the device (anyone can re-advertise a tag it overheard).
   */
  readonly candidates: Map<string, string>;
  /** Sharing keys by epoch, oldest first (zeroed on lock): epoch 0 from the vault key, later ones from grants. */
  epochs: EpochKeys[];
  discoveryTimer: ReturnType<typeof setInterval> | undefined;
}

export interface EpochKeys {
  readonly epoch: number;
  readonly folder: Uint8Array;
  readonly discovery: Uint8Array;
}

export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The vault's sharing-key grants as plain text by epoch. */
export function grantsOf(root: RootDoc): Record<string, string> {
  return Object.fromEntries(Object.entries(root.keyGrants ?? {}).map(([epoch, value]) => [epoch, text(value)]));
}
