/**
 * The renderer on the heavy vault in Chromium, through the e2e bridge (the real renderer and the
 * real engine): the time from submitting the passphrase to the contact list painted, frame times
 * while scrolling the timeline top to bottom, and the JS heap after 500 navigations across every
 * view against the heap after the first 50 (each after a full collection). Prints one JSON line.
 *
 *   node --experimental-strip-types tests/bench/renderer.ts [heavy]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { readKeyring } from '../../electron/node/vault/keyring-file.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf } from '../../electron/node/vault/kdf.ts';
import { BENCH_PASSPHRASE, benchDir } from './config.ts';
import type { Scale } from './people.ts';

const scale = (process.argv[2] ?? 'heavy') as Scale;
if (!existsSync('out/renderer/index.html')) throw new Error('build the renderer first (npm run build)');
const copy = await mkdtemp(join(tmpdir(), 'enishi-scroll-'));
await cp(benchDir(scale), copy, { recursive: true });
const bridge = spawn(process.execPath, ['--experimental-strip-types', 'tests/e2e/harness/bridge-server.ts', '--data-dir', copy], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  bridge.stdout.on('data', (chunk: Buffer) => {
    const match = /ENISHI_BRIDGE_READY (\S+)/.exec(chunk.toString());
    if (match) resolve(match[1]!);
  });
  bridge.once('exit', (code) => reject(new Error(`bridge exited ${code}`)));
});
const executablePath = process.env.ENISHI_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
/** Argon2id at the vault's cost, timed alone: part of the unlock figure, and not the renderer's. */
async function engineKdfMs(): Promise<number> {
  const header = await readKeyring(await loadSodium(), join(copy, 'vault'));
  if (!header.ok) throw new Error(header.error.message);
  const started = performance.now();
  await workerKdf(kdfWorkerSourceUrl).derive(BENCH_PASSPHRASE, header.value.kdf);
  return performance.now() - started;
}

/**
 * Every view, in turn, 500 times (a contact's page among them), waiting each time for its
 * heading; the JS heap after a full collection at 50 and at 500 says whether views leave anything behind.
 */
async function heapAfterNavigations(page: Page, firstContact: string): Promise<{ navigations: number; at50: number; at500: number; growth: number }> {
  const session = await page.context().newCDPSession(page);
  const routes = ['#coach', '#contacts', firstContact, '#timeline', '#events', '#goals', '#goals/map', '#reciprocity', '#duplicates', '#devices', '#backup', '#settings'];
  const usedAfterCollection = async () => {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    return ((await session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / (1024 * 1024);
  };
  let at50 = 0;
  for (let n = 1; n <= 500; n++) {
    const route = routes[n % routes.length]!;
    await page.evaluate((hash) => (window.location.hash = hash), route);
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
    if (n === 50) at50 = await usedAfterCollection();
  }
  const at500 = await usedAfterCollection();
  return { navigations: 500, at50, at500, growth: at500 / at50 - 1 };
}

const browser = await chromium.launch({ ...(executablePath && { executablePath }), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  await page.goto(url);
  await page.getByRole('textbox').first().fill(BENCH_PASSPHRASE);
  // Stamped in the page: from the passphrase submitted to the frame that shows the first contact row.
  const unlockToListMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        const painted = () => requestAnimationFrame(() => resolve(performance.now() - started));
        new MutationObserver((_changes, observer) => {
          if (document.querySelector('.contact-row')) {
            observer.disconnect();
            painted();
          }
        }).observe(document.body, { childList: true, subtree: true });
        document.querySelector<HTMLFormElement>('form')!.requestSubmit();
      }),
  );
  await page.locator('.contact-row').first().waitFor({ timeout: 60_000 });
  const kdfMs = await engineKdfMs();
  const firstContact = (await page.locator('.contact-row').first().getAttribute('href')) ?? '#contacts';
  await page.goto(`${url}#timeline`);
  await page.locator('.timeline-item').first().waitFor({ timeout: 60_000 });
  const result = await page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('.virtual-scroller.timeline')!;
    const frames: number[] = [];
    // Fling through the whole timeline: a few screens per frame, as a dragged scrollbar does.
    const step = scroller.clientHeight * 12;
    let last = performance.now();
    await new Promise<void>((resolve) => {
      const tick = (now: number) => {
        frames.push(now - last);
        last = now;
        scroller.scrollTop += step;
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    frames.shift();
    const sorted = [...frames].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { frames: frames.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, height: scroller.scrollHeight };
  });
  const heap = await heapAfterNavigations(page, firstContact);
  console.log(JSON.stringify({ ...result, unlockToListMs, kdfMs, heap }));
} finally {
  await browser.close();
  bridge.kill();
  await rm(copy, { recursive: true, force: true });
}
