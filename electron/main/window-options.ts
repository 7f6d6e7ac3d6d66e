/**
 * The main window's options and the rules for who may talk to the API. Kept free of `electron`
 * imports (types only) so they are unit-tested without the binary.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Enishi',
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

/** In-app navigation never leaves the page: links to elsewhere are refused (issue 8 adds confirmed external links). */
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
