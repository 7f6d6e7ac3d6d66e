/**
 * Pairing a new device (docs/sync.md): the code the existing device shows, and the window during
 * which it accepts that code. The code carries where to connect, the BLAKE2b-128 fingerprint of the
 * existing device's signing key (so the new device talks to that device and no other), and a
 * one-time 128-bit secret the new device proves in the handshake. It never carries the vault key.
 */
import { fail, ok, type Result } from '../api/result.ts';
import type { Sodium } from '../crypto/sodium.ts';
import { base32 } from '../domain/ids.ts';
import { checks, checkSymbol, CHECKED_CODE, CODE_DIGITS, normalizeTyped } from './checked-code.ts';
import type { PairingWindow } from './handshake.ts';

export const PAIRING_SECRET_SIZE = 16;
export const FINGERPRINT_SIZE = 16;
const CODE_VERSION = 1;
/** How long a code stays open, and how many wrong secrets it takes before it closes. */
export const PAIRING_CODE_LIFETIME_MS = 10 * 60_000;
/** Wrong secrets one address may prove before it is not heard on this code again (others still are). */
export const PAIRING_MAX_WRONG_GUESSES = 3;

export interface PairingCode {
  /** An IPv4 or IPv6 address (a code names no host names: nothing to resolve, nothing to spoof). */
  readonly host: string;
  readonly port: number;
  readonly fingerprint: Uint8Array;
  readonly secret: Uint8Array;
}

export function keyFingerprint(sodium: Sodium, signPublicKey: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(FINGERPRINT_SIZE, signPublicKey, null);
}

const GROUP = 5;

function fromBase32(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    buffer = (buffer << 5) | CODE_DIGITS.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

function addressBytes(host: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    return parts.every((part) => part <= 255) ? Uint8Array.of(4, ...parts) : undefined;
  }
  if (!host.includes(':')) return undefined;
  const [head = '', tail = '', ...extra] = host.split('::');
  if (extra.length > 0) return undefined;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const front = groupsOf(head);
  const back = groupsOf(tail);
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (missing > 0 && !host.includes('::'))) return undefined;
  const groups = [...front, ...Array<string>(missing).fill('0'), ...back];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const bytes = [6];
  for (const group of groups) {
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 255);
  }
  return Uint8Array.from(bytes);
}

function addressText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

export function isAddress(host: string): boolean {
  return addressBytes(host) !== undefined;
}

/** The code as a link (what the QR image holds): the app opens it as "join this vault" (issue 8's deep link). */
export const PAIRING_LINK_PREFIX = 'enishi://pair/';

export function pairingLink(code: string): string {
  return PAIRING_LINK_PREFIX + code;
}

