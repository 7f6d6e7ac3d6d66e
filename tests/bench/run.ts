/**
 * npm run bench                      benchmarks on the heavy vault (made first if missing)
 * npm run bench -- --make heavy      (re)creates the heavy vault in .bench/heavy
 * npm run bench -- --make small      a smaller one, for manual testing (.bench/small)
 *
 * Open a generated vault in the app with ENISHI_DATA_DIR=.bench/<scale> and the passphrase below.
 */
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf, type Kdf } from '../../electron/node/vault/kdf.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { generateVault, SCALES, type Scale } from './people.ts';

export const BENCH_PASSPHRASE = 'enishi-bench-vault-passphrase';
const { values: args } = parseArgs({ options: { make: { type: 'string' } } });

const dataDirFor = (scale: Scale) => resolve('.bench', scale);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function make(scale: Scale): Promise<void> {
  const dataDir = dataDirFor(scale);
  await rm(dataDir, { recursive: true, force: true });
  const vault = new VaultService({ dataDir, kdf: workerKdf(kdfWorkerSourceUrl) });
  const started = performance.now();
  const created = await vault.create(`Bench (${scale})`, BENCH_PASSPHRASE);
  if (!created.ok) throw new Error(created.error.message);
  const data = generateVault(scale);
  const imported = await vault.importRecords(data.contacts, data.interactions);
  if (!imported.ok) throw new Error(imported.error.message);
  await vault.lock();
  console.log(`made ${scale} vault in ${dataDir}: ${imported.value.contacts} contacts, ${imported.value.interactions} interactions, ${ms(performance.now() - started)}`);
  console.log(`open it with: ENISHI_DATA_DIR=${dataDir} npm start   (passphrase: ${BENCH_PASSPHRASE})`);
}

/** The KDF is measured once on its own, then replaced by a recording stand-in so unlock figures exclude it. */
function timedKdf(inner: Kdf, spent: { ms: number }): Kdf {
  return {
    async derive(passphrase, params) {
      const started = performance.now();
      const key = await inner.derive(passphrase, params);
      spent.ms += performance.now() - started;
      return key;
    },
  };
}

async function bench(): Promise<void> {
  const scale: Scale = 'heavy';
  if (!existsSync(join(dataDirFor(scale), 'vault', 'keyring.enishi'))) await make(scale);
  const kdfTime = { ms: 0 };
  const vault = new VaultService({ dataDir: dataDirFor(scale), kdf: timedKdf(workerKdf(kdfWorkerSourceUrl), kdfTime) });
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const unlocked = await vault.unlock(BENCH_PASSPHRASE);
  if (!unlocked.ok) throw new Error(unlocked.error.message);
  const unlockMs = performance.now() - started;
  const listStarted = performance.now();
  const list = await vault.listContacts();
  const listMs = performance.now() - listStarted;
  if (!list.ok) throw new Error(list.error.message);
  const rssAfter = process.memoryUsage().rss;
  console.log(`heavy vault (${SCALES.heavy.contacts} contacts, ${SCALES.heavy.interactions} interactions)`);
  console.log(`| measure | value |\n|---|---|`);
  console.log(`| Argon2id (worker) | ${ms(kdfTime.ms)} |`);
  console.log(`| unlock excluding KDF | ${ms(unlockMs - kdfTime.ms)} |`);
  console.log(`| list all contacts | ${ms(listMs)} (${list.value.total}) |`);
  console.log(`| RSS after unlock | ${mib(rssAfter)} (+${mib(rssAfter - rssBefore)}) |`);
  await vault.lock();
}

if (args.make) {
  if (!(args.make in SCALES)) throw new Error(`--make takes one of: ${Object.keys(SCALES).join(', ')}`);
  await make(args.make as Scale);
} else {
  await bench();
}
