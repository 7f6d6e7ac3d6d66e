/**
 * `enishi`, the command-line tool: the app's own services (no Electron) for scripts and for people
 * who live in a terminal. See docs/cli.md. Exit codes are part of its interface.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { ok, type Result } from '../../../shared/api/result.ts';
import type { BackupSummary } from '../../../shared/domain/backup.ts';
import { workerInspector, type ShardInspector } from '../backup/shard-inspector.ts';
import { BackupService } from '../backup/backup-service.ts';
import { ExportService } from '../interop/export-service.ts';
import { ImportService } from '../interop/import-service.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/interop/export-contacts.ts';
import { workerKdf, type Kdf } from '../vault/kdf.ts';
import type { KdfCost } from '../../../shared/vault-format/keys.ts';
import { VaultService } from '../vault/vault-service.ts';
import { CliInterrupted, CliUsageError, readPassphrase, type PassphraseSources, type TerminalInput } from './secrets.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, passphrase: 3, file: 4, vaultState: 5, storage: 6, interrupted: 130 } as const;

const EXIT_OF: Partial<Record<ErrorCode, number>> = {
  'wrong-passphrase': EXIT.passphrase,
  'weak-passphrase': EXIT.passphrase,
  'not-a-backup': EXIT.file,
  'not-a-vault': EXIT.file,
  'file-not-found': EXIT.file,
  'made-by-newer-version': EXIT.file,
  'header-damaged': EXIT.file,
  'kdf-params-out-of-bounds': EXIT.file,
  'payload-damaged': EXIT.file,
  truncated: EXIT.file,
  'trailing-data': EXIT.file,
  'wrong-vault': EXIT.file,
  'no-vault': EXIT.vaultState,
  'vault-exists': EXIT.vaultState,
  'vault-in-use': EXIT.vaultState,
  'vault-locked': EXIT.vaultState,
  'storage-failed': EXIT.storage,
  'not-a-contacts-file': EXIT.file,
};

export const HELP = `enishi — your Enishi vault from the command line

Usage:
  enishi create --name <name>        make a new vault (asks for its passphrase twice)
  enishi stats                       what the vault holds
  enishi backup <file>               write an encrypted backup (.enishi-backup)
  enishi verify <file>               check a backup without restoring it
  enishi restore <file>              restore a backup as a new vault (there must be none yet)
  enishi restore <file> --merge      merge a backup into the existing vault (nothing in it is lost)
  enishi import <file>               what importing a vCard or LinkedIn / Google / Eight CSV would do
  enishi import <file> --yes         import it (people already here are filled in, never overwritten)
  enishi export <file> --format <f>  write every contact as vcard4, vcard3, csv or json (NOT encrypted)

Options:
  --data-dir <dir>                   the app's data folder (default: ENISHI_DATA_DIR, else the app's)
  --same-passphrase                  backup / restore: the backup's passphrase is the vault's
  --yes                              import: do it (without, only the preview is shown)
  --include-private                  export: include private and confidential notes (left out otherwise)
  --json                             print one JSON object (for scripts)
  -h, --help                         this text

Passphrases are never taken from the command line. Typed at a prompt (not shown), or for scripts:
  ENISHI_PASSPHRASE, ENISHI_BACKUP_PASSPHRASE          environment variables
  --passphrase-fd <n>, --backup-passphrase-fd <n>      the first line read from file descriptor n

Exit codes:
  0 done · 1 failed unexpectedly · 2 wrong usage · 3 wrong or too weak passphrase
  4 file cannot be used (not a backup, damaged, cut short, newer format, missing)
  5 vault state (none, already exists, open in the app) · 6 could not write to disk · 130 interrupted
`;

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: TerminalInput;
  readonly kdf: Kdf;
  /** Argon2id cost for new keys (tests lower it; the app's default otherwise). */
  readonly kdfCost?: KdfCost;
  /** How backups are checked (worker threads for the real tool; here, in turn, when absent). */
  readonly inspector?: ShardInspector;
}

