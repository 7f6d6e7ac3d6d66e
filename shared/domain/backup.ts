/** Backups as the API speaks of them (docs/backup.md). */
import { z } from 'zod';

/** A path the user typed or the app suggested; only absolute ones (a relative one would depend on where the app started). */
export const BackupPathSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, { message: 'validation.absoluteFilePath' });

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
