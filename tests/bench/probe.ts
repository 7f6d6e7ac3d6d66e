/**
 * One measurement in a fresh process (so memory figures are its own), printed as one JSON line.
 * Run by tests/bench/run.ts:  node --expose-gc --experimental-strip-types tests/bench/probe.ts <probe> <scale>
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { fromUtf8 } from '../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader } from '../../shared/vault-format/container.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf, type Kdf } from '../../electron/node/vault/kdf.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { BENCH_PASSPHRASE, benchDir, floorFiles } from './config.ts';
import type { Scale } from './people.ts';

const [probe, scale = 'heavy'] = process.argv.slice(2) as [string, Scale | undefined];
const MiB = 1024 * 1024;

/** RSS after a full collection: what the process really holds. */
function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / MiB;
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

function timedKdf(inner: Kdf, spent: { ms: number }): Kdf {
  return {
    async derive(passphrase, params) {
      const started = performance.now();
      try {
        return await inner.derive(passphrase, params);
      } finally {
        spent.ms += performance.now() - started;
      }
    },
  };
}

async function unlocked(dataDir = benchDir(scale)): Promise<{ vault: VaultService; ms: number; kdfMs: number }> {
  const kdf = { ms: 0 };
  const vault = new VaultService({ dataDir, kdf: timedKdf(workerKdf(kdfWorkerSourceUrl), kdf), cacheSaveDelayMs: 3_600_000 });
  const started = performance.now();
  const result = await vault.unlock(BENCH_PASSPHRASE);
  if (!result.ok) throw new Error(result.error.message);
  const page = await vault.listContacts(0, 50);
  if (!page.ok || page.value.items.length === 0) throw new Error('no first page');
  return { vault, ms: performance.now() - started - kdf.ms, kdfMs: kdf.ms };
}

const probes: Record<string, () => Promise<object>> = {
  /** Decrypt + JSON.parse of the same data: the floor for opening and for memory. */
  async 'json-floor'() {
    const sodium = await loadSodium();
    const files = floorFiles(scale);
    const key = new Uint8Array(await readFile(files.jsonKey));
    const started = performance.now();
    const file = new Uint8Array(await readFile(files.json));
    const parsed = parseHeader(sodium, file);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const payload = openPayload(sodium, file, parsed.value, key);
    if (!payload.ok) throw new Error(payload.error.message);
    const data = JSON.parse(fromUtf8(payload.value)) as { contacts: unknown[] };
    const ms = performance.now() - started;
    return { ms, rss: settledRss(), records: data.contacts.length };
  },

  /** The same data as one Automerge document: what sharding avoids. */
  async 'monolith-floor'() {
    const bytes = new Uint8Array(await readFile(floorFiles(scale).monolith));
    const started = performance.now();
    const doc = Automerge.load(bytes);
    const ms = performance.now() - started;
    return { ms, rss: settledRss(), heads: Automerge.getHeads(doc).length };
  },

  /** Unlock (KDF excluded) until the first page of contacts is ready, and memory after. */
  async unlock() {
    const { vault, ms, kdfMs } = await unlocked();
    const result = { ms, kdfMs, rss: settledRss(), ...vault.diagnostics };
    await vault.lock(); // saves the cache if this unlock had to rebuild any of it
    return result;
  },

  /** Unlock with no read-model cache (first open after it was lost): every shard is read once. */
  async rebuild() {
    const copy = await mkdtemp(join(tmpdir(), 'enishi-bench-'));
    await cp(benchDir(scale), copy, { recursive: true });
    await rm(join(copy, 'vault', 'read-model.enishi'));
    const { vault, ms } = await unlocked(copy);
    const result = { ms, rss: settledRss(), ...vault.diagnostics };
    await vault.lock();
    await rm(copy, { recursive: true, force: true });
    return result;
  },

  /** 2,000 edits each to a different contact, then 2,000 new interactions, each durable before the next. */
  async edits() {
    // On a copy: the benchmark vault stays as generated, so every run measures the same thing.
    const copy = await mkdtemp(join(tmpdir(), 'enishi-bench-'));
    await cp(benchDir(scale), copy, { recursive: true });
    const { vault } = await unlocked(copy);
    const page = await vault.listContacts(0, 2000);
    if (!page.ok) throw new Error(page.error.message);
    let peakRss = settledRss();
    const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss / MiB));
    const editMs: number[] = [];
    for (const [i, contact] of page.value.items.entries()) {
      const started = performance.now();
      const result = await vault.updateContact(contact.id, { familyName: contact.familyName, givenName: contact.givenName, familyNameKana: contact.familyNameKana, givenNameKana: contact.givenNameKana, company: contact.company, title: `${contact.title} (${i})` });
      editMs.push(performance.now() - started);
      if (!result.ok) throw new Error(result.error.message);
      sample();
    }
    const addMs: number[] = [];
    const now = Date.now();
    for (let i = 0; i < 2000; i++) {
      const contact = page.value.items[i % page.value.items.length]!;
      const started = performance.now();
      const result = await vault.addInteractions([{ contactIds: [contact.id], occurredAt: now - i * 60_000, kind: 'message', direction: 'gave', summary: `follow-up ${i}`, note: { text: 'Sent the article we talked about; suggested a coffee next month.' } }]);
      addMs.push(performance.now() - started);
      if (!result.ok) throw new Error(result.error.message);
      sample();
    }
    const diagnostics = vault.diagnostics;
    await vault.lock();
    await rm(copy, { recursive: true, force: true });
    return { edits: percentiles(editMs), adds: percentiles(addMs), peakRss, ...diagnostics };
  },
};

const run = probes[probe];
if (!run) throw new Error(`unknown probe ${probe}; one of ${Object.keys(probes).join(', ')}`);
console.log(JSON.stringify(await run()));
