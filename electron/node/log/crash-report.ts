/**
 * The report a user can copy after an unexpected error: versions, platform, the error's class and
 * redacted message and stack, and the last redacted log lines. Never vault data: the main process
 * holds none in its error messages, and everything passes through redact() anyway.
 */
import { redact } from './redact.ts';

export interface CrashFacts {
  readonly what: string;
  /** Undefined for a report the user asked for with nothing having gone wrong. */
  readonly error: unknown;
  readonly appVersion: string;
  readonly versions: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly arch: string;
  readonly time: number;
  readonly logTail: string;
  readonly homeDir?: string;
}

export function describeError(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: (error.stack ?? '').split('\n').slice(1, 16).join('\n') };
  return { name: typeof error, message: typeof error === 'string' ? error : '', stack: '' };
}

export function crashReport(facts: CrashFacts): string {
  const { name, message, stack } = facts.error === undefined ? { name: 'No error', message: 'report asked for from the Help menu', stack: '' } : describeError(facts.error);
  const versions = ['electron', 'chrome', 'node'].map((key) => `${key} ${facts.versions[key] ?? '?'}`).join(', ');
  const header = [`Enishi ${facts.appVersion} — ${facts.what}`, `${new Date(facts.time).toISOString()} · ${facts.platform} ${facts.arch} · ${versions}`];
  const details = redact([`${name}: ${message}`, stack, '', 'Recent log:', facts.logTail || '(empty)'].join('\n'), facts.homeDir);
  return [...header, '', details].join('\n').trimEnd();
}
