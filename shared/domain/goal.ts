/**
 * Goals (自己分析 → 目標) and, under each goal, target profiles: the kinds of people worth meeting
 * for it. Contacts link to a goal as a whole or to one of its profiles (article, Step 1–2).
 */
import { z } from 'zod';
import { GoalLinkSchema, OptionalDateSchema, ProfileIdSchema, shortText } from './fields.ts';
import type { GoalId, ProfileId, SourceId } from './ids.ts';

export const GOAL_STATUSES = ['active', 'paused', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_PRIORITIES = ['high', 'medium', 'low'] as const;
export type GoalPriority = (typeof GOAL_PRIORITIES)[number];

export const TargetProfileSchema = z.object({
  /** Absent for a profile added in this edit; kept so contacts linked to it stay linked. */
  id: ProfileIdSchema.optional(),
  title: shortText(200).min(1, { message: 'validation.required' }),
  description: shortText(2000).default(''),
});

export const GoalDraftSchema = z.object({
  title: shortText(200).min(1, { message: 'validation.required' }),
  /** Why this goal matters to me. */
  why: shortText(4000).default(''),
  /** By when, YYYY-MM-DD; empty for open-ended. */
  horizon: OptionalDateSchema,
  status: z.enum(GOAL_STATUSES).default('active'),
  priority: z.enum(GOAL_PRIORITIES).default('medium'),
  profiles: z.array(TargetProfileSchema).max(50).default([]),
});
export type GoalDraft = z.output<typeof GoalDraftSchema>;
export type GoalDraftInput = z.input<typeof GoalDraftSchema>;

export interface TargetProfile {
  readonly id: ProfileId;
  readonly title: string;
  readonly description: string;
}

export interface Goal {
  readonly id: GoalId;
  readonly title: string;
  readonly why: string;
  readonly horizon: string;
  readonly status: GoalStatus;
  readonly priority: GoalPriority;
  readonly profiles: readonly TargetProfile[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** How many (unarchived) contacts a goal or profile has, and how many are past the "target" stage. */
export interface LinkCounts {
  readonly contacts: number;
  readonly reached: number;
}

export interface GoalOverview extends Goal {
  /** Everyone linked to the goal directly or through one of its profiles. */
  readonly counts: LinkCounts;
  readonly profiles: readonly (TargetProfile & { readonly counts: LinkCounts })[];
}

const PRIORITY_ORDER: Record<GoalPriority, number> = { high: 0, medium: 1, low: 2 };
const STATUS_ORDER: Record<GoalStatus, number> = { active: 0, paused: 1, achieved: 2, dropped: 3 };

/** Active goals first, then by priority, then the nearest horizon, then the oldest. */
export function compareGoals(a: Goal, b: Goal): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
    (a.horizon || '9999').localeCompare(b.horizon || '9999') ||
    a.createdAt - b.createdAt ||
    a.id.localeCompare(b.id)
  );
}

/** 自己分析 (Step 1): who I am and where I want to go; the root of the goal map. */
export const SelfProfileSchema = z.object({
  strengths: shortText(2000).default(''),
  interests: shortText(2000).default(''),
  values: shortText(2000).default(''),
  careerGoal: shortText(2000).default(''),
});
export type SelfProfile = z.output<typeof SelfProfileSchema>;
export const SELF_PROFILE_FIELDS = ['careerGoal', 'strengths', 'interests', 'values'] as const;
export const EMPTY_SELF_PROFILE: SelfProfile = { strengths: '', interests: '', values: '', careerGoal: '' };

export const SOURCE_KINDS = ['blog', 'newsletter', 'seminar', 'book', 'sns', 'podcast', 'video', 'community', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Only web addresses: a source's link is shown and may be opened, so no other scheme gets in. */
const WebUrlSchema = z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'validation.url' }).max(2000, { message: 'validation.tooLong' })]);

/** An information source (Step 2 情報収集): a blog, newsletter, seminar, book or account worth following for a goal. */
export const SourceDraftSchema = z.object({
  title: shortText(200).min(1, { message: 'validation.required' }),
  kind: z.enum(SOURCE_KINDS).default('blog'),
  url: z.string().trim().pipe(WebUrlSchema).default(''),
  note: shortText(2000).default(''),
  goalLinks: z.array(GoalLinkSchema).max(100).default([]),
});
export type SourceDraft = z.output<typeof SourceDraftSchema>;
export type SourceDraftInput = z.input<typeof SourceDraftSchema>;

export interface Source extends SourceDraft {
  readonly id: SourceId;
  readonly createdAt: number;
  readonly updatedAt: number;
}
