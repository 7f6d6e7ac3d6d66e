#!/usr/bin/env node
// `npx enishi …`: the command-line tool (electron/node/cli), run from its TypeScript source.
if (!process.features.typescript) {
  console.error(`enishi: this Node (${process.version}) cannot run TypeScript; use Node 22.18 or newer (24 recommended).`);
  process.exit(1);
}
await import('../electron/node/cli/main.ts');
