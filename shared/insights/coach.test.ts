/** Keep-in-touch timers, birthdays, and the "this week" list with its reasons. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Goal } from '../domain/goal.ts';
import type { ContactId, EventId, GoalId, InteractionId, ProfileId } from '../domain/ids.ts';
import { coachList as coachListOf, type CoachContact, type CoachInput, type CoachInteraction } from './coach.ts';
import { effectiveCadence, nextBirthday, nextDueAt } from './keep-in-touch.ts';
import { DAY_MS } from './reciprocity.ts';

const NOW = new Date(2026, 10, 27, 12).getTime();
const GOAL = 'g0000000000000001' as GoalId;
const PROFILE = 'p0000000000000001' as ProfileId;

type TestContact = CoachContact & { readonly lastInteractionAt: number | null };

function contact(id: string, fields: Partial<TestContact> = {}): TestContact {
  return { id: id as ContactId, stage: 'acquainted', roles: [], cadenceDays: 0, archived: false, birthday: '', goalLinks: [], createdAt: NOW - 400 * DAY_MS, lastInteractionAt: null, ...fields };
}

/** The coach over test contacts that carry their own last-interaction time. */
function coachList(input: Omit<CoachInput, 'lastInteractionOf' | 'contacts'> & { readonly contacts: readonly TestContact[] }) {
  const last = new Map(input.contacts.map((c) => [c.id, c.lastInteractionAt]));
  return coachListOf({ ...input, lastInteractionOf: (id) => last.get(id) ?? null });
}

function interaction(id: string, contactId: string, daysAgo: number, fields: Partial<CoachInteraction> = {}): CoachInteraction {
  return { id: id as InteractionId, contactIds: [contactId as ContactId], occurredAt: NOW - daysAgo * DAY_MS, kind: 'meeting', direction: 'mutual', weight: 1, followUp: null, ...fields };
}

function goal(priority: Goal['priority'], status: Goal['status'] = 'active'): Goal {
  return { id: GOAL, title: 'Freelance', why: '', horizon: '', status, priority, profiles: [{ id: PROFILE, title: 'Web marketer', description: '' }], createdAt: 0, updatedAt: 0 };
}

describe('keep-in-touch cadence', () => {
  test('a cadence set on the contact wins over the stage and role defaults', () => {
    expect(effectiveCadence(contact('c1', { cadenceDays: 14, stage: 'partner', roles: ['mentor'] }))).toEqual({ days: 14, source: 'contact', boostedBy: null });
    expect(effectiveCadence(contact('c1', { stage: 'acquainted' }))).toEqual({ days: 90, source: 'stage', boostedBy: null });
    expect(effectiveCadence(contact('c1', { stage: 'acquainted', roles: ['client'] }))).toEqual({ days: 30, source: 'role', boostedBy: null });
  });

  test('targets and archived contacts have no timer', () => {
    expect(effectiveCadence(contact('c1', { stage: 'target', roles: ['client'] }))).toBeNull();
    expect(effectiveCadence(contact('c1', { archived: true, cadenceDays: 30 }))).toBeNull();
  });

  test('a linked goal shortens the default by its priority, never below a week', () => {
    expect(effectiveCadence(contact('c1'), [{ goalId: GOAL, priority: 'high' }])).toEqual({ days: 45, source: 'stage', boostedBy: GOAL });
    expect(effectiveCadence(contact('c1', { stage: 'reached-out' }), [{ goalId: GOAL, priority: 'high' }])?.days).toBe(7);
    expect(effectiveCadence(contact('c1'), [{ goalId: GOAL, priority: 'low' }])).toEqual({ days: 90, source: 'stage', boostedBy: null });
  });

  test('the timer restarts from the last interaction, whenever it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 365 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (days, createdDaysAgo, lastDaysAgo) => {
        const cadence = { days, source: 'contact' as const, boostedBy: null };
        const created = NOW - createdDaysAgo * DAY_MS;
        expect(nextDueAt(cadence, null, created)).toBe(created + days * DAY_MS);
        const last = NOW - lastDaysAgo * DAY_MS;
        expect(nextDueAt(cadence, last, created)).toBe(last + days * DAY_MS);
      }),
    );
  });
});

describe('birthdays', () => {
  test('the next one is today or later, with the age when the year is known', () => {
    expect(nextBirthday('1990-11-27', NOW)).toMatchObject({ inDays: 0, turns: 36 });
    expect(nextBirthday('--12-01', NOW)).toMatchObject({ inDays: 4, turns: null });
    expect(nextBirthday('1980-11-26', NOW)).toMatchObject({ inDays: 364, turns: 47 });
    expect(nextBirthday('', NOW)).toBeNull();
  });

  test('29 February falls on 28 February in other years', () => {
    const at = nextBirthday('2000-02-29', NOW)!.at;
    expect(new Date(at).getMonth()).toBe(1);
    expect(new Date(at).getDate()).toBe(28);
  });
});