/** Where Electron keeps the app's data (app.getPath('userData') for the product name "Enishi"). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.ENISHI_DATA_DIR) return env.ENISHI_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Enishi');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Enishi');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Enishi');
}

class CliFailure extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CliFailure';
    this.code = code;
  }
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new CliFailure(result.error.code, result.error.message);
  return result.value;
}

function fdOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const fd = Number(raw);
  if (!Number.isInteger(fd) || fd < 0) throw new CliUsageError(`${name} takes a file descriptor number`);
  return fd;
}

const PASSPHRASE_ON_ARGV = /^--(backup-|new-)?passphrase(=|$)/;

const summaryText = (summary: BackupSummary) =>
  [
    `vault:        ${summary.vaultName}`,
    `made:         ${new Date(summary.createdAt).toISOString()}`,
    `contacts:     ${summary.counts.contacts}`,
    `interactions: ${summary.counts.interactions}`,
    `events:       ${summary.counts.events}`,
    `goals:        ${summary.counts.goals}`,
    `size:         ${summary.bytes} bytes in ${summary.shards} shards`,
    ...(summary.sameVault === undefined ? [] : [summary.sameVault ? 'a backup of this vault' : 'not proven to be a backup of this vault: merged as another vault\'s data (devices and keys are never taken from a backup)']),
  ].join('\n');

export async function runCli(io: CliIo): Promise<number> {
  let json = io.argv.includes('--json');
  const print = (text: string, data: object) => io.stdout.write(json ? `${JSON.stringify({ ok: true, ...data })}\n` : `${text}\n`);
  try {
    const secret = io.argv.find((arg) => PASSPHRASE_ON_ARGV.test(arg));
    if (secret) throw new CliUsageError('passphrases are not taken from the command line (others can read it); use the prompt, ENISHI_PASSPHRASE or --passphrase-fd');
    const { values, positionals } = parseArgs({
      args: [...io.argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        name: { type: 'string' },
        merge: { type: 'boolean' },
        yes: { type: 'boolean' },
        format: { type: 'string' },
        'include-private': { type: 'boolean' },
        'same-passphrase': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'passphrase-fd': { type: 'string' },
        'backup-passphrase-fd': { type: 'string' },
      },
    });
    json = values.json ?? false;
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.stdout.write(HELP);
      return command || values.help ? EXIT.ok : EXIT.usage;
    }
    const sources: PassphraseSources = {
      env: io.env,
      fds: { vault: fdOption(values['passphrase-fd'], '--passphrase-fd'), backup: fdOption(values['backup-passphrase-fd'], '--backup-passphrase-fd') },
      input: io.stdin,
      output: io.stderr,
    };
    const dataDir = values['data-dir'] ?? defaultDataDir(io.env);
    const vault = new VaultService({ dataDir, kdf: io.kdf, warmUpDelayMs: 3_600_000, ...(io.kdfCost && { kdfPolicy: { cost: io.kdfCost, floor: io.kdfCost } }) });
    const backups = new BackupService({ vault, kdf: io.kdf, ...(io.kdfCost && { kdfCost: io.kdfCost }), ...(io.inspector && { inspector: io.inspector }) });
    const file = () => {
      if (rest.length !== 1) throw new CliUsageError(`${command} takes one file`);
      return rest[0]!;
    };
    /** A backup to read: a missing or wrong file is said before any passphrase is asked for. */
    const backupFile = async () => {
      const path = file();
      value(await backups.check(path));
      return path;
    };
    const unlock = async () => value(await vault.unlock(await readPassphrase(sources, 'vault', 'Vault passphrase: ')));
    try {
      switch (command) {
        case 'create': {
          if (!values.name) throw new CliUsageError('create needs --name <name>');
          const status = value(await vault.create(values.name, await readPassphrase(sources, 'vault', 'New vault passphrase: ', { confirm: true })));
          print(`created the vault "${values.name}" in ${dataDir}`, { vault: status, dataDir });
          return EXIT.ok;
        }
        case 'stats': {
          await unlock();
          const stats = value(
            await vault.read(({ session, model }) =>
              ok({ name: session.vaultName, contacts: model.contactCount, interactions: model.interactionCount, events: model.eventCount, goals: Object.keys(session.root.goals ?? {}).length, shards: session.diagnostics.shardsOnDisk }),
            ),
          );
          const files = await readdir(join(dataDir, 'vault'));
          const bytes = (await Promise.all(files.map(async (name) => (await stat(join(dataDir, 'vault', name))).size))).reduce((sum, size) => sum + size, 0);
          print([`vault:        ${stats.name}`, `contacts:     ${stats.contacts}`, `interactions: ${stats.interactions}`, `events:       ${stats.events}`, `goals:        ${stats.goals}`, `on disk:      ${bytes} bytes in ${stats.shards} shards`].join('\n'), { ...stats, bytes });
          return EXIT.ok;
        }
        case 'backup': {
          const path = file();
          const vaultPassphrase = await readPassphrase(sources, 'vault', 'Vault passphrase: ');
          value(await vault.unlock(vaultPassphrase));
          const backupPassphrase = values['same-passphrase'] ? vaultPassphrase : await readPassphrase(sources, 'backup', 'Backup passphrase (needed to restore it): ', { confirm: true });
          const summary = value(await backups.write(path, backupPassphrase));
          print(`wrote ${path}\n${summaryText(summary)}`, { path, backup: summary });
          return EXIT.ok;
        }
        case 'verify': {
          const path = await backupFile();
          const summary = value(await backups.verify(path, await readPassphrase(sources, 'backup', 'Backup passphrase: ')));
          print(`${path} is a good backup\n${summaryText(summary)}`, { path, backup: summary });
          return EXIT.ok;
        }
        case 'restore': {
          const path = await backupFile();
          const backupPassphrase = await readPassphrase(sources, 'backup', 'Backup passphrase: ');
          if (values.merge) {
            value(await vault.unlock(values['same-passphrase'] ? backupPassphrase : await readPassphrase(sources, 'vault', 'Vault passphrase: ')));
            const summary = value(await backups.merge(path, backupPassphrase));
            print(`merged ${path} into the vault\n${summaryText(summary)}`, { path, merged: summary });
          } else {
            const vaultPassphrase = values['same-passphrase'] ? backupPassphrase : await readPassphrase(sources, 'vault', 'Passphrase for the restored vault: ', { confirm: true });
            const status = value(await backups.restore(path, backupPassphrase, vaultPassphrase));
            print(`restored ${path} as a new vault in ${dataDir}`, { path, vault: status, dataDir });
          }
          return EXIT.ok;
        }
        case 'import': {
          const path = file();
          await unlock();
          const imports = new ImportService({ vault });
          const preview = value(await imports.preview(path));
          const { counts } = preview;
          const problems = preview.problems.map((problem) => `  line ${problem.line}: ${problem.message}`);
          const summary = [`${path}: ${preview.format} (${preview.encoding})`, `  new people:        ${counts.add}`, `  filled in:         ${counts.update}`, `  already up to date: ${counts.unchanged}`, `  rows not imported: ${counts.problems}`, ...problems].join('\n');
          if (!values.yes) {
            print(`${summary}\nnothing imported yet: run again with --yes to import`, { path, preview: { ...preview, token: undefined } });
            return EXIT.ok;
          }
          const outcome = value(await imports.commit(preview.token));
          print(`${summary}\nimported: ${outcome.added} added, ${outcome.updated} filled in, ${outcome.unchanged} unchanged`, { path, imported: outcome, problems: preview.problems });
          return EXIT.ok;
        }
        case 'export': {
          const path = file();
          const format = values.format;
          if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`export needs --format ${EXPORT_FORMATS.join('|')}`);
          await unlock();
          const outcome = value(await new ExportService({ vault }).write(path, format as ExportFormat, { includePrivate: values['include-private'] ?? false }));
          io.stderr.write(`enishi: ${outcome.path} is NOT encrypted: anyone who gets the file can read it${outcome.privateIncluded ? ', private and confidential notes included' : ''}.\n`);
          print(`wrote ${outcome.contacts} contacts to ${outcome.path}`, { export: outcome });
          return EXIT.ok;
        }
        default:
          throw new CliUsageError(`unknown command "${command}" (see enishi --help)`);
      }
    } finally {
      await vault.lock();
    }
  } catch (error) {
    const [code, message, exit] =
      error instanceof CliFailure
        ? [error.code, error.message, EXIT_OF[error.code] ?? EXIT.failed]
        : error instanceof CliUsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
          ? ['invalid-input', (error as Error).message, EXIT.usage]
          : error instanceof CliInterrupted
            ? ['internal', 'interrupted', EXIT.interrupted]
            : ['internal', error instanceof Error ? error.name : 'unexpected failure', EXIT.failed];
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
    else io.stderr.write(`enishi: ${message} (${code})\n`);
    return exit;
  }
}

/** The real process: its argv, environment and terminal. */
export function processIo(kdfWorkerUrl: URL, inspectWorkerUrl: URL): CliIo {
  return { argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, kdf: workerKdf(kdfWorkerUrl), inspector: workerInspector(inspectWorkerUrl) };
}
