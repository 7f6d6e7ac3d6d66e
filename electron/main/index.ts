/**
 * Composition root: starts the vault engine in its own process, and wires the IPC binding (to the
 * engine, and to the few desktop methods answered here), the protocol, the window and the OS integration.
 */
import { hostname, homedir } from 'node:os';
import { join } from 'node:path';
import { app, clipboard, dialog, Menu, Notification, powerMonitor, session, shell, type BrowserWindow } from 'electron';
import kdfWorkerPath from '../node/vault/kdf-worker.ts?modulePath';
import inspectWorkerPath from '../node/backup/inspect-worker.ts?modulePath';
import engineEntryPath from '../node/engine/engine-process.ts?modulePath';
import { contentSecurityPolicy } from '../../shared/security/csp.ts';
import type { DesktopPreferences } from '../../shared/domain/desktop.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/api/result.ts';
import { createDispatcher } from '../node/api/dispatch.ts';
import { desktopHandlers } from '../node/api/handlers.ts';
import { DesktopPreferencesStore } from '../node/desktop/desktop-preferences.ts';
import { OpenRequests } from '../node/desktop/open-requests.ts';
import { EngineClient } from '../node/engine/engine-client.ts';
import { describeError } from '../node/log/crash-report.ts';
import { LogFile, mirrorConsoleToLog } from '../node/log/log-file.ts';
import { NotificationScheduler } from '../node/notifications/scheduler.ts';
import { AutoLock } from '../node/vault/auto-lock.ts';
import { showDueCount } from './app-badge.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { installCrashHandling, reportText } from './crash-handling.ts';
import { desktopStrings, languageFromLocale } from './desktop-strings.ts';
import { utilityEngine } from './engine-launcher.ts';
import { confirmAndOpenExternal } from './external-link-dialog.ts';
import { bindApi, sendEvent } from './ipc.ts';
import { createMainWindow, rememberPlace } from './main-window.ts';
import { choosePath } from './path-dialogs.ts';
import { applicationMenuTemplate } from './menu-template.ts';
import { listenForOpenRequests } from './os-open-requests.ts';
import { desktopCapabilities } from './platform.ts';
import { APP_ORIGIN } from './renderer-files.ts';
import { hardenAllWebContents, hardenSession } from './security.ts';
import { originOf } from './window-options.ts';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const rendererOrigin = (devServerUrl && originOf(devServerUrl)) || APP_ORIGIN;
const dataDir = process.env.ENISHI_DATA_DIR || app.getPath('userData');
const log = new LogFile({ dir: process.env.ENISHI_DATA_DIR ? join(dataDir, 'logs') : app.getPath('logs'), homeDir: homedir() });
/** Icons the packages put beside app.asar (electron-builder.json extraResources); the repository's own when run from source. */
const resourcePath = (name: string) => (app.isPackaged ? join(process.resourcesPath, name) : join(app.getAppPath(), 'resources', name));

let mainWindow: BrowserWindow | undefined;
let strings = desktopStrings(languageFromLocale(app.getLocale()));

