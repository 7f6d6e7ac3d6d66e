/** What a device advertises on the LAN: recognisable to its paired devices only, and never the same for long. */
import { beforeAll, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { discoveryTag, DISCOVERY_ROTATION_MS, isTagOf } from './discovery-tag.ts';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

test('a tag names one device of one vault for about an hour, and only the vault key can tell whose it is', () => {
  const key = sodium.randombytes_buf(32);
  const otherVault = sodium.randombytes_buf(32);
  const desktop = sodium.randombytes_buf(32);
  const laptop = sodium.randombytes_buf(32);
  const now = Date.UTC(2026, 10, 27, 9, 30);
  const tag = discoveryTag(sodium, key, desktop, now);
  expect(tag).toMatch(/^e[0-9a-f]{20}$/);
  expect(isTagOf(sodium, key, desktop, tag, now)).toBe(true);
  // Clocks a little apart still agree; the next hours' tags are new names.
  expect(isTagOf(sodium, key, desktop, tag, now + DISCOVERY_ROTATION_MS)).toBe(true);
  expect(discoveryTag(sodium, key, desktop, now + 2 * DISCOVERY_ROTATION_MS)).not.toBe(tag);
  expect(isTagOf(sodium, key, desktop, tag, now + 3 * DISCOVERY_ROTATION_MS)).toBe(false);
  // Another device, or the same device under another vault key, is not matched.
  expect(isTagOf(sodium, key, laptop, tag, now)).toBe(false);
  expect(isTagOf(sodium, otherVault, desktop, tag, now)).toBe(false);
  expect(tag).not.toContain(sodium.to_hex(desktop).slice(0, 8));
});
