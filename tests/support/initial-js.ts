/**
 * The JavaScript a window loads before its first screen: the built index.html's entry script and
 * the modules it preloads (everything else is a lazily loaded chunk), with their gzip sizes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export async function initialJs(rendererDir = 'out/renderer'): Promise<{ files: string[]; gzipBytes: number; rawBytes: number }> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((match) => match[1]!);
  if (entries.length === 0) throw new Error(`no module scripts in ${rendererDir}/index.html`);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const entry of entries) {
    const bytes = await readFile(join(rendererDir, entry));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: entries, gzipBytes, rawBytes };
}

/** The budget for that JavaScript (gzip), so the first screen stays quick to parse on a slow machine. */
export const INITIAL_JS_BUDGET_BYTES = 400 * 1024;
