/**
 * The sync handshake between two of the user's devices (docs/sync.md), protocol version 2: Noise
 * (noise.ts) over each device's identity, as pure steps over bytes, so any transport can carry it
 * and tests can tamper with every message. Nothing in it names the user, the vault or a device to
 * anyone watching: the only bytes in the clear are the version, the mode and ephemeral keys.
 *
 *   sync (the initiator knows which paired device it calls): Noise IK, then a confirmation
 *     M1  I → R  version ‖ mode ‖ e, es, s, ss + the initiator's signing key (encrypted)
 *     M2  R → I  e, ee, se                     (sent only once M1 proved a pinned device)
 *     M3  I → R  an empty message under the initiator's first transport key (a replayed M1 cannot make it)
 *   pair (the new device holds the code's one-time secret, and the fingerprint of the key it names):
 *     Noise XXpsk0 with the secret as the pre-shared key
 *     M1  I → R  version ‖ mode ‖ psk, e       (a wrong secret fails here: the responder answers nothing)
 *     M2  R → I  e, ee, s, es + the responder's signing key
 *     M3  I → R  s, se + the initiator's signing key
 *
 * Each device's Noise static key is the X25519 form of its Ed25519 signing key; a signing key sent
 * in a payload must be the one that static key came from, so the pinned identities are what the
 * handshake proves. The version and mode are in the prologue: changing them changes every key. There
 * is no negotiation to downgrade: a device refuses any other version (`wrong-version`).
 */
import type { Sodium } from '../crypto/sodium.ts';
import { bytesEqual, concatBytes, utf8 } from '../vault-format/bytes.ts';
import type { DeviceIdentity } from './identity.ts';
import { IK, NoiseError, NoiseHandshake, XX_PSK0, type CipherState, type KeyPair } from './noise.ts';

export const PROTOCOL_VERSION = 2;
const PROLOGUE_LABEL = utf8('enishi-sync');
const PAIRING_PSK_LABEL = utf8('enishi-pairing-psk');
const CHANNEL_LABEL = utf8('enishi-channel');
const KEY_SIZE = 32;
const TAG_SIZE = 16;

export type HandshakeMode = 'sync' | 'pair';
const MODE_BYTE: Record<HandshakeMode, number> = { sync: 1, pair: 2 };

export type HandshakeFailure =
  | 'malformed'
  | 'wrong-version'
  | 'unknown-device'
  | 'wrong-responder'
  | 'bad-signature'
  | 'bad-pairing-secret'
  | 'pairing-closed'
  /** Seen by the initiator: the other side closed the connection before the handshake ended (it refused). */
  | 'closed-by-peer';

export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
  readonly reason: HandshakeFailure;
  /** The signing key the other side proved, where it got that far (a replayed M1 proves nothing about who sends it now). */
  readonly claimed: Uint8Array | undefined;

  constructor(reason: HandshakeFailure, claimed?: Uint8Array) {
    super(`sync handshake refused: ${reason}`);
    this.reason = reason;
    this.claimed = claimed;
  }
}

export interface SessionKeys {
  /** Keys the channel (channel.ts) encrypts what this side sends with … */
  readonly send: Uint8Array;
  /** … and decrypts what it receives with. */
  readonly receive: Uint8Array;
  /** The other device's signing key, as proven in the handshake. */
  readonly peer: Uint8Array;
  /** The Noise handshake hash: both sides hold the same value, and only they (what a comparison code is made from). */
  readonly transcript: Uint8Array;
}

/** What the vault says about other devices: may this signing key sync? (paired and not revoked). */
export type IsPinned = (signPublicKey: Uint8Array) => boolean;

/** On the responder while a pairing code is open: checks (and uses up) the secret a new device proves. */
export interface PairingWindow {
  /** The code's one-time secret, or undefined once used or expired (or for an address shut out for guessing). */
  readonly secret: () => Uint8Array | undefined;
  /** Called once a new device has proven the secret: the code may not be used again. */
  readonly consume: () => void;
  /** Called when a device proves a wrong secret. */
  readonly wrongGuess: () => void;
}

const SYNC_M1 = 2 + 32 + (KEY_SIZE + TAG_SIZE) + (KEY_SIZE + TAG_SIZE);
const PAIR_M1 = 2 + 32 + TAG_SIZE;
const SYNC_M2 = 32 + TAG_SIZE;
const PAIR_M2 = 32 + (KEY_SIZE + TAG_SIZE) + (KEY_SIZE + TAG_SIZE);
const SYNC_M3 = TAG_SIZE;
const PAIR_M3 = KEY_SIZE + TAG_SIZE + (KEY_SIZE + TAG_SIZE);
/** The largest each message can be, for transports that must bound what they read before authentication. */
export const HANDSHAKE_SIZES = { m1: Math.max(SYNC_M1, PAIR_M1), m2: Math.max(SYNC_M2, PAIR_M2), m3: Math.max(SYNC_M3, PAIR_M3) } as const;

