/** The ledger rules: balances, thanks owed and over-asking, whatever order the interactions come in. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ContactId, InteractionId } from '../domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../domain/interaction.ts';
import { balanceOf, chronological, DAY_MS, ledgersByContact, monthlyBalances, overAsking, overAskingByContact, thanksOwed, trendOf, type LedgerEntry } from './reciprocity.ts';
import { waysToGive } from './ways-to-give.ts';

const NOW = new Date(2026, 10, 27, 12).getTime();

const entryArb = fc.record({
  id: fc.stringMatching(/^i[0-9a-z]{6}$/).map((id) => id as InteractionId),
  /** Whole days, so that several interactions often share an instant. */
  occurredAt: fc.integer({ min: 0, max: 40 }).map((step) => NOW - step * 5 * DAY_MS),
  kind: fc.constantFrom(...INTERACTION_KINDS),
  direction: fc.constantFrom(...DIRECTIONS),
  weight: fc.constantFrom(1, 2, 3),
});
/** Unique ids, as the vault has them. */
const ledgerArb = fc.uniqueArray(entryArb, { selector: (e) => e.id, maxLength: 60 });
const shuffledArb = ledgerArb.chain((ledger) => fc.tuple(fc.constant(ledger), fc.shuffledSubarray(ledger, { minLength: ledger.length, maxLength: ledger.length })));

let counter = 0;
function entry(daysAgo: number, kind: LedgerEntry['kind'], direction: LedgerEntry['direction'], weight = 1): LedgerEntry {
  counter++;
  return { id: `i${String(counter).padStart(6, '0')}` as InteractionId, occurredAt: NOW - daysAgo * DAY_MS, kind, direction, weight };
}

describe('balance', () => {
  test('never depends on the order of the interactions', () => {
    fc.assert(
      fc.property(shuffledArb, ([ledger, shuffled]) => {
        expect(balanceOf(shuffled)).toEqual(balanceOf(ledger));
        expect(trendOf(shuffled, NOW)).toBe(trendOf(ledger, NOW));
        expect(monthlyBalances(shuffled, NOW)).toEqual(monthlyBalances(ledger, NOW));
        expect(thanksOwed(shuffled, NOW)).toEqual(thanksOwed(ledger, NOW));
        expect(overAsking(shuffled, NOW)).toEqual(overAsking(ledger, NOW));
      }),
    );
  });

  test('is what I gave minus what I received, weighted; mutual counts for neither side', () => {
    const ledger = [entry(10, 'help', 'gave', 3), entry(9, 'information', 'received', 1), entry(8, 'meeting', 'mutual', 2)];
    expect(balanceOf(ledger)).toEqual({ gave: 3, received: 1, mutual: 2, balance: 2, count: 3 });
  });

  test('the monthly series sums to the balance of the months it covers', () => {
    fc.assert(
      fc.property(ledgerArb, (ledger) => {
        const months = monthlyBalances(ledger, NOW, 12);
        expect(months).toHaveLength(12);
        const covered = ledger.filter((e) => months.some(({ month }) => month === `${new Date(e.occurredAt).getFullYear()}-${String(new Date(e.occurredAt).getMonth() + 1).padStart(2, '0')}`));
        expect(months.reduce((sum, { balance }) => sum + balance.balance, 0)).toBe(balanceOf(covered).balance);
      }),
    );
  });

  test('trend compares the last 90 days with the 90 before', () => {
    expect(trendOf([entry(150, 'help', 'received', 3), entry(20, 'help', 'gave', 1)], NOW)).toBe('toward-giving');
    expect(trendOf([entry(150, 'help', 'gave', 3), entry(20, 'referral', 'received', 2)], NOW)).toBe('toward-taking');
    expect(trendOf([entry(150, 'help', 'gave', 1), entry(20, 'help', 'gave', 1)], NOW)).toBe('steady');
  });
});

