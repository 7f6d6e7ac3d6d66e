/** Zod building blocks shared by the domain schemas. Messages are i18n keys the renderer translates. */
import { z } from 'zod';
import { CONTACT_ID, EVENT_ID, GOAL_ID, INTERACTION_ID, NOTE_ID, PROFILE_ID, SOURCE_ID, type ContactId, type EventId, type GoalId, type InteractionId, type NoteId, type ProfileId, type SourceId } from './ids.ts';

/** Hiragana, katakana (full and half width), the prolonged sound mark, the middle dot and spaces. */
export const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・･ｰ\s\u3000]*$/u;

export const shortText = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });
export const longText = (max = 20_000) => z.string().max(max, { message: 'validation.tooLong' });
/** An absolute path (POSIX or Windows): a relative one would depend on where the app was started. */
export const absolutePath = (message: 'validation.absolutePath' | 'validation.absoluteFilePath') =>
  z
    .string()
    .trim()
    .min(1, { message: 'validation.required' })
    .max(4096)
    .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, { message });

export const kanaReading = shortText(100).regex(KANA_ONLY, { message: 'validation.kanaOnly' });

export const ContactIdSchema = z
  .string()
  .regex(CONTACT_ID)
  .transform((id) => id as ContactId);
export const InteractionIdSchema = z
  .string()
  .regex(INTERACTION_ID)
  .transform((id) => id as InteractionId);
export const EventIdSchema = z
  .string()
  .regex(EVENT_ID)
  .transform((id) => id as EventId);
export const NoteIdSchema = z
  .string()
  .regex(NOTE_ID)
  .transform((id) => id as NoteId);
export const GoalIdSchema = z
  .string()
  .regex(GOAL_ID)
  .transform((id) => id as GoalId);
export const ProfileIdSchema = z
  .string()
  .regex(PROFILE_ID)
  .transform((id) => id as ProfileId);
export const SourceIdSchema = z
  .string()
  .regex(SOURCE_ID)
  .transform((id) => id as SourceId);
/** What a contact is linked to: a goal as a whole, or one of its target profiles. */
export const GoalLinkSchema = z.union([GoalIdSchema, ProfileIdSchema]);

/** A calendar date as the user means it, without a time zone: YYYY-MM-DD. */
export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const DateSchema = z.string().regex(DATE, { message: 'validation.date' });
export const OptionalDateSchema = z.union([z.literal(''), DateSchema]).default('');

/** Milliseconds since the epoch, within the years an interaction or event can carry. */
export const TimestampSchema = z
  .number()
  .int()
  .min(0)
  .max(Date.UTC(2199, 11, 31, 23, 59, 59), { message: 'validation.date' });
