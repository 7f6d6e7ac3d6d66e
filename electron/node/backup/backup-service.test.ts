import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { EventDraftSchema } from '../../../shared/domain/event.ts';
import { GoalDraftSchema } from '../../../shared/domain/goal.ts';
import { loadSodium } from '../../../shared/crypto/sodium.ts';
import { parseHeader } from '../../../shared/vault-format/container.ts';
import { backupBodyParts, encodeBackupPayload } from '../../../shared/vault-format/backup.ts';
import { contactShard, ROOT_SHARD } from '../../../shared/vault/shards.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { findPlaintext } from '../../../tests/support/plaintext-scan.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { ShardStore } from '../vault/shard-store.ts';
import { VaultService } from '../vault/vault-service.ts';
import { openBackup, sealBackup } from './backup-file.ts';
import { packReadModel, unpackReadModel } from './backup-model.ts';
import { BackupService } from './backup-service.ts';

const VAULT_PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const BACKUP_PASSPHRASE = 'umi-no-soko-ni-shizumu-kagi-no-hako';
const SECRET_NOTE = '転職を考えているとのこと(内密に)';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(() => temp.remove());

function device(name: string) {
  const vault = new VaultService({ dataDir: join(temp.path, name), kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, warmUpDelayMs: 3_600_000 });
  const backups = new BackupService({ vault, kdf: testKdf, kdfCost: TEST_KDF_POLICY.cost, clock: () => Date.UTC(2026, 10, 27, 9) });
  return { vault, backups };
}

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** A vault with people (kana and all), their interactions (one with a confidential note), an event and a goal. */
async function filledVault(name: string, people = 40) {
  const { vault, backups } = device(name);
  value(await vault.create(name, VAULT_PASSPHRASE));
  const ids: string[] = [];
  for (let i = 0; i < people; i++) {
    const added = value(await vault.addContact({ familyName: `田中${i}`, givenName: '花子', familyNameKana: 'たなか', givenNameKana: 'はなこ', company: '縁商事', title: '部長' }));
    ids.push(added.id);
  }
  value(await vault.addInteractions(ids.slice(0, 10).map((id, i) => ({ contactIds: [id], occurredAt: Date.UTC(2026, i % 12, 3), kind: 'meeting', direction: 'gave', summary: `打合せ ${i}`, note: i === 0 ? { text: SECRET_NOTE, confidentiality: 'confidential', toldBy: id } : { text: '' } }))));
  value(await vault.write(['events', 'goals'], async ({ data }) => {
    await data.createEvent(EventDraftSchema.parse({ title: '勉強会', startsAt: Date.UTC(2026, 9, 1) }));
    await data.goalMap.createGoal(GoalDraftSchema.parse({ title: '新規事業の仲間を見つける' }));
    return { ok: true as const, value: null };
  }));
  return { vault, backups, ids };
}

const summaryOf = async (vault: VaultService) => value(await vault.read(async ({ session }) => ({ ok: true as const, value: await session.exchange.shardSummary() })));
const contactNames = async (vault: VaultService) => value(await vault.listContacts(0, 1000)).items.map((c) => `${c.familyName} ${c.givenName} ${c.title}`).sort();

describe('writing and verifying a backup', () => {
  test('verify reports what the backup holds and when it was made; nothing in the file is readable without the passphrase', async () => {
    const { backups } = await filledVault('home');
    const path = join(temp.path, 'home.enishi-backup');
    const written = value(await backups.write(path, BACKUP_PASSPHRASE));
    expect(written.counts).toEqual({ contacts: 40, interactions: 10, events: 1, goals: 1 });

    const progress: number[] = [];
    const verified = value(await backups.verify(path, BACKUP_PASSPHRASE, (done) => progress.push(done)));
    expect(verified).toMatchObject({ createdAt: Date.UTC(2026, 10, 27, 9), vaultName: 'home', counts: { contacts: 40, interactions: 10, events: 1, goals: 1 }, sameVault: true });
    expect(progress.at(-1)).toBe(verified.shards);
    expect(await findPlaintext(temp.path, [SECRET_NOTE, '田中', 'たなか', '縁商事', '勉強会', '新規事業'])).toEqual([]);
  });

  test('a backup file does not say which vault it came from: its header carries a random id, a new one each time', async () => {
    const { vault, backups } = await filledVault('home', 1);
    const sodium = await loadSodium();
    const vaultId = value(await vault.read(({ session }) => ({ ok: true as const, value: Buffer.from(session.vaultId).toString('hex') })));
    const headerIds = [];
    for (const name of ['a', 'b']) {
      const path = join(temp.path, `${name}.enishi-backup`);
      value(await backups.write(path, BACKUP_PASSPHRASE));
      const parsed = parseHeader(sodium, new Uint8Array(await readFile(path)));
      if (!parsed.ok) throw new Error(parsed.error.message);
      headerIds.push(Buffer.from(parsed.value.header.vaultId).toString('hex'));
      expect(Buffer.from(await readFile(path)).includes(Buffer.from(vaultId, 'hex'))).toBe(false);
    }
    expect(headerIds).not.toContain(vaultId);
    expect(headerIds[0]).not.toBe(headerIds[1]);
  });

  test('a weak backup passphrase is refused and nothing is written', async () => {
    const { backups } = await filledVault('home', 2);
    const path = join(temp.path, 'weak.enishi-backup');
    expect(await backups.write(path, 'password1')).toMatchObject({ ok: false, error: { code: 'weak-passphrase' } });
    await expect(readFile(path)).rejects.toThrow();
  });
});

