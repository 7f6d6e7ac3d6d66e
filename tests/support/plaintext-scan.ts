import { readdir, readFile } from 'node:fs/promises';
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
