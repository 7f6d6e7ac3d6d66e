/**
 * The bytes under a sync: length-prefixed frames over one duplex stream (FramedStream), and the
 * encrypted request/answer channel over them once the handshake has given the keys (SecureLink).
 */
import type { Duplex } from 'node:stream';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { receiver, sender, type Receiver, type Sender } from '../../../shared/sync/channel.ts';
import { type SessionKeys } from '../../../shared/sync/handshake.ts';
import { concatBytes } from '../../../shared/vault-format/bytes.ts';

/** Larger than any Automerge sync message of a shard (a shard's file stays under ~1 MiB; docs/bench.md). */
export const MAX_DATA_FRAME = 16 * 1024 * 1024;
/** Frames read but not yet asked for, before the stream is paused. */
export const MAX_BACKLOG = 16;
/** A peer that says nothing for this long is dropped. */
export const IDLE_TIMEOUT_MS = 30_000;

export class ConnectionClosed extends Error {
  override readonly name: string = 'ConnectionClosed';
}

/** The other side sent something this protocol never sends: worth logging, like a refused handshake. */
export class ProtocolViolation extends ConnectionClosed {
  override readonly name = 'ProtocolViolation';
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

const STREAM_HEADER_SIZE = 24;

/** Encrypted request/answer frames over a framed stream. */
export class SecureLink {
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
