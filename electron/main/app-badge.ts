/** The number of people due this week on the app icon: dock (macOS), launcher (Linux), a mark on the taskbar button (Windows). */
import { app, nativeImage, type BrowserWindow } from 'electron';
import type { DesktopStrings } from './desktop-strings.ts';
import { dueBadge } from './platform.ts';

export function showDueCount(window: BrowserWindow | undefined, count: number, enabled: boolean, strings: DesktopStrings, overlayIcon: string): void {
  const badge = dueBadge(count, enabled);
  if (process.platform === 'win32') {
    if (!window || window.isDestroyed()) return;
    window.setOverlayIcon(badge.overlay ? nativeImage.createFromPath(overlayIcon) : null, badge.overlay ? strings.badge(badge.count) : '');
  } else {
    app.setBadgeCount(badge.count);
  }
}
