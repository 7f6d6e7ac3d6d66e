/** Notifications under a fake clock: once a day per reason, nothing in quiet hours, a crowd folded, no secrets. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodName } from '../../../shared/api/contract.ts';
import type { ContactId, InteractionId } from '../../../shared/domain/ids.ts';
import type { CoachReason } from '../../../shared/insights/coach.ts';
import type { DueItem, Notice } from '../../../shared/insights/notifications.ts';
import type { CoachView } from '../../../shared/vault/insight-queries.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { createDispatcher } from '../api/dispatch.ts';
import { vaultHandlers } from '../api/handlers.ts';
import { VaultService } from '../vault/vault-service.ts';
import { NotificationScheduler, type NotificationSettings } from './scheduler.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Friday, 10:00 local time. */
const MORNING = new Date(2026, 10, 27, 10).getTime();

const thanks = (id: string): CoachReason => ({ type: 'thanks-owed', key: `thanks:${id}`, interactionId: id as InteractionId, kind: 'help', receivedAt: MORNING - DAY, dueAt: MORNING + DAY, overdue: false });
const dueIn = (id: string, inDays: number): CoachReason => ({ type: 'due', key: `due:${id}`, dueAt: MORNING + inDays * DAY, inDays, cadenceDays: 30, source: 'contact', boostedBy: null, lastInteractionAt: null });

function harness(items: DueItem[], given: NotificationSettings | 'locked' = { notify: true, quietFrom: '21:00', quietUntil: '08:00' }) {
  const settings: NotificationSettings | undefined = given === 'locked' ? undefined : given;
  let now = MORNING;
  let fire: (() => void) | undefined;
  const shown: Notice[] = [];
  const state: { items: DueItem[]; settings: NotificationSettings | undefined } = { items, settings };
  const scheduler = new NotificationScheduler({
    clock: () => now,
    timers: { setInterval: (run) => ((fire = run), 1), clearInterval: () => (fire = undefined) },
    settings: () => Promise.resolve(state.settings),
    due: () => Promise.resolve(state.items),
    language: () => 'en',
    show: (notice) => shown.push(notice),
  });
  return { scheduler, shown, state, at: (time: number) => (now = time), fire: () => fire?.(), started: () => fire !== undefined };
}

describe('the notification scheduler', () => {
  test('announces what is due now, once a day per reason; what is only due later this week waits', async () => {
    const h = harness([{ name: 'Hanako', reasons: [thanks('i1')] }, { name: 'Ken', reasons: [dueIn('c2', 3)] }]);
    expect((await h.scheduler.tick()).map((n) => n.body)).toEqual(['Say thanks to Hanako']);
    h.at(MORNING + 2 * HOUR);
    expect(await h.scheduler.tick()).toEqual([]);
    h.at(MORNING + DAY);
    expect((await h.scheduler.tick()).map((n) => n.body)).toEqual(['Say thanks to Hanako']);
    h.at(MORNING + 3 * DAY);
    h.state.items = [{ name: 'Ken', reasons: [dueIn('c2', 0)] }];
    expect((await h.scheduler.tick()).map((n) => n.body)).toEqual(['Time to get in touch with Ken']);
  });

  test('is silent in quiet hours (also across midnight) and catches up when they end', async () => {
    const h = harness([{ name: 'Hanako', reasons: [thanks('i1')] }]);
    h.at(new Date(2026, 10, 27, 22, 30).getTime());
    expect(await h.scheduler.tick()).toEqual([]);
    h.at(new Date(2026, 10, 28, 7, 59).getTime());
    expect(await h.scheduler.tick()).toEqual([]);
    h.at(new Date(2026, 10, 28, 8, 0).getTime());
    expect(await h.scheduler.tick()).toHaveLength(1);
    h.state.settings = { notify: true, quietFrom: '12:00', quietUntil: '13:00' };
    h.scheduler.reset();
    h.at(new Date(2026, 10, 28, 12, 30).getTime());
    expect(await h.scheduler.tick()).toEqual([]);
  });

  test('says nothing when turned off or while the vault is locked', async () => {
    const off = harness([{ name: 'Hanako', reasons: [thanks('i1')] }], { notify: false, quietFrom: '00:00', quietUntil: '00:00' });
    expect(await off.scheduler.tick()).toEqual([]);
    const locked = harness([{ name: 'Hanako', reasons: [thanks('i1')] }], 'locked');
    expect(await locked.scheduler.tick()).toEqual([]);
  });

  test('more than three at once become one notice that counts them', async () => {
    const h = harness(['A', 'B', 'C', 'D', 'E'].map((name, i) => ({ name, reasons: [thanks(`i${i}`)] })));
    const shown = await h.scheduler.tick();
    expect(shown.map((n) => n.body)).toEqual(['This week: 5 people to get in touch with']);
    expect(h.shown).toEqual(shown);
  });

  test('checks on its interval once started, and not after it is stopped', async () => {
    const h = harness([{ name: 'Hanako', reasons: [thanks('i1')] }]);
    h.scheduler.start();
    h.fire();
    await h.scheduler.tick();
    expect(h.shown).toHaveLength(1);
    h.scheduler.stop();
    expect(h.started()).toBe(false);
  });
});

describe('notifications from a real vault', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let vault: VaultService;
  beforeEach(async () => {
    dir = await makeTempDir();
    vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, clock: () => MORNING });
  });
  afterEach(async () => {
    await vault.lock();
    await dir.remove();
  });

  test('name and kind of reason only: no note, follow-up text or event title, in either language', async () => {
    const dispatch = createDispatcher(vaultHandlers(vault));
    const call = async (method: MethodName, input: unknown) => {
      const result = await dispatch(method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as { id: ContactId };
    };
    await call('createVault', { name: 'v', passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
    const { id } = await call('addContact', { familyName: '山本', givenName: '花子', familyNameKana: '', givenNameKana: '', company: '', title: '', understanding: { needs: { text: 'SECRET-NEED', confidentiality: 'confidential' } } });
    await call('addInteraction', { contactIds: [id], occurredAt: MORNING - DAY, kind: 'help', direction: 'received', summary: 'SECRET-SUMMARY', note: { text: 'SECRET-NOTE', confidentiality: 'confidential' }, followUp: { text: 'SECRET-FOLLOW-UP', dueAt: MORNING - HOUR } });
    await call('addEvent', { title: 'SECRET-EVENT', startsAt: MORNING - DAY, attendeeIds: [id], followUp: { text: 'SECRET-EVENT-FOLLOW-UP', dueAt: MORNING - HOUR } });
    for (const language of ['ja', 'en'] as const) {
      const shown: Notice[] = [];
      const scheduler = new NotificationScheduler({
        clock: () => MORNING,
        settings: () => Promise.resolve({ notify: true, quietFrom: '21:00', quietUntil: '08:00' }),
        due: async () => {
          const coach = await dispatch('getCoach', {});
          if (!coach.ok) throw new Error(coach.error.message);
          return (coach.value as CoachView).items.map((item) => ({ name: item.person.name, reasons: item.reasons }));
        },
        language: () => language,
        show: (notice) => shown.push(notice),
      });
      await scheduler.tick();
      expect(shown).toHaveLength(1);
      expect(shown[0]!.body).toContain('山本 花子');
      expect(JSON.stringify(shown)).not.toMatch(/SECRET/);
    }
  });
});
