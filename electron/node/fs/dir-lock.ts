/**
 * One process at a time may have a vault open: the app and the command-line tool both append to the
 * same files. The holder's process id is kept in a lock file beside the vault; a lock whose process
 * is gone (a crash) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { PRIVATE_FILE_MODE } from './atomic-file.ts';

export const LOCK_FILE = 'enishi.lock';

export interface DirLock {
  release(): Promise<void>;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

export async function acquireDirLock(dir: string): Promise<Result<DirLock>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      let released = false;
      return ok({
        release: async () => {
          if (released) return;
          released = true;
          await rm(path, { force: true });
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      return fail('vault-in-use', `the vault is open in another Enishi process (${holder === process.pid ? 'this one' : `process ${holder}`})`);
    }
    await rm(path, { force: true }); // left by a process that is gone
  }
  return fail('vault-in-use', 'the vault lock could not be taken');
}