describe('a backup that cannot be trusted is refused with the right reason, and nothing changes', () => {
  test('wrong passphrase, altered bytes, cut short, not a backup, a folder, no file', async () => {
    const { vault, backups } = await filledVault('home', 5);
    const path = join(temp.path, 'home.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    const good = new Uint8Array(await readFile(path));
    const variant = async (name: string, bytes: Uint8Array) => {
      const file = join(temp.path, name);
      await writeFile(file, bytes);
      return file;
    };
    const flipped = (at: number) => {
      const copy = good.slice();
      copy[at]! ^= 0x40;
      return copy;
    };
    const cases: [string, string, ErrorCode][] = [
      ['wrong passphrase', path, 'wrong-passphrase'],
      ['a byte altered in the payload', await variant('payload.enishi-backup', flipped(good.length - 100)), 'payload-damaged'],
      ['a byte altered in the header', await variant('header.enishi-backup', flipped(30)), 'header-damaged'],
      ['cut short', await variant('short.enishi-backup', good.subarray(0, good.length - 5000)), 'truncated'],
      ['bytes added at the end', await variant('long.enishi-backup', new Uint8Array([...good, 1, 2, 3])), 'trailing-data'],
      ['the vault keyring', join(temp.path, 'home', 'vault', 'keyring.enishi'), 'not-a-backup'],
      ['random bytes', await variant('junk.enishi-backup', new Uint8Array(4096).map((_, i) => (i * 131) % 251)), 'not-a-backup'],
      ['an empty file', await variant('empty.enishi-backup', new Uint8Array(0)), 'not-a-backup'],
      ['a folder', temp.path, 'not-a-backup'],
      ...(process.platform === 'win32' ? [] : ([['a device that never ends', '/dev/zero', 'not-a-backup']] as [string, string, ErrorCode][])),
      ['no such file', join(temp.path, 'missing.enishi-backup'), 'file-not-found'],
    ];
    const before = await summaryOf(vault);
    for (const [what, file, code] of cases) {
      const passphrase = what === 'wrong passphrase' ? `${BACKUP_PASSPHRASE}!` : BACKUP_PASSPHRASE;
      const verified = await backups.verify(file, passphrase);
      expect(verified.ok ? 'ok' : verified.error.code, what).toBe(code);
      expect(await backups.merge(file, passphrase), what).toMatchObject({ ok: false, error: { code } });
      const fresh = device(`restore-${code}-${what.length}`);
      expect(await fresh.backups.restore(file, passphrase, VAULT_PASSPHRASE), what).toMatchObject({ ok: false, error: { code } });
      expect(await fresh.vault.status(), what).toEqual({ state: 'none' });
    }
    expect(await summaryOf(vault)).toEqual(before);
  });
});

describe('restoring a backup as a new vault', () => {
  test('every shard comes back with the same Automerge heads, under a new vault id, without the old devices', async () => {
    const { vault, backups } = await filledVault('home');
    const path = join(temp.path, 'home.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    const original = await summaryOf(vault);

    const laptop = device('laptop');
    const progress: number[] = [];
    expect(value(await laptop.backups.restore(path, BACKUP_PASSPHRASE, 'yoru-no-kuruma-de-umi-e-iku', (done) => progress.push(done)))).toEqual({ state: 'unlocked', name: 'home' });
    expect(progress.at(-1)).toBe(original.size);
    const restored = await summaryOf(laptop.vault);
    expect([...restored.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [id, heads] of original) expect(restored.get(id), id).toEqual(heads);
    expect(await contactNames(laptop.vault)).toEqual(await contactNames(vault));
    const ids = await Promise.all([vault, laptop.vault].map(async (v) => value(await v.read(({ session }) => ({ ok: true as const, value: Buffer.from(session.vaultId).toString('hex') })))));
    expect(ids[0]).not.toBe(ids[1]);

    // The restored vault opens with its own passphrase after a restart.
    await laptop.vault.lock();
    const reopened = device('laptop');
    expect((await reopened.vault.unlock('yoru-no-kuruma-de-umi-e-iku')).ok).toBe(true);
    expect(await contactNames(reopened.vault)).toEqual(await contactNames(vault));
  });

  test('a backup of a paired vault restores without its device list (those devices hold another vault key)', async () => {
    const { vault, backups } = await filledVault('home', 3);
    value(await vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root) => {
        (root as { devices?: object }).devices = { ['ab'.repeat(32)]: { name: 'desktop', addedAt: 1 } };
      });
      return { ok: true as const, value: null };
    }));
    const path = join(temp.path, 'paired.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    const laptop = device('laptop');
    value(await laptop.backups.restore(path, BACKUP_PASSPHRASE, VAULT_PASSPHRASE));
    const devices = value(await laptop.vault.read(({ session }) => ({ ok: true as const, value: session.root.devices })));
    expect(devices).toBeUndefined();
  });

  test('the lists the backup carries are used for the shards they match, and derived again from the shards where they do not', async () => {
    const { vault, backups } = await filledVault('home', 60);
    const path = join(temp.path, 'home.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    const names = await contactNames(vault);
    const built = vi.spyOn(ShardStore.prototype, 'fromSaved');

    // As written: only the root is built as a document (it loses its device list); every other shard is written as it is.
    const plain = device('plain');
    value(await plain.backups.restore(path, BACKUP_PASSPHRASE, VAULT_PASSPHRASE));
    expect(built.mock.calls.map(([id]) => id)).toEqual([ROOT_SHARD]);
    expect(await contactNames(plain.vault)).toEqual(names);

    // A backup whose carried lists claim other heads for one bucket, and another name there; and one whose lists are no lists.
    const sodium = await loadSodium();
    const opened = value(await openBackup(sodium, testKdf, new Uint8Array(await readFile(path)), BACKUP_PASSPHRASE));
    const carried = unpackReadModel(opened.contents.readModel!)!;
    const [victim] = carried.model.contacts;
    const bucket = contactShard(victim![0]);
    const forged = { ...carried, heads: { ...carried.heads, [bucket]: ['0'.repeat(64)] }, model: { ...carried.model, contacts: carried.model.contacts.map((c) => (c === victim ? ([c[0], '偽名', ...c.slice(2)] as unknown as typeof c) : c)) } };
    const reseal = async (file: string, readModel: Uint8Array) => {
      const payload = encodeBackupPayload(backupBodyParts({ ...opened.contents, readModel }), opened.proof!.tag);
      await writeFile(file, await sealBackup(sodium, testKdf, TEST_KDF_POLICY.cost, payload, BACKUP_PASSPHRASE));
    };
    await reseal(join(temp.path, 'forged.enishi-backup'), packReadModel(forged));
    await reseal(join(temp.path, 'garbled.enishi-backup'), Uint8Array.of(1, 2, 3, 4));
    for (const [name, rebuilt] of [['forged', [ROOT_SHARD, bucket]], ['garbled', undefined]] as const) {
      built.mockClear();
      const restored = device(name);
      value(await restored.backups.restore(join(temp.path, `${name}.enishi-backup`), BACKUP_PASSPHRASE, VAULT_PASSPHRASE));
      expect(await contactNames(restored.vault), name).toEqual(names);
      if (rebuilt) expect(built.mock.calls.map(([id]) => id).sort()).toEqual([...rebuilt].sort());
      else expect(built.mock.calls.length).toBe((await summaryOf(vault)).size);
    }
    built.mockRestore();
  });

  test('restoring where a vault already exists is refused', async () => {
    const { backups } = await filledVault('home', 2);
    const path = join(temp.path, 'home.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    expect(await backups.restore(path, BACKUP_PASSPHRASE, VAULT_PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'vault-exists' } });
  });
});

describe('merging a backup into the open vault', () => {
  test('an older backup of the same vault loses nothing made since, and changes nothing it already had', async () => {
    const { vault, backups, ids } = await filledVault('home', 10);
    const path = join(temp.path, 'monday.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    value(await vault.addContact({ familyName: '佐藤', givenName: '次郎', familyNameKana: '', givenNameKana: '', company: '', title: '' }));
    const draft = value(await vault.read(async ({ data }) => ({ ok: true as const, value: (await data.contactDraft(ids[0] as never))! })));
    value(await vault.updateContact(ids[0] as never, { ...draft, title: '取締役' }));
    const before = await contactNames(vault);
    const headsBefore = await summaryOf(vault);

    const merged = value(await backups.merge(path, BACKUP_PASSPHRASE));
    expect(merged.sameVault).toBe(true);
    expect(await contactNames(vault)).toEqual(before);
    expect(await summaryOf(vault)).toEqual(headsBefore);
  });

  test("another vault's backup adds its people, interactions, events and goals, never its devices", async () => {
    const office = await filledVault('office', 4);
    const path = join(temp.path, 'office.enishi-backup');
    value(await office.backups.write(path, BACKUP_PASSPHRASE));
    const home = device('home');
    value(await home.vault.create('home', VAULT_PASSPHRASE));
    value(await home.vault.addContact({ familyName: '鈴木', givenName: '一郎', familyNameKana: '', givenNameKana: '', company: '', title: '' }));
    value(await home.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root) => {
        (root as { devices?: object }).devices = { ['cd'.repeat(32)]: { name: 'my phone', addedAt: 1 } };
      });
      return { ok: true as const, value: null };
    }));
    value(await office.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root) => {
        (root as { devices?: object }).devices = { ['ef'.repeat(32)]: { name: 'office desktop', addedAt: 1 } };
      });
      return { ok: true as const, value: null };
    }));
    value(await office.backups.write(path, BACKUP_PASSPHRASE));

    const merged = value(await home.backups.merge(path, BACKUP_PASSPHRASE));
    expect(merged.sameVault).toBe(false);
    expect(await contactNames(home.vault)).toEqual([...(await contactNames(office.vault)), '鈴木 一郎 '].sort());
    const root = value(await home.vault.read(({ session, model }) => ({ ok: true as const, value: { devices: Object.keys(session.root.devices ?? {}), goals: Object.keys(session.root.goals ?? {}).length, interactions: model.interactionCount, events: model.eventCount } })));
    expect(root).toEqual({ devices: ['cd'.repeat(32)], goals: 1, interactions: 4, events: 1 });
  });
});

