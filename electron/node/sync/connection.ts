/**
 * A sync over one byte stream (a TCP socket on the LAN, or anything duplex): length-prefixed frames;
 * the Noise handshake (handshake.ts: nothing in it names the vault or a device); then everything through one encrypted
 * channel per direction, as small requests from the initiator that the responder answers
 * (summary, generate, receive) — so the initiator drives syncEndpoints() and each side keeps its own
 * sync states.
 */
import type { Duplex } from 'node:stream';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { receiver, sender, type Receiver, type Sender } from '../../../shared/sync/channel.ts';
import { finishInitiator, finishResponder, HANDSHAKE_SIZES, HandshakeError, initiate, respond, type IsPinned, type PairingWindow, type SessionKeys } from '../../../shared/sync/handshake.ts';
import { comparisonCode, keyFingerprint, type PairingCode } from '../../../shared/sync/pairing.ts';
import type { DeviceIdentity } from '../../../shared/sync/identity.ts';
import { bytesEqual, concatBytes, fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import { isShardId, type ShardId } from '../../../shared/vault/shards.ts';
import { syncEndpoints, type SyncEndpoint, type SyncReport } from './shard-sync.ts';

/** Larger than any Automerge sync message of a shard (a shard's file stays under ~1 MiB; docs/bench.md). */
const MAX_DATA_FRAME = 16 * 1024 * 1024;
/** Frames read but not yet asked for, before the stream is paused. */
const MAX_BACKLOG = 16;
/** A peer that says nothing for this long is dropped. */
const IDLE_TIMEOUT_MS = 30_000;
/** From connecting to a proven identity, at most this long (a stranger sending a byte at a time is dropped by then). */
const HANDSHAKE_TIMEOUT_MS = 3_000;

export class ConnectionClosed extends Error {
  override readonly name: string = 'ConnectionClosed';
}

/** The other side sent something this protocol never sends: worth logging, like a refused handshake. */
export class ProtocolViolation extends ConnectionClosed {
  override readonly name = 'ProtocolViolation';
}

/** The handshake, with a connection closed half-way read as what it is: the other side refused this device. */
async function handshakeStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConnectionClosed && !(error instanceof ProtocolViolation)) throw new HandshakeError('closed-by-peer');
    throw error;
  }
}

/** Before the handshake proves anything, a frame out of bounds is a stranger's malformed handshake, not a paired device misbehaving. */
async function strangerStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ProtocolViolation) throw new HandshakeError('malformed');
    throw error;
  }
}

/**
 * u32 (little-endian) length, then the frame. Incoming bytes are kept as a list of chunks and joined
 * once a frame is whole (joining on every chunk would copy a large frame again and again). Each read
 * says how large a frame may be: the handshake's messages have fixed sizes, so an unauthenticated
 * peer cannot make this side buffer more than a few hundred bytes.
 */
export class FramedStream {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private readonly waiting: { limit: number; resolve: (frame: Uint8Array) => void; reject: (error: Error) => void }[] = [];
  private readonly ready: Uint8Array[] = [];
  private failure: Error | undefined;
  private readonly stream: Duplex;
  /** The size limit for frames that arrive before anyone asks for them. */
  private limit: number;
  /** Runs while a frame is awaited: a peer that goes quiet is dropped. */
  private idle: ReturnType<typeof setTimeout> | undefined;

  private armIdle(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (this.waiting.length === 0 || this.failure) return;
    this.idle = setTimeout(() => this.fail(new ConnectionClosed('the other side went quiet')), IDLE_TIMEOUT_MS);
    this.idle.unref();
  }

  constructor(stream: Duplex, firstLimit: number) {
    this.stream = stream;
    this.limit = firstLimit;
    stream.on('data', (chunk: Buffer) => this.onData(new Uint8Array(chunk)));
    stream.on('close', () => this.fail(new ConnectionClosed('the other side closed the connection')));
    stream.on('error', (error: Error) => this.fail(error));
  }

