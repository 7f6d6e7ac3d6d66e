/**
 * What paired devices say over a secure link: the initiator's small requests (summary, generate,
 * receive, ahead, apply, files, bye) and the responder's answers (serve), so the initiator drives
 * syncEndpoints() and each side keeps its own sync states; and the vault files a joining device is sent.
 */
import { concatBytes, fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { isShardId, type ShardId } from '../../../shared/vault/shards.ts';
import { syncEndpoints, type SyncEndpoint, type SyncReport } from './shard-sync.ts';
import { ProtocolViolation, type SecureLink } from './secure-link.ts';

export const REQUEST = { summary: 1, generate: 2, receive: 3, bye: 4, hello: 5, files: 6, ahead: 7, apply: 8 } as const;

function withId(type: number, id: ShardId, rest: Uint8Array = new Uint8Array(0)): Uint8Array {
  const idBytes = utf8(id);
  return concatBytes([Uint8Array.of(type, idBytes.length), idBytes, rest]);
}

/** A request's shard id, checked: a peer may name only shards that can exist. */
function readId(message: Uint8Array): { id: ShardId; rest: Uint8Array } {
  const length = message[1];
  if (length === undefined || message.length < 2 + length) throw new ProtocolViolation('malformed request');
  const id = fromUtf8(message.subarray(2, 2 + length));
  if (!isShardId(id)) throw new ProtocolViolation('no such shard');
  return { id, rest: message.subarray(2 + length) };
}

const MAX_SHARDS = 10_000;
const HEAD = /^[0-9a-f]{64}$/;

/** The other side's summary, checked: known shard ids, each with a list of hex heads. */
function parseSummary(bytes: Uint8Array): Map<ShardId, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new ProtocolViolation('malformed summary');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProtocolViolation('malformed summary');
  const entries = Object.entries(parsed);
  if (entries.length > MAX_SHARDS) throw new ProtocolViolation('malformed summary');
  const summary = new Map<ShardId, string[]>();
  for (const [id, heads] of entries) {
    if (!isShardId(id) || !Array.isArray(heads) || heads.length > 1000 || !heads.every((head) => typeof head === 'string' && HEAD.test(head))) throw new ProtocolViolation('malformed summary');
    summary.set(id, heads as string[]);
  }
  return summary;
}

/** The responder's copy, as the initiator sees it over the link. */
function remoteEndpoint(link: SecureLink): SyncEndpoint {
  return {
    async summary() {
      link.send(Uint8Array.of(REQUEST.summary));
      return parseSummary(await link.answer());
    },
    async generate(id) {
      link.send(withId(REQUEST.generate, id));
      const answer = await link.answer();
      return answer[0] === 1 ? answer.slice(1) : null;
    },
    async receive(id, message) {
      link.send(withId(REQUEST.receive, id, message));
      await link.answer();
    },
    async changesAhead(id, heads) {
      link.send(withId(REQUEST.ahead, id, encodeHeads(heads)));
      const answer = await link.answer();
      return answer[0] === 1 ? answer.slice(1) : null;
    },
    async apply(id, changes, heads) {
      link.send(withId(REQUEST.apply, id, concatBytes([encodeHeads(heads), changes])));
      return (await link.answer())[0] === 1;
    },
  };
}

const HEAD_BYTES = 32;

/** Heads as a count (u16) and 32 bytes each. */
function encodeHeads(heads: readonly string[]): Uint8Array {
  const bytes = new Uint8Array(2 + heads.length * HEAD_BYTES);
  new DataView(bytes.buffer).setUint16(0, heads.length, true);
  heads.forEach((head, i) => bytes.set(Buffer.from(head, 'hex'), 2 + i * HEAD_BYTES));
  return bytes;
}

/** Heads from the other side, checked; and what follows them. */
function decodeHeads(bytes: Uint8Array): { heads: string[]; rest: Uint8Array } {
  if (bytes.length < 2) throw new ProtocolViolation('malformed heads');
  const count = new DataView(bytes.buffer, bytes.byteOffset, 2).getUint16(0, true);
  const end = 2 + count * HEAD_BYTES;
  if (count > 1000 || bytes.length < end) throw new ProtocolViolation('malformed heads');
  const heads: string[] = [];
  for (let at = 2; at < end; at += HEAD_BYTES) heads.push(Buffer.from(bytes.subarray(at, at + HEAD_BYTES)).toString('hex'));
  return { heads, rest: bytes.subarray(end) };
}

/** A vault's encrypted files, for a new device to start from (see VaultSession.exportFiles). */
export interface VaultFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const FILE_CHUNK = 4 * 1024 * 1024;
const MAX_FILES = 20_000;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024;
/** Only shard files (keyed-hash names) and the read-model cache: never a keyring or a device file, never a path. */
const VAULT_FILE_NAME = /^([0-9a-z]{32}|read-model)\.enishi$/;

