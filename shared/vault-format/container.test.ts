import { beforeAll, describe, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { utf8 } from './bytes.ts';
import { CHUNK_SIZE, openPayload, parseHeader, sealFile, type SealOptions } from './container.ts';
import { newKdfParams, unwrapVaultKey, wrapVaultKey } from './keys.ts';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const key = () => sodium.randombytes_buf(32);
const vaultId = () => sodium.randombytes_buf(16);

function snapshot(plaintext: Uint8Array, payloadKey = key(), binding = utf8('contacts/1')): { file: Uint8Array; payloadKey: Uint8Array; binding: Uint8Array } {
  const options: SealOptions = { vaultId: vaultId(), kind: 'snapshot', payload: { key: payloadKey, plaintext, binding } };
  return { file: sealFile(sodium, options), payloadKey, binding };
}

function open(file: Uint8Array, payloadKey: Uint8Array, binding: Uint8Array) {
  const parsed = parseHeader(sodium, file);
  return parsed.ok ? openPayload(sodium, file, parsed.value, payloadKey, binding) : parsed;
}

describe('snapshot files', () => {
  test.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 5])('round-trip %i bytes', (size) => {
    const plaintext = sodium.randombytes_buf(size);
    const { file, payloadKey, binding } = snapshot(plaintext);
    expect(open(file, payloadKey, binding)).toEqual({ ok: true, value: plaintext });
  });

  test('the plaintext does not appear in the file', () => {
    const { file } = snapshot(utf8('田中花子 縁商事'));
    expect(Buffer.from(file).includes(Buffer.from('縁商事'))).toBe(false);
  });

  test('each way of being wrong has its own code', () => {
    const { file, payloadKey, binding } = snapshot(sodium.randombytes_buf(2 * CHUNK_SIZE + 10));
    const code = (bytes: Uint8Array, k = payloadKey, b = binding) => {
      const result = open(bytes, k, b);
      return result.ok ? 'ok' : result.error.code;
    };
    const flipped = (at: number) => {
      const copy = file.slice();
      copy[at]! ^= 0x40;
      return copy;
    };
    expect(code(utf8('BEGIN:VCARD\r\nVERSION:3.0'))).toBe('not-a-vault');
    expect(code(file.subarray(0, 4))).toBe('not-a-vault');
    expect(code(file.subarray(0, 12))).toBe('truncated');
    expect(code(flipped(8))).toBe('made-by-newer-version');
    expect(code(flipped(20))).toBe('header-damaged');
    expect(code(flipped(file.length - 100))).toBe('payload-damaged');
    const framedChunk = 4 + CHUNK_SIZE + 17;
    const payloadStart = file.length - (2 * framedChunk + 4 + 10 + 17);
    for (const cut of [payloadStart, payloadStart + framedChunk, payloadStart + 2 * framedChunk, payloadStart + 2, payloadStart + 100, file.length - 1]) {
      expect(code(file.subarray(0, cut))).toBe('truncated');
    }
    expect(code(new Uint8Array([...file, 0]))).toBe('trailing-data');
    expect(code(file, key())).toBe('payload-damaged');
    expect(code(file, payloadKey, utf8('contacts/2'))).toBe('payload-damaged');
  });
});

describe('keyring', () => {
  test('unwraps with the right key-encryption key only; KDF bounds are enforced on read', () => {
    const id = vaultId();
    const kdf = newKdfParams(sodium, { opsLimit: 3, memLimit: 64 * 1024 * 1024 });
    const kek = key();
    const vaultKey = key();
    const file = sealFile(sodium, { vaultId: id, kind: 'keyring', kdf, wrappedKey: wrapVaultKey(sodium, kek, vaultKey, id, kdf) });
    const parsed = parseHeader(sodium, file);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(unwrapVaultKey(sodium, kek, parsed.value.header)).toEqual({ ok: true, value: vaultKey });
    expect(unwrapVaultKey(sodium, key(), parsed.value.header)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });

    const greedy = { ...kdf, opsLimit: 11 };
    const refused = sealFile(sodium, { vaultId: id, kind: 'keyring', kdf: greedy, wrappedKey: wrapVaultKey(sodium, kek, vaultKey, id, greedy) });
    expect(parseHeader(sodium, refused)).toMatchObject({ ok: false, error: { code: 'kdf-params-out-of-bounds' } });
  });
});
