/** An event: where I go to meet people (and the ones I host), who I met there, and what to follow up. */
import { z } from 'zod';
import { ContactIdSchema, GoalLinkSchema, shortText, TimestampSchema } from './fields.ts';
import type { ContactId, EventId, GoalId, ProfileId } from './ids.ts';

type GoalLink = GoalId | ProfileId;
import { FollowUpSchema, type FollowUp } from './interaction.ts';
import { EMPTY_NOTE, NoteSchema, type NoteView } from './note.ts';

export const EVENT_KINDS = ['industry', 'cross-industry', 'seminar', 'study-group', 'volunteering', 'online', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EventDraftSchema = z.object({
  title: shortText(200).min(1, { message: 'validation.required' }),
  kind: z.enum(EVENT_KINDS).default('industry'),
  startsAt: TimestampSchema,
  place: shortText(300).default(''),
  note: NoteSchema.default(EMPTY_NOTE),
  /** Who I met there; each one gets an interaction of kind "event" when added. */
  attendeeIds: z.array(ContactIdSchema).max(500).default([]),
  followUp: FollowUpSchema.nullable().default(null),
  /** Goals and target profiles this event serves (where to meet the people a goal needs). */
  goalLinks: z.array(GoalLinkSchema).max(100).default([]),
});
export type EventDraft = z.output<typeof EventDraftSchema>;
export type EventDraftInput = z.input<typeof EventDraftSchema>;

export interface EventSummary {
  readonly id: EventId;
  readonly title: string;
  readonly kind: EventKind;
  readonly startsAt: number;
  readonly place: string;
  readonly attendeeIds: readonly ContactId[];
  readonly followUp: FollowUp | null;
  readonly goalLinks: readonly GoalLink[];
}

export interface EventDetail extends EventSummary {
  readonly note: NoteView;
  readonly attendees: readonly { readonly id: ContactId; readonly name: string }[];
}
