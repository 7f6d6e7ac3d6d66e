/**
 * Changes from another device into shards that are not loaded go through Automerge's backend alone
 * (backend-apply.ts): what the user then sees must be exactly what the full document shows —
 * the list, the timeline, search, a contact opened, and the same again from disk after a restart.
 */
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { createDispatcher } from '../api/dispatch.ts';
import { vaultHandlers } from '../api/handlers.ts';
import { serviceEndpoint, syncEndpoints } from '../sync/shard-sync.ts';
import { CACHE_FILE } from './read-model-cache-file.ts';
import { VaultService } from './vault-service.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const NOW = Date.UTC(2026, 11, 8, 3);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Device {
  readonly vault: VaultService;
  readonly dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** A device; `maxLoadedShards: 0` keeps no shard but the root loaded, so every change received finds its shard unloaded. */
function device(dataDir: string, maxLoadedShards?: number): Device {
  const vault = new VaultService({ dataDir, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, clock: () => NOW, ...(maxLoadedShards !== undefined && { session: { maxLoadedShards } }) });
  const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: (_m, error) => console.error(error) });
  cleanups.push(() => vault.lock().then(() => undefined));
  return {
    vault,
    dataDir,
    async call(method, input) {
      const result = await dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
  };
}

const EMPTY = { text: '' };
/** A contact as its form sends it back: the fields shown, with no note texts (these contacts have none). */
const asDraft = (detail: MethodOutput<'getContact'>, changes: Partial<MethodInput<'updateContact'>['draft']>): MethodInput<'updateContact'>['draft'] => ({ ...detail, understanding: { strengths: EMPTY, values: EMPTY, interests: EMPTY, needs: EMPTY }, notes: [], ...changes });

const person = (familyName: string, extra: Partial<MethodInput<'addContact'>> = {}): MethodInput<'addContact'> => ({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });

/** A laptop with a few dozen people over many buckets, a desktop that is a copy of it keeping no shard loaded, and a phone. */
async function laptopAndDesktop(): Promise<{ laptop: Device; desktop: Device; phone: Device; people: ContactId[] }> {
  const root = await makeTempDir('enishi-backend-apply-');
  cleanups.push(root.remove);
  const laptop = device(join(root.path, 'laptop'));
  await laptop.call('createVault', { name: 'shared', passphrase: PASSPHRASE });
  const people: ContactId[] = [];
  for (let i = 0; i < 40; i++) people.push((await laptop.call('addContact', person(`Person ${i}`, { company: `Company ${i % 7}` }))).id);
  await laptop.call('addInteraction', { contactIds: [people[0]!], occurredAt: NOW - 86_400_000, kind: 'meeting', direction: 'mutual', summary: 'first lunch' });
  await laptop.vault.lock();
  await cp(join(root.path, 'laptop'), join(root.path, 'desktop'), { recursive: true });
  await cp(join(root.path, 'laptop'), join(root.path, 'phone'), { recursive: true });
  const desktop = device(join(root.path, 'desktop'), 0);
  const phone = device(join(root.path, 'phone'));
  for (const each of [laptop, desktop, phone]) await each.call('unlockVault', { passphrase: PASSPHRASE });
  return { laptop, desktop, phone, people };
}

/** What a user sees of a copy: the list with its fields, the timeline, a search, and each person opened. */
async function picture(d: Device, people: readonly ContactId[]) {
  const contacts = (await d.call('listContacts', { limit: 1000, archived: 'include' })).items.map((c) => [c.id, c.familyName, c.company, c.title, c.tags.join(','), c.stage, c.archived, c.interactionCount]);
  const timeline = (await d.call('listTimeline', { limit: 1000 })).items.map((row) => (row.type === 'item' ? `${row.id}:${row.summary}${row.noteConflict ? ' (two versions)' : ''}` : row.key));
  const found = (await d.call('search', { query: 'Berlin', limit: 100 })).contacts.map((c) => c.id).sort();
  const opened = [];
  for (const id of people) {
    const detail = await d.call('getContact', { id }).catch(() => null);
    opened.push(detail && [detail.title, detail.channels.map((c) => c.value).join(','), detail.tags.join(',')]);
  }
  return { contacts, timeline, found, opened };
}

