/**
 * The network as sync meets it: reaching a device by address, this machine's LAN address, and what
 * a failed or refused connection means (for the user's status, and for the log).
 */
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { splitAddress } from '../../../shared/domain/device.ts';
import { ChannelError } from '../../../shared/sync/channel.ts';
import { HandshakeError } from '../../../shared/sync/handshake.ts';
import { ProtocolViolation } from './secure-link.ts';

const CONNECT_TIMEOUT_MS = 5_000;

/** Network failures that mean "not there right now", as opposed to "there, and it said no". */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EADDRNOTAVAIL']);

export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof HandshakeError) return error.reason === 'closed-by-peer' ? 'sync-refused' : 'pairing-refused';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && UNREACHABLE.has(code)) return 'peer-unreachable';
  return 'sync-failed';
}

/**
 * What a refused connection is logged as, or undefined when it is not worth the user's attention:
 * anyone on the network can send a malformed handshake, claim an unknown key or hang up, and a
 * flood of them must not push the real refusals out of the list. Logged: a key this vault knows
 * (a revoked device, or a paired one whose handshake was replayed or forged), a wrong pairing
 * secret while a code is open (few per address: PAIRING_MAX_WRONG_GUESSES), and a proven device's
 * channel that was tampered with or broke the protocol. Without `known`, for connections this device
 * made: every refusal but a hang-up.
 */
export function refusalReason(error: unknown, known?: (key: Uint8Array) => boolean): string | undefined {
  if (error instanceof HandshakeError) {
    // This device connected out: every refusal is about the device it chose to reach.
    if (!known) return error.reason === 'closed-by-peer' ? undefined : error.reason;
    if (error.reason === 'bad-pairing-secret') return error.reason;
    return (error.reason === 'unknown-device' || error.reason === 'bad-signature') && error.claimed && known(error.claimed) ? error.reason : undefined;
  }
  if (error instanceof ChannelError) return 'tampered-frame';
  if (error instanceof ProtocolViolation) return 'protocol-violation';
  return undefined;
}

export function lanAddress(): string {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return '127.0.0.1';
}

export const plainAddress = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '');

export function connect(address: string): Promise<Socket> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve, reject) => {
    // Requests and answers are small and go back and forth: Nagle's algorithm would hold each
    // behind the peer's delayed ACK (40 ms a turn on Linux).
    const socket = connectTcp({ host, port, noDelay: true });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Listens for other devices at `wanted`, or on any free port when that one is taken (another app,
 * or a second copy of Enishi); undefined when this machine cannot listen at all.
 */
export async function listenForDevices(wanted: { readonly host: string; readonly port: number }, onSocket: (socket: Socket) => void): Promise<Server | undefined> {
  const server = createServer({ noDelay: true }, onSocket);
  const bind = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, wanted.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await bind(wanted.port);
  } catch {
    try {
      await bind(0);
    } catch {
      return undefined;
    }
  }
  server.on('error', () => undefined);
  return server;
}
