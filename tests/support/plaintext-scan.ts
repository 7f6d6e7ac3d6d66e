import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file below `dir` whose bytes contain any of `needles` (UTF-8), with the needle found. */
export async function findPlaintext(dir: string, needles: readonly string[]): Promise<{ file: string; needle: string }[]> {
  const hits: { file: string; needle: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    for (const needle of needles) {
      if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) hits.push({ file, needle });
    }
  }
  return hits;
}

/** Files not 0600 and folders not 0700 below `dir` (POSIX only; Windows has ACLs instead). */
export async function privacyViolations(dir: string): Promise<string[]> {
  if (process.platform === 'win32') return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path)).mode & 0o777;
    if (entry.isFile() && mode !== 0o600) found.push(`${path} is ${mode.toString(8)}`);
    if (entry.isDirectory() && mode !== 0o700) found.push(`${path} is ${mode.toString(8)}`);
  }
  return found;
}
