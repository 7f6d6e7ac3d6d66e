/**
 * A shard's append-only change log: a container header of kind `log`, then records
 *
 *   u32 body length | u32 sequence | nonce(24) | XChaCha20-Poly1305 ciphertext
 *
 * Each record is encrypted on its own (a log grows across sessions, so one stream cannot span it),
 * authenticated with its shard id and sequence as associated data, so a record moved to another
 * shard, another position or dropped from the middle is detected. A record cut short at the end
 * is a write that never completed (never acknowledged): it is "torn", not damage.
 */
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { ByteReader, ByteWriter, concatBytes, utf8 } from './bytes.ts';
import { sealFile, type ParsedHeader } from './container.ts';

const LENGTH_SIZE = 4;
const SEQ_SIZE = 4;
const NONCE_SIZE = 24;
const TAG_SIZE = 16;
const MIN_BODY = SEQ_SIZE + NONCE_SIZE + TAG_SIZE;
/** One Automerge change of a shard is small; anything near this is damage, not data. */
export const MAX_RECORD_BODY = 16 * 1024 * 1024;

export interface LogRecord {
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface LogContents {
  readonly records: LogRecord[];
  /** Bytes from the start of the file through the last good record. */
  readonly validLength: number;
  /** The file ends inside a record: an append that never completed. */
  readonly torn: boolean;
  /** Where reading stopped because a record is not what it should be. */
  readonly damage?: { readonly code: 'payload-damaged'; readonly message: string; readonly seq?: number };
}

export function sealLogHeader(sodium: Sodium, vaultId: Uint8Array): Uint8Array {
  return sealFile(sodium, { vaultId, kind: 'log' });
}

function recordAd(shardId: string, seq: number): Uint8Array {
  return concatBytes([utf8(`log:${shardId}`), new ByteWriter().u32(seq).finish()]);
}

export function sealLogRecord(sodium: Sodium, key: Uint8Array, shardId: string, seq: number, data: Uint8Array): Uint8Array {
  if (!Number.isInteger(seq) || seq < 1 || seq > 0xffffffff) throw new RangeError(`log sequence ${seq} is out of range`);
  const nonce = sodium.randombytes_buf(NONCE_SIZE);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(data, recordAd(shardId, seq), null, nonce, key);
  const body = SEQ_SIZE + NONCE_SIZE + ciphertext.length;
  if (body > MAX_RECORD_BODY) throw new RangeError(`a log record of ${body} bytes is too large`);
  return new ByteWriter().u32(body).u32(seq).bytes(nonce).bytes(ciphertext).finish();
}

/** Reads every good record; stops at a torn tail or at the first damaged record. Never throws on bad input. */
export function readLogRecords(sodium: Sodium, file: Uint8Array, parsed: ParsedHeader, key: Uint8Array, shardId: string): Result<LogContents> {
  if (parsed.header.kind !== 'log') return fail('header-damaged', `a ${parsed.header.kind} file is not a log`);
  const records: LogRecord[] = [];
  let offset = parsed.payloadOffset;
  const stop = (torn: boolean, damage?: LogContents['damage']): Result<LogContents> => ok({ records, validLength: offset, torn, ...(damage && { damage }) });
  while (offset < file.length) {
    if (file.length - offset < LENGTH_SIZE) return stop(true);
    const body = new ByteReader(file.subarray(offset, offset + LENGTH_SIZE)).u32();
    if (body < MIN_BODY || body > MAX_RECORD_BODY) return stop(false, { code: 'payload-damaged', message: `a log record claims an impossible length ${body}` });
    if (offset + LENGTH_SIZE + body > file.length) return stop(true);
    const reader = new ByteReader(file.subarray(offset + LENGTH_SIZE, offset + LENGTH_SIZE + body));
    const seq = reader.u32();
    const expected = records.length > 0 ? records[records.length - 1]!.seq + 1 : undefined;
    if (seq === 0 || (expected !== undefined && seq !== expected)) {
      return stop(false, { code: 'payload-damaged', message: `log record ${seq} is out of sequence (expected ${expected ?? 'at least 1'})`, seq });
    }
    const nonce = reader.bytes(NONCE_SIZE);
    let data: Uint8Array;
    try {
      data = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, reader.bytes(reader.remaining), recordAd(shardId, seq), nonce, key);
    } catch {
      return stop(false, { code: 'payload-damaged', message: `log record ${seq} failed authentication`, seq });
    }
    records.push({ seq, data });
    offset += LENGTH_SIZE + body;
  }
  return stop(false);
}
