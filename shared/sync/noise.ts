/**
 * The Noise Protocol Framework (revision 34, noiseprotocol.org/noise.html), the parts this app uses:
 * handshake patterns IK and XXpsk0 over 25519 / ChaChaPoly / BLAKE2b, on libsodium's primitives.
 * Written from the specification and held to its community's known-answer vectors (noise.test.ts).
 * No I/O: messages are bytes in and out, so any transport can carry them and tests can tamper with
 * every one.
 */
import type { Sodium } from '../crypto/sodium.ts';
import { concatBytes, utf8 } from '../vault-format/bytes.ts';

const DH_LEN = 32;
const HASH_LEN = 64;
const BLOCK_LEN = 128;
const KEY_LEN = 32;
const TAG_LEN = 16;
/** Noise caps every message at 65535 bytes. */
export const NOISE_MAX_MESSAGE = 65_535;

export class NoiseError extends Error {
  override readonly name = 'NoiseError';
}

export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

type Token = 'e' | 's' | 'ee' | 'es' | 'se' | 'ss' | 'psk';

export interface HandshakePattern {
  readonly name: string;
  /** Pre-messages: what the responder's (or initiator's) static key is known as before the first message. */
  readonly responderPreMessage: boolean;
  readonly messages: readonly (readonly Token[])[];
}

export const IK: HandshakePattern = { name: 'IK', responderPreMessage: true, messages: [['e', 'es', 's', 'ss'], ['e', 'ee', 'se']] };
export const XX_PSK0: HandshakePattern = { name: 'XXpsk0', responderPreMessage: false, messages: [['psk', 'e'], ['e', 'ee', 's', 'es'], ['s', 'se']] };

export const protocolName = (pattern: HandshakePattern) => `Noise_${pattern.name}_25519_ChaChaPoly_BLAKE2b`;

function hash(sodium: Sodium, data: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(HASH_LEN, data, null);
}

/** HMAC over BLAKE2b (RFC 2104 with a 128-byte block), as Noise's HKDF wants — not BLAKE2b's keyed mode. */
function hmac(sodium: Sodium, key: Uint8Array, data: Uint8Array): Uint8Array {
  const block = new Uint8Array(BLOCK_LEN);
  block.set(key.length > BLOCK_LEN ? hash(sodium, key) : key);
  const inner = block.map((byte) => byte ^ 0x36);
  const outer = block.map((byte) => byte ^ 0x5c);
  return hash(sodium, concatBytes([outer, hash(sodium, concatBytes([inner, data]))]));
}

function hkdf(sodium: Sodium, chainingKey: Uint8Array, input: Uint8Array, outputs: 2 | 3): Uint8Array[] {
  const temp = hmac(sodium, chainingKey, input);
  const first = hmac(sodium, temp, Uint8Array.of(1));
  const second = hmac(sodium, temp, concatBytes([first, Uint8Array.of(2)]));
  if (outputs === 2) return [first, second];
  return [first, second, hmac(sodium, temp, concatBytes([second, Uint8Array.of(3)]))];
}

/** ChaChaPoly with Noise's nonce: 32 zero bits, then the counter as 64 bits little-endian. */
function nonceOf(n: bigint): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(4, n, true);
  return nonce;
}

/** A key and its counter (Noise's CipherState). */
export class CipherState {
  private key: Uint8Array | undefined;
  private n = 0n;
  private readonly sodium: Sodium;

  constructor(sodium: Sodium, key?: Uint8Array) {
    this.sodium = sodium;
    this.key = key;
  }

  get hasKey(): boolean {
    return this.key !== undefined;
  }

  initializeKey(key: Uint8Array): void {
    this.key = key;
    this.n = 0n;
  }

  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (!this.key) return plaintext;
    if (this.n === 2n ** 64n - 1n) throw new NoiseError('nonce exhausted');
    const ciphertext = this.sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plaintext, ad, null, nonceOf(this.n), this.key);
    this.n++;
    return ciphertext;
  }

  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    if (!this.key) return ciphertext;
    if (this.n === 2n ** 64n - 1n) throw new NoiseError('nonce exhausted');
    let plaintext: Uint8Array;
    try {
      plaintext = this.sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonceOf(this.n), this.key);
    } catch {
      throw new NoiseError('a message failed authentication');
    }
    this.n++;
    return plaintext;
  }

  /** A key for another use, derived from this one (BLAKE2b keyed by it); the counter is not touched. */
  deriveKey(label: Uint8Array): Uint8Array {
    if (!this.key) throw new NoiseError('no key to derive from');
    return this.sodium.crypto_generichash(KEY_LEN, label, this.key);
  }

  /** Zeroes the key. */
  clear(): void {
    if (this.key) this.sodium.memzero(this.key);
    this.key = undefined;
  }
}

