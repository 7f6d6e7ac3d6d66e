/**
 * A sync over one byte stream (a TCP socket on the LAN, or anything duplex): length-prefixed frames;
 * the handshake in the clear (it reveals public keys only); then everything through one encrypted
 * channel per direction, as small requests from the initiator that the responder answers
 * (summary, generate, receive) — so the initiator drives syncEndpoints() and each side keeps its own
 * sync states.
 */
import type { Duplex } from 'node:stream';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { receiver, sender, type Receiver, type Sender } from '../../../shared/sync/channel.ts';
import { finishInitiator, finishResponder, initiate, respond, type IsPinned, type PairingWindow, type SessionKeys } from '../../../shared/sync/handshake.ts';
import type { DeviceIdentity } from '../../../shared/sync/identity.ts';
import { concatBytes, fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import { syncEndpoints, type SyncEndpoint, type SyncReport } from './shard-sync.ts';

const MAX_FRAME = 64 * 1024 * 1024;

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

/** u32 (little-endian) length, then the frame. */
export class FramedStream {
  private buffered: Uint8Array = new Uint8Array(0);
  private readonly waiting: { resolve: (frame: Uint8Array) => void; reject: (error: Error) => void }[] = [];
  private readonly ready: Uint8Array[] = [];
  private failure: Error | undefined;
  private readonly stream: Duplex;

  constructor(stream: Duplex) {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.onData(new Uint8Array(chunk)));
    stream.on('close', () => this.fail(new ConnectionClosed('the other side closed the connection')));
    stream.on('error', (error: Error) => this.fail(error));
  }

  private onData(chunk: Uint8Array): void {
    this.buffered = concatBytes([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = new DataView(this.buffered.buffer, this.buffered.byteOffset, 4).getUint32(0, true);
      if (length > MAX_FRAME) return this.fail(new ConnectionClosed('frame too large'));
      if (this.buffered.length < 4 + length) return;
      const frame = this.buffered.slice(4, 4 + length);
      this.buffered = this.buffered.slice(4 + length);
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(frame);
      else this.ready.push(frame);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    this.stream.destroy();
  }

  send(frame: Uint8Array): void {
    if (this.failure) throw this.failure;
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, frame.length, true);
    this.stream.write(concatBytes([header, frame]));
  }

  next(): Promise<Uint8Array> {
    const frame = this.ready.shift();
    if (frame) return Promise.resolve(frame);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  close(): void {
    this.stream.end();
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
    const inbox = receiver(sodium, keys.receive, await frames.next());
    return new SecureLink(frames, out, inbox);
  }

  send(message: Uint8Array): void {
    this.frames.send(this.out.seal(message));
  }

  async next(): Promise<Uint8Array> {
    return this.inbox.open(await this.frames.next()).plaintext;
  }
}

const REQUEST = { summary: 1, generate: 2, receive: 3, bye: 4 } as const;

function withId(type: number, id: ShardId, rest: Uint8Array = new Uint8Array(0)): Uint8Array {
  const idBytes = utf8(id);
  return concatBytes([Uint8Array.of(type, idBytes.length), idBytes, rest]);
}

function readId(message: Uint8Array): { id: ShardId; rest: Uint8Array } {
  const length = message[1]!;
  return { id: fromUtf8(message.subarray(2, 2 + length)) as ShardId, rest: message.subarray(2 + length) };
}

/** The responder's copy, as the initiator sees it over the link. */
function remoteEndpoint(link: SecureLink): SyncEndpoint {
  return {
    async summary() {
      link.send(Uint8Array.of(REQUEST.summary));
      const heads = JSON.parse(fromUtf8(await link.next())) as Record<string, string[]>;
      return new Map(Object.entries(heads) as [ShardId, string[]][]);
    },
    async generate(id) {
      link.send(withId(REQUEST.generate, id));
      const answer = await link.next();
      return answer[0] === 1 ? answer.slice(1) : null;
    },
    async receive(id, message) {
      link.send(withId(REQUEST.receive, id, message));
      await link.next();
    },
  };
}

async function serve(link: SecureLink, local: SyncEndpoint): Promise<void> {
  for (;;) {
    const request = await link.next();
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
      case REQUEST.bye:
        return;
      case undefined:
      default:
        throw new ConnectionClosed('unknown request');
    }
  }
}

export interface SyncPeerOptions {
  readonly sodium: Sodium;
  readonly identity: DeviceIdentity;
  readonly vaultId: Uint8Array;
  readonly isPinned: IsPinned;
  /** This device's copy, for this run. */
  readonly local: SyncEndpoint;
}

/** Connects out: handshake, then drives the sync of every differing shard. */
export async function syncAsInitiator(stream: Duplex, options: SyncPeerOptions): Promise<SyncReport & { peer: Uint8Array }> {
  const frames = new FramedStream(stream);
  try {
    const started = initiate(options.sodium, { identity: options.identity, vaultId: options.vaultId, mode: 'sync' });
    frames.send(started.message);
    const finished = finishInitiator(options.sodium, started.state, await frames.next(), { identity: options.identity, isPinned: options.isPinned });
    frames.send(finished.message);
    const link = await SecureLink.open(options.sodium, frames, finished.keys);
    const report = await syncEndpoints(options.local, remoteEndpoint(link));
    link.send(Uint8Array.of(REQUEST.bye));
    return { ...report, peer: finished.keys.peer };
  } finally {
    frames.close();
  }
}

/** Answers a connection: handshake (an unpinned or revoked device is refused here), then serves its requests. */
export async function syncAsResponder(stream: Duplex, options: SyncPeerOptions & { readonly pairing?: PairingWindow }): Promise<{ peer: Uint8Array }> {
  const frames = new FramedStream(stream);
  try {
    const answer = respond(options.sodium, await frames.next(), { identity: options.identity, vaultId: options.vaultId, isPinned: options.isPinned, ...(options.pairing && { pairing: options.pairing }) });
    frames.send(answer.message);
    const keys = finishResponder(options.sodium, answer.state, await frames.next(), { isPinned: options.isPinned, ...(options.pairing && { pairing: options.pairing }) });
    const link = await SecureLink.open(options.sodium, frames, keys);
    await serve(link, options.local);
    return { peer: keys.peer };
  } finally {
    frames.close();
  }
}
