/**
 * The side of pairing that lets a new device in (docs/sync.md, "Pairing"): the code this device
 * shows, the one new device that proves it waiting for the user's answer, and, once let in, the
 * device pinned under its name and handed the vault key. One code, and one asking device, at a time.
 */
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { encodePairingCode, keyFingerprint, PAIRING_SECRET_SIZE, PairingCodeWindow } from '../../../shared/sync/pairing.ts';
import { addDevice, removeDevice } from '../../../shared/vault/devices.ts';
import type { RootDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { VaultService } from '../vault/vault-service.ts';
import type { JoinRequest, PairingResponder } from './connection.ts';
import { hex, type Active } from './sync-active.ts';

type Pairing = { window: PairingCodeWindow; code: string; request?: JoinRequest & { readonly answer: (accepted: boolean) => void } };

export interface PairingHostOptions {
  readonly vault: VaultService;
  readonly sodium: () => Sodium;
  readonly clock: () => number;
  /** Where the code says this device listens. */
  readonly host: () => string;
  /** What the devices view shows changed. */
  readonly changed: () => void;
}

export class PairingHost {
  private readonly options: PairingHostOptions;
  private pairing: Pairing | undefined;

  constructor(options: PairingHostOptions) {
    this.options = options;
  }

  /** Opens a pairing code (closing any earlier one) for a new device to join this vault with. */
  open(active: Active): Result<{ code: string; expiresAt: number }> {
    if (!active.port) return fail('peer-unreachable', 'this device cannot listen for connections');
    const sodium = this.options.sodium();
    this.pairing?.window.cancel();
    const secret = sodium.randombytes_buf(PAIRING_SECRET_SIZE);
    const window = new PairingCodeWindow(secret, { clock: this.options.clock });
    const code = encodePairingCode({ host: this.options.host(), port: active.port, fingerprint: keyFingerprint(sodium, active.state.identity.signPublicKey), secret });
    sodium.memzero(secret);
    this.pairing = { window, code };
    this.options.changed();
    return ok({ code, expiresAt: window.expiresAt });
  }

  /** Closes the code, if one is open (the user cancelled, or the vault locked). */
  close(): void {
    this.pairing?.window.cancel();
    this.pairing = undefined;
  }

  /** The user's answer to the device asking to join: let it in, or not (the code closes either way once declined). */
  answer(accept: boolean): Result<null> {
    const request = this.pairing?.request;
    if (!request) return fail('not-found', 'no device is asking to join');
    if (!accept) this.close();
    request.answer(accept);
    return ok(null);
  }

  /** The code and the asking device, as the devices view shows them; undefined when there is neither. */
  view(): { code: string; expiresAt: number; request?: { name: string; comparison: string } } | undefined {
    const pairing = this.pairing;
    const request = pairing?.request;
    if (!pairing || (pairing.window.state !== 'open' && !request)) return undefined;
    return { code: pairing.code, expiresAt: pairing.window.expiresAt, ...(request && { request: { name: request.name, comparison: request.comparison } }) };
  }

  /**
   * What a connection from `from` needs to pair (none while no code is open). `onPinned` hears of
   * the new device once it is pinned, so a join that then fails can unpin it.
   */
  forConnection(active: Active, from: string, onPinned: (id: string) => void): PairingResponder | undefined {
    const pairing = this.pairing;
    if (!pairing) return undefined;
    const { vault } = this.options;
    return {
      window: pairing.window.forAddress(from),
      vaultName: async () => {
        const name = await vault.read(({ session }) => ok(session.vaultName));
        return name.ok ? name.value : '';
      },
      ask: (request, signal) => this.ask(pairing, request, signal),
      admit: (peer, name) => {
        onPinned(hex(peer));
        return this.admit(active, peer, name);
      },
      files: async () => {
        const exported = await vault.read(async ({ session }) => ok(await session.exportFiles()));
        if (!exported.ok) throw new Error(exported.error.code);
        return exported.value;
      },
    };
  }

  /**
   * A new device proved the pairing code: the devices view shows its name and the comparison code
   * until the user answers, the new device gives up or time runs out.
   */
  private ask(pairing: Pairing, request: JoinRequest, signal: AbortSignal): Promise<boolean> {
    if (pairing.request || this.pairing !== pairing || signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (accepted: boolean) => {
        signal.removeEventListener('abort', onAbort);
        if (pairing.request?.answer === finish) delete pairing.request;
        this.options.changed();
        resolve(accepted);
      };
      const onAbort = () => finish(false);
      signal.addEventListener('abort', onAbort);
      pairing.request = { ...request, answer: finish };
      this.options.changed();
    });
  }

  /** The user let the device in: pin it under its name and hand it the vault key. */
  private async admit(active: Active, peer: Uint8Array, name: string): Promise<{ vaultId: Uint8Array; vaultKey: Uint8Array; storageKey: Uint8Array }> {
    const id = hex(peer);
    if (active.state.revoked.has(id)) throw new Error('a revoked device cannot pair again under the same key');
    const result = await this.options.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root: RootDoc) => addDevice(root, id, name, this.options.clock()));
      return ok({ vaultId: session.vaultId, vaultKey: session.keys.exportVaultKey(), storageKey: session.keys.exportStorageKey() });
    }, 'sync');
    if (!result.ok) throw new Error(result.error.code);
    active.allowed.add(id);
    this.pairing = undefined;
    this.options.changed();
    return result.value;
  }

  /** A device that was pinned but did not finish joining is unpinned: it has no vault to sync. */
  async unpin(active: Active, id: string): Promise<void> {
    await this.options.vault.write([], async ({ session }) => {
      if (session.root.devices?.[id]) await session.change(ROOT_SHARD, (root: RootDoc) => removeDevice(root, id));
      return ok(null);
    }, 'sync');
    active.allowed.delete(id);
    this.options.changed();
  }
}
