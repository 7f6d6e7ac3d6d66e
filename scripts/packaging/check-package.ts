/**
 * Packages the built app for Linux (`dir` target) with electron-builder and our electron-builder.json,
 * around a stand-in Electron binary (the real one cannot be downloaded on CI machines). It checks what a
 * release would contain:
 *   - the configuration is valid for electron-builder;
 *   - app.asar holds the built app (main, preload, renderer, package.json) and its production
 *     dependencies, and no source maps, TypeScript sources, tests or Electron itself;
 *   - the fuses are flipped in the binary as configured (RunAsNode, NODE_OPTIONS and --inspect off,
 *     ASAR integrity and only-load-from-ASAR on);
 *   - the built engine chunk runs as a process of its own (./built-engine-check.ts).
 * Needs `npm run build` first. Exits non-zero with the reasons when anything is off.
 *   node --experimental-strip-types scripts/packaging/check-package.ts
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type * as ElectronBuilder from 'electron-builder';
import { builtEngineProblems } from './built-engine-check.ts';
import { builderConfig, expectedFuses, packagingProblems } from './package-rules.ts';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const { build, Platform } = require('electron-builder') as typeof ElectronBuilder;
const asar = require('@electron/asar') as { listPackage(archive: string, options: { isPack: boolean }): string[] };

if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('check-package: run `npm run build` first (out/main/index.js is missing)');
  process.exit(1);
}

/** Fuses live behind a sentinel string in the Electron binary; the stand-in carries the same wire, all "inherit". */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const WIRE_LENGTH = 9;

const work = await mkdtemp(join(tmpdir(), 'enishi-package-'));
try {
  const electronDist = join(work, 'electron');
  await mkdir(join(electronDist, 'resources'), { recursive: true });
  const standIn = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, WIRE_LENGTH]), Buffer.alloc(WIRE_LENGTH, FuseState.INHERIT)]);
  await writeFile(join(electronDist, 'electron'), standIn);
  await chmod(join(electronDist, 'electron'), 0o755);
  const electronVersion = (JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

  const config = await builderConfig(root);
  const output = join(work, 'dist');
  const started = Date.now();
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist, electronVersion, directories: { ...config.directories, output } },
  });
  const unpacked = join(output, 'linux-unpacked');
  const executable = join(unpacked, 'enishi');
  const files = asar.listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/'));
  const wire = await getCurrentFuseWire(executable);
  const expected = expectedFuses(config);
  const fuses = Object.fromEntries(Object.keys(expected).map((name) => [name, wire[FuseV1Options[name as keyof typeof FuseV1Options]]]));
  const problems = [...packagingProblems({ files, fuses, expected, executableExists: existsSync(executable) }), ...(await builtEngineProblems(root))];
  if (problems.length > 0) {
    console.error(`check-package: the package is not what a release must be:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`check-package: ok — ${files.length} entries in app.asar, fuses as configured, the built engine runs (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
