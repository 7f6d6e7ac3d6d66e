import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_DESKTOP_PREFERENCES, type DesktopPreferences, type UiLanguage } from '../../../shared/domain/desktop.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { DESKTOP_FILE, DesktopPreferencesStore } from './desktop-preferences.ts';
import { OpenRequests } from './open-requests.ts';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => (dir = await makeTempDir()));
afterEach(() => dir.remove());

const capabilities = { openAtLogin: true, contentProtection: true, badge: false };
function store(applied: [DesktopPreferences, UiLanguage | undefined][] = []) {
  return new DesktopPreferencesStore({ dataDir: dir.path, capabilities, apply: (preferences, language) => applied.push([preferences, language]) });
}

describe('desktop preferences', () => {
  test('start as the defaults and are applied at load', async () => {
    const applied: [DesktopPreferences, UiLanguage | undefined][] = [];
    const preferences = store(applied);
    await preferences.load();
    expect(preferences.view()).toEqual({ ...DEFAULT_DESKTOP_PREFERENCES, supports: capabilities });
    expect(applied).toEqual([[DEFAULT_DESKTOP_PREFERENCES, undefined]]);
  });

  test('a change is applied at once and is still there after a restart', async () => {
    const applied: [DesktopPreferences, UiLanguage | undefined][] = [];
    const first = store(applied);
    await first.load();
    const result = await first.update({ hideFromScreenCapture: true, language: 'ja' });
    expect(result).toEqual({ ok: true, value: { ...DEFAULT_DESKTOP_PREFERENCES, hideFromScreenCapture: true, supports: capabilities } });
    expect(applied.at(-1)).toEqual([{ ...DEFAULT_DESKTOP_PREFERENCES, hideFromScreenCapture: true }, 'ja']);
    await first.saveWindowBounds({ x: 10, y: 20, width: 1000, height: 700, maximized: false });

    const second = store();
    await second.load();
    expect(second.preferences.hideFromScreenCapture).toBe(true);
    expect(second.language).toBe('ja');
    expect(second.windowBounds).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  test('a damaged file means the defaults, and a damaged part only loses that part', async () => {
    await writeFile(join(dir.path, DESKTOP_FILE), '{ not json');
    const broken = store();
    await broken.load();
    expect(broken.preferences).toEqual(DEFAULT_DESKTOP_PREFERENCES);

    await writeFile(join(dir.path, DESKTOP_FILE), JSON.stringify({ preferences: { openAtLogin: true, hideFromScreenCapture: false, showDueBadge: true }, language: 'fr', window: { x: 'left' } }));
    const partly = store();
    await partly.load();
    expect(partly.preferences.openAtLogin).toBe(true);
    expect(partly.language).toBeUndefined();
    expect(partly.windowBounds).toBeUndefined();
  });

  test('a change that changes nothing is neither applied nor written again', async () => {
    const applied: [DesktopPreferences, UiLanguage | undefined][] = [];
    const preferences = store(applied);
    await preferences.load();
    await preferences.update({ language: 'ja' });
    const written = await readFile(join(dir.path, DESKTOP_FILE), 'utf8');
    await writeFile(join(dir.path, DESKTOP_FILE), `${written} `);
    await preferences.update({ language: 'ja', showDueBadge: true });
    expect(applied).toHaveLength(2);
    expect(await readFile(join(dir.path, DESKTOP_FILE), 'utf8')).toBe(`${written} `);
  });

  test('holds no vault data: only the preferences, the language and the window', async () => {
    const preferences = store();
    await preferences.load();
    await preferences.update({ openAtLogin: true, language: 'en' });
    expect(Object.keys(JSON.parse(await readFile(join(dir.path, DESKTOP_FILE), 'utf8')) as object).sort()).toEqual(['language', 'preferences']);
  });
});

describe('open requests', () => {
  test('are held until taken, once, and a newer one replaces an older one', () => {
    let told = 0;
    const requests = new OpenRequests(() => told++);
    expect(requests.take()).toBeNull();
    requests.offer({ kind: 'backup-file', path: '/a.enishi-backup' });
    requests.offer({ kind: 'backup-file', path: '/b.enishi-backup' });
    expect(told).toBe(2);
    expect(requests.take()).toEqual({ kind: 'backup-file', path: '/b.enishi-backup' });
    expect(requests.take()).toBeNull();
  });
});
