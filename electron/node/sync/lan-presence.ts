/**
 * This device on the LAN (docs/sync.md, "Discovery"): it advertises its rotating tag under the
 * newest sharing key (again as the hour turns, and after a rotation) and watches for the tags of
 * its paired devices under any key it holds. A device found at a new address becomes a candidate,
 * tried first at the next sync; it is adopted only once a handshake there proves it.
 */
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { joinAddress } from '../../../shared/domain/device.ts';
import { discoveryTag, DISCOVERY_ROTATION_MS, isTagOf } from '../../../shared/sync/discovery-tag.ts';
import type { Discovery } from './discovery.ts';
import type { Active } from './sync-active.ts';

export interface LanPresenceOptions {
  readonly discovery: Discovery | undefined;
  readonly sodium: () => Sodium;
  readonly clock: () => number;
  /** Whether this unlock's sync is still the one running (late callbacks of an earlier one do nothing). */
  readonly isCurrent: (active: Active) => boolean;
  /** A paired device was seen at a new address. */
  readonly onFound: () => void;
}

export class LanPresence {
  private readonly options: LanPresenceOptions;

  constructor(options: LanPresenceOptions) {
    this.options = options;
  }

  start(active: Active): void {
    const { discovery } = this.options;
    if (!discovery || !active.port) return;
    const sodium = this.options.sodium();
    this.advertise(active);
    active.discoveryTimer = setInterval(() => this.advertise(active), DISCOVERY_ROTATION_MS / 4);
    active.discoveryTimer.unref();
    discovery.browse((found) => {
      if (!this.options.isCurrent(active)) return;
      const address = found.addresses.find((candidate) => /^\d+\.\d+\.\d+\.\d+$/.test(candidate)) ?? found.addresses[0];
      if (!address) return;
      for (const id of active.allowed) {
        if (!active.epochs.some((keys) => isTagOf(sodium, keys.discovery, sodium.from_hex(id), found.name, this.options.clock()))) continue;
        const seenAt = joinAddress(address, found.port);
        if (active.state.peer(id).address === seenAt || active.candidates.get(id) === seenAt) return;
        active.candidates.set(id, seenAt);
        this.options.onFound();
        return;
      }
    });
  }

  /** Advertises under the newest key (after a rotation, at once). */
  advertise(active: Active): void {
    const newest = active.epochs.at(-1);
    if (!this.options.discovery || !active.port || !newest || !this.options.isCurrent(active)) return;
    this.options.discovery.advertise(discoveryTag(this.options.sodium(), newest.discovery, active.state.identity.signPublicKey, this.options.clock()), active.port);
  }

  stop(active: Active): void {
    clearInterval(active.discoveryTimer);
    this.options.discovery?.stop();
  }
}