describe('changes received into shards that are not loaded', () => {
  test('show the same list, timeline, search and contacts as on the device that made them, and again after a restart', async () => {
    const { laptop, desktop, phone, people } = await laptopAndDesktop();
    const [a, b, c, d] = people as [ContactId, ContactId, ContactId, ContactId];
    // The laptop and the phone change one interaction's note at once; the laptop then holds both versions.
    const lunch = (await laptop.call('listTimeline', { limit: 10 })).items.flatMap((row) => (row.type === 'item' ? [row.id] : []))[0]!;
    for (const [each, text] of [[laptop, 'Talked about Berlin'], [phone, 'Talked about Tokyo']] as const) {
      const edited = await each.call('getInteraction', { id: lunch });
      await each.call('updateInteraction', { id: lunch, draft: { ...edited, note: { text } } });
    }
    await syncEndpoints(serviceEndpoint(laptop.vault), serviceEndpoint(phone.vault));
    const detail = await laptop.call('getContact', { id: a });
    await laptop.call('updateContact', { id: a, draft: asDraft(detail, { title: '部長', tags: ['Berlin'], channels: [{ kind: 'email', label: 'work', value: 'a@example.com' }] }) });
    await laptop.call('setContactStage', { id: b, stage: 'trusted' });
    await laptop.call('setContactArchived', { id: c, archived: true });
    await laptop.call('deleteContact', { id: d });
    const added = await laptop.call('addContact', person('Weber', { company: 'Berlin Consulting' }));
    const { id: logged } = await laptop.call('addInteraction', { contactIds: [b, added.id], occurredAt: NOW - 3_600_000, kind: 'call', direction: 'mutual', summary: 'catch-up call' });
    await laptop.call('addEvent', { title: '交流会', startsAt: NOW + 86_400_000, attendeeIds: [a] });
    const before = diagnostics(desktop);

    await syncEndpoints(serviceEndpoint(laptop.vault), serviceEndpoint(desktop.vault));
    const everyone = [...people, added.id];
    const seen = await picture(laptop, everyone);
    expect(await picture(desktop, everyone)).toEqual(seen);
    expect(seen.timeline).toEqual(expect.arrayContaining([`${logged}:catch-up call`, `${lunch}:first lunch (two versions)`]));
    expect(seen.found).toEqual([a, added.id].sort());
    // The changes went in without building the shards' documents.
    expect(diagnostics(desktop).appliedWithoutDocument - before.appliedWithoutDocument).toBeGreaterThan(0);

    // What reached the disk is what the model shows: unlocked again without the cache, everything is rebuilt from the shards.
    await desktop.vault.lock();
    await rm(join(desktop.dataDir, 'vault', CACHE_FILE));
    await desktop.call('unlockVault', { passphrase: PASSPHRASE });
    expect(await picture(desktop, everyone)).toEqual(seen);
  });

  test('any mix of edits, additions, deletions and interactions, synced in any number of runs, matches the full documents', async () => {
    const operation = fc.oneof(
      fc.record({ type: fc.constant('title' as const), who: fc.nat(39), title: fc.constantFrom('CEO', '課長', '') }),
      fc.record({ type: fc.constant('tag' as const), who: fc.nat(39), tag: fc.constantFrom('Berlin', '勉強会') }),
      fc.record({ type: fc.constant('add' as const), name: fc.constantFrom('Ito', '山田', 'Berlin Bauer') }),
      fc.record({ type: fc.constant('delete' as const), who: fc.nat(39) }),
      fc.record({ type: fc.constant('log' as const), who: fc.nat(39) }),
      fc.record({ type: fc.constant('sync' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 2, maxLength: 10 }), async (schedule) => {
        const { laptop, desktop, phone, people } = await laptopAndDesktop();
        const everyone = [...people];
        const gone = new Set<ContactId>();
        let n = 0;
        for (const op of schedule) {
          const id = 'who' in op ? people[op.who]! : undefined;
          if (id && gone.has(id)) continue;
          if (op.type === 'title' || op.type === 'tag') {
            const detail = await laptop.call('getContact', { id: id! });
            await laptop.call('updateContact', { id: id!, draft: asDraft(detail, op.type === 'title' ? { title: op.title } : { tags: [...new Set([...detail.tags, op.tag])] }) });
          } else if (op.type === 'add') {
            everyone.push((await laptop.call('addContact', person(`${op.name} ${n++}`))).id);
          } else if (op.type === 'delete') {
            await laptop.call('deleteContact', { id: id! });
            gone.add(id!);
          } else if (op.type === 'log') {
            await laptop.call('addInteraction', { contactIds: [id!], occurredAt: NOW - ++n * 60_000, kind: 'meeting', direction: 'mutual', summary: `talk ${n}` });
          } else {
            await syncEndpoints(serviceEndpoint(laptop.vault), serviceEndpoint(desktop.vault));
          }
        }
        await syncEndpoints(serviceEndpoint(laptop.vault), serviceEndpoint(desktop.vault));
        expect(await picture(desktop, everyone)).toEqual(await picture(laptop, everyone));
        for (const each of [laptop, desktop, phone]) await each.vault.lock();
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});

function diagnostics(d: Device): { appliedWithoutDocument: number } {
  const status = d.vault.diagnostics;
  if (!status) throw new Error('the vault is locked');
  return status;
}
