/**
 * The worker's TypeScript source, for Node running it directly (unit tests, the e2e bridge,
 * benchmarks). The app never imports this: it gets the bundled chunk's path from electron-vite.
 */
export const kdfWorkerSourceUrl = new URL('./kdf-worker.ts', import.meta.url);