describe('this week', () => {
  test('an upcoming timer shows at most half its rhythm ahead', () => {
    const weekly = contact('c1', { cadenceDays: 14, lastInteractionAt: NOW - 6 * DAY_MS });
    expect(coachList({ now: NOW, contacts: [weekly], interactions: [], events: [], goals: [] }).items).toEqual([]);
    const sooner = contact('c1', { cadenceDays: 14, lastInteractionAt: NOW - 7 * DAY_MS });
    expect(coachList({ now: NOW, contacts: [sooner], interactions: [], events: [], goals: [] }).items[0]?.reasons[0]).toMatchObject({ type: 'due', inDays: 7 });
    const monthly = contact('c2', { cadenceDays: 60, lastInteractionAt: NOW - 52 * DAY_MS });
    expect(coachList({ now: NOW, contacts: [monthly], interactions: [], events: [], goals: [] }).items).toEqual([]);
  });

  test('an overdue person is listed with the reason, and logging an interaction takes them off', () => {
    const overdue = contact('c1', { cadenceDays: 30, lastInteractionAt: NOW - 40 * DAY_MS });
    const { items } = coachList({ now: NOW, contacts: [overdue], interactions: [], events: [], goals: [] });
    expect(items).toHaveLength(1);
    expect(items[0]!.reasons[0]).toMatchObject({ type: 'due', inDays: -10, cadenceDays: 30, source: 'contact' });
    const afterLogging = coachList({ now: NOW, contacts: [{ ...overdue, lastInteractionAt: NOW }], interactions: [], events: [], goals: [] });
    expect(afterLogging.items).toEqual([]);
  });

  test('thanks owed shows until a thank-you is logged', () => {
    const help = interaction('i1', 'c1', 1, { kind: 'help', direction: 'received' });
    const owed = coachList({ now: NOW, contacts: [contact('c1', { lastInteractionAt: help.occurredAt })], interactions: [help], events: [], goals: [] });
    expect(owed.items[0]?.reasons).toEqual([expect.objectContaining({ type: 'thanks-owed', interactionId: 'i1', kind: 'help' })]);
    const thanks = interaction('i2', 'c1', 0, { kind: 'thanks', direction: 'gave' });
    expect(coachList({ now: NOW, contacts: [contact('c1', { lastInteractionAt: thanks.occurredAt })], interactions: [help, thanks], events: [], goals: [] }).items).toEqual([]);
  });

  test('birthdays this week, follow-ups and event follow-ups are reasons; later ones are not', () => {
    const people = [contact('c1', { birthday: '--11-29', lastInteractionAt: NOW }), contact('c2', { birthday: '--12-25', lastInteractionAt: NOW }), contact('c3', { lastInteractionAt: NOW })];
    const followUp = interaction('i1', 'c3', 3, { followUp: { text: 'Send the deck', dueAt: NOW + 2 * DAY_MS, done: false } });
    const event = { id: 'e1' as EventId, title: 'Marketing meetup', attendeeIds: ['c2' as ContactId], followUp: { text: 'Thank everyone', dueAt: NOW - DAY_MS, done: false } };
    const { items } = coachList({ now: NOW, contacts: people, interactions: [followUp], events: [event], goals: [] });
    const reasonsOf = (id: string) => items.find((item) => item.contactId === id)?.reasons.map((r) => r.type);
    expect(reasonsOf('c1')).toEqual(['birthday']);
    expect(reasonsOf('c2')).toEqual(['event-follow-up']);
    expect(reasonsOf('c3')).toEqual(['follow-up']);
    const done = coachList({ now: NOW, contacts: people, interactions: [{ ...followUp, followUp: { ...followUp.followUp!, done: true } }], events: [{ ...event, followUp: null }], goals: [] });
    expect(done.items.map((item) => item.contactId)).toEqual(['c1']);
  });

  test('a target profile nobody has reached yet puts its target contacts on the list, until one is reached', () => {
    const target = contact('c1', { stage: 'target', goalLinks: [PROFILE] });
    const gap = coachList({ now: NOW, contacts: [target], interactions: [], events: [], goals: [goal('high')] });
    expect(gap.items[0]?.reasons).toEqual([expect.objectContaining({ type: 'goal-gap', goalId: GOAL, profileId: PROFILE, priority: 'high' })]);
    const reached = contact('c2', { stage: 'acquainted', goalLinks: [PROFILE], lastInteractionAt: NOW });
    expect(coachList({ now: NOW, contacts: [target, reached], interactions: [], events: [], goals: [goal('high')] }).items).toEqual([]);
    expect(coachList({ now: NOW, contacts: [target], interactions: [], events: [], goals: [goal('high', 'paused')] }).items).toEqual([]);
  });

  test('a snoozed person comes back when the snooze ends; a dismissed reason stays away', () => {
    const overdue = contact('c1', { cadenceDays: 30, lastInteractionAt: NOW - 40 * DAY_MS });
    const snoozed = { snoozedUntil: new Map([['c1', NOW + 7 * DAY_MS]]), dismissed: new Set<string>() };
    expect(coachList({ now: NOW, contacts: [overdue], interactions: [], events: [], goals: [], state: snoozed }).items).toEqual([]);
    expect(coachList({ now: NOW + 8 * DAY_MS, contacts: [overdue], interactions: [], events: [], goals: [], state: snoozed }).items).toHaveLength(1);
    const key = coachList({ now: NOW, contacts: [overdue], interactions: [], events: [], goals: [] }).items[0]!.reasons[0]!.key;
    const dismissed = { snoozedUntil: new Map(), dismissed: new Set([key]) };
    expect(coachList({ now: NOW, contacts: [overdue], interactions: [], events: [], goals: [], state: dismissed }).items).toEqual([]);
  });

  test('lists the few most pressing, with the total, and the same list whatever the input order', () => {
    const people = Array.from({ length: 30 }, (_, i) => contact(`c${String(i).padStart(2, '0')}`, { cadenceDays: 30, lastInteractionAt: NOW - (31 + i) * DAY_MS }));
    const help = interaction('i1', 'c00', 1, { kind: 'help', direction: 'received' });
    const list = coachList({ now: NOW, contacts: people, interactions: [help], events: [], goals: [], options: { limit: 5 } });
    expect(list.total).toBe(30);
    expect(list.items.map((item) => item.contactId)).toEqual(['c00', 'c29', 'c28', 'c27', 'c26']);
    const reversed = coachList({ now: NOW, contacts: [...people].reverse(), interactions: [help], events: [], goals: [], options: { limit: 5 } });
    expect(reversed).toEqual(list);
  });
});
