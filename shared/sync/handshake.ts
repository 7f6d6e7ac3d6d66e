/**
 * The sync handshake between two of the user's devices (DESIGN.md §4), as pure steps over bytes, so
 * any transport can carry it and tests can tamper with every message.
 *
 *   M1  initiator → responder: version, mode, vault id, initiator's signing key, ephemeral kx key, nonce
 *   M2  responder → initiator: responder's signing key, ephemeral kx key, nonce, signature over T2
 *   M3  initiator → responder: signature over T3 (and, when pairing, a MAC over T3 keyed by the code's secret)
 *
 * T2 = H("enishi-sync-v1" ‖ M1 ‖ M2 without its signature), T3 = H(T2 ‖ "initiator"). Each side signs
 * the whole transcript with its pinned identity, so a replayed or spliced message fails: the other
 * side's fresh ephemeral key and nonce are in what must be signed. Session keys come from crypto_kx
 * on the ephemeral keys, bound to the transcript, one per direction.
 *
 * Pinned means: listed among the vault's paired devices and not revoked. When pairing, the new device
 * is not pinned yet; it proves the one-time secret from the pairing code instead, and it checks that
 * the responder's key is the one the code names.
 */
import type { Sodium } from '../crypto/sodium.ts';
import { bytesEqual, concatBytes, utf8 } from '../vault-format/bytes.ts';
import type { DeviceIdentity } from './identity.ts';

export const PROTOCOL_VERSION = 1;
const PROTOCOL_LABEL = utf8('enishi-sync-v1');
const INITIATOR_LABEL = utf8('initiator');
const PAIRING_MAC_LABEL = utf8('enishi-pairing-mac');
export const VAULT_ID_SIZE = 16;
const KEY_SIZE = 32;
const NONCE_SIZE = 32;
const SIGNATURE_SIZE = 64;
const MAC_SIZE = 32;
const HASH_SIZE = 32;

export type HandshakeMode = 'sync' | 'pair';
const MODE_BYTE: Record<HandshakeMode, number> = { sync: 1, pair: 2 };

export type HandshakeFailure =
  | 'malformed'
  | 'wrong-version'
  | 'wrong-vault'
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
  /** The signing key the other side claimed, where it got that far (unproven unless its signature checked). */
  readonly claimed: Uint8Array | undefined;

  constructor(reason: HandshakeFailure, claimed?: Uint8Array) {
    super(`sync handshake refused: ${reason}`);
    this.reason = reason;
    this.claimed = claimed;
  }
}

export interface SessionKeys {
  /** Encrypts what this side sends. */
  readonly send: Uint8Array;
  /** Decrypts what this side receives. */
  readonly receive: Uint8Array;
  /** The other device's signing key, as proven in the handshake. */
  readonly peer: Uint8Array;
  /** Identifies this session (both sides hold the same value). */
  readonly transcript: Uint8Array;
}

/** What the vault says about other devices: may this signing key sync? (paired and not revoked). */
export type IsPinned = (signPublicKey: Uint8Array) => boolean;

/** On the responder while a pairing code is open: checks (and uses up) the secret a new device proves. */
export interface PairingWindow {
  /** The code's one-time secret, or undefined once used or expired. */
  readonly secret: () => Uint8Array | undefined;
  /** Called once a new device has proven the secret: the code may not be used again. */
  readonly consume: () => void;
  /** Called when a device proves a wrong secret (the window closes itself after a few). */
  readonly wrongGuess: () => void;
}

/** In pair mode the new device does not know the vault yet: M1 carries this in place of the vault id. */
export const PAIRING_VAULT_ID = new Uint8Array(VAULT_ID_SIZE);

const M1_SIZE = 1 + 1 + VAULT_ID_SIZE + KEY_SIZE + KEY_SIZE + NONCE_SIZE;
const M2_BODY_SIZE = KEY_SIZE + KEY_SIZE + NONCE_SIZE;
const M2_SIZE = M2_BODY_SIZE + SIGNATURE_SIZE;
/** The largest each message can be, for transports that must bound what they read before authentication. */
export const HANDSHAKE_SIZES = { m1: M1_SIZE, m2: M2_SIZE, m3: SIGNATURE_SIZE + MAC_SIZE } as const;

