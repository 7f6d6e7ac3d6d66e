/**
 * A device's identity for sync between the user's own devices: an Ed25519 key that signs handshakes
 * (pinned by the other devices when paired), and a short, checked code people compare by eye.
 */
import type { Sodium } from '../crypto/sodium.ts';
import { checks, checkSymbol, CODE_DIGITS, normalizeTyped } from './checked-code.ts';

export interface DeviceIdentity {
  readonly signPublicKey: Uint8Array;
  readonly signSecretKey: Uint8Array;
}

export function newDeviceIdentity(sodium: Sodium): DeviceIdentity {
  const { publicKey, privateKey } = sodium.crypto_sign_keypair();
  return { signPublicKey: publicKey, signSecretKey: privateKey };
}

/** Hash digits in a device code: 20 base32 characters, 100 bits, as many as a person can still compare. */
const DEVICE_CODE_DIGITS = 20;

/**
 * The device's code: 20 Crockford base32 characters of the BLAKE2b hash of its signing key (100
 * bits: no one can make a key whose code matches another's) and a mod-37 check character, in groups
 * of four — "7K2M-Q9TA-XW4R-B2C4-D5E6-K" — so a mistyped or misread character is caught.
 */
export function deviceCode(sodium: Sodium, signPublicKey: Uint8Array): string {
  const hash = sodium.crypto_generichash(13, signPublicKey, null);
  let value = 0n;
  for (const byte of hash) value = (value << 8n) | BigInt(byte);
  value >>= 4n; // 104 bits → 100
  let digits = '';
  for (let i = 0; i < DEVICE_CODE_DIGITS; i++) {
    digits = CODE_DIGITS[Number(value & 31n)]! + digits;
    value >>= 5n;
  }
  const groups = digits.match(/.{4}/g)!;
  return `${groups.join('-')}-${checkSymbol(digits)}`;
}

/** Whether a code as typed (any case, with or without dashes, O for 0, I/L for 1) is well formed and its check matches. */
export function isValidDeviceCode(code: string): boolean {
  const normalized = normalizeTyped(code);
  return normalized.length === DEVICE_CODE_DIGITS + 1 && checks(normalized);
}
