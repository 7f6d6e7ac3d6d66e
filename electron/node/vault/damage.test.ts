/**
 * Every way a vault file can be wrong gets its own, correct answer: bytes flipped in every region
 * of every file kind, truncation at every chunk boundary, records and files swapped between shards,
 * a newer format. Damage to a shard never hides the rest of the vault, and a wrong passphrase is
 * never reported as damage (nor damage as a wrong passphrase).
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { CHUNK_SIZE } from '../../../shared/vault-format/container.ts';
import { contactShard, type ShardId } from '../../../shared/vault/shards.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { containerRegions, copyDir, vaultFiles, type VaultFiles } from '../../../tests/support/vault-files.ts';
import { VaultService } from './vault-service.ts';

const PASSPHRASE = 'kawa-no-nagare-wa-taezu-shite';
const MONTH = Date.UTC(2025, 5, 15);

let golden: Awaited<ReturnType<typeof makeTempDir>>;
let files: VaultFiles;
/** A contact shard with a snapshot (its first two contacts) and one record in its log (the third, which depends on them). */
let richShard: ShardId;
let richContacts: { name: string; id: ContactId }[];
let otherShard: ShardId;
let allNames: string[];
const scratch: string[] = [];

function service(dataDir: string) {
  return new VaultService({ dataDir, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, session: { compactAfterRecords: 2 }, cacheSaveDelayMs: 60_000 });
}

function randomNotes(seed: number): string {
  let x = seed;
  return Array.from({ length: 600 }, () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), 'abcdefghijklmnopqrstuvwxyz'[x % 26])).join('');
}

