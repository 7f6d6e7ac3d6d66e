/**
 * What a device advertises on the LAN (mDNS) so its paired devices can find it: a tag only they can
 * compute — a keyed hash of its signing key and the current hour under the vault's discovery subkey.
 * Anyone else sees a random name that changes every hour: not who, not which vault, not the same
 * device from one hour to the next.
 */
import type { Sodium } from '../crypto/sodium.ts';
import { concatBytes } from '../vault-format/bytes.ts';

const HOUR_MS = 3_600_000;
const TAG_BYTES = 10;

export function discoveryTag(sodium: Sodium, key: Uint8Array, signPublicKey: Uint8Array, at: number): string {
  const hour = Math.floor(at / HOUR_MS);
  const hourBytes = new Uint8Array(4);
  new DataView(hourBytes.buffer).setUint32(0, hour, true);
  return `e${sodium.to_hex(sodium.crypto_generichash(TAG_BYTES, concatBytes([signPublicKey, hourBytes]), key))}`;
}

/** Whether an advertised name is this device's tag now or in the hour before (clocks differ a little). */
export function isTagOf(sodium: Sodium, key: Uint8Array, signPublicKey: Uint8Array, name: string, at: number): boolean {
  return name === discoveryTag(sodium, key, signPublicKey, at) || name === discoveryTag(sodium, key, signPublicKey, at - HOUR_MS) || name === discoveryTag(sodium, key, signPublicKey, at + HOUR_MS);
}

export const DISCOVERY_ROTATION_MS = HOUR_MS;
