/**
 * The report a user can copy after an unexpected error: versions, platform, the error's class and
 * stack frames (never its message), and the last log lines, all passed through redact().
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

/**
 * An error as it may be logged: its class and where it happened (the stack's frames), never its
 * message, which can quote whatever the failing code was handling.
 */
export function describeError(error: unknown): { name: string; stack: string } {
  if (error instanceof Error) return { name: error.name, stack: (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 15).join('\n') };
  return { name: typeof error, stack: '' };
}

export function crashReport(facts: CrashFacts): string {
  const { name, stack } = facts.error === undefined ? { name: 'No error (asked for from the Help menu)', stack: '' } : describeError(facts.error);
  const versions = ['electron', 'chrome', 'node'].map((key) => `${key} ${facts.versions[key] ?? '?'}`).join(', ');
  const header = [`Enishi ${facts.appVersion} — ${facts.what}`, `${new Date(facts.time).toISOString()} · ${facts.platform} ${facts.arch} · ${versions}`];
  const details = redact([name, stack, '', 'Recent log:', facts.logTail || '(empty)'].join('\n'), facts.homeDir);
  return [...header, '', details].join('\n').trimEnd();
}
