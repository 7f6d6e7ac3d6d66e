/**
 * The main window's options and the rules for who may talk to the API. Kept free of `electron`
 * imports (types only) so they are unit-tested without the binary.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE, type Placement } from './window-state.ts';

export interface WindowLook {
  readonly placement?: Placement;
  readonly icon?: string;
  /** Paint the window in the page's own background colour before it loads (renderer/src/styles.css). */
  readonly dark?: boolean;
}

export function mainWindowOptions(preloadPath: string, look: WindowLook = {}): BrowserWindowConstructorOptions {
  const { maximized: _maximized, ...bounds } = look.placement ?? { ...DEFAULT_SIZE, maximized: false };
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Enishi',
    backgroundColor: look.dark ? '#161514' : '#f6f4f1',
    ...(look.icon && { icon: look.icon }),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click on a link would open a new window: refused anyway, and never offered.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

export interface SenderFacts {
  /** The frame that sent the message is the main frame of our one window. */
  readonly isOurMainFrame: boolean;
  /** The URL of that frame, if Electron still knows it. */
  readonly frameUrl: string | undefined;
}

/** scheme://host[:port]. (Node's URL.origin is "null" for custom schemes such as app://.) */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

/** An IPC call is answered only from our own window's top frame, showing our own origin. */
export function isTrustedSender(facts: SenderFacts, allowedOrigin: string): boolean {
  return facts.isOurMainFrame && facts.frameUrl !== undefined && originOf(facts.frameUrl) === allowedOrigin;
}

/** In-app navigation never leaves the page; links to elsewhere go to the browser only after a confirmation (external-link-dialog.ts). */
export function isAllowedNavigation(targetUrl: string, currentUrl: string): boolean {
  const targetOrigin = originOf(targetUrl);
  if (!targetOrigin || targetOrigin !== originOf(currentUrl)) return false;
  return new URL(targetUrl).pathname === new URL(currentUrl).pathname;
}

/**
 * The one permission the renderer gets: writing text to the clipboard ("copy" on an introduction
 * draft). Reading the clipboard, media, notifications from the page, geolocation … are all refused.
 */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
