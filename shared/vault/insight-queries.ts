/**
 * The insight views over the read model: the "this week" coach and the reciprocity balance, overall
 * and per person. The rules live in shared/insights; this file feeds them from the model in as few
 * passes over the interactions as it can, and names the people for display.
 */
import type { ContactSummary, Stage } from '../domain/contact.ts';
import type { Goal } from '../domain/goal.ts';
import type { ContactId } from '../domain/ids.ts';
import { displayName, displayReading, initials } from '../domain/names.ts';
import { boostsOf, effectiveCadence, goalBoostsByLink, nextBirthday, nextDueAt, type Cadence, type NextBirthday } from '../insights/keep-in-touch.ts';
import { coachList, DEFAULT_COACH_OPTIONS, type CoachItem, type CoachState } from '../insights/coach.ts';
import {
  balanceOf,
  DAY_MS,
  DEFAULT_THANKS_RULES,
  ledgersByContact,
  monthlyBalances,
  overAsking,
  overAskingByContact,
  thanksOwed,
  trendOf,
  type Balance,
  type OverAsking,
  type ThanksOwed,
  type Trend,
} from '../insights/reciprocity.ts';
import type { InteractionEntry } from './activity-records.ts';
import type { ReadModel } from './read-model.ts';
import { newestFirst } from './read-model-entries.ts';

export interface PersonLabel {
  readonly id: ContactId;
  readonly name: string;
  readonly initials: string;
  readonly reading: string;
  readonly company: string;
  readonly title: string;
  readonly stage: Stage;
}

function personLabel(contact: ContactSummary): PersonLabel {
  return { id: contact.id, name: displayName(contact), initials: initials(contact), reading: displayReading(contact), company: contact.company, title: contact.title, stage: contact.stage };
}

export interface CoachView {
  readonly items: readonly (CoachItem & { readonly person: PersonLabel })[];
  readonly total: number;
  /** Titles of the goals and target profiles the reasons name. */
  readonly goalTitles: Readonly<Record<string, string>>;
}

/**
 * The interactions the coach looks at, in timeline order: those of the thanks lookback (a prefix of
 * the timeline, newest first) and, older, those with a follow-up not yet done. Every other one it
 * would pass over.
 */
function coachedInteractions(model: ReadModel, now: number): InteractionEntry[] {
  const { entries } = model.timeline();
  const lookbackFrom = now - DEFAULT_COACH_OPTIONS.thanks.lookbackDays * DAY_MS;
  let end = 0;
  while (end < entries.length && entries[end]!.occurredAt >= lookbackFrom) end++;
  const older = model.openFollowUps().filter((entry) => entry.occurredAt < lookbackFrom).sort(newestFirst);
  return [...entries.slice(0, end), ...older];
}

export function coachView(model: ReadModel, goals: readonly Goal[], state: CoachState, now: number): CoachView {
  const { items, total } = coachList({
    now,
    contacts: model.allContacts(),
    lastInteractionOf: (contactId) => model.lastInteractionAt(contactId),
    interactions: coachedInteractions(model, now),
    events: model.allEvents(),
    goals,
    state,
  });
  const goalTitles: Record<string, string> = {};
  for (const goal of goals) {
    goalTitles[goal.id] = goal.title;
    for (const profile of goal.profiles) goalTitles[profile.id] = profile.title;
  }
  return { items: items.map((item) => ({ ...item, person: personLabel(model.contactSummary(item.contactId)!) })), total, goalTitles };
}

export interface MonthTotals {
  readonly month: string;
  readonly gave: number;
  readonly received: number;
  readonly mutual: number;
}

export interface ReciprocityRow {
  readonly person: PersonLabel;
  readonly gave: number;
  readonly received: number;
  readonly balance: number;
  readonly trend: Trend;
}

export interface ReciprocityOverview {
  /** Everything, all time. */
  readonly totals: Balance;
  /** The last twelve months, oldest first. */
  readonly months: readonly MonthTotals[];
  /** The people I mostly take from (most negative balance first) and mostly give to. */
  readonly takeFrom: readonly ReciprocityRow[];
  readonly giveTo: readonly ReciprocityRow[];
  /** The first few of each list, and how many there are in all. */
  readonly overAsking: readonly (OverAsking & { readonly person: PersonLabel })[];
  readonly overAskingTotal: number;
  readonly thanksOwed: readonly { readonly person: PersonLabel; readonly owed: readonly ThanksOwed[] }[];
  readonly thanksOwedTotal: number;
}

const ROWS_PER_SIDE = 8;
const LIST_ROWS = 20;

/** The interactions of one person, from the model's per-contact index. */
function ledgerOf(model: ReadModel, contactId: ContactId): InteractionEntry[] {
  return [...model.interactionsOf(contactId)].map((id) => model.interaction(id)!).filter(Boolean);
}

