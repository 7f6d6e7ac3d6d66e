/**
 * Reciprocity (ギブ&テイク): what I gave a person and what I received, weighted, over time — and the
 * nudges that come from it: thanks owed, and asking too often without giving back. Pure functions
 * of the interactions; none depends on the order they are passed in.
 */
import type { ContactId, InteractionId } from '../domain/ids.ts';
import type { Direction, InteractionKind } from '../domain/interaction.ts';

export const DAY_MS = 86_400_000;

/** The part of an interaction the ledger reads. */
export interface LedgerEntry {
  readonly id: InteractionId;
  readonly occurredAt: number;
  readonly kind: InteractionKind;
  readonly direction: Direction;
  readonly weight: number;
}

export interface Balance {
  /** Weighted sums. */
  readonly gave: number;
  readonly received: number;
  readonly mutual: number;
  /** gave − received: positive when I mostly give, negative when I mostly take. */
  readonly balance: number;
  readonly count: number;
}

export const EMPTY_BALANCE: Balance = { gave: 0, received: 0, mutual: 0, balance: 0, count: 0 };

export function addToBalance(total: Balance, entry: Pick<LedgerEntry, 'direction' | 'weight'>): Balance {
  const gave = total.gave + (entry.direction === 'gave' ? entry.weight : 0);
  const received = total.received + (entry.direction === 'received' ? entry.weight : 0);
  const mutual = total.mutual + (entry.direction === 'mutual' ? entry.weight : 0);
  return { gave, received, mutual, balance: gave - received, count: total.count + 1 };
}

export function balanceOf(entries: Iterable<Pick<LedgerEntry, 'direction' | 'weight'>>): Balance {
  let gave = 0;
  let received = 0;
  let mutual = 0;
  let count = 0;
  for (const entry of entries) {
    if (entry.direction === 'gave') gave += entry.weight;
    else if (entry.direction === 'received') received += entry.weight;
    else mutual += entry.weight;
    count++;
  }
  return { gave, received, mutual, balance: gave - received, count };
}

export type Trend = 'toward-giving' | 'toward-taking' | 'steady';

/**
 * Which way the balance moved: the last `windowDays` against the window before it. A change of less
 * than one weight point is steady.
 */
export function trendOf(entries: readonly LedgerEntry[], now: number, windowDays = 90): Trend {
  const recentFrom = now - windowDays * DAY_MS;
  const previousFrom = recentFrom - windowDays * DAY_MS;
  const recent = balanceOf(entries.filter((e) => e.occurredAt > recentFrom && e.occurredAt <= now));
  const previous = balanceOf(entries.filter((e) => e.occurredAt > previousFrom && e.occurredAt <= recentFrom));
  const change = recent.balance - previous.balance;
  return change >= 1 ? 'toward-giving' : change <= -1 ? 'toward-taking' : 'steady';
}

