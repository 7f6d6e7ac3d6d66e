/** Composition root: wires the vault service, the IPC binding, the protocol and the window. */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, Notification, powerMonitor, session } from 'electron';
import kdfWorkerPath from '../node/vault/kdf-worker.ts?modulePath';
import { contentSecurityPolicy } from '../../shared/security/csp.ts';
import type { CoachView } from '../../shared/vault/insight-queries.ts';
import { createDispatcher, type Handlers } from '../node/api/dispatch.ts';
import { backupHandlers, interopHandlers, syncHandlers, vaultHandlers } from '../node/api/handlers.ts';
import { ImportService } from '../node/interop/import-service.ts';
import { ExportService } from '../node/interop/export-service.ts';
import { BackupService } from '../node/backup/backup-service.ts';
import { mdnsDiscovery } from '../node/sync/discovery.ts';
import { SyncService } from '../node/sync/sync-service.ts';
import { NotificationScheduler } from '../node/notifications/scheduler.ts';
import { AutoLock } from '../node/vault/auto-lock.ts';
import { workerKdf } from '../node/vault/kdf.ts';
import { VaultService } from '../node/vault/vault-service.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { bindApi, sendEvent } from './ipc.ts';
import { APP_ORIGIN } from './renderer-files.ts';
import { hardenAllWebContents, hardenSession } from './security.ts';
import { mainWindowOptions, originOf } from './window-options.ts';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const rendererOrigin = (devServerUrl && originOf(devServerUrl)) || APP_ORIGIN;

registerAppScheme();
hardenAllWebContents();

let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start(): void {
  const dataDir = process.env.ENISHI_DATA_DIR || app.getPath('userData');
  // Desktop notifications for what is due: names and kinds of reason only (shared/insights/notifications.ts).
  // Its callbacks reach the vault declared below; they run only once everything is set up.
  const notifications = new NotificationScheduler({
    clock: Date.now,
    settings: async () => {
      if (!vault.isUnlocked) return undefined;
      const settings = await vault.settings();
      return settings.ok ? settings.value : undefined;
    },
    due: async () => {
      const coach = await dispatch('getCoach', {});
      return coach.ok ? (coach.value as CoachView).items.map((item) => ({ name: item.person.name, reasons: item.reasons })) : [];
    },
    language: () => (app.getLocale().startsWith('ja') ? 'ja' : 'en'),
    show: (notice) => {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', () => {
        mainWindow?.show();
        mainWindow?.focus();
      });
      shown.show();
    },
  });
  const vault = new VaultService({
    dataDir,
    kdf: workerKdf(kdfWorkerPath),
    emit: (event, payload) => {
      sendEvent(mainWindow?.webContents, event, payload);
      // Check what is due right after an unlock; forget what was announced when the vault locks.
      if (event === 'vaultStatusChanged') {
        if ((payload as { state: string }).state === 'unlocked') void notifications.tick();
        else notifications.reset();
      }
    },
  });
  // Sync with the user's other devices while the vault is unlocked (docs/sync.md).
  const sync = new SyncService({ vault, defaultDeviceName: hostname().replace(/\.local$/, '') || 'Enishi', discovery: mdnsDiscovery(), emit: (event, payload) => sendEvent(mainWindow?.webContents, event, payload) });
  const backups = new BackupService({ vault, kdf: workerKdf(kdfWorkerPath), defaultFolder: app.getPath('documents'), emit: (event, payload) => sendEvent(mainWindow?.webContents, event, payload) });
  const handlers: Handlers = { ...vaultHandlers(vault), ...syncHandlers(sync), ...backupHandlers(backups), ...interopHandlers(new ImportService({ vault }), new ExportService({ vault })) };
  backups.startSchedule();
  const dispatch = createDispatcher(handlers, {
    onInternalError: (method, error) => console.error(`Enishi: ${method} failed:`, error instanceof Error ? error.name : 'unknown error'),
  });

  notifications.start();

  // Lock after the idle time the user chose, and whenever the machine sleeps or its screen locks.
  const autoLock = new AutoLock({
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    minutes: async () => {
      if (!vault.isUnlocked) return undefined;
      const settings = await vault.settings();
      return settings.ok ? settings.value.autoLockMinutes : undefined;
    },
    lock: () => vault.lock(),
  });
  autoLock.start();
  powerMonitor.on('suspend', () => void vault.lock());
  powerMonitor.on('lock-screen', () => void vault.lock());
  // Quit only after the vault is locked: its read-model cache saved, its keys zeroed.
  let locking = false;
  app.on('before-quit', (event) => {
    if (locking) return;
    locking = true;
    event.preventDefault();
    autoLock.stop();
    notifications.stop();
    backups.stopScheduleTimer();
    void sync
      .stop()
      .then(() => vault.lock())
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

  mainWindow = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    void vault.lock();
  });
  void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}
