import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ShardId } from '../vault/shards.ts';
import { BACKUP_FORMAT, BACKUP_PROOF_SIZE, backupBodyParts, decodeBackupPayload, encodeBackupPayload, type BackupContents } from './backup.ts';
import { concatBytes } from './bytes.ts';

const contents: BackupContents = {
  manifest: { format: BACKUP_FORMAT, createdAt: 1_795_000_000_000, vault: { id: '0'.repeat(32), name: '仕事' }, counts: { contacts: 2, interactions: 1, events: 0, goals: 0 }, shards: ['contacts/1', 'root'] as ShardId[] },
  shards: [
    { id: 'contacts/1', snapshot: Uint8Array.of(1, 2, 3), records: [Uint8Array.of(4), Uint8Array.of(5, 6)] },
    { id: 'root', snapshot: undefined, records: [] },
  ],
  readModel: Uint8Array.of(9, 8, 7),
};

const PROOF = new Uint8Array(BACKUP_PROOF_SIZE).fill(7);
const encode = (what: BackupContents) => encodeBackupPayload(backupBodyParts(what), PROOF);

describe('the backup payload', () => {
  test('what is encoded decodes to the same manifest and shards, and the proof with the body it covers', () => {
    const body = concatBytes(backupBodyParts(contents));
    expect(decodeBackupPayload(encode(contents))).toEqual({ ok: true, value: { contents, proof: { tag: PROOF, body } } });
  });

  test('a format 2 backup (made before the read model travelled) is read, with its proof and no model', () => {
    const { readModel: _none, ...withoutModel } = contents;
    const old = { ...withoutModel, manifest: { ...contents.manifest, format: 2 as const } };
    expect(decodeBackupPayload(encode(old))).toEqual({ ok: true, value: { contents: old, proof: { tag: PROOF, body: concatBytes(backupBodyParts(old)) } } });
  });

  test('a format 1 backup (made before proofs) is read, with no proof', () => {
    const { readModel: _none, ...withoutModel } = contents;
    const old = { ...withoutModel, manifest: { ...contents.manifest, format: 1 as const } };
    expect(decodeBackupPayload(concatBytes(backupBodyParts(old)))).toEqual({ ok: true, value: { contents: old, proof: undefined } });
  });

  test('a backup cut before its proof is damaged', () => {
    const cut = concatBytes(backupBodyParts(contents));
    expect(decodeBackupPayload(cut)).toMatchObject({ ok: false, error: { code: 'payload-damaged' } });
  });

  test('a payload from a newer format is reported as such, not as damage', () => {
    const payload = encode(contents);
    const digit = Buffer.from(payload).indexOf(`"format":${BACKUP_FORMAT}`) + '"format":'.length;
    payload[digit] = '9'.charCodeAt(0); // same length: the manifest's length prefix still holds
    expect(decodeBackupPayload(payload)).toMatchObject({ ok: false, error: { code: 'made-by-newer-version' } });
  });

  test('any bytes, and any damage to a good payload, give a clear error and never throw', () => {
    const good = encode(contents);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeBackupPayload(bytes);
        expect(decoded.ok ? 'ok' : decoded.error.code).toMatch(/^(ok|payload-damaged|made-by-newer-version)$/);
      }),
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(good.length), (at, xor, cut) => {
        const damaged = good.slice(0, Math.max(cut, at + 1));
        damaged[at]! ^= xor;
        const decoded = decodeBackupPayload(damaged);
        if (decoded.ok) expect(decoded.value.contents.shards.map((s) => s.id)).toEqual(decoded.value.contents.manifest.shards);
        else expect(decoded.error.code).toMatch(/^(payload-damaged|made-by-newer-version)$/);
      }),
      { numRuns: 2000 },
    );
  });

  test('the manifest must name the shards in the order they are written', () => {
    expect(() => backupBodyParts({ ...contents, shards: [...contents.shards].reverse() })).toThrow(TypeError);
  });
});
