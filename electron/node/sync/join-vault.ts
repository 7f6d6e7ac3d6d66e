/**
 * Joining the vault of the device that shows a pairing code (docs/sync.md, "Pairing"): prove the
 * code, receive the vault key, pull every shard into a staging copy, and only then write the keyring
 * under this device's passphrase. Anything that fails leaves no vault behind.
 */
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fail, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { joinAddress } from '../../../shared/domain/device.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { HandshakeError } from '../../../shared/sync/handshake.ts';
import { newDeviceIdentity } from '../../../shared/sync/identity.ts';
import { decodePairingCode } from '../../../shared/sync/pairing.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { joinAsInitiator, PairingDeclined } from './connection.ts';
import { DeviceState } from './device-state.ts';
import { sessionEndpoint, type SyncEndpoint } from './shard-sync.ts';
import { hex } from './sync-active.ts';
import { connect, errorCodeOf } from './sync-network.ts';
import type { SyncEventSink } from './sync-service.ts';

export interface JoinInput {
  readonly code: string;
  readonly deviceName: string;
  readonly passphrase: string;
  readonly address?: string | undefined;
}

export async function joinVault(context: { vault: VaultService; sodium: () => Promise<Sodium>; clock: () => number; emit: SyncEventSink | undefined }, input: JoinInput): Promise<Result<VaultStatus>> {
  const { vault, clock, emit } = context;
  const decoded = decodePairingCode(input.code);
  if (!decoded.ok) return decoded;
  const assessment = assessPassphrase(input.passphrase);
  if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
  if ((await vault.status()).state !== 'none') return fail('vault-exists', 'a vault already exists in this data folder');
  const sodium = await context.sodium();
  const code = decoded.value;
  const address = input.address ?? joinAddress(code.host, code.port);
  let socket: Socket;
  try {
    socket = await connect(address);
  } catch (error) {
    return fail(errorCodeOf(error), `could not reach ${address}`);
  }
  const identity = newDeviceIdentity(sodium);
  let giveEndpoint!: (endpoint: SyncEndpoint) => void;
  const endpointReady = new Promise<SyncEndpoint>((resolve) => (giveEndpoint = resolve));
  let endProtocol!: (error?: unknown) => void;
  const protocolDone = new Promise<string>((resolve, reject) => (endProtocol = (error) => (error === undefined ? resolve(peerId) : reject(error instanceof Error ? error : new Error('join failed')))));
  protocolDone.catch(() => undefined); // awaited only once the vault key has arrived
  let peerId = '';
  let joining: Promise<Result<VaultStatus>> | undefined;
  try {
    const report = await joinAsInitiator(socket, {
      sodium,
      identity,
      code,
      deviceName: input.deviceName,
      onIntro: (intro) => emit?.('joinProgress', intro),
      receive: (vaultId, vaultKey, storageKey, files) => {
        joining = vault.createFrom('joining', vaultId, vaultKey, input.passphrase, {
          seed: async (dir) => {
            for (const file of files) await writeFileAtomic(join(dir, file.name), file.bytes);
          },
          populate: async (session) => {
            giveEndpoint(sessionEndpoint(session));
            const responder = await protocolDone;
            const state = await DeviceState.load(sodium, session.keys, session.dir, identity);
            state.updatePeer(responder, { address, lastSyncAt: clock() });
            await state.save();
          },
        }, storageKey);
        return Promise.race([endpointReady, joining.then((result) => Promise.reject(new Error(result.ok ? 'the vault was made before it was filled' : result.error.code)))]);
      },
    });
    peerId = hex(report.peer);
    endProtocol();
  } catch (error) {
    endProtocol(error);
    if (joining) await joining.catch(() => undefined);
    if (error instanceof PairingDeclined) return fail('pairing-declined', 'the other device did not let this one join');
    return fail(error instanceof HandshakeError ? 'pairing-refused' : errorCodeOf(error), 'could not join the vault');
  }
  return joining ?? fail('sync-failed', 'the other device sent no vault');
}