test('a backup written into a folder that does not exist fails clearly', async () => {
  const { backups } = await filledVault('home', 1);
  await mkdir(join(temp.path, 'exists'));
  expect(await backups.write(join(temp.path, 'nowhere', 'x.enishi-backup'), BACKUP_PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'storage-failed' } });
  expect((await backups.write(join(temp.path, 'exists', 'x.enishi-backup'), BACKUP_PASSPHRASE)).ok).toBe(true);
});

describe('what the app asks of backups', () => {
  test("'the vault's passphrase' must really be the vault's; the file always ends in .enishi-backup; today's name is suggested", async () => {
    const { backups } = await filledVault('home', 2);
    const bare = join(temp.path, 'friday');
    expect(await backups.write(bare, `${VAULT_PASSPHRASE}?`, { sameAsVault: true })).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    await expect(readFile(`${bare}.enishi-backup`)).rejects.toThrow();
    const written = value(await backups.write(bare, VAULT_PASSPHRASE, { sameAsVault: true }));
    expect(written.path).toBe(`${bare}.enishi-backup`);
    expect(value(await backups.verify(written.path, VAULT_PASSPHRASE)).counts.contacts).toBe(2);
    expect(backups.suggestPath()).toMatch(/enishi-2026-11-27\.enishi-backup$/);
  });

  test('long operations report their progress to the views', async () => {
    const { vault, backups } = await filledVault('home', 3);
    const path = join(temp.path, 'home.enishi-backup');
    value(await backups.write(path, BACKUP_PASSPHRASE));
    const seen: string[] = [];
    const reporting = new BackupService({ vault, kdf: testKdf, kdfCost: TEST_KDF_POLICY.cost, emit: (_event, { operation, done, total }) => seen.push(`${operation} ${done}/${total}`) });
    value(await reporting.verify(path, BACKUP_PASSPHRASE));
    value(await reporting.merge(path, BACKUP_PASSPHRASE));
    const shards = value(await reporting.verify(path, BACKUP_PASSPHRASE)).shards;
    expect(seen).toContain(`verify ${shards}/${shards}`);
    expect(seen).toContain(`merge ${shards}/${shards}`);
    expect(seen.filter((line) => line.startsWith('merge'))).toHaveLength(shards);
  });
});

