/**
 * The inspection worker's TypeScript source, for Node running it directly (unit tests, the e2e
 * bridge, benchmarks, the CLI). The app never imports this: it gets the bundled chunk's path from electron-vite.
 */
export const inspectWorkerSourceUrl = new URL('./inspect-worker.ts', import.meta.url);
