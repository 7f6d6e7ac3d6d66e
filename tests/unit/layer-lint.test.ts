/** The layer table of DESIGN.md §2 is enforced by lint: forbidden imports fail, allowed ones pass. */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('forbidden imports fail lint', () => {
  test.each([
    ['shared/domain/ids.ts', "import { readFileSync } from 'node:fs'; void readFileSync;"],
    ['shared/domain/ids.ts', "import { join } from 'path'; void join;"],
    ['shared/domain/ids.ts', "import { app } from 'electron'; void app;"],
    ['shared/domain/ids.ts', "import { useState } from 'react'; void useState;"],
    ['shared/domain/ids.ts', "import { workerKdf } from '../../electron/node/vault/kdf.ts'; void workerKdf;"],
    ['shared/domain/ids.ts', "import { App } from '../../renderer/src/App.tsx'; void App;"],
    ['electron/node/vault/kdf.ts', "import { app } from 'electron'; void app;"],
    ['electron/node/vault/kdf.ts', "import { bindApi } from '../../main/ipc.ts'; void bindApi;"],
    ['electron/main/index.ts', "import { ipcMain } from 'electron'; void ipcMain;"],
    ['electron/main/index.ts', "import { App } from '../../renderer/src/App.tsx'; void App;"],
    ['electron/preload/index.ts', "import { ContactDraftSchema } from '../../shared/domain/contact.ts'; void ContactDraftSchema;"],
    ['electron/preload/index.ts', "import { readFileSync } from 'node:fs'; void readFileSync;"],
    ['renderer/src/App.tsx', "import { ipcRenderer } from 'electron'; void ipcRenderer;"],
    ['renderer/src/App.tsx', "import { VaultService } from '../../electron/node/vault/vault-service.ts'; void VaultService;"],
    ['renderer/src/App.tsx', "import { readFile } from 'node:fs/promises'; void readFile;"],
  ])('%s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });
});

describe('allowed imports pass lint', () => {
  test.each([
    ['shared/domain/ids.ts', "import { z } from 'zod'; void z;"],
    ['electron/node/vault/kdf.ts', "import { readFile } from 'node:fs/promises'; import { ok } from '../../../shared/api/result.ts'; void readFile; void ok;"],
    ['electron/main/ipc.ts', "import { ipcMain } from 'electron'; void ipcMain;"],
    ['electron/main/index.ts', "import { app } from 'electron'; import { VaultService } from '../node/vault/vault-service.ts'; void app; void VaultService;"],
    ['electron/preload/index.ts', "import { ipcRenderer } from 'electron'; import { api } from '../../shared/api/contract.ts'; void ipcRenderer; void api;"],
    ['renderer/src/App.tsx', "import { api } from '../../shared/api/contract.ts'; import { useState } from 'react'; void api; void useState;"],
  ])('%s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
