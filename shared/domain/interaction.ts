/** An interaction: with whom, when, what kind, who gave to whom (reciprocity), and what was said. */
import { z } from 'zod';
import { ContactIdSchema, EventIdSchema, InteractionIdSchema, shortText, TimestampSchema } from './fields.ts';
import type { ContactId, EventId, InteractionId } from './ids.ts';
import { EMPTY_NOTE, NoteSchema, type NoteView } from './note.ts';

export const INTERACTION_KINDS = ['met', 'meeting', 'call', 'message', 'comment', 'event', 'introduction', 'information', 'help', 'gift', 'thanks', 'referral', 'other'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const DIRECTIONS = ['gave', 'received', 'mutual'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const WEIGHTS = [1, 2, 3] as const;

export const FollowUpSchema = z.object({
  text: shortText(300).min(1, { message: 'validation.required' }),
  dueAt: TimestampSchema,
  done: z.boolean().default(false),
});
export type FollowUp = z.output<typeof FollowUpSchema>;

export const InteractionDraftSchema = z.object({
  contactIds: z.array(ContactIdSchema).min(1, { message: 'validation.pickContact' }).max(50),
  occurredAt: TimestampSchema,
  kind: z.enum(INTERACTION_KINDS),
  direction: z.enum(DIRECTIONS).default('mutual'),
  weight: z.union(WEIGHTS.map((w) => z.literal(w))).default(1),
  summary: shortText(300),
  note: NoteSchema.default(EMPTY_NOTE),
  eventId: EventIdSchema.nullable().default(null),
  followUp: FollowUpSchema.nullable().default(null),
});
export type InteractionDraft = z.output<typeof InteractionDraftSchema>;
export type InteractionDraftInput = z.input<typeof InteractionDraftSchema>;

/** An interaction as timelines show it. */
export interface InteractionView {
  readonly id: InteractionId;
  readonly occurredAt: number;
  readonly kind: InteractionKind;
  readonly direction: Direction;
  readonly weight: number;
  readonly summary: string;
  readonly note: NoteView;
  /** Two devices changed the notes at once: every version (masked like the note). */
  readonly noteConflict: boolean;
  readonly contacts: readonly { readonly id: ContactId; readonly name: string }[];
  readonly eventId: EventId | null;
  readonly followUp: FollowUp | null;
}

export { InteractionIdSchema };
