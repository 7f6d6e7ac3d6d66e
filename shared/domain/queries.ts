/** The shapes of list questions (validated at the API boundary; answered in shared/vault/queries.ts). */
import { z } from 'zod';
import { ROLES, STAGES } from './contact.ts';
import { ContactIdSchema, EventIdSchema, GoalIdSchema } from './fields.ts';
import { DIRECTIONS, INTERACTION_KINDS } from './interaction.ts';

const offsetLimit = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};

/** 'due': keep-in-touch, the next due (or most overdue) first; people without a rhythm last. */
export const CONTACT_SORTS = ['reading', 'recent', 'last-contact', 'closeness', 'due'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export const ContactQuerySchema = z
  .object({
    sort: z.enum(CONTACT_SORTS).default('reading'),
    tags: z.array(z.string().max(40)).max(20).default([]),
    stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
    company: z.string().max(200).default(''),
    /** Only colleagues at my own company (社内人脈), per the "my company" setting. */
    ownCompany: z.boolean().default(false),
    /** Contacts linked to one of these goals, directly or through one of its target profiles. */
    goals: z.array(GoalIdSchema).max(20).default([]),
    archived: z.enum(['hide', 'only', 'include']).default('hide'),
    ...offsetLimit,
  })
  .strict();
export type ContactQuery = z.output<typeof ContactQuerySchema>;
export type ContactQueryInput = z.input<typeof ContactQuerySchema>;

export const TimelineQuerySchema = z
  .object({
    kinds: z.array(z.enum(INTERACTION_KINDS)).max(INTERACTION_KINDS.length).default([]),
    directions: z.array(z.enum(DIRECTIONS)).max(DIRECTIONS.length).default([]),
    /** Interactions with at least one contact carrying one of these tags. */
    tags: z.array(z.string().max(40)).max(20).default([]),
    contactId: ContactIdSchema.nullable().default(null),
    eventId: EventIdSchema.nullable().default(null),
    group: z.enum(['day', 'month']).default('day'),
    ...offsetLimit,
  })
  .strict();
export type TimelineQuery = z.output<typeof TimelineQuerySchema>;
export type TimelineQueryInput = z.input<typeof TimelineQuerySchema>;

