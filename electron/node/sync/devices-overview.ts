/** What the devices view shows: every paired device with its code and last sync, the listener, the pairing under way, the sharing key. */
import type { ErrorCode } from '../../../shared/api/errors.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { joinAddress, type DevicesOverview, type SyncStatus } from '../../../shared/domain/device.ts';
import { deviceCode } from '../../../shared/sync/identity.ts';
import { parseEpochGrants } from '../../../shared/sync/sharing-keys.ts';
import { pairedDevices } from '../../../shared/vault/devices.ts';
import type { RootDoc } from '../../../shared/vault/documents.ts';
import type { PairingHost } from './pairing-host.ts';
import { grantsOf, type Active } from './sync-active.ts';

export function devicesOverview(sodium: Sodium, root: RootDoc, active: Active, context: { host: string; pairing: PairingHost; status: SyncStatus }): DevicesOverview {
  const devices = pairedDevices(root).map((device) => {
    const peer = active.state.peer(device.id);
    return {
      id: device.id,
      code: deviceCode(sodium, sodium.from_hex(device.id)),
      name: device.name,
      addedAt: device.addedAt,
      revokedAt: device.revokedAt ?? (active.state.revoked.has(device.id) ? (device.lastSeenAt ?? device.addedAt) : undefined),
      thisDevice: device.id === active.me,
      address: peer.address,
      lastSyncAt: peer.lastSyncAt ?? device.lastSeenAt,
      lastError: peer.lastError as ErrorCode | undefined,
    };
  });
  const epoch = active.epochs.at(-1)?.epoch ?? 0;
  const revoked = devices.filter((device) => device.revokedAt !== undefined).map((device) => device.id);
  const holders = epoch === 0 ? undefined : parseEpochGrants(grantsOf(root)[String(epoch)] ?? '')?.grants;
  const revokedDeviceHoldsKey = revoked.some((id) => holders === undefined || holders[id] !== undefined);
  return {
    devices,
    listening: active.port ? [joinAddress(context.host, active.port)] : [],
    refusals: active.state.refusals,
    status: context.status,
    pairing: context.pairing.view(),
    sharedFolder: active.state.folder?.path,
    sharing: { epoch, revokedDeviceHoldsKey },
  };
}
