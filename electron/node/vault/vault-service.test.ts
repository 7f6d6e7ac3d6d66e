import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { EventName } from '../../../shared/api/contract.ts';
import { ContactDraftSchema } from '../../../shared/domain/contact.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { findPlaintext } from '../../../tests/support/plaintext-scan.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { VaultService } from './vault-service.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const TANAKA = { familyName: '田中', givenName: '花子', familyNameKana: 'たなか', givenNameKana: 'はなこ', company: '縁商事', title: '営業部長' };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let events: EventName[];

const service = () =>
  new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, emit: (event) => void events.push(event) });

/** A vault made by one app run that has since quit (locked: its keys zeroed, its lock released). */
async function createdAndClosed(name = 'v', options?: ConstructorParameters<typeof VaultService>[0]): Promise<void> {
  const creator = options ? new VaultService(options) : service();
  expect((await creator.create(name, PASSPHRASE)).ok).toBe(true);
  await creator.lock();
}

beforeEach(async () => {
  dir = await makeTempDir();
  events = [];
});
afterEach(() => dir.remove());

describe('vault lifecycle', () => {
  test('a created vault keeps its contacts across lock and unlock, and across a restart', async () => {
    const vault = service();
    expect(await vault.status()).toEqual({ state: 'none' });
    expect(await vault.create('仕事の人脈', PASSPHRASE)).toEqual({ ok: true, value: { state: 'unlocked', name: '仕事の人脈' } });

    const added = await vault.addContact(TANAKA);
    expect(added.ok && added.value).toMatchObject(TANAKA);
    expect(await vault.lock()).toEqual({ state: 'locked' });
    expect(await vault.listContacts()).toMatchObject({ ok: false, error: { code: 'vault-locked' } });

    const restarted = service();
    expect(await restarted.status()).toEqual({ state: 'locked' });
    expect(await restarted.unlock(PASSPHRASE)).toEqual({ ok: true, value: { state: 'unlocked', name: '仕事の人脈' } });
    const listed = await restarted.listContacts();
    expect(listed.ok && listed.value.items).toEqual([expect.objectContaining(TANAKA)]);
    expect(events).toEqual(['vaultStatusChanged', 'dataChanged', 'vaultStatusChanged', 'vaultStatusChanged']);
  });

  test('a wrong passphrase is reported as such and leaves the vault locked', async () => {
    await createdAndClosed();
    const vault = service();
    expect(await vault.unlock(`${PASSPHRASE}!`)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(await vault.status()).toEqual({ state: 'locked' });
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(true);
  });

  test('weak passphrases and second vaults are refused', async () => {
    const vault = service();
    expect(await vault.create('v', 'password1')).toMatchObject({ ok: false, error: { code: 'weak-passphrase' } });
    expect(await vault.create('v', 'aaaaaaaaaaaaaaaa')).toMatchObject({ ok: false, error: { code: 'weak-passphrase' } });
    expect(await vault.status()).toEqual({ state: 'none' });
    await vault.create('v', PASSPHRASE);
    expect(await service().create('w', PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'vault-exists' } });
  });

  test('unlocking where no vault exists says so', async () => {
    expect(await service().unlock(PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'no-vault' } });
  });

  test('contacts come back in 五十音 order of their readings', async () => {
    const vault = service();
    await vault.create('v', PASSPHRASE);
    for (const [family, kana] of [['渡辺', 'わたなべ'], ['阿部', 'あべ'], ['佐藤', 'さとう'], ['加藤', 'かとう']] as const) {
      await vault.addContact({ ...TANAKA, familyName: family, familyNameKana: kana });
    }
    const listed = await vault.listContacts();
    expect(listed.ok && listed.value.items.map((c) => c.familyName)).toEqual(['阿部', '加藤', '佐藤', '渡辺']);
  });
});

describe('one process at a time', () => {
  test('while one service has the vault open, another cannot open it; once it locks, the other can', async () => {
    const app = service();
    await app.create('v', PASSPHRASE);
    const tool = service();
    expect(await tool.unlock(PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'vault-in-use' } });
    expect(await tool.status()).toEqual({ state: 'locked' });
    await app.lock();
    expect((await tool.unlock(PASSPHRASE)).ok).toBe(true);
    expect(await app.unlock(PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'vault-in-use' } });
  });

  test('a lock left by a process that is gone (a crash) is taken over', async () => {
    await createdAndClosed();
    await writeFile(join(dir.path, 'enishi.lock'), '2147483646');
    expect((await service().unlock(PASSPHRASE)).ok).toBe(true);
  });

  test('a wrong passphrase does not keep the vault from the next process', async () => {
    await createdAndClosed();
    expect((await service().unlock(`${PASSPHRASE}!`)).ok).toBe(false);
    expect((await service().unlock(PASSPHRASE)).ok).toBe(true);
  });
});