describe('thanks owed', () => {
  test('appears when help is received, is overdue after the days allowed, and clears with a thank-you', () => {
    const help = entry(1, 'help', 'received');
    const [owed] = thanksOwed([help], NOW, { withinDays: 2, lookbackDays: 90 });
    expect(owed).toMatchObject({ interactionId: help.id, kind: 'help', overdue: false });
    expect(thanksOwed([help], NOW + 2 * DAY_MS, { withinDays: 2, lookbackDays: 90 })[0]?.overdue).toBe(true);
    expect(thanksOwed([help, entry(0.5, 'thanks', 'gave')], NOW)).toEqual([]);
  });

  test('a thank-you sent before the help does not clear it; one sent after clears everything before it', () => {
    const earlierThanks = entry(5, 'thanks', 'gave');
    const referral = entry(4, 'referral', 'received');
    expect(thanksOwed([earlierThanks, referral], NOW).map((o) => o.interactionId)).toEqual([referral.id]);
    const laterHelp = entry(1, 'information', 'received');
    expect(thanksOwed([referral, entry(2, 'thanks', 'mutual'), laterHelp], NOW).map((o) => o.interactionId)).toEqual([laterHelp.id]);
  });

  test('only help-like kinds I received call for thanks, and old help is not brought up again', () => {
    expect(thanksOwed([entry(1, 'meeting', 'received'), entry(1, 'help', 'gave'), entry(1, 'help', 'mutual')], NOW)).toEqual([]);
    expect(thanksOwed([entry(120, 'help', 'received')], NOW, { withinDays: 2, lookbackDays: 90 })).toEqual([]);
  });

  test('whatever the ledger, every owed item was received, help-like, and has no thank-you after it', () => {
    fc.assert(
      fc.property(ledgerArb, (ledger) => {
        for (const owed of thanksOwed(ledger, NOW)) {
          const source = ledger.find((e) => e.id === owed.interactionId)!;
          expect(source.direction).toBe('received');
          expect(['help', 'information', 'referral', 'introduction', 'gift']).toContain(source.kind);
          const thankedAfter = ledger.some((e) => e.kind === 'thanks' && e.direction !== 'received' && (e.occurredAt > source.occurredAt || (e.occurredAt === source.occurredAt && e.id > source.id)));
          expect(thankedAfter).toBe(false);
        }
      }),
    );
  });
});

describe('over-asking', () => {
  test('three receptions in a row without giving is flagged; giving ends the streak; a bare thank-you does not', () => {
    const asks = [entry(30, 'help', 'received'), entry(20, 'information', 'received'), entry(10, 'referral', 'received')];
    expect(overAsking(asks, NOW)).toEqual({ streak: 3, since: asks[0]!.occurredAt });
    expect(overAsking([...asks.slice(0, 2), entry(15, 'thanks', 'gave'), asks[2]!], NOW)).toMatchObject({ streak: 3 });
    expect(overAsking([...asks, entry(5, 'information', 'gave')], NOW)).toBeNull();
    expect(overAsking([...asks.slice(0, 2), entry(15, 'meeting', 'mutual'), asks[2]!], NOW)).toBeNull();
  });

  test('only the last year counts', () => {
    const longAgo = [entry(500, 'help', 'received'), entry(450, 'help', 'received')];
    expect(overAsking([...longAgo, entry(10, 'help', 'received')], NOW)).toBeNull();
    expect(overAsking([...longAgo, entry(10, 'help', 'received')], NOW, { minStreak: 3, withinDays: 1000 })).toMatchObject({ streak: 3 });
  });

  test('found for everyone in one newest-first pass, the same as per person', () => {
    const withContacts = ledgerArb.chain((ledger) => fc.tuple(fc.constant(ledger), fc.array(fc.subarray(['c1', 'c2', 'c3'] as ContactId[], { minLength: 1 }), { minLength: ledger.length, maxLength: ledger.length })));
    fc.assert(
      fc.property(withContacts, ([ledger, contactLists]) => {
        const interactions = ledger.map((entry, i) => ({ ...entry, contactIds: contactLists[i]! }));
        const rules = { minStreak: 2, withinDays: 100 };
        const all = overAskingByContact(chronological(interactions).reverse(), NOW, rules);
        for (const [contactId, own] of ledgersByContact(interactions)) expect(all.get(contactId) ?? null).toEqual(overAsking(own, NOW, rules));
      }),
    );
  });
});

describe('ways to give', () => {
  test('come from needs first, then interests, split into topics; confidential notes are left out', () => {
    const ways = waysToGive({
      needs: { text: '採用の相談、デザイナー紹介', confidentiality: 'normal' },
      interests: { text: 'SEO・コンテンツマーケティング\n採用の相談', confidentiality: 'private' },
    });
    expect(ways).toEqual([
      { from: 'needs', topic: '採用の相談' },
      { from: 'needs', topic: 'デザイナー紹介' },
      { from: 'interests', topic: 'SEO' },
      { from: 'interests', topic: 'コンテンツマーケティング' },
    ]);
    expect(waysToGive({ needs: { text: '転職を考えている', confidentiality: 'confidential' }, interests: { text: '', confidentiality: 'normal' } })).toEqual([]);
  });
});
