/**
 * The vault engine: every service that holds or touches the vault (vault, sync, backups, import,
 * export), composed behind one dispatcher. It runs in a process of its own (engine-process.ts) so
 * Automerge work never stalls the window; the shell keeps only what is about the computer
 * (preferences, file dialogs, OS requests).
 */
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import { createDispatcher, DESKTOP_METHODS, type Dispatch } from '../api/dispatch.ts';
import { backupHandlers, interopHandlers, syncHandlers, vaultHandlers } from '../api/handlers.ts';
import { workerInspector } from '../backup/shard-inspector.ts';
import { BackupService } from '../backup/backup-service.ts';
import { ExportService } from '../interop/export-service.ts';
import { ImportService } from '../interop/import-service.ts';
import { describeError } from '../log/crash-report.ts';
import type { LogLevel } from '../log/log-file.ts';
import { mdnsDiscovery } from '../sync/discovery.ts';
import { SyncService } from '../sync/sync-service.ts';
import { workerKdf } from '../vault/kdf.ts';
import { VaultService } from '../vault/vault-service.ts';
import type { EngineConfig } from './engine-messages.ts';

/** Methods the engine answers: all of the contract but the desktop ones, which stay with the shell. */
export const isEngineMethod = (method: string): boolean => !(DESKTOP_METHODS as readonly string[]).includes(method);

export interface Engine {
  readonly dispatch: Dispatch;
  /** Stops syncing and the backup timer, then locks the vault. */
  stop(): Promise<void>;
}

export interface EngineSinks {
  readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  readonly log: (level: LogLevel, text: string) => void;
}

/** How long sync may take to say goodbye to its peers before the vault locks anyway. */
const SYNC_STOP_GRACE_MS = 5_000;

export function createEngine(config: EngineConfig, sinks: EngineSinks): Engine {
  const kdf = workerKdf(config.kdfWorker);
  const vault = new VaultService({
    dataDir: config.dataDir,
    kdf,
    emit: sinks.emit,
    ...(config.kdfPolicy && { kdfPolicy: config.kdfPolicy }),
    ...(config.warmUpDelayMs !== undefined && { warmUpDelayMs: config.warmUpDelayMs }),
  });
  const sync = new SyncService({
    vault,
    emit: sinks.emit,
    defaultDeviceName: config.defaultDeviceName,
    ...(config.discovery === 'mdns' && { discovery: mdnsDiscovery() }),
    ...(config.listen && { listen: config.listen }),
    ...(config.advertisedHost && { advertisedHost: config.advertisedHost }),
    ...(config.syncDelayMs !== undefined && { syncDelayMs: config.syncDelayMs }),
  });
  const backups = new BackupService({
    vault,
    kdf,
    ...(config.inspectWorker && { inspector: workerInspector(config.inspectWorker) }),
    emit: sinks.emit,
    ...(config.backupFolder && { defaultFolder: config.backupFolder }),
    ...(config.kdfPolicy && { kdfCost: config.kdfPolicy.cost }),
  });
  const dispatch = createDispatcher(
    { ...vaultHandlers(vault), ...syncHandlers(sync), ...backupHandlers(backups), ...interopHandlers(new ImportService({ vault }), new ExportService({ vault })) },
    // The method and the error's class only: never its message, which could quote the input.
    { onInternalError: (method, error) => sinks.log('error', `${method} failed: ${describeError(error).name}`) },
  );
  backups.startSchedule();

  return {
    dispatch,
    async stop() {
      backups.stopScheduleTimer();
      await Promise.race([sync.stop(), new Promise((resolve) => setTimeout(resolve, SYNC_STOP_GRACE_MS).unref())]);
      await vault.lock();
    },
  };
}
