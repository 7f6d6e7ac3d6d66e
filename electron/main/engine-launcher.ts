/**
 * Starts the vault engine as an Electron utilityProcess: a Node process of its own, without
 * Electron's window APIs, so Automerge work never stalls the window's menus, IPC or painting.
 */
import { utilityProcess } from 'electron';
import type { EngineLauncher } from '../node/engine/engine-client.ts';
import type { EngineMessage, ShellMessage } from '../node/engine/engine-messages.ts';

export function utilityEngine(entry: string): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Enishi engine', stdio: 'inherit' });
    // Messages wait until the process exists.
    let queued: ShellMessage[] | undefined = [];
    child.once('spawn', () => {
      for (const message of queued ?? []) child.postMessage(message);
      queued = undefined;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => (queued ? queued.push(message) : child.postMessage(message)),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as EngineMessage)),
      onExit: (listener) => child.once('exit', (code: number) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
