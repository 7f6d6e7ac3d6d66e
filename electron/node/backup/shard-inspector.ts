/**
 * Inspecting every shard of a backup (that it loads, what it holds) is most of verifying one and a
 * third of restoring it. The shards are independent, so with a worker (inspect-worker.ts) they are
 * shared out over other cores, while the calling thread goes on with its own work (a restore unpacks
 * the read model meanwhile). A worker takes a few hundred milliseconds to start (the module, the
 * Automerge wasm), so they are started while the backup's passphrase is checked: prepare(), before
 * the Argon2id that takes longer. Without a worker, shards are inspected here, in turn.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackupShard } from '../../../shared/vault-format/backup.ts';
import { inspectShard, type ShardInspection } from '../../../shared/vault/shard-inspection.ts';

export interface InspectRequest {
  readonly shards: readonly BackupShard[];
}

export type InspectReply = { readonly ok: true; readonly inspection: ShardInspection } | { readonly ok: false; readonly message: string };

export interface ShardInspector {
  /** Gets `threads` workers ready for an inspection soon (release() lets them go if none comes). */
  prepare(threads: number): void;
  /** Each shard's inspection, or why it does not load, in the order given; `inspected` hears of each one done. */
  inspect(shards: readonly BackupShard[], options?: { readonly threads?: number; readonly inspected?: () => void }): Promise<InspectReply[]>;
  /** Ends the workers prepare() started that no inspection used. */
  release(): void;
}

/** Below this many shard bytes, workers cost more than they save. */
const PARALLEL_FROM_BYTES = 1 << 20;

/** How many workers to run beside a thread that has work of its own (a restore), and beside one that waits (a verify). */
export const BESIDE_WORK = Math.max(1, availableParallelism() - 1);
export const BESIDE_WAITING = Math.max(1, Math.min(4, availableParallelism()));

/** Inspects the shards on this thread (what each worker does with its share). */
export function inspectHere(shards: readonly BackupShard[], inspected?: () => void): InspectReply[] {
  return shards.map(({ id, snapshot, records }): InspectReply => {
    try {
      return { ok: true, inspection: inspectShard(id, snapshot, records) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      inspected?.();
    }
  });
}

export function inThreadInspector(): ShardInspector {
  return { prepare: () => undefined, release: () => undefined, inspect: (shards, options) => Promise.resolve(inspectHere(shards, options?.inspected)) };
}

const sizeOf = (shard: BackupShard) => (shard.snapshot?.length ?? 0) + shard.records.reduce((sum, record) => sum + record.length, 0);

/** Shares of the shards (their indexes) of about as many bytes each: largest first, each to the lightest share. */
function share(shards: readonly BackupShard[], count: number): number[][] {
  const shares = Array.from({ length: count }, () => ({ indexes: [] as number[], bytes: 0 }));
  for (const index of shards.map((_, i) => i).sort((a, b) => sizeOf(shards[b]!) - sizeOf(shards[a]!))) {
    const lightest = shares.reduce((least, candidate) => (candidate.bytes < least.bytes ? candidate : least));
    lightest.indexes.push(index);
    lightest.bytes += sizeOf(shards[index]!);
  }
  return shares.map((each) => each.indexes);
}

/** Workers from `workerUrl`: the TypeScript file when Node runs it directly, the bundled chunk in the app. */
export function workerInspector(workerUrl: URL | string, { fromBytes = PARALLEL_FROM_BYTES }: { fromBytes?: number } = {}): ShardInspector {
  let ready: Worker[] = [];
  /** Workers that failed or ended (one waiting for work may, if its module or memory fails it). */
  const gone = new WeakSet<Worker>();
  const start = () => {
    const worker = new Worker(workerUrl);
    worker.unref(); // a prepared worker never keeps the process alive
    // Listened to from the start, so a worker failing while it waits is noted, not an uncaught error.
    worker.once('error', () => gone.add(worker));
    worker.once('exit', () => gone.add(worker));
    return worker;
  };
  const ask = (worker: Worker, shards: readonly BackupShard[], inspected?: () => void) =>
    new Promise<InspectReply[]>((resolve, reject) => {
      if (gone.has(worker)) return reject(new Error('a shard inspection worker had ended'));
      worker.ref();
      worker.on('message', (message: 'inspected' | InspectReply[]) => {
        if (message === 'inspected') return inspected?.();
        resolve(message);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`a shard inspection worker exited (${code})`)));
      worker.postMessage({ shards } satisfies InspectRequest);
    }).finally(() => void worker.terminate());
  const release = () => {
    for (const worker of ready) void worker.terminate();
    ready = [];
  };
  return {
    prepare(threads) {
      while (ready.length < threads) ready.push(start());
    },
    release,
    async inspect(shards, { threads = BESIDE_WAITING, inspected } = {}) {
      const total = shards.reduce((sum, shard) => sum + sizeOf(shard), 0);
      const count = Math.min(threads, shards.length);
      if (count < 1 || total < fromBytes) {
        release();
        return inspectHere(shards, inspected);
      }
      const workers = ready.splice(0, count).filter((worker) => !gone.has(worker));
      release();
      while (workers.length < count) workers.push(start());
      const shares = share(shards, count);
      let answers: InspectReply[][];
      try {
        answers = await Promise.all(shares.map((indexes, i) => ask(workers[i]!, indexes.map((index) => shards[index]!), inspected)));
      } catch {
        // A worker died (out of memory, say): the shards are inspected here instead, so the answer
        // is the same as without workers — a damaged shard is still named as damaged.
        for (const worker of workers) void worker.terminate();
        return inspectHere(shards);
      }
      const replies = new Array<InspectReply>(shards.length);
      shares.forEach((indexes, i) => indexes.forEach((index, j) => (replies[index] = answers[i]![j]!)));
      return replies;
    },
  };
}
