/**
 * The "this week" coach: the few people to contact now, and for each the reasons — a keep-in-touch
 * timer that ran out, a thank-you owed, a birthday, a follow-up, a goal with nobody reached yet.
 * Computed on the device from the vault alone; every item says why it is there.
 */
import type { ContactSummary } from '../domain/contact.ts';
import type { Goal, GoalPriority } from '../domain/goal.ts';
import type { ContactId, EventId, GoalId, InteractionId, ProfileId } from '../domain/ids.ts';
import type { FollowUp, InteractionKind } from '../domain/interaction.ts';
import { boostsOf, daysBetween, effectiveCadence, goalBoostsByLink, nextBirthday, nextDueAt, startOfDay, type CadenceSource } from './keep-in-touch.ts';
import { DAY_MS, DEFAULT_THANKS_RULES, thanksOwed, type LedgerEntry, type ThanksRules } from './reciprocity.ts';

export type CoachReason =
  | { readonly type: 'thanks-owed'; readonly key: string; readonly interactionId: InteractionId; readonly kind: InteractionKind; readonly receivedAt: number; readonly dueAt: number; readonly overdue: boolean }
  | { readonly type: 'follow-up'; readonly key: string; readonly text: string; readonly dueAt: number; readonly interactionId: InteractionId }
  | { readonly type: 'event-follow-up'; readonly key: string; readonly text: string; readonly dueAt: number; readonly eventId: EventId; readonly eventTitle: string }
  | { readonly type: 'birthday'; readonly key: string; readonly at: number; readonly inDays: number; readonly turns: number | null }
  | {
      readonly type: 'due';
      readonly key: string;
      readonly dueAt: number;
      /** Days until due; negative when overdue. */
      readonly inDays: number;
      readonly cadenceDays: number;
      readonly source: CadenceSource;
      readonly boostedBy: GoalId | null;
      readonly lastInteractionAt: number | null;
    }
  | { readonly type: 'goal-gap'; readonly key: string; readonly goalId: GoalId; readonly profileId: ProfileId; readonly priority: GoalPriority };

export type CoachReasonType = CoachReason['type'];

export interface CoachItem {
  readonly contactId: ContactId;
  readonly reasons: readonly CoachReason[];
  readonly score: number;
}

export type CoachContact = Pick<ContactSummary, 'id' | 'stage' | 'roles' | 'cadenceDays' | 'archived' | 'birthday' | 'goalLinks' | 'createdAt'>;

export interface CoachInteraction extends LedgerEntry {
  readonly contactIds: readonly ContactId[];
  readonly followUp: FollowUp | null;
}

export interface CoachEvent {
  readonly id: EventId;
  readonly title: string;
  readonly attendeeIds: readonly ContactId[];
  readonly followUp: FollowUp | null;
}

/** What the user said about items: snoozed (by contact, until when) and dismissed (by reason key). */
export interface CoachState {
  readonly snoozedUntil: ReadonlyMap<string, number>;
  readonly dismissed: ReadonlySet<string>;
}

export const EMPTY_COACH_STATE: CoachState = { snoozedUntil: new Map(), dismissed: new Set() };

export interface CoachOptions {
  /** How far ahead "this week" looks. */
  readonly horizonDays: number;
  readonly limit: number;
  readonly thanks: ThanksRules;
}

export const DEFAULT_COACH_OPTIONS: CoachOptions = { horizonDays: 7, limit: 12, thanks: DEFAULT_THANKS_RULES };

export interface CoachInput {
  readonly now: number;
  readonly contacts: Iterable<CoachContact>;
  /** When I was last in touch with a contact (null: never). */
  readonly lastInteractionOf: (contactId: ContactId) => number | null;
  readonly interactions: Iterable<CoachInteraction>;
  readonly events: Iterable<CoachEvent>;
  readonly goals: readonly Goal[];
  readonly state?: CoachState;
  readonly options?: Partial<CoachOptions>;
}

export interface CoachList {
  readonly items: readonly CoachItem[];
  /** How many people had a reason this week, before the list was cut to the few. */
  readonly total: number;
}

const PRIORITY_BONUS: Record<GoalPriority, number> = { high: 20, medium: 10, low: 0 };
const GAP_CANDIDATES_PER_PROFILE = 2;

/** How pressing a reason is; an item scores its most pressing reason plus a little for each other one. */
export function reasonScore(reason: CoachReason, now: number, priorityOf: (goalId: GoalId) => GoalPriority | undefined): number {
  switch (reason.type) {
    case 'thanks-owed':
      return reason.overdue ? 100 : 90;
    case 'follow-up':
    case 'event-follow-up':
      return reason.dueAt < now ? 85 : 60 - daysBetween(now, reason.dueAt);
    case 'birthday':
      return reason.inDays === 0 ? 95 : 75 - reason.inDays;
    case 'due': {
      const boost = reason.boostedBy ? PRIORITY_BONUS[priorityOf(reason.boostedBy) ?? 'low'] : 0;
      return (reason.inDays < 0 ? 50 + Math.min(-reason.inDays, 60) / 2 : 40 - reason.inDays) + boost;
    }
    case 'goal-gap':
      return 40 + PRIORITY_BONUS[reason.priority];
  }
}

