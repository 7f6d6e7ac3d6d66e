/**
 * The real main process (index.ts), composed against a stand-in for the `electron` module
 * (tests/support/fake-electron.ts): where no Electron binary exists, this is what shows that the
 * pieces are wired — every API method bound behind the sender check, the window built from the
 * hardened options, the menu in the UI's language, links confirmed, OS open requests delivered,
 * preferences applied, the window's place saved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { eventChannel, methodChannel, methodNames } from '../../shared/api/contract.ts';
import { encodePairingCode, pairingLink } from '../../shared/sync/pairing.ts';
import type * as FakeElectron from '../../tests/support/fake-electron.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

vi.mock('electron', () => import('../../tests/support/fake-electron.ts'));
vi.mock('../node/vault/kdf-worker.ts?modulePath', () => ({ default: new URL('../node/vault/kdf-worker.ts', import.meta.url).pathname }));
vi.mock('../node/backup/inspect-worker.ts?modulePath', () => ({ default: new URL('../node/backup/inspect-worker.ts', import.meta.url).pathname }));
vi.mock('../node/engine/engine-process.ts?modulePath', () => ({ default: new URL('../node/engine/engine-process.ts', import.meta.url).pathname }));

type Fake = typeof FakeElectron;
let electron: Fake;
let dataDir: { path: string; remove: () => Promise<void> };
let window: InstanceType<Fake['BrowserWindow']>;
const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
const addedExceptionListeners = () => process.listeners('uncaughtException').filter((listener) => !before.uncaughtException.includes(listener));
const addedRejectionListeners = () => process.listeners('unhandledRejection').filter((listener) => !before.unhandledRejection.includes(listener));

const call = (method: string, input: unknown, frame?: unknown) => {
  const handler = electron.recorded.ipc.get(methodChannel(method as never))!;
  return handler({ sender: window.webContents, senderFrame: frame ?? window.webContents.mainFrame }, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
};
const sentEvents = (name: string) => window.webContents.sent.filter(([channel]) => channel === eventChannel(name as never)).map(([, payload]) => payload);
type MenuItem = { label?: string; accelerator?: string; click?: () => void; submenu?: MenuItem[] };
const menuItems = (items: MenuItem[]): MenuItem[] => items.flatMap((item) => [item, ...menuItems(item.submenu ?? [])]);

beforeAll(async () => {
  dataDir = await makeTempDir('enishi-composition-');
  process.env.ENISHI_DATA_DIR = dataDir.path;
  electron = (await import('electron')) as unknown as Fake;
  await import('./index.ts');
  electron.becomeReady();
  await vi.waitFor(() => expect(electron.BrowserWindow.all).toHaveLength(1), { timeout: 10_000 });
  window = electron.BrowserWindow.all[0]!;
}, 30_000);

afterAll(async () => {
  // The main process installs its own crash handlers; this test process keeps vitest's.
  for (const listener of addedExceptionListeners()) process.off('uncaughtException', listener);
  for (const listener of addedRejectionListeners()) process.off('unhandledRejection', listener);
  delete process.env.ENISHI_DATA_DIR;
  await dataDir.remove();
});

describe('the main process, composed', () => {
  test('binds every API method, and answers only our window’s main frame at app://', async () => {
    for (const method of methodNames) expect(electron.recorded.ipc.has(methodChannel(method)), method).toBe(true);
    expect(await call('getVaultStatus', {})).toEqual({ ok: true, value: { state: 'none' } });
    expect((await call('getVaultStatus', {}, new electron.FakeFrame('app://enishi/index.html'))).error?.code).toBe('forbidden-sender');
    expect((await call('getVaultStatus', {}, { url: 'https://evil.example/' })).error?.code).toBe('forbidden-sender');
    expect((await call('getVaultStatus', { extra: 1 })).error?.code).toBe('invalid-input');
  });

  test('opens one sandboxed window at app://, served by the privileged app scheme', () => {
    expect(window.url).toBe('app://enishi/index.html');
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(electron.recorded.privilegedSchemes.map((entry) => entry.scheme)).toEqual(['app']);
    expect(electron.recorded.protocols.has('app')).toBe(true);
  });

  test('denies every permission but writing the clipboard', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'clipboard-sanitized-write']) electron.recorded.permissionRequestHandler!({}, permission, (allowed: boolean) => answers.push(allowed));
    expect(answers).toEqual([false, false, true]);
  });

  test('the native menu speaks the OS language until the UI says otherwise, and sends its commands to the window', async () => {
    const first = electron.recorded.menus.at(-1)!.template as MenuItem[];
    expect(first.map((menu) => menu.label)).toEqual(['ファイル', '編集', '表示', 'ウインドウ', 'ヘルプ']);
    await call('setDesktopPreferences', { language: 'en' });
    const items = menuItems(electron.recorded.menus.at(-1)!.template as MenuItem[]);
    expect(items.find((item) => item.accelerator === 'CmdOrCtrl+3')?.label).toBe('Timeline');
    items.find((item) => item.accelerator === 'CmdOrCtrl+3')!.click!();
    expect(sentEvents('menuCommand')).toContainEqual({ command: 'go-timeline' });
  });

  test('a link the page tries to open goes to the browser only after the user confirms it', async () => {
    const deny = { action: 'deny' };
    electron.answers.messageBox = 1;
    expect(window.webContents.openHandler!({ url: 'https://example.com/a' })).toEqual(deny);
    await vi.waitFor(() => expect(electron.recorded.messageBoxes.at(-1)?.detail).toContain('https://example.com/a'));
    expect(electron.recorded.externalOpened).toEqual([]);
    electron.answers.messageBox = 0;
    expect(window.webContents.openHandler!({ url: 'https://example.com/b' })).toEqual(deny);
    await vi.waitFor(() => expect(electron.recorded.externalOpened).toEqual(['https://example.com/b']));
    const boxes = electron.recorded.messageBoxes.length;
    expect(window.webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual(deny);
    expect(electron.recorded.messageBoxes).toHaveLength(boxes);
  });

  test('a pairing link from the OS reaches the window once', async () => {
    const code = encodePairingCode({ host: '10.0.0.2', port: 47291, fingerprint: new Uint8Array(16).fill(1), secret: new Uint8Array(16).fill(2) });
    electron.app.emit('open-url', { preventDefault: () => undefined }, pairingLink(code));
    electron.app.emit('open-url', { preventDefault: () => undefined }, 'enishi://settings');
    expect(sentEvents('openRequested')).toHaveLength(1);
    expect(await call('takeOpenRequest', {})).toEqual({ ok: true, value: { kind: 'pair', code } });
    expect(await call('takeOpenRequest', {})).toEqual({ ok: true, value: null });
  });

  test('preferences reach the window, and its place is saved when it closes', async () => {
    await call('setDesktopPreferences', { hideFromScreenCapture: true });
    expect(window.contentProtected).toBe(true);
    window.emit('close');
    await vi.waitFor(async () => {
      const stored = JSON.parse(await readFile(join(dataDir.path, 'desktop.json'), 'utf8')) as { window?: object; preferences: { hideFromScreenCapture: boolean } };
      expect(stored.preferences.hideFromScreenCapture).toBe(true);
      expect(stored.window).toEqual({ x: 40, y: 50, width: 1100, height: 760, maximized: false });
    });
  });

  test('an unexpected error is logged and offered as a report to copy: its class and frames, never its message', async () => {
    electron.answers.messageBox = 0;
    const [listener] = addedExceptionListeners();
    const error = new TypeError('failed while reading the note about 田中さん');
    listener!(error, 'uncaughtException');
    await vi.waitFor(() => expect(electron.recorded.clipboard.at(-1)).toMatch(/^TypeError\n\s+at /m));
    const log = await readFile(join(dataDir.path, 'logs', 'enishi.log'), 'utf8');
    expect(log).toContain('ERROR main process error: TypeError');
    for (const text of [electron.recorded.clipboard.at(-1)!, log]) expect(text).not.toContain('田中');
  });

  test('the vault lives in a utility process of its own: if it dies, the window is told and a fresh one answers', async () => {
    expect(electron.recorded.utilityProcesses.map((started) => started.serviceName)).toEqual(['Enishi engine']);
    electron.recorded.utilityProcesses[0]!.kill();
    await vi.waitFor(() => expect(sentEvents('engineStopped')).toEqual([{ restarted: true }]), { timeout: 10_000 });
    expect(electron.recorded.utilityProcesses).toHaveLength(2);
    expect(await call('getVaultStatus', {})).toEqual({ ok: true, value: { state: 'none' } });
    const log = await readFile(join(dataDir.path, 'logs', 'enishi.log'), 'utf8');
    expect(log).toContain('the vault engine stopped unexpectedly');
  });

  test('quitting waits for the engine to lock the vault and end, then quits', async () => {
    let prevented = false;
    electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(electron.recorded.quitCalls).toBe(1));
    await vi.waitFor(() => expect(electron.recorded.utilityProcesses.at(-1)!.child.exitCode).toBe(0));
  });
});
