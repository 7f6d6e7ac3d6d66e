/**
 * The one place where a call from outside becomes a handler call: unknown methods are refused,
 * input is parsed by its schema, and anything a handler throws becomes an `internal` error with no
 * data in it. Used by the Electron IPC binding and by the test bridge alike.
 */
import { api, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from '../../../shared/api/contract.ts';
import { fail, type Result } from '../../../shared/api/result.ts';

export type Handlers = { readonly [M in MethodName]: (input: ParsedInput<M>) => Promise<Result<MethodOutput<M>>> };

/** The methods of sync between devices; with the backup methods below, everything else is the vault's. */
export const SYNC_METHODS = ['getDevices', 'getSyncStatus', 'startPairing', 'cancelPairing', 'answerPairing', 'joinVault', 'renameDevice', 'revokeDevice', 'setDeviceAddress', 'syncNow', 'setSharedFolder', 'rotateSharingKey'] as const satisfies readonly MethodName[];
export type SyncMethodName = (typeof SYNC_METHODS)[number];
/** The methods of backups. */
export const BACKUP_METHODS = ['suggestBackupPath', 'writeBackup', 'verifyBackup', 'mergeBackup', 'restoreBackup', 'getBackupSchedule', 'setBackupSchedule', 'stopBackupSchedule', 'runScheduledBackup'] as const satisfies readonly MethodName[];
export type BackupMethodName = (typeof BACKUP_METHODS)[number];
/** The methods of importing and exporting contacts. */
export const INTEROP_METHODS = ['previewImport', 'commitImport', 'exportContacts'] as const satisfies readonly MethodName[];
export type InteropMethodName = (typeof INTEROP_METHODS)[number];
/** The methods about this computer rather than the vault. */
export const DESKTOP_METHODS = ['getDesktopPreferences', 'setDesktopPreferences', 'takeOpenRequest', 'choosePath'] as const satisfies readonly MethodName[];
export type DesktopMethodName = (typeof DESKTOP_METHODS)[number];
export type VaultHandlers = Omit<Handlers, SyncMethodName | BackupMethodName | InteropMethodName | DesktopMethodName>;
export type SyncHandlers = Pick<Handlers, SyncMethodName>;
export type BackupHandlers = Pick<Handlers, BackupMethodName>;
export type InteropHandlers = Pick<Handlers, InteropMethodName>;
export type DesktopHandlers = Pick<Handlers, DesktopMethodName>;

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Told about unexpected failures (bugs); gets the method name and the error, never the input. */
  readonly onInternalError?: (method: MethodName, error: unknown) => void;
  /** Where a method without a handler here goes once its input has parsed (the shell: to the engine process). */
  readonly forward?: (method: MethodName, input: unknown) => Promise<Result<unknown>>;
}

/**
 * The engine passes every vault, sync, backup and interop handler and the shell the desktop ones,
 * forwarding the rest to the engine; tests of the vault alone may leave sync and backups out, and
 * their methods then answer `unknown-method`.
 */
export function createDispatcher(handlers: Partial<Handlers>, options: DispatchOptions = {}): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return fail('unknown-method', `there is no method named ${JSON.stringify(method).slice(0, 80)}`);
    const parsed = api[method].input.safeParse(input);
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
      return fail('invalid-input', `${method}: ${where}`);
    }
    if (!Object.hasOwn(handlers, method)) {
      return options.forward ? options.forward(method, parsed.data) : fail('unknown-method', `${method} is not available here`);
    }
    try {
      const handler = (handlers as Handlers)[method] as (input: unknown) => Promise<Result<unknown>>;
      return await handler(parsed.data);
    } catch (error) {
      options.onInternalError?.(method, error);
      return fail('internal', `${method} failed unexpectedly`);
    }
  };
}
