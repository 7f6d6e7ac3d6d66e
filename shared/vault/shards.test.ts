import { describe, expect, test } from 'vitest';
import { interactionIdTime, newContactId, newInteractionId } from '../domain/ids.ts';
import { CONTACT_BUCKETS, contactShard, interactionShard, isShardId } from './shards.ts';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 17) & 0xff);

describe('shard placement', () => {
  test('a contact always lands in the same one of the fixed buckets', () => {
    const id = newContactId(bytes(16, 1));
    expect(contactShard(id)).toBe(contactShard(id));
    expect(contactShard(id)).toMatch(/^contacts\/\d+$/);
    const used = new Set(Array.from({ length: 2000 }, (_, i) => contactShard(newContactId(bytes(16, i)))));
    expect(used.size).toBeGreaterThan(CONTACT_BUCKETS * 0.9);
    for (const shard of used) expect(isShardId(shard)).toBe(true);
  });

  test('an interaction lands in the month its id carries', () => {
    const when = Date.UTC(2024, 2, 15, 9, 30);
    const id = newInteractionId(when, bytes(10, 3));
    expect(interactionIdTime(id)).toBe(when);
    expect(interactionShard(id)).toBe('interactions/2024-03');
    expect(interactionShard(newInteractionId(Date.UTC(1999, 11, 31, 23, 59), bytes(10, 4)))).toBe('interactions/1999-12');
  });

  test('interaction ids sort by time', () => {
    const early = newInteractionId(Date.UTC(2020, 0, 1), bytes(10, 9));
    const late = newInteractionId(Date.UTC(2021, 0, 1), bytes(10, 1));
    expect(early < late).toBe(true);
  });
});
