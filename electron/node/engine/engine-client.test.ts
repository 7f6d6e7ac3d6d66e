/**
 * The engine in a process of its own, killed as a crash would kill it: calls it had not answered
 * fail with engine-stopped, a fresh engine starts with the vault locked, the shell is told, and
 * every write the dead engine had acknowledged is there after unlocking.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import type { EventName } from '../../../shared/api/contract.ts';
import type { Result } from '../../../shared/api/result.ts';
import { TEST_KDF_POLICY } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { kdfWorkerSourceUrl } from '../vault/kdf-worker-source.ts';
import { EngineClient, type EngineClientOptions } from './engine-client.ts';
import { forkEngine } from './fork-engine.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startEngine(options: Partial<EngineClientOptions> = {}) {
  const dir = await makeTempDir('enishi-engine-');
  const events: { event: EventName; payload: unknown }[] = [];
  const logs: string[] = [];
  const client = new EngineClient({
    launch: forkEngine(),
    config: { dataDir: dir.path, kdfWorker: fileURLToPath(kdfWorkerSourceUrl), defaultDeviceName: 'Test', discovery: 'none', listen: { host: '127.0.0.1', port: 0 }, kdfPolicy: TEST_KDF_POLICY, warmUpDelayMs: 3_600_000 },
    onEvent: (event, payload) => events.push({ event, payload }),
    onLog: (_level, text) => logs.push(text),
    ...options,
  });
  cleanups.push(async () => {
    await client.stop();
    await dir.remove();
  });
  await client.start();
  return { client, events, logs, dir };
}

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};
const person = (index: number) => ({ familyName: `試験${index}`, givenName: '太郎', familyNameKana: 'しけん', givenNameKana: 'たろう', company: '', title: '' });

describe('the engine process', () => {
  test('answers the contract and sends its events to the shell', async () => {
    const { client, events } = await startEngine();
    expect(value(await client.call('getVaultStatus', {}))).toEqual({ state: 'none' });
    value(await client.call('createVault', { name: '仕事', passphrase: PASSPHRASE }));
    expect(client.isUnlocked).toBe(true);
    expect(events).toContainEqual({ event: 'vaultStatusChanged', payload: { state: 'unlocked' } });
    // Input is parsed in the engine too: nothing unparsed reaches a handler.
    expect(await client.call('addContact', { familyName: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await client.call('noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  test('killed in the middle of writes: nothing acknowledged is lost, the rest fail, a fresh engine starts locked', async () => {
    const { client, events } = await startEngine();
    value(await client.call('createVault', { name: '仕事', passphrase: PASSPHRASE }));
    const firstPid = client.pid!;

    const acknowledged: string[] = [];
    const failedCodes: string[] = [];
    let index = 0;
    const writer = async () => {
      while (index < 400) {
        const draft = person(index++);
        const result = await client.call('addContact', draft);
        if (result.ok) acknowledged.push(draft.familyName);
        else failedCodes.push(result.error.code);
        if (!result.ok) return;
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill(firstPid, 'SIGKILL');
    await Promise.all(writers);
    await client.whenRestarted();

    expect(failedCodes.length).toBeGreaterThan(0);
    expect(new Set(failedCodes)).toEqual(new Set(['engine-stopped']));
    expect(client.pid).not.toBe(firstPid);
    expect(events.slice(-2)).toEqual([
      { event: 'engineStopped', payload: { restarted: true } },
      { event: 'vaultStatusChanged', payload: { state: 'locked' } },
    ]);
    expect(value(await client.call('getVaultStatus', {}))).toMatchObject({ state: 'locked' });

    value(await client.call('unlockVault', { passphrase: PASSPHRASE }));
    const listed = value<{ items: { familyName: string }[] }>(await client.call('listContacts', { limit: 500 }));
    const stored = new Set(listed.items.map((item) => item.familyName));
    expect(acknowledged.filter((familyName) => !stored.has(familyName))).toEqual([]);
  }, 60_000);

  test('after deaths in quick succession it stops restarting and says so', async () => {
    const { client, events } = await startEngine({ restartDelaysMs: [0] });
    const firstPid = client.pid!;
    process.kill(firstPid, 'SIGKILL');
    await expect.poll(() => events.some((entry) => entry.event === 'engineStopped')).toBe(true);
    expect(client.pid).not.toBe(firstPid);
    process.kill(client.pid!, 'SIGKILL');
    await expect.poll(() => client.state).toBe('failed');
    expect(events.filter((entry) => entry.event === 'engineStopped').map((entry) => entry.payload)).toEqual([{ restarted: true }, { restarted: false }]);
    expect(await client.call('getVaultStatus', {})).toMatchObject({ ok: false, error: { code: 'engine-stopped' } });
  }, 30_000);

  test('stopping locks the vault and ends the process without a restart', async () => {
    const { client, events } = await startEngine();
    value(await client.call('createVault', { name: '仕事', passphrase: PASSPHRASE }));
    const pid = client.pid!;
    await client.stop();
    expect(events).toContainEqual({ event: 'vaultStatusChanged', payload: { state: 'locked' } });
    await expect.poll(() => isRunning(pid)).toBe(false);
    expect(client.state).toBe('stopped');
    expect(events.some((entry) => entry.event === 'engineStopped')).toBe(false);
  }, 30_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