export async function sendFiles(link: SecureLink, files: readonly VaultFile[]): Promise<void> {
  link.send(utf8(JSON.stringify(files.map((file) => ({ name: file.name, size: file.bytes.length })))));
  for (const file of files) {
    for (let at = 0; at < file.bytes.length; at += FILE_CHUNK) {
      link.send(file.bytes.subarray(at, at + FILE_CHUNK));
      await link.drained();
    }
  }
}

export async function receiveFiles(link: SecureLink): Promise<VaultFile[]> {
  let listing: unknown;
  try {
    listing = JSON.parse(fromUtf8(await link.answer()));
  } catch {
    throw new ProtocolViolation('malformed file list');
  }
  if (!Array.isArray(listing) || listing.length > MAX_FILES) throw new ProtocolViolation('malformed file list');
  let total = 0;
  const names = new Set<string>();
  for (const entry of listing as { name?: unknown; size?: unknown }[]) {
    if (typeof entry.name !== 'string' || !VAULT_FILE_NAME.test(entry.name) || names.has(entry.name) || typeof entry.size !== 'number' || !Number.isSafeInteger(entry.size) || entry.size < 0) throw new ProtocolViolation('malformed file list');
    names.add(entry.name);
    total += entry.size;
  }
  if (total > MAX_TOTAL_BYTES) throw new ProtocolViolation('malformed file list');
  const files: VaultFile[] = [];
  for (const { name, size } of listing as { name: string; size: number }[]) {
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; ) {
      const chunk = await link.answer();
      if (chunk.length === 0 || at + chunk.length > size) throw new ProtocolViolation('malformed file chunk');
      bytes.set(chunk, at);
      at += chunk.length;
    }
    files.push({ name, bytes });
  }
  return files;
}

export async function serve(link: SecureLink, local: SyncEndpoint, onHello?: (listenPort: number) => void, exportFiles?: () => Promise<VaultFile[]>): Promise<void> {
  for (;;) {
    await link.drained(); // a peer that asks without reading the answers gets no more of them
    const { plaintext: request, final } = await link.next();
    // The run ends only with "bye" sealed as the stream's last frame; anything after it cannot arrive.
    if (final !== (request[0] === REQUEST.bye)) throw new ProtocolViolation('the stream ended early or went on after its end');
    switch (request[0]) {
      case REQUEST.summary:
        link.send(utf8(JSON.stringify(Object.fromEntries(await local.summary()))));
        break;
      case REQUEST.generate: {
        const message = await local.generate(readId(request).id);
        link.send(message ? concatBytes([Uint8Array.of(1), message]) : Uint8Array.of(0));
        break;
      }
      case REQUEST.receive: {
        const { id, rest } = readId(request);
        await local.receive(id, rest);
        link.send(Uint8Array.of(1));
        break;
      }
      case REQUEST.ahead: {
        const { id, rest } = readId(request);
        const changes = await local.changesAhead(id, decodeHeads(rest).heads);
        link.send(changes ? concatBytes([Uint8Array.of(1), changes]) : Uint8Array.of(0));
        break;
      }
      case REQUEST.apply: {
        const { id, rest } = readId(request);
        const { heads, rest: changes } = decodeHeads(rest);
        link.send(Uint8Array.of((await local.apply(id, changes, heads)) ? 1 : 0));
        break;
      }
      case REQUEST.hello: {
        // Where the initiator listens, so this device can reach it later; 0: it does not listen.
        const port = request.length === 3 ? (request[1]! << 8) | request[2]! : 0;
        if (port > 0) onHello?.(port);
        link.send(Uint8Array.of(1));
        break;
      }
      case REQUEST.files:
        // Only to a device that has just proven a pairing code, in that same connection.
        if (!exportFiles) throw new ProtocolViolation('files are for a new device only');
        await sendFiles(link, await exportFiles());
        break;
      case REQUEST.bye:
        return;
      case undefined:
      default:
        throw new ProtocolViolation('unknown request');
    }
  }
}

export function hello(listenPort: number | undefined): Uint8Array {
  const port = listenPort ?? 0;
  return Uint8Array.of(REQUEST.hello, port >> 8, port & 255);
}

/** Drives the sync of every differing shard over an open link, then ends the stream with bye. */
export async function drive(link: SecureLink, local: SyncEndpoint, listenPort: number | undefined): Promise<SyncReport> {
  link.send(hello(listenPort));
  await link.answer();
  const report = await syncEndpoints(local, remoteEndpoint(link));
  link.send(Uint8Array.of(REQUEST.bye), true);
  return report;
}

/** Connects out to one paired device (its signing key): handshake, then drives the sync of every differing shard. */