const prologue = (mode: HandshakeMode) => concatBytes([PROLOGUE_LABEL, Uint8Array.of(PROTOCOL_VERSION, MODE_BYTE[mode])]);

/** A device's Noise static key: the X25519 form of its Ed25519 identity. */
function staticKeyOf(sodium: Sodium, identity: DeviceIdentity): KeyPair {
  return { publicKey: sodium.crypto_sign_ed25519_pk_to_curve25519(identity.signPublicKey), privateKey: sodium.crypto_sign_ed25519_sk_to_curve25519(identity.signSecretKey) };
}

/** The X25519 form of a signing key, or undefined for bytes that are no Ed25519 point. */
function staticPublicOf(sodium: Sodium, signPublicKey: Uint8Array): Uint8Array | undefined {
  try {
    return sodium.crypto_sign_ed25519_pk_to_curve25519(signPublicKey);
  } catch {
    return undefined;
  }
}

/** A signing key from a payload, checked against the static key the handshake proved. */
function provenSigner(sodium: Sodium, payload: Uint8Array, remoteStatic: Uint8Array | undefined): Uint8Array | undefined {
  if (payload.length !== KEY_SIZE || !remoteStatic) return undefined;
  const derived = staticPublicOf(sodium, payload);
  return derived && bytesEqual(derived, remoteStatic) ? payload : undefined;
}

function pairingPsk(sodium: Sodium, secret: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(KEY_SIZE, PAIRING_PSK_LABEL, secret);
}

/** The channel's keys, one per direction, from the Noise transport keys (never used for anything else). */
function sessionKeys(send: CipherState, receive: CipherState, peer: Uint8Array, transcript: Uint8Array): SessionKeys {
  const keys = { send: send.deriveKey(CHANNEL_LABEL), receive: receive.deriveKey(CHANNEL_LABEL), peer, transcript };
  send.clear();
  receive.clear();
  return keys;
}

/** Runs a Noise step; its failures (a message that does not authenticate, a bad key) become this refusal. */
function noiseStep<T>(step: () => T, refusal: () => HandshakeError): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof NoiseError) throw refusal();
    throw error;
  }
}

// ---- initiator ------------------------------------------------------------------------------

export interface InitiatorState {
  readonly mode: HandshakeMode;
  readonly noise: NoiseHandshake;
  /** Sync: the device called. In IK, an M2 that authenticates proves it is the one answering. */
  readonly peer: Uint8Array | undefined;
}

export type InitiatorOptions =
  | { readonly mode: 'sync'; readonly identity: DeviceIdentity; /** The paired device this one calls (its signing key). */ readonly peer: Uint8Array }
  | { readonly mode: 'pair'; readonly identity: DeviceIdentity; /** The code's one-time secret. */ readonly secret: Uint8Array };

export function initiate(sodium: Sodium, options: InitiatorOptions): { state: InitiatorState; message: Uint8Array } {
  const s = staticKeyOf(sodium, options.identity);
  if (options.mode === 'sync') {
    const rs = staticPublicOf(sodium, options.peer);
    if (!rs) throw new RangeError('the peer’s key is no signing key');
    const noise = new NoiseHandshake(sodium, { pattern: IK, initiator: true, prologue: prologue('sync'), s, rs });
    const body = noise.writeMessage(options.identity.signPublicKey);
    return { state: { mode: 'sync', noise, peer: options.peer }, message: concatBytes([Uint8Array.of(PROTOCOL_VERSION, MODE_BYTE.sync), body]) };
  }
  const noise = new NoiseHandshake(sodium, { pattern: XX_PSK0, initiator: true, prologue: prologue('pair'), s, psk: pairingPsk(sodium, options.secret) });
  return { state: { mode: 'pair', noise, peer: undefined }, message: concatBytes([Uint8Array.of(PROTOCOL_VERSION, MODE_BYTE.pair), noise.writeMessage()]) };
}

export interface InitiatorFinish {
  readonly identity: DeviceIdentity;
  /** Sync: the vault's pinned devices. Pair: only the responder the pairing code names (by fingerprint). */
  readonly isPinned: IsPinned;
}

