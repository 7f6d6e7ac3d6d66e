/**
 * The goal map (article Step 1–2): me → goals → target profiles → the real people, events and
 * information sources linked to each — with the gaps that matter: a profile nobody has been reached
 * for yet, and an active goal nothing has happened for lately.
 */
import { STAGES, type ContactSummary, type Stage } from '../domain/contact.ts';
import type { Goal, LinkCounts, SelfProfile, Source, SourceKind, TargetProfile } from '../domain/goal.ts';
import type { ContactId, EventId, GoalId, SourceId } from '../domain/ids.ts';
import { displayName } from '../domain/names.ts';
import { DAY_MS } from '../insights/reciprocity.ts';
import type { ReadModel } from './read-model.ts';

/** An active goal with nothing logged for this long is marked quiet. */
export const QUIET_AFTER_DAYS = 60;
/** People shown under one goal or profile; the rest are counted ("+12"). */
export const CONTACTS_PER_NODE = 8;

export interface MapContact {
  readonly id: ContactId;
  readonly name: string;
  readonly stage: Stage;
  readonly lastInteractionAt: number | null;
}

export interface MapEvent {
  readonly id: EventId;
  readonly title: string;
  readonly startsAt: number;
}

export interface MapSource {
  readonly id: SourceId;
  readonly title: string;
  readonly kind: SourceKind;
  readonly url: string;
}

export interface MapLinks {
  readonly contacts: readonly MapContact[];
  /** Linked people not in `contacts` (the map shows the closest few). */
  readonly moreContacts: number;
  readonly events: readonly MapEvent[];
  readonly sources: readonly MapSource[];
}

export interface MapProfile extends TargetProfile, MapLinks {
  readonly counts: LinkCounts;
  /** Nobody linked to it is past "target" yet. */
  readonly gap: boolean;
}

export interface MapGoal extends Goal, MapLinks {
  readonly counts: LinkCounts;
  readonly profiles: readonly MapProfile[];
  /** The newest interaction with anyone linked, or the latest past event linked. */
  readonly lastActivityAt: number | null;
  /** Active, and nothing for QUIET_AFTER_DAYS. */
  readonly quiet: boolean;
}

export interface GoalMapData {
  readonly self: SelfProfile;
  readonly goals: readonly MapGoal[];
}

interface Bucket {
  contacts: MapContact[];
  events: MapEvent[];
  sources: MapSource[];
  contactCount: number;
  reached: number;
  lastActivityAt: number | null;
}

const emptyBucket = (): Bucket => ({ contacts: [], events: [], sources: [], contactCount: 0, reached: 0, lastActivityAt: null });
const STAGE_RANK = new Map(STAGES.map((stage, index) => [stage, index]));
/** Closest relationships first, then the most recently in touch, then by id (a stable order, so a stable layout). */
const byCloseness = (a: MapContact, b: MapContact) => STAGE_RANK.get(b.stage)! - STAGE_RANK.get(a.stage)! || (b.lastInteractionAt ?? 0) - (a.lastInteractionAt ?? 0) || (a.id < b.id ? -1 : 1);
const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function goalMap(model: ReadModel, goals: readonly Goal[], sources: readonly Source[], self: SelfProfile, now: number): GoalMapData {
  const buckets = new Map<string, Bucket>();
  const goalOfLink = new Map<string, GoalId>();
  for (const goal of goals) {
    buckets.set(goal.id, emptyBucket());
    goalOfLink.set(goal.id, goal.id);
    for (const profile of goal.profiles) {
      buckets.set(profile.id, emptyBucket());
      goalOfLink.set(profile.id, goal.id);
    }
  }

  const addContact = (contact: ContactSummary) => {
    const mapContact: MapContact = { id: contact.id, name: displayName(contact), stage: contact.stage, lastInteractionAt: model.lastInteractionAt(contact.id) };
    const reached = contact.stage !== 'target';
    const goalsSeen = new Set<string>();
    /** Counts the person under a goal or profile; `shown`: drawn there too (a goal draws only its direct links). */
    const count = (key: string, shown: boolean) => {
      const bucket = buckets.get(key)!;
      if (shown) bucket.contacts.push(mapContact);
      bucket.contactCount++;
      if (reached) bucket.reached++;
      bucket.lastActivityAt = later(bucket.lastActivityAt, mapContact.lastInteractionAt);
    };
    for (const link of contact.goalLinks) {
      const goalId = goalOfLink.get(link);
      if (!goalId) continue;
      if (link !== goalId) count(link, true);
      // Someone linked to a goal and to one of its profiles counts once for the goal.
      if (!goalsSeen.has(goalId)) {
        goalsSeen.add(goalId);
        count(goalId, contact.goalLinks.includes(goalId));
      }
    }
  };
  for (const contact of model.allContacts()) if (!contact.archived && contact.goalLinks.length > 0) addContact(contact);

  for (const event of model.allEvents()) {
    const mapEvent: MapEvent = { id: event.id, title: event.title, startsAt: event.startsAt };
    const happened = event.startsAt <= now ? event.startsAt : null;
    for (const link of event.goalLinks) {
      const goalId = goalOfLink.get(link);
      if (!goalId) continue;
      buckets.get(link)!.events.push(mapEvent);
      for (const key of new Set([link, goalId])) buckets.get(key)!.lastActivityAt = later(buckets.get(key)!.lastActivityAt, happened);
    }
  }
  for (const source of sources) {
    for (const link of source.goalLinks) buckets.get(link)?.sources.push({ id: source.id, title: source.title, kind: source.kind, url: source.url });
  }

  const linksOf = (bucket: Bucket): MapLinks & { counts: LinkCounts } => {
    const contacts = bucket.contacts.sort(byCloseness).slice(0, CONTACTS_PER_NODE);
    return {
      contacts,
      moreContacts: bucket.contacts.length - contacts.length,
      events: bucket.events.sort((a, b) => b.startsAt - a.startsAt || (a.id < b.id ? -1 : 1)),
      sources: bucket.sources,
      counts: { contacts: bucket.contactCount, reached: bucket.reached },
    };
  };

  return {
    self,
    goals: goals.map((goal) => {
      const bucket = buckets.get(goal.id)!;
      const profiles = goal.profiles.map((profile) => {
        const links = linksOf(buckets.get(profile.id)!);
        return { ...profile, ...links, gap: links.counts.reached === 0 };
      });
      const lastActivityAt = bucket.lastActivityAt;
      return {
        ...goal,
        ...linksOf(bucket),
        profiles,
        lastActivityAt,
        quiet: goal.status === 'active' && (lastActivityAt === null || now - lastActivityAt > QUIET_AFTER_DAYS * DAY_MS),
      };
    }),
  };
}
