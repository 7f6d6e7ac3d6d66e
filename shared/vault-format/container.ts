/**
 * The Enishi vault file container (spec: docs/vault-format.md).
 *
 *   magic(8) | major u16 | minor u16 | header length u32 | header TLVs | checksum(32) | payload
 *
 * The checksum is BLAKE2b-256 over everything before it. The payload is a libsodium
 * secretstream (XChaCha20-Poly1305) in chunks of 64 KiB of plaintext; every chunk carries the
 * checksum (and the caller's binding, e.g. the shard id) as associated data, and the last chunk
 * must carry TAG_FINAL. Each chunk is framed by its ciphertext length (u32), so a cut or an
 * appended byte is told apart from damage. Every way a file can be wrong maps to one error code.
 */
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { ByteReader, ByteWriter, bytesEqual, concatBytes, OutOfBytes } from './bytes.ts';
import { pad, unpad } from './padding.ts';

export const MAGIC = Uint8Array.of(0x89, 0x45, 0x4e, 0x49, 0x53, 0x48, 0x49, 0x0a); // "\x89ENISHI\n"
/** 2.0: payloads (and log records) are padded to size classes (padding.ts). 1.0 files are still read. */
export const FORMAT_MAJOR = 2;
export const FORMAT_MINOR = 0;
/** The first format whose payloads are padded. */
export const PADDED_FROM_MAJOR = 2;
/** Every payload is at least this large once padded: small shards all look alike. */
export const PAYLOAD_PADDING_FLOOR = 4096;
export const CHUNK_SIZE = 64 * 1024;
const CHUNK_OVERHEAD = 17; // crypto_secretstream_xchacha20poly1305_ABYTES
const CHUNK_LENGTH_SIZE = 4;
const PREFIX_SIZE = 16;
const CHECKSUM_SIZE = 32;
const MAX_HEADER_SIZE = 64 * 1024;
export const VAULT_ID_SIZE = 16;
export const SALT_SIZE = 16;
const STREAM_HEADER_SIZE = 24;
const WRAP_NONCE_SIZE = 24;
const WRAPPED_KEY_SIZE = 32 + 16;

export const FILE_KINDS = { keyring: 1, snapshot: 2, log: 3, cache: 4, backup: 5, device: 6 } as const;
export type FileKind = keyof typeof FILE_KINDS;

/** Argon2id parameters as stored. Bounds are enforced when a file is read. */
export interface KdfParams {
  readonly opsLimit: number;
  readonly memLimit: number;
  readonly salt: Uint8Array;
}
export const KDF_ALG_ARGON2ID13 = 2;
export const KDF_MAX_OPS = 10;
export const KDF_MAX_MEM = 1024 * 1024 * 1024;
const KDF_MIN_MEM = 8 * 1024;

