/** The one window: placed where it was, hidden from screen capture when the user asked, its place remembered. */
import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { DesktopPreferencesStore } from '../node/desktop/desktop-preferences.ts';
import { mainWindowOptions } from './window-options.ts';
import { placeWindow } from './window-state.ts';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly url: string;
  readonly preferences: DesktopPreferencesStore;
  /** The window icon where the OS takes it from the window (Linux). */
  readonly icon?: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = placeWindow(options.preferences.windowBounds, screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow(mainWindowOptions(options.preloadPath, { placement, dark: nativeTheme.shouldUseDarkColors, ...(options.icon && { icon: options.icon }) }));
  window.setContentProtection(options.preferences.preferences.hideFromScreenCapture);
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => void rememberPlace(window, options.preferences));
  // A failed load (aborted by a quit, say) leaves the window as it is; there is nothing to recover.
  window.loadURL(options.url).catch(() => undefined);
  return window;
}

/** Saves where the window is, for the next start; never fails (a place not saved is only a place forgotten). */
export function rememberPlace(window: BrowserWindow, preferences: DesktopPreferencesStore): Promise<void> {
  if (window.isDestroyed()) return Promise.resolve();
  return preferences.saveWindowBounds({ ...window.getNormalBounds(), maximized: window.isMaximized() }).catch(() => undefined);
}