  private header(): number | undefined {
    if (this.buffered < 4) return undefined;
    const head = this.chunks[0]!.length >= 4 ? this.chunks[0]! : concatBytes(this.chunks).subarray(0, 4);
    return new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  }

  private take(size: number): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concatBytes(this.chunks);
    const frame = all.slice(4, 4 + size);
    const rest = all.subarray(4 + size);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }

  private onData(chunk: Uint8Array): void {
    if (this.failure) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      const length = this.header();
      if (length === undefined) return;
      const limit = this.waiting[0]?.limit ?? this.limit;
      if (length > limit) return this.fail(new ProtocolViolation('frame too large'));
      if (this.buffered < 4 + length) return;
      const frame = this.take(length);
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(frame);
      else {
        this.ready.push(frame);
        if (this.ready.length >= MAX_BACKLOG) this.stream.pause();
      }
      this.armIdle();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    clearTimeout(this.idle);
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    this.stream.destroy();
  }

  send(frame: Uint8Array): void {
    if (this.failure) throw this.failure;
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, frame.length, true);
    this.stream.write(concatBytes([header, frame]));
  }

  /** Resolves once the stream has taken what was sent so far (a long series of frames waits here, not in memory). */
  drained(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        this.stream.off('drain', done);
        this.stream.off('close', closed);
      };
      const done = () => {
        stop();
        resolve();
      };
      const closed = () => {
        stop();
        reject(this.failure ?? new ConnectionClosed('the other side closed the connection'));
      };
      // A peer that stops reading what it asked for is dropped, rather than buffered for.
      const timer = setTimeout(() => {
        this.fail(new ConnectionClosed('the other side stopped reading'));
        closed();
      }, IDLE_TIMEOUT_MS);
      timer.unref();
      this.stream.once('drain', done);
      this.stream.once('close', closed);
    });
  }

  /** The next frame, at most `limit` bytes (a larger one drops the connection). */
  next(limit = MAX_DATA_FRAME): Promise<Uint8Array> {
    this.limit = MAX_DATA_FRAME;
    const frame = this.ready.shift();
    if (frame) {
      if (this.ready.length < MAX_BACKLOG) this.stream.resume();
      if (frame.length > limit) {
        this.fail(new ProtocolViolation('frame too large'));
        return Promise.reject(this.failure!);
      }
      return Promise.resolve(frame);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ limit, resolve, reject });
      this.armIdle();
    });
  }

  /** Ends the stream once what was sent has been written (a destroyed stream drops unsent data). */
  close(): void {
    clearTimeout(this.idle);
    if (this.failure) return;
    this.stream.end(() => this.stream.destroy());
  }
}

/** Encrypted request/answer frames over a framed stream. */
class SecureLink {
  private readonly frames: FramedStream;
  private readonly out: Sender;
  private readonly inbox: Receiver;

  constructor(frames: FramedStream, out: Sender, inbox: Receiver) {
    this.frames = frames;
    this.out = out;
    this.inbox = inbox;
  }

  static async open(sodium: Sodium, frames: FramedStream, keys: SessionKeys): Promise<SecureLink> {
    const out = sender(sodium, keys.send);
    frames.send(out.header);
    const inbox = receiver(sodium, keys.receive, await frames.next(STREAM_HEADER_SIZE));
    return new SecureLink(frames, out, inbox);
  }

  send(message: Uint8Array, final = false): void {
    this.frames.send(this.out.seal(message, final));
  }

  drained(): Promise<void> {
    return this.frames.drained();
  }

  async next(): Promise<{ plaintext: Uint8Array; final: boolean }> {
    return this.inbox.open(await this.frames.next());
  }

  async answer(): Promise<Uint8Array> {
    return (await this.next()).plaintext;
  }
}

const REQUEST = { summary: 1, generate: 2, receive: 3, bye: 4, hello: 5, files: 6, ahead: 7, apply: 8 } as const;
const STREAM_HEADER_SIZE = 24;

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

