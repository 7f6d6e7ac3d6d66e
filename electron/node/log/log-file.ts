/**
 * The app's log file: `logs/enishi.log` in the data folder, owner-only, rotated at 1 MiB with three
 * older files kept. Lines are redacted before they are written (./redact.ts). Writes are synchronous
 * so that a line written just before a crash is on disk.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact.ts';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFileOptions {
  readonly dir: string;
  readonly homeDir?: string;
  readonly maxBytes?: number;
  /** Older files kept beside the current one (enishi.log.1 … .N). */
  readonly keep?: number;
  readonly clock?: () => number;
}

export const LOG_FILE_NAME = 'enishi.log';

export class LogFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly clock: () => number;
  private readonly options: LogFileOptions;

  constructor(options: LogFileOptions) {
    this.options = options;
    this.path = join(options.dir, LOG_FILE_NAME);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 3;
    this.clock = options.clock ?? Date.now;
  }

  write(level: LogLevel, message: string): void {
    const line = `${new Date(this.clock()).toISOString()} ${level.toUpperCase()} ${redact(message, this.options.homeDir).replaceAll('\n', '\n    ')}\n`;
    try {
      mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
      if (existsSync(this.path) && statSync(this.path).size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      appendFileSync(this.path, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the app down with it.
    }
  }

  /** The last lines of the current file (already redacted), for a crash report. */
  tail(lines: number): string {
    try {
      return readFileSync(this.path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  private rotate(): void {
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    renameSync(this.path, `${this.path}.1`);
  }
}

/** Also writes what the services print with console.error / console.warn (error names only, by their convention) to the log file. */
export function mirrorConsoleToLog(log: LogFile): void {
  const line = (args: unknown[]) => args.map((arg) => (arg instanceof Error ? arg.name : String(arg))).join(' ');
  const error = console.error.bind(console);
  const warn = console.warn.bind(console);
  console.error = (...args: unknown[]) => {
    error(...args);
    log.write('error', line(args));
  };
  console.warn = (...args: unknown[]) => {
    warn(...args);
    log.write('warn', line(args));
  };
}
