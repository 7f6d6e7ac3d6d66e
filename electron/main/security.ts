/**
 * Session- and window-wide refusals: no permissions (but clipboard writing), no new windows, no
 * navigation away, no webviews. An http(s) link the user clicks is offered to the browser only
 * after they confirm its address (shared/security/external-link.ts, external-link-dialog.ts).
 */
import { app, type Session, type WebContents } from 'electron';
import { externalLinkTarget } from '../../shared/security/external-link.ts';
import { isAllowedNavigation, isPermissionAllowed } from './window-options.ts';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
}

export interface HardeningOptions {
  /** Asks the user whether to open this (already checked) http(s) address in their browser, and does so if they agree. */
  readonly confirmExternal: (url: string) => void;
}

export function hardenAllWebContents(options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const offerExternal = (url: string) => {
      const target = externalLinkTarget(url);
      if (target) options.confirmExternal(target);
    };
    contents.setWindowOpenHandler(({ url }) => {
      offerExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (isAllowedNavigation(url, contents.getURL())) return;
      event.preventDefault();
      offerExternal(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, contents.getURL())) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
