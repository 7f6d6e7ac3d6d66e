/**
 * Attacker: anyone who can write into the shared folder (another user of the cloud account, a
 * compromised sync client, a shared machine) but holds no key. They cannot read or forge files
 * there; they want to hang a device, exhaust its memory, stall its sync for good, or make it write
 * somewhere else. Everything in the folder is read as untrusted input (electron/node/fs/untrusted-file.ts,
 * electron/node/sync/shared-folder.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { readUntrustedFile } from '../../electron/node/fs/untrusted-file.ts';
import { changeFiles, folderPair } from '../support/folder-pair.ts';
import { names, person, type Cleanups } from '../support/sync-devices.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const posix = process.platform !== 'win32';
const fileName = (seq: number) => `${String(seq).padStart(10, '0')}.enishi`;
const lastNumber = async (dir: string) => Math.max(0, ...(await changeFiles(dir)).map((name) => Number(name.slice(0, 10))));

/** Resolves with the sync's outcome, or 'hung' if it has not ended within `ms` (a FIFO or /dev/zero read forever). */
function within<T>(promise: Promise<T>, ms = 8_000): Promise<T | 'hung'> {
  return Promise.race([promise, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref())]);
}

describe.runIf(posix)('what someone with access to the shared folder can plant', () => {
  test('a link to /dev/zero and a FIFO among the files to read: skipped with a logged reason; the sync ends and the files after them still arrive', async () => {
    const { desktop, laptop, desktopDir } = await folderPair(cleanups);
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
    // The desktop writes two files the laptop has not read; the attacker swaps them for a link to /dev/zero and a FIFO.
    await desktop.call('addContact', person('一'));
    await desktop.call('syncNow', {});
    await desktop.call('addContact', person('二'));
    await desktop.call('syncNow', {});
    const last = await lastNumber(desktopDir);
    const kept = join(desktopDir, '..', 'kept');
    await mkdir(kept);
    for (const seq of [last - 1, last]) await rename(join(desktopDir, fileName(seq)), join(kept, fileName(seq)));
    await symlink('/dev/zero', join(desktopDir, fileName(last - 1)));
    execFileSync('mkfifo', [join(desktopDir, fileName(last))]);

    const rssBefore = process.memoryUsage().rss;
    expect(await within(laptop.call('syncNow', {}))).toMatchObject({ state: 'idle' });
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(warnings.join('\n')).toMatch(/skipped a file \(not-a-file\)/);

    // The real files come back: read, nothing was lost or stopped.
    for (const seq of [last - 1, last]) {
      await rm(join(desktopDir, fileName(seq)));
      await rename(join(kept, fileName(seq)), join(desktopDir, fileName(seq)));
    }
    expect(await within(laptop.call('syncNow', {}))).toMatchObject({ state: 'idle' });
    expect(await names(laptop)).toEqual(expect.arrayContaining(['一', '二']));
  });

  test('a link, a FIFO or a huge file as a manifest or grants file is skipped, not read', async () => {
    const { desktop, laptop, desktopDir } = await folderPair(cleanups);
    await rm(join(desktopDir, 'manifest.enishi'));
    await symlink('/dev/zero', join(desktopDir, 'manifest.enishi'));
    execFileSync('mkfifo', [join(desktopDir, 'grants.enishi')]);
    await desktop.call('addContact', person('三'));
    expect(await within(laptop.call('syncNow', {}))).toMatchObject({ state: 'idle' });
    expect(await within(desktop.call('syncNow', {}))).toMatchObject({ state: 'idle' }); // the desktop replaces its manifest
    expect(await within(laptop.call('syncNow', {}))).toMatchObject({ state: 'idle' });
    expect(await names(laptop)).toContain('三');
  });

  test('a file deleted before the other device read it stalls nobody: its writer puts an empty one in its place and writes everything again', async () => {
    const { desktop, laptop, desktopDir } = await folderPair(cleanups);
    await desktop.call('addContact', person('消された'));
    await desktop.call('syncNow', {});
    await rm(join(desktopDir, fileName(await lastNumber(desktopDir))));
    await desktop.call('addContact', person('その後'));
    await desktop.call('syncNow', {});
    await laptop.call('syncNow', {});
    await laptop.call('syncNow', {});
    expect(await names(laptop)).toEqual(expect.arrayContaining(['消された', 'その後']));
    // And it counts past the gap: after one more round each side has pruned what the other has read.
    await desktop.call('syncNow', {});
    await laptop.call('syncNow', {});
    await desktop.call('syncNow', {});
    expect(await changeFiles(desktopDir)).toEqual([]);
  });

  test("a link planted where a device writes its own files: it refuses to write through it, and writes nothing elsewhere", async () => {
    const { desktop, desktopDir } = await folderPair(cleanups);
    const elsewhere = await makeTempDir('enishi-elsewhere-');
    cleanups.push(elsewhere.remove);
    await rm(desktopDir, { recursive: true });
    await symlink(elsewhere.path, desktopDir);
    await desktop.call('addContact', person('外へ'));
    expect(await within(desktop.call('syncNow', {}))).toMatchObject({ state: 'error' });
    expect(await readdir(elsewhere.path)).toEqual([]);
  });
});

describe('reading a file someone else may have put there', () => {
  test('only a regular file within the size allowed is read; everything else is a reason, not an exception', async () => {
    const dir = await makeTempDir('enishi-untrusted-');
    cleanups.push(dir.remove);
    await writeFile(join(dir.path, 'good'), 'hello');
    await writeFile(join(dir.path, 'big'), new Uint8Array(2048));
    await mkdir(join(dir.path, 'folder'));
    expect(await readUntrustedFile(join(dir.path, 'good'), 1024)).toEqual({ bytes: new Uint8Array(Buffer.from('hello')) });
    expect(await readUntrustedFile(join(dir.path, 'big'), 1024)).toEqual({ skipped: 'too-large' });
    expect(await readUntrustedFile(join(dir.path, 'folder'), 1024)).toEqual({ skipped: 'not-a-file' });
    expect(await readUntrustedFile(join(dir.path, 'nothing'), 1024)).toEqual({ skipped: 'missing' });
    if (posix) {
      await symlink(join(dir.path, 'good'), join(dir.path, 'link'));
      execFileSync('mkfifo', [join(dir.path, 'fifo')]);
      expect(await readUntrustedFile(join(dir.path, 'link'), 1024)).toEqual({ skipped: 'not-a-file' });
      expect(await within(readUntrustedFile(join(dir.path, 'fifo'), 1024), 3_000)).toEqual({ skipped: 'not-a-file' });
      expect(await readUntrustedFile('/dev/zero', 1024)).toEqual({ skipped: 'not-a-file' });
    }
  });
});
