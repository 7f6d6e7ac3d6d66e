/**
 * Sync between the user's own devices, for one vault service (docs/sync.md): while the vault is
 * unlocked this device listens on TCP, answers its paired devices (and, while a pairing code is
 * open, the one new device that proves it), and syncs with every paired device it can reach after
 * each local change, every few minutes, and when asked. It also joins an existing vault from a
 * pairing code when there is no vault yet.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { joinAddress, type DevicesOverview, type SyncStatus } from '../../../shared/domain/device.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { HandshakeError } from '../../../shared/sync/handshake.ts';
import { deviceCode, newDeviceIdentity } from '../../../shared/sync/identity.ts';
import { discoveryTag, DISCOVERY_ROTATION_MS, isTagOf } from '../../../shared/sync/discovery-tag.ts';
import { decodePairingCode, encodePairingCode, keyFingerprint, PAIRING_SECRET_SIZE, PairingCodeWindow } from '../../../shared/sync/pairing.ts';
import { addDevice, isDeviceAllowed, markSeen, pairedDevices, removeDevice, renameDevice, revokeDevice, seenIsStale } from '../../../shared/vault/devices.ts';
import { scalar, text, type RootDoc } from '../../../shared/vault/documents.ts';
import { newEpoch, openGrants, parseEpochGrants, purposeKey, verifiedEpochGrants } from '../../../shared/sync/sharing-keys.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { Admission } from './admission.ts';
import { answerConnection, joinAsInitiator, PairingDeclined, syncAsInitiator, type JoinRequest } from './connection.ts';
import { connect, errorCodeOf, lanAddress, plainAddress, refusalReason } from './sync-network.ts';
import { DeviceState } from './device-state.ts';
import type { Discovery } from './discovery.ts';
import { serviceEndpoint, serviceFolderCopy, sessionEndpoint, SYNCED_AREAS, type SyncEndpoint } from './shard-sync.ts';
import { EMPTY_PROGRESS, SharedFolder, type FolderProgress, type FolderReport } from './shared-folder.ts';

export type SyncEventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface SyncServiceOptions {
  readonly vault: VaultService;
  readonly emit?: SyncEventSink;
  readonly clock?: () => number;
  /** Where to listen: the app listens on every interface; tests on 127.0.0.1. Port 0 picks a free one. */
  readonly listen?: { readonly host: string; readonly port: number };
  /** The address a pairing code names; by default this machine's first LAN IPv4 address. */
  readonly advertisedHost?: string;
  /** The name this device gives itself in the vault's list until the user renames it. */
  readonly defaultDeviceName: string;
  /** After a local change, how long to wait for more before syncing (ms). */
  readonly syncDelayMs?: number;
  /** LAN discovery (mDNS in the app); without it, devices find each other by the addresses they learn. */
  readonly discovery?: Discovery;
  /** How often to sync when nothing happens (ms; a minute by default, for the shared folder); 0 never. */
  readonly periodicMs?: number;
}

export const DEFAULT_SYNC_PORT = 47_291;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

interface Active {
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

interface EpochKeys {
  readonly epoch: number;
  readonly folder: Uint8Array;
  readonly discovery: Uint8Array;
}

export class SyncService {
  private readonly options: SyncServiceOptions;
  private readonly vault: VaultService;
  private sodium: Sodium | undefined;
  private active: Active | undefined;
  /** Bumped on every unlock and lock, so late work from an earlier unlock does nothing. */
  private generation = 0;
  private pairing: { window: PairingCodeWindow; code: string; request?: JoinRequest & { readonly answer: (accepted: boolean) => void } } | undefined;
  private current: Omit<SyncStatus, 'pairedDevices'> = { state: 'off', lastSyncAt: undefined, error: undefined };
  private running: Promise<Result<SyncStatus>> | undefined;
  private next: Promise<Result<SyncStatus>> | undefined;
  private readonly sockets = new Set<Socket>();
  /** Who may hold a connection to the listener (strangers are bounded per address and in all; admission.ts). */
  private readonly admission: Admission;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shared-folder problems already logged (device tag, file, reason), so a run every minute does not repeat them. */
  private readonly folderProblemsLogged = new Set<string>();
  private delayTimer: ReturnType<typeof setTimeout> | undefined;
  private periodicTimer: ReturnType<typeof setInterval> | undefined;
  private started: Promise<void> = Promise.resolve();

