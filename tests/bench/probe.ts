/**
 * One measurement in a fresh process (so memory figures are its own), printed as one JSON line.
 * Run by tests/bench/run.ts:  node --expose-gc --experimental-strip-types tests/bench/probe.ts <probe> <scale>
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { fromUtf8 } from '../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile } from '../../shared/vault-format/container.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf } from '../../electron/node/vault/kdf.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { BackupService } from '../../electron/node/backup/backup-service.ts';
import { inspectWorkerSourceUrl } from '../../electron/node/backup/inspect-worker-source.ts';
import { workerInspector } from '../../electron/node/backup/shard-inspector.ts';
import { ImportService } from '../../electron/node/interop/import-service.ts';
import { writeFileAtomic } from '../../electron/node/fs/atomic-file.ts';
import { createDispatcher } from '../../electron/node/api/dispatch.ts';
import { vaultHandlers } from '../../electron/node/api/handlers.ts';
import type { MethodName } from '../../shared/api/contract.ts';
import { ROLES, STAGES } from '../../shared/domain/contact.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../../shared/domain/interaction.ts';
import { CONTACT_SORTS } from '../../shared/domain/queries.ts';
import { timedKdf } from './timed-kdf.ts';
import { BENCH_PASSPHRASE, benchDir, floorFiles } from './config.ts';
import { BENCH_GOAL_IDS, type Scale } from './people.ts';

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

async function unlocked(dataDir = benchDir(scale)): Promise<{ vault: VaultService; ms: number; kdfMs: number; openedMs: number }> {
  const kdf = { ms: 0 };
  const vault = new VaultService({ dataDir, kdf: timedKdf(workerKdf(kdfWorkerSourceUrl), kdf), cacheSaveDelayMs: 3_600_000 });
  // The window's unlock and the contact list's first request, through the handlers the app's IPC reaches.
  const dispatch = createDispatcher(vaultHandlers(vault));
  const started = performance.now();
  const result = await dispatch('unlockVault', { passphrase: BENCH_PASSPHRASE });
  if (!result.ok) throw new Error(result.error.message);
  const page = await dispatch('listContacts', { sort: 'reading', offset: 0, limit: 100 });
  if (!page.ok || (page.value as { items: unknown[] }).items.length === 0) throw new Error('no first page');
  const ms = performance.now() - started - kdf.ms;
  const opened = await vault.status(); // behind the rest of the opening (a first page answers before it)
  if (opened.state !== 'unlocked') throw new Error('the session did not open');
  return { vault, ms, kdfMs: kdf.ms, openedMs: performance.now() - started - kdf.ms };
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
    const { vault, ms, kdfMs, openedMs } = await unlocked();
    const result = { ms, kdfMs, openedMs, rss: settledRss(), ...vault.diagnostics };
    await vault.lock(); // saves the cache if this unlock had to rebuild any of it
    return result;
  },

  /** Unlock with no read-model cache (first open after it was lost): every shard is read once. */
  async rebuild() {
    const copy = await mkdtemp(join(tmpdir(), 'enishi-bench-'));
    await cp(benchDir(scale), copy, { recursive: true });
    await rm(join(copy, 'vault', 'read-model.enishi'));
    const { vault, ms, openedMs } = await unlocked(copy);
    const result = { ms, openedMs, rss: settledRss(), ...vault.diagnostics };
    await vault.lock();
    await rm(copy, { recursive: true, force: true });
    return result;
  },

  /** The service answering what views ask: list pages under changing filters, search, timeline pages. */
  async queries() {
    const { vault } = await unlocked();
    const warmUpMs = await vault.warmUp();
    const dispatch = createDispatcher(vaultHandlers(vault));
    const timed = async (method: MethodName, input: unknown): Promise<number> => {
      const started = performance.now();
      const result = await dispatch(method, input);
      const ms = performance.now() - started;
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return ms;
    };
    const facets = await dispatch('getContactFacets', {});
    if (!facets.ok) throw new Error(facets.error.message);
    const { tags, companies } = facets.value as { tags: { value: string }[]; companies: { value: string }[] };
    const contactQueries: object[] = [
      ...CONTACT_SORTS.map((sort) => ({ sort })),
      ...tags.slice(0, 8).flatMap((tag) => [{ tags: [tag.value] }, { sort: 'last-contact', tags: [tag.value] }]),
      ...STAGES.map((stage) => ({ stages: [stage] })),
      ...ROLES.slice(0, 6).map((role) => ({ roles: [role] })),
      ...companies.slice(0, 6).map((company) => ({ company: company.value })),
      ...BENCH_GOAL_IDS.map((goal) => ({ goals: [goal] })),
      { archived: 'include' },
      { ownCompany: true },
    ];
    const contactMs: number[] = [];
    for (const query of contactQueries) contactMs.push(await timed('listContacts', { ...query, offset: 0, limit: 100 }));
    // Scrolling the default list: later pages of one query.
    for (let page = 1; page <= 20; page++) contactMs.push(await timed('listContacts', { offset: page * 100, limit: 100 }));

    const firstSearchMs = await timed('search', { query: 'tanaka' });
    const terms = ['sato', 'satou', 'suzuki', 'takahashi', 'ito', '田中', '佐藤', 'たなか', 'ヤマダ', '縁商事', 'ひかりテック', 'northwind', 'SaaS', '勉強会', 'Berlin', 'anna', 'müller', 'ニュースレター', '独立', 'frontend', '登壇', 'いけだ', 'hashimoto', 'エンジニア', 'coffee'];
    const searchMs: number[] = [];
    for (const query of terms) searchMs.push(await timed('search', { query, limit: 20 }));

    const timelineQueries: object[] = [
      {},
      { group: 'month' },
      ...INTERACTION_KINDS.map((kind) => ({ kinds: [kind] })),
      ...DIRECTIONS.map((direction) => ({ directions: [direction] })),
      ...tags.slice(0, 6).map((tag) => ({ tags: [tag.value] })),
    ];
    const timelineMs: number[] = [];
    for (const query of timelineQueries) timelineMs.push(await timed('listTimeline', { ...query, offset: 0, limit: 100 }));
    for (const offset of [100, 1_000, 10_000, 50_000, 100_000]) timelineMs.push(await timed('listTimeline', { offset, limit: 100 }));

    // The insight views compute from scratch on every call (nothing is cached between calls).
    const coachMs: number[] = [];
    const reciprocityMs: number[] = [];
    for (let round = 0; round < 20; round++) {
      reciprocityMs.push(await timed('getReciprocity', {}));
      coachMs.push(await timed('getCoach', {}));
    }
    await vault.lock();
    return {
      warmUpMs,
      contacts: percentiles(contactMs),
      contactQueries: contactMs.length,
      search: percentiles(searchMs),
      firstSearchMs,
      searches: searchMs.length,
      timeline: percentiles(timelineMs),
      timelineQueries: timelineMs.length,
      coach: percentiles(coachMs),
      reciprocity: percentiles(reciprocityMs),
      insightCalls: coachMs.length,
    };
  },

  /** 2,000 edits each to a different contact, then 2,000 new interactions, each durable before the next. */
  async edits() {
    // On a copy: the benchmark vault stays as generated, so every run measures the same thing.
    const copy = await mkdtemp(join(tmpdir(), 'enishi-bench-'));
    await cp(benchDir(scale), copy, { recursive: true });
    const { vault } = await unlocked(copy);
    const page = await vault.listContacts(0, 2000);
    if (!page.ok) throw new Error(page.error.message);
    // The timeline and search indexes are built, as they are a moment after any unlock.
    await vault.warmUp();
    // Memory is sampled like the floor's: after a full collection (every 100 operations), so
    // garbage V8 has not collected yet is not counted; the raw peak is reported beside it.
    let peakRss = settledRss();
    let rawPeakRss = peakRss;
    let operations = 0;
    const sample = () => {
      rawPeakRss = Math.max(rawPeakRss, process.memoryUsage().rss / MiB);
      if (++operations % 100 === 0) peakRss = Math.max(peakRss, settledRss());
    };
    const editMs: number[] = [];
    const openAndEditMs: number[] = [];
    for (const [i, contact] of page.value.items.entries()) {
      // As the user does: open the contact (its shard is loaded), change one field, save.
      const opened = performance.now();
      const current = await vault.read(async ({ data }) => ({ ok: true as const, value: await data.contactDraft(contact.id) }));
      if (!current.ok || !current.value) throw new Error(`no contact ${contact.id}`);
      const started = performance.now();
      const result = await vault.updateContact(contact.id, { ...current.value, title: `${contact.title} (${i})` });
      editMs.push(performance.now() - started);
      openAndEditMs.push(performance.now() - opened);
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
    peakRss = Math.max(peakRss, settledRss());
    return { edits: percentiles(editMs), openAndEdit: percentiles(openAndEditMs), adds: percentiles(addMs), peakRss, rawPeakRss, ...diagnostics };
  },

  /**
   * A backup of the heavy vault, verified, then restored into an empty folder; beside it, the floor:
   * the same number of bytes through the same secretstream into one file. Argon2id is left out.
   */
  async backup() {
    const sodium = await loadSodium();
    const kdf = { ms: 0 };
    const timed = timedKdf(workerKdf(kdfWorkerSourceUrl), kdf);
    const { vault } = await unlocked();
    const work = await mkdtemp(join(tmpdir(), 'enishi-bench-backup-'));
    try {
      const backups = new BackupService({ vault, kdf: timed, inspector: workerInspector(inspectWorkerSourceUrl) });
      const path = join(work, 'heavy.enishi-backup');
      const timedStep = async <T>(step: () => Promise<T>) => {
        kdf.ms = 0;
        const started = performance.now();
        const value = await step();
        return { value, ms: performance.now() - started - kdf.ms };
      };
      // Best of three for the backup and for its floor: both end in an fsync, which is what varies most here.
      const bestOf3 = async <T>(step: () => Promise<T>) => {
        const runs = [await timedStep(step), await timedStep(step), await timedStep(step)];
        return runs.reduce((best, run) => (run.ms < best.ms ? run : best));
      };
      const written = await bestOf3(() => backups.write(path, BENCH_PASSPHRASE));
      if (!written.value.ok) throw new Error(written.value.error.message);
      const plaintext = await vault.read(async ({ session }) => {
        const shards = await session.backups.backupShards();
        return shards.ok ? { ok: true as const, value: shards.value.reduce((sum, shard) => sum + (shard.snapshot?.length ?? 0) + shard.records.reduce((n, r) => n + r.length, 0), 0) } : shards;
      });
      if (!plaintext.ok) throw new Error('no shards');
      const floor = await bestOf3(async () => {
        const bytes = new Uint8Array(plaintext.value).fill(0x5a); // secretstream's cost does not depend on the bytes
        const file = sealFile(sodium, { vaultId: sodium.randombytes_buf(16), kind: 'snapshot', payload: { key: sodium.randombytes_buf(32), plaintext: bytes } });
        await writeFileAtomic(join(work, 'floor.bin'), file);
      });
      const verified = await timedStep(() => backups.verify(path, BENCH_PASSPHRASE));
      if (!verified.value.ok) throw new Error(verified.value.error.message);
      const original = await vault.read(async ({ session }) => ({ ok: true as const, value: await session.exchange.shardSummary() }));
      await vault.lock();

      const restoredVault = new VaultService({ dataDir: join(work, 'restored'), kdf: timed, cacheSaveDelayMs: 3_600_000, warmUpDelayMs: 3_600_000 });
      const restorer = new BackupService({ vault: restoredVault, kdf: timed, inspector: workerInspector(inspectWorkerSourceUrl) });
      const restored = await timedStep(() => restorer.restore(path, BENCH_PASSPHRASE, BENCH_PASSPHRASE));
      if (!restored.value.ok) throw new Error(restored.value.error.message);
      const after = await restoredVault.read(async ({ session }) => ({ ok: true as const, value: await session.exchange.shardSummary() }));
      await restoredVault.lock();
      if (!original.ok || !after.ok) throw new Error('no summary');
      const differing = [...original.value].filter(([id, heads]) => JSON.stringify(after.value.get(id)) !== JSON.stringify(heads)).map(([id]) => id);
      const MB = 1_000_000;
      return {
        plaintextBytes: plaintext.value,
        fileBytes: written.value.value.bytes,
        writeMs: written.ms,
        floorMs: floor.ms,
        writeMBps: plaintext.value / MB / (written.ms / 1000),
        floorMBps: plaintext.value / MB / (floor.ms / 1000),
        verifyMs: verified.ms,
        restoreMs: restored.ms,
        shards: original.value.size,
        differingHeads: differing,
        counts: verified.value.value.counts,
      };
    } finally {
      await vault.lock();
      await rm(work, { recursive: true, force: true });
    }
  },

  /** 10,000 vCards into an empty vault: the preview, the import, and the preview of importing them again. */
  async import() {
    const work = await mkdtemp(join(tmpdir(), 'enishi-bench-import-'));
    try {
      const vault = new VaultService({ dataDir: join(work, 'data'), kdf: workerKdf(kdfWorkerSourceUrl), cacheSaveDelayMs: 3_600_000, warmUpDelayMs: 3_600_000 });
      const created = await vault.create('bench', BENCH_PASSPHRASE);
      if (!created.ok) throw new Error(created.error.message);
      // Every person distinct (the reading too: the same reading at the same company is the same person).
      const kanaDigits = (n: number) => [...String(n)].map((digit) => 'あいうえおかきくけこ'[Number(digit)]).join('');
      const cards = Array.from({ length: 10_000 }, (_, i) =>
        ['BEGIN:VCARD', 'VERSION:3.0', `N:山田${i};花子;;;`, `FN:山田${i} 花子`, `X-PHONETIC-LAST-NAME:やまだ${kanaDigits(i)}`, 'X-PHONETIC-FIRST-NAME:はなこ', `ORG:会社${i % 300};営業部`, 'TITLE:部長', `EMAIL;type=INTERNET:p${i}@example.jp`, `TEL;type=CELL:090-${String(i).padStart(4, '0')}-0000`, 'NOTE:展示会で名刺交換。', 'END:VCARD'].join('\r\n'),
      ).join('\r\n');
      const path = join(work, 'contacts.vcf');
      await writeFile(path, cards);
      const imports = new ImportService({ vault });
      let started = performance.now();
      const preview = await imports.preview(path);
      const previewMs = performance.now() - started;
      if (!preview.ok || preview.value.counts.add !== 10_000) throw new Error(`preview: ${JSON.stringify(preview.ok ? preview.value.counts : preview.error)}`);
      started = performance.now();
      const committed = await imports.commit(preview.value.token);
      const commitMs = performance.now() - started;
      if (!committed.ok || committed.value.added !== 10_000) throw new Error('import failed');
      started = performance.now();
      const again = await imports.preview(path);
      const reimportMs = performance.now() - started;
      if (!again.ok || again.value.counts.unchanged !== 10_000) throw new Error(`re-import: ${JSON.stringify(again.ok ? again.value.counts : again.error)}`);
      const rss = settledRss();
      await vault.lock();
      return { cards: 10_000, bytes: Buffer.byteLength(cards), previewMs, commitMs, reimportMs, rss };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

const run = probes[probe];
if (!run) throw new Error(`unknown probe ${probe}; one of ${Object.keys(probes).join(', ')}`);
console.log(JSON.stringify(await run()));