registerAppScheme();
mirrorConsoleToLog(log);
installCrashHandling({ log, strings: () => strings, window: () => mainWindow });
hardenAllWebContents({ confirmExternal: (url) => void confirmAndOpenExternal(mainWindow, strings, url) });
const openRequests = new OpenRequests(() => sendEvent(mainWindow?.webContents, 'openRequested', {}));
const focusWindow = () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.show();
  mainWindow?.focus();
};

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  listenForOpenRequests((request) => openRequests.offer(request), focusWindow);
  app.on('second-instance', focusWindow);
  app.on('window-all-closed', () => app.quit());
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Without a window the app would linger invisibly: say so, and leave.
      log.write('error', `start-up failed: ${describeError(error).name}`);
      dialog.showErrorBox(strings.crash.title, strings.crash.message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  // Windows shows notifications under this id (electron-builder.json's appId).
  if (process.platform === 'win32') app.setAppUserModelId('app.enishi.desktop');
  log.write('info', `Enishi ${app.getVersion()} started (Electron ${process.versions.electron}, ${process.platform} ${process.arch})`);
  const capabilities = desktopCapabilities(process.platform);
  let applied: DesktopPreferences | undefined;
  const preferences = new DesktopPreferencesStore({
    dataDir,
    capabilities,
    apply: (chosen, language) => {
      strings = desktopStrings(language ?? languageFromLocale(app.getLocale()));
      if (capabilities.openAtLogin && app.isPackaged && chosen.openAtLogin !== applied?.openAtLogin) app.setLoginItemSettings({ openAtLogin: chosen.openAtLogin });
      mainWindow?.setContentProtection(chosen.hideFromScreenCapture);
      applied = chosen;
      refreshMenu();
      void refreshBadge();
    },
  });

  // Desktop notifications for what is due: names and kinds of reason only (shared/insights/notifications.ts).
  // Its callbacks reach the engine declared below; they run only once everything is set up.
  const notifications = new NotificationScheduler({
    clock: Date.now,
    settings: async () => {
      if (!engine.isUnlocked) return undefined;
      const settings = await call('getSettings', {});
      return settings.ok ? settings.value : undefined;
    },
    due: async () => {
      const coach = await call('getCoach', {});
      return coach.ok ? coach.value.items.map((item) => ({ name: item.person.name, reasons: item.reasons })) : [];
    },
    language: () => preferences.language ?? languageFromLocale(app.getLocale()),
    show: (notice) => {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', focusWindow);
      shown.show();
    },
  });
  let badgeTimer: NodeJS.Timeout | undefined;
  // The vault, sync, backups, import and export live in the engine process (docs/architecture.md).
  const engine = new EngineClient({
    launch: utilityEngine(engineEntryPath),
    config: { dataDir, kdfWorker: kdfWorkerPath, inspectWorker: inspectWorkerPath, defaultDeviceName: hostname().replace(/\.local$/, '') || 'Enishi', backupFolder: app.getPath('documents'), discovery: 'mdns' },
    onLog: (level, text) => log.write(level, text),
    onEvent: (event, payload) => {
      sendEvent(mainWindow?.webContents, event, payload);
      // Check what is due right after an unlock; forget what was announced when the vault locks.
      if (event === 'vaultStatusChanged') {
        if ((payload as { state: string }).state === 'unlocked') void notifications.tick();
        else notifications.reset();
        refreshMenu();
        void refreshBadge();
      } else if (event === 'dataChanged') {
        clearTimeout(badgeTimer);
        badgeTimer = setTimeout(() => void refreshBadge(), 2000);
      }
    },
  });
  void engine.start();
  // The desktop methods are answered here; every other method's input is parsed, then goes to the engine.
  const dispatch = createDispatcher(desktopHandlers(preferences, openRequests, (purpose, current) => choosePath(mainWindow, strings, purpose, current)), {
    // The method and the error's class only: never its message, which could quote the input.
    onInternalError: (method, error) => log.write('error', `${method} failed: ${describeError(error).name}`),
    forward: (method, input) => engine.call(method, input),
  });
  const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatch(method, input) as Promise<Result<MethodOutput<M>>>;

  function refreshMenu(): void {
    const template = applicationMenuTemplate({
      platform: process.platform,
      strings,
      unlocked: engine.isUnlocked,
      development: !app.isPackaged,
      send: (command) => sendEvent(mainWindow?.webContents, 'menuCommand', { command }),
      showLogs: () => void shell.openPath(log.path.replace(/[\\/][^\\/]+$/, '')),
      copyReport: () => {
        void clipboard.writeText(reportText(log, 'diagnostic report', undefined)).then(() => {
          if (Notification.isSupported()) new Notification({ title: 'Enishi', body: strings.reportCopied }).show();
        });
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  async function refreshBadge(): Promise<void> {
    const enabled = preferences.preferences.showDueBadge && engine.isUnlocked;
    let count = 0;
    if (enabled) {
      const coach = await call('getCoach', {});
      count = coach.ok ? coach.value.items.length : 0;
    }
    showDueCount(mainWindow, count, enabled, strings, resourcePath('overlay-due.png'));
  }

  await preferences.load();
  notifications.start();
  const badgeInterval = setInterval(() => void refreshBadge(), 15 * 60_000);

  // Lock after the idle time the user chose, and whenever the machine sleeps or its screen locks.
  const autoLock = new AutoLock({
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    minutes: async () => {
      if (!engine.isUnlocked) return undefined;
      const settings = await call('getSettings', {});
      return settings.ok ? settings.value.autoLockMinutes : undefined;
    },
    lock: () => call('lockVault', {}),
  });
  autoLock.start();
  powerMonitor.on('suspend', () => void call('lockVault', {}));
  powerMonitor.on('lock-screen', () => void call('lockVault', {}));
  // Quit only after the engine has locked the vault: its read-model cache saved, its keys zeroed. The
  // window's place is saved first (it closes only after this), and sync gets five seconds to say goodbye.
  let locking = false;
  app.on('before-quit', (event) => {
    if (locking) return;
    locking = true;
    event.preventDefault();
    autoLock.stop();
    notifications.stop();
    clearInterval(badgeInterval);
    clearTimeout(badgeTimer);
    void (mainWindow ? rememberPlace(mainWindow, preferences) : Promise.resolve())
      .catch(() => undefined)
      .then(() => engine.stop())
      .catch((error: unknown) => log.write('error', `locking at quit failed: ${describeError(error).name}`))
      .finally(() => app.quit());
  });

  hardenSession(session.defaultSession);
  if (devServerUrl) {
    const csp = contentSecurityPolicy({ devServer: rendererOrigin });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  } else {
    serveRenderer(join(import.meta.dirname, '../renderer'));
  }

  bindApi({
    dispatch,
    trustedContents: () => mainWindow?.webContents,
    allowedOrigin: () => rendererOrigin,
  });

  mainWindow = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    preferences,
    ...(process.platform === 'linux' && { icon: resourcePath('icon.png') }),
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    void call('lockVault', {});
  });
}