function fields(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(bytes.slice(at, at + size));
    at += size;
  }
  return parts;
}

function transcriptHash(sodium: Sodium, ...parts: Uint8Array[]): Uint8Array {
  return sodium.crypto_generichash(HASH_SIZE, concatBytes(parts), null);
}

/** The kx session keys, each hashed with the transcript, so keys never outlive the transcript they were agreed in. */
function bind(sodium: Sodium, key: Uint8Array, transcript: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(KEY_SIZE, key, transcript);
}

/** crypto_auth wants a 32-byte key; the code's secret is 16 bytes: stretched with a keyed hash. */
function pairingMacKey(sodium: Sodium, secret: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, PAIRING_MAC_LABEL, secret);
}

// ---- initiator ------------------------------------------------------------------------------

export interface InitiatorState {
  readonly m1: Uint8Array;
  readonly kx: { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array };
}

export interface InitiatorOptions {
  readonly identity: DeviceIdentity;
  readonly vaultId: Uint8Array;
  readonly mode: HandshakeMode;
}

export function initiate(sodium: Sodium, options: InitiatorOptions): { state: InitiatorState; message: Uint8Array } {
  if (options.vaultId.length !== VAULT_ID_SIZE) throw new RangeError('a vault id is 16 bytes');
  if (options.mode === 'pair' && !bytesEqual(options.vaultId, PAIRING_VAULT_ID)) throw new RangeError('a pairing handshake names no vault');
  const kx = sodium.crypto_kx_keypair();
  const m1 = concatBytes([Uint8Array.of(PROTOCOL_VERSION, MODE_BYTE[options.mode]), options.vaultId, options.identity.signPublicKey, kx.publicKey, sodium.randombytes_buf(NONCE_SIZE)]);
  return { state: { m1, kx }, message: m1 };
}

export interface InitiatorFinish {
  readonly identity: DeviceIdentity;
  /** Sync: the vault's pinned devices. Pair: only the responder the pairing code names. */
  readonly isPinned: IsPinned;
  /** Pair mode: the code's one-time secret. */
  readonly pairingSecret?: Uint8Array;
}

/** Checks M2; returns M3 and the session keys. */
export function finishInitiator(sodium: Sodium, state: InitiatorState, m2: Uint8Array, options: InitiatorFinish): { message: Uint8Array; keys: SessionKeys } {
  if (m2.length !== M2_SIZE) throw new HandshakeError('malformed');
  const [responderSign, responderKx, , signature] = fields(m2, [KEY_SIZE, KEY_SIZE, NONCE_SIZE, SIGNATURE_SIZE]) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (!options.isPinned(responderSign)) throw new HandshakeError(state.m1[1] === MODE_BYTE.pair ? 'wrong-responder' : 'unknown-device');
  const t2 = transcriptHash(sodium, PROTOCOL_LABEL, state.m1, m2.subarray(0, M2_BODY_SIZE));
  if (!sodium.crypto_sign_verify_detached(signature, t2, responderSign)) throw new HandshakeError('bad-signature');
  const t3 = transcriptHash(sodium, t2, INITIATOR_LABEL);
  const parts = [sodium.crypto_sign_detached(t3, options.identity.signSecretKey)];
  if (state.m1[1] === MODE_BYTE.pair) {
    if (!options.pairingSecret) throw new RangeError('pairing needs the code’s secret');
    parts.push(sodium.crypto_auth(t3, pairingMacKey(sodium, options.pairingSecret)));
  }
  let session: { sharedRx: Uint8Array; sharedTx: Uint8Array };
  try {
    session = sodium.crypto_kx_client_session_keys(state.kx.publicKey, state.kx.privateKey, responderKx);
  } catch {
    throw new HandshakeError('malformed');
  }
  return { message: concatBytes(parts), keys: { send: bind(sodium, session.sharedTx, t3), receive: bind(sodium, session.sharedRx, t3), peer: responderSign, transcript: t3 } };
}

// ---- responder ------------------------------------------------------------------------------

