/**
 * Runs Doyensec's electronegativity over the app's own code (electron/, shared/, renderer/ and
 * package.json; not tests) and compares what it finds with the justified findings listed in
 * docs/security.md. Fails on any finding that is neither fixed nor justified there, on a
 * justification that no longer matches a finding, and on a file the scanner could not read.
 *
 * The scan runs offline: electronegativity's two network lookups (translations and the list of
 * Electron releases) are replaced by an immediate "offline" answer, and the release check is left
 * out (`npm audit` and Electron upgrades cover known Electron vulnerabilities).
 *   node --experimental-strip-types scripts/security-scan.ts [--list]
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { compareFindings, justifiedFindings, type Finding } from './security-findings.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const fromScanner = createRequire(join(scannerDir, 'package.json'));

const stubModule = (path: string, exports: unknown) => {
  require.cache[path] = { id: path, filename: path, loaded: true, exports } as unknown as NodeJS.Module;
};
const offline = () => Promise.reject(new Error('offline: this scan never uses the network'));
stubModule(fromScanner.resolve('got'), Object.assign(offline, { default: offline }));
// The tool's own set-up fetches translations first; English from its package is all we need.
const i18n = fromScanner('i18n') as { configure(options: object): void; setLocale(locale: string): void };
const englishOnly = () => {
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: join(scannerDir, 'dist/locales'), updateFiles: false, objectNotation: true, register: globalThis });
  i18n.setLocale('en-US');
  return Promise.resolve();
};
stubModule(join(scannerDir, 'dist/locales/i18n.js'), Object.assign(englishOnly, { default: englishOnly }));

interface ScanIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}
type Run = (options: object, forCli: boolean) => Promise<{ issues: ScanIssue[]; errors: { file: string; message: string; tolerable: boolean }[]; globalChecks: number; atomicChecks: number }>;
const run = fromScanner(join(scannerDir, 'dist/runner.js')) as Run;

const stage = await mkdtemp(join(tmpdir(), 'enishi-scan-'));
try {
  const notTests = (source: string) => !/\.test\.tsx?$/.test(source);
  for (const folder of ['electron', 'shared', 'renderer/src']) await cp(join(root, folder), join(stage, folder), { recursive: true, filter: notTests });
  await cp(join(root, 'renderer/index.html'), join(stage, 'renderer/index.html'));
  await cp(join(root, 'package.json'), join(stage, 'package.json'));
  const electronVersion = (JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

  const result = await run({ input: stage, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: electronVersion, isRelative: false, parserPlugins: [] }, false);
  const findings: Finding[] = result.issues.map((issue) => ({
    check: issue.id,
    file: issue.file === 'N/A' ? '(global)' : relative(stage, issue.file).replaceAll('\\', '/'),
    line: issue.location.line,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    description: issue.description,
  }));
  const unreadable = result.errors.filter((error) => !error.tolerable).map((error) => `${relative(stage, error.file)}: ${error.message}`);
  const justified = justifiedFindings(await readFile(join(root, 'docs/security.md'), 'utf8'));
  const { unjustified, stale } = compareFindings(findings, justified);

  if (process.argv.includes('--list')) for (const finding of findings) console.log(`${finding.check}\t${finding.file}:${finding.line}\t${finding.severity}/${finding.confidence}\t${finding.description}`);
  const problems = [
    ...unjustified.map((finding) => `${finding.check} in ${finding.file}:${finding.line} (${finding.severity}) is neither fixed nor justified in docs/security.md: ${finding.description}`),
    ...stale.map((entry) => `docs/security.md justifies ${entry.check} in ${entry.file}, which the scan no longer finds: remove the line`),
    ...unreadable.map((error) => `the scanner could not read ${error}`),
  ];
  if (problems.length > 0) {
    console.error(`security-scan: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`security-scan: electronegativity ran ${result.globalChecks + result.atomicChecks} checks; ${findings.length} finding(s), each justified in docs/security.md`);
  }
} finally {
  await rm(stage, { recursive: true, force: true });
}