class SymmetricState {
  private readonly sodium: Sodium;
  readonly cipher: CipherState;
  private ck: Uint8Array;
  h: Uint8Array;

  constructor(sodium: Sodium, name: string) {
    this.sodium = sodium;
    const bytes = utf8(name);
    if (bytes.length <= HASH_LEN) {
      this.h = new Uint8Array(HASH_LEN);
      this.h.set(bytes);
    } else {
      this.h = hash(sodium, bytes);
    }
    this.ck = this.h.slice();
    this.cipher = new CipherState(sodium);
  }

  mixKey(input: Uint8Array): void {
    const [ck, temp] = hkdf(this.sodium, this.ck, input, 2) as [Uint8Array, Uint8Array];
    this.ck = ck;
    this.cipher.initializeKey(temp.slice(0, KEY_LEN));
  }

  mixHash(data: Uint8Array): void {
    this.h = hash(this.sodium, concatBytes([this.h, data]));
  }

  mixKeyAndHash(input: Uint8Array): void {
    const [ck, tempH, tempK] = hkdf(this.sodium, this.ck, input, 3) as [Uint8Array, Uint8Array, Uint8Array];
    this.ck = ck;
    this.mixHash(tempH);
    this.cipher.initializeKey(tempK.slice(0, KEY_LEN));
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext = this.cipher.encryptWithAd(this.h, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const plaintext = this.cipher.decryptWithAd(this.h, ciphertext);
    this.mixHash(ciphertext);
    return plaintext;
  }

  split(): [CipherState, CipherState] {
    const [first, second] = hkdf(this.sodium, this.ck, new Uint8Array(0), 2) as [Uint8Array, Uint8Array];
    this.sodium.memzero(this.ck);
    this.cipher.clear();
    return [new CipherState(this.sodium, first.slice(0, KEY_LEN)), new CipherState(this.sodium, second.slice(0, KEY_LEN))];
  }
}

export interface HandshakeOptions {
  readonly pattern: HandshakePattern;
  readonly initiator: boolean;
  readonly prologue: Uint8Array;
  /** This side's static key pair (X25519), for patterns that have one. */
  readonly s?: KeyPair;
  /** The other side's static public key, where the pattern has it known in advance (IK's responder). */
  readonly rs?: Uint8Array;
  /** The pre-shared key (32 bytes) of psk patterns. */
  readonly psk?: Uint8Array;
  /** A fixed ephemeral key pair: for known-answer tests only. */
  readonly e?: KeyPair;
}

/** The result once the last message is through: a cipher per direction, and the handshake hash (a transcript both sides share). */
export interface HandshakeResult {
  readonly send: CipherState;
  readonly receive: CipherState;
  readonly handshakeHash: Uint8Array;
}

/** One side of a Noise handshake (Noise's HandshakeState). */
export class NoiseHandshake {
  private readonly sodium: Sodium;
  private readonly options: HandshakeOptions;
  private readonly symmetric: SymmetricState;
  private e: KeyPair | undefined;
  private re: Uint8Array | undefined;
  private rs: Uint8Array | undefined;
  private step = 0;
  private result: HandshakeResult | undefined;

  constructor(sodium: Sodium, options: HandshakeOptions) {
    this.sodium = sodium;
    this.options = options;
    this.symmetric = new SymmetricState(sodium, protocolName(options.pattern));
    this.symmetric.mixHash(options.prologue);
    this.rs = options.rs;
    if (options.pattern.responderPreMessage) {
      const responderStatic = options.initiator ? options.rs : options.s?.publicKey;
      if (!responderStatic) throw new RangeError(`${options.pattern.name} needs the responder's static key in advance`);
      this.symmetric.mixHash(responderStatic);
    }
  }

  /** Whether it is this side's turn to write. */
  get writing(): boolean {
    return this.step % 2 === (this.options.initiator ? 0 : 1);
  }

  get done(): HandshakeResult | undefined {
    return this.result;
  }

