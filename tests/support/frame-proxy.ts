/**
 * A TCP proxy on 127.0.0.1 in front of a sync listener, for tests that tamper with what travels:
 * each length-prefixed frame the connecting side sends goes to `onFrame` (numbered from 0 per
 * connection), which passes it on — changed or not — or cuts the connection. The raw bytes the
 * connecting side sent are kept, for replaying, and each connection's bytes both ways, as a
 * recorder on the network would have them.
 */
import { connect, createServer, type AddressInfo } from 'node:net';

/** One connection through the proxy, as it travelled. */
export interface RecordedSession {
  /** What the connecting side sent. */
  readonly sent: Buffer[];
  /** What came back. */
  readonly answered: Buffer[];
}

export interface FrameProxy {
  readonly port: number;
  /** What connecting sides sent, all connections in order. */
  readonly recorded: Buffer[];
  readonly sessions: RecordedSession[];
  readonly close: () => Promise<void>;
}

export async function frameProxy(targetPort: number, onFrame: (frame: Buffer, index: number) => Buffer | 'cut' = (frame) => frame): Promise<FrameProxy> {
  const recorded: Buffer[] = [];
  const sessions: RecordedSession[] = [];
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const session: RecordedSession = { sent: [], answered: [] };
    sessions.push(session);
    let pending = Buffer.alloc(0);
    let index = 0;
    client.on('data', (chunk: Buffer) => {
      recorded.push(chunk);
      session.sent.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32LE(0)) {
        const frame = Buffer.from(pending.subarray(0, 4 + pending.readUInt32LE(0)));
        pending = pending.subarray(frame.length);
        const passed = onFrame(frame, index++);
        if (passed === 'cut') {
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(passed);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      session.answered.push(chunk);
      client.write(chunk);
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    recorded,
    sessions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The frame with its last byte flipped (inside the encrypted part for any frame after the handshake). */
export function flipLastByte(frame: Buffer): Buffer {
  const changed = Buffer.from(frame);
  changed[changed.length - 1]! ^= 1;
  return changed;
}
