/**
 * Runs Argon2id off the main thread: it takes ~0.7 s and 256 MiB, and the process that owns the
 * window must stay responsive. One worker per derivation, ended afterwards, so its memory goes.
 */
import { parentPort } from 'node:worker_threads';
import sodium from 'libsodium-wrappers-sumo';

interface KdfRequest {
  readonly passphrase: Uint8Array;
  readonly salt: Uint8Array;
  readonly opsLimit: number;
  readonly memLimit: number;
}

const port = parentPort;
if (!port) throw new Error('kdf-worker must run as a worker thread');

port.once('message', (request: KdfRequest) => {
  void (async () => {
    try {
      await sodium.ready;
      const key = sodium.crypto_pwhash(32, request.passphrase, request.salt, request.opsLimit, request.memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
      sodium.memzero(request.passphrase);
      port.postMessage({ ok: true, key }, [key.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
