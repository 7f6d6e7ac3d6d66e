/**
 * Sharing keys (docs/sync.md): what protects data in transit through a shared folder, and the LAN
 * discovery tags. Epoch 0 is derived from the vault key. Rotating — after revoking a device — makes a
 * new random key for the next epoch and grants it to each remaining device only: sealed (libsodium
 * crypto_box_seal) to the X25519 form of that device's signing key, so the grants can travel
 * anywhere (the root shard, a shared folder) and a revoked device, which still holds the vault key,
 * cannot open them.
 */
import type { Sodium } from '../crypto/sodium.ts';
import type { DeviceIdentity } from './identity.ts';

export const SHARING_KEY_SIZE = 32;

/**
 * One epoch's grants as stored (a JSON string per epoch in the root shard, so an epoch changes as a
 * whole): who rotated, the key sealed to each device, and the rotating device's signature over both —
 * sealing alone is anonymous, so without it anyone could hand a device a key of their choosing.
 */
export interface EpochGrants {
  readonly by: string;
  readonly grants: Readonly<Record<string, string>>;
  readonly signature: string;
}

const signedPart = (epoch: number, by: string, grants: Readonly<Record<string, string>>) =>
  new TextEncoder().encode(JSON.stringify([epoch, by, Object.entries(grants).sort(([a], [b]) => a.localeCompare(b))]));

/** An epoch's grants if well formed and signed by a device `trusted` accepts. */
export function verifiedEpochGrants(sodium: Sodium, epoch: number, text: string, trusted: (id: string) => boolean): EpochGrants | undefined {
  const entry = parseEpochGrants(text);
  if (!entry || !Number.isSafeInteger(epoch) || epoch < 1 || !/^[0-9a-f]{64}$/.test(entry.by) || !trusted(entry.by)) return undefined;
  if (!/^[0-9a-f]{128}$/.test(entry.signature)) return undefined;
  return sodium.crypto_sign_verify_detached(sodium.from_hex(entry.signature), signedPart(epoch, entry.by, entry.grants), sodium.from_hex(entry.by)) ? entry : undefined;
}

export function parseEpochGrants(text: string): EpochGrants | undefined {
  try {
    const value = JSON.parse(text) as Partial<EpochGrants>;
    if (typeof value.by !== 'string' || typeof value.signature !== 'string' || typeof value.grants !== 'object' || value.grants === null) return undefined;
    if (!Object.values(value.grants).every((sealed) => typeof sealed === 'string')) return undefined;
    return value as EpochGrants;
  } catch {
    return undefined;
  }
}

export function sealGrant(sodium: Sodium, key: Uint8Array, deviceSignPublicKey: Uint8Array): string {
  return sodium.to_hex(sodium.crypto_box_seal(key, sodium.crypto_sign_ed25519_pk_to_curve25519(deviceSignPublicKey)));
}

/**
 * This device's keys from the grants it can open, by epoch — only grants signed by a device it
 * trusts (`trusted`: paired and not revoked, or itself).
 */
export function openGrants(sodium: Sodium, grants: Readonly<Record<string, string>>, identity: DeviceIdentity, trusted: (id: string) => boolean): Map<number, Uint8Array> {
  const me = sodium.to_hex(identity.signPublicKey);
  const publicKey = sodium.crypto_sign_ed25519_pk_to_curve25519(identity.signPublicKey);
  const secretKey = sodium.crypto_sign_ed25519_sk_to_curve25519(identity.signSecretKey);
  const keys = new Map<number, Uint8Array>();
  try {
    for (const [epochText, text] of Object.entries(grants)) {
      const epoch = Number(epochText);
      const entry = verifiedEpochGrants(sodium, epoch, text, trusted);
      if (!entry) continue;
      const sealed = entry.grants[me];
      if (!sealed || !/^[0-9a-f]+$/.test(sealed)) continue;
      try {
        const key = sodium.crypto_box_seal_open(sodium.from_hex(sealed), publicKey, secretKey);
        if (key.length === SHARING_KEY_SIZE) keys.set(epoch, key);
      } catch {
        // not sealed to this device's key (or altered): not ours
      }
    }
  } finally {
    sodium.memzero(secretKey);
  }
  return keys;
}

/** A new epoch after those in `grants`: a fresh key sealed to each of `devices`, signed by this device. */
export function newEpoch(sodium: Sodium, grants: Readonly<Record<string, string>>, devices: readonly string[], identity: DeviceIdentity): { epoch: number; key: Uint8Array; text: string } {
  const epoch = Math.max(0, ...Object.keys(grants).map(Number).filter(Number.isSafeInteger)) + 1;
  const key = sodium.randombytes_buf(SHARING_KEY_SIZE);
  const sealed = Object.fromEntries(devices.map((id) => [id, sealGrant(sodium, key, sodium.from_hex(id))]));
  const by = sodium.to_hex(identity.signPublicKey);
  const signature = sodium.to_hex(sodium.crypto_sign_detached(signedPart(epoch, by, sealed), identity.signSecretKey));
  return { epoch, key, text: JSON.stringify({ by, grants: sealed, signature } satisfies EpochGrants) };
}

/** The key a purpose uses in an epoch: keyed BLAKE2b of the purpose under the epoch's key. */
export function purposeKey(sodium: Sodium, epochKey: Uint8Array, purpose: 'shared-folder' | 'discovery'): Uint8Array {
  return sodium.crypto_generichash(32, new TextEncoder().encode(`enishi-${purpose}`), epochKey);
}
