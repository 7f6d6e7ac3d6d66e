/** Backups as the API speaks of them (docs/backup.md). */
import { z } from 'zod';
import type { ErrorCode } from '../api/errors.ts';
import { FolderPathSchema } from './device.ts';
import { absolutePath } from './fields.ts';

/** A path the user typed or the app suggested; only absolute ones (a relative one would depend on where the app started). */
export const BackupPathSchema = absolutePath('validation.absoluteFilePath');

export interface BackupCounts {
  readonly contacts: number;
  readonly interactions: number;
  readonly events: number;
  readonly goals: number;
}

/** What a backup holds, as verified by reading every shard in it. */
export interface BackupSummary {
  readonly path: string;
  readonly createdAt: number;
  readonly vaultName: string;
  readonly counts: BackupCounts;
  readonly shards: number;
  readonly bytes: number;
  /** Whether it is a backup of the vault open now (unknown while locked). */
  readonly sameVault?: boolean;
}

export const BACKUP_OPERATIONS = ['verify', 'merge', 'restore'] as const;
export type BackupOperation = (typeof BACKUP_OPERATIONS)[number];

/** Automatic backups as the user sets them: a folder, every day or week, how many to keep. */
export const BackupScheduleSchema = z
  .object({
    folder: FolderPathSchema,
    everyDays: z.union([z.literal(1), z.literal(7)]),
    keep: z.number().int().min(1).max(100),
  })
  .strict();
export type BackupSchedule = z.output<typeof BackupScheduleSchema>;

export interface BackupScheduleState extends BackupSchedule {
  readonly lastAt?: number;
  readonly lastPath?: string;
  /** Why the last attempt failed (the next one is tried at the next check). */
  readonly lastError?: ErrorCode;
  readonly nextAt: number;
}
