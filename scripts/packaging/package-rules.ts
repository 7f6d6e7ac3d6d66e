/** What a release package must be: read by the packaging check and unit-tested on their own. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';

export async function builderConfig(root: string): Promise<Configuration> {
  return JSON.parse(await readFile(join(root, 'electron-builder.json'), 'utf8')) as Configuration;
}

/** The fuses the security review asks for (docs/security.md): no way to run the app's binary as plain Node or to inspect it, and only the integrity-checked app.asar is loaded. */
export const REQUIRED_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
  EnableCookieEncryption: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
} as const;

const ENABLE = 49; // '1' on the fuse wire
const DISABLE = 48; // '0'

/** electron-builder's `electronFuses` keys are @electron/fuses option names with a lower-case first letter. */
export function expectedFuses(config: Configuration): Record<string, number> {
  const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(fuses)
      .filter(([key, value]) => typeof value === 'boolean' && key !== 'resetAdHocDarwinSignature')
      .map(([key, value]) => [key[0]!.toUpperCase() + key.slice(1), value ? ENABLE : DISABLE]),
  );
}

/** Reasons the configuration does not set a fuse the way the review requires. */
export function fuseConfigProblems(config: Configuration): string[] {
  const expected = expectedFuses(config);
  return Object.entries(REQUIRED_FUSES).flatMap(([name, on]) => (expected[name] === (on ? ENABLE : DISABLE) ? [] : [`fuse ${name} must be ${on ? 'on' : 'off'}`]));
}

const MUST_CONTAIN = ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html'];
/** Production dependencies the main process loads at run time. */
const MUST_CONTAIN_DEPENDENCIES = ['/node_modules/@automerge/automerge/package.json', '/node_modules/libsodium-wrappers-sumo/package.json', '/node_modules/zod/package.json'];
const MUST_NOT_CONTAIN: readonly [RegExp, string][] = [
  [/\.map$/, 'source maps'],
  [/^\/(electron|shared|renderer\/src|tests|scripts|docs)\//, 'sources, tests or docs'],
  [/^\/node_modules\/(electron|electron-builder|vitest|@playwright|typescript|vite|eslint)\//, 'development tools'],
  // The renderer's libraries are bundled into out/renderer already; as dependencies they would ship twice.
  [/^\/node_modules\/(react|react-dom|recharts|@xyflow|i18next|@tanstack)\//, 'renderer libraries (already bundled)'],
  [/\.enishi$|\.enishi-backup$/, 'vault or backup files'],
];

export interface PackageFacts {
  /** Every entry of app.asar, with forward slashes and a leading slash. */
  readonly files: readonly string[];
  /** The fuse wire read back from the packaged binary, by option name. */
  readonly fuses: Readonly<Record<string, number | undefined>>;
  readonly expected: Readonly<Record<string, number>>;
  readonly executableExists: boolean;
}

export function packagingProblems(facts: PackageFacts): string[] {
  const problems: string[] = [];
  if (!facts.executableExists) problems.push('the packaged executable is missing');
  const present = new Set(facts.files);
  for (const file of [...MUST_CONTAIN, ...MUST_CONTAIN_DEPENDENCIES]) if (!present.has(file)) problems.push(`app.asar lacks ${file}`);
  for (const [pattern, what] of MUST_NOT_CONTAIN) {
    const found = facts.files.filter((file) => pattern.test(file));
    if (found.length > 0) problems.push(`app.asar holds ${what}: ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` and ${found.length - 3} more` : ''}`);
  }
  for (const [name, state] of Object.entries(facts.expected)) {
    if (facts.fuses[name] !== state) problems.push(`fuse ${name} is ${String(facts.fuses[name])} in the binary, ${state} was configured`);
  }
  return problems;
}
