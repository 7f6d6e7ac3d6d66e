import * as Automerge from '@automerge/automerge';
import { describe, expect, test } from 'vitest';
import type { ShardId } from '../../../shared/vault/shards.ts';
import { RecentChanges } from './recent-changes.ts';

const SHARD = 'contacts/3' as ShardId;

/** A document edited `n` times, each edit recorded as the session records it. */
function edited(n: number, recent: RecentChanges, noteBytes = 10) {
  let doc = Automerge.from<{ notes: Record<string, string> }>({ notes: {} });
  const start = Automerge.getHeads(doc);
  const points = [start];
  for (let i = 0; i < n; i++) {
    const before = Automerge.getHeads(doc);
    doc = Automerge.change(doc, (d) => void (d.notes[`n${i}`] = 'x'.repeat(noteBytes)));
    recent.record(SHARD, before, Automerge.getHeads(doc), Automerge.saveSince(doc, before));
    points.push(Automerge.getHeads(doc));
  }
  return { doc, points };
}

describe('recent changes of a shard', () => {
  test('a copy at any recorded point is brought to the newest state by what since() returns', () => {
    const recent = new RecentChanges();
    const { doc, points } = edited(5, recent);
    for (let i = 0; i < 5; i++) {
      const behind = Automerge.load<{ notes: Record<string, string> }>(Automerge.save(Automerge.view(doc, points[i]!)));
      const changes = recent.since(SHARD, points[i]!, Automerge.getHeads(doc));
      expect(changes).toBeInstanceOf(Uint8Array);
      const caughtUp = Automerge.loadIncremental(behind, changes!);
      expect(Automerge.getHeads(caughtUp)).toEqual(Automerge.getHeads(doc));
      expect(Object.keys(caughtUp.notes)).toHaveLength(5);
    }
  });

  test('nothing is ahead of the newest state; unknown heads, another shard or a stale chain mean "load the shard"', () => {
    const recent = new RecentChanges();
    const { doc, points } = edited(3, recent);
    const current = Automerge.getHeads(doc);
    expect(recent.since(SHARD, current, current)).toBeNull();
    const elsewhere = Automerge.getHeads(Automerge.from({ other: 1 }));
    expect(recent.since(SHARD, elsewhere, current)).toBeUndefined();
    expect(recent.since('contacts/4', points[0]!, current)).toBeUndefined();
    // The shard moved on without this record (changes from elsewhere were merged): the chain no longer ends where it is.
    expect(recent.since(SHARD, points[0]!, elsewhere)).toBeUndefined();
    expect(recent.since(SHARD, points[0]!, undefined)).toBeUndefined();
  });

  test('over the byte budget the oldest steps go first; the newer ones still answer', () => {
    const recent = new RecentChanges(2_000);
    const { doc, points } = edited(10, recent, 400);
    const current = Automerge.getHeads(doc);
    expect(recent.since(SHARD, points[0]!, current)).toBeUndefined();
    expect(recent.since(SHARD, points[9]!, current)).toBeInstanceOf(Uint8Array);
  });

  test('a change that does not follow the chain starts a new one', () => {
    const recent = new RecentChanges();
    const { points } = edited(3, recent);
    let other = Automerge.from({ x: 0 });
    const before = Automerge.getHeads(other);
    other = Automerge.change(other, (d) => void (d.x = 1));
    recent.record(SHARD, before, Automerge.getHeads(other), Automerge.saveSince(other, before));
    expect(recent.since(SHARD, points[0]!, Automerge.getHeads(other))).toBeUndefined();
    expect(recent.since(SHARD, before, Automerge.getHeads(other))).toBeInstanceOf(Uint8Array);
  });
});