  /** The other side's static public key, once a message has carried (or the pattern known) it. */
  get remoteStatic(): Uint8Array | undefined {
    return this.rs;
  }

  private get hasPsk(): boolean {
    return this.options.pattern.messages.some((tokens) => tokens.includes('psk'));
  }

  private dh(privateKey: Uint8Array | undefined, publicKey: Uint8Array | undefined): Uint8Array {
    if (!privateKey || !publicKey) throw new NoiseError('a key the pattern needs is missing');
    try {
      return this.sodium.crypto_scalarmult(privateKey, publicKey);
    } catch {
      throw new NoiseError('a public key of low order'); // libsodium refuses an all-zero shared secret
    }
  }

  private mix(token: 'ee' | 'es' | 'se' | 'ss'): void {
    const { initiator, s } = this.options;
    const e = this.e?.privateKey;
    const keys = { ee: [e, this.re], ss: [s?.privateKey, this.rs], es: initiator ? [e, this.rs] : [s?.privateKey, this.re], se: initiator ? [s?.privateKey, this.re] : [e, this.rs] } as const;
    const [privateKey, publicKey] = keys[token];
    const shared = this.dh(privateKey, publicKey);
    this.symmetric.mixKey(shared);
    this.sodium.memzero(shared);
  }

  private tokens(): readonly Token[] {
    const tokens = this.options.pattern.messages[this.step];
    if (!tokens || this.result) throw new NoiseError('the handshake is over');
    return tokens;
  }

  writeMessage(payload: Uint8Array = new Uint8Array(0)): Uint8Array {
    if (!this.writing) throw new NoiseError('not this side’s turn to write');
    const parts: Uint8Array[] = [];
    for (const token of this.tokens()) {
      if (token === 'e') {
        this.e = this.options.e ?? this.sodium.crypto_box_keypair();
        parts.push(this.e.publicKey);
        this.symmetric.mixHash(this.e.publicKey);
        if (this.hasPsk) this.symmetric.mixKey(this.e.publicKey);
      } else if (token === 's') {
        if (!this.options.s) throw new NoiseError('a static key the pattern needs is missing');
        parts.push(this.symmetric.encryptAndHash(this.options.s.publicKey));
      } else if (token === 'psk') {
        if (this.options.psk?.length !== KEY_LEN) throw new NoiseError('the pattern needs a 32-byte pre-shared key');
        this.symmetric.mixKeyAndHash(this.options.psk);
      } else this.mix(token);
    }
    parts.push(this.symmetric.encryptAndHash(payload));
    const message = concatBytes(parts);
    if (message.length > NOISE_MAX_MESSAGE) throw new NoiseError('message too long');
    this.advance();
    return message;
  }

  readMessage(message: Uint8Array): Uint8Array {
    if (this.writing) throw new NoiseError('not this side’s turn to read');
    if (message.length > NOISE_MAX_MESSAGE) throw new NoiseError('message too long');
    let at = 0;
    const take = (size: number) => {
      if (message.length - at < size) throw new NoiseError('message too short');
      const bytes = message.slice(at, at + size);
      at += size;
      return bytes;
    };
    for (const token of this.tokens()) {
      if (token === 'e') {
        this.re = take(DH_LEN);
        this.symmetric.mixHash(this.re);
        if (this.hasPsk) this.symmetric.mixKey(this.re);
      } else if (token === 's') {
        this.rs = this.symmetric.decryptAndHash(take(this.symmetric.cipher.hasKey ? DH_LEN + TAG_LEN : DH_LEN));
      } else if (token === 'psk') {
        if (this.options.psk?.length !== KEY_LEN) throw new NoiseError('the pattern needs a 32-byte pre-shared key');
        this.symmetric.mixKeyAndHash(this.options.psk);
      } else this.mix(token);
    }
    const rest = message.subarray(at);
    if (this.symmetric.cipher.hasKey && rest.length < TAG_LEN) throw new NoiseError('message too short');
    const payload = this.symmetric.decryptAndHash(rest);
    this.advance();
    return payload;
  }

  private advance(): void {
    this.step++;
    if (this.step < this.options.pattern.messages.length) return;
    const handshakeHash = this.symmetric.h.slice();
    const [first, second] = this.symmetric.split();
    this.result = { send: this.options.initiator ? first : second, receive: this.options.initiator ? second : first, handshakeHash };
    if (this.e) this.sodium.memzero(this.e.privateKey);
  }
}
