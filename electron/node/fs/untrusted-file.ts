/**
 * Reading a file that someone else may have put there (a shared folder that a sync service, and
 * anyone with access to it, writes into): only a regular file, never through a symbolic link, no
 * larger than the caller allows, and only if it holds still while read. Everything else is a reason,
 * never an exception and never a read that does not end — a symlink to /dev/zero, a FIFO nobody
 * writes to, a 2 GiB file, a file the sync tool is still writing.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

export type UntrustedSkip =
  /** Not there (or it went away while being read). */
  | 'missing'
  /** A symbolic link, folder, FIFO, device or socket: nothing a writer of ours leaves. */
  | 'not-a-file'
  | 'too-large'
  /** Its size changed while it was read: still being written. */
  | 'changing'
  /** The OS would not read it (permissions, I/O error). */
  | 'unreadable';

export type UntrustedRead = { readonly bytes: Uint8Array } | { readonly skipped: UntrustedSkip };

// O_NOFOLLOW: a link swapped in after the lstat is refused by open itself. O_NONBLOCK: a FIFO swapped
// in is not waited on. Windows has neither (and no FIFOs); the lstat and fstat checks hold there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

const skip = (skipped: UntrustedSkip): UntrustedRead => ({ skipped });

function reasonOf(error: unknown): UntrustedSkip {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO' || code === 'EMLINK') return 'not-a-file';
  return 'unreadable';
}

export async function readUntrustedFile(path: string, maxBytes: number): Promise<UntrustedRead> {
  let expected;
  try {
    expected = await lstat(path);
  } catch (error) {
    return skip(reasonOf(error));
  }
  if (!expected.isFile()) return skip('not-a-file');
  if (expected.size > maxBytes) return skip('too-large');
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return skip(reasonOf(error));
  }
  try {
    const opened = await handle.stat();
    // The name may have been pointed elsewhere between lstat and open: only the very file looked at is read.
    if (!opened.isFile() || opened.ino !== expected.ino || opened.dev !== expected.dev) return skip('not-a-file');
    if (opened.size !== expected.size) return skip('changing');
    // One byte more than it claims: a file still growing shows itself here.
    const buffer = new Uint8Array(opened.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) return skip('changing');
    }
    if (filled !== opened.size) return skip('changing');
    return { bytes: buffer.subarray(0, filled) };
  } catch (error) {
    return skip(reasonOf(error));
  } finally {
    await handle.close();
  }
}
