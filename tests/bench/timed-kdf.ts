import type { Kdf } from '../../electron/node/vault/kdf.ts';

/** A KDF that adds the time it spends to `spent`, so benchmarks can leave Argon2id out of their figures. */
export function timedKdf(inner: Kdf, spent: { ms: number }): Kdf {
  return {
    async derive(passphrase, params) {
      const started = performance.now();
      try {
        return await inner.derive(passphrase, params);
      } finally {
        spent.ms += performance.now() - started;
      }
    },
  };
}
