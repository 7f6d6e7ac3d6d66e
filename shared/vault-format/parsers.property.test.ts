/** Random and mutated bytes never crash the parsers: every answer is a value with a known code. */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ErrorCode } from '../api/errors.ts';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { MAGIC, openPayload, parseHeader, sealFile } from './container.ts';
import { newKdfParams, unwrapVaultKey, wrapVaultKey } from './keys.ts';
import { readLogRecords, sealLogHeader, sealLogRecord } from './log.ts';

let sodium: Sodium;
const key = new Uint8Array(32).fill(7);
const vaultId = new Uint8Array(16).fill(3);
let snapshot: Uint8Array;
let keyring: Uint8Array;
let log: Uint8Array;

beforeAll(async () => {
  sodium = await loadSodium();
  snapshot = sealFile(sodium, { vaultId, kind: 'snapshot', payload: { key, plaintext: sodium.randombytes_buf(70_000), binding: utf8('contacts/1') } });
  const kdf = newKdfParams(sodium, { opsLimit: 3, memLimit: 64 * 1024 * 1024 });
  keyring = sealFile(sodium, { vaultId, kind: 'keyring', kdf, wrappedKey: wrapVaultKey(sodium, key, key, vaultId, kdf) });
  log = concatBytes([sealLogHeader(sodium, vaultId), ...[1, 2, 3].map((seq) => sealLogRecord(sodium, key, 'contacts/1', seq, utf8(`change ${seq}`)))]);
});

const FILE_CODES: readonly ErrorCode[] = ['not-a-vault', 'made-by-newer-version', 'header-damaged', 'kdf-params-out-of-bounds', 'payload-damaged', 'truncated', 'trailing-data', 'wrong-passphrase'];

/** Bytes: random, or a valid file with a few bytes changed, cut, or extended. */
function mutated(base: () => Uint8Array) {
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((tail) => concatBytes([MAGIC, tail])),
    fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()), fc.uint8Array({ maxLength: 8 })).map(([flips, cut, extra]) => {
      const copy = base().slice();
      for (const [at, mask] of flips) copy[at % copy.length]! ^= mask;
      const trimmed = cut === null ? copy : copy.subarray(0, cut % (copy.length + 1));
      return concatBytes([trimmed, extra]);
    }),
  );
}

describe('parsers under random input', () => {
  test('snapshot: parse and decrypt answer with a code, never throw', () => {
    fc.assert(
      fc.property(mutated(() => snapshot), (bytes) => {
        const parsed = parseHeader(sodium, bytes);
        const result = parsed.ok ? openPayload(sodium, bytes, parsed.value, key, utf8('contacts/1')) : parsed;
        if (!result.ok) expect(FILE_CODES).toContain(result.error.code);
      }),
      { numRuns: 400 },
    );
  });

  test('keyring: parse and unwrap answer with a code, never throw', () => {
    fc.assert(
      fc.property(mutated(() => keyring), (bytes) => {
        const parsed = parseHeader(sodium, bytes);
        const result = parsed.ok ? unwrapVaultKey(sodium, key, parsed.value.header) : parsed;
        if (!result.ok) expect(FILE_CODES).toContain(result.error.code);
      }),
      { numRuns: 400 },
    );
  });

  test('log: records read up to the first problem, never throw', () => {
    fc.assert(
      fc.property(mutated(() => log), (bytes) => {
        const parsed = parseHeader(sodium, bytes);
        const result = parsed.ok ? readLogRecords(sodium, bytes, parsed.value, key, 'contacts/1') : parsed;
        if (!result.ok) {
          expect(FILE_CODES).toContain(result.error.code);
        } else {
          // Whatever was read is a prefix of what was written, in order.
          result.value.records.forEach((record, i) => {
            expect(record.seq).toBe(i + 1);
            expect(new TextDecoder().decode(record.data)).toBe(`change ${i + 1}`);
          });
        }
      }),
      { numRuns: 400 },
    );
  });
});
