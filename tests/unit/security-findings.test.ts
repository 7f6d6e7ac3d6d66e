import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareFindings, justifiedFindings, type Finding } from '../../scripts/security-findings.ts';

const finding = (check: string, file: string): Finding => ({ check, file, line: 1, severity: 'MEDIUM', confidence: 'FIRM', description: '' });

describe('electronegativity findings against docs/security.md', () => {
  test('reads the justification table, one line per check and file', async () => {
    const justified = justifiedFindings(await readFile(resolve(import.meta.dirname, '../../docs/security.md'), 'utf8'));
    expect(justified.map((entry) => entry.check)).toContain('SANDBOX_JS_CHECK');
    for (const entry of justified) expect(entry.reason.length, `${entry.check} ${entry.file}`).toBeGreaterThan(20);
  });

  test('a second finding of a justified check in the same file needs a row of its own', () => {
    const justified = justifiedFindings('| `OPEN_EXTERNAL_JS_CHECK` | `electron/main/external-link-dialog.ts` | the one call, confirmed first |');
    const one = finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/external-link-dialog.ts');
    expect(compareFindings([one], justified)).toEqual({ unjustified: [], stale: [] });
    expect(compareFindings([one, { ...one, line: 40 }], justified).unjustified).toEqual([{ ...one, line: 40 }]);
  });

  test('a new finding is unjustified, and a justification with no finding is stale', () => {
    const justified = justifiedFindings('| Check | File | Why |\n|---|---|---|\n| `SANDBOX_JS_CHECK` | `electron/main/main-window.ts` | set in mainWindowOptions() |\n| `OPEN_EXTERNAL_JS_CHECK` | `electron/main/old.ts` | the one call, confirmed first |');
    const { unjustified, stale } = compareFindings([finding('SANDBOX_JS_CHECK', 'electron/main/main-window.ts'), finding('NODE_INTEGRATION_JS_CHECK', 'electron/main/main-window.ts')], justified);
    expect(unjustified.map((entry) => entry.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(stale.map((entry) => entry.file)).toEqual(['electron/main/old.ts']);
  });
});
