/**
 * The child of the crash harness: opens (or creates) a vault and writes at random until it is
 * killed. After each write is durable it prints an ACK line; the parent checks that every
 * acknowledged write survives the SIGKILL.
 *
 *   node tests/crash/writer.ts --data-dir DIR --seed N
 *
 * Contacts carry a counter in their title ("v7"); each update raises it by one. Interactions are
 * counted per contact. Both only grow, so "at least what was acknowledged" is checkable.
 */
import { parseArgs } from 'node:util';
import type { ContactId } from '../../shared/domain/ids.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { seededRandom } from '../bench/people.ts';
import { TEST_KDF_POLICY, testKdf } from '../support/fast-kdf.ts';

export const CRASH_PASSPHRASE = 'shizuka-na-yoru-ni-kitsune-ga-naku';

const { values: args } = parseArgs({ options: { 'data-dir': { type: 'string' }, seed: { type: 'string', default: '1' } } });
const random = seededRandom(Number(args.seed));
const vault = new VaultService({
  dataDir: args['data-dir']!,
  kdf: testKdf,
  kdfPolicy: TEST_KDF_POLICY,
  // Small numbers so that kills land inside compactions and cache saves, not only appends.
  session: { compactAfterRecords: 4, maxLoadedShards: 3 },
  cacheSaveDelayMs: 5,
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const must = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const status = await vault.status();
if (status.state === 'none') {
  must(await vault.create('crash', CRASH_PASSPHRASE));
  say('ACK create');
} else {
  must(await vault.unlock(CRASH_PASSPHRASE));
}
say('READY');

const version = new Map<ContactId, number>();
const interactions = new Map<ContactId, number>();
for (const contact of must(await vault.listContacts(0, 1000)).items) {
  version.set(contact.id, Number(contact.title.slice(1)));
  interactions.set(contact.id, contact.interactionCount);
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

for (;;) {
  const ids = [...version.keys()];
  const roll = random();
  if (ids.length < 5 || roll < 0.3) {
    const added = must(await vault.addContact({ familyName: `姓${ids.length}`, givenName: '名', familyNameKana: '', givenNameKana: '', company: '', title: 'v0' }));
    version.set(added.id, 0);
    interactions.set(added.id, 0);
    say(`ACK contact ${added.id} 0`);
  } else if (roll < 0.65) {
    const id = pick(ids);
    const next = version.get(id)! + 1;
    must(await vault.updateContact(id, { familyName: `姓`, givenName: '名', familyNameKana: '', givenNameKana: '', company: '', title: `v${next}` }));
    version.set(id, next);
    say(`ACK contact ${id} ${next}`);
  } else if (roll < 0.95) {
    const id = pick(ids);
    const count = 1 + Math.floor(random() * 3);
    const when = Date.UTC(2020 + Math.floor(random() * 6), Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    must(await vault.addInteractions(Array.from({ length: count }, (_, i) => ({ contactIds: [id], occurredAt: when + i, kind: 'met' as const, direction: 'mutual' as const, summary: 'crash test', note: { text: 'x'.repeat(Math.floor(random() * 400)) } }))));
    interactions.set(id, interactions.get(id)! + count);
    say(`ACK interaction ${id} ${interactions.get(id)!}`);
  } else {
    await vault.lock(); // saves the read-model cache
    must(await vault.unlock(CRASH_PASSPHRASE));
  }
}
