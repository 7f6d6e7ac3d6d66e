/**
 * Sync between the user's own devices, for one vault service (docs/sync.md): while the vault is
 * unlocked this device listens on TCP, answers its paired devices (and, while a pairing code is
 * open, the one new device that proves it), and syncs with every paired device it can reach after
 * each local change, every few minutes, and when asked. It also joins an existing vault from a
 * pairing code when there is no vault yet.
 */
import type { Socket } from 'node:net';
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { joinAddress, type DevicesOverview, type SyncStatus } from '../../../shared/domain/device.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { addDevice, markSeen, renameDevice, seenIsStale } from '../../../shared/vault/devices.ts';
import type { RootDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { Admission } from './admission.ts';
import { answerConnection, syncAsInitiator } from './connection.ts';
import { connect, errorCodeOf, lanAddress, listenForDevices, plainAddress, refusalReason } from './sync-network.ts';
import { DeviceState } from './device-state.ts';
import type { Discovery } from './discovery.ts';
import { DeviceTrust } from './device-trust.ts';
import { devicesOverview } from './devices-overview.ts';
import { checkSharedFolder, FolderExchange } from './folder-exchange.ts';
import { joinVault, type JoinInput } from './join-vault.ts';
import { LanPresence } from './lan-presence.ts';
import { PairingHost } from './pairing-host.ts';
import { serviceEndpoint, SYNCED_AREAS } from './shard-sync.ts';
import { hex, type Active } from './sync-active.ts';

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
export class SyncService {
  private readonly options: SyncServiceOptions;
  private readonly vault: VaultService;
  private sodium: Sodium | undefined;
  private active: Active | undefined;
  /** Bumped on every unlock and lock, so late work from an earlier unlock does nothing. */
  private generation = 0;
  private current: Omit<SyncStatus, 'pairedDevices'> = { state: 'off', lastSyncAt: undefined, error: undefined };
  private running: Promise<Result<SyncStatus>> | undefined;
  private next: Promise<Result<SyncStatus>> | undefined;
  private readonly sockets = new Set<Socket>();
  /** Who may hold a connection to the listener (strangers are bounded per address and in all; admission.ts). */
  private readonly admission: Admission;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private delayTimer: ReturnType<typeof setTimeout> | undefined;
  private periodicTimer: ReturnType<typeof setInterval> | undefined;
  private started: Promise<void> = Promise.resolve();

  /** Settles when the last unlock's start-up is done, the vault's own opening first (tests wait for it). */
  get ready(): Promise<void> {
    return this.vault.status().then(() => this.started);
  }

  private readonly pairing: PairingHost;
  private readonly presence: LanPresence;
  private readonly folder: FolderExchange;
  private readonly trust: DeviceTrust;

  constructor(options: SyncServiceOptions) {
    this.options = options;
    this.admission = new Admission({ clock: () => this.clock() });
    this.vault = options.vault;
    const sodium = () => this.sodium!;
    const isCurrent = (active: Active) => this.active === active;
    this.pairing = new PairingHost({ vault: this.vault, sodium, clock: this.clock, host: () => this.options.advertisedHost ?? lanAddress(), changed: () => this.changed() });
    this.presence = new LanPresence({ discovery: options.discovery, sodium, clock: this.clock, isCurrent, onFound: () => this.scheduleSync() });
    this.trust = new DeviceTrust({ vault: this.vault, sodium, clock: this.clock, isCurrent });
    this.folder = new FolderExchange({ vault: this.vault, sodium, clock: this.clock, isCurrent, refreshPins: () => this.refreshPins() });
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
    this.presence.start(this.active);
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
    this.pairing.close();
    const active = this.active;
    this.active = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (active) {
      this.presence.stop(active);
      this.trust.forget(active);
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
    const server = await listenForDevices(this.options.listen ?? { host: '0.0.0.0', port: DEFAULT_SYNC_PORT }, (socket) => this.answer(socket));
    if (!server) return; // cannot listen at all: this device still syncs by connecting out
    if (this.active !== active) {
      server.close();
      return;
    }
    active.server = server;
    const address = server.address();
    active.port = typeof address === 'object' && address ? address.port : undefined;
  }

  /** Settles once a re-key after a revocation (started in the background) is done; tests wait for it. */
  whenRekeyed(): Promise<void> {
    return this.trust.whenRekeyed();
  }

  /** Re-reads who may sync (paired, not revoked) and the sharing keys granted to this device. */
  private async refreshPins(): Promise<void> {
    if (this.active) await this.trust.refresh(this.active);
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
    let newDevice: string | undefined;
    const pairing = this.pairing.forConnection(active, from, (id) => (newDevice = id));
    void answerConnection(socket, {
      sodium: this.sodium!,
      identity: active.state.identity,
      isPinned: this.isPinned(active),
      onProven: () => admitted.proven(),
      local,
      onHello: (port) => {
        listensOn = port;
      },
      ...(pairing && { pairing }),
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
        if (newDevice) await this.pairing.unpin(active, newDevice).catch(() => undefined);
        const reason = refusalReason(error, (key) => active.allowed.has(hex(key)) || active.state.revoked.has(hex(key)));
        if (!reason) return;
        active.state.logRefusal({ at: this.clock(), reason, address: from });
        this.saveSoon(active);
        this.changed();
      });
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
    const folder = active.state.folder ? await this.folder.exchange(active) : undefined;
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
   * After revoking a device: a new sharing key for what travels through the shared folder (and the
   * LAN tags), granted to this device and the devices still paired — not to any revoked one.
   */
  async rotateSharingKey(): Promise<Result<{ epoch: number }>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    await this.refreshPins();
    const result = await this.trust.rotate(active);
    if (result.ok) await this.keysChanged(active);
    return result;
  }

  /** After a new epoch: this device advertises and syncs under it at once. */
  private async keysChanged(active: Active): Promise<void> {
    await this.refreshPins();
    this.presence.advertise(active);
    this.changed();
    void this.syncNow();
  }

  /** Sets (or, with null, stops using) the shared folder this device syncs through. */
  async setSharedFolder(path: string | null): Promise<Result<null>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    if (path === null) {
      active.state.folder = undefined;
    } else {
      const usable = await checkSharedFolder(path);
      if (!usable.ok) return usable;
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
    return this.vault.read(({ session }) => ok(devicesOverview(this.sodium!, session.root, active, { host: this.options.advertisedHost ?? lanAddress(), pairing: this.pairing, status: this.status() })));
  }

  /** Opens a pairing code (closing any earlier one) for a new device to join this vault with. */
  startPairing(): Promise<Result<{ code: string; expiresAt: number }>> {
    return Promise.resolve(this.active ? this.pairing.open(this.active) : fail('vault-locked', 'the vault is locked'));
  }

  cancelPairing(): Result<null> {
    this.pairing.close();
    this.changed();
    return ok(null);
  }

  /** The user's answer to the device asking to join. */
  answerPairing(accept: boolean): Result<null> {
    return this.pairing.answer(accept);
  }

  async revoke(id: string): Promise<Result<null>> {
    const active = this.active;
    if (!active) return fail('vault-locked', 'the vault is locked');
    await this.refreshPins();
    const result = await this.trust.revoke(active, id);
    if (result.ok) await this.keysChanged(active);
    return result;
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

  /** Joins the vault of the device that shows this pairing code (join-vault.ts). */
  join(input: JoinInput): Promise<Result<VaultStatus>> {
    return joinVault({ vault: this.vault, sodium: () => this.lib(), clock: this.clock, emit: this.options.emit }, input);
  }
}
