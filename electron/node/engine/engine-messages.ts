/**
 * What the shell (Electron's main process, or a test's stand-in) and the engine process say to
 * each other. Everything is structured-clone data: no functions, no handles. The engine trusts the
 * shell, which has already checked who called; it still parses every call's input by the contract.
 */
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import type { Result } from '../../../shared/api/result.ts';
import type { KdfCost } from '../../../shared/vault-format/keys.ts';
import type { LogLevel } from '../log/log-file.ts';

export interface EngineConfig {
  /** The app's data folder; the vault lives in its `vault` sub-folder. */
  readonly dataDir: string;
  /** The Argon2id worker: the bundled chunk in the app, the TypeScript source under Node. */
  readonly kdfWorker: string;
  /** The backup-shard inspection worker, likewise (without it, backups are checked on the engine's thread). */
  readonly inspectWorker?: string;
  /** The name this device gives itself in the vault's device list until the user renames it. */
  readonly defaultDeviceName: string;
  /** Where a backup is suggested (the app: the user's Documents folder). */
  readonly backupFolder?: string;
  /** LAN discovery: mDNS in the app; none where tests pair by address. */
  readonly discovery: 'mdns' | 'none';
  /** Sync's listening address (the app: every interface, port 47291). */
  readonly listen?: { readonly host: string; readonly port: number };
  readonly advertisedHost?: string;
  readonly syncDelayMs?: number;
  /** Tests lower the Argon2id cost; the app never passes these. */
  readonly kdfPolicy?: { readonly cost: KdfCost; readonly floor: KdfCost };
  readonly warmUpDelayMs?: number;
}

export type ShellMessage =
  | { readonly type: 'start'; readonly config: EngineConfig }
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly input: unknown }
  /** Stop syncing, lock the vault (saving its cache, zeroing its keys), then say `stopped`. */
  | { readonly type: 'stop' };

export type EngineMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: EventPayload<EventName> }
  /** A line for the shell's log: already free of names and notes (a method and an error's class). */
  | { readonly type: 'log'; readonly level: LogLevel; readonly text: string }
  | { readonly type: 'stopped' };

/** The engine's side of its link to the shell, whatever carries it (utilityProcess, child process, worker). */
export interface ShellLink {
  send(message: EngineMessage): void;
  onMessage(listener: (message: ShellMessage) => void): void;
}
