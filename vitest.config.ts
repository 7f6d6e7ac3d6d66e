import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts', 'tests/crash/**/*.test.ts', 'tests/security/**/*.test.ts'],
    environment: 'node',
    // Argon2id and Automerge load are CPU-bound; two cores, so two workers.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A poll waits on another process (an engine restarting, a socket closing); on two busy cores that
    // takes longer than vitest's default second.
    expect: { poll: { timeout: 10_000 } },
  },
});
