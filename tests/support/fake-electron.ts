/**
 * A stand-in for the `electron` module, for running the real main process (electron/main/index.ts)
 * in Node where no Electron binary exists. It records what the main process asks of Electron (IPC
 * handlers, windows, menus, dialogs, badges …) so a test can check the composition, and lets the
 * test play the OS (ready, open-url, a click in the menu, a dialog's answer).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (...args: unknown[]) => unknown;

export const recorded = {
  ipc: new Map<string, Handler>(),
  protocols: new Map<string, Handler>(),
  privilegedSchemes: [] as { scheme: string }[],
  menus: [] as { template: unknown[] }[],
  loginItems: [] as { openAtLogin: boolean }[],
  badgeCounts: [] as number[],
  externalOpened: [] as string[],
  messageBoxes: [] as { message: string; detail?: string }[],
  clipboard: [] as string[],
  permissionRequestHandler: undefined as Handler | undefined,
  quitCalls: 0,
  utilityProcesses: [] as FakeUtilityProcess[],
};

/** What the next native message box answers (the index of the button). */
export const answers = { messageBox: 1 };

let readyResolve: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (readyResolve = resolve));
let isReady = false;
const paths = mkdtempSync(join(tmpdir(), 'enishi-fake-electron-'));

class FakeApp extends EventEmitter {
  isPackaged = false;
  getPath(name: string): string {
    return join(paths, name);
  }
  getLocale(): string {
    return 'ja-JP';
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return process.cwd();
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return ready;
  }
  isReady(): boolean {
    return isReady;
  }
  quit(): void {
    recorded.quitCalls++;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    recorded.loginItems.push(settings);
  }
  setBadgeCount(count: number): boolean {
    recorded.badgeCounts.push(count);
    return true;
  }
  setAsDefaultProtocolClient(): boolean {
    return true;
  }
  setAppUserModelId(): void {}
}

export const app = new FakeApp();

/** The OS says the app is ready. */
export function becomeReady(): void {
  isReady = true;
  readyResolve();
}

export class FakeFrame {
  url: string;
  constructor(url: string) {
    this.url = url;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  mainFrame = new FakeFrame('app://enishi/index.html');
  openHandler: Handler | undefined;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: Handler): void {
    this.openHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  url = '';
  contentProtected = false;
  bounds = { x: 40, y: 50, width: 1100, height: 760 };
  readonly options: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all;
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  setContentProtection(on: boolean): void {
    this.contentProtected = on;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isMaximized(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  maximize(): void {}
  reload(): void {}
  setOverlayIcon(): void {}
}

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    recorded.ipc.set(channel, handler);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string }[]): void {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: Handler): void {
    recorded.protocols.set(scheme, handler);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: { template: unknown[] }): void {
    recorded.menus.push(menu);
  },
};

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return false;
  }
  show(): void {}
}

export const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0 });

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Handler): void {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(): void {},
    setDevicePermissionHandler(): void {},
    webRequest: { onHeadersReceived(): void {} },
  },
};

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1440, height: 900 } }] };
export const nativeTheme = { shouldUseDarkColors: false };
export const nativeImage = { createFromPath: () => ({}) };

export const dialog = {
  showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    const options = args.at(-1) as { message: string; detail?: string };
    recorded.messageBoxes.push(options);
    return Promise.resolve({ response: answers.messageBox });
  },
  showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
  showSaveDialog: () => Promise.resolve({ canceled: true }),
};

export const shell = {
  openExternal(url: string): Promise<void> {
    recorded.externalOpened.push(url);
    return Promise.resolve();
  },
  openPath: () => Promise.resolve(''),
};

export const clipboard = {
  writeText(text: string): Promise<void> {
    recorded.clipboard.push(text);
    return Promise.resolve();
  },
};

/**
 * A utility process as Electron starts one, played by a Node child process: a real process with a
 * structured-clone channel. (The child finds no `process.parentPort` and speaks over `process.send`.)
 */
export class FakeUtilityProcess extends EventEmitter {
  readonly child: ChildProcess;
  readonly serviceName: string | undefined;

  constructor(modulePath: string, options: { serviceName?: string }) {
    super();
    this.serviceName = options.serviceName;
    this.child = fork(modulePath, [], { serialization: 'advanced', execArgv: ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.once('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.once('exit', (code) => this.emit('exit', code ?? 1));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  kill(): boolean {
    return this.child.kill('SIGKILL');
  }
}

export const utilityProcess = {
  fork(modulePath: string, _args: string[], options: { serviceName?: string } = {}): FakeUtilityProcess {
    const started = new FakeUtilityProcess(modulePath, options);
    recorded.utilityProcesses.push(started);
    return started;
  },
};
