import { appendFile, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { ContactDraftSchema, type ContactDraft } from '../../../shared/domain/contact.ts';
import { InteractionDraftSchema } from '../../../shared/domain/interaction.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { VaultData } from './vault-data.ts';
import { VaultSession, type SessionOptions } from './vault-session.ts';

let sodium: Sodium;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let identity: { vaultId: Uint8Array; vaultKey: Uint8Array; deviceKey: Uint8Array; storageKey: Uint8Array };

beforeAll(async () => {
  sodium = await loadSodium();
});
beforeEach(async () => {
  dir = await makeTempDir();
  identity = { vaultId: sodium.randombytes_buf(16), vaultKey: sodium.randombytes_buf(32), deviceKey: sodium.randombytes_buf(32), storageKey: sodium.randombytes_buf(32) };
});
afterEach(() => dir.remove());

/** A session over the temp folder; each gets its own copy of the key (sessions zero theirs on close). */
async function open(options: Partial<SessionOptions> = {}) {
  const session = await VaultSession.open({ dir: dir.path, sodium, vaultId: identity.vaultId, vaultKey: identity.vaultKey.slice(), deviceKey: identity.deviceKey.slice(), storageKey: identity.storageKey.slice(), clock: () => Date.UTC(2026, 10, 27), ...options });
  const data = new VaultData(session);
  return {
    session,
    data,
    get shardLoads() {
      return session.shardLoads;
    },
    get loadedShardCount() {
      return session.loadedShardCount;
    },
    get damage() {
      return session.damage;
    },
    initialize: (name: string) => session.initialize(name),
    addContacts: (drafts: ContactDraft[]) => data.createContacts(drafts),
    updateContact: (id: ContactId, draft: ContactDraft) => data.updateContact(id, draft),
    addInteractions: (drafts: object[]) => data.createInteractions(drafts.map((d) => InteractionDraftSchema.parse(d))),
    contact: (id: ContactId) => session.model.contact(id),
    listContacts: (offset: number, limit: number) => session.model.contactsPage(offset, limit),
    close: (options?: { saveCache?: boolean }) => session.close(options),
  };
}

const draft = (i: number): ContactDraft => ContactDraftSchema.parse({ familyName: `姓${i}`, givenName: `名${i}`, familyNameKana: '', givenNameKana: '', company: `会社${i % 7}`, title: '' });
const drafts = (n: number) => Array.from({ length: n }, (_, i) => draft(i));

describe('the read-model cache', () => {
  test('a reopened vault answers from the cache, loading only the root', async () => {
    const first = await open();
    await first.initialize('v');
    const ids = await first.addContacts(drafts(300));
    await first.addInteractions(ids.slice(0, 50).map((id, i) => ({ contactIds: [id], occurredAt: Date.UTC(2025, i % 12, 1), kind: 'met', direction: 'gave', summary: `s${i}`, notes: '' })));
    const before = first.listContacts(0, 1000);
    await first.close();

    const second = await open();
    expect(second.shardLoads).toBe(1);
    expect(second.listContacts(0, 1000)).toEqual(before);
    expect(second.contact(ids[0]!)).toMatchObject({ interactionCount: 1, lastInteractionAt: Date.UTC(2025, 0, 1) });
    await second.close();
  });

  test('a shard written after the cache was saved is reloaded, and only that one', async () => {
    const first = await open();
    await first.initialize('v');
    await first.addContacts(drafts(200));
    await first.close();

    const crashing = await open();
    const [added] = await crashing.addContacts([{ ...draft(999), familyName: '新規' }]);
    await crashing.close({ saveCache: false }); // as if the app died before saving the cache

    const third = await open();
    expect(third.shardLoads).toBe(2);
    expect(third.contact(added!)?.familyName).toBe('新規');
    expect(third.listContacts(0, 1000).total).toBe(201);
    await third.close();
  });

  test('without a usable cache every shard is read once and the model is rebuilt', async () => {
    const first = await open();
    await first.initialize('v');
    await first.addContacts(drafts(120));
    const before = first.listContacts(0, 1000);
    await first.close();
    await writeFile(join(dir.path, 'read-model.enishi'), 'garbage');

    const second = await open({ maxLoadedShards: 3 });
    expect(second.shardLoads).toBeGreaterThan(10);
    expect(second.loadedShardCount).toBeLessThanOrEqual(4);
    expect(second.listContacts(0, 1000)).toEqual(before);
    await second.close();
  });
});

describe('writes', () => {
  test('an edit loads only the shard it touches, and the loaded set stays bounded', async () => {
    const session = await open({ maxLoadedShards: 2 });
    await session.initialize('v');
    const ids = await session.addContacts(drafts(200));
    expect(session.loadedShardCount).toBeLessThanOrEqual(3);
    await session.close();

    const reopened = await open({ maxLoadedShards: 2 });
    const loadsAtOpen = reopened.shardLoads;
    await reopened.updateContact(ids[5]!, { ...draft(5), title: '部長' });
    expect(reopened.shardLoads).toBe(loadsAtOpen + 1);
    expect(reopened.contact(ids[5]!)?.title).toBe('部長');
    await reopened.close();
  });

  test('compaction keeps every change, and the log starts over', async () => {
    const session = await open({ compactAfterRecords: 3 });
    await session.initialize('v');
    const [id] = await session.addContacts([draft(1)]);
    // 1 add + 5 edits = 6 records: compacted after the 3rd and the 6th.
    for (let i = 0; i < 5; i++) await session.updateContact(id!, { ...draft(1), title: `title ${i}` });
    await session.close({ saveCache: false });

    const reopened = await open();
    expect(reopened.contact(id!)?.title).toBe('title 4');
    await reopened.close();
    const sizes = await Promise.all((await readdir(dir.path)).map(async (name) => (await readFile(join(dir.path, name))).length));
    expect(Math.min(...sizes)).toBeLessThan(200); // an empty log is a bare header
  });

  test('a torn append (the app died mid-write) is ignored and the next write goes after the last good record', async () => {
    const session = await open();
    await session.initialize('v');
    const [id] = await session.addContacts([draft(1)]);
    await session.close({ saveCache: false });
    // Tear: append half a record's length prefix to every log file.
    for (const name of await readdir(dir.path)) if (name !== 'read-model.enishi') await appendFile(join(dir.path, name), Uint8Array.of(200, 0));

    const reopened = await open();
    expect(reopened.contact(id!)?.familyName).toBe('姓1');
    expect(reopened.damage).toEqual([]);
    await reopened.updateContact(id!, { ...draft(1), title: 'after the tear' });
    await reopened.close({ saveCache: false });
    const third = await open();
    expect(third.contact(id!)?.title).toBe('after the tear');
    await third.close();
  });
});

describe('catching up a copy that is behind', () => {
  test('what this session changed reaches a copy that is behind without loading those shards again, and the copy ends up the same', async () => {
    const first = await open();
    await first.initialize('v');
    const ids = await first.addContacts(drafts(300));
    await first.close();
    const copy = await makeTempDir();
    await cp(dir.path, copy.path, { recursive: true });

    const here = await open({ maxLoadedShards: 1 });
    for (let i = 0; i < 30; i++) await here.updateContact(ids[i * 7]!, { ...draft(i * 7), title: `title ${i}` });
    const behind = await VaultSession.open({ dir: copy.path, sodium, vaultId: identity.vaultId, vaultKey: identity.vaultKey.slice(), deviceKey: identity.deviceKey.slice(), storageKey: identity.storageKey.slice(), clock: () => Date.UTC(2026, 10, 27) });
    try {
      const theirs = await behind.exchange.shardSummary();
      const ours = await here.session.exchange.shardSummary();
      const loadsBefore = here.shardLoads;
      let caughtUp = 0;
      for (const [id, heads] of ours) {
        const changes = await here.session.exchange.changesAhead(id, theirs.get(id) ?? []);
        if (!changes) continue;
        expect(await behind.exchange.applyChanges(id, changes, heads)).toBe(true);
        caughtUp++;
      }
      expect(caughtUp).toBeGreaterThan(5); // the edits touched many shards, all but one freed since
      expect(here.shardLoads).toBe(loadsBefore);
      expect(await behind.exchange.shardSummary()).toEqual(ours);
      for (let i = 0; i < 30; i++) expect(behind.model.contact(ids[i * 7]!)?.title).toBe(`title ${i}`);
    } finally {
      await behind.close();
      await here.close();
      await copy.remove();
    }
  });
});
