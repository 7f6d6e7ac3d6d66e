/**
 * The keys of an open session, and everything done with them directly (docs/vault-format.md,
 * "Keys"): the subkeys the shard files, their names and the cache are under, this device's own files,
 * the subkeys sync and backups use, and copies handed over for pairing and re-keying. All of it is
 * zeroed when the session closes; a use after that is a bug, stopped here.
 */
import type { Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { backupProof } from '../../../shared/vault-format/backup.ts';
import { deriveSubkey } from '../../../shared/vault-format/keys.ts';
import { openDeviceFile, resealLegacyDeviceFiles, sealDeviceFile, type DeviceFilePurpose } from './device-files.ts';

export const CACHE_SUBKEY = 'readModelCache';

export interface SessionKeyOptions {
  readonly sodium: Sodium;
  readonly vaultId: Uint8Array;
  /** Owned from here on: zeroed on close, like the two below. */
  readonly vaultKey: Uint8Array;
  /** This device's own key (keyring-file.ts), which seals its device files. */
  readonly deviceKey: Uint8Array;
  /** What the shard files, their names and the cache are under (keyring-file.ts). */
  readonly storageKey: Uint8Array;
  /** While a 1.0 vault's device files are migrated, they may still open under the vault's device-state subkey. */
  readonly acceptLegacyDeviceFiles?: boolean | undefined;
}

export class SessionKeys {
  private readonly sodium: Sodium;
  private readonly vaultId: Uint8Array;
  private readonly keys: { vault: Uint8Array; storage: Uint8Array; payload: Uint8Array; names: Uint8Array; cache: Uint8Array; device: Uint8Array; legacyDevice?: Uint8Array };
  private closed = false;

  constructor(options: SessionKeyOptions) {
    const { sodium, vaultKey, storageKey } = options;
    this.sodium = sodium;
    this.vaultId = options.vaultId;
    this.keys = {
      vault: vaultKey,
      storage: storageKey,
      payload: deriveSubkey(sodium, storageKey, 'shardPayload'),
      names: deriveSubkey(sodium, storageKey, 'fileNames'),
      cache: deriveSubkey(sodium, storageKey, CACHE_SUBKEY),
      device: options.deviceKey,
      ...(options.acceptLegacyDeviceFiles && { legacyDevice: deriveSubkey(sodium, vaultKey, 'deviceState') }),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the vault session is closed');
  }

  /** The shard store's keys: what shard files are sealed under and what their names are keyed by. */
  get shard(): { readonly payload: Uint8Array; readonly names: Uint8Array } {
    return this.keys;
  }

  /** The read-model cache's and the first page's key. */
  get cache(): Uint8Array {
    this.assertOpen();
    return this.keys.cache;
  }

  /** Seals what only this device keeps (never synced) under its own key, which no other device holds. */
  sealDeviceFile(plaintext: Uint8Array, purpose: DeviceFilePurpose = 'sync'): Uint8Array {
    this.assertOpen();
    return sealDeviceFile(this.sodium, this.vaultId, this.keys, plaintext, purpose);
  }

  openDeviceFile(file: Uint8Array, purpose: DeviceFilePurpose = 'sync'): Result<Uint8Array> {
    this.assertOpen();
    return openDeviceFile(this.sodium, this.vaultId, this.keys, file, purpose);
  }

  /** Reseals this device's files in `dir` found sealed the 1.0 way (the migration VaultService runs at unlock); how many it resealed. */
  async resealLegacyDeviceFiles(dir: string): Promise<number> {
    this.assertOpen();
    return resealLegacyDeviceFiles(this.sodium, dir, this.vaultId, this.keys);
  }

  /** Ends the migration: from now on only this device's own key opens its device files. */
  stopAcceptingLegacyDeviceFiles(): void {
    if (this.keys.legacyDevice) this.sodium.memzero(this.keys.legacyDevice);
    delete this.keys.legacyDevice;
  }

  /** The shared-folder transport's key (a subkey of the vault key); the caller zeroes it. */
  sharedFolderKey(): Uint8Array {
    this.assertOpen();
    return deriveSubkey(this.sodium, this.keys.vault, 'sharedFolder');
  }

  /** The key of LAN discovery tags (a subkey of the vault key); the caller zeroes it. */
  discoveryKey(): Uint8Array {
    this.assertOpen();
    return deriveSubkey(this.sodium, this.keys.vault, 'discovery');
  }

  /** The MAC that says a backup body (by its digest) was made by a holder of this vault's key (shared/vault-format/backup.ts). */
  backupProof(digest: Uint8Array): Uint8Array {
    this.assertOpen();
    const key = deriveSubkey(this.sodium, this.keys.vault, 'backupProof');
    try {
      return backupProof(this.sodium, key, digest);
    } finally {
      this.sodium.memzero(key);
    }
  }

  /** A copy of the vault key, for the pairing hand-over to a new device only; the caller zeroes it. */
  exportVaultKey(): Uint8Array {
    this.assertOpen();
    return this.keys.vault.slice();
  }

  /** A copy of the storage key, for the pairing hand-over (the files exportFiles sends are under it); the caller zeroes it. */
  exportStorageKey(): Uint8Array {
    this.assertOpen();
    return this.keys.storage.slice();
  }

  /** A copy of the device key, for a re-key (VaultService.rekeyStorage): the new keyring seals the new storage key under it; the caller zeroes it. */
  exportDeviceKey(): Uint8Array {
    this.assertOpen();
    return this.keys.device.slice();
  }

  /** Zeroes every key. */
  close(): void {
    for (const key of Object.values(this.keys)) this.sodium.memzero(key);
    this.closed = true;
  }
}
