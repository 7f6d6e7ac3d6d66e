/**
 * Sync figures on the heavy vault over loopback TCP, each side in its own process:
 *
 *   node tests/bench/sync-probe.ts join <scale>      a fresh device pairs with a copy of the bench vault
 *                                                    (served by a child process) and pulls all of it;
 *                                                    then 100 edits there reach the other side
 *   node tests/bench/sync-probe.ts monolith <scale>  the floor: the same data as one Automerge document,
 *                                                    synced in memory to an empty one
 *   node tests/bench/sync-probe.ts serve <scale>     (the child) prints a pairing code, serves until killed
 *
 * Each prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as Automerge from '@automerge/automerge';
import { SyncService } from '../../electron/node/sync/sync-service.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf, type Kdf } from '../../electron/node/vault/kdf.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { timedKdf } from './timed-kdf.ts';
import { BENCH_PASSPHRASE, benchDir, floorFiles } from './config.ts';
import type { Scale } from './people.ts';

const [mode, scale = 'heavy'] = process.argv.slice(2) as [string, Scale | undefined];
const MiB = 1024 * 1024;

function device(dataDir: string, kdf: Kdf, onSyncChanged?: () => void): { vault: VaultService; sync: SyncService } {
  // The app's own warm-up after unlock (1.5 s later) runs, as on any device that has been open a while.
  const vault = new VaultService({ dataDir, kdf, cacheSaveDelayMs: 3_600_000 });
  const sync = new SyncService({ vault, listen: { host: '127.0.0.1', port: 0 }, advertisedHost: '127.0.0.1', defaultDeviceName: 'bench', syncDelayMs: 3_600_000, periodicMs: 0, emit: (event) => event === 'syncChanged' && onSyncChanged?.() });
  return { vault, sync };
}

async function serve(): Promise<void> {
  const copy = await mkdtemp(join(tmpdir(), 'enishi-bench-serve-'));
  await cp(join(benchDir(scale), 'vault'), join(copy, 'vault'), { recursive: true });
  // The user lets the joining device in as soon as it asks (its comparison code is not what is measured).
  const letIn = () => void sync.overview().then((overview) => overview.ok && overview.value.pairing?.request && sync.answerPairing(true));
  const { vault, sync } = device(copy, workerKdf(kdfWorkerSourceUrl), () => letIn());
  const unlocked = await vault.unlock(BENCH_PASSPHRASE);
  if (!unlocked.ok) throw new Error(unlocked.error.message);
  await sync.ready;
  const offer = await sync.startPairing();
  if (!offer.ok) throw new Error(offer.error.message);
  console.log(JSON.stringify({ code: offer.value.code }));
  process.on('SIGTERM', () => {
    void sync
      .stop()
      .then(() => vault.lock())
      .then(() => rm(copy, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
}

async function joinAndCatchUp(): Promise<object> {
  const child = spawn(process.execPath, ['--experimental-strip-types', 'tests/bench/sync-probe.ts', 'serve', scale], { stdio: ['ignore', 'pipe', 'inherit'] });
  const code = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { code: string }).code);
    });
    child.once('exit', (status) => reject(new Error(`the serving side exited with ${status}`)));
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss / MiB)), 20);
  const dataDir = await mkdtemp(join(tmpdir(), 'enishi-bench-join-'));
  const kdf = { ms: 0 };
  const { vault, sync } = device(dataDir, timedKdf(workerKdf(kdfWorkerSourceUrl), kdf));
  try {
    const started = performance.now();
    const joined = await sync.join({ code, deviceName: 'bench laptop', passphrase: BENCH_PASSPHRASE });
    if (!joined.ok) throw new Error(joined.error.message);
    const page = await vault.listContacts(0, 50);
    if (!page.ok || page.value.total === 0) throw new Error('the joined vault is empty');
    const fullMs = performance.now() - started - kdf.ms;
    const contacts = page.value.total;
    await sync.ready;

    const people = await vault.listContacts(0, 500);
    if (!people.ok) throw new Error('no contacts');
    const edit = async (index: number, suffix: string) => {
      const contact = people.value.items[index % people.value.items.length]!;
      const draft = await vault.read(async ({ data }) => ({ ok: true as const, value: await data.contactDraft(contact.id) }));
      if (!draft.ok || !draft.value) throw new Error('no draft');
      const saved = await vault.updateContact(contact.id, { ...draft.value, title: `${draft.value.title}${suffix}` });
      if (!saved.ok) throw new Error(saved.error.message);
    };
    const catchUp = async () => {
      const catchUpStarted = performance.now();
      const status = await sync.syncNow();
      if (!status.ok || status.value.state !== 'idle') throw new Error(`catch-up failed: ${JSON.stringify(status)}`);
      return performance.now() - catchUpStarted;
    };
    // A day's work on this device, 100 changes: 60 interactions logged with 20 people, and 40 edits
    // to 10 people's records (notes, stage, title) — then one sync brings the other device up to
    // date. Three such days, each with other people: the first is the first sync after pairing (this
    // month's interaction shard is new to both), the others are ordinary days.
    const now = Date.now();
    const day = async (d: number) => {
      for (let i = 0; i < 60; i++) {
        const contact = people.value.items[(i % 20) * 7 + d]!;
        const logged = await vault.addInteractions([{ contactIds: [contact.id], occurredAt: now - i * 600_000, kind: 'meeting', direction: 'mutual', summary: `catch-up ${d}.${i}`, note: { text: 'Talked about the new project; agreed to meet again.' } }]);
        if (!logged.ok) throw new Error(logged.error.message);
      }
      for (let i = 0; i < 40; i++) await edit((i % 10) * 11 + d * 3, ` ${d}.${i}`);
      return catchUp();
    };
    const catchUps = [await day(0), await day(1), await day(2)];
    // The worst case for shards: 100 edits to 100 people, so nearly every contact shard changed.
    for (let i = 0; i < 100; i++) await edit(i * 37, ' ·');
    const spreadMs = await catchUp();
    clearInterval(sampler);
    return { fullMs, kdfMs: kdf.ms, contacts, catchUps, spreadMs, peakRss };
  } finally {
    clearInterval(sampler);
    await sync.stop();
    await vault.lock();
    await rm(dataDir, { recursive: true, force: true });
    child.kill('SIGTERM');
  }
}

async function monolith(): Promise<object> {
  const saved = new Uint8Array(await readFile(floorFiles(scale).monolith));
  let full = Automerge.load(saved);
  const started = performance.now();
  let empty = Automerge.init();
  let fromFull = Automerge.initSyncState();
  let fromEmpty = Automerge.initSyncState();
  for (let round = 0; round < 100; round++) {
    const [nextFull, toEmpty] = Automerge.generateSyncMessage(full, fromFull);
    fromFull = nextFull;
    if (toEmpty) [empty, fromEmpty] = Automerge.receiveSyncMessage(empty, fromEmpty, toEmpty);
    const [nextEmpty, toFull] = Automerge.generateSyncMessage(empty, fromEmpty);
    fromEmpty = nextEmpty;
    if (toFull) [full, fromFull] = Automerge.receiveSyncMessage(full, fromFull, toFull);
    if (!toEmpty && !toFull) break;
  }
  const ms = performance.now() - started;
  if (Automerge.getHeads(empty).join() !== Automerge.getHeads(full).join()) throw new Error('the monolith did not sync');
  return { ms, rss: process.memoryUsage().rss / MiB };
}

const modes: Record<string, () => Promise<object | void>> = { serve, join: joinAndCatchUp, monolith };
const run = modes[mode];
if (!run) throw new Error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
const result = await run();
if (result) {
  console.log(JSON.stringify(result));
  process.exit(0);
}
