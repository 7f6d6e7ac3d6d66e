/**
 * Brings two copies of a vault to the same state, shard by shard (docs/sync.md): first the heads of
 * every shard are compared, so only shards that differ are synced. A shard where one side is simply
 * ahead (it holds the other's heads) is fast-forwarded: the changes since those heads go over in one
 * step. Shards edited on both sides run the Automerge sync protocol until neither side has anything
 * more to send. The endpoints hide where a copy lives (this process, or the other end of an
 * encrypted channel).
 */
import * as Automerge from '@automerge/automerge';
import { ok, type Result } from '../../../shared/api/result.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import type { VaultService } from '../vault/vault-service.ts';
import type { VaultSession } from '../vault/vault-session.ts';
import type { FolderCopy } from './shared-folder.ts';

/** One side of one sync run; it keeps its own Automerge sync state per shard for the run. */
export interface SyncEndpoint {
  summary(): Promise<Map<ShardId, readonly string[]>>;
  /** The next message for a shard, or null when this side has nothing more to say. */
  generate(id: ShardId): Promise<Uint8Array | null>;
  receive(id: ShardId, message: Uint8Array): Promise<void>;
  /** If this copy holds all of `heads`, the changes it has beyond them (null when it does not, or has none). */
  changesAhead(id: ShardId, heads: readonly string[]): Promise<Uint8Array | null>;
  /** Applies changes from the other copy; whether this copy now holds `heads`. */
  apply(id: ShardId, changes: Uint8Array, heads: readonly string[]): Promise<boolean>;
}

/** Holds the per-shard sync states of a run around the stateless steps of a copy. */
function withStates(steps: {
  summary: () => Promise<Map<ShardId, readonly string[]>>;
  generate: (id: ShardId, state: Automerge.SyncState) => Promise<[Automerge.SyncState, Uint8Array | null]>;
  receive: (id: ShardId, state: Automerge.SyncState, message: Uint8Array) => Promise<Automerge.SyncState>;
  changesAhead: SyncEndpoint['changesAhead'];
  apply: SyncEndpoint['apply'];
}): SyncEndpoint {
  const states = new Map<ShardId, Automerge.SyncState>();
  const stateOf = (id: ShardId) => states.get(id) ?? Automerge.initSyncState();
  return {
    summary: steps.summary,
    changesAhead: steps.changesAhead,
    apply: steps.apply,
    async generate(id) {
      const [state, message] = await steps.generate(id, stateOf(id));
      states.set(id, state);
      return message;
    },
    async receive(id, message) {
      states.set(id, await steps.receive(id, stateOf(id), message));
    },
  };
}

export interface SyncReport {
  readonly shardsCompared: number;
  readonly shardsSynced: number;
  /** Of those, shards where one side was simply ahead and went over in one step. */
  readonly fastForwarded: number;
  readonly messages: number;
}

/** Passes of comparing and syncing in one run (the second usually finds nothing). */
const MAX_PASSES = 3;

/** Fast-forward steps sent before the first is answered. */
const MAX_IN_FLIGHT = 8;

/** A limit no real shard reaches: a protocol that keeps talking past it is a bug, not a sync. */
const MAX_ROUNDS_PER_SHARD = 100;

const sameHeads = (a: readonly string[] | undefined, b: readonly string[] | undefined) => a !== undefined && b !== undefined && a.length === b.length && a.every((head, i) => head === b[i]);

/** A copy that counts what it received, so whoever ran the sync can tell the views once. */
export interface CountingEndpoint extends SyncEndpoint {
  /** Sync messages applied to this copy so far. */
  readonly received: () => number;
}

async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value;
}

/**
 * A vault service's copy, each step in its queue (one writer at a time). Received changes do not
 * tell the views one message at a time: the caller does, once per run, when received() > 0.
 */
export function serviceEndpoint(vault: VaultService): CountingEndpoint {
  let received = 0;
  const endpoint = withStates({
    summary: () => unwrap(vault.read(async ({ session }) => ok(await session.exchange.shardSummary()))),
    generate: (id, state) => unwrap(vault.read(async ({ session }) => ok(await session.exchange.generateSyncMessage(id, state)))),
    receive: (id, state, message) => {
      received++;
      return unwrap(vault.write(SYNCED_AREAS, async ({ session }) => ok(await session.exchange.receiveSyncMessage(id, state, message)), 'sync'));
    },
    changesAhead: (id, heads) => unwrap(vault.read(async ({ session }) => ok(await session.exchange.changesAhead(id, heads)))),
    apply: (id, changes, heads) => {
      received++;
      return unwrap(vault.write(SYNCED_AREAS, async ({ session }) => ok(await session.exchange.applyChanges(id, changes, heads)), 'sync'));
    },
  });
  return { ...endpoint, received: () => received };
}