async function sendFiles(link: SecureLink, files: readonly VaultFile[]): Promise<void> {
  link.send(utf8(JSON.stringify(files.map((file) => ({ name: file.name, size: file.bytes.length })))));
  for (const file of files) {
    for (let at = 0; at < file.bytes.length; at += FILE_CHUNK) {
      link.send(file.bytes.subarray(at, at + FILE_CHUNK));
      await link.drained();
    }
  }
}

async function receiveFiles(link: SecureLink): Promise<VaultFile[]> {
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

async function serve(link: SecureLink, local: SyncEndpoint, onHello?: (listenPort: number) => void, exportFiles?: () => Promise<VaultFile[]>): Promise<void> {
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

export interface SyncPeerOptions {
  readonly sodium: Sodium;
  readonly identity: DeviceIdentity;
  readonly isPinned: IsPinned;
  /** This device's copy, for this run. */
  readonly local: SyncEndpoint;
}

/** A device never syncs with itself (a connection bounced back to it). */
const notMe = (identity: DeviceIdentity, isPinned: IsPinned): IsPinned => (key) => !bytesEqual(key, identity.signPublicKey) && isPinned(key);

function hello(listenPort: number | undefined): Uint8Array {
  const port = listenPort ?? 0;
  return Uint8Array.of(REQUEST.hello, port >> 8, port & 255);
}

/** Drives the sync of every differing shard over an open link, then ends the stream with bye. */
async function drive(link: SecureLink, local: SyncEndpoint, listenPort: number | undefined): Promise<SyncReport> {
  link.send(hello(listenPort));
  await link.answer();
  const report = await syncEndpoints(local, remoteEndpoint(link));
  link.send(Uint8Array.of(REQUEST.bye), true);
  return report;
}

/** Connects out to one paired device (its signing key): handshake, then drives the sync of every differing shard. */
export async function syncAsInitiator(stream: Duplex, options: SyncPeerOptions & { readonly peer: Uint8Array; readonly listenPort?: number }): Promise<SyncReport & { peer: Uint8Array }> {
  const frames = new FramedStream(stream, HANDSHAKE_SIZES.m2);
  try {
    const started = initiate(options.sodium, { mode: 'sync', identity: options.identity, peer: options.peer });
    frames.send(started.message);
    const finished = finishInitiator(options.sodium, started.state, await handshakeStep(() => frames.next(HANDSHAKE_SIZES.m2)), { identity: options.identity, isPinned: notMe(options.identity, options.isPinned) });
    frames.send(finished.message);
    const link = await handshakeStep(() => SecureLink.open(options.sodium, frames, finished.keys));
    const report = await drive(link, options.local, options.listenPort);
    return { ...report, peer: finished.keys.peer };
  } finally {
    frames.close();
  }
}

const MAX_DEVICE_NAME_BYTES = 256;
const MAX_VAULT_NAME_BYTES = 1024;
const HANDOVER_SIZE = VAULT_ID_SIZE + 32 + 32; // vault id, vault key, storage key
/** What the existing device sends a new one while the user decides (docs/sync.md, "Pairing"). */
const PAIRING = { intro: 1, waiting: 2, accepted: 3, declined: 4 } as const;
/** While the user compares codes, the new device hears this often that the question is still open (its idle limit is 30 s). */
const PAIRING_WAITING_MS = 10_000;
/** How long the user has to compare the codes and answer. */
export const PAIRING_DECISION_MS = 120_000;

/** The existing device's user said no to the new device (or did not answer in time). */
export class PairingDeclined extends Error {
  constructor() {
    super('the other device did not let this one join');
    this.name = 'PairingDeclined';
  }
}

/** What the new device asks, as the existing device's user sees it before deciding. */
export interface JoinRequest {
  readonly name: string;
  /** comparisonCode() of this handshake: the same six digits show on the new device. */
  readonly comparison: string;
}

/** While a pairing code is open: the window, and what admitting the new device does (pin it, hand over the key). */
export interface PairingResponder {
  readonly window: PairingWindow;
  /** The vault's name, told to the new device once it has proven the code (its user checks it is the right vault). */
  readonly vaultName: () => Promise<string>;
  /** Shows the request to the user; true once they let it join. Nothing of the vault's keys leaves before. */
  readonly ask: (request: JoinRequest, signal: AbortSignal) => Promise<boolean>;
  /** Pins the new device under the name it gave; returns the vault id and copies of the vault and storage keys to hand over. */
  readonly admit: (peer: Uint8Array, name: string) => Promise<{ vaultId: Uint8Array; vaultKey: Uint8Array; storageKey: Uint8Array }>;
  /** The vault's encrypted files, for the new device to start from. */
  readonly files: () => Promise<VaultFile[]>;
}

export interface AnswerOptions extends SyncPeerOptions {
  readonly pairing?: PairingResponder;
  /** Told once the other side has proven a paired device (or a pairing code); false: no room for it now, close. */
  readonly onProven?: (peer: Uint8Array) => boolean;
  /** The initiator's listening port, when it says (so it can be reached later). */
  readonly onHello?: (listenPort: number) => void;
}

/**
 * Answers a connection: a sync from a paired device (an unpinned or revoked one is refused in the
 * handshake), or, while a pairing code is open, a new device proving the code's secret: it is
 * pinned, gets the vault id and key, then pulls the vault through the same requests.
 */
export async function answerConnection(stream: Duplex, options: AnswerOptions): Promise<{ peer: Uint8Array; mode: 'sync' | 'pair' }> {
  const frames = new FramedStream(stream, HANDSHAKE_SIZES.m1);
  // Anyone on the network can connect: one that has not proven itself within a few seconds is dropped.
  const deadline = setTimeout(() => stream.destroy(), HANDSHAKE_TIMEOUT_MS);
  deadline.unref();
  try {
    const isPinned = notMe(options.identity, options.isPinned);
    const pairing = options.pairing?.window;
    const answer = respond(options.sodium, await strangerStep(() => frames.next(HANDSHAKE_SIZES.m1)), { identity: options.identity, isPinned, ...(pairing && { pairing }) });
    frames.send(answer.message);
    const keys = finishResponder(options.sodium, answer.state, await strangerStep(() => frames.next(HANDSHAKE_SIZES.m3)), { identity: options.identity, isPinned, ...(pairing && { pairing }) });
    if (options.onProven && !options.onProven(keys.peer)) throw new ConnectionClosed('no room for another device now');
    const link = await SecureLink.open(options.sodium, frames, keys);
    clearTimeout(deadline);
    if (answer.state.mode === 'pair') await handOver(stream, link, options.sodium, options.pairing!, keys);
    await serve(link, options.local, options.onHello, answer.state.mode === 'pair' ? options.pairing!.files : undefined);
    return { peer: keys.peer, mode: answer.state.mode };
  } finally {
    clearTimeout(deadline);
    frames.close();
  }
}

/**
 * The existing device's side of pairing after the handshake: hears the new device's name, tells it
 * the vault's name, asks the user (who matches the comparison code on both screens), and only then
 * pins the device and hands over the vault key.
 */
async function handOver(stream: Duplex, link: SecureLink, sodium: Sodium, pairing: PairingResponder, keys: SessionKeys): Promise<void> {
  const name = fromUtf8(await link.answer()).trim();
  if (name.length === 0 || utf8(name).length > MAX_DEVICE_NAME_BYTES) throw new ProtocolViolation('malformed device name');
  link.send(concatBytes([Uint8Array.of(PAIRING.intro), utf8(await pairing.vaultName())]));
  const stop = new AbortController();
  const waiting = setInterval(() => link.send(Uint8Array.of(PAIRING.waiting)), PAIRING_WAITING_MS);
  const deadline = setTimeout(() => stop.abort(), PAIRING_DECISION_MS);
  const gone = () => stop.abort(); // the new device gave up: the question goes away
  stream.once('close', gone);
  let accepted: boolean;
  try {
    accepted = await pairing.ask({ name, comparison: comparisonCode(sodium, keys.transcript) }, stop.signal);
  } finally {
    clearInterval(waiting);
    clearTimeout(deadline);
    stream.off('close', gone);
    stop.abort();
  }
  if (!accepted) {
    link.send(Uint8Array.of(PAIRING.declined), true);
    throw new PairingDeclined();
  }
  const handover = await pairing.admit(keys.peer, name);
  const message = concatBytes([Uint8Array.of(PAIRING.accepted), handover.vaultId, handover.vaultKey, handover.storageKey]);
  sodium.memzero(handover.vaultKey);
  sodium.memzero(handover.storageKey);
  link.send(message);
  sodium.memzero(message);
}

export interface JoinOptions {
  readonly sodium: Sodium;
  /** The new device's identity (the existing device pins it). */
  readonly identity: DeviceIdentity;
  readonly code: PairingCode;
  readonly deviceName: string;
  readonly listenPort?: number;
  /** The vault's name and the comparison code, for the join screen while the other device's user decides. */
  readonly onIntro?: (intro: { vaultName: string; comparison: string }) => void;
  /**
   * Given the vault id, the vault key and the storage key the files are under (keys owned by the
   * callee) and the vault's encrypted files as the other device holds them, returns this device's
   * copy made from them, which the sync then brings up to date.
   */
  readonly receive: (vaultId: Uint8Array, vaultKey: Uint8Array, storageKey: Uint8Array, files: readonly VaultFile[]) => Promise<SyncEndpoint>;
}

/** The new device's side of pairing: proves the code, names itself, receives the key, pulls the whole vault. */
export async function joinAsInitiator(stream: Duplex, options: JoinOptions): Promise<SyncReport & { peer: Uint8Array }> {
  const { sodium, code } = options;
  const frames = new FramedStream(stream, HANDSHAKE_SIZES.m2);
  try {
    const started = initiate(sodium, { mode: 'pair', identity: options.identity, secret: code.secret });
    frames.send(started.message);
    const isNamed: IsPinned = (key) => bytesEqual(keyFingerprint(sodium, key), code.fingerprint);
    const finished = finishInitiator(sodium, started.state, await handshakeStep(() => frames.next(HANDSHAKE_SIZES.m2)), { identity: options.identity, isPinned: notMe(options.identity, isNamed) });
    frames.send(finished.message);
    const link = await handshakeStep(() => SecureLink.open(sodium, frames, finished.keys));
    link.send(utf8(options.deviceName));
    const intro = await handshakeStep(() => link.answer());
    if (intro[0] !== PAIRING.intro || intro.length - 1 > MAX_VAULT_NAME_BYTES) throw new ProtocolViolation('malformed introduction');
    options.onIntro?.({ vaultName: fromUtf8(intro.subarray(1)), comparison: comparisonCode(sodium, finished.keys.transcript) });
    let decision = await handshakeStep(() => link.answer());
    while (decision.length === 1 && decision[0] === PAIRING.waiting) decision = await handshakeStep(() => link.answer());
    if (decision.length === 1 && decision[0] === PAIRING.declined) throw new PairingDeclined();
    if (decision[0] !== PAIRING.accepted || decision.length !== 1 + HANDOVER_SIZE) throw new ProtocolViolation('malformed hand-over');
    const handover = decision.subarray(1);
    link.send(Uint8Array.of(REQUEST.files));
    const files = await receiveFiles(link);
    const local = await options.receive(handover.slice(0, VAULT_ID_SIZE), handover.slice(VAULT_ID_SIZE, VAULT_ID_SIZE + 32), handover.slice(VAULT_ID_SIZE + 32), files);
    sodium.memzero(decision);
    const report = await drive(link, local, options.listenPort);
    return { ...report, peer: finished.keys.peer };
  } finally {
    frames.close();
  }
}