export interface ResponderOptions {
  readonly identity: DeviceIdentity;
  readonly vaultId: Uint8Array;
  readonly isPinned: IsPinned;
  /** Open while the user shows a pairing code; without it, pairing requests are refused. */
  readonly pairing?: PairingWindow;
}

export interface ResponderState {
  readonly t2: Uint8Array;
  readonly mode: HandshakeMode;
  readonly initiatorSign: Uint8Array;
  readonly session: { readonly sharedRx: Uint8Array; readonly sharedTx: Uint8Array };
}

/** Checks M1; returns M2. */
export function respond(sodium: Sodium, m1: Uint8Array, options: ResponderOptions): { state: ResponderState; message: Uint8Array } {
  if (m1.length !== M1_SIZE) throw new HandshakeError('malformed');
  if (m1[0] !== PROTOCOL_VERSION) throw new HandshakeError('wrong-version');
  const mode: HandshakeMode | undefined = m1[1] === MODE_BYTE.sync ? 'sync' : m1[1] === MODE_BYTE.pair ? 'pair' : undefined;
  if (!mode) throw new HandshakeError('malformed');
  const [, vaultId, initiatorSign, initiatorKx] = fields(m1, [2, VAULT_ID_SIZE, KEY_SIZE, KEY_SIZE, NONCE_SIZE]) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (mode === 'sync' && !bytesEqual(vaultId, options.vaultId)) throw new HandshakeError('wrong-vault');
  if (mode === 'pair' && !bytesEqual(vaultId, PAIRING_VAULT_ID)) throw new HandshakeError('malformed');
  if (mode === 'sync' && !options.isPinned(initiatorSign)) throw new HandshakeError('unknown-device', initiatorSign);
  if (mode === 'pair' && !options.pairing?.secret()) throw new HandshakeError('pairing-closed');
  const kx = sodium.crypto_kx_keypair();
  let session: { sharedRx: Uint8Array; sharedTx: Uint8Array };
  try {
    session = sodium.crypto_kx_server_session_keys(kx.publicKey, kx.privateKey, initiatorKx);
  } catch {
    throw new HandshakeError('malformed');
  }
  const body = concatBytes([options.identity.signPublicKey, kx.publicKey, sodium.randombytes_buf(NONCE_SIZE)]);
  const t2 = transcriptHash(sodium, PROTOCOL_LABEL, m1, body);
  const message = concatBytes([body, sodium.crypto_sign_detached(t2, options.identity.signSecretKey)]);
  return { state: { t2, mode, initiatorSign, session }, message };
}

/** Checks M3; returns the session keys. When pairing, the code is used up here. */
export function finishResponder(sodium: Sodium, state: ResponderState, m3: Uint8Array, options: Pick<ResponderOptions, 'isPinned' | 'pairing'>): SessionKeys {
  const expected = SIGNATURE_SIZE + (state.mode === 'pair' ? MAC_SIZE : 0);
  if (m3.length !== expected) throw new HandshakeError('malformed');
  const t3 = transcriptHash(sodium, state.t2, INITIATOR_LABEL);
  if (!sodium.crypto_sign_verify_detached(m3.subarray(0, SIGNATURE_SIZE), t3, state.initiatorSign)) throw new HandshakeError('bad-signature', state.initiatorSign);
  if (state.mode === 'sync') {
    // Pinned again at the end: a device revoked while the handshake ran gets nothing.
    if (!options.isPinned(state.initiatorSign)) throw new HandshakeError('unknown-device', state.initiatorSign);
  } else {
    const secret = options.pairing?.secret();
    if (!secret) throw new HandshakeError('pairing-closed');
    if (!sodium.crypto_auth_verify(m3.subarray(SIGNATURE_SIZE), t3, pairingMacKey(sodium, secret))) {
      options.pairing!.wrongGuess();
      throw new HandshakeError('bad-pairing-secret');
    }
    options.pairing!.consume();
  }
  return { send: bind(sodium, state.session.sharedTx, t3), receive: bind(sodium, state.session.sharedRx, t3), peer: state.initiatorSign, transcript: t3 };
}
