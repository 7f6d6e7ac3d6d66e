/**
 * Goals, the self-analysis and information sources as stored in the root, and as the domain sees them.
 */
import { GOAL_PRIORITIES, GOAL_STATUSES, SELF_PROFILE_FIELDS, SOURCE_KINDS, type Goal, type GoalDraft, type SelfProfile, type Source, type SourceDraft } from '../domain/goal.ts';
import type { GoalId, ProfileId, SourceId } from '../domain/ids.ts';
import { EMPTY_NOTE } from '../domain/note.ts';
import {
  goalLinksOf,
  oneOf,
  put,
  putMembers,
  same,
  scalar,
  text,
  type GoalRecord,
  type RootDoc,
  type SourceRecord,
} from './documents.ts';


export function goalOf(id: GoalId, record: GoalRecord): Goal {
  return {
    id,
    title: text(record.title),
    why: text(record.why),
    horizon: text(record.horizon),
    status: oneOf(record.status, GOAL_STATUSES, 'active'),
    priority: oneOf(record.priority, GOAL_PRIORITIES, 'medium'),
    profiles: Object.entries(record.profiles ?? {})
      .sort(([a, pa], [b, pb]) => pa.position - pb.position || a.localeCompare(b))
      .map(([profileId, profile]) => ({ id: profileId as ProfileId, title: text(profile.title), description: text(profile.description) })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * Writes only what differs. Profiles keep their ids (contacts link to them); a profile without an
 * id is new, and one left out of the draft is removed.
 */
export function writeGoalDraft(record: GoalRecord, draft: GoalDraft, now: number, newProfileId: () => ProfileId): void {
  const current = record.title === undefined ? undefined : goalOf('g' as GoalId, record);
  if (current?.title !== draft.title) record.title = scalar(draft.title);
  if (current?.why !== draft.why) put(record, 'why', draft.why ? scalar(draft.why) : undefined);
  if (current?.horizon !== draft.horizon) put(record, 'horizon', draft.horizon ? scalar(draft.horizon) : undefined);
  if (current?.status !== draft.status) put(record, 'status', draft.status === 'active' ? undefined : scalar(draft.status));
  if (current?.priority !== draft.priority) put(record, 'priority', draft.priority === 'medium' ? undefined : scalar(draft.priority));
  const existing = new Map((current?.profiles ?? []).map((profile, position) => [profile.id, { ...profile, position }]));
  const kept = new Set<string>();
  draft.profiles.forEach((profile, position) => {
    const id = profile.id && existing.has(profile.id) ? profile.id : newProfileId();
    kept.add(id);
    const before = existing.get(id);
    record.profiles ??= {};
    const target = record.profiles[id];
    if (!before || !target) {
      record.profiles[id] = { title: scalar(profile.title), ...(profile.description && { description: scalar(profile.description) }), position };
      return;
    }
    if (before.title !== profile.title) target.title = scalar(profile.title);
    if (before.description !== profile.description) put(target, 'description', profile.description ? scalar(profile.description) : undefined);
    if (before.position !== position) target.position = position;
  });
  if (record.profiles) {
    for (const id of Object.keys(record.profiles)) if (!kept.has(id)) delete record.profiles[id];
    if (Object.keys(record.profiles).length === 0) delete record.profiles;
  }
  if (!current) record.createdAt = now;
  record.updatedAt = now;
}

export function goalDraftOf(goal: Goal): GoalDraft {
  return { title: goal.title, why: goal.why, horizon: goal.horizon, status: goal.status, priority: goal.priority, profiles: goal.profiles.map((profile) => ({ ...profile })) };
}

// ---- self profile and sources ---------------------------------------------------------------

export function selfProfileOf(root: RootDoc): SelfProfile {
  const self = root.self;
  return { strengths: text(self?.strengths), interests: text(self?.interests), values: text(self?.values), careerGoal: text(self?.careerGoal) };
}

export function writeSelfProfile(root: RootDoc, profile: SelfProfile, now: number): void {
  const current = selfProfileOf(root);
  root.self ??= { updatedAt: now };
  const self = root.self;
  for (const field of SELF_PROFILE_FIELDS) if (current[field] !== profile[field]) put(self, field, profile[field] ? scalar(profile[field]) : undefined);
  self.updatedAt = now;
}

export function sourceOf(id: SourceId, record: SourceRecord): Source {
  return {
    id,
    title: text(record.title),
    kind: oneOf(record.kind, SOURCE_KINDS, 'other'),
    url: text(record.url),
    note: text(record.note),
    goalLinks: goalLinksOf(record.goalLinks),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function writeSourceDraft(record: SourceRecord, draft: SourceDraft, now: number): void {
  const current = record.title === undefined ? undefined : sourceOf('s' as SourceId, record);
  if (current?.title !== draft.title) record.title = scalar(draft.title);
  if (current?.kind !== draft.kind) record.kind = scalar(draft.kind);
  if (current?.url !== draft.url) put(record, 'url', draft.url ? scalar(draft.url) : undefined);
  if (current?.note !== draft.note) put(record, 'note', draft.note ? scalar(draft.note) : undefined);
  if (!current || !same(current.goalLinks, draft.goalLinks)) putMembers(record, 'goalLinks', draft.goalLinks);
  if (!current) record.createdAt = now;
  record.updatedAt = now;
}

export { EMPTY_NOTE };
