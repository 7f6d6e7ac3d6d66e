/**
 * A backup's shards inspected in worker threads give what inspecting them here gives — heads,
 * records, missing changes — and a shard that does not load is named with Automerge's reason.
 */
import { describe, expect, test } from 'vitest';
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
});
