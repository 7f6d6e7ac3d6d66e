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
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void options.preferences.saveWindowBounds({ ...bounds, maximized: window.isMaximized() });
  });
  void window.loadURL(options.url);
  return window;
}
