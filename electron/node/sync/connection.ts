/**
 * A connection between devices over one byte stream (a TCP socket on the LAN, or anything duplex):
 * framed (secure-link.ts), the Noise handshake (handshake.ts: nothing in it names the vault or a
 * device), then one encrypted channel per direction carrying either a sync between paired devices
 * (sync-requests.ts) or a pairing: the joining device's introduction, the user's answer on the
 * existing device, and the hand-over of the vault.
 */
import type { Duplex } from 'node:stream';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { finishInitiator, finishResponder, HANDSHAKE_SIZES, HandshakeError, initiate, respond, type IsPinned, type PairingWindow, type SessionKeys } from '../../../shared/sync/handshake.ts';
import { comparisonCode, keyFingerprint, type PairingCode } from '../../../shared/sync/pairing.ts';
import type { DeviceIdentity } from '../../../shared/sync/identity.ts';
import { bytesEqual, concatBytes, fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import type { SyncEndpoint, SyncReport } from './shard-sync.ts';
import { ConnectionClosed, FramedStream, ProtocolViolation, SecureLink } from './secure-link.ts';
import { drive, receiveFiles, REQUEST, serve, type VaultFile } from './sync-requests.ts';

/** From connecting to a proven identity, at most this long (a stranger sending a byte at a time is dropped by then). */
const HANDSHAKE_TIMEOUT_MS = 3_000;

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

export interface SyncPeerOptions {
  readonly sodium: Sodium;
  readonly identity: DeviceIdentity;
  readonly isPinned: IsPinned;
  /** This device's copy, for this run. */
  readonly local: SyncEndpoint;
}

/** A device never syncs with itself (a connection bounced back to it). */
const notMe = (identity: DeviceIdentity, isPinned: IsPinned): IsPinned => (key) => !bytesEqual(key, identity.signPublicKey) && isPinned(key);

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
