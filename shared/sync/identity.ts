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

/**
 * The device's code: 12 Crockford base32 characters of the BLAKE2b hash of its signing key (60 bits)
 * and a mod-37 check character, in groups of four — "7K2M-Q9TA-XW4R-B" — so a mistyped or misread
 * character is caught.
 */
export function deviceCode(sodium: Sodium, signPublicKey: Uint8Array): string {
  const hash = sodium.crypto_generichash(8, signPublicKey, null);
  let value = 0n;
  for (const byte of hash) value = (value << 8n) | BigInt(byte);
  value >>= 4n; // 60 bits
  let digits = '';
  for (let i = 0; i < 12; i++) {
    digits = CODE_DIGITS[Number(value & 31n)]! + digits;
    value >>= 5n;
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${checkSymbol(digits)}`;
}

/** Whether a code as typed (any case, with or without dashes, O for 0, I/L for 1) is well formed and its check matches. */
export function isValidDeviceCode(code: string): boolean {
  const normalized = normalizeTyped(code);
  return normalized.length === 13 && checks(normalized);
}
