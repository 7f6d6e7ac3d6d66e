/**
 * The packaging configuration (electron-builder.json) and the icons it points at, checked without an
 * Electron binary. The full package is built around a stand-in binary by scripts/packaging/check-package.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Configuration } from 'electron-builder';
import { BACKUP_EXTENSION } from '../../shared/vault-format/backup.ts';
import { PAIRING_LINK_PREFIX } from '../../shared/sync/pairing.ts';
import { icnsElements, icnsFromPngs, icoEntries, icoFromPngs, pngSize } from '../../scripts/packaging/icon-formats.ts';
import { builderConfig, expectedFuses, fuseConfigProblems, packagingProblems } from '../../scripts/packaging/package-rules.ts';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (config: Configuration, logger: unknown) => Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.json', () => {
  test('is a configuration electron-builder accepts, and a wrong one is refused', async () => {
    const config = await builderConfig(root);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, target: 42 } } as unknown as Configuration, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  test('builds a universal dmg, an nsis installer, an AppImage and a deb', async () => {
    const config = await builderConfig(root);
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.asar).toBe(true);
    expect(config.mac?.hardenedRuntime).toBe(true);
  });

  test('sets every fuse the security review requires', async () => {
    const config = await builderConfig(root);
    expect(fuseConfigProblems(config)).toEqual([]);
    const loosened = { ...config, electronFuses: { ...config.electronFuses, runAsNode: true, onlyLoadAppFromAsar: undefined } };
    expect(fuseConfigProblems(loosened)).toEqual(['fuse RunAsNode must be off', 'fuse OnlyLoadAppFromAsar must be on']);
  });

  test('opens backup files and pairing links with the app', async () => {
    const config = await builderConfig(root);
    const associations = [config.fileAssociations].flat();
    expect(associations.map((association) => association?.ext)).toEqual([BACKUP_EXTENSION.slice(1)]);
    const schemes = [config.protocols].flat().flatMap((protocol) => protocol?.schemes ?? []);
    expect(schemes).toEqual([new URL(PAIRING_LINK_PREFIX).protocol.replace(':', '')]);
    expect(config.linux?.mimeTypes).toContain('x-scheme-handler/enishi');
  });
});

describe('checking a built package', () => {
  const complete = ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/node_modules/@automerge/automerge/package.json', '/node_modules/libsodium-wrappers-sumo/package.json', '/node_modules/zod/package.json'];
  const expected = { RunAsNode: 48, OnlyLoadAppFromAsar: 49 };

  test('passes a package with the app, its dependencies and the fuses as configured', () => {
    expect(packagingProblems({ files: complete, fuses: { RunAsNode: 48, OnlyLoadAppFromAsar: 49 }, expected, executableExists: true })).toEqual([]);
  });

  test('names what is missing, what must not ship, and a fuse left as it was', () => {
    const problems = packagingProblems({
      files: [...complete.filter((file) => file !== '/out/preload/index.cjs'), '/out/main/index.js.map', '/shared/api/contract.ts', '/node_modules/electron/index.js'],
      fuses: { RunAsNode: 144, OnlyLoadAppFromAsar: 49 },
      expected,
      executableExists: false,
    });
    expect(problems).toEqual([
      'the packaged executable is missing',
      'app.asar lacks /out/preload/index.cjs',
      'app.asar holds source maps: /out/main/index.js.map',
      'app.asar holds sources, tests or docs: /shared/api/contract.ts',
      'app.asar holds development tools: /node_modules/electron/index.js',
      'fuse RunAsNode is 144 in the binary, 48 was configured',
    ]);
  });

  test('reads the configured fuses as wire states', () => {
    expect(expectedFuses({ electronFuses: { runAsNode: false, onlyLoadAppFromAsar: true } })).toEqual(expected);
  });
});

describe('the icons', () => {
  const resources = join(root, 'resources');

  test('the master icon is a 1024-pixel PNG and the Linux set is named by size', async () => {
    expect(pngSize(await readFile(join(resources, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    for (const name of await readdir(join(resources, 'icons'))) {
      const [, size] = /^(\d+)x\1\.png$/.exec(name) ?? [];
      expect(size, name).toBeDefined();
      expect(pngSize(await readFile(join(resources, 'icons', name)))).toEqual({ width: Number(size), height: Number(size) });
    }
  });

  test('the Windows icon holds PNGs up to 256 pixels, each the size its entry says', async () => {
    const entries = icoEntries(await readFile(join(resources, 'icon.ico')));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) expect(pngSize(entry.png)).toEqual({ width: entry.size, height: entry.size });
  });

  test('the macOS icon holds every size up to 1024 pixels as PNG', async () => {
    const elements = icnsElements(await readFile(join(resources, 'icon.icns')));
    const sizes = Object.fromEntries(elements.map((element) => [element.type, pngSize(element.png).width]));
    expect(sizes).toMatchObject({ icp4: 16, icp5: 32, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic14: 512 });
  });

  test('the icon writers refuse what the formats cannot hold', () => {
    const fakePng = (size: number) => {
      const png = new Uint8Array(24);
      png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      new DataView(png.buffer).setUint32(16, size);
      new DataView(png.buffer).setUint32(20, size);
      return png;
    };
    expect(() => icoFromPngs([{ size: 512, png: fakePng(512) }])).toThrow(RangeError);
    expect(() => pngSize(new Uint8Array(30))).toThrow(/not a PNG/);
    const icns = icnsFromPngs([{ size: 16, png: fakePng(16) }, { size: 48, png: fakePng(48) }]);
    expect(icnsElements(icns).map((element) => element.type)).toEqual(['icp4']);
    expect(() => icnsElements(icns.subarray(0, icns.length - 1))).toThrow();
  });
});
