/**
 * An observer of the vault folder (a disk thief, a cloud-synced backup of the folder) sees file
 * sizes. Format 2.0 pads them to size classes: what you wrote about one person does not show in the
 * size of the file that holds it (docs/vault-format.md, "What stays visible").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { ContactId } from '../../shared/domain/ids.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { TEST_KDF_POLICY, testKdf } from '../support/fast-kdf.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { vaultFiles } from '../support/vault-files.ts';

const PASSPHRASE = 'oto-mo-naku-yuki-wa-furu';
const JUNE = Date.UTC(2026, 5, 10);
const JULY = Date.UTC(2026, 6, 10);

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir('enishi-sizes-');
});
afterEach(() => dir.remove());

async function vaultWithOnePerson(compactAfterRecords: number) {
  const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, session: { compactAfterRecords }, cacheSaveDelayMs: 60_000 });
  await vault.create('sizes', PASSPHRASE);
  const added = await vault.addContact({ familyName: '山田', givenName: '一郎', familyNameKana: '', givenNameKana: '', company: '', title: '' });
  if (!added.ok) throw new Error(added.error.message);
  return { vault, someone: added.value.id };
}

const meeting = (someone: ContactId, occurredAt: number, note: string) => ({ contactIds: [someone], occurredAt, kind: 'met' as const, direction: 'gave' as const, summary: '会食', note: { text: note } });

async function sizeOf(kind: 'snapshot' | 'log', shard: 'interactions/2026-06' | 'interactions/2026-07'): Promise<number> {
  const files = await vaultFiles(join(dir.path, 'vault'), PASSPHRASE);
  const path = files.shards.get(shard)?.[kind];
  if (!path) throw new Error(`${shard} has no ${kind}`);
  return (await readFile(path)).length;
}

test('two months of notes, one a word and one a page: their snapshots are the same size', async () => {
  const { vault, someone } = await vaultWithOnePerson(1); // every change is compacted into a snapshot
  await vault.addInteractions([meeting(someone, JUNE, 'OK')]);
  await vault.addInteractions([meeting(someone, JULY, '転職を考えているとのこと。奥様の体調、お子さんの受験の話も。'.repeat(20))]);
  await vault.lock();
  const june = await sizeOf('snapshot', 'interactions/2026-06');
  const july = await sizeOf('snapshot', 'interactions/2026-07');
  expect(july).toBe(june);
});

test('a one-word note and a paragraph grow a shard log by the same number of bytes', async () => {
  const { vault, someone } = await vaultWithOnePerson(1000); // nothing compacted: changes stay log records
  await vault.addInteractions([meeting(someone, JUNE, 'OK')]);
  await vault.addInteractions([meeting(someone, JULY, '昇進の件は内密に。ご本人から直接聞いた話。')]);
  await vault.lock();
  const june = await sizeOf('log', 'interactions/2026-06');
  const july = await sizeOf('log', 'interactions/2026-07');
  expect(july).toBe(june);
});
