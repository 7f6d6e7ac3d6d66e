/**
 * How long the process that plays Electron's main waits for its own event loop while the vault does
 * long work: a 10,000-vCard import, a new device pulling the whole heavy vault, a restore of its
 * backup. Measured with perf_hooks.monitorEventLoopDelay, in one of two layouts:
 *
 *   node tests/bench/main-loop.ts engine <scale>       the app's: the engine in a process of its own
 *   node tests/bench/main-loop.ts in-process <scale>   the same engine in this process (the layout before)
 *
 * Prints one JSON line: per operation its duration and the loop delay's p99 and max (ms).
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../shared/api/result.ts';
import { createEngine } from '../../electron/node/engine/engine.ts';
import { EngineClient } from '../../electron/node/engine/engine-client.ts';
import type { EngineConfig } from '../../electron/node/engine/engine-messages.ts';
import { forkEngine } from '../../electron/node/engine/fork-engine.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { BENCH_PASSPHRASE, benchDir } from './config.ts';
import type { Scale } from './people.ts';

const [layout, scale = 'heavy'] = process.argv.slice(2) as ['engine' | 'in-process', Scale | undefined];
if (layout !== 'engine' && layout !== 'in-process') throw new Error('layout: engine or in-process');

/** The cost Argon2id runs at for the vaults made here: it runs in a worker thread either way, and is not what is measured. */
const LOW_KDF = { cost: { opsLimit: 1, memLimit: 8 * 1024 * 1024 }, floor: { opsLimit: 1, memLimit: 8 * 1024 * 1024 } };

interface Host {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  stop(): Promise<void>;
}

async function host(dataDir: string): Promise<Host> {
  const config: EngineConfig = { dataDir, kdfWorker: fileURLToPath(kdfWorkerSourceUrl), defaultDeviceName: 'bench', discovery: 'none', listen: { host: '127.0.0.1', port: 0 }, advertisedHost: '127.0.0.1', syncDelayMs: 3_600_000, kdfPolicy: LOW_KDF, warmUpDelayMs: 3_600_000 };
  if (layout === 'in-process') {
    const engine = createEngine(config, { emit: () => undefined, log: () => undefined });
    return { call: engine.dispatch, stop: () => engine.stop() };
  }
  const client = new EngineClient({ launch: forkEngine(), config, onEvent: () => undefined, onLog: () => undefined });
  await client.start();
  return { call: (method, input) => client.call(method, input), stop: () => client.stop() };
}

async function value<T>(pending: Promise<Result<unknown>>, what: string): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function loopDelayDuring(step: () => Promise<void>): Promise<{ ms: number; p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  histogram.disable();
  return { ms, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

const work = await mkdtemp(join(tmpdir(), 'enishi-bench-loop-'));
try {
  // 10,000 vCards into an empty vault: preview, then import.
  const importer = await host(join(work, 'import'));
  await value(importer.call('createVault', { name: 'bench', passphrase: BENCH_PASSPHRASE }), 'create');
  const cards = Array.from({ length: 10_000 }, (_, i) =>
    ['BEGIN:VCARD', 'VERSION:3.0', `N:山田${i};花子;;;`, `FN:山田${i} 花子`, `ORG:会社${i % 300};営業部`, 'TITLE:部長', `EMAIL;type=INTERNET:p${i}@example.jp`, `TEL;type=CELL:090-${String(i).padStart(4, '0')}-0000`, 'NOTE:展示会で名刺交換。', 'END:VCARD'].join('\r\n'),
  ).join('\r\n');
  const cardsPath = join(work, 'contacts.vcf');
  await writeFile(cardsPath, cards);
  const importing = await loopDelayDuring(async () => {
    const preview = await value<{ token: string }>(importer.call('previewImport', { path: cardsPath }), 'preview');
    const outcome = await value<{ added: number }>(importer.call('commitImport', { token: preview.token }), 'import');
    if (outcome.added !== 10_000) throw new Error(`imported ${outcome.added}`);
  });
  await importer.stop();

  // A new device pairs with a copy of the heavy vault (served by another process) and pulls all of it.
  const server = spawn(process.execPath, ['--experimental-strip-types', 'tests/bench/sync-probe.ts', 'serve', scale], { stdio: ['ignore', 'pipe', 'inherit'] });
  const code = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).on('line', (line) => line.startsWith('{') && resolve((JSON.parse(line) as { code: string }).code));
    server.once('exit', (status) => reject(new Error(`the serving side exited with ${status}`)));
  });
  const joiner = await host(join(work, 'join'));
  const syncing = await loopDelayDuring(async () => {
    await value(joiner.call('joinVault', { code, deviceName: 'bench laptop', passphrase: BENCH_PASSPHRASE }), 'join');
    const page = await value<{ total: number }>(joiner.call('listContacts', { limit: 50 }), 'list');
    if (page.total === 0) throw new Error('the joined vault is empty');
  });
  await joiner.stop();
  server.kill('SIGTERM');

  // A backup of the heavy vault (not measured), restored as a new vault. A copy is opened: its sync service
  // adds this device to the vault's list, which the bench vault must not get.
  await cp(benchDir(scale), join(work, 'source'), { recursive: true });
  const source = await host(join(work, 'source'));
  await value(source.call('unlockVault', { passphrase: BENCH_PASSPHRASE }), 'unlock');
  const backupPath = join(work, 'heavy.enishi-backup');
  await value(source.call('writeBackup', { path: backupPath, passphrase: BENCH_PASSPHRASE, sameAsVault: true }), 'backup');
  await source.stop();
  const restorer = await host(join(work, 'restore'));
  const restoring = await loopDelayDuring(async () => {
    await value(restorer.call('restoreBackup', { path: backupPath, backupPassphrase: BENCH_PASSPHRASE, vaultPassphrase: BENCH_PASSPHRASE }), 'restore');
  });
  await restorer.stop();

  console.log(JSON.stringify({ layout, import: importing, sync: syncing, restore: restoring }));
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exit(0);