/** The local month (YYYY-MM) an instant falls in. */
export function monthOf(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** Weighted gave / received / mutual per month for the last `count` months (empty months included). */
export function monthlyBalances(entries: Iterable<LedgerEntry>, now: number, count = 12): { month: string; balance: Balance }[] {
  const date = new Date(now);
  // starts[i] is local midnight of the first day of months[i].
  const starts = Array.from({ length: count }, (_, i) => new Date(date.getFullYear(), date.getMonth() - (count - 1 - i), 1).getTime());
  const totals = starts.map(() => EMPTY_BALANCE);
  for (const entry of entries) {
    if (entry.occurredAt > now || entry.occurredAt < starts[0]!) continue;
    let index = count - 1;
    while (starts[index]! > entry.occurredAt) index--;
    totals[index] = addToBalance(totals[index]!, entry);
  }
  return starts.map((start, i) => ({ month: monthOf(start), balance: totals[i]! }));
}

/** Ties at the same instant are ordered by id, so every rule reads the same sequence whatever the input order. */
export function chronological<T extends LedgerEntry>(entries: Iterable<T>): T[] {
  return [...entries].sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Kinds of help that call for a thank-you when received. */
export const THANKS_WORTHY: ReadonlySet<InteractionKind> = new Set(['help', 'information', 'referral', 'introduction', 'gift']);

const isThanksGiven = (entry: LedgerEntry) => entry.kind === 'thanks' && entry.direction !== 'received';

export interface ThanksRules {
  /** A thank-you is due this many days after the help (the article: within a day or two). */
  readonly withinDays: number;
  /** Help older than this is not brought up any more. */
  readonly lookbackDays: number;
}

export const DEFAULT_THANKS_RULES: ThanksRules = { withinDays: 2, lookbackDays: 90 };

export interface ThanksOwed {
  readonly interactionId: InteractionId;
  readonly kind: InteractionKind;
  readonly receivedAt: number;
  readonly dueAt: number;
  readonly overdue: boolean;
}

/**
 * Help, information, referrals, introductions and gifts I received from one person after which no
 * thank-you to them was logged. A thank-you clears everything received before it.
 */
export function thanksOwed(entries: Iterable<LedgerEntry>, now: number, rules: ThanksRules = DEFAULT_THANKS_RULES): ThanksOwed[] {
  const owed: ThanksOwed[] = [];
  for (const entry of chronological(entries)) {
    if (entry.occurredAt > now) break;
    if (isThanksGiven(entry)) owed.length = 0;
    else if (entry.direction === 'received' && THANKS_WORTHY.has(entry.kind)) {
      const dueAt = entry.occurredAt + rules.withinDays * DAY_MS;
      owed.push({ interactionId: entry.id, kind: entry.kind, receivedAt: entry.occurredAt, dueAt, overdue: now > dueAt });
    }
  }
  return owed.filter((item) => item.receivedAt >= now - rules.lookbackDays * DAY_MS);
}

export interface OverAsking {
  /** How many times in a row I received without giving anything back. */
  readonly streak: number;
  readonly since: number;
}

export interface OverAskingRules {
  readonly minStreak: number;
  /** Only this recent a past counts: what I received years ago does not make me a taker now. */
  readonly withinDays: number;
}

export const DEFAULT_OVER_ASKING_RULES: OverAskingRules = { minStreak: 3, withinDays: 365 };

interface Streak {
  streak: number;
  since: number;
  closed: boolean;
}

/**
 * The streak read backwards in time, one interaction at a time: receptions add to it, anything I gave
 * or that was mutual ends it — except a bare thank-you, which is not giving back.
 */
function streakStepBack(state: Streak, entry: LedgerEntry): void {
  if (entry.direction === 'received') {
    state.streak++;
    state.since = entry.occurredAt;
  } else if (entry.kind !== 'thanks') state.closed = true;
}

const asOverAsking = (state: Streak, rules: OverAskingRules): OverAsking | null => (state.streak >= rules.minStreak ? { streak: state.streak, since: state.since } : null);

/** Receiving several times in a row, up to now, without giving (don't only take: 見返りを求めすぎない works both ways). */
export function overAsking(entries: Iterable<LedgerEntry>, now: number, rules: OverAskingRules = DEFAULT_OVER_ASKING_RULES): OverAsking | null {
  const from = now - rules.withinDays * DAY_MS;
  const ordered = chronological(entries);
  const state: Streak = { streak: 0, since: 0, closed: false };
  for (let i = ordered.length - 1; i >= 0 && !state.closed; i--) {
    const entry = ordered[i]!;
    if (entry.occurredAt > now) continue;
    if (entry.occurredAt < from) break;
    streakStepBack(state, entry);
  }
  return asOverAsking(state, rules);
}

/**
 * overAsking for everyone at once, in one pass over the interactions given newest first (the exact
 * reverse of chronological(): by time, ties by id).
 */
export function overAskingByContact(newestFirst: Iterable<LedgerEntry & { readonly contactIds: readonly ContactId[] }>, now: number, rules: OverAskingRules = DEFAULT_OVER_ASKING_RULES): Map<ContactId, OverAsking> {
  const from = now - rules.withinDays * DAY_MS;
  const states = new Map<ContactId, Streak>();
  for (const entry of newestFirst) {
    if (entry.occurredAt > now) continue;
    if (entry.occurredAt < from) break;
    for (const contactId of entry.contactIds) {
      let state = states.get(contactId);
      if (!state) states.set(contactId, (state = { streak: 0, since: 0, closed: false }));
      if (!state.closed) streakStepBack(state, entry);
    }
  }
  const flagged = new Map<ContactId, OverAsking>();
  for (const [contactId, state] of states) {
    const found = asOverAsking(state, rules);
    if (found) flagged.set(contactId, found);
  }
  return flagged;
}

/** Per-contact ledgers from interactions that each involve one or more contacts. */
export function ledgersByContact<T extends LedgerEntry & { readonly contactIds: readonly ContactId[] }>(interactions: Iterable<T>): Map<ContactId, T[]> {
  const ledgers = new Map<ContactId, T[]>();
  for (const interaction of interactions) {
    for (const contactId of interaction.contactIds) {
      let ledger = ledgers.get(contactId);
      if (!ledger) ledgers.set(contactId, (ledger = []));
      ledger.push(interaction);
    }
  }
  return ledgers;
}