/** Checks M2; returns M3 and the session keys. */
export function finishInitiator(sodium: Sodium, state: InitiatorState, m2: Uint8Array, options: InitiatorFinish): { message: Uint8Array; keys: SessionKeys } {
  if (m2.length !== (state.mode === 'sync' ? SYNC_M2 : PAIR_M2)) throw new HandshakeError('malformed');
  const { noise } = state;
  // M2 authenticates only under the responder's static key: anyone else's fails here.
  const payload = noiseStep(() => noise.readMessage(m2), () => new HandshakeError(state.mode === 'pair' ? 'wrong-responder' : 'bad-signature'));
  if (state.mode === 'sync') {
    const peer = state.peer!;
    if (!options.isPinned(peer)) throw new HandshakeError('unknown-device');
    const done = noise.done!;
    const message = done.send.encryptWithAd(done.handshakeHash, new Uint8Array(0));
    return { message, keys: sessionKeys(done.send, done.receive, peer, done.handshakeHash) };
  }
  const responder = provenSigner(sodium, payload, noise.remoteStatic);
  if (!responder || !options.isPinned(responder)) throw new HandshakeError('wrong-responder');
  const message = noise.writeMessage(options.identity.signPublicKey);
  const done = noise.done!;
  return { message, keys: sessionKeys(done.send, done.receive, responder, done.handshakeHash) };
}

// ---- responder ------------------------------------------------------------------------------

export interface ResponderOptions {
  readonly identity: DeviceIdentity;
  readonly isPinned: IsPinned;
  /** Open while the user shows a pairing code; without it, pairing requests are refused. */
  readonly pairing?: PairingWindow;
}

export interface ResponderState {
  readonly mode: HandshakeMode;
  readonly noise: NoiseHandshake;
  /** Sync: the initiator's signing key, as M1 proved it (M3 proves it is not a replay). */
  readonly initiator: Uint8Array | undefined;
}

/** Checks M1; returns M2. */
export function respond(sodium: Sodium, m1: Uint8Array, options: ResponderOptions): { state: ResponderState; message: Uint8Array } {
  if (m1.length < 2) throw new HandshakeError('malformed');
  if (m1[0] !== PROTOCOL_VERSION) throw new HandshakeError('wrong-version');
  const mode: HandshakeMode | undefined = m1[1] === MODE_BYTE.sync ? 'sync' : m1[1] === MODE_BYTE.pair ? 'pair' : undefined;
  if (!mode || m1.length !== (mode === 'sync' ? SYNC_M1 : PAIR_M1)) throw new HandshakeError('malformed');
  const body = m1.subarray(2);
  const s = staticKeyOf(sodium, options.identity);
  if (mode === 'sync') {
    const noise = new NoiseHandshake(sodium, { pattern: IK, initiator: false, prologue: prologue('sync'), s });
    const payload = noiseStep(() => noise.readMessage(body), () => new HandshakeError('malformed'));
    const initiator = provenSigner(sodium, payload, noise.remoteStatic);
    if (!initiator) throw new HandshakeError('malformed');
    if (bytesEqual(initiator, options.identity.signPublicKey) || !options.isPinned(initiator)) throw new HandshakeError('unknown-device', initiator);
    return { state: { mode, noise, initiator }, message: noise.writeMessage() };
  }
  const secret = options.pairing?.secret();
  if (!secret) throw new HandshakeError('pairing-closed');
  const noise = new NoiseHandshake(sodium, { pattern: XX_PSK0, initiator: false, prologue: prologue('pair'), s, psk: pairingPsk(sodium, secret) });
  sodium.memzero(secret);
  noiseStep(
    () => noise.readMessage(body),
    () => {
      options.pairing!.wrongGuess();
      return new HandshakeError('bad-pairing-secret');
    },
  );
  return { state: { mode, noise, initiator: undefined }, message: noise.writeMessage(options.identity.signPublicKey) };
}

/** Checks M3; returns the session keys. When pairing, the code is used up here. */
export function finishResponder(sodium: Sodium, state: ResponderState, m3: Uint8Array, options: ResponderOptions): SessionKeys {
  if (m3.length !== (state.mode === 'sync' ? SYNC_M3 : PAIR_M3)) throw new HandshakeError('malformed', state.initiator);
  const { noise } = state;
  if (state.mode === 'sync') {
    const done = noise.done!;
    // Only the device that made M1 can seal this: a replayed M1 ends here.
    noiseStep(() => done.receive.decryptWithAd(done.handshakeHash, m3), () => new HandshakeError('bad-signature', state.initiator));
    // Pinned again at the end: a device revoked while the handshake ran gets nothing.
    if (!options.isPinned(state.initiator!)) throw new HandshakeError('unknown-device', state.initiator);
    return sessionKeys(done.send, done.receive, state.initiator!, done.handshakeHash);
  }
  const payload = noiseStep(() => noise.readMessage(m3), () => new HandshakeError('malformed'));
  const initiator = provenSigner(sodium, payload, noise.remoteStatic);
  if (!initiator || bytesEqual(initiator, options.identity.signPublicKey)) throw new HandshakeError('malformed');
  if (!options.pairing?.secret()) throw new HandshakeError('pairing-closed');
  options.pairing.consume();
  const done = noise.done!;
  return sessionKeys(done.send, done.receive, initiator, done.handshakeHash);
}
