/** Sharing-key grants: only the devices named get the key, and only grants signed by a trusted device count. */
import { beforeAll, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { newDeviceIdentity, type DeviceIdentity } from './identity.ts';
import { newEpoch, openGrants, parseEpochGrants } from './sharing-keys.ts';

let sodium: Sodium;
let desktop: DeviceIdentity;
let laptop: DeviceIdentity;
let revoked: DeviceIdentity;
let outsider: DeviceIdentity;
const hex = (identity: DeviceIdentity) => sodium.to_hex(identity.signPublicKey);

beforeAll(async () => {
  sodium = await loadSodium();
  [desktop, laptop, revoked, outsider] = [newDeviceIdentity(sodium), newDeviceIdentity(sodium), newDeviceIdentity(sodium), newDeviceIdentity(sodium)];
});

test('each granted device opens the same key; a device left out opens nothing', () => {
  const { epoch, key, text } = newEpoch(sodium, {}, [hex(desktop), hex(laptop)], desktop);
  expect(epoch).toBe(1);
  const trusted = (id: string) => id === hex(desktop) || id === hex(laptop);
  expect(openGrants(sodium, { 1: text }, laptop, trusted).get(1)).toEqual(key);
  expect(openGrants(sodium, { 1: text }, desktop, trusted).get(1)).toEqual(key);
  expect(openGrants(sodium, { 1: text }, revoked, () => true).size).toBe(0);
  expect(newEpoch(sodium, { 1: text }, [hex(desktop)], desktop).epoch).toBe(2);
  expect(text).not.toContain(sodium.to_hex(key));
});

test('a grant from an untrusted device, an altered grant or a forged signature is ignored', () => {
  const trusted = (id: string) => id === hex(desktop) || id === hex(laptop);
  // Anyone can seal a key to the laptop; signed by a device the laptop does not trust, it does not count.
  const planted = newEpoch(sodium, {}, [hex(laptop)], outsider);
  expect(openGrants(sodium, { 1: planted.text }, laptop, trusted).size).toBe(0);
  // Claiming to be from the desktop without its signature does not work either.
  const entry = parseEpochGrants(planted.text)!;
  const claimed = JSON.stringify({ ...entry, by: hex(desktop) });
  expect(openGrants(sodium, { 1: claimed }, laptop, trusted).size).toBe(0);
  // A genuine grant moved to another epoch number, or with a grant swapped in, fails its signature.
  const genuine = newEpoch(sodium, {}, [hex(laptop), hex(desktop)], desktop);
  expect(openGrants(sodium, { 2: genuine.text }, laptop, trusted).size).toBe(0);
  const swapped = JSON.stringify({ ...parseEpochGrants(genuine.text)!, grants: { ...parseEpochGrants(genuine.text)!.grants, [hex(laptop)]: entry.grants[hex(laptop)] } });
  expect(openGrants(sodium, { 1: swapped }, laptop, trusted).size).toBe(0);
  expect(openGrants(sodium, { 1: 'not json', 3: '{}' }, laptop, trusted).size).toBe(0);
});
