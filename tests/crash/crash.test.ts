/**
 * Crash harness: a child process writes to a vault at random and is SIGKILLed at a random moment,
 * again and again. After every kill the vault must open without any damage reported, and every
 * write the child acknowledged as durable must be there. 300 kills by default;
 * ENISHI_CRASH_ITERATIONS=N for more.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ContactId } from '../../shared/domain/ids.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { TEST_KDF_POLICY, testKdf } from '../support/fast-kdf.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const ITERATIONS = Number(process.env.ENISHI_CRASH_ITERATIONS ?? 300);
const CRASH_PASSPHRASE = 'shizuka-na-yoru-ni-kitsune-ga-naku';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  dir = await makeTempDir('enishi-crash-');
});
afterAll(() => dir.remove());

interface Acknowledged {
  created: boolean;
  readonly versions: Map<ContactId, number>;
  readonly interactions: Map<ContactId, number>;
}

/** Runs the writer until a random moment, kills it, and records what it acknowledged. */
async function runAndKill(seed: number, acked: Acknowledged): Promise<{ acks: number; killedAfterMs: number }> {
  const child = spawn(process.execPath, ['--experimental-strip-types', 'tests/crash/writer.ts', '--data-dir', dir.path, '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let acks = 0;
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) {
      const [word, kind, id, count] = line.split(' ');
      if (word === 'READY') onReady();
      if (word !== 'ACK') continue;
      acks++;
      if (kind === 'create') acked.created = true;
      else if (kind === 'contact') acked.versions.set(id as ContactId, Number(count));
      else if (kind === 'interaction') acked.interactions.set(id as ContactId, Number(count));
    }
  };
  // Sometimes during start-up (create, unlock, cache rebuild); mostly among the writes, timed from
  // when the writer is ready so that a slow, busy machine still kills it mid-write.
  const duringStartup = randomInt(0, 10) < 2;
  const killedAfterMs = duringStartup ? randomInt(0, 400) : randomInt(0, 300);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), killedAfterMs));
  const onReady = () => {
    if (!duringStartup) arm();
  };
  if (duringStartup) arm();
  child.stdout.on('data', lines);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const code = await exited;
  clearTimeout(timer);
  if (code !== null) throw new Error(`the writer exited on its own (${code}) instead of being killed:\n${stderr}`);
  return { acks, killedAfterMs };
}

test(`every acknowledged write survives ${ITERATIONS} SIGKILLs, and the vault always opens undamaged`, { timeout: 60 * 60_000 }, async () => {
  const acked: Acknowledged = { created: false, versions: new Map(), interactions: new Map() };
  let totalAcks = 0;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const seed = randomInt(1, 2 ** 31);
    const { acks, killedAfterMs } = await runAndKill(seed, acked);
    totalAcks += acks;
    const where = `iteration ${iteration}, seed ${seed}, killed after ${killedAfterMs} ms`;

    const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY });
    const status = await vault.status();
    if (!acked.created) {
      expect(['none', 'locked'], where).toContain(status.state);
      continue;
    }
    const unlocked = await vault.unlock(CRASH_PASSPHRASE);
    expect(unlocked.ok, `${where}: ${unlocked.ok ? '' : unlocked.error.code}`).toBe(true);
    const health = await vault.health();
    expect(health.ok && health.value.problems, where).toEqual([]);
    const listed = await vault.listContacts(0, 1000);
    if (!listed.ok) throw new Error(listed.error.message);
    const byId = new Map(listed.value.items.map((contact) => [contact.id, contact]));
    for (const [id, version] of acked.versions) {
      const contact = byId.get(id);
      expect(contact, `${where}: acknowledged contact ${id} is missing`).toBeDefined();
      expect(Number(contact!.title.slice(1)), `${where}: contact ${id}`).toBeGreaterThanOrEqual(version);
    }
    for (const [id, count] of acked.interactions) {
      expect(byId.get(id)?.interactionCount, `${where}: interactions of ${id}`).toBeGreaterThanOrEqual(count);
    }
    await vault.lock();
  }
  // The harness is only meaningful if the kills landed among real writes.
  console.log(`crash harness: ${ITERATIONS} kills, ${totalAcks} acknowledged writes checked`);
  expect(totalAcks).toBeGreaterThan(ITERATIONS * 3);
});
