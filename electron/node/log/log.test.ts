import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { crashReport } from './crash-report.ts';
import { LogFile, mirrorConsoleToLog } from './log-file.ts';
import { redact } from './redact.ts';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => (dir = await makeTempDir()));
afterEach(() => dir.remove());

describe('redaction', () => {
  test('removes what could name a person or a secret', () => {
    const text = 'sync with aiko.tanaka@example.co.jp at 192.168.1.20:47291 failed; call 090-1234-5678; key 3f9a0c1d2e3f4a5b6c7d8e9f00112233 token q8Zr2LmN4pQ7sT1vX9yB3cD5fG0hJ6kW; code ABCDE-FGHJK-MNPQR-STVWX; enishi://pair/ABCDE-FGHJK';
    const out = redact(text);
    for (const secret of ['aiko.tanaka', '192.168.1.20', '1234-5678', '3f9a0c1d', 'q8Zr2LmN', 'FGHJK']) expect(out).not.toContain(secret);
    expect(out).toBe('sync with <email> at <address> failed; call <number>; key <hex> token <data>; code <pairing-code>; enishi://<link>');
  });

  test('also catches full-width phone numbers, shortened IPv6 addresses and pairing codes typed without dashes', () => {
    expect(redact('電話 ０３－１２３４－５６７８ / +81 90 1234 5678')).toBe('電話 <number> / <number>');
    expect(redact('peer fe80::1c2b:3d4e%en0 and ::1 at 01:02:03')).toBe('peer <address> and <address> at 01:02:03');
    expect(redact('code 0C1G60R30C1G60R50M2GA1850M2GA1850M2GA18 end')).toBe('code <pairing-code> end');
    expect(redact('processTicksAndRejections at node:internal/process/task_queues:105:5')).toBe('processTicksAndRejections at node:internal/process/task_queues:105:5');
  });

  test('a very long line is cut before the rules run, so it cannot make them slow', () => {
    const started = performance.now();
    const out = redact(`${'x'.repeat(100_000)}@${'y'.repeat(100_000)}`);
    expect(out).toHaveLength(2001);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('writes the home folder as ~ and keeps what a developer needs: code names, dates, line numbers', () => {
    const out = redact('TypeError: x is undefined\n    at start (/home/aiko/Enishi/resources/app.asar/out/main/index.js:10954:14) on 2026-11-28, vault-locked', '/home/aiko');
    expect(out).toBe('TypeError: x is undefined\n    at start (~/Enishi/resources/app.asar/out/main/index.js:10954:14) on 2026-11-28, vault-locked');
    expect(redact('C:\\Users\\aiko\\AppData\\Roaming\\Enishi\\enishi.log', 'C:\\Users\\aiko')).toBe('~\\AppData\\Roaming\\Enishi\\enishi.log');
  });
});

describe('the log file', () => {
  test('is written owner-only, redacted, one line per entry with its time', async () => {
    const log = new LogFile({ dir: dir.path, clock: () => Date.UTC(2026, 10, 28, 1, 2, 3) });
    log.write('error', 'unlockVault failed for aiko@example.com');
    const text = await readFile(log.path, 'utf8');
    expect(text).toBe('2026-11-28T01:02:03.000Z ERROR unlockVault failed for <email>\n');
    if (process.platform !== 'win32') expect((await stat(log.path)).mode & 0o777).toBe(0o600);
  });

  test('rotates at its size limit and keeps only the newest files', async () => {
    const log = new LogFile({ dir: dir.path, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.write('info', `entry number ${i}`);
    const files = (await readdir(dir.path)).sort();
    expect(files).toEqual(['enishi.log', 'enishi.log.1', 'enishi.log.2']);
    for (const file of files) expect((await stat(join(dir.path, file))).size).toBeLessThanOrEqual(200);
    expect(log.tail(1)).toMatch(/entry number 39$/);
  });

  test('what the services print as errors also lands in the log, as error names only', () => {
    const log = new LogFile({ dir: dir.path });
    const original = { error: console.error, warn: console.warn };
    console.error = () => undefined;
    console.warn = () => undefined;
    try {
      mirrorConsoleToLog(log);
      const secret = new Error('note about aiko@example.com');
      secret.name = 'VaultDamagedError';
      console.error('Enishi: sync could not start:', secret);
      expect(log.tail(1)).toMatch(/ERROR Enishi: sync could not start: VaultDamagedError$/);
    } finally {
      console.error = original.error;
      console.warn = original.warn;
    }
  });

  test('a log that cannot be written never throws', async () => {
    const notAFolder = join(dir.path, 'file');
    await writeFile(notAFolder, 'x');
    const log = new LogFile({ dir: join(notAFolder, 'logs') });
    expect(() => log.write('error', 'x')).not.toThrow();
    expect(log.tail(5)).toBe('');
  });
});

describe('the crash report', () => {
  test('names versions, the error’s class and its stack frames (redacted), never its message', () => {
    const error = new TypeError('cannot read aiko@example.com');
    error.stack = 'TypeError: cannot read aiko@example.com\n    at run (/home/aiko/app/index.js:1:2)';
    const report = crashReport({ what: 'main process error', error, appVersion: '0.1.0', versions: { electron: '45.5.0', chrome: '140.0.7339.41', node: '24.21.0' }, platform: 'linux', arch: 'x64', time: Date.UTC(2026, 10, 28), logTail: '2026-11-28T00:00:00.000Z INFO started', homeDir: '/home/aiko' });
    expect(report).toBe(
      [
        'Enishi 0.1.0 — main process error',
        '2026-11-28T00:00:00.000Z · linux x64 · electron 45.5.0, chrome 140.0.7339.41, node 24.21.0',
        '',
        'TypeError',
        '    at run (~/app/index.js:1:2)',
        '',
        'Recent log:',
        '2026-11-28T00:00:00.000Z INFO started',
      ].join('\n'),
    );
  });
});
