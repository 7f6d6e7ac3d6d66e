/**
 * Frame times while scrolling the heavy vault's timeline from top to bottom in Chromium, through
 * the e2e bridge (the real renderer and the real vault service). Prints one JSON line.
 *
 *   node --experimental-strip-types tests/bench/scroll.ts [heavy]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
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
const browser = await chromium.launch({ ...(executablePath && { executablePath }), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  await page.goto(url);
  await page.getByRole('textbox').first().fill(BENCH_PASSPHRASE);
  await page.keyboard.press('Enter');
  await page.locator('.contact-row').first().waitFor({ timeout: 60_000 });
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
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  bridge.kill();
  await rm(copy, { recursive: true, force: true });
}
