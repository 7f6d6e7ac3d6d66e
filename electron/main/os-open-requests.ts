/**
 * What the OS asks the app to open: `enishi://pair/…` links and `.enishi-backup` files, whether the
 * app was already running (macOS open-url / open-file, Windows and Linux second-instance) or was
 * started for it (argv). Each is read strictly (shared/desktop/open-request.ts) and only fills in a
 * form in the window; nothing is acted on without the user.
 */
import { isAbsolute, resolve } from 'node:path';
import { app } from 'electron';
import type { OpenRequest } from '../../shared/domain/desktop.ts';
import { openRequestFromArgs, openRequestFromFile, openRequestFromUrl } from '../../shared/desktop/open-request.ts';

export const PROTOCOL_SCHEME = 'enishi';

/** A backup file named relative to where the app was started from (`enishi ./x.enishi-backup`) is made absolute. */
function absoluteFiles(args: readonly string[], workingDirectory: string): string[] {
  return args.map((arg) => (!arg.startsWith('-') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) && !isAbsolute(arg) ? resolve(workingDirectory, arg) : arg));
}

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
  app.on('second-instance', (_event, argv, workingDirectory) => take(openRequestFromArgs(absoluteFiles(argv.slice(1), workingDirectory))));
  const atLaunch = openRequestFromArgs(absoluteFiles(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd()));
  if (atLaunch) offer(atLaunch);

  // Installers declare the scheme (electron-builder.json); a packaged app also claims it at run time,
  // which is what registers it on Windows and refreshes it elsewhere.
  if (app.isPackaged) app.setAsDefaultProtocolClient(PROTOCOL_SCHEME);
  else if (process.env.ENISHI_REGISTER_PROTOCOL === '1' && process.argv[1]) app.setAsDefaultProtocolClient(PROTOCOL_SCHEME, process.execPath, [resolve(process.argv[1])]);
}
