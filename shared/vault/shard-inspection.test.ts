import * as Automerge from '@automerge/automerge';
import { describe, expect, test } from 'vitest';
import { newShardDoc, type ContactBucketDoc } from './documents.ts';
import { inspectShard } from './shard-inspection.ts';
import type { ShardId } from './shards.ts';

const BUCKET = 'contacts/07' as ShardId;

/** A bucket as a device keeps it: a snapshot after two people, then one change per person added. */
function bucket() {
  let doc = newShardDoc(BUCKET, 'aa') as Automerge.Doc<ContactBucketDoc>;
  const add = (name: string) => {
    doc = Automerge.change(doc, (d) => {
      (d.contacts as Record<string, unknown>)[name] = { familyName: new Automerge.ImmutableString(name) };
    });
    return Automerge.getLastLocalChange(doc)!;
  };
  const genesisOnward = [add('a'), add('b')];
  const snapshot = Automerge.save(doc);
  const changes = [add('c'), add('d'), add('e')];
  return { doc, snapshot, changes, genesisOnward };
}

describe('inspecting a shard without building its document', () => {
  test('heads and the number of records are what loading the whole document gives', () => {
    const { doc, snapshot, changes, genesisOnward } = bucket();
    expect(inspectShard(BUCKET, snapshot, changes)).toEqual({ heads: Automerge.getHeads(doc), missingDeps: [], records: 5 });
    // No snapshot: the changes build on the genesis every copy of a shard shares.
    expect(inspectShard(BUCKET, undefined, [...genesisOnward, ...changes]).records).toBe(5);
  });

  test('a change whose predecessor is missing is reported, not taken', () => {
    const { snapshot, changes } = bucket();
    expect(inspectShard(BUCKET, snapshot, [changes[0]!, changes[2]!]).missingDeps).toHaveLength(1);
  });

  test('bytes that are no Automerge document throw', () => {
    expect(() => inspectShard(BUCKET, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), [])).toThrow();
  });
});
