/**
 * Who may hold a connection to the sync listener, and for how long (docs/sync.md, "Strangers on the
 * LAN"). Anyone on the network can connect, so a connection is a stranger's until its handshake
 * proves a paired device: strangers get a few slots per address and a bounded number in all, and
 * an address whose connections keep failing waits longer and longer before it is heard again.
 * Proven devices have slots of their own, so no flood of strangers keeps them out.
 */

export interface AdmissionLimits {
  /** Connections still in their handshake, from one address. */
  readonly perAddress: number;
  /** Connections still in their handshake, from everyone. */
  readonly unauthenticated: number;
  /** Connections of proven devices. */
  readonly authenticated: number;
  /** Handshakes that may fail in a row from one address before it backs off (a mistyped code, a restart). */
  readonly freeFailures: number;
  /** Then the address is not heard for this long, doubled at each further failure in a row … */
  readonly backOffMs: number;
  /** … up to this. */
  readonly maxBackOffMs: number;
  /** Addresses remembered (the oldest are forgotten first: a flood of addresses cannot grow this without bound). */
  readonly addresses: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { perAddress: 4, unauthenticated: 64, authenticated: 4, freeFailures: 3, backOffMs: 250, maxBackOffMs: 60_000, addresses: 4096 };

interface AddressState {
  pending: number;
  failures: number;
  quietUntil: number;
}

/** One admitted connection: it says once whether it proved itself, and once how it ended. */
export interface Admitted {
  /** The handshake proved a paired device: it moves to the proven devices' slots (false: they are full). */
  proven(): boolean;
  /** The connection ended; `failed`: with an error. Only a handshake that failed counts against the address (it backs off). */
  done(failed: boolean): void;
}

export class Admission {
  private readonly limits: AdmissionLimits;
  private readonly clock: () => number;
  private readonly addresses = new Map<string, AddressState>();
  private unauthenticated = 0;
  private authenticated = 0;
  /** Connections turned away at once (for the figures in docs/bench.md and diagnostics). */
  turnedAway = 0;

  constructor(options: { limits?: Partial<AdmissionLimits>; clock?: () => number } = {}) {
    this.limits = { ...DEFAULT_ADMISSION_LIMITS, ...options.limits };
    this.clock = options.clock ?? Date.now;
  }

  private stateOf(address: string): AddressState {
    let state = this.addresses.get(address);
    if (state) {
      // Most recently heard last: Map keeps insertion order, so the first entries are the ones to forget.
      this.addresses.delete(address);
    } else {
      state = { pending: 0, failures: 0, quietUntil: 0 };
    }
    this.addresses.set(address, state);
    for (const [oldest, old] of this.addresses) {
      if (this.addresses.size <= this.limits.addresses) break;
      if (old.pending > 0) continue;
      this.addresses.delete(oldest);
    }
    return state;
  }

  /** A new connection from `address`: admitted, or undefined (close it at once). */
  admit(address: string): Admitted | undefined {
    const state = this.stateOf(address);
    if (this.clock() < state.quietUntil || state.pending >= this.limits.perAddress || this.unauthenticated >= this.limits.unauthenticated) {
      this.turnedAway++;
      return undefined;
    }
    state.pending++;
    this.unauthenticated++;
    let phase: 'handshake' | 'proven' | 'done' = 'handshake';
    const leaveHandshake = () => {
      state.pending--;
      this.unauthenticated--;
    };
    return {
      proven: () => {
        if (phase !== 'handshake') return phase === 'proven';
        leaveHandshake();
        if (this.authenticated >= this.limits.authenticated) {
          phase = 'done';
          return false;
        }
        this.authenticated++;
        phase = 'proven';
        return true;
      },
      done: (failed) => {
        if (phase === 'done') return;
        const inHandshake = phase === 'handshake';
        if (inHandshake) leaveHandshake();
        else this.authenticated--;
        phase = 'done';
        if (failed && inHandshake) {
          state.failures++;
          const beyond = state.failures - this.limits.freeFailures;
          if (beyond > 0) state.quietUntil = this.clock() + Math.min(this.limits.maxBackOffMs, this.limits.backOffMs * 2 ** (beyond - 1));
        } else if (!failed) {
          state.failures = 0;
          state.quietUntil = 0;
        }
      },
    };
  }
}
