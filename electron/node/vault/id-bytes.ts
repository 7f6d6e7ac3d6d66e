/**
 * Random bytes for new record ids. An import makes tens of thousands of ids, and each randomBytes
 * call is a trip to the system's generator; these are cut from one larger draw instead (the bytes
 * are just as random, and an id is no secret to be zeroed).
 */
import { randomBytes } from 'node:crypto';

const DRAW_BYTES = 4096;
let drawn = Buffer.alloc(0);
let used = 0;

export function idBytes(length: number): Uint8Array {
  if (used + length > drawn.length) {
    drawn = randomBytes(Math.max(DRAW_BYTES, length));
    used = 0;
  }
  const bytes = Uint8Array.from(drawn.subarray(used, used + length));
  used += length;
  return bytes;
}