export interface WrappedKey {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface ContainerHeader {
  readonly major: number;
  readonly minor: number;
  readonly vaultId: Uint8Array;
  readonly kind: FileKind;
  readonly kdf?: KdfParams;
  readonly wrappedKey?: WrappedKey;
  readonly streamHeader?: Uint8Array;
  /** Keyring only (format 2.0): this device's own key, which seals its device files (keys.ts). */
  readonly wrappedDeviceKey?: WrappedKey;
  /** Keyring only: device files may still be sealed the 1.0 way, under the vault's device-state subkey (while they are migrated). */
  readonly legacyDeviceFiles?: boolean;
  /** Keyring only (format 2.0): the key this device's files at rest are under, sealed under the device key (keys.ts). */
  readonly wrappedStorageKey?: WrappedKey;
}

const TAG = { vaultId: 1, kind: 2, kdf: 3, wrappedKey: 4, streamHeader: 5, deviceKey: 6, legacyDeviceFiles: 7, storageKey: 8 } as const;

/** Kinds whose files hold a wrapped key (and so KDF parameters) rather than relying on an open vault. */
const KEY_HOLDING_KINDS: readonly FileKind[] = ['keyring', 'backup'];
/** Kinds whose payload is one secretstream after the header. (A log holds records instead: see log.ts.) */
const STREAM_KINDS: readonly FileKind[] = ['snapshot', 'cache', 'backup', 'device'];
/** Kinds that end with their header. */
const HEADER_ONLY_KINDS: readonly FileKind[] = ['keyring'];

export interface ParsedHeader {
  readonly header: ContainerHeader;
  readonly checksum: Uint8Array;
  /** Offset of the first payload byte. */
  readonly payloadOffset: number;
}

function encodeKdf(kdf: KdfParams): Uint8Array {
  return new ByteWriter().u8(KDF_ALG_ARGON2ID13).u32(kdf.opsLimit).u32(kdf.memLimit).bytes(kdf.salt).finish();
}

/** The bytes the key wrap authenticates: which vault, and with which KDF parameters. */
export function keyWrapAssociatedData(vaultId: Uint8Array, kdf: KdfParams): Uint8Array {
  return concatBytes([vaultId, encodeKdf(kdf)]);
}

function encodeTlv(writer: ByteWriter, tag: number, value: Uint8Array): void {
  writer.u8(tag).u16(value.length).bytes(value);
}

function encodeHeaderPrefix(header: Omit<ContainerHeader, 'major' | 'minor'>): Uint8Array {
  const tlv = new ByteWriter();
  encodeTlv(tlv, TAG.vaultId, header.vaultId);
  encodeTlv(tlv, TAG.kind, Uint8Array.of(FILE_KINDS[header.kind]));
  if (header.kdf) encodeTlv(tlv, TAG.kdf, encodeKdf(header.kdf));
  if (header.wrappedKey) encodeTlv(tlv, TAG.wrappedKey, concatBytes([header.wrappedKey.nonce, header.wrappedKey.ciphertext]));
  if (header.streamHeader) encodeTlv(tlv, TAG.streamHeader, header.streamHeader);
  if (header.wrappedDeviceKey) encodeTlv(tlv, TAG.deviceKey, concatBytes([header.wrappedDeviceKey.nonce, header.wrappedDeviceKey.ciphertext]));
  if (header.legacyDeviceFiles) encodeTlv(tlv, TAG.legacyDeviceFiles, Uint8Array.of(1));
  if (header.wrappedStorageKey) encodeTlv(tlv, TAG.storageKey, concatBytes([header.wrappedStorageKey.nonce, header.wrappedStorageKey.ciphertext]));
  const body = tlv.finish();
  return new ByteWriter().bytes(MAGIC).u16(FORMAT_MAJOR).u16(FORMAT_MINOR).u32(body.length).bytes(body).finish();
}

function kindFromByte(value: number): FileKind | undefined {
  return (Object.keys(FILE_KINDS) as FileKind[]).find((k) => FILE_KINDS[k] === value);
}

export function kdfWithinBounds(kdf: KdfParams): boolean {
  return kdf.opsLimit >= 1 && kdf.opsLimit <= KDF_MAX_OPS && kdf.memLimit >= KDF_MIN_MEM && kdf.memLimit <= KDF_MAX_MEM;
}

/** Reads and checks the header of a vault file; never throws on bad input. */
export function parseHeader(sodium: Sodium, file: Uint8Array): Result<ParsedHeader> {
  if (file.length < MAGIC.length || !bytesEqual(file.subarray(0, MAGIC.length), MAGIC)) {
    return fail('not-a-vault', 'the file does not start with the Enishi magic bytes');
  }
  if (file.length < PREFIX_SIZE) return fail('truncated', 'the file ends inside its fixed header');
  const prefix = new ByteReader(file.subarray(0, PREFIX_SIZE));
  prefix.bytes(MAGIC.length);
  const major = prefix.u16();
  const minor = prefix.u16();
  const headerLength = prefix.u32();
  if (major > FORMAT_MAJOR) return fail('made-by-newer-version', `format ${major}.${minor} is newer than ${FORMAT_MAJOR}.${FORMAT_MINOR}`);
  if (major < 1) return fail('header-damaged', `format major version ${major} does not exist`);
  if (headerLength > MAX_HEADER_SIZE) return fail('header-damaged', `header length ${headerLength} is out of range`);
  const checksumAt = PREFIX_SIZE + headerLength;
  if (file.length < checksumAt + CHECKSUM_SIZE) return fail('truncated', 'the file ends inside its header');
  const checksum = file.subarray(checksumAt, checksumAt + CHECKSUM_SIZE);
  if (!bytesEqual(sodium.crypto_generichash(CHECKSUM_SIZE, file.subarray(0, checksumAt), null), checksum)) {
    return fail('header-damaged', 'the header checksum does not match');
  }

  const fields = new Map<number, Uint8Array>();
  const reader = new ByteReader(file.subarray(PREFIX_SIZE, checksumAt));
  try {
    while (reader.remaining > 0) {
      const tag = reader.u8();
      const value = reader.bytes(reader.u16());
      if (fields.has(tag)) return fail('header-damaged', `header field ${tag} appears twice`);
      const known = (Object.values(TAG) as number[]).includes(tag);
      if (!known && minor <= FORMAT_MINOR) return fail('header-damaged', `unknown header field ${tag}`);
      if (known) fields.set(tag, value);
    }
  } catch (error) {
    if (error instanceof OutOfBytes) return fail('header-damaged', 'a header field runs past the header');
    throw error;
  }

  const vaultId = fields.get(TAG.vaultId);
  const kindByte = fields.get(TAG.kind);
  const kind = kindByte?.length === 1 ? kindFromByte(kindByte[0]!) : undefined;
  if (vaultId?.length !== VAULT_ID_SIZE || !kind) return fail('header-damaged', 'the header lacks a valid vault id or file kind');

  let kdf: KdfParams | undefined;
  let wrappedKey: WrappedKey | undefined;
  if (KEY_HOLDING_KINDS.includes(kind)) {
    const kdfBytes = fields.get(TAG.kdf);
    const wrapped = fields.get(TAG.wrappedKey);
    if (kdfBytes?.length !== 1 + 4 + 4 + SALT_SIZE || wrapped?.length !== WRAP_NONCE_SIZE + WRAPPED_KEY_SIZE) {
      return fail('header-damaged', 'the header lacks valid key-derivation fields');
    }
    const kdfReader = new ByteReader(kdfBytes);
    const alg = kdfReader.u8();
    kdf = { opsLimit: kdfReader.u32(), memLimit: kdfReader.u32(), salt: kdfReader.bytes(SALT_SIZE) };
    if (alg !== KDF_ALG_ARGON2ID13 || !kdfWithinBounds(kdf)) {
      return fail('kdf-params-out-of-bounds', `KDF alg ${alg}, t=${kdf.opsLimit}, m=${kdf.memLimit} is outside the accepted bounds`);
    }
    wrappedKey = { nonce: wrapped.subarray(0, WRAP_NONCE_SIZE), ciphertext: wrapped.subarray(WRAP_NONCE_SIZE) };
  }

  let wrappedDeviceKey: WrappedKey | undefined;
  let legacyDeviceFiles = false;
  let wrappedStorageKey: WrappedKey | undefined;
  if (kind === 'keyring') {
    const storage = fields.get(TAG.storageKey);
    if (storage && (storage.length !== WRAP_NONCE_SIZE + WRAPPED_KEY_SIZE || !fields.has(TAG.deviceKey))) return fail('header-damaged', 'the wrapped storage key is not valid');
    if (storage) wrappedStorageKey = { nonce: storage.subarray(0, WRAP_NONCE_SIZE), ciphertext: storage.subarray(WRAP_NONCE_SIZE) };
    const wrapped = fields.get(TAG.deviceKey);
    const legacy = fields.get(TAG.legacyDeviceFiles);
    if (wrapped && wrapped.length !== WRAP_NONCE_SIZE + WRAPPED_KEY_SIZE) return fail('header-damaged', 'the wrapped device key has the wrong size');
    if (legacy && (legacy.length !== 1 || legacy[0] !== 1 || !wrapped)) return fail('header-damaged', 'the device-file migration mark is not valid');
    if (wrapped) wrappedDeviceKey = { nonce: wrapped.subarray(0, WRAP_NONCE_SIZE), ciphertext: wrapped.subarray(WRAP_NONCE_SIZE) };
    legacyDeviceFiles = Boolean(legacy);
  } else if (fields.has(TAG.deviceKey) || fields.has(TAG.legacyDeviceFiles) || fields.has(TAG.storageKey)) {
    return fail('header-damaged', `a ${kind} file holds no device key`);
  }

  let streamHeader: Uint8Array | undefined;
  if (STREAM_KINDS.includes(kind)) {
    streamHeader = fields.get(TAG.streamHeader);
    if (streamHeader?.length !== STREAM_HEADER_SIZE) return fail('header-damaged', 'the header lacks a valid stream header');
  } else if (HEADER_ONLY_KINDS.includes(kind) && file.length > checksumAt + CHECKSUM_SIZE) {
    return fail('trailing-data', `a ${kind} file has no payload, yet bytes follow its header`);
  }

  const header: ContainerHeader = { major, minor, vaultId, kind, ...(kdf && { kdf }), ...(wrappedKey && { wrappedKey }), ...(streamHeader && { streamHeader }), ...(wrappedDeviceKey && { wrappedDeviceKey }), ...(legacyDeviceFiles && { legacyDeviceFiles }), ...(wrappedStorageKey && { wrappedStorageKey }) };
  return ok({ header, checksum, payloadOffset: checksumAt + CHECKSUM_SIZE });
}

export interface SealOptions {
  readonly vaultId: Uint8Array;
  readonly kind: FileKind;
  readonly kdf?: KdfParams;
  readonly wrappedKey?: WrappedKey;
  readonly wrappedDeviceKey?: WrappedKey;
  readonly legacyDeviceFiles?: boolean;
  readonly wrappedStorageKey?: WrappedKey;
  /** Key and plaintext for kinds with a payload. */
  readonly payload?: { readonly key: Uint8Array; readonly plaintext: Uint8Array; readonly binding?: Uint8Array };
}

/** Builds a complete vault file. */
export function sealFile(sodium: Sodium, options: SealOptions): Uint8Array {
  const wantsPayload = STREAM_KINDS.includes(options.kind);
  if (wantsPayload !== Boolean(options.payload)) throw new TypeError(`a ${options.kind} file ${wantsPayload ? 'needs' : 'has no'} payload`);
  if (KEY_HOLDING_KINDS.includes(options.kind) !== Boolean(options.kdf && options.wrappedKey)) {
    throw new TypeError(`a ${options.kind} file ${KEY_HOLDING_KINDS.includes(options.kind) ? 'needs' : 'has no'} a wrapped key`);
  }
  if ((options.wrappedDeviceKey || options.legacyDeviceFiles || options.wrappedStorageKey) && (options.kind !== 'keyring' || !options.wrappedDeviceKey)) throw new TypeError('only a keyring holds a device key');
  const stream = options.payload ? sodium.crypto_secretstream_xchacha20poly1305_init_push(options.payload.key) : undefined;
  const prefix = encodeHeaderPrefix({
    vaultId: options.vaultId,
    kind: options.kind,
    ...(options.kdf && { kdf: options.kdf }),
    ...(options.wrappedKey && { wrappedKey: options.wrappedKey }),
    ...(stream && { streamHeader: stream.header }),
    ...(options.wrappedDeviceKey && { wrappedDeviceKey: options.wrappedDeviceKey }),
    ...(options.legacyDeviceFiles && { legacyDeviceFiles: true }),
    ...(options.wrappedStorageKey && { wrappedStorageKey: options.wrappedStorageKey }),
  });
  const checksum = sodium.crypto_generichash(CHECKSUM_SIZE, prefix, null);
  const parts = [prefix, checksum];
  if (stream && options.payload) {
    const ad = concatBytes([checksum, options.payload.binding ?? new Uint8Array(0)]);
    const plaintext = pad(options.payload.plaintext, PAYLOAD_PADDING_FLOOR);
    const TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    let offset = 0;
    do {
      const end = Math.min(offset + CHUNK_SIZE, plaintext.length);
      const last = end === plaintext.length;
      const chunk = sodium.crypto_secretstream_xchacha20poly1305_push(stream.state, plaintext.subarray(offset, end), ad, last ? TAG_FINAL : TAG_MESSAGE);
      parts.push(new ByteWriter().u32(chunk.length).finish(), chunk);
      offset = end;
    } while (offset < plaintext.length);
  }
  return concatBytes(parts);
}

/** Decrypts the payload of a file whose header has been parsed. */
export function openPayload(sodium: Sodium, file: Uint8Array, parsed: ParsedHeader, key: Uint8Array, binding?: Uint8Array): Result<Uint8Array> {
  const { streamHeader } = parsed.header;
  if (!streamHeader) return fail('header-damaged', `a ${parsed.header.kind} file has no payload`);
  const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(streamHeader, key);
  const ad = concatBytes([parsed.checksum, binding ?? new Uint8Array(0)]);
  const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  const chunks: Uint8Array[] = [];
  let offset = parsed.payloadOffset;
  for (let index = 0; ; index++) {
    if (offset >= file.length) return fail('truncated', `the payload ends after ${index} chunks without its final chunk`);
    if (file.length - offset < CHUNK_LENGTH_SIZE) return fail('truncated', `the length of chunk ${index} is cut short`);
    const length = new ByteReader(file.subarray(offset, offset + CHUNK_LENGTH_SIZE)).u32();
    if (length < CHUNK_OVERHEAD || length > CHUNK_SIZE + CHUNK_OVERHEAD) return fail('payload-damaged', `chunk ${index} has an impossible length ${length}`);
    offset += CHUNK_LENGTH_SIZE;
    const end = offset + length;
    if (end > file.length) return fail('truncated', `chunk ${index} is cut short`);
    const pulled = sodium.crypto_secretstream_xchacha20poly1305_pull(state, file.subarray(offset, end), ad);
    if (!pulled) return fail('payload-damaged', `chunk ${index} failed authentication`);
    chunks.push(pulled.message);
    offset = end;
    if (pulled.tag === TAG_FINAL) {
      if (offset !== file.length) return fail('trailing-data', `${file.length - offset} bytes follow the final chunk`);
      const plaintext = concatBytes(chunks);
      if (parsed.header.major < PADDED_FROM_MAJOR) return ok(plaintext);
      const unpadded = unpad(plaintext);
      return unpadded ? ok(unpadded) : fail('payload-damaged', 'the payload’s padding is not intact');
    }
  }
}
