import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf } from '../../electron/node/vault/kdf.ts';

/** The real Argon2id worker at a cost low enough for unit tests. The app never uses these numbers. */
export const TEST_KDF_POLICY = {
  cost: { opsLimit: 1, memLimit: 8 * 1024 * 1024 },
  floor: { opsLimit: 1, memLimit: 8 * 1024 * 1024 },
} as const;

export const testKdf = workerKdf(kdfWorkerSourceUrl);