describe('automatic backups', () => {
  test('set up with a passphrase once; a backup when due, the oldest automatic ones removed beyond the number kept, hand-made ones never', async () => {
    const { vault } = await filledVault('home', 3);
    let now = Date.UTC(2026, 10, 27, 9);
    const changes: string[] = [];
    const backups = new BackupService({ vault, kdf: testKdf, kdfCost: TEST_KDF_POLICY.cost, clock: () => now, emit: (event) => changes.push(event) });
    const folder = join(temp.path, 'backups');
    await mkdir(folder);
    await writeFile(join(folder, 'mine.enishi-backup'), 'made by hand');

    expect(await backups.setSchedule({ folder: join(temp.path, 'nowhere'), everyDays: 1, keep: 2 }, BACKUP_PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'folder-unavailable' } });
    expect(await backups.setSchedule({ folder, everyDays: 1, keep: 2 }, 'password1')).toMatchObject({ ok: false, error: { code: 'weak-passphrase' } });
    expect(await backups.setSchedule({ folder, everyDays: 1, keep: 2 }, 'not the vault passphrase', { sameAsVault: true })).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(value(await backups.schedule())).toBeNull();

    expect(value(await backups.setSchedule({ folder, everyDays: 1, keep: 2 }, BACKUP_PASSPHRASE))).toEqual({ folder, everyDays: 1, keep: 2, nextAt: now });
    expect(changes).toContain('backupChanged');
    const first = value(await backups.runScheduled());
    expect(first.path).toBe(join(folder, 'enishi-auto-2026-11-27T0900.enishi-backup'));
    const vaultId = value(await vault.read(({ session }) => ({ ok: true as const, value: session.vaultId })));
    expect(Buffer.from(await readFile(first.path)).includes(Buffer.from(vaultId))).toBe(false);
    expect(value(await backups.verify(first.path, BACKUP_PASSPHRASE)).counts.contacts).toBe(3);
    expect(await backups.runScheduled()).toMatchObject({ ok: false, error: { code: 'not-found' } }); // not due yet
    expect(value(await backups.schedule())).toMatchObject({ lastAt: now, lastPath: first.path, nextAt: now + 24 * 3600 * 1000 });

    for (let day = 1; day <= 3; day++) {
      now += 24 * 3600 * 1000;
      value(await backups.runScheduled());
    }
    expect((await readdir(folder)).sort()).toEqual(['enishi-auto-2026-11-29T0900.enishi-backup', 'enishi-auto-2026-11-30T0900.enishi-backup', 'mine.enishi-backup']);
    expect(await findPlaintext(join(temp.path, 'home'), [BACKUP_PASSPHRASE, folder])).toEqual([]);
  });

  test('a folder that disappears is reported, and the next check tries again', async () => {
    const { vault } = await filledVault('home', 1);
    const backups = new BackupService({ vault, kdf: testKdf, kdfCost: TEST_KDF_POLICY.cost });
    const folder = join(temp.path, 'usb-stick');
    await mkdir(folder);
    value(await backups.setSchedule({ folder, everyDays: 7, keep: 5 }, VAULT_PASSPHRASE, { sameAsVault: true }));
    await rm(folder, { recursive: true });
    expect((await backups.runScheduled()).ok).toBe(false);
    expect(value(await backups.schedule())).toMatchObject({ lastError: 'folder-unavailable' });
    await mkdir(folder);
    value(await backups.runScheduled());
    const state = value(await backups.schedule());
    expect(state?.lastError).toBeUndefined();
    expect(value(await backups.verify(state!.lastPath!, VAULT_PASSPHRASE)).counts.contacts).toBe(1);
    value(await backups.stopSchedule());
    expect(value(await backups.schedule())).toBeNull();
  });
});
