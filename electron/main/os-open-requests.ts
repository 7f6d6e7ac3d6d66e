/**
 * What the OS asks the app to open: `enishi://pair/…` links and `.enishi-backup` files, whether the
 * app was already running (macOS open-url / open-file, Windows and Linux second-instance) or was
 * started for it (argv). Each is read strictly (shared/desktop/open-request.ts) and only fills in a
 * form in the window; nothing is acted on without the user.
 */
import { resolve } from 'node:path';
import { app } from 'electron';
import type { OpenRequest } from '../../shared/domain/desktop.ts';
import { openRequestFromArgs, openRequestFromFile, openRequestFromUrl } from '../../shared/desktop/open-request.ts';

export const PROTOCOL_SCHEME = 'enishi';

/** Must run before the app is ready: macOS delivers the launching file or link with will-finish-launching. */
export function listenForOpenRequests(offer: (request: OpenRequest) => void, focus: () => void): void {
  const take = (request: OpenRequest | undefined) => {
    if (!request) return;
    offer(request);
    focus();
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(openRequestFromUrl(url));
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    take(openRequestFromFile(path));
  });
  app.on('second-instance', (_event, argv) => take(openRequestFromArgs(argv.slice(1))));
  const atLaunch = openRequestFromArgs(process.argv.slice(app.isPackaged ? 1 : 2));
  if (atLaunch) offer(atLaunch);

  // Installers register the scheme on macOS and Linux (electron-builder.json); Windows learns it here.
  if (app.isPackaged) app.setAsDefaultProtocolClient(PROTOCOL_SCHEME);
  else if (process.env.ENISHI_REGISTER_PROTOCOL === '1' && process.argv[1]) app.setAsDefaultProtocolClient(PROTOCOL_SCHEME, process.execPath, [resolve(process.argv[1])]);
}
