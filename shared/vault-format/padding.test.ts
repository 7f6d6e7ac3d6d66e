import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pad, paddedLength, unpad } from './padding.ts';

describe('Padmé size classes', () => {
  test('lengths round up as the PURBs paper gives them, never below the floor', () => {
    expect(paddedLength(0, 512)).toBe(512);
    expect(paddedLength(512, 512)).toBe(512);
    expect(paddedLength(513, 512)).toBe(544); // E = 9: a multiple of 2^(9 − ⌊log2 9⌋ − 1) = 32
    expect(paddedLength(1000, 0)).toBe(1024);
    expect(paddedLength(9, 0)).toBe(10);
    expect(paddedLength(100_000, 4096)).toBe(100_352);
    expect(() => paddedLength(-1, 0)).toThrow(RangeError);
  });

  test('a padded length is at least the length, costs at most 12 % above the floor, and is a fixed point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 28 }), (length) => {
        const padded = paddedLength(length, 4096);
        expect(padded).toBeGreaterThanOrEqual(length);
        if (length > 4096) expect(padded / length).toBeLessThanOrEqual(1.12);
        expect(paddedLength(padded, 4096)).toBe(padded);
      }),
    );
  });

  test('between 4 KiB and 1 MiB there are few sizes: a file says little about how much it holds', () => {
    const classes = new Set<number>();
    for (let length = 0; length <= 1 << 20; length++) classes.add(paddedLength(length, 4096));
    // 16 sizes for each E of 12…15, 32 for each of 16…19, and 1 MiB itself: a million lengths, 193 sizes.
    expect(classes.size).toBe(193);
  });
});

describe('padding and unpadding', () => {
  test('what is padded unpads to itself, whatever it ends with (zeros and 0x80 included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (plaintext) => {
        const padded = pad(plaintext, 512);
        expect(padded.length).toBe(paddedLength(plaintext.length + 1, 512));
        expect(unpad(padded)).toEqual(plaintext);
      }),
    );
    expect(unpad(pad(Uint8Array.of(0, 0x80, 0), 16))).toEqual(Uint8Array.of(0, 0x80, 0));
  });

  test('padding that is not what pad writes is refused', () => {
    expect(unpad(new Uint8Array(16))).toBeUndefined(); // all zeros: no mark
    expect(unpad(Uint8Array.of(1, 2, 3, 0x81, 0))).toBeUndefined();
    expect(unpad(new Uint8Array(0))).toBeUndefined();
  });
});
