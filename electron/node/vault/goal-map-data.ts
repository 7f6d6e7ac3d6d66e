/**
 * Goals with their target profiles, the self-analysis (自己分析) and information sources: what the
 * goal map is drawn from. All of it lives in the root shard.
 */
import { randomBytes } from 'node:crypto';
import { compareGoals, type Goal, type GoalDraft, type GoalOverview, type LinkCounts, type SelfProfile, type Source, type SourceDraft } from '../../../shared/domain/goal.ts';
import { newGoalId, newProfileId, newSourceId, type GoalId, type SourceId } from '../../../shared/domain/ids.ts';
import type { GoalRecord, RootDoc, SourceRecord } from '../../../shared/vault/documents.ts';
import { goalDraftOf, goalOf, selfProfileOf, sourceOf, writeGoalDraft, writeSelfProfile, writeSourceDraft } from '../../../shared/vault/goal-records.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { VaultSession } from './vault-session.ts';

const newProfile = () => newProfileId(randomBytes(10));

export class GoalMapData {
  private readonly session: VaultSession;
  /** Keeps how to undo a delete; gives the token the caller hands back to undo it. */
  private readonly remember: (restore: () => Promise<void>) => string;

  constructor(session: VaultSession, remember: (restore: () => Promise<void>) => string) {
    this.session = session;
    this.remember = remember;
  }

  private get model() {
    return this.session.model;
  }

  goals(): Goal[] {
    return Object.entries(this.session.root.goals ?? {})
      .map(([id, record]) => goalOf(id as GoalId, record))
      .sort(compareGoals);
  }

  goal(id: GoalId): Goal | undefined {
    const record = this.session.root.goals?.[id];
    return record && goalOf(id, record);
  }

  /** The links that put a contact under this goal: the goal itself and each of its target profiles. */
  linksOfGoal(id: GoalId): string[] {
    const goal = this.goal(id);
    return goal ? [id, ...goal.profiles.map((profile) => profile.id)] : [id];
  }

  /** Every goal with how many people it and each of its profiles have, and how many are past "target". */
  goalOverviews(): GoalOverview[] {
    const goals = this.goals();
    const goalOfLink = new Map<string, GoalId>();
    for (const goal of goals) {
      goalOfLink.set(goal.id, goal.id);
      for (const profile of goal.profiles) goalOfLink.set(profile.id, goal.id);
    }
    const counts = new Map<string, { contacts: number; reached: number }>();
    const tally = (key: string, reached: boolean) => {
      const count = counts.get(key) ?? { contacts: 0, reached: 0 };
      count.contacts++;
      if (reached) count.reached++;
      counts.set(key, count);
    };
    for (const contact of this.model.allContacts()) {
      if (contact.archived || contact.goalLinks.length === 0) continue;
      const reached = contact.stage !== 'target';
      const ofGoals = new Set<GoalId>();
      for (const link of contact.goalLinks) {
        const goalId = goalOfLink.get(link);
        if (!goalId) continue; // a link to a deleted goal
        ofGoals.add(goalId);
        if (link !== goalId) tally(link, reached);
      }
      // Someone linked to a goal and to one of its profiles counts once for the goal.
      for (const goalId of ofGoals) tally(goalId, reached);
    }
    const none: LinkCounts = { contacts: 0, reached: 0 };
    return goals.map((goal) => ({
      ...goal,
      counts: counts.get(goal.id) ?? none,
      profiles: goal.profiles.map((profile) => ({ ...profile, counts: counts.get(profile.id) ?? none })),
    }));
  }

  async createGoal(draft: GoalDraft): Promise<GoalId> {
    const id = newGoalId(randomBytes(10));
    await this.putGoal(id, draft);
    return id;
  }

  async updateGoal(id: GoalId, draft: GoalDraft): Promise<boolean> {
    if (!this.session.root.goals?.[id]) return false;
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      const record = root.goals?.[id];
      if (record) writeGoalDraft(record, draft, now, newProfile);
    });
    return true;
  }

  /** Contacts keep their links to a deleted goal, so undoing the delete brings the whole picture back. */
  async deleteGoal(id: GoalId): Promise<string | undefined> {
    const goal = this.goal(id);
    if (!goal) return undefined;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      delete root.goals?.[id];
    });
    const draft = goalDraftOf(goal);
    return this.remember(() => this.putGoal(id, draft, goal.createdAt));
  }

  private async putGoal(id: GoalId, draft: GoalDraft, createdAt?: number): Promise<void> {
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.goals ??= {};
      const record = {} as GoalRecord;
      // A restored goal keeps its profile ids: the contacts linked to them are linked again.
      const ids = draft.profiles.map((profile) => profile.id);
      let next = 0;
      writeGoalDraft(record, { ...draft, profiles: draft.profiles.map(({ id: _id, ...profile }) => profile) }, now, () => ids[next++] ?? newProfile());
      if (createdAt !== undefined) record.createdAt = createdAt;
      root.goals[id] = record;
    });
  }

  selfProfile(): SelfProfile {
    return selfProfileOf(this.session.root);
  }

  async updateSelfProfile(profile: SelfProfile): Promise<void> {
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => writeSelfProfile(root, profile, now));
  }

  sources(): Source[] {
    return Object.entries(this.session.root.sources ?? {})
      .map(([id, record]) => sourceOf(id as SourceId, record))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async createSource(draft: SourceDraft): Promise<SourceId> {
    const id = newSourceId(randomBytes(10));
    await this.putSource(id, draft);
    return id;
  }

  async updateSource(id: SourceId, draft: SourceDraft): Promise<boolean> {
    if (!this.session.root.sources?.[id]) return false;
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      const record = root.sources?.[id];
      if (record) writeSourceDraft(record, draft, now);
    });
    return true;
  }

  async deleteSource(id: SourceId): Promise<string | undefined> {
    const record = this.session.root.sources?.[id];
    if (!record) return undefined;
    const { id: _id, createdAt, updatedAt: _updatedAt, ...draft } = sourceOf(id, record);
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      delete root.sources?.[id];
    });
    return this.remember(() => this.putSource(id, { ...draft, goalLinks: [...draft.goalLinks] }, createdAt));
  }

  private async putSource(id: SourceId, draft: SourceDraft, createdAt?: number): Promise<void> {
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.sources ??= {};
      const record = {} as SourceRecord;
      writeSourceDraft(record, draft, now);
      if (createdAt !== undefined) record.createdAt = createdAt;
      root.sources[id] = record;
    });
  }
}
