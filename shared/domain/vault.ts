import type { ErrorCode } from '../api/errors.ts';
import { z } from 'zod';

export type VaultStatus =
  | { readonly state: 'none' }
  | { readonly state: 'locked' }
  | { readonly state: 'unlocked'; readonly name: string };

/** Damage found while opening: what was set aside, and what the user no longer sees because of it. */
export interface VaultProblem {
  readonly shardKind: 'root' | 'contacts' | 'interactions' | 'events';
  readonly file: 'snapshot' | 'log';
  readonly code: ErrorCode;
  /** Where the damaged file (and any that depended on it) was moved, relative to the data folder. */
  readonly quarantined: readonly string[];
  /** Names of contacts no longer readable (at most 20), and how many in all. */
  readonly lostContacts: readonly string[];
  readonly lostContactCount: number;
  readonly lostInteractions: number;
}

export interface VaultHealth {
  readonly problems: readonly VaultProblem[];
}

export const VaultNameSchema = z.string().trim().min(1, { message: 'validation.required' }).max(80, { message: 'validation.tooLong' });

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.time' });

export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0] as const;
/** Minutes of system idle time before the vault locks itself; 0 means never. */
export const VaultSettingsSchema = z.object({
  autoLockMinutes: z.union(AUTO_LOCK_CHOICES.map((minutes) => z.literal(minutes))),
  /** My own company, for the 社内人脈 (colleagues) filter. */
  myCompany: z.string().trim().max(200, { message: 'validation.tooLong' }),
  /** Desktop notifications for what is due (names and reasons only, never note text). */
  notify: z.boolean(),
  /** No notifications from … until … (local time, HH:MM); equal times mean no quiet hours. */
  quietFrom: TimeOfDaySchema,
  quietUntil: TimeOfDaySchema,
});
export type VaultSettings = z.output<typeof VaultSettingsSchema>;
export const DEFAULT_SETTINGS: VaultSettings = { autoLockMinutes: 15, myCompany: '', notify: true, quietFrom: '21:00', quietUntil: '08:00' };

/** Passphrases are not trimmed: every character the user typed counts. */
export const PassphraseSchema = z.string().min(1, { message: 'validation.required' }).max(1024, { message: 'validation.tooLong' });