/** The code as people see and type it: groups of five Crockford base32 characters, the last one a check. */
export function encodePairingCode(code: PairingCode): string {
  const address = addressBytes(code.host);
  if (!address) throw new RangeError('a pairing code names an IP address');
  if (code.fingerprint.length !== FINGERPRINT_SIZE || code.secret.length !== PAIRING_SECRET_SIZE) throw new RangeError('fingerprint and secret are 16 bytes each');
  const bytes = Uint8Array.from([CODE_VERSION, ...address, code.port >> 8, code.port & 255, ...code.fingerprint, ...code.secret]);
  const digits = base32(bytes).toUpperCase();
  const all = digits + checkSymbol(digits);
  return all.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** Reads a code as typed or pasted: any case, with or without dashes and spaces, O for 0 and I/L for 1. */
export function decodePairingCode(text: string): Result<PairingCode> {
  const normalized = normalizeTyped(text.trim().replace(/^enishi:\/\/pair\//i, ''));
  if (!CHECKED_CODE.test(normalized) || normalized.length > 200) return fail('pairing-code-malformed', 'this is not a pairing code');
  if (!checks(normalized)) return fail('pairing-code-mistyped', 'the pairing code has a typo (its check character does not match)');
  const digits = normalized.slice(0, -1);
  const bytes = fromBase32(digits);
  if (bytes[0] !== CODE_VERSION) return fail(bytes[0]! > CODE_VERSION ? 'made-by-newer-version' : 'pairing-code-malformed', 'the pairing code comes from another version of Enishi');
  const family = bytes[1];
  const addressSize = family === 4 ? 4 : family === 6 ? 16 : 0;
  const expected = 2 + addressSize + 2 + FINGERPRINT_SIZE + PAIRING_SECRET_SIZE;
  if (addressSize === 0 || bytes.length !== expected || base32(bytes).toUpperCase() !== digits) return fail('pairing-code-malformed', 'this is not a pairing code');
  let at = 2;
  const take = (size: number) => bytes.slice(at, (at += size));
  const host = addressText(take(addressSize));
  const [high = 0, low = 0] = take(2);
  return ok({ host, port: (high << 8) | low, fingerprint: take(FINGERPRINT_SIZE), secret: take(PAIRING_SECRET_SIZE) });
}

export type PairingWindowState = 'open' | 'used' | 'expired' | 'cancelled';

/** Addresses whose wrong guesses are remembered for one code (beyond it, the oldest are forgotten). */
const MAX_GUESSING_ADDRESSES = 4096;

/**
 * The existing device's side of one code: open until it is used, expires or is cancelled. Each
 * connection sees it through forAddress(): an address that proves wrong secrets a few times is not
 * heard on this code again, but a stranger's guesses never close it for the user's own device — at
 * 2^128 possible secrets, guessing is hopeless anyway; what was worth stopping is the denial.
 */
export class PairingCodeWindow {
  private readonly code: Uint8Array;
  readonly expiresAt: number;
  private readonly clock: () => number;
  private readonly wrongGuesses = new Map<string, number>();
  private ended: Exclude<PairingWindowState, 'open' | 'expired'> | undefined;

  constructor(secret: Uint8Array, options: { clock: () => number; lifetimeMs?: number }) {
    this.code = secret.slice();
    this.clock = options.clock;
    this.expiresAt = options.clock() + (options.lifetimeMs ?? PAIRING_CODE_LIFETIME_MS);
  }

  get state(): PairingWindowState {
    if (this.ended) return this.ended;
    return this.clock() >= this.expiresAt ? 'expired' : 'open';
  }

  /** The window as a connection from `address` sees it. */
  forAddress(address: string): PairingWindow {
    return {
      secret: () => (this.state === 'open' && (this.wrongGuesses.get(address) ?? 0) < PAIRING_MAX_WRONG_GUESSES ? this.code.slice() : undefined),
      consume: () => this.end('used'),
      wrongGuess: () => {
        const count = (this.wrongGuesses.get(address) ?? 0) + 1;
        this.wrongGuesses.delete(address); // re-inserted last: the oldest entries are the ones forgotten
        this.wrongGuesses.set(address, count);
        if (this.wrongGuesses.size > MAX_GUESSING_ADDRESSES) this.wrongGuesses.delete(this.wrongGuesses.keys().next().value!);
      },
    };
  }

  cancel(): void {
    this.end('cancelled');
  }

  /** Closes the window and wipes the secret (it is never needed again). */
  private end(how: Exclude<PairingWindowState, 'open' | 'expired'>): void {
    this.ended ??= how;
    this.code.fill(0);
  }
}

/**
 * The short code both screens show while a new device joins, for the user to match before the
 * existing device hands over any key: six digits from the Noise handshake hash both sides hold
 * (SessionKeys.transcript). A device in the middle would hold a different hash on each side, so the
 * codes would differ.
 */
export function comparisonCode(sodium: Sodium, transcript: Uint8Array): string {
  const digest = sodium.crypto_generichash(8, transcript, new TextEncoder().encode('enishi-pairing-compare'));
  const value = Number(new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, false) % 1_000_000n);
  const digits = String(value).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
