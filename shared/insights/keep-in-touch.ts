/**
 * Keep-in-touch (Step 4 関係性の深化と継続): how often to be in touch with each person, when that
 * falls due, and their next birthday. A cadence set on the contact wins; otherwise it follows their
 * stage and roles, and goals they matter for shorten it by the goal's priority.
 */
import type { ContactSummary, Role, Stage } from '../domain/contact.ts';
import type { GoalId } from '../domain/ids.ts';
import type { Goal, GoalPriority } from '../domain/goal.ts';
import { DAY_MS } from './reciprocity.ts';

/** Days between contacts by stage; 0 = no timer (a target is someone I have not reached yet). */
export const CADENCE_BY_STAGE: Readonly<Record<Stage, number>> = {
  target: 0,
  'reached-out': 14,
  acquainted: 90,
  trusted: 60,
  partner: 30,
};

/** Roles that call for a closer rhythm than the stage alone; 0 = the role sets none. */
export const CADENCE_BY_ROLE: Readonly<Record<Role, number>> = {
  mentor: 60,
  mentee: 30,
  collaborator: 30,
  client: 30,
  vendor: 90,
  recruiter: 180,
  colleague: 0,
  investor: 60,
  friend: 90,
  other: 0,
};

/** An active goal of this priority shortens the cadence of the people linked to it by this factor. */
export const GOAL_BOOST: Readonly<Record<GoalPriority, number>> = { high: 0.5, medium: 0.75, low: 1 };

export const MIN_CADENCE_DAYS = 7;

export type CadenceSource = 'contact' | 'stage' | 'role';

export interface Cadence {
  readonly days: number;
  readonly source: CadenceSource;
  /** The goal whose priority shortened it, if any. */
  readonly boostedBy: GoalId | null;
}

export type CadenceInput = Pick<ContactSummary, 'cadenceDays' | 'stage' | 'roles' | 'archived'>;

export interface GoalBoost {
  readonly goalId: GoalId;
  readonly priority: GoalPriority;
}

/** Active goals by each link that reaches them (the goal itself and each of its target profiles). */
export function goalBoostsByLink(goals: readonly Goal[]): Map<string, GoalBoost> {
  const boosts = new Map<string, GoalBoost>();
  for (const goal of goals) {
    if (goal.status !== 'active') continue;
    for (const link of [goal.id, ...goal.profiles.map((profile) => profile.id)]) boosts.set(link, { goalId: goal.id, priority: goal.priority });
  }
  return boosts;
}

/** The boosts a contact's links bring (a goal reached twice, directly and through a profile, counts the same). */
export function boostsOf(links: readonly string[], byLink: ReadonlyMap<string, GoalBoost>): GoalBoost[] {
  return links.flatMap((link) => byLink.get(link) ?? []);
}

/**
 * The cadence that applies to a contact, or null when there is none (archived, a target, or no
 * rhythm from stage or roles). `goalBoosts` are the active goals the contact is linked to.
 */
export function effectiveCadence(contact: CadenceInput, goalBoosts: readonly GoalBoost[] = []): Cadence | null {
  if (contact.archived) return null;
  if (contact.cadenceDays > 0) return { days: contact.cadenceDays, source: 'contact', boostedBy: null };
  let days = CADENCE_BY_STAGE[contact.stage];
  let source: CadenceSource = 'stage';
  if (contact.stage !== 'target') {
    for (const role of contact.roles) {
      const byRole = CADENCE_BY_ROLE[role];
      if (byRole > 0 && (days === 0 || byRole < days)) {
        days = byRole;
        source = 'role';
      }
    }
  }
  if (days === 0) return null;
  let boost = 1;
  let boostedBy: GoalId | null = null;
  for (const { goalId, priority } of goalBoosts) {
    if (GOAL_BOOST[priority] < boost) {
      boost = GOAL_BOOST[priority];
      boostedBy = goalId;
    }
  }
  return { days: Math.max(MIN_CADENCE_DAYS, Math.round(days * boost)), source, boostedBy };
}

/**
 * When the next contact falls due: a cadence after the last interaction, or after the contact was
 * added when nothing was logged yet. Logging an interaction restarts the timer.
 */
export function nextDueAt(cadence: Cadence, lastInteractionAt: number | null, createdAt: number): number {
  return (lastInteractionAt ?? createdAt) + cadence.days * DAY_MS;
}

/** Midnight (local) of the day an instant falls in. */
export function startOfDay(at: number): number {
  const date = new Date(at);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole local days from `from`'s day to `to`'s day (negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

export interface NextBirthday {
  /** Local midnight of the day. */
  readonly at: number;
  readonly inDays: number;
  /** The age they turn, when the year of birth is known. */
  readonly turns: number | null;
}

/**
 * The next birthday on or after today, from YYYY-MM-DD or --MM-DD. A 29 February birthday falls on
 * 28 February in other years.
 */
export function nextBirthday(birthday: string, now: number): NextBirthday | null {
  const match = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return null;
  const birthYear = match[1] === '-' ? null : Number(match[1]);
  const month = Number(match[2]) - 1;
  const day = Number(match[3]);
  const today = startOfDay(now);
  const year = new Date(today).getFullYear();
  for (const candidateYear of [year, year + 1]) {
    const lastDayOfMonth = new Date(candidateYear, month + 1, 0).getDate();
    const at = new Date(candidateYear, month, Math.min(day, lastDayOfMonth)).getTime();
    if (at >= today) return { at, inDays: daysBetween(today, at), turns: birthYear === null ? null : candidateYear - birthYear };
  }
  return null;
}
