/**
 * Test-only stand-in for Electron's main process (DESIGN.md §7): serves the built renderer on
 * 127.0.0.1 and answers the same API contract over HTTP, with the real engine behind it in a
 * process of its own, as in the app.
 * A page gets `window.enishi` from /__enishi-bridge.js, shaped exactly like the preload's object.
 * Requests need the random per-run token; only loopback, only our Host header.
 *
 *   node tests/e2e/harness/bridge-server.ts --data-dir DIR [--renderer-dir out/renderer] [--port 0] [--device-name NAME]
 *
 * Sync listens on 127.0.0.1 only (a free port), so several bridges on one machine pair and sync as devices.
 *
 * Prints "ENISHI_BRIDGE_READY <url> <token>" once listening. POST /__test/open?value=… and
 * /__test/menu?value=… (with the token) do what the shell does for the OS: open a link or file, pick a menu command;
 * POST /__test/kill-engine kills the engine process as a crash would.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BRIDGE_GLOBAL, eventNames, methodNames, type EventName, type EventPayload } from '../../../shared/api/contract.ts';
import { contentSecurityPolicy } from '../../../shared/security/csp.ts';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../../../electron/node/api/dispatch.ts';
import { desktopHandlers } from '../../../electron/node/api/handlers.ts';
import { DesktopPreferencesStore } from '../../../electron/node/desktop/desktop-preferences.ts';
import { OpenRequests } from '../../../electron/node/desktop/open-requests.ts';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/domain/desktop.ts';
import { openRequestFromArgs } from '../../../shared/desktop/open-request.ts';
import { EngineClient } from '../../../electron/node/engine/engine-client.ts';
import { forkEngine } from '../../../electron/node/engine/fork-engine.ts';
import { kdfWorkerSourceUrl } from '../../../electron/node/vault/kdf-worker-source.ts';
import { inspectWorkerSourceUrl } from '../../../electron/node/backup/inspect-worker-source.ts';
import { APP_ORIGIN, contentTypeFor, rendererFileFor } from '../../../electron/main/renderer-files.ts';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: 'out/renderer' },
    port: { type: 'string', default: '0' },
    'device-name': { type: 'string', default: 'Test device' },
  },
});
if (!args['data-dir']) throw new Error('--data-dir is required');
const rendererDir = resolve(args['renderer-dir']);
const token = randomBytes(32).toString('hex');
const csp = contentSecurityPolicy({ connectSrc: ["'self'"] });
const BRIDGE_SCRIPT = '/__enishi-bridge.js';
const MAX_BODY = 1024 * 1024;

const eventStreams = new Set<ServerResponse>();
function broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
  for (const stream of eventStreams) stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
}

const engine = new EngineClient({
  launch: forkEngine(),
  // Sync on 127.0.0.1 only; backups are suggested into the data folder itself: each test's own.
  config: { dataDir: resolve(args['data-dir']), kdfWorker: fileURLToPath(kdfWorkerSourceUrl), inspectWorker: fileURLToPath(inspectWorkerSourceUrl), defaultDeviceName: args['device-name'], backupFolder: resolve(args['data-dir']), discovery: 'none', listen: { host: '127.0.0.1', port: 0 }, advertisedHost: '127.0.0.1', syncDelayMs: 300 },
  onEvent: broadcast,
  onLog: (level, text) => console.error(`bridge engine ${level}: ${text}`),
});
await engine.start();
// This computer's preferences are stored as in the app; applying them is the shell's job (none here).
const desktop = new DesktopPreferencesStore({ dataDir: resolve(args['data-dir']), capabilities: { openAtLogin: true, contentProtection: true, badge: true }, apply: () => undefined });
await desktop.load();
const openRequests = new OpenRequests(() => broadcast('openRequested', {}));
// The OS's file dialog, as a test drives it: the next answer is set with POST /__test/choose?value=… (empty: cancel).
const chosenPaths: (string | null)[] = [];
const choosePath = () => Promise.resolve(chosenPaths.length > 0 ? chosenPaths.shift()! : null);
const dispatch = createDispatcher(desktopHandlers(desktop, openRequests, choosePath), {
  onInternalError: (method, error) => console.error(`bridge: ${method} failed`, error),
  forward: (method, input) => engine.call(method, input),
});

/** The page-side half: the same shape the preload exposes, speaking HTTP instead of IPC. */
function bridgeScript(): string {
  return `(() => {
  const token = ${JSON.stringify(token)};
  const call = (method) => async (input) => {
    const response = await fetch('/api/' + method, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify(input === undefined ? null : input) });
    return response.json();
  };
  const source = new EventSource('/events?token=' + token);
  const subscribe = (event) => (listener) => {
    const forward = (message) => listener(JSON.parse(message.data));
    source.addEventListener(event, forward);
    return () => source.removeEventListener(event, forward);
  };
  const api = {}; const on = {};
  for (const method of ${JSON.stringify(methodNames)}) api[method] = call(method);
  for (const event of ${JSON.stringify(eventNames)}) on[event] = subscribe(event);
  Object.defineProperty(window, ${JSON.stringify(BRIDGE_GLOBAL)}, { value: Object.freeze({ api: Object.freeze(api), on: Object.freeze(on) }) });
})();`;
}

