/**
 * The built engine (out/main/chunks/engine-process-*.js, what the app starts as a utilityProcess)
 * run as a process of its own with the built Argon2id worker: it creates a vault, stores a contact,
 * reads it back, and locks. It shows the bundle carries everything the engine needs and nothing of
 * Electron's main process.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineClient } from '../../electron/node/engine/engine-client.ts';
import { forkEngine } from '../../electron/node/engine/fork-engine.ts';
import { workerInspector } from '../../electron/node/backup/shard-inspector.ts';
import { ROOT_SHARD, type ShardId } from '../../shared/vault/shards.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

export async function builtEngineProblems(root: string): Promise<string[]> {
  const chunks = join(root, 'out', 'main', 'chunks');
  const names = await readdir(chunks);
  const engineChunk = names.find((name) => /^engine-process-.*\.js$/.test(name));
  const kdfChunk = names.find((name) => /^kdf-worker-.*\.js$/.test(name));
  const inspectChunk = names.find((name) => /^inspect-worker-.*\.js$/.test(name));
  if (!engineChunk || !kdfChunk || !inspectChunk) return [`out/main/chunks has no engine, kdf-worker or inspect-worker chunk (${names.join(', ')})`];
  // The bundled inspection worker reads shards in a worker thread (a backup of any size goes to it here).
  const inspected = await workerInspector(join(chunks, inspectChunk), { fromBytes: 0 }).inspect([ROOT_SHARD, 'contacts/0' as ShardId].map((id) => ({ id, snapshot: undefined, records: [] })), { threads: 2 });
  if (!inspected.every((reply) => reply.ok)) return [`the built inspection worker failed: ${JSON.stringify(inspected)}`];
  const dir = await makeTempDir('enishi-built-engine-');
  const logs: string[] = [];
  const engine = new EngineClient({
    launch: forkEngine(join(chunks, engineChunk)),
    config: { dataDir: dir.path, kdfWorker: join(chunks, kdfChunk), inspectWorker: join(chunks, inspectChunk), defaultDeviceName: 'check', discovery: 'none', listen: { host: '127.0.0.1', port: 0 }, kdfPolicy: { cost: { opsLimit: 1, memLimit: 8 << 20 }, floor: { opsLimit: 1, memLimit: 8 << 20 } } },
    onEvent: () => undefined,
    onLog: (_level, text) => logs.push(text),
  });
  try {
    await engine.start();
    const steps: [string, unknown][] = [
      ['createVault', { name: 'check', passphrase: 'kumo-no-ue-de-hirune-suru-neko' }],
      ['addContact', { familyName: '確認', givenName: '一郎', familyNameKana: 'かくにん', givenNameKana: 'いちろう', company: '', title: '' }],
      ['search', { query: 'かくにん' }],
      ['writeBackup', { path: join(dir.path, 'check.enishi-backup'), passphrase: 'kumo-no-ue-de-hirune-suru-neko', sameAsVault: true }],
      ['verifyBackup', { path: join(dir.path, 'check.enishi-backup'), passphrase: 'kumo-no-ue-de-hirune-suru-neko' }],
      ['lockVault', {}],
    ];
    for (const [method, input] of steps) {
      const result = await engine.call(method, input);
      if (!result.ok) return [`the built engine failed ${method}: ${result.error.code} ${result.error.message} ${logs.join('; ')}`];
      if (method === 'search' && !JSON.stringify(result.value).includes('確認')) return ['the built engine did not find the contact it stored'];
    }
    return [];
  } finally {
    await engine.stop();
    await dir.remove();
  }
}
