/**
 * Automatic backups: the settings (folder, how often, how many kept), when the last one ran, and the
 * backup key they all use — made once from the passphrase the user gave, so no passphrase is kept
 * and Argon2id does not run at every backup. Kept only on this device, sealed under this device's
 * own key (`backup-schedule.enishi` in the vault folder); never synced, never in a backup.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/api/errors.ts';
import { BACKUP_EXTENSION } from '../../../shared/vault-format/backup.ts';
import { DEVICE_FILE_NAMES } from '../vault/device-files.ts';
import type { WrappedBackupKey } from './backup-file.ts';

export const SCHEDULE_FILE = DEVICE_FILE_NAMES.backupSchedule;
/** Only files with this prefix are ever pruned: backups the user made by hand are never touched. */
export const AUTO_PREFIX = 'enishi-auto-';
const DAY_MS = 24 * 60 * 60 * 1000;

const hexBytes = z
  .string()
  .regex(/^([0-9a-f]{2})*$/)
  .transform((value) => new Uint8Array(Buffer.from(value, 'hex')));

const StoredScheduleSchema = z.object({
  folder: z.string().min(1),
  everyDays: z.number().int().min(1).max(30),
  keep: z.number().int().min(1).max(100),
  lastAt: z.number().optional(),
  lastPath: z.string().optional(),
  lastError: z.enum(ERROR_CODES).optional(),
  key: z.object({ headerId: hexBytes.optional(), opsLimit: z.number().int(), memLimit: z.number().int(), salt: hexBytes, nonce: hexBytes, ciphertext: hexBytes, key: hexBytes }),
});

export interface StoredSchedule {
  readonly folder: string;
  readonly everyDays: number;
  readonly keep: number;
  readonly lastAt?: number;
  readonly lastPath?: string;
  readonly lastError?: (typeof ERROR_CODES)[number];
  readonly key: WrappedBackupKey;
}

/** As stored: a schedule set up before backup headers stopped naming the vault has no header id (its key wrap is bound to the vault id). */
export type StoredScheduleFile = Omit<StoredSchedule, 'key'> & { readonly key: Omit<WrappedBackupKey, 'headerId'> & { readonly headerId: Uint8Array | undefined } };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function encodeSchedule(schedule: StoredSchedule): string {
  const { key, ...rest } = schedule;
  return JSON.stringify({ ...rest, key: { headerId: hex(key.headerId), opsLimit: key.kdf.opsLimit, memLimit: key.kdf.memLimit, salt: hex(key.kdf.salt), nonce: hex(key.wrappedKey.nonce), ciphertext: hex(key.wrappedKey.ciphertext), key: hex(key.key) } });
}

/** The stored schedule, or undefined when the file is not one (a damaged schedule is set up again, not guessed at). */
export function decodeSchedule(text: string): StoredScheduleFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = StoredScheduleSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { key, ...rest } = parsed.data;
  return { ...rest, key: { headerId: key.headerId, kdf: { opsLimit: key.opsLimit, memLimit: key.memLimit, salt: key.salt }, wrappedKey: { nonce: key.nonce, ciphertext: key.ciphertext }, key: key.key } };
}

export function nextDueAt(schedule: Pick<StoredSchedule, 'everyDays' | 'lastAt'>, now: number): number {
  return schedule.lastAt === undefined ? now : schedule.lastAt + schedule.everyDays * DAY_MS;
}

/** enishi-auto-2026-11-27T0905.enishi-backup (UTC): names sort by time. */
export function autoBackupName(at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');
  return `${AUTO_PREFIX}${stamp}${BACKUP_EXTENSION}`;
}

/** Removes the oldest automatic backups beyond `keep`; returns the names removed. */
export async function pruneAutoBackups(folder: string, keep: number): Promise<string[]> {
  const automatic = (await readdir(folder)).filter((name) => name.startsWith(AUTO_PREFIX) && name.endsWith(BACKUP_EXTENSION)).sort();
  const removed = automatic.slice(0, Math.max(0, automatic.length - keep));
  for (const name of removed) await rm(join(folder, name), { force: true });
  return removed;
}