  /** Settles when the last unlock's start-up is done, the vault's own opening first (tests wait for it). */
  get ready(): Promise<void> {
    return this.vault.status().then(() => this.started);
  }

  constructor(options: SyncServiceOptions) {
    this.options = options;
    this.admission = new Admission({ clock: () => this.clock() });
    this.vault = options.vault;
    this.vault.onStatusChange((state) => {
      if (state === 'unlocked') {
        this.started = this.activate().catch((error: unknown) => {
          // The vault works without sync; say so rather than fail the unlock.
          console.error('Enishi: sync could not start:', error instanceof Error ? error.name : 'unknown error');
          this.setStatus({ state: 'error', error: 'sync-failed' });
        });
      } else {
        void this.deactivate();
      }
    });
    this.vault.onLocalWrite(() => this.scheduleSync());
  }

  private readonly clock = (): number => this.options.clock?.() ?? Date.now();

  private async lib(): Promise<Sodium> {
    this.sodium ??= await loadSodium();
    return this.sodium;
  }

  private changed(): void {
    this.options.emit?.('syncChanged', {});
  }

  private setStatus(status: Partial<Omit<SyncStatus, 'pairedDevices'>>): void {
    this.current = { ...this.current, ...status };
    this.changed();
  }

  /** Figures for benchmarks and diagnostics: connections the listener turned away at once (admission.ts). Nothing in them names anyone. */
  get diagnostics(): { turnedAway: number } {
    return { turnedAway: this.admission.turnedAway };
  }

