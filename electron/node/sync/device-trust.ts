/**
 * Who this device syncs with, and under which keys (docs/sync.md, "Revocation"): the paired devices
 * not revoked, the sharing keys granted to this device by epoch, new epochs when a device is revoked
 * or the user rotates, and the re-key at rest after a revocation.
 */
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { newEpoch, openGrants, purposeKey } from '../../../shared/sync/sharing-keys.ts';
import { isDeviceAllowed, pairedDevices, revokeDevice } from '../../../shared/vault/devices.ts';
import { scalar, type RootDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { grantsOf, type Active } from './sync-active.ts';

export interface DeviceTrustOptions {
  readonly vault: VaultService;
  readonly sodium: () => Sodium;
  readonly clock: () => number;
  readonly isCurrent: (active: Active) => boolean;
}

export class DeviceTrust {
  private readonly options: DeviceTrustOptions;
  private rekeying: Promise<void> | undefined;
  /** Sessions whose re-key failed (a shard that cannot be read, say): not tried again until the next unlock. */
  private readonly rekeyFailed = new WeakSet<Active>();

  constructor(options: DeviceTrustOptions) {
    this.options = options;
  }

  /** Re-reads who may sync (paired, not revoked) and the sharing keys granted to this device. */
  async refresh(active: Active): Promise<void> {
    const read = await this.options.vault.read(({ session }) =>
      ok({
        allowed: pairedDevices(session.root)
          .filter((device) => device.id !== active.me && isDeviceAllowed(session.root, device.id, active.state.revoked))
          .map((device) => device.id),
        grants: grantsOf(session.root),
        folder: session.keys.sharedFolderKey(),
        discovery: session.keys.discoveryKey(),
        revoked: pairedDevices(session.root)
          .filter((device) => device.revokedAt !== undefined)
          .map((device) => device.id),
      }),
    );
    if (!read.ok || !this.options.isCurrent(active)) return;
    const sodium = this.options.sodium();
    active.allowed = new Set(read.value.allowed);
    const opened = openGrants(sodium, read.value.grants, active.state.identity, (id) => id === active.me || active.allowed.has(id));
    this.forget(active);
    active.epochs = [
      { epoch: 0, folder: read.value.folder, discovery: read.value.discovery },
      ...[...opened.entries()]
        .sort(([a], [b]) => a - b)
        .map(([epoch, key]) => {
          const keys = { epoch, folder: purposeKey(sodium, key, 'shared-folder'), discovery: purposeKey(sodium, key, 'discovery') };
          sodium.memzero(key);
          return keys;
        }),
    ];
    this.rekeyAfterRevocations(active, read.value.revoked);
  }

  /** Zeroes the sharing keys held (the vault locking, or before they are read again). */
  forget(active: Active): void {
    const sodium = this.options.sodium();
    for (const keys of active.epochs) {
      sodium.memzero(keys.folder);
      sodium.memzero(keys.discovery);
    }
    active.epochs = [];
  }

  /** A new sharing-key epoch granted to this device and the devices still paired — not to any revoked one. */
  async rotate(active: Active): Promise<Result<{ epoch: number }>> {
    const sodium = this.options.sodium();
    return this.options.vault.write([], async ({ session }) => {
      const { epoch, key, text } = newEpoch(sodium, grantsOf(session.root), [active.me, ...active.allowed], active.state.identity);
      sodium.memzero(key);
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        root.keyGrants ??= {};
        root.keyGrants[String(epoch)] = scalar(text);
      });
      return ok({ epoch });
    });
  }

  /**
   * The revocation and a new sharing-key epoch granted only to the devices that remain, in one
   * change: whatever is written from then on, in the shared folder or in LAN tags, is under a key
   * the revoked device never gets.
   */
  async revoke(active: Active, id: string): Promise<Result<null>> {
    if (id === active.me) return fail('invalid-input', 'this device cannot revoke itself');
    const sodium = this.options.sodium();
    const remaining = [active.me, ...[...active.allowed].filter((other) => other !== id)];
    const result = await this.options.vault.write([], async ({ session }) => {
      if (!session.root.devices?.[id]) return fail('not-found', 'no such device');
      const { epoch, key, text } = newEpoch(sodium, grantsOf(session.root), remaining, active.state.identity);
      sodium.memzero(key);
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        revokeDevice(root, id, this.options.clock());
        root.keyGrants ??= {};
        root.keyGrants[String(epoch)] = scalar(text);
      });
      return ok(null);
    }, 'sync');
    if (!result.ok) return result;
    active.state.revoked.add(id);
    await active.state.save();
    return ok(null);
  }

  /** Settles once a re-key after a revocation (started in the background) is done; tests wait for it. */
  whenRekeyed(): Promise<void> {
    return this.rekeying ?? Promise.resolve();
  }

  /**
   * A revoked device (revoked here, or a revocation learnt from another device) this one has not
   * re-keyed its vault at rest for: it is rewritten under a new storage key (rekey.ts), in the
   * background, so the vault key the revoked device kept opens no copy of this device's files.
   */
  private rekeyAfterRevocations(active: Active, revokedInVault: readonly string[]): void {
    if (this.rekeying || this.rekeyFailed.has(active)) return;
    const pending = [...new Set([...revokedInVault, ...active.state.revoked])].filter((id) => id !== active.me && !active.state.rekeyedFor.has(id));
    if (pending.length === 0) return;
    this.rekeying = (async () => {
      const done = await this.options.vault.rekeyStorage();
      if (!done.ok || !this.options.isCurrent(active)) return;
      for (const id of pending) active.state.rekeyedFor.add(id);
      await active.state.save();
    })()
      .catch((error: unknown) => {
        this.rekeyFailed.add(active);
        console.error('Enishi: re-keying after a revocation failed:', error instanceof Error ? error.message : 'unknown error');
      })
      .finally(() => {
        this.rekeying = undefined;
      });
  }
}