beforeAll(async () => {
  golden = await makeTempDir('enishi-golden-');
  const vault = service(golden.path);
  await vault.create('damage', PASSPHRASE);
  const byShard = new Map<ShardId, { name: string; id: ContactId }[]>();
  allNames = [];
  for (let i = 0; !richShard || ![...byShard].some(([shard, list]) => shard !== richShard && list.length >= 2); i++) {
    const name = `Person${i}`;
    const added = await vault.addContact({ familyName: name, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    if (!added.ok) throw new Error(added.error.message);
    allNames.push(name);
    const shard = contactShard(added.value.id);
    const list = [...(byShard.get(shard) ?? []), { name, id: added.value.id }];
    byShard.set(shard, list);
    if (list.length === 3 && !richShard) {
      richShard = shard;
      richContacts = list;
    }
  }
  otherShard = [...byShard].find(([shard, list]) => shard !== richShard && list.length >= 2)![0];
  const anyone = richContacts[0]!.id;
  const batch = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ({ contactIds: [anyone], occurredAt: MONTH + i, kind: 'met' as const, direction: 'gave' as const, summary: `s${i}`, note: { text: randomNotes(seed + i) } }));
  await vault.addInteractions(batch(700, 1)); // record 1
  await vault.addInteractions(batch(1, 9001)); // record 2: compaction writes a multi-chunk snapshot
  await vault.addInteractions(batch(1, 9002)); // record 3 stays in the log
  await vault.lock();
  files = await vaultFiles(join(golden.path, 'vault'), PASSPHRASE);
});

afterAll(async () => {
  await golden.remove();
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Outcome {
  readonly unlock: 'ok' | ErrorCode;
  readonly problems: readonly { file: string; code: ErrorCode; lostContacts: readonly string[]; lostInteractions: number }[];
  readonly names: readonly string[];
  readonly quarantined: readonly string[];
  readonly wrongPassphrase: 'ok' | ErrorCode;
}

/** Copies the golden vault, lets `damage` change its files, then opens it with the wrong and the right passphrase. */
async function openDamaged(damage: (files: VaultFiles) => Promise<void>): Promise<Outcome> {
  const copy = await makeTempDir('enishi-damaged-');
  scratch.push(copy.path);
  await copyDir(golden.path, copy.path);
  const copied = await vaultFiles(join(copy.path, 'vault'), PASSPHRASE);
  await damage(copied);
  const wrong = await service(copy.path).unlock(`${PASSPHRASE}?`);
  const vault = service(copy.path);
  const unlocked = await vault.unlock(PASSPHRASE);
  const health = unlocked.ok ? await vault.health() : undefined;
  const listed = unlocked.ok ? await vault.listContacts(0, 1000) : undefined;
  await vault.lock();
  const quarantineDir = join(copy.path, 'vault', 'quarantine');
  const quarantined = await readdir(quarantineDir).catch(() => []);
  return {
    unlock: unlocked.ok ? 'ok' : unlocked.error.code,
    problems: health?.ok ? health.value.problems.map((p) => ({ file: p.file, code: p.code, lostContacts: p.lostContacts, lostInteractions: p.lostInteractions })) : [],
    names: listed?.ok ? listed.value.items.map((c) => c.familyName) : [],
    quarantined,
    wrongPassphrase: wrong.ok ? 'ok' : wrong.error.code,
  };
}

async function flip(path: string, at: number): Promise<void> {
  const bytes = await readFile(path);
  bytes[at] = bytes[at]! ^ 0x40;
  await writeFile(path, bytes);
}

/** First, middle and last byte of [start, end). */
const samples = (start: number, end: number) => [...new Set([start, Math.floor((start + end - 1) / 2), end - 1])].filter((at) => at >= start && at < end);

const HEADER_CODES: ErrorCode[] = ['not-a-vault', 'header-damaged', 'truncated'];

describe('the keyring', () => {
  test('a flipped byte anywhere is damage, never a wrong passphrase, and nothing opens', async () => {
    const size = (await readFile(files.keyring)).length;
    const seen = new Set<string>();
    for (let at = 0; at < size; at++) {
      const outcome = await openDamaged((f) => flip(f.keyring, at));
      expect(outcome.unlock, `byte ${at}`).not.toBe('ok');
      expect(outcome.unlock, `byte ${at}`).not.toBe('wrong-passphrase');
      seen.add(outcome.unlock);
    }
    expect(['header-damaged', 'made-by-newer-version', 'not-a-vault', 'truncated', 'kdf-params-out-of-bounds']).toEqual(expect.arrayContaining([...seen]));
    expect([...seen]).toEqual(expect.arrayContaining(['header-damaged', 'made-by-newer-version', 'not-a-vault']));
    // Every byte of the keyring, each an unlock attempt: slow on a busy two-core machine.
  }, 120_000);

  test('a wrong passphrase is reported as such', async () => {
    expect((await openDamaged(async () => {})).wrongPassphrase).toBe('wrong-passphrase');
  });
});

describe('a shard snapshot', () => {
  const expectContained = (outcome: Outcome, codes: readonly ErrorCode[]) => {
    expect(outcome.unlock).toBe('ok');
    expect(outcome.wrongPassphrase).toBe('wrong-passphrase');
    expect(outcome.problems).toHaveLength(1);
    expect(codes).toContain(outcome.problems[0]!.code);
    expect(outcome.problems[0]!.file).toBe('snapshot');
    // The shard's contacts are reported lost (the log's change depends on the snapshot's); everyone else remains.
    const lost = richContacts.map((c) => c.name);
    expect([...outcome.problems[0]!.lostContacts].sort()).toEqual([...lost].sort());
    expect([...outcome.names].sort()).toEqual(allNames.filter((n) => !lost.includes(n)).sort());
    expect(outcome.quarantined).toHaveLength(2);
  };

  test.each(['magic', 'minor', 'headerLength', 'fields', 'checksum'] as const)('damage in its %s is quarantined and reported', async (region) => {
    const path = files.shards.get(richShard)!.snapshot!;
    const regions = await containerRegions(path);
    const end = { magic: 8, minor: 12, headerLength: 16, fields: regions.checksum, checksum: regions.payload }[region];
    for (const at of samples(regions[region], end)) {
      expectContained(await openDamaged((f) => flip(f.shards.get(richShard)!.snapshot!, at)), HEADER_CODES);
    }
  });

  test('damage in its payload is quarantined and reported', async () => {
    const path = files.shards.get(richShard)!.snapshot!;
    const regions = await containerRegions(path);
    for (const at of samples(regions.payload, regions.size)) {
      expectContained(await openDamaged((f) => flip(f.shards.get(richShard)!.snapshot!, at)), ['payload-damaged', 'truncated']);
    }
  });

  test('a newer format refuses to open and moves nothing', async () => {
    const outcome = await openDamaged((f) => flip(f.shards.get(richShard)!.snapshot!, 8));
    expect(outcome.unlock).toBe('made-by-newer-version');
    expect(outcome.quarantined).toEqual([]);
  });

  test('cut at every chunk boundary (and inside chunks) is truncation', async () => {
    const interactions = [...files.shards.keys()].find((id) => id.startsWith('interactions/'))!;
    const path = files.shards.get(interactions)!.snapshot!;
    const regions = await containerRegions(path);
    const framed = 4 + CHUNK_SIZE + 17;
    const chunks = Math.ceil((regions.size - regions.payload) / framed);
    expect(chunks).toBeGreaterThan(2);
    const cuts = Array.from({ length: chunks }, (_, i) => regions.payload + i * framed).concat([regions.payload + 3, regions.payload + framed + 100, regions.size - 1]);
    for (const cut of cuts) {
      const outcome = await openDamaged(async (f) => {
        const target = f.shards.get(interactions)!.snapshot!;
        await writeFile(target, (await readFile(target)).subarray(0, cut));
      });
      expect(outcome.unlock).toBe('ok');
      expect(outcome.problems.map((p) => p.code), `cut at ${cut}`).toEqual(['truncated']);
      expect(outcome.problems[0]!.lostInteractions).toBe(702);
      expect(outcome.names).toHaveLength(allNames.length);
    }
  });

  test('appended bytes are trailing data', async () => {
    const outcome = await openDamaged(async (f) => {
      const target = f.shards.get(richShard)!.snapshot!;
      await writeFile(target, Buffer.concat([await readFile(target), Buffer.from([1, 2, 3])]));
    });
    expect(outcome.problems.map((p) => p.code)).toEqual(['trailing-data']);
  });

  test('snapshots swapped between two shards are both detected', async () => {
    const outcome = await openDamaged(async (f) => {
      const a = f.shards.get(richShard)!;
      const b = f.shards.get(otherShard)!;
      const bSnapshot = b.snapshot ?? `${b.log!}.missing`;
      if (!b.snapshot) throw new Error('the other shard needs a snapshot for this test');
      await rename(a.snapshot!, `${a.snapshot!}.tmp-swap`);
      await rename(bSnapshot, a.snapshot!);
      await rename(`${a.snapshot!}.tmp-swap`, bSnapshot);
    });
    expect(outcome.unlock).toBe('ok');
    expect(outcome.problems.map((p) => p.code)).toEqual(['payload-damaged', 'payload-damaged']);
  });
});

describe('a shard log', () => {
  async function recordRegions(path: string) {
    const regions = await containerRegions(path);
    return { ...regions, length: regions.payload, seq: regions.payload + 4, check: regions.payload + 8, nonce: regions.payload + 12, ciphertext: regions.payload + 36 };
  }

  test.each(['length', 'seq', 'check', 'nonce', 'ciphertext'] as const)('damage in a record %s is quarantined; the snapshot still opens', async (region) => {
    const path = files.shards.get(richShard)!.log!;
    const r = await recordRegions(path);
    const end = { length: r.seq, seq: r.check, check: r.nonce, nonce: r.ciphertext, ciphertext: r.size }[region];
    for (const at of samples(r[region], end)) {
      const outcome = await openDamaged((f) => flip(f.shards.get(richShard)!.log!, at));
      expect(outcome.unlock).toBe('ok');
      expect(outcome.wrongPassphrase).toBe('wrong-passphrase');
      expect(outcome.problems.map((p) => [p.file, p.code])).toEqual([['log', 'payload-damaged']]);
      expect(outcome.problems[0]!.lostContacts).toEqual([richContacts[2]!.name]);
      expect(outcome.names).toHaveLength(allNames.length - 1);
    }
  });

  test.each(['magic', 'fields', 'checksum'] as const)('damage in the log header (%s) is quarantined', async (region) => {
    const path = files.shards.get(richShard)!.log!;
    const regions = await containerRegions(path);
    const end = { magic: 8, fields: regions.checksum, checksum: regions.payload }[region];
    for (const at of samples(regions[region], end)) {
      const outcome = await openDamaged((f) => flip(f.shards.get(richShard)!.log!, at));
      expect(outcome.problems.map((p) => p.file)).toEqual(['log']);
      expect(HEADER_CODES).toContain(outcome.problems[0]!.code);
    }
  });

  test('a record moved into another shard\'s log fails authentication', async () => {
    const interactions = [...files.shards.keys()].find((id) => id.startsWith('interactions/'))!;
    const outcome = await openDamaged(async (f) => {
      const from = await recordRegions(f.shards.get(richShard)!.log!);
      const to = await recordRegions(f.shards.get(interactions)!.log!);
      const record = (await readFile(f.shards.get(richShard)!.log!)).subarray(from.payload);
      const target = await readFile(f.shards.get(interactions)!.log!);
      await writeFile(f.shards.get(interactions)!.log!, Buffer.concat([target.subarray(0, to.payload), record]));
    });
    expect(outcome.problems.map((p) => [p.file, p.code])).toEqual([['log', 'payload-damaged']]);
  });
});

describe('the read-model cache', () => {
  test('damage anywhere only means a rebuild: nothing is lost or reported', async () => {
    const regions = await containerRegions(files.cache);
    for (const at of [0, 9, regions.fields, regions.checksum, regions.payload + 10, regions.size - 1]) {
      const outcome = await openDamaged((f) => flip(f.cache, at));
      expect(outcome.unlock).toBe('ok');
      expect(outcome.problems).toEqual([]);
      expect(outcome.names).toHaveLength(allNames.length);
    }
  });
});
