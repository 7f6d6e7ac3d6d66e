import { Worker } from 'node:worker_threads';
import type { KdfParams } from '../../../shared/vault-format/container.ts';

/** Derives the key-encryption key from a passphrase. */
export interface Kdf {
  derive(passphrase: string, params: KdfParams): Promise<Uint8Array>;
}

export class KdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KdfError';
  }
}

/**
 * Argon2id in a worker thread. `workerUrl` points at kdf-worker: the TypeScript file when run by
 * Node directly, the bundled chunk in the app (electron-vite's `?modulePath`).
 */
export function workerKdf(workerUrl: URL | string): Kdf {
  return {
    derive(passphrase, params) {
      const secret = new TextEncoder().encode(passphrase);
      return new Promise<Uint8Array>((resolve, reject) => {
        const worker = new Worker(workerUrl);
        const finish = (settle: () => void) => {
          void worker.terminate();
          settle();
        };
        worker.once('message', (reply: { ok: true; key: Uint8Array } | { ok: false; message: string }) => {
          finish(() => (reply.ok ? resolve(reply.key) : reject(new KdfError(reply.message))));
        });
        worker.once('error', (error: Error) => finish(() => reject(new KdfError(error.message))));
        worker.once('exit', (code) => reject(new KdfError(`the key-derivation worker exited (${code})`)));
        worker.postMessage({ passphrase: secret, salt: params.salt, opsLimit: params.opsLimit, memLimit: params.memLimit }, [secret.buffer]);
      });
    },
  };
}
