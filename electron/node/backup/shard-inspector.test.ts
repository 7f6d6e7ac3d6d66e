/**
 * A backup's shards inspected in worker threads give what inspecting them here gives — heads,
 * records, missing changes — and a shard that does not load is named with Automerge's reason.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import * as Automerge from '@automerge/automerge';
import type { BackupShard } from '../../../shared/vault-format/backup.ts';
import { newShardDoc } from '../../../shared/vault/documents.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import { inspectWorkerSourceUrl } from './inspect-worker-source.ts';
import { inThreadInspector, workerInspector } from './shard-inspector.ts';

/** A contact bucket with `count` people, saved, and one more change after it. */
function bucket(id: ShardId, count: number): BackupShard {
  let doc = newShardDoc(id, 'aa');
  doc = Automerge.change(doc, (d) => {
    const contacts = (d as { contacts: Record<string, unknown> }).contacts;
    for (let i = 0; i < count; i++) contacts[`c${id}${i}`] = { familyName: `Person ${i}`, note: 'x'.repeat(200) };
  });
  const snapshot = Automerge.save(doc);
  const before = Automerge.getHeads(doc);
  doc = Automerge.change(doc, (d) => void ((d as { contacts: Record<string, unknown> }).contacts[`late${id}`] = { familyName: 'Late' }));
  return { id, snapshot, records: [Automerge.saveSince(doc, before)] };
}

describe('inspecting backup shards', () => {
  test('in workers, every shard comes back as inspecting it here says, in order, with a tick for each', async () => {
    const shards = Array.from({ length: 9 }, (_, i) => bucket(`contacts/${i}` as ShardId, 50 + i * 40));
    const here = await inThreadInspector().inspect(shards);
    let ticks = 0;
    const inWorkers = await workerInspector(inspectWorkerSourceUrl, { fromBytes: 0 }).inspect(shards, { threads: 2, inspected: () => ticks++ });
    expect(inWorkers).toEqual(here);
    expect(inWorkers.map((reply) => reply.ok && reply.inspection.records)).toEqual(shards.map((_, i) => 50 + i * 40 + 1));
    expect(ticks).toBe(shards.length);
  });

  test('a shard that is not a document is reported with the reason, the others still inspected', async () => {
    const shards = [bucket('contacts/1', 10), { id: 'contacts/2' as ShardId, snapshot: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), records: [] }, bucket('contacts/3', 10)];
    const inspector = workerInspector(inspectWorkerSourceUrl, { fromBytes: 0 });
    inspector.prepare(2); // started ahead, as a restore does while Argon2id runs
    const replies = await inspector.inspect(shards, { threads: 2 });
    expect(replies.map((reply) => reply.ok)).toEqual([true, false, true]);
    expect(replies[1]?.ok === false && replies[1].message.length).toBeGreaterThan(0);
    expect(replies[1]).toEqual((await inThreadInspector().inspect(shards))[1]);
  });

  test('workers that fail — while waiting, or when given the shards — leave the inspection to this thread, with the same answer', async () => {
    const dir = await makeTempDir('enishi-broken-worker-');
    try {
      const broken = join(dir.path, 'broken-worker.mjs');
      await writeFile(broken, "throw new Error('this worker cannot start');\n");
      const shards = [bucket('contacts/1', 20), { id: 'contacts/2' as ShardId, snapshot: new Uint8Array([9, 9, 9, 9]), records: [] }];
      const expected = await inThreadInspector().inspect(shards);
      const waiting = workerInspector(broken, { fromBytes: 0 });
      waiting.prepare(2);
      await sleep(500); // they fail while no inspection has come yet: no uncaught error
      expect(await waiting.inspect(shards, { threads: 2 })).toEqual(expected);
      expect(await workerInspector(broken, { fromBytes: 0 }).inspect(shards, { threads: 2 })).toEqual(expected);
    } finally {
      await dir.remove();
    }
  });
});