  status(): SyncStatus {
    return { ...this.current, pairedDevices: this.active?.allowed.size ?? 0 };
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private async activate(): Promise<void> {
    const generation = ++this.generation;
    const sodium = await this.lib();
    const opened = await this.vault.read(async ({ session }) => ok({ state: await DeviceState.load(sodium, this.vault, session.dir), vaultId: session.vaultId }));
    if (!opened.ok || generation !== this.generation) return;
    const { state, vaultId } = opened.value;
    const me = hex(state.identity.signPublicKey);
    this.active = { state, vaultId, me, server: undefined, port: undefined, allowed: new Set(), candidates: new Map(), epochs: [], discoveryTimer: undefined };
    await this.vault.write([], async ({ session }) => {
      if (!session.root.devices?.[me]) await session.change(ROOT_SHARD, (root: RootDoc) => addDevice(root, me, this.options.defaultDeviceName, this.clock()));
      return ok(null);
    }, 'sync');
    await this.refreshPins();
    if (generation !== this.generation) return;
    await this.listen(this.active);
    this.startDiscovery(this.active);
    this.current = { state: 'idle', lastSyncAt: undefined, error: undefined };
    this.changed();
    const periodic = this.options.periodicMs ?? 60_000;
    if (periodic > 0) {
      this.periodicTimer = setInterval(() => void this.syncNow(), periodic);
      this.periodicTimer.unref();
    }
    this.scheduleSync();
  }

  private async deactivate(): Promise<void> {
    this.generation++;
    clearTimeout(this.delayTimer);
    clearInterval(this.periodicTimer);
    this.pairing?.window.cancel();
    this.pairing = undefined;
    const active = this.active;
    this.active = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (active) {
      this.stopDiscovery(active);
      this.forgetEpochs(active);
    }
    if (active?.server) await new Promise<void>((resolve) => active.server!.close(() => resolve()));
    if (active) this.sodium?.memzero(active.state.identity.signSecretKey);
    this.current = { state: 'off', lastSyncAt: undefined, error: undefined };
    this.changed();
  }

  /** Stops listening and syncing (the app quitting). */
  stop(): Promise<void> {
    return this.deactivate();
  }

  private async listen(active: Active): Promise<void> {
    const wanted = this.options.listen ?? { host: '0.0.0.0', port: DEFAULT_SYNC_PORT };
    const server = createServer({ noDelay: true }, (socket) => this.answer(socket));
    const bind = (port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, wanted.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    try {
      await bind(wanted.port);
    } catch {
      try {
        await bind(0); // the usual port is taken (another app, or a second copy of Enishi): any free one
      } catch {
        return; // cannot listen at all: this device still syncs by connecting out
      }
    }
    server.on('error', () => undefined);
    if (this.active !== active) {
      server.close();
      return;
    }
    active.server = server;
    const address = server.address();
    active.port = typeof address === 'object' && address ? address.port : undefined;
  }

  /**
   * Advertises this device's rotating tag under the newest sharing key (re-advertised as the hour
   * turns, and after a rotation) and watches for the tags of its paired devices under any key it
   * holds: a device found at a new address is synced with soon after.
   */
  private startDiscovery(active: Active): void {
    const discovery = this.options.discovery;
    if (!discovery || !active.port) return;
    const sodium = this.sodium!;
    this.advertise(active);
    active.discoveryTimer = setInterval(() => this.advertise(active), DISCOVERY_ROTATION_MS / 4);
    active.discoveryTimer.unref();
    discovery.browse((found) => {
      if (this.active !== active) return;
      const address = found.addresses.find((candidate) => /^\d+\.\d+\.\d+\.\d+$/.test(candidate)) ?? found.addresses[0];
      if (!address) return;
      for (const id of active.allowed) {
        if (!active.epochs.some((keys) => isTagOf(sodium, keys.discovery, sodium.from_hex(id), found.name, this.clock()))) continue;
        const seenAt = joinAddress(address, found.port);
        if (active.state.peer(id).address === seenAt || active.candidates.get(id) === seenAt) return;
        active.candidates.set(id, seenAt);
        this.scheduleSync();
        return;
      }
    });
  }

  private advertise(active: Active): void {
    const newest = active.epochs.at(-1);
    if (!this.options.discovery || !active.port || !newest || this.active !== active) return;
    this.options.discovery.advertise(discoveryTag(this.sodium!, newest.discovery, active.state.identity.signPublicKey, this.clock()), active.port);
  }

  private stopDiscovery(active: Active): void {
    clearInterval(active.discoveryTimer);
    this.options.discovery?.stop();
  }

  private forgetEpochs(active: Active): void {
    for (const keys of active.epochs) {
      this.sodium?.memzero(keys.folder);
      this.sodium?.memzero(keys.discovery);
    }
    active.epochs = [];
  }

  private rekeying: Promise<void> | undefined;
  /** Sessions whose re-key failed (a shard that cannot be read, say): not tried again until the next unlock. */
  private readonly rekeyFailed = new WeakSet<Active>();

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
      const done = await this.vault.rekeyStorage();
      if (!done.ok || this.active !== active) return;
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

  /** Re-reads who may sync (paired, not revoked) and the sharing keys granted to this device. */
  private async refreshPins(): Promise<void> {
    const active = this.active;
    if (!active) return;
    const read = await this.vault.read(({ session }) =>
      ok({
        allowed: pairedDevices(session.root)
          .filter((device) => device.id !== active.me && isDeviceAllowed(session.root, device.id, active.state.revoked))
          .map((device) => device.id),
        grants: grantsOf(session.root),
        folder: session.sharedFolderKey(),
        discovery: session.discoveryKey(),
        revoked: pairedDevices(session.root)
          .filter((device) => device.revokedAt !== undefined)
          .map((device) => device.id),
      }),
    );
    if (!read.ok || this.active !== active) return;
    const sodium = this.sodium!;
    active.allowed = new Set(read.value.allowed);
    const opened = openGrants(sodium, read.value.grants, active.state.identity, (id) => id === active.me || active.allowed.has(id));
    this.forgetEpochs(active);
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

  private isPinned(active: Active): (key: Uint8Array) => boolean {
    return (key) => active.allowed.has(hex(key));
  }

  // ---- answering other devices --------------------------------------------------------------

  private answer(socket: Socket): void {
    const active = this.active;
    if (!active) {
      socket.destroy();
      return;
    }
    const from = plainAddress(socket.remoteAddress);
    const admitted = this.admission.admit(from);
    if (!admitted) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const local = serviceEndpoint(this.vault);
    let listensOn: number | undefined;
    const pairing = this.pairing;
    let newDevice: string | undefined;
    void answerConnection(socket, {
      sodium: this.sodium!,
      identity: active.state.identity,
      isPinned: this.isPinned(active),
      onProven: () => admitted.proven(),
      local,
      onHello: (port) => {
        listensOn = port;
      },
      ...(pairing && {
        pairing: {
          window: pairing.window.forAddress(from),
          vaultName: async () => {
            const name = await this.vault.read(({ session }) => ok(session.vaultName));
            return name.ok ? name.value : '';
          },
          ask: (request, signal) => this.ask(pairing, request, signal),
          admit: (peer, name) => {
            newDevice = hex(peer);
            return this.admit(active, peer, name);
          },
          files: async () => {
            const exported = await this.vault.read(async ({ session }) => ok(await session.exportFiles()));
            if (!exported.ok) throw new Error(exported.error.code);
            return exported.value;
          },
        },
      }),
    })
      .then(async ({ peer }) => {
        admitted.done(false);
        if (this.active !== active) return;
        const id = hex(peer);
        active.state.updatePeer(id, { lastSyncAt: this.clock(), lastError: undefined, ...(listensOn && { address: joinAddress(from, listensOn) }) });
        await active.state.save();
        await this.afterRun(active, [id], local.received());
      })
      .catch(async (error: unknown) => {
        admitted.done(true);
        if (this.active !== active) return;
        // A new device that was pinned but did not finish joining is unpinned: it has no vault to sync.
        if (newDevice) await this.unpin(active, newDevice).catch(() => undefined);
        const reason = refusalReason(error, (key) => active.allowed.has(hex(key)) || active.state.revoked.has(hex(key)));
        if (!reason) return;
        active.state.logRefusal({ at: this.clock(), reason, address: from });
        this.saveSoon(active);
        this.changed();
      });
  }

  /**
   * A new device proved the pairing code: the devices view shows its name and the comparison code
   * until the user answers (answerPairing), the new device gives up or time runs out. One at a time.
   */
  private ask(pairing: NonNullable<SyncService['pairing']>, request: JoinRequest, signal: AbortSignal): Promise<boolean> {
    if (pairing.request || this.pairing !== pairing || signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (accepted: boolean) => {
        signal.removeEventListener('abort', onAbort);
        if (pairing.request?.answer === finish) delete pairing.request;
        this.changed();
        resolve(accepted);
      };
      const onAbort = () => finish(false);
      signal.addEventListener('abort', onAbort);
      pairing.request = { ...request, answer: finish };
      this.changed();
    });
  }

  /** The user's answer to the device asking to join: let it in, or not (the code closes either way once declined). */
  answerPairing(accept: boolean): Result<null> {
    const request = this.pairing?.request;
    if (!request) return fail('not-found', 'no device is asking to join');
    if (!accept) {
      this.pairing?.window.cancel();
      this.pairing = undefined;
    }
    request.answer(accept);
    return ok(null);
  }

  /** A new device proved the pairing code and the user let it in: pin it under its name and hand it the vault key. */
  private async admit(active: Active, peer: Uint8Array, name: string): Promise<{ vaultId: Uint8Array; vaultKey: Uint8Array; storageKey: Uint8Array }> {
    const id = hex(peer);
    if (active.state.revoked.has(id)) throw new Error('a revoked device cannot pair again under the same key');
    const result = await this.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root: RootDoc) => addDevice(root, id, name, this.clock()));
      return ok({ vaultId: session.vaultId, vaultKey: session.exportVaultKey(), storageKey: session.exportStorageKey() });
    }, 'sync');
    if (!result.ok) throw new Error(result.error.code);
    active.allowed.add(id);
    this.pairing = undefined;
    this.changed();
    return result.value;
  }

  private async unpin(active: Active, id: string): Promise<void> {
    await this.vault.write([], async ({ session }) => {
      if (session.root.devices?.[id]) await session.change(ROOT_SHARD, (root: RootDoc) => removeDevice(root, id));
      return ok(null);
    }, 'sync');
    active.allowed.delete(id);
    this.changed();
  }

  /** Saves the device file a moment later, once for a burst of refusals (a flood must not mean a write each). */
  private saveSoon(active: Active): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.active === active) void active.state.save().catch(() => undefined);
    }, 2_000);
    this.saveTimer.unref();
  }

  /** After a run with these peers: views refresh once if anything arrived, and the peers count as seen. */
  private async afterRun(active: Active, peers: readonly string[], received: number): Promise<void> {
    const now = this.clock();
    await this.vault.write([], async ({ session }) => {
      const stale = peers.filter((id) => seenIsStale(session.root, id, now));
      if (stale.length > 0) await session.change(ROOT_SHARD, (root: RootDoc) => stale.forEach((id) => markSeen(root, id, now)));
      return ok(null);
    }, 'sync');
    await this.refreshPins();
    if (received > 0) this.options.emit?.('dataChanged', { areas: [...SYNCED_AREAS] });
    if (this.active === active) this.changed();
  }

  // ---- syncing with other devices -----------------------------------------------------------

  private scheduleSync(): void {
    if (!this.active) return;
    clearTimeout(this.delayTimer);
    this.delayTimer = setTimeout(() => void this.syncNow(), this.options.syncDelayMs ?? 2_000);
    this.delayTimer.unref();
  }

  /**
   * Syncs with every paired device this one knows how to reach, one after another. Asked during a
   * run, it runs once more after it (what changed meanwhile may have missed the current run); any
   * number of such requests share that one next run.
   */
  syncNow(): Promise<Result<SyncStatus>> {
    const active = this.active;
    if (!active) return Promise.resolve(fail('vault-locked', 'the vault is locked'));
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = undefined;
        return this.syncNow();
      });
      return this.next;
    }
    this.running = this.run(active)
      .catch((error: unknown) => {
        // The vault locked in the middle of a run, or the disk failed: the next run starts over.
        if (this.active === active) this.setStatus({ state: 'error', error: 'sync-failed' });
        return fail<SyncStatus>('sync-failed', error instanceof Error ? error.name : 'sync failed');
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(active: Active): Promise<Result<SyncStatus>> {
    await this.refreshPins();
    const targets = [...active.allowed].map((id) => ({ id, addresses: [...new Set([active.candidates.get(id), active.state.peer(id).address])].filter((address): address is string => address !== undefined) })).filter((peer) => peer.addresses.length > 0);
    if (targets.length === 0 && !active.state.folder) return ok(this.status());
    this.setStatus({ state: 'syncing' });
    const local = serviceEndpoint(this.vault);
    const reached: string[] = [];
    const failures: ErrorCode[] = [];
    const folder = active.state.folder ? await this.exchangeFolder(active) : undefined;
    if (folder === 'failed') failures.push('folder-unavailable');
    for (const target of targets) {
      if (this.active !== active) break;
      let outcome: ErrorCode | undefined;
      for (const address of target.addresses) {
        active.candidates.delete(target.id);
        try {
          const socket = await connect(address);
          this.sockets.add(socket);
          socket.once('close', () => this.sockets.delete(socket));
          // The handshake reaches only the device called: anyone else at this address cannot answer it.
          await syncAsInitiator(socket, { sodium: this.sodium!, identity: active.state.identity, peer: this.sodium!.from_hex(target.id), isPinned: this.isPinned(active), local, ...(active.port && { listenPort: active.port }) });
          active.state.updatePeer(target.id, { lastSyncAt: this.clock(), lastError: undefined, address });
          reached.push(target.id);
          outcome = undefined;
          break;
        } catch (error) {
          outcome = errorCodeOf(error);
          const reason = refusalReason(error);
          if (reason) active.state.logRefusal({ at: this.clock(), reason, address });
        }
      }
      if (outcome) {
        failures.push(outcome);
        active.state.updatePeer(target.id, { lastError: outcome });
      }
    }
    if (this.active !== active) return fail('vault-locked', 'the vault was locked during the sync');
    await active.state.save();
    await this.afterRun(active, reached, local.received() + (typeof folder === 'number' ? folder : 0));
    // Through the shared folder, devices that cannot reach each other directly still sync.
    if (folder !== undefined && folder !== 'failed') failures.splice(0, failures.length, ...failures.filter((code) => code !== 'peer-unreachable'));
    const allUnreachable = failures.length > 0 && failures.every((code) => code === 'peer-unreachable');
    this.setStatus(
      failures.length === 0
        ? { state: 'idle', lastSyncAt: this.clock(), error: undefined }
        : reached.length > 0 || !allUnreachable
          ? { state: 'error', error: failures.find((code) => code !== 'peer-unreachable') ?? failures[0], ...(reached.length > 0 && { lastSyncAt: this.clock() }) }
          : { state: 'offline', error: 'peer-unreachable' },
    );
    return ok(this.status());
  }

  /**
   * One exchange with the shared folder, in every sharing-key epoch this device holds a key for:
   * it reads each (devices that have not learned of a rotation yet still write in the older one) and
   * writes only in the newest. Grants published there that this device lacks are taken into the
   * vault (they are checked when opened), and this device publishes the vault's grants in each, so
   * a device that knows only an older key can learn the newer one — if it was granted one.
   * Returns the changes applied, or 'failed' (folder missing or not writable).
   */
  private async exchangeFolder(active: Active, again = true): Promise<number | 'failed'> {
    const settings = active.state.folder!;
    const copy = serviceFolderCopy(this.vault);
    const grants = await this.vault.read(({ session }) => ok(grantsOf(session.root)));
    if (!grants.ok) return 'failed';
    const epochs: Record<string, FolderProgress> = { ...settings.epochs };
    const newest = active.epochs.at(-1)?.epoch ?? 0;
    let learned = false;
    try {
      for (const keys of [...active.epochs]) {
        // Its own copy of the key: refreshing the keys (another device synced meanwhile) zeroes the old ones.
        const key = keys.folder.slice();
        const folder = new SharedFolder({ sodium: this.sodium!, root: settings.path, key, vaultId: active.vaultId, identity: active.state.identity, allowed: [...active.allowed] });
        let report: FolderReport;
        try {
          for (const published of await folder.readGrants()) if (await this.takeGrants(active, published, grants.value)) learned = true;
          report = await folder.exchange(copy, epochs[keys.epoch] ?? EMPTY_PROGRESS, { write: keys.epoch === newest });
          if (Object.keys(grants.value).length > 0) await folder.writeGrants(grants.value);
        } finally {
          this.sodium!.memzero(key);
        }
        if (this.active !== active) return 'failed';
        epochs[keys.epoch] = report.progress;
        for (const problem of report.problems) {
          const key = `${problem.device}/${problem.file}/${problem.reason}`;
          if (this.folderProblemsLogged.has(key)) continue;
          this.folderProblemsLogged.add(key);
          // Once per folder, file and reason while the app runs; the log says why, never which file (names are tags, still worth nothing to a reader of logs).
          if (problem.reason === 'unknown-device') active.state.logRefusal({ at: this.clock(), reason: 'unknown-device', address: 'shared-folder' });
          else console.warn(`Enishi: shared folder: skipped a file (${problem.reason})`);
        }
        if (report.replaced > 0) console.warn(`Enishi: shared folder: ${report.replaced} of this device's files had gone; wrote them again`);
      }
    } catch {
      return 'failed';
    }
    // The user may have chosen another folder meanwhile: progress made in this one is not that one's.
    if (active.state.folder?.path !== settings.path) return copy.received();
    active.state.folder = { path: settings.path, epochs };
    // What was read may name a newer key, or a device paired meanwhile whose files the changes
    // read build on: take them in right away rather than at the next run.
    const known = new Set(active.allowed);
    await this.refreshPins();
    if ((learned || [...active.allowed].some((id) => !known.has(id))) && again) {
      const more = await this.exchangeFolder(active, false);
      return more === 'failed' ? more : copy.received() + more;
    }
    return copy.received();
  }

  /** Takes epochs from grants found in the folder into the vault, if signed by a trusted device and new; whether any were. */
  private async takeGrants(active: Active, published: Readonly<Record<string, string>>, known: Readonly<Record<string, string>>): Promise<boolean> {
    const sodium = this.sodium!;
    const fresh = Object.entries(published).filter(([epoch, text]) => known[epoch] === undefined && verifiedEpochGrants(sodium, Number(epoch), text, (id) => id === active.me || active.allowed.has(id)));
    if (fresh.length === 0) return false;
    await this.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        root.keyGrants ??= {};
        for (const [epoch, text] of fresh) if (root.keyGrants[epoch] === undefined) root.keyGrants[epoch] = scalar(text);
      });
      return ok(null);
    }, 'sync');
    return true;
  }

  /**
   * After revoking a device: a new sharing key for what travels through the shared folder (and the
   * LAN tags), granted to this device and the devices still paired — not to any revoked one.
   */
  async rotateSharingKey(): Promise<Result<{ epoch: number }>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    await this.refreshPins();
    const sodium = this.sodium!;
    const result = await this.vault.write([], async ({ session }) => {
      const { epoch, key, text } = newEpoch(sodium, grantsOf(session.root), [active.me, ...active.allowed], active.state.identity);
      sodium.memzero(key);
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        root.keyGrants ??= {};
        root.keyGrants[String(epoch)] = scalar(text);
      });
      return ok({ epoch });
    });
    if (!result.ok) return result;
    await this.refreshPins();
    this.advertise(active);
    this.changed();
    void this.syncNow();
    return result;
  }

  /** Sets (or, with null, stops using) the shared folder this device syncs through. */
  async setSharedFolder(path: string | null): Promise<Result<null>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    if (path === null) {
      active.state.folder = undefined;
    } else {
      try {
        if (!(await stat(path)).isDirectory()) return fail('folder-unavailable', 'not a folder');
        await access(path, constants.W_OK | constants.R_OK);
      } catch {
        return fail('folder-unavailable', 'the folder does not exist or cannot be written');
      }
      if (this.active !== active) return fail('vault-locked', 'the vault was locked meanwhile');
      if (active.state.folder?.path !== path) active.state.folder = { path, epochs: {} };
    }
    await active.state.save();
    this.changed();
    if (path !== null) void this.syncNow();
    return ok(null);
  }

  // ---- what the devices view shows and does -------------------------------------------------

  overview(): Promise<Result<DevicesOverview>> {
    const active = this.active;
    if (!active) return Promise.resolve(fail('vault-locked', 'the vault is locked'));
    return this.vault.read(({ session }) => {
      const sodium = this.sodium!;
      const devices = pairedDevices(session.root).map((device) => {
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
      const host = this.options.advertisedHost ?? lanAddress();
      const request = this.pairing?.request;
      const pairing = this.pairing && (this.pairing.window.state === 'open' || request) ? { code: this.pairing.code, expiresAt: this.pairing.window.expiresAt, ...(request && { request: { name: request.name, comparison: request.comparison } }) } : undefined;
      const epoch = active.epochs.at(-1)?.epoch ?? 0;
      const revoked = devices.filter((device) => device.revokedAt !== undefined).map((device) => device.id);
      const holders = epoch === 0 ? undefined : parseEpochGrants(grantsOf(session.root)[String(epoch)] ?? '')?.grants;
      const revokedDeviceHoldsKey = revoked.some((id) => holders === undefined || holders[id] !== undefined);
      return ok({ devices, listening: active.port ? [joinAddress(host, active.port)] : [], refusals: active.state.refusals, status: this.status(), pairing, sharedFolder: active.state.folder?.path, sharing: { epoch, revokedDeviceHoldsKey } });
    });
  }

  /** Opens a pairing code (closing any earlier one) for a new device to join this vault with. */
  startPairing(): Promise<Result<{ code: string; expiresAt: number }>> {
    return Promise.resolve(this.openPairing());
  }

  private openPairing(): Result<{ code: string; expiresAt: number }> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    if (!active.port) return fail('peer-unreachable', 'this device cannot listen for connections');
    const sodium = this.sodium!;
    this.pairing?.window.cancel();
    const secret = sodium.randombytes_buf(PAIRING_SECRET_SIZE);
    const window = new PairingCodeWindow(secret, { clock: this.clock });
    const code = encodePairingCode({ host: this.options.advertisedHost ?? lanAddress(), port: active.port, fingerprint: keyFingerprint(sodium, active.state.identity.signPublicKey), secret });
    sodium.memzero(secret);
    this.pairing = { window, code };
    this.changed();
    return ok({ code, expiresAt: window.expiresAt });
  }

  cancelPairing(): Result<null> {
    this.pairing?.window.cancel();
    this.pairing = undefined;
    this.changed();
    return ok(null);
  }

  async revoke(id: string): Promise<Result<null>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    if (id === active.me) return fail('invalid-input', 'this device cannot revoke itself');
    await this.refreshPins();
    const sodium = this.sodium!;
    // The revocation and a new sharing-key epoch granted only to the devices that remain, in one
    // change: whatever is written from then on, in the shared folder or in LAN tags, is under a key
    // the revoked device never gets (docs/sync.md, "Revocation").
    const remaining = [active.me, ...[...active.allowed].filter((other) => other !== id)];
    const result = await this.vault.write([], async ({ session }) => {
      if (!session.root.devices?.[id]) return fail('not-found', 'no such device');
      const { epoch, key, text } = newEpoch(sodium, grantsOf(session.root), remaining, active.state.identity);
      sodium.memzero(key);
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        revokeDevice(root, id, this.clock());
        root.keyGrants ??= {};
        root.keyGrants[String(epoch)] = scalar(text);
      });
      return ok(null);
    }, 'sync');
    if (!result.ok) return result;
    active.state.revoked.add(id);
    await active.state.save();
    await this.refreshPins();
    this.advertise(active);
    this.changed();
    void this.syncNow();
    return ok(null);
  }

  async rename(id: string, name: string): Promise<Result<null>> {
    if (!this.active) return fail('vault-locked', 'the vault is locked');
    const result = await this.vault.write([], async ({ session }) => {
      if (!session.root.devices?.[id]) return fail('not-found', 'no such device');
      await session.change(ROOT_SHARD, (root: RootDoc) => renameDevice(root, id, name));
      return ok(null);
    });
    this.changed();
    return result;
  }

  async setAddress(id: string, address: string): Promise<Result<null>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    active.state.updatePeer(id, { address, lastError: undefined });
    await active.state.save();
    this.changed();
    return ok(null);
  }

  // ---- joining a vault from another device ---------------------------------------------------

  /**
   * Joins the vault of the device that shows this pairing code: proves the code, receives the vault
   * key, pulls every shard into a staging copy, and only then writes the keyring under this
   * device's passphrase. Anything that fails leaves no vault behind.
   */
  async join(input: { code: string; deviceName: string; passphrase: string; address?: string | undefined }): Promise<Result<VaultStatus>> {
    const decoded = decodePairingCode(input.code);
    if (!decoded.ok) return decoded;
    const assessment = assessPassphrase(input.passphrase);
    if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
    if ((await this.vault.status()).state !== 'none') return fail('vault-exists', 'a vault already exists in this data folder');
    const sodium = await this.lib();
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
        onIntro: (intro) => this.options.emit?.('joinProgress', intro),
        receive: (vaultId, vaultKey, storageKey, files) => {
          joining = this.vault.createFrom('joining', vaultId, vaultKey, input.passphrase, {
            seed: async (dir) => {
              for (const file of files) await writeFileAtomic(join(dir, file.name), file.bytes);
            },
            populate: async (session) => {
              giveEndpoint(sessionEndpoint(session));
              const responder = await protocolDone;
              const state = await DeviceState.load(sodium, session, session.dir, identity);
              state.updatePeer(responder, { address, lastSyncAt: this.clock() });
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
}

/** The vault's sharing-key grants as plain text by epoch. */
function grantsOf(root: RootDoc): Record<string, string> {
  return Object.fromEntries(Object.entries(root.keyGrants ?? {}).map(([epoch, value]) => [epoch, text(value)]));
}