export function coachList(input: CoachInput): CoachList {
  const { now } = input;
  const options = { ...DEFAULT_COACH_OPTIONS, ...input.options };
  const state = input.state ?? EMPTY_COACH_STATE;
  const horizonEnd = now + options.horizonDays * DAY_MS;
  const today = startOfDay(now);
  const activeGoals = input.goals.filter((goal) => goal.status === 'active');
  const goalsById = new Map(activeGoals.map((goal) => [goal.id as string, goal]));
  const goalOfProfile = new Map(activeGoals.flatMap((goal) => goal.profiles.map((profile) => [profile.id as string, goal] as const)));
  const priorityOf = (goalId: GoalId) => goalsById.get(goalId)?.priority;
  const boostsByLink = goalBoostsByLink(activeGoals);

  const reasons = new Map<ContactId, CoachReason[]>();
  const add = (contactId: ContactId, reason: CoachReason) => {
    if (state.dismissed.has(reason.key)) return;
    let list = reasons.get(contactId);
    if (!list) reasons.set(contactId, (list = []));
    list.push(reason);
  };

  const contacts = new Map<ContactId, CoachContact>();
  const reachedProfiles = new Set<string>();
  const gapCandidates = new Map<string, CoachContact[]>();
  for (const contact of input.contacts) {
    if (contact.archived) continue;
    contacts.set(contact.id, contact);
    for (const link of contact.goalLinks) {
      if (!goalOfProfile.has(link)) continue;
      if (contact.stage !== 'target') reachedProfiles.add(link);
      else {
        let candidates = gapCandidates.get(link);
        if (!candidates) gapCandidates.set(link, (candidates = []));
        candidates.push(contact);
      }
    }
    const cadence = effectiveCadence(contact, boostsOf(contact.goalLinks, boostsByLink));
    if (cadence) {
      const lastInteractionAt = input.lastInteractionOf(contact.id);
      const dueAt = nextDueAt(cadence, lastInteractionAt, contact.createdAt);
      // Look ahead at most half the rhythm, so a weekly contact is not on the list the day after.
      if (dueAt <= now + Math.min(options.horizonDays, Math.floor(cadence.days / 2)) * DAY_MS) {
        const day = localDay(dueAt);
        const inDays = Math.round((day.start - today) / DAY_MS);
        add(contact.id, { type: 'due', key: `due:${contact.id}:${day.key}`, dueAt, inDays, cadenceDays: cadence.days, source: cadence.source, boostedBy: cadence.boostedBy, lastInteractionAt });
      }
    }
    const birthday = contact.birthday ? nextBirthday(contact.birthday, now) : null;
    if (birthday && birthday.inDays <= options.horizonDays) {
      add(contact.id, { type: 'birthday', key: `birthday:${contact.id}:${new Date(birthday.at).getFullYear()}`, at: birthday.at, inDays: birthday.inDays, turns: birthday.turns });
    }
  }

  for (const [profileId, candidates] of gapCandidates) {
    if (reachedProfiles.has(profileId)) continue;
    const goal = goalOfProfile.get(profileId)!;
    const newestFirst = candidates.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    for (const contact of newestFirst.slice(0, GAP_CANDIDATES_PER_PROFILE)) {
      add(contact.id, { type: 'goal-gap', key: `gap:${profileId}:${contact.id}`, goalId: goal.id, profileId: profileId as ProfileId, priority: goal.priority });
    }
  }

  const lookbackFrom = now - options.thanks.lookbackDays * DAY_MS;
  const recentByContact = new Map<ContactId, CoachInteraction[]>();
  for (const interaction of input.interactions) {
    const followUp = interaction.followUp;
    if (followUp && !followUp.done && followUp.dueAt <= horizonEnd) {
      for (const contactId of interaction.contactIds) {
        if (contacts.has(contactId)) add(contactId, { type: 'follow-up', key: `follow-up:${interaction.id}`, text: followUp.text, dueAt: followUp.dueAt, interactionId: interaction.id });
      }
    }
    if (interaction.occurredAt < lookbackFrom || interaction.occurredAt > now) continue;
    for (const contactId of interaction.contactIds) {
      let recent = recentByContact.get(contactId);
      if (!recent) recentByContact.set(contactId, (recent = []));
      recent.push(interaction);
    }
  }
  for (const [contactId, recent] of recentByContact) {
    if (!contacts.has(contactId) || !recent.some((entry) => entry.direction === 'received')) continue;
    for (const owed of thanksOwed(recent, now, options.thanks)) {
      add(contactId, { type: 'thanks-owed', key: `thanks:${owed.interactionId}`, interactionId: owed.interactionId, kind: owed.kind, receivedAt: owed.receivedAt, dueAt: owed.dueAt, overdue: owed.overdue });
    }
  }

  for (const event of input.events) {
    const followUp = event.followUp;
    if (!followUp || followUp.done || followUp.dueAt > horizonEnd) continue;
    for (const contactId of event.attendeeIds) {
      if (contacts.has(contactId)) add(contactId, { type: 'event-follow-up', key: `event-follow-up:${event.id}:${contactId}`, text: followUp.text, dueAt: followUp.dueAt, eventId: event.id, eventTitle: event.title });
    }
  }

  const items: CoachItem[] = [];
  for (const [contactId, list] of reasons) {
    if ((state.snoozedUntil.get(contactId) ?? 0) > now) continue;
    const scored = list.map((reason) => ({ reason, score: reasonScore(reason, now, priorityOf) })).sort((a, b) => b.score - a.score);
    items.push({ contactId, reasons: scored.map(({ reason }) => reason), score: scored[0]!.score + 5 * (scored.length - 1) });
  }
  items.sort((a, b) => b.score - a.score || (a.contactId < b.contactId ? -1 : 1));
  return { items: items.slice(0, options.limit), total: items.length };
}

/** Local midnight of the day an instant falls in, and that day as YYYYMMDD. */
function localDay(at: number): { start: number; key: string } {
  const date = new Date(at);
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return { start, key: `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}` };
}
