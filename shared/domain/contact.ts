/**
 * A contact: who they are (names with readings, company, department, title, and where they were
 * before), how to reach them, how we met, where the relationship stands (stage, 距離感), the roles
 * they play, what I understand of them, my notes, tags and how often to keep in touch.
 */
import { z } from 'zod';
import { ContactIdSchema, DateSchema, EventIdSchema, GoalLinkSchema, kanaReading, NoteIdSchema, OptionalDateSchema, shortText } from './fields.ts';
import type { ContactId, EventId, GoalId, NoteId, ProfileId } from './ids.ts';
import { EMPTY_NOTE, NoteSchema, type Note, type NoteView } from './note.ts';

export type GoalLink = GoalId | ProfileId;

export const STAGES = ['target', 'reached-out', 'acquainted', 'trusted', 'partner'] as const;
export type Stage = (typeof STAGES)[number];
export const ROLES = ['mentor', 'mentee', 'collaborator', 'client', 'vendor', 'recruiter', 'colleague', 'investor', 'friend', 'other'] as const;
export type Role = (typeof ROLES)[number];
export const CHANNEL_KINDS = ['email', 'phone', 'line', 'linkedin', 'x', 'web', 'other'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** Keep-in-touch cadence in days; 0 = none. */
export const CADENCES = [0, 14, 30, 60, 90, 180, 365] as const;
export type Cadence = (typeof CADENCES)[number];
export const UNDERSTANDING_FIELDS = ['strengths', 'values', 'interests', 'needs'] as const;
export type UnderstandingField = (typeof UNDERSTANDING_FIELDS)[number];

export const PositionSchema = z.object({
  company: shortText(200),
  department: shortText(200).default(''),
  title: shortText(200).default(''),
  from: OptionalDateSchema,
  until: OptionalDateSchema,
});
export type Position = z.output<typeof PositionSchema>;

export const ChannelSchema = z.object({
  kind: z.enum(CHANNEL_KINDS),
  value: shortText(300).min(1, { message: 'validation.required' }),
  label: shortText(60).default(''),
});
export type Channel = z.output<typeof ChannelSchema>;

/** YYYY-MM-DD, or --MM-DD when the year is unknown (as vCard writes it). */
export const BirthdaySchema = z.union([z.literal(''), DateSchema, z.string().regex(/^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'validation.date' })]).default('');

export const HowWeMetSchema = z.object({
  date: OptionalDateSchema,
  eventId: EventIdSchema.nullable().default(null),
  introducedBy: ContactIdSchema.nullable().default(null),
  note: shortText(2000).default(''),
});
export type HowWeMet = z.output<typeof HowWeMetSchema>;

export const ContactNoteSchema = NoteSchema.extend({
  id: NoteIdSchema.optional(),
  /** When it was learned; YYYY-MM-DD. */
  date: OptionalDateSchema,
});
export type ContactNote = Note & { readonly id: NoteId; readonly date: string };

export const TagSchema = shortText(40).min(1);

const understandingShape = Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, NoteSchema.default(EMPTY_NOTE)])) as Record<UnderstandingField, z.ZodDefault<typeof NoteSchema>>;

/** Everything the user edits on a contact. Fields left out take their defaults. */
export const ContactDraftSchema = z
  .object({
    familyName: shortText(100),
    givenName: shortText(100),
    familyNameKana: kanaReading,
    givenNameKana: kanaReading,
    company: shortText(200),
    companyKana: kanaReading.default(''),
    department: shortText(200).default(''),
    title: shortText(200),
    history: z.array(PositionSchema).max(50).default([]),
    channels: z.array(ChannelSchema).max(30).default([]),
    birthday: BirthdaySchema,
    howWeMet: HowWeMetSchema.default({ date: '', eventId: null, introducedBy: null, note: '' }),
    stage: z.enum(STAGES).default('acquainted'),
    closeness: z.number().int().min(1).max(5).default(2),
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
    understanding: z.object(understandingShape).default({ strengths: EMPTY_NOTE, values: EMPTY_NOTE, interests: EMPTY_NOTE, needs: EMPTY_NOTE }),
    notes: z.array(ContactNoteSchema).max(1000).default([]),
    tags: z.array(TagSchema).max(30).default([]),
    cadenceDays: z.union(CADENCES.map((days) => z.literal(days))).default(0),
    /** Goals and target profiles this person matters for. */
    goalLinks: z.array(GoalLinkSchema).max(100).default([]),
    archived: z.boolean().default(false),
  })
  .refine((c) => c.familyName.length > 0 || c.givenName.length > 0, {
    message: 'validation.nameRequired',
    path: ['familyName'],
  });

export type ContactDraft = z.output<typeof ContactDraftSchema>;
export type ContactDraftInput = z.input<typeof ContactDraftSchema>;

/** What lists show of a contact (and what search and filters work on). */
export interface ContactSummary {
  readonly id: ContactId;
  readonly familyName: string;
  readonly givenName: string;
  readonly familyNameKana: string;
  readonly givenNameKana: string;
  readonly company: string;
  readonly companyKana: string;
  readonly department: string;
  readonly title: string;
  readonly stage: Stage;
  readonly closeness: number;
  readonly roles: readonly Role[];
  readonly tags: readonly string[];
  readonly cadenceDays: number;
  readonly goalLinks: readonly GoalLink[];
  readonly birthday: string;
  readonly archived: boolean;
  readonly createdAt: number;
  /** Milliseconds since the epoch. */
  readonly updatedAt: number;
}

/** A contact as its detail view receives it: every field, notes masked where confidential. */
export interface ContactDetail extends Omit<ContactDraft, 'understanding' | 'notes'> {
  readonly id: ContactId;
  readonly understanding: Record<UnderstandingField, NoteView>;
  readonly notes: readonly (NoteView & { readonly id: NoteId; readonly date: string })[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly interactionCount: number;
  readonly lastInteractionAt: number | null;
  /** Names of the contacts this one refers to (introduced by, told by), for display. */
  readonly names: Readonly<Record<string, string>>;
}

const readingCollator = new Intl.Collator('ja', { sensitivity: 'base', numeric: true });

/** The reading used for 五十音 order: the kana when known, else the written name. */
export function sortReading(c: Pick<ContactSummary, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana'>): string {
  const family = c.familyNameKana || c.familyName;
  const given = c.givenNameKana || c.givenName;
  return `${family} ${given}`.trim();
}

export function compareByReading(a: ContactSummary, b: ContactSummary): number {
  return readingCollator.compare(sortReading(a), sortReading(b)) || a.id.localeCompare(b.id);
}

export type { EventId };
