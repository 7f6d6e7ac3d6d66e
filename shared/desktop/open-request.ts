/**
 * What the operating system hands the app to open, read strictly: a pairing link
 * (`enishi://pair/CODE`, what the QR image holds) or a `.enishi-backup` file. Anything else is
 * ignored. A link only fills in a form; nothing happens until the user confirms it.
 */
import type { OpenRequest } from '../domain/desktop.ts';
import { absolutePath } from '../domain/fields.ts';
import { decodePairingCode, PAIRING_LINK_PREFIX } from '../sync/pairing.ts';
import { BACKUP_EXTENSION } from '../vault-format/backup.ts';

const MAX_LINK_LENGTH = 400;
const filePath = absolutePath('validation.absoluteFilePath');

/** `enishi://pair/CODE` with a code that decodes; undefined for anything else. */
export function openRequestFromUrl(url: string): OpenRequest | undefined {
  if (url.length > MAX_LINK_LENGTH || !url.toLowerCase().startsWith(PAIRING_LINK_PREFIX)) return undefined;
  let code: string;
  try {
    code = decodeURIComponent(url.slice(PAIRING_LINK_PREFIX.length)).replace(/[/?#].*$/s, '').trim();
  } catch {
    return undefined;
  }
  return decodePairingCode(code).ok ? { kind: 'pair', code } : undefined;
}

/** An absolute path to a `.enishi-backup` file; undefined for anything else. */
export function openRequestFromFile(path: string): OpenRequest | undefined {
  if (!path.toLowerCase().endsWith(BACKUP_EXTENSION)) return undefined;
  const parsed = filePath.safeParse(path);
  return parsed.success ? { kind: 'backup-file', path: parsed.data } : undefined;
}

/**
 * The first pairing link or backup file among the arguments the app was started (or re-started,
 * on Windows and Linux) with. Options (`--…`) and the app's own path are skipped.
 */
export function openRequestFromArgs(args: readonly string[]): OpenRequest | undefined {
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const request = openRequestFromUrl(arg) ?? openRequestFromFile(arg);
    if (request) return request;
  }
  return undefined;
}