function monthTotals(months: readonly { month: string; balance: Balance }[]): MonthTotals[] {
  return months.map(({ month, balance }) => ({ month, gave: balance.gave, received: balance.received, mutual: balance.mutual }));
}

export function reciprocityOverview(model: ReadModel, now: number): ReciprocityOverview {
  const { entries } = model.timeline();
  const yearAgo = now - 366 * DAY_MS;
  const lookbackFrom = now - DEFAULT_THANKS_RULES.lookbackDays * DAY_MS;

  // Interactions come newest first: the last year feeds the monthly chart and thanks owed.
  const recent: InteractionEntry[] = [];
  for (const entry of entries) {
    if (entry.occurredAt < yearAgo) break;
    recent.push(entry);
  }
  const recentByContact = ledgersByContact(recent.filter((entry) => entry.occurredAt >= lookbackFrom));

  const live = (id: ContactId) => {
    const contact = model.contactSummary(id);
    return contact && !contact.archived ? contact : undefined;
  };
  const balances: { contact: ContactSummary; gave: number; received: number; balance: number }[] = [];
  for (const contact of model.allContacts()) {
    if (contact.archived) continue;
    const { gave, received } = model.statsOf(contact.id);
    if (gave !== received) balances.push({ contact, gave, received, balance: gave - received });
  }
  const row = ({ contact, gave, received, balance }: (typeof balances)[number]): ReciprocityRow => ({ person: personLabel(contact), gave, received, balance, trend: trendOf(ledgerOf(model, contact.id), now) });
  const byBalance = (a: (typeof balances)[number], b: (typeof balances)[number]) => a.balance - b.balance || (a.contact.id < b.contact.id ? -1 : 1);
  const takers = balances.filter((b) => b.balance < 0).sort(byBalance).slice(0, ROWS_PER_SIDE);
  const givers = balances.filter((b) => b.balance > 0).sort((a, b) => byBalance(b, a)).slice(0, ROWS_PER_SIDE);

  const overAskingRows: (OverAsking & { contact: ContactSummary })[] = [];
  for (const [contactId, found] of overAskingByContact(entries, now)) {
    const contact = live(contactId);
    if (contact) overAskingRows.push({ ...found, contact });
  }
  overAskingRows.sort((a, b) => b.streak - a.streak || b.since - a.since || (a.contact.id < b.contact.id ? -1 : 1));

  const owedRows: { contact: ContactSummary; owed: ThanksOwed[] }[] = [];
  for (const [contactId, ledger] of recentByContact) {
    if (!ledger.some((entry) => entry.direction === 'received')) continue;
    const contact = live(contactId);
    const owed = contact ? thanksOwed(ledger, now) : [];
    if (contact && owed.length > 0) owedRows.push({ contact, owed });
  }
  owedRows.sort((a, b) => a.owed[0]!.dueAt - b.owed[0]!.dueAt || (a.contact.id < b.contact.id ? -1 : 1));

  return {
    totals: model.ledgerTotals(),
    months: monthTotals(monthlyBalances(recent, now, 12)),
    takeFrom: takers.map(row),
    giveTo: givers.map(row),
    overAsking: overAskingRows.slice(0, LIST_ROWS).map(({ contact, ...found }) => ({ ...found, person: personLabel(contact) })),
    overAskingTotal: overAskingRows.length,
    thanksOwed: owedRows.slice(0, LIST_ROWS).map(({ contact, owed }) => ({ person: personLabel(contact), owed })),
    thanksOwedTotal: owedRows.length,
  };
}

export interface KeepInTouch {
  readonly cadence: Cadence | null;
  readonly dueAt: number | null;
  readonly birthday: NextBirthday | null;
}

/** A contact's keep-in-touch rhythm (with the boost of their active goals), next due date and birthday. */
export function keepInTouchOf(model: ReadModel, contactId: ContactId, goals: readonly Goal[], now: number): KeepInTouch | undefined {
  const contact = model.contactSummary(contactId);
  if (!contact) return undefined;
  const cadence = effectiveCadence(contact, boostsOf(contact.goalLinks, goalBoostsByLink(goals)));
  return { cadence, dueAt: cadence && nextDueAt(cadence, model.statsOf(contactId).lastInteractionAt, contact.createdAt), birthday: nextBirthday(contact.birthday, now) };
}

export interface ContactReciprocity {
  readonly balance: Balance;
  readonly trend: Trend;
  readonly months: readonly MonthTotals[];
  readonly thanksOwed: readonly ThanksOwed[];
  readonly overAsking: OverAsking | null;
}

export function contactReciprocity(model: ReadModel, contactId: ContactId, now: number): ContactReciprocity {
  const ledger = ledgerOf(model, contactId);
  return {
    balance: balanceOf(ledger),
    trend: trendOf(ledger, now),
    months: monthTotals(monthlyBalances(ledger, now, 12)),
    thanksOwed: thanksOwed(ledger, now),
    overAsking: overAsking(ledger, now),
  };
}
