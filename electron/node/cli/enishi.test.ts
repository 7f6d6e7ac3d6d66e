import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { VaultService } from '../vault/vault-service.ts';
import { defaultDataDir, EXIT, runCli } from './enishi.ts';
import type { TerminalInput } from './secrets.ts';

const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
const BACKUP_PASSPHRASE = 'umi-no-soko-ni-shizumu-kagi-no-hako';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(() => temp.remove());

/** A terminal the test types into (or none: a pipe, as under cron). */
class FakeTerminal extends EventEmitter implements TerminalInput {
  readonly isTTY: boolean;
  raw = false;
  private readonly lines: string[];
  constructor(lines: string[], isTTY = true) {
    super();
    this.lines = lines;
    this.isTTY = isTTY;
  }
  setRawMode(raw: boolean) {
    this.raw = raw;
  }
  setEncoding() {}
  pause() {}
  resume() {
    const line = this.lines.shift();
    if (line !== undefined) queueMicrotask(() => this.emit('data', line));
  }
  override on(event: 'data', listener: (chunk: string) => void) {
    return super.on(event, listener);
  }
  override off(event: 'data', listener: (chunk: string) => void) {
    return super.off(event, listener);
  }
}

async function cli(args: string[], options: { env?: NodeJS.ProcessEnv; typed?: string[]; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv: args,
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new FakeTerminal(options.typed ?? [], options.tty ?? true),
    kdf: testKdf,
    kdfCost: TEST_KDF_POLICY.cost,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

const home = () => join(temp.path, 'home');
const envs = { ENISHI_PASSPHRASE: PASSPHRASE, ENISHI_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };

describe('enishi, the command-line tool', () => {
  test('create, backup, verify, restore elsewhere, stats: the restored vault holds the same', async () => {
    expect((await cli(['create', '--name', '仕事', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const vault = new VaultService({ dataDir: home(), kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, warmUpDelayMs: 3_600_000 });
    await vault.unlock(PASSPHRASE);
    for (const name of ['田中', '佐藤', '鈴木']) await vault.addContact({ familyName: name, givenName: '花子', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    await vault.lock();

    const backup = join(temp.path, 'weekly.enishi-backup');
    const written = await cli(['backup', backup, '--data-dir', home(), '--json'], { env: envs });
    expect(written.code).toBe(EXIT.ok);
    expect(written.json()).toMatchObject({ ok: true, path: backup, backup: { counts: { contacts: 3 } } });

    const verified = await cli(['verify', backup], { env: envs });
    expect(verified.code).toBe(EXIT.ok);
    expect(verified.stdout).toMatch(/is a good backup[\s\S]*contacts: +3/);

    const laptop = join(temp.path, 'laptop');
    expect((await cli(['restore', backup, '--data-dir', laptop, '--same-passphrase'], { env: envs })).code).toBe(EXIT.ok);
    const stats = await cli(['stats', '--data-dir', laptop, '--json'], { env: { ENISHI_PASSPHRASE: BACKUP_PASSPHRASE } });
    expect(stats.json()).toMatchObject({ ok: true, name: '仕事', contacts: 3 });

    const merged = await cli(['restore', backup, '--merge', '--data-dir', home(), '--json'], { env: envs });
    expect(merged.json()).toMatchObject({ ok: true, merged: { sameVault: true, counts: { contacts: 3 } } });
  });

  test('exit codes a script can rely on, and nothing made when refused', async () => {
    expect((await cli(['create', '--name', 'v', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const backup = join(temp.path, 'b.enishi-backup');
    expect((await cli(['backup', backup, '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const damaged = join(temp.path, 'damaged.enishi-backup');
    const bytes = await readFile(backup);
    bytes[bytes.length - 40]! ^= 1;
    await writeFile(damaged, bytes);

    const cases: [string[], NodeJS.ProcessEnv, number][] = [
      [['stats', '--data-dir', home(), '--passphrase', PASSPHRASE], envs, EXIT.usage],
      [['stats', '--data-dir', home(), `--passphrase=${PASSPHRASE}`], envs, EXIT.usage],
      [['frobnicate'], envs, EXIT.usage],
      [['verify'], envs, EXIT.usage],
      [['stats', '--data-dir', home(), '--no-such-option'], envs, EXIT.usage],
      [['verify', backup], { ENISHI_BACKUP_PASSPHRASE: 'not-the-passphrase' }, EXIT.passphrase],
      [['stats', '--data-dir', home()], { ENISHI_PASSPHRASE: 'not-the-passphrase' }, EXIT.passphrase],
      [['verify', damaged], envs, EXIT.file],
      [['verify', join(temp.path, 'missing.enishi-backup')], envs, EXIT.file],
      [['verify', join(home(), 'vault', 'keyring.enishi')], envs, EXIT.file],
      [['restore', backup, '--data-dir', home()], envs, EXIT.vaultState],
      [['stats', '--data-dir', join(temp.path, 'nothing-here')], envs, EXIT.vaultState],
      [['create', '--name', 'weak', '--data-dir', join(temp.path, 'weak')], { ENISHI_PASSPHRASE: 'password1' }, EXIT.passphrase],
    ];
    for (const [args, env, code] of cases) {
      const run = await cli(args, { env });
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr, args.join(' ')).toMatch(/^enishi: .+ \([a-z-]+\)\n$/);
      expect(run.stderr).not.toContain(PASSPHRASE);
    }
    const json = await cli(['verify', damaged, '--json'], { env: envs });
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'payload-damaged' } });
    expect((await cli(['stats', '--data-dir', join(temp.path, 'weak')], { env: envs })).code).toBe(EXIT.vaultState); // nothing was made
  });

  test('a vault the app has open is left alone', async () => {
    expect((await cli(['create', '--name', 'v', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const app = new VaultService({ dataDir: home(), kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, warmUpDelayMs: 3_600_000 });
    await app.unlock(PASSPHRASE);
    const run = await cli(['stats', '--data-dir', home()], { env: envs });
    expect(run.code).toBe(EXIT.vaultState);
    expect(run.stderr).toContain('vault-in-use');
    await app.lock();
  });

  test('passphrases typed at the terminal are read without echo (backspace works); a mismatch or no terminal is a usage error', async () => {
    const typed = await cli(['create', '--name', 'v', '--data-dir', home()], { typed: [`${PASSPHRASE}x\u007f\r`, `${PASSPHRASE}\r`] });
    expect(typed.code).toBe(EXIT.ok);
    expect(typed.stderr).not.toContain(PASSPHRASE);
    expect((await cli(['stats', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);

    const mismatch = await cli(['create', '--name', 'v', '--data-dir', join(temp.path, 'other')], { typed: [`${PASSPHRASE}\r`, `${PASSPHRASE}!\r`] });
    expect(mismatch.code).toBe(EXIT.usage);
    const cron = await cli(['stats', '--data-dir', home()], { tty: false });
    expect(cron.code).toBe(EXIT.usage);
    expect(cron.stderr).toContain('ENISHI_PASSPHRASE');
    expect((await cli(['stats', '--data-dir', home()], { typed: ['\u0003'] })).code).toBe(EXIT.interrupted);
  });

  test('a passphrase can come from a file descriptor (its first line)', async () => {
    expect((await cli(['create', '--name', 'v', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const secretFile = join(temp.path, 'secret.txt');
    await writeFile(secretFile, `${PASSPHRASE}\nsecond line ignored\n`);
    const handle = await open(secretFile, 'r');
    try {
      expect((await cli(['stats', '--data-dir', home(), '--passphrase-fd', String(handle.fd)])).code).toBe(EXIT.ok);
    } finally {
      await handle.close();
    }
    expect((await cli(['stats', '--data-dir', home(), '--passphrase-fd', 'three'])).code).toBe(EXIT.usage);
  });

  test('import shows what it would do, imports only with --yes, and a second import changes nothing', async () => {
    expect((await cli(['create', '--name', 'v', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const file = join(import.meta.dirname, '../../../tests/fixtures/import/csv/linkedin-connections.csv');
    const preview = await cli(['import', file, '--data-dir', home()], { env: envs });
    expect(preview.code).toBe(EXIT.ok);
    expect(preview.stdout).toMatch(/linkedin \(utf-8\)[\s\S]*new people: +3[\s\S]*run again with --yes/);
    expect((await cli(['stats', '--data-dir', home(), '--json'], { env: envs })).json()).toMatchObject({ contacts: 0 });
    const imported = await cli(['import', file, '--yes', '--data-dir', home(), '--json'], { env: envs });
    expect(imported.json()).toMatchObject({ ok: true, imported: { added: 3, updated: 0, unchanged: 0 } });
    const again = await cli(['import', file, '--yes', '--data-dir', home(), '--json'], { env: envs });
    expect(again.json()).toMatchObject({ ok: true, imported: { added: 0, updated: 0, unchanged: 3 } });
    expect((await cli(['import', join(import.meta.dirname, '../../../tests/fixtures/import/csv/not-contacts.csv'), '--data-dir', home()], { env: envs })).code).toBe(EXIT.file);
  });

  test('export writes every contact in the chosen format, warns that the file is not encrypted, and needs a format', async () => {
    expect((await cli(['create', '--name', 'v', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    expect((await cli(['import', join(import.meta.dirname, '../../../tests/fixtures/import/csv/linkedin-connections.csv'), '--yes', '--data-dir', home()], { env: envs })).code).toBe(EXIT.ok);
    const out = join(temp.path, 'people');
    const run = await cli(['export', out, '--format', 'vcard4', '--data-dir', home(), '--json'], { env: envs });
    expect(run.json()).toMatchObject({ ok: true, export: { path: `${out}.vcf`, contacts: 3, privateIncluded: false } });
    expect(run.stderr).toContain('NOT encrypted');
    expect(await readFile(`${out}.vcf`, 'utf8')).toContain('FN:Anna Keller');
    expect((await cli(['export', out, '--data-dir', home()], { env: envs })).code).toBe(EXIT.usage);
    expect((await cli(['export', out, '--format', 'pdf', '--data-dir', home()], { env: envs })).code).toBe(EXIT.usage);
  });

  test("by default it uses the app's data folder on each system", () => {
    expect(defaultDataDir({}, 'darwin', '/Users/aoi')).toBe('/Users/aoi/Library/Application Support/Enishi');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/aoi/.cfg' }, 'linux', '/home/aoi')).toBe('/home/aoi/.cfg/Enishi');
    expect(defaultDataDir({}, 'linux', '/home/aoi')).toBe('/home/aoi/.config/Enishi');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\aoi\\AppData\\Roaming' }, 'win32', 'C:\\Users\\aoi')).toBe(join('C:\\Users\\aoi\\AppData\\Roaming', 'Enishi'));
    expect(defaultDataDir({ ENISHI_DATA_DIR: '/data/enishi' }, 'linux', '/home/aoi')).toBe('/data/enishi');
  });

  test('the installed command (bin/enishi.mjs) runs and exits with the documented codes', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['bin/enishi.mjs', ...args], { env: { ...process.env, ENISHI_DATA_DIR: home() } }).then(
        (done) => ({ code: 0, stdout: done.stdout }),
        (failed: { code: number; stdout: string }) => ({ code: failed.code, stdout: failed.stdout }),
      );
    expect((await run(['--help'])).stdout).toContain('Exit codes');
    const missing = await run(['verify', join(temp.path, 'missing.enishi-backup'), '--json']);
    expect(missing.code).toBe(EXIT.file);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'file-not-found' } });
  });
});
