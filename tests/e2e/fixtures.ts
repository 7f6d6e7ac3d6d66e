/**
 * Each test gets its own data folder and its own bridge process (the real engine, in a process of its own), like
 * a fresh install (Actual Budget's desktop e2e fixtures do the same with Electron).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export interface AppHandle {
  readonly url: string;
  readonly dataDir: string;
  /** The vault service's temp folder. */
  readonly tempDir: string;
  readonly language: 'ja' | 'en';
  /** Loads the app and fails the test on any console error or uncaught exception. */
  open(page: Page): Promise<void>;
  /** Saves a screenshot under tests/artifacts/screenshots and attaches it to the report. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Fails the test on any serious or critical accessibility violation (axe-core) in the page as it is. */
  checkA11y(page: Page, view: string): Promise<void>;
  /** What the Electron shell does for the OS: hands the app a pairing link or a backup file to open. */
  osOpens(value: string): Promise<void>;
  /** What the native menu does: sends a command to the window. */
  menu(command: string): Promise<void>;
  /** What the user will pick in the next native file dialog ('' cancels it). */
  willChoosePath(path: string): Promise<void>;
  /** Kills the engine process (SIGKILL), as a crash would. */
  killEngine(): Promise<void>;
}

async function startBridge(dataDir: string, tempDir: string, deviceName: string): Promise<{ url: string; token: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--experimental-strip-types', 'tests/e2e/harness/bridge-server.ts', '--data-dir', dataDir, '--renderer-dir', 'out/renderer', '--device-name', deviceName], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The service's own temp folder, so a test can prove nothing readable lands there either.
    env: { ...process.env, TMPDIR: tempDir, TMP: tempDir, TEMP: tempDir },
  });
  const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ENISHI_BRIDGE_READY (\S+) (\S+)/.exec(output);
      if (match) resolve([match[1]!, match[2]!]);
    });
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code} before it was ready:\n${output}`)));
  });
  return { url, token, process: child };
}

async function shellRequest(bridge: { url: string; token: string }, path: string, value: string): Promise<void> {
  const response = await fetch(new URL(`${path}?value=${encodeURIComponent(value)}`, bridge.url), { method: 'POST', headers: { authorization: `Bearer ${bridge.token}` } });
  expect(response.status, await response.text()).toBe(200);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function languageOf(testInfo: TestInfo): 'ja' | 'en' {
  return testInfo.project.use.locale?.startsWith('ja') ? 'ja' : 'en';
}

/** One bridge (one "device"): its data folder, its service, and the checks every test runs at its end. */
async function startApp(testInfo: TestInfo, deviceName: string, suffix: string): Promise<{ handle: AppHandle; finish: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'enishi-e2e-'));
  const tempDir = await mkdtemp(join(tmpdir(), 'enishi-e2e-tmp-'));
  const bridge = await startBridge(dataDir, tempDir, deviceName);
  const language = languageOf(testInfo);
  const problems: string[] = [];
  const handle: AppHandle = {
    url: bridge.url,
    dataDir,
    tempDir,
    language,
    async open(page) {
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await page.goto(bridge.url);
    },
    async checkA11y(page, view) {
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    },
    async osOpens(value) {
      await shellRequest(bridge, '/__test/open', value);
    },
    async menu(command) {
      await shellRequest(bridge, '/__test/menu', command);
    },
    async willChoosePath(path) {
      await shellRequest(bridge, '/__test/choose', path);
    },
    async killEngine() {
      await shellRequest(bridge, '/__test/kill-engine', '');
    },
    async screenshot(page, name) {
      const dir = join('tests', 'artifacts', 'screenshots');
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${name}${suffix}-${language}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`${name}${suffix}-${language}`, { path, contentType: 'image/png' });
    },
  };
  return {
    handle,
    async finish() {
      // Read before stopping the bridge: its event stream breaking at shutdown is not the page's fault.
      const seen = [...problems];
      await stop(bridge.process);
      await rm(dataDir, { recursive: true, force: true });
      await rm(tempDir, { recursive: true, force: true });
      expect(seen, 'the page logged errors').toEqual([]);
    },
  };
}

export const test = base.extend<{ app: AppHandle; otherApp: AppHandle }>({
  app: async ({}, use, testInfo) => {
    const { handle, finish } = await startApp(testInfo, 'Desktop', '');
    await use(handle);
    await finish();
  },
  /** A second device, for pairing and sync: its own bridge, folder and sync listener on 127.0.0.1. */
  otherApp: async ({}, use, testInfo) => {
    const { handle, finish } = await startApp(testInfo, 'Laptop', '-other');
    await use(handle);
    await finish();
  },
});

export { expect };
