/**
 * Unexpected errors in the main process (and a window that dies) are logged (class and stack frames,
 * never the message; redacted) and shown to the user once, with a button that copies the report. The vault stays as it was saved:
 * every write is atomic or appended, so quitting here loses nothing already confirmed.
 */
import { app, clipboard, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { crashReport, describeError } from '../node/log/crash-report.ts';
import type { LogFile } from '../node/log/log-file.ts';
import type { DesktopStrings } from './desktop-strings.ts';
import { messageBox } from './message-box.ts';

export interface CrashHandlingOptions {
  readonly log: LogFile;
  readonly strings: () => DesktopStrings;
  readonly window: () => BrowserWindow | undefined;
}

export function reportText(log: LogFile, what: string, error: unknown): string {
  return crashReport({ what, error, appVersion: app.getVersion(), versions: process.versions, platform: process.platform, arch: process.arch, time: Date.now(), logTail: log.tail(20), homeDir: homedir() });
}

export function installCrashHandling(options: CrashHandlingOptions): void {
  let showing = false;
  const handle = (what: string, error: unknown) => {
    const { name, stack } = describeError(error);
    options.log.write('error', `${what}: ${name}\n${stack}`);
    if (showing || !app.isReady()) return;
    showing = true;
    void show(what, error).finally(() => (showing = false));
  };

  const show = async (what: string, error: unknown) => {
    const strings = options.strings();
    const box = { type: 'error' as const, title: strings.crash.title, message: strings.crash.message, detail: strings.crash.detail, buttons: [strings.crash.copy, strings.crash.continue, strings.crash.quit], defaultId: 1, cancelId: 1, noLink: true };
    const parent = options.window();
    const { response } = await messageBox(parent, box);
    if (response === 0) {
      await clipboard.writeText(reportText(options.log, what, error));
      const done = { type: 'info' as const, message: strings.crash.copied, buttons: [strings.crash.continue, strings.crash.quit], defaultId: 0, cancelId: 0, noLink: true };
      const after = await messageBox(parent, done);
      if (after.response === 1) app.quit();
    } else if (response === 2) {
      app.quit();
    }
  };

  process.on('uncaughtException', (error) => handle('main process error', error));
  process.on('unhandledRejection', (reason) => handle('main process promise rejection', reason));
  // A fresh page asks main for everything again (the renderer held no keys and no state of its own),
  // but a page that dies as it loads is not reloaded forever: three times a minute at most.
  const reloads: number[] = [];
  app.on('render-process-gone', (_event, _contents, details) => {
    handle(options.strings().crash.rendererGone, new Error(`renderer ${details.reason} (exit code ${details.exitCode})`));
    const now = Date.now();
    while (reloads.length > 0 && now - reloads[0]! > 60_000) reloads.shift();
    if (details.reason !== 'clean-exit' && reloads.length < 3) {
      reloads.push(now);
      options.window()?.reload();
    }
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') options.log.write('warn', `${details.type} process ${details.reason} (exit code ${details.exitCode})`);
  });
}