/** A vault service's copy as the shared-folder transport uses it; received() counts the changes applied. */
export function serviceFolderCopy(vault: VaultService): FolderCopy & { readonly received: () => number } {
  let received = 0;
  return {
    summary: () => unwrap(vault.read(async ({ session }) => ok(await session.exchange.shardSummary()))),
    changesSince: (id, covered) => unwrap(vault.read(async ({ session }) => ok(await session.exchange.changesSince(id, covered)))),
    applyChanges: (id, changes, heads) => {
      received++;
      return unwrap(vault.write(SYNCED_AREAS, async ({ session }) => ok(await session.exchange.applyChanges(id, changes, heads)), 'sync'));
    },
    received: () => received,
  };
}

/** A session's copy used directly, by whoever already holds it alone (joining a vault fills a staging copy). */
export function sessionEndpoint(session: VaultSession): SyncEndpoint {
  return withStates({
    summary: () => session.exchange.shardSummary(),
    generate: (id, state) => session.exchange.generateSyncMessage(id, state),
    receive: (id, state, message) => session.exchange.receiveSyncMessage(id, state, message),
    changesAhead: (id, heads) => session.exchange.changesAhead(id, heads),
    apply: (id, changes, heads) => session.exchange.applyChanges(id, changes, heads),
  });
}

/** Everything a sync can change, for the one refresh after a run. */
export const SYNCED_AREAS = ['contacts', 'interactions', 'events', 'goals', 'sources', 'coach'] as const;

export async function syncEndpoints(a: SyncEndpoint, b: SyncEndpoint): Promise<SyncReport> {
  // Applying changes can itself change a copy (a shard it lacked is listed in its root), and the user
  // may edit meanwhile: compare again after each pass until both agree (a few passes at most).
  const total = { shardsCompared: 0, shardsSynced: 0, fastForwarded: 0, messages: 0 };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const report = await syncPass(a, b);
    total.shardsCompared = Math.max(total.shardsCompared, report.shardsCompared);
    total.shardsSynced += report.shardsSynced;
    total.fastForwarded += report.fastForwarded;
    total.messages += report.messages;
    if (report.shardsSynced === 0) break;
  }
  return total;
}

async function syncPass(a: SyncEndpoint, b: SyncEndpoint): Promise<SyncReport> {
  const [headsA, headsB] = await Promise.all([a.summary(), b.summary()]);
  const shards = [...new Set([...headsA.keys(), ...headsB.keys()])].sort();
  const differing = shards.filter((id) => !sameHeads(headsA.get(id), headsB.get(id)));
  let messages = 0;
  let fastForwarded = 0;
  // Where this side is simply ahead, its changes go over in one step each, several in flight at
  // once (while the other side applies one, this side reads the next).
  const inFlight: { id: ShardId; applied: Promise<boolean> }[] = [];
  const rest: ShardId[] = [];
  const settle = async (sent: { id: ShardId; applied: Promise<boolean> }) => {
    if (await sent.applied) fastForwarded++;
    else rest.push(sent.id);
  };
  for (const id of differing) {
    const fromA = await a.changesAhead(id, headsB.get(id) ?? []);
    if (!fromA) {
      rest.push(id);
      continue;
    }
    const applied = b.apply(id, fromA, headsA.get(id) ?? []);
    applied.catch(() => undefined); // a lost connection fails every step in flight: each is awaited below, in turn
    inFlight.push({ id, applied });
    if (inFlight.length >= MAX_IN_FLIGHT) await settle(inFlight.shift()!);
  }
  for (const sent of inFlight.splice(0)) await settle(sent);

  for (const id of rest.sort()) {
    // The other side simply ahead: its changes, in one step.
    const fromB = await b.changesAhead(id, headsA.get(id) ?? []);
    if (fromB && (await a.apply(id, fromB, headsB.get(id) ?? []))) {
      fastForwarded++;
      continue;
    }
    // Edited on both sides: the Automerge sync protocol.
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS_PER_SHARD) throw new Error(`sync of ${id} did not settle`);
      const fromA = await a.generate(id);
      if (fromA) {
        await b.receive(id, fromA);
        messages++;
      }
      const fromB = await b.generate(id);
      if (fromB) {
        await a.receive(id, fromB);
        messages++;
      }
      if (!fromA && !fromB) break;
    }
  }
  return { shardsCompared: shards.length, shardsSynced: differing.length, fastForwarded, messages };
}