describe('what is on disk', () => {
  test('no name, company or vault name is readable, and every file is private', async () => {
    const vault = service();
    await vault.create('仕事の人脈', PASSPHRASE);
    await vault.addContact(TANAKA);
    await vault.addContact({ ...TANAKA, familyName: 'Schmidt', givenName: 'Anna', familyNameKana: '', givenNameKana: '', company: 'Berliner Beratung' });
    await vault.lock();

    expect(await findPlaintext(dir.path, ['田中', '花子', 'たなか', '縁商事', '営業部長', 'Schmidt', 'Anna', 'Berliner', '仕事の人脈', PASSPHRASE])).toEqual([]);
    const vaultDir = join(dir.path, 'vault');
    for (const name of await readdir(vaultDir)) {
      expect(name).toMatch(/^(keyring|read-model|first-page|[0-9a-z]{32})\.enishi$/);
      if (process.platform !== 'win32') expect((await stat(join(vaultDir, name))).mode & 0o777).toBe(0o600);
    }
    if (process.platform !== 'win32') expect((await stat(vaultDir)).mode & 0o777).toBe(0o700);
  });

  test('a damaged keyring is reported as damage, not as a wrong passphrase', async () => {
    await createdAndClosed();
    const keyring = join(dir.path, 'vault', 'keyring.enishi');
    const bytes = await readFile(keyring);
    bytes[40] = bytes[40]! ^ 0x01;
    await writeFile(keyring, bytes);
    expect(await service().unlock(PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'header-damaged' } });
  });

  test('a keyring below the KDF floor is re-wrapped at the current cost after a good unlock', async () => {
    const weak = { opsLimit: 1, memLimit: 8 * 1024 * 1024 };
    await createdAndClosed('v', { dataDir: dir.path, kdf: testKdf, kdfPolicy: { cost: weak, floor: weak } });
    const stronger = { opsLimit: 2, memLimit: 16 * 1024 * 1024 };
    const keyring = join(dir.path, 'vault', 'keyring.enishi');
    const before = await readFile(keyring);
    const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: { cost: stronger, floor: stronger } });
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(true);
    const after = await readFile(keyring);
    expect(after.equals(before)).toBe(false);
    // ops limit is the u32 after the algorithm byte of the KDF field
    expect(after.readUInt32LE(after.indexOf(Buffer.from([3, 25, 0, 2])) + 4)).toBe(2);
    await vault.lock();
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(true);
  });
});

describe('warming up after unlock', () => {
  test('a few shards are loaded once and freed again; nothing in the vault changes and a lock stops it', async () => {
    const vault = service();
    await vault.create('v', PASSPHRASE);
    const contacts = Array.from({ length: 400 }, (_, i) => ({ ...TANAKA, givenName: `花子${i}` }));
    expect((await vault.importRecords(contacts, () => [])).ok).toBe(true);
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    const before = vault.diagnostics!;
    const listed = await vault.listContacts(0, 500);

    await vault.warmUpLoading(6);
    const after = vault.diagnostics!;
    expect(after.shardLoads).toBe(before.shardLoads + 6);
    expect(after.loadedShards).toBe(before.loadedShards);
    expect(await vault.listContacts(0, 500)).toEqual(listed);

    await vault.lock();
    await vault.warmUpLoading(6); // locked: nothing to do, and no error
    expect(vault.diagnostics).toBeUndefined();
  });
});

describe('many new contacts at once (an import)', () => {
  test('stored through the backend, they read back as one added alone does, survive a restart, and take edits', async () => {
    const vault = service();
    expect((await vault.create('v', PASSPHRASE)).ok).toBe(true);
    const draftOf = (i: number) => ContactDraftSchema.parse({ ...TANAKA, familyName: `田中${i}`, channels: [{ kind: 'email', value: `t${i}@example.jp` }], notes: [{ text: `展示会 ${i}` }], tags: ['展示会'] });
    const created = await vault.write(['contacts'], async ({ data }) => ({ ok: true as const, value: await data.createContacts(Array.from({ length: 1500 }, (_, i) => draftOf(i))) }));
    if (!created.ok) throw new Error(created.error.message);
    const alone = await vault.addContact(draftOf(0)); // the same person, added alone
    if (!alone.ok) throw new Error(alone.error.message);
    const draftsOf = async (v: VaultService, ids: readonly ContactId[]) =>
      Promise.all(ids.map(async (id) => { const read = await v.read(async ({ data }) => ({ ok: true as const, value: await data.contactDraft(id) })); return read.ok ? read.value : undefined; }));
    const [bulk, single] = await draftsOf(vault, [created.value[0]!, alone.value.id]);
    const comparable = (draft: typeof bulk) => ({ ...draft, createdAt: 0, notes: draft!.notes.map((note) => ({ ...note, id: '' })) });
    expect(comparable(bulk)).toEqual(comparable(single));
    expect(bulk?.notes[0]?.text).toBe('展示会 0');

    await vault.lock();
    const reopened = service();
    expect((await reopened.unlock(PASSPHRASE)).ok).toBe(true);
    const listed = await reopened.listContacts(0, 2000);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(new Set(listed.value.items.map((c) => c.familyName))).toEqual(new Set(Array.from({ length: 1500 }, (_, i) => `田中${i}`)));
    const edited = await reopened.updateContact(created.value[7]!, { ...draftOf(7), title: '社長' });
    expect(edited.ok && edited.value.title).toBe('社長');
    const [afterEdit] = await draftsOf(reopened, [created.value[7]!]);
    expect(afterEdit).toMatchObject({ familyName: '田中7', title: '社長' });
  });
});
