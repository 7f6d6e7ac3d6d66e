/**
 * Where the command-line tool gets passphrases: an environment variable or a file descriptor (for
 * scripts), else the terminal, typed without echo. Never the command line: argv is visible to every
 * user of the machine (ps) and kept in shell history.
 */
import { readFileSync } from 'node:fs';

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Ctrl-C at a passphrase prompt. */
export class CliInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'CliInterrupted';
  }
}

export interface TerminalInput {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
}

export interface PassphraseSources {
  readonly env: NodeJS.ProcessEnv;
  /** File descriptors given with --…-fd options, by purpose. */
  readonly fds: Partial<Record<PassphrasePurpose, number>>;
  readonly input: TerminalInput;
  readonly output: { write(text: string): unknown };
}

export type PassphrasePurpose = 'vault' | 'backup';

const ENV: Record<PassphrasePurpose, string> = { vault: 'ENISHI_PASSPHRASE', backup: 'ENISHI_BACKUP_PASSPHRASE' };
const FD_OPTION: Record<PassphrasePurpose, string> = { vault: '--passphrase-fd', backup: '--backup-passphrase-fd' };

/** The first line of what a file descriptor holds (a pipe, a here-string, a file). */
function readFromFd(fd: number, option: string): string {
  let text: string;
  try {
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    throw new CliUsageError(`${option} ${fd}: cannot read that file descriptor (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (!line) throw new CliUsageError(`${option} ${fd}: the first line is empty`);
  return line;
}

/** Reads a line from the terminal without showing it. */
export function promptHidden(question: string, input: TerminalInput, output: { write(text: string): unknown }): Promise<string> {
  if (!input.isTTY || !input.setRawMode) {
    return Promise.reject(new CliUsageError('no terminal to ask for a passphrase on: set ENISHI_PASSPHRASE / ENISHI_BACKUP_PASSPHRASE, or use --passphrase-fd / --backup-passphrase-fd'));
  }
  output.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (settle: () => void) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      settle();
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(() => resolve(value));
        if (character === '\u0003' || character === '\u0004') return finish(() => reject(new CliInterrupted()));
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
        else if (character >= ' ') value += character;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassphrase(sources: PassphraseSources, purpose: PassphrasePurpose, question: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = sources.env[ENV[purpose]];
  if (fromEnv) return fromEnv;
  const fd = sources.fds[purpose];
  if (fd !== undefined) return readFromFd(fd, FD_OPTION[purpose]);
  const first = await promptHidden(question, sources.input, sources.output);
  if (options.confirm) {
    const again = await promptHidden('Type it again: ', sources.input, sources.output);
    if (again !== first) throw new CliUsageError('the two passphrases differ');
  }
  return first;
}
