/** The API contract is the single source of every channel name. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { api, eventChannel, eventNames, events, methodChannel, methodNames } from '../../shared/api/contract.ts';

const SOURCE_DIRS = ['shared', 'electron', 'renderer/src', 'tests'];

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|tsx)$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files;
}

describe('the API contract', () => {
  test('every method and event gets its own channel', () => {
    const channels = [...methodNames.map(methodChannel), ...eventNames.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(methodNames).toEqual(Object.keys(api));
    expect(eventNames).toEqual(Object.keys(events));
  });

  test('no channel string is written anywhere but the contract', async () => {
    const spelled: string[] = [];
    for (const file of await sourceFiles()) {
      if (file.endsWith('contract.test.ts')) continue;
      const text = await readFile(file, 'utf8');
      // Channel names look like "enishi:call:…"; the app's link scheme ("enishi://…") is something else.
      const literals = text.match(/['"`]enishi:(?!\/\/)[^'"`\s]*['"`]/g) ?? [];
      for (const literal of literals) spelled.push(`${file}: ${literal}`);
    }
    expect(spelled).toEqual(['shared/api/contract.ts: `enishi:call:${method}`', 'shared/api/contract.ts: `enishi:event:${event}`']);
  });

  test('no method name is spelled as a string outside the contract and its handler map', async () => {
    for (const file of await sourceFiles()) {
      if (file.endsWith('.test.ts') || file.endsWith('.spec.ts') || file.endsWith('contract.ts')) continue;
      const text = await readFile(file, 'utf8');
      for (const method of methodNames) {
        // Calls like useApiQuery('listContacts') are typed against the contract, so a typo cannot compile;
        // what must not exist is a hand-written channel or invoke of a method name.
        expect(text, `${file} invokes ${method} by hand`).not.toMatch(new RegExp(`invoke\\(['"\`]${method}`));
      }
    }
  });
});
