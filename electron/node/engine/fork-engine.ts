/**
 * Starts the engine as a Node child process (the test bridge, tests, benchmarks). The app starts it
 * as an Electron utilityProcess instead (electron/main/engine-process-launcher.ts); both speak
 * engine-messages over a structured-clone channel.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineMessage } from './engine-messages.ts';
import type { EngineLauncher } from './engine-client.ts';

/** The engine's TypeScript entry, which Node 24 runs as it is. */
export const engineEntrySource = fileURLToPath(new URL('./engine-process.ts', import.meta.url));

export function forkEngine(entry: string = engineEntrySource): EngineLauncher {
  return () => {
    const child = fork(entry, [], {
      serialization: 'advanced', // structured clone, as utilityProcess and IPC use: bytes stay bytes
      execArgv: ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      pid: child.pid,
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as EngineMessage)),
      onExit: (listener) => {
        let told = false;
        const tell = (code: number | null) => {
          if (told) return;
          told = true;
          listener(code);
        };
        child.once('exit', tell);
        child.once('error', () => tell(null)); // it could not be started at all
      },
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