function authorized(provided: string | undefined): boolean {
  const expected = Buffer.from(token);
  const given = Buffer.from(provided ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function send(response: ServerResponse, status: number, body: string | Uint8Array, contentType: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(request: IncomingMessage, response: ServerResponse, expectedHost: string): Promise<void> {
  if (request.headers.host !== expectedHost) return send(response, 421, 'wrong host', 'text/plain');
  const url = new URL(request.url ?? '/', `http://${expectedHost}`);

  if (request.method === 'POST' && url.pathname.startsWith('/api/')) {
    if (!authorized(request.headers.authorization?.replace(/^Bearer /, ''))) return send(response, 403, 'forbidden', 'text/plain');
    let input: unknown;
    try {
      input = JSON.parse(await readBody(request));
    } catch {
      return send(response, 200, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'body is not JSON' } }), 'application/json');
    }
    const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), input ?? undefined);
    return send(response, 200, JSON.stringify(result), 'application/json');
  }

  if (request.method === 'GET' && url.pathname === '/events') {
    if (!authorized(url.searchParams.get('token') ?? undefined)) return send(response, 403, 'forbidden', 'text/plain');
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    eventStreams.add(response);
    request.on('close', () => eventStreams.delete(response));
    return;
  }

  // What the shell does on the OS's behalf, for tests: open a link or file (as argv or open-url would), pick a menu command.
  if (request.method === 'POST' && url.pathname === '/__test/kill-engine') {
    if (!authorized(request.headers.authorization?.replace(/^Bearer /, ''))) return send(response, 403, 'forbidden', 'text/plain');
    if (engine.pid !== undefined) process.kill(engine.pid, 'SIGKILL');
    return send(response, 200, 'ok', 'text/plain');
  }

  if (request.method === 'POST' && (url.pathname === '/__test/open' || url.pathname === '/__test/menu' || url.pathname === '/__test/choose')) {
    if (!authorized(request.headers.authorization?.replace(/^Bearer /, ''))) return send(response, 403, 'forbidden', 'text/plain');
    const value = url.searchParams.get('value') ?? '';
    if (url.pathname === '/__test/choose') {
      chosenPaths.push(value || null);
      return send(response, 200, 'ok', 'text/plain');
    }
    if (url.pathname === '/__test/menu') {
      if (!(MENU_COMMANDS as readonly string[]).includes(value)) return send(response, 400, 'unknown command', 'text/plain');
      broadcast('menuCommand', { command: value as MenuCommand });
      return send(response, 200, 'ok', 'text/plain');
    }
    const opened = openRequestFromArgs([value]);
    if (!opened) return send(response, 400, 'not a pairing link or backup file', 'text/plain');
    openRequests.offer(opened);
    return send(response, 200, 'ok', 'text/plain');
  }

  if (request.method !== 'GET') return send(response, 405, 'method not allowed', 'text/plain');
  if (url.pathname === BRIDGE_SCRIPT) return send(response, 200, bridgeScript(), 'text/javascript; charset=utf-8');

  const file = rendererFileFor(rendererDir, `${APP_ORIGIN}${url.pathname}`);
  if (!file) return send(response, 404, 'not found', 'text/plain');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return send(response, 404, 'not found', 'text/plain');
  }
  if (file.endsWith('index.html')) {
    const html = body.toString('utf8').replace('<script', `<script src="${BRIDGE_SCRIPT}"></script>\n    <script`);
    return send(response, 200, html, contentTypeFor(file));
  }
  return send(response, 200, body, contentTypeFor(file));
}

const server = createServer((request, response) => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  handle(request, response, `127.0.0.1:${port}`).catch((error: unknown) => {
    console.error('bridge: request failed', error);
    if (!response.headersSent) send(response, 500, 'internal error', 'text/plain');
    else response.end();
  });
});

server.listen(Number(args.port), '127.0.0.1', () => {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  console.log(`ENISHI_BRIDGE_READY http://127.0.0.1:${address.port}/ ${token}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void engine.stop().finally(() => process.exit(0));
  });
}
