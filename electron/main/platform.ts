/** What each operating system lets the app do, decided in one place (no `electron` import). */
import type { DesktopCapabilities } from '../../shared/domain/desktop.ts';

export function desktopCapabilities(platform: NodeJS.Platform): DesktopCapabilities {
  const macOrWindows = platform === 'darwin' || platform === 'win32';
  return {
    // Electron's login items exist on macOS and Windows only; Linux desktops use autostart files the packages do not install.
    openAtLogin: macOrWindows,
    // setContentProtection works on macOS and Windows; Linux compositors ignore it.
    contentProtection: macOrWindows,
    // The dock badge (macOS), the taskbar overlay (Windows), the launcher count (Unity-style Linux desktops).
    badge: true,
  };
}

/** How the due count shows on the app icon: a number (macOS, Linux launchers) or a mark over the taskbar button (Windows). */
export function dueBadge(count: number, enabled: boolean): { count: number; overlay: boolean } {
  const shown = enabled ? Math.max(0, Math.floor(count)) : 0;
  return { count: shown, overlay: shown > 0 };
}
