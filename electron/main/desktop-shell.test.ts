/** The main-process pieces that need no Electron binary: window placement, external links, the menu, platform rules. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, test } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/domain/desktop.ts';
import { desktopStrings, languageFromLocale } from './desktop-strings.ts';
import { externalLinkTarget } from '../../shared/security/external-link.ts';
import { linkForConfirmation } from './external-links.ts';
import { applicationMenuTemplate, type MenuOptions } from './menu-template.ts';
import { desktopCapabilities, dueBadge } from './platform.ts';
import { pathDialog } from './path-dialog-options.ts';
import { mainWindowOptions } from './window-options.ts';
import { DEFAULT_SIZE, placeWindow } from './window-state.ts';

describe('window placement', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 875 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };

  test('a first start opens at the default size, centred', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  test('the window comes back where it was, maximized if it was', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 1300, height: 900, maximized: true }, [laptop, monitor])).toEqual({ x: 1600, y: 100, width: 1300, height: 900, maximized: true });
  });

  test('after its monitor is unplugged it opens on a screen that is still there', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 1300, height: 900, maximized: false }, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  test('a title bar above the screen or barely on it does not count; a window too big is shrunk to the screen', () => {
    expect(placeWindow({ x: 100, y: -200, width: 900, height: 700, maximized: false }, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
    expect(placeWindow({ x: 1420, y: 10, width: 900, height: 700, maximized: false }, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
    expect(placeWindow({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false });
  });

  test('the window options carry the placement, and keep their security settings', () => {
    const options = mainWindowOptions('/p.cjs', { placement: { x: 5, y: 6, width: 1000, height: 700, maximized: true }, dark: true });
    expect(options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700, backgroundColor: '#161514', show: false });
    expect(options).not.toHaveProperty('maximized');
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' });
  });
});

describe('external links', () => {
  test('only plain http and https addresses may leave the app', () => {
    expect(externalLinkTarget('https://www.linkedin.com/in/aiko-tanaka')).toBe('https://www.linkedin.com/in/aiko-tanaka');
    expect(externalLinkTarget('http://example.jp/event?id=3')).toBe('http://example.jp/event?id=3');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'enishi://pair/ABCDE', 'app://enishi/index.html', 'smb://server/share', 'ms-msdt:/id', 'https://user:secret@example.com/', 'https://', 'not a url', `https://example.com/${'a'.repeat(3000)}`]) {
      expect(externalLinkTarget(url), url).toBeUndefined();
    }
  });

  test('the confirmation shows the host as punycode, so look-alike letters cannot hide', () => {
    expect(linkForConfirmation('https://аpple.com/login')).toEqual({ host: 'xn--pple-43d.com', address: 'https://xn--pple-43d.com/login' });
  });
});

describe('the application menu', () => {
  const sent: MenuCommand[] = [];
  const options = (overrides: Partial<MenuOptions> = {}): MenuOptions => ({ platform: 'darwin', strings: desktopStrings('en'), unlocked: true, development: false, send: (command) => sent.push(command), showLogs: () => undefined, copyReport: () => undefined, ...overrides });
  const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => template.flatMap((item) => [item, ...items(Array.isArray(item.submenu) ? item.submenu : [])]);

  test('has the macOS app menu on a Mac, and Quit and Settings under File elsewhere', () => {
    expect(applicationMenuTemplate(options()).map((menu) => menu.label)).toEqual(['Enishi', 'File', 'Edit', 'View', 'Window', 'Help']);
    const windows = applicationMenuTemplate(options({ platform: 'win32' }));
    expect(windows.map((menu) => menu.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(items(windows).find((item) => item.role === 'quit')?.accelerator).toBe('Ctrl+Q');
  });

  test('every command has one shortcut at most, and no shortcut is used twice', () => {
    const accelerators = items(applicationMenuTemplate(options())).flatMap((item) => (item.accelerator ? [String(item.accelerator)] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators).toEqual(expect.arrayContaining(['CmdOrCtrl+N', 'CmdOrCtrl+L', 'CmdOrCtrl+F', 'CmdOrCtrl+1', 'CmdOrCtrl+8', 'Cmd+,']));
  });

  test('its items send their command to the window, and only while the vault is open', () => {
    sent.length = 0;
    const all = items(applicationMenuTemplate(options()));
    for (const item of all) if (item.click && item.enabled !== undefined) (item.click as () => void)();
    expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
    const locked = items(applicationMenuTemplate(options({ unlocked: false }))).filter((item) => item.click && item.enabled !== undefined);
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((item) => item.enabled === false)).toBe(true);
  });

  test('speaks the UI language, and shows developer tools only when run from source', () => {
    const ja = applicationMenuTemplate(options({ strings: desktopStrings('ja'), platform: 'linux' }));
    expect(ja.map((menu) => menu.label)).toEqual(['ファイル', '編集', '表示', 'ウインドウ', 'ヘルプ']);
    expect(items(ja).find((item) => item.accelerator === 'CmdOrCtrl+N')?.label).toBe('新しい連絡先');
    expect(items(applicationMenuTemplate(options())).some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(items(applicationMenuTemplate(options({ development: true }))).some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  test('the two languages have the same words to say', () => {
    const shape = (value: unknown): unknown => (typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)])) : typeof value);
    expect(shape(desktopStrings('ja'))).toEqual(shape(desktopStrings('en')));
    expect(languageFromLocale('ja-JP')).toBe('ja');
    expect(languageFromLocale('de-DE')).toBe('en');
  });
});

describe('platform rules', () => {
  test('login items and content protection where the OS has them', () => {
    expect(desktopCapabilities('darwin')).toEqual({ openAtLogin: true, contentProtection: true, badge: true });
    expect(desktopCapabilities('win32')).toEqual({ openAtLogin: true, contentProtection: true, badge: true });
    expect(desktopCapabilities('linux')).toEqual({ openAtLogin: false, contentProtection: false, badge: true });
  });

  test('the badge shows the due count only when the user wants it', () => {
    expect(dueBadge(3, true)).toEqual({ count: 3, overlay: true });
    expect(dueBadge(3, false)).toEqual({ count: 0, overlay: false });
    expect(dueBadge(0, true)).toEqual({ count: 0, overlay: false });
  });
});

describe('file dialogs', () => {
  const strings = desktopStrings('en');

  test('a backup is saved as .enishi-backup, and opened from one', () => {
    const save = pathDialog('backup-save', strings, '/Users/aiko/enishi-2026-11-28.enishi-backup');
    expect(save).toMatchObject({ kind: 'save', options: { defaultPath: '/Users/aiko/enishi-2026-11-28.enishi-backup', filters: [{ extensions: ['enishi-backup'] }] } });
    expect(save.options.properties).toContain('showOverwriteConfirmation');
    expect(pathDialog('backup-open', strings, undefined)).toMatchObject({ kind: 'open', options: { properties: ['openFile'], filters: [{ extensions: ['enishi-backup'] }] } });
  });

  test('imports offer the formats the readers know; folders are folders; an empty start is no start', () => {
    expect(pathDialog('import-open', strings, ' ').options).not.toHaveProperty('defaultPath');
    expect(pathDialog('import-open', strings, undefined).options.filters?.[0]?.extensions).toEqual(['vcf', 'vcard', 'csv', 'json']);
    expect(pathDialog('folder', strings, undefined)).toMatchObject({ kind: 'open', options: { properties: ['openDirectory', 'createDirectory'] } });
    expect(pathDialog('export-save', desktopStrings('ja'), undefined).options.title).toBe('連絡先の書き出し先');
  });
});
