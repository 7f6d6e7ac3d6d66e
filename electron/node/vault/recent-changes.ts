/**
 * The changes each shard went through in this session, kept (within a byte budget) after the shard's
 * document is freed. A device that is simply behind asks for "everything after heads H"; when H is
 * where one of these changes started, the answer is the changes from there on, and the shard does
 * not have to be loaded again — loading is most of what a catch-up costs (docs/sync.md).
 */
import { concatBytes } from '../../../shared/vault-format/bytes.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';

interface Step {
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Automerge's saveSince(before): concatenated steps load as one incremental chunk. */
  readonly change: Uint8Array;
}

const sameHeads = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((head, i) => head === sorted[i]);
};

export class RecentChanges {
  /** Per shard, an unbroken chain: each step starts where the one before it ended. */
  private readonly chains = new Map<ShardId, Step[]>();
  /** Steps in the order they were recorded, to drop the oldest when over budget (forgotten ones are skipped). */
  private order: { id: ShardId; step: Step }[] = [];
  private readonly live = new Set<Step>();
  private bytes = 0;

  private readonly maxBytes: number;

  constructor(maxBytes = 4 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  /** A change that moved a shard from `before` to `after`. One that does not follow the chain starts a new one. */
  record(id: ShardId, before: readonly string[], after: readonly string[], change: Uint8Array): void {
    if (change.length > this.maxBytes) {
      this.forget(id);
      return;
    }
    let chain = this.chains.get(id);
    const last = chain?.[chain.length - 1];
    if (!chain || !last || !sameHeads(last.after, before)) {
      this.forget(id);
      chain = [];
      this.chains.set(id, chain);
    }
    const step = { before: [...before], after: [...after], change };
    chain.push(step);
    this.live.add(step);
    this.order.push({ id, step });
    this.bytes += change.length;
    while (this.bytes > this.maxBytes) this.dropOldest();
    if (this.order.length > 2 * this.live.size + 64) this.order = this.order.filter(({ step: kept }) => this.live.has(kept));
  }

  /**
   * The changes after `heads`, if the chain starts a step there and ends at `current` (the shard's
   * heads now); null when `heads` is `current`; undefined when this cannot tell (load the shard).
   */
  since(id: ShardId, heads: readonly string[], current: readonly string[] | undefined): Uint8Array | null | undefined {
    if (!current) return undefined;
    if (sameHeads(heads, current)) return null;
    const chain = this.chains.get(id);
    if (!chain || chain.length === 0 || !sameHeads(chain[chain.length - 1]!.after, current)) return undefined;
    const from = chain.findIndex((step) => sameHeads(step.before, heads));
    if (from < 0) return undefined;
    return concatBytes(chain.slice(from).map((step) => step.change));
  }

  forget(id: ShardId): void {
    const chain = this.chains.get(id);
    if (!chain) return;
    this.chains.delete(id);
    for (const step of chain) {
      this.bytes -= step.change.length;
      this.live.delete(step);
    }
  }

  clear(): void {
    this.chains.clear();
    this.order = [];
    this.live.clear();
    this.bytes = 0;
  }

  private dropOldest(): void {
    const oldest = this.order.shift();
    if (!oldest) return;
    if (!this.live.delete(oldest.step)) return; // already forgotten
    const chain = this.chains.get(oldest.id)!;
    chain.shift(); // a chain's steps are recorded in order, so the oldest kept is its first
    this.bytes -= oldest.step.change.length;
    if (chain.length === 0) this.chains.delete(oldest.id);
  }
}
