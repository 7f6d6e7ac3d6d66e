/**
 * A shard's append-only change log: a container header of kind `log`, then records
 *
 *   u32 body length | u32 sequence | 4-byte check of those 8 bytes | nonce(24) | ciphertext
 *
 * Each record is encrypted on its own (a log grows across sessions, so one stream cannot span it),
 * authenticated with its shard id and sequence as associated data, so a record moved to another
 * shard, another position or dropped from the middle is detected. The check (BLAKE2b of length
 * and sequence) tells a damaged length apart from an append that never completed: a record whose
 * intact frame header promises more bytes than the file holds is "torn" — never acknowledged, so
 * not damage — while a frame header that fails its check is damage.
 */
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { ByteReader, ByteWriter, bytesEqual, concatBytes, utf8 } from './bytes.ts';
import { PADDED_FROM_MAJOR, sealFile, type ParsedHeader } from './container.ts';
import { pad, unpad } from './padding.ts';

const FRAME_FIELDS_SIZE = 8;
const CHECK_SIZE = 4;
const FRAME_HEADER_SIZE = FRAME_FIELDS_SIZE + CHECK_SIZE;
const NONCE_SIZE = 24;
const TAG_SIZE = 16;
const MIN_BODY = NONCE_SIZE + TAG_SIZE;
/** One Automerge change of a shard is small; anything near this is damage, not data. */
export const MAX_RECORD_BODY = 16 * 1024 * 1024;
/** A record's plaintext is padded to at least this (format 2.0): most single edits look alike. */
export const RECORD_PADDING_FLOOR = 512;

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

function frameCheck(sodium: Sodium, fields: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(16, fields, null).subarray(0, CHECK_SIZE);
}

/** A record for a log whose header is of the current format (its records are padded). */
export function sealLogRecord(sodium: Sodium, key: Uint8Array, shardId: string, seq: number, data: Uint8Array): Uint8Array {
  if (!Number.isInteger(seq) || seq < 1 || seq > 0xffffffff) throw new RangeError(`log sequence ${seq} is out of range`);
  const nonce = sodium.randombytes_buf(NONCE_SIZE);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(pad(data, RECORD_PADDING_FLOOR), recordAd(shardId, seq), null, nonce, key);
  const body = NONCE_SIZE + ciphertext.length;
  if (body > MAX_RECORD_BODY) throw new RangeError(`a log record of ${body} bytes is too large`);
  const fields = new ByteWriter().u32(body).u32(seq).finish();
  return concatBytes([fields, frameCheck(sodium, fields), nonce, ciphertext]);
}

/** Reads every good record; stops at a torn tail or at the first damaged record. Never throws on bad input. */
export function readLogRecords(sodium: Sodium, file: Uint8Array, parsed: ParsedHeader, key: Uint8Array, shardId: string): Result<LogContents> {
  if (parsed.header.kind !== 'log') return fail('header-damaged', `a ${parsed.header.kind} file is not a log`);
  const records: LogRecord[] = [];
  // Records follow their log's header: padded from format 2.0 on (a 1.0 log is read as it was written).
  const padded = parsed.header.major >= PADDED_FROM_MAJOR;
  let offset = parsed.payloadOffset;
  const stop = (torn: boolean, damage?: LogContents['damage']): Result<LogContents> => ok({ records, validLength: offset, torn, ...(damage && { damage }) });
  while (offset < file.length) {
    if (file.length - offset < FRAME_HEADER_SIZE) return stop(true);
    const fields = file.subarray(offset, offset + FRAME_FIELDS_SIZE);
    if (!bytesEqual(frameCheck(sodium, fields), file.subarray(offset + FRAME_FIELDS_SIZE, offset + FRAME_HEADER_SIZE))) {
      return stop(false, { code: 'payload-damaged', message: `the frame of the log record after sequence ${records.at(-1)?.seq ?? 0} is damaged` });
    }
    const reader = new ByteReader(fields);
    const body = reader.u32();
    const seq = reader.u32();
    if (body < MIN_BODY || body > MAX_RECORD_BODY) return stop(false, { code: 'payload-damaged', message: `log record ${seq} claims an impossible length ${body}`, seq });
    const expected = records.length > 0 ? records[records.length - 1]!.seq + 1 : undefined;
    if (seq === 0 || (expected !== undefined && seq !== expected)) {
      return stop(false, { code: 'payload-damaged', message: `log record ${seq} is out of sequence (expected ${expected ?? 'at least 1'})`, seq });
    }
    const bodyAt = offset + FRAME_HEADER_SIZE;
    if (bodyAt + body > file.length) return stop(true);
    let data: Uint8Array | undefined;
    try {
      data = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, file.subarray(bodyAt + NONCE_SIZE, bodyAt + body), recordAd(shardId, seq), file.subarray(bodyAt, bodyAt + NONCE_SIZE), key);
    } catch {
      return stop(false, { code: 'payload-damaged', message: `log record ${seq} failed authentication`, seq });
    }
    if (padded) data = unpad(data);
    if (!data) return stop(false, { code: 'payload-damaged', message: `log record ${seq} has damaged padding`, seq });
    records.push({ seq, data });
    offset = bodyAt + body;
  }
  return stop(false);
}
