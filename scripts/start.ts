/**
 * `npm start`: runs the app in development (electron-vite dev). Electron fetches its binary on
 * first run; where that cannot happen (no route to its download host), say so in one line and
 * exit non-zero instead of printing a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function hasElectronBinary(): boolean {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

if (!hasElectronBinary()) {
  console.log('Enishi: fetching the Electron binary (first run only)…');
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
  if (fetched.status !== 0 || !hasElectronBinary()) {
    console.error(
      'Enishi: no Electron binary here and it could not be downloaded (no route to its release host); run `npx install-electron` on a network that reaches github.com, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45 folder. Tests (`npm test`) do not need it.',
    );
    process.exit(1);
  }
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const app = spawn(process.execPath, [electronVite, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
