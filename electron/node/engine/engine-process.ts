/**
 * The engine process's entry. In the app it runs as an Electron utilityProcess (its link to the
 * shell is `process.parentPort`); under Node — the test bridge, the engine tests, the benchmarks —
 * as a child process forked with an IPC channel. It waits for `start`, then answers calls in the
 * order they come (the vault service orders its own work), and exits after `stop`.
 *
 * An exception nothing caught leaves the engine in a state nobody knows: it logs the error's class
 * and exits, and the shell starts a fresh one (everything acknowledged is already on disk).
 */
import { describeError } from '../log/crash-report.ts';
import { createEngine, type Engine } from './engine.ts';
import type { EngineMessage, ShellLink, ShellMessage } from './engine-messages.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function shellLink(): ShellLink {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return { send: (message) => parentPort.postMessage(message), onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ShellMessage)) };
  }
  if (process.send) {
    const send = process.send.bind(process);
    process.on('disconnect', () => process.exit(0)); // the shell is gone: nobody is left to answer
    return { send: (message) => void send(message), onMessage: (listener) => process.on('message', (message) => listener(message as ShellMessage)) };
  }
  throw new Error('the engine runs as a utility or child process, with a link to its shell');
}

const link = shellLink();
const post = (message: EngineMessage) => link.send(message);
let engine: Engine | undefined;

function die(kind: string, error: unknown): void {
  post({ type: 'log', level: 'error', text: `engine ${kind}: ${describeError(error).name}` });
  // Let the log line leave before the process does.
  setTimeout(() => process.exit(70), 50);
}
process.on('uncaughtException', (error) => die('error', error));
process.on('unhandledRejection', (error) => die('rejection', error));

link.onMessage((message) => {
  switch (message.type) {
    case 'start':
      if (engine) return;
      engine = createEngine(message.config, {
        emit: (event, payload) => post({ type: 'event', event, payload }),
        log: (level, text) => post({ type: 'log', level, text }),
      });
      post({ type: 'ready' });
      return;
    case 'call':
      if (!engine) return post({ type: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: 'the engine has not started' } } });
      void engine.dispatch(message.method, message.input).then((result) => {
        try {
          post({ type: 'result', id: message.id, result });
        } catch (error) {
          // A result that cannot be cloned is a bug in a handler; the caller still gets an answer.
          post({ type: 'log', level: 'error', text: `${message.method} result not sendable: ${describeError(error).name}` });
          post({ type: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: `${message.method} failed unexpectedly` } } });
        }
      });
      return;
    case 'stop':
      void (engine?.stop() ?? Promise.resolve())
        .catch((error: unknown) => post({ type: 'log', level: 'error', text: `engine stop failed: ${describeError(error).name}` }))
        .finally(() => {
          post({ type: 'stopped' });
          setTimeout(() => process.exit(0), 50);
        });
      return;
  }
});
