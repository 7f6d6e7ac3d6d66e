/**
 * The shape of the read model's cached form (ReadModelCacheData), for a copy that comes from outside
 * this device — a backup: whatever it claims, only well-formed lists reach the views.
 */
import { z } from 'zod';
import { ROLES, STAGES } from '../domain/contact.ts';
import { EVENT_KINDS } from '../domain/event.ts';
import { ContactIdSchema, EventIdSchema, GoalLinkSchema, InteractionIdSchema } from '../domain/fields.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../domain/interaction.ts';
import { AUDIENCES, CONFIDENTIALITY } from '../domain/note.ts';
import type { ReadModelCacheData } from './read-model-cache.ts';

const text = z.string().max(1_000_000);
const texts = z.array(text).max(100_000);
const ids = z.array(ContactIdSchema).max(100_000);
const count = z.number().finite();
const followUp = z.object({ text, dueAt: count, done: z.boolean() }).strict().nullable();
const note = z.tuple([text, z.enum(CONFIDENTIALITY), ContactIdSchema.nullable(), z.enum(AUDIENCES), ids]);

const contact = z.tuple([
  ContactIdSchema,
  text, // family name
  text,
  text,
  text,
  text, // company
  text,
  text,
  text,
  z.enum(STAGES),
  count,
  z.array(z.enum(ROLES)).max(ROLES.length),
  texts,
  count,
  text, // birthday
  z.union([z.literal(0), z.literal(1)]),
  count,
  count,
  text, // folded search text
  text,
  text,
  text,
  texts, // emails
  texts,
  z.array(GoalLinkSchema).max(1000),
]);
const interaction = z.tuple([InteractionIdSchema, count, ids, z.enum(INTERACTION_KINDS), z.enum(DIRECTIONS), count, text, note, texts.nullable(), EventIdSchema.nullable(), followUp]);
const event = z.tuple([EventIdSchema, text, z.enum(EVENT_KINDS), count, text, note, ids, followUp, z.array(GoalLinkSchema).max(1000)]);
const stats = z.tuple([ContactIdSchema, count, count, count, count]);

export const ReadModelCacheSchema = z
  .object({
    contacts: z.array(contact),
    interactions: z.array(interaction),
    events: z.array(event),
    stats: z.array(stats),
    contactOrder: z.array(ContactIdSchema).optional(),
  })
  .strict() satisfies z.ZodType<ReadModelCacheData, unknown>;
