/**
 * Renders resources/icon.svg into the icons packaging needs, with Chromium (Playwright):
 *   resources/icon.png (1024), resources/icons/NxN.png (Linux), resources/icon.ico, resources/icon.icns,
 *   resources/overlay-due.png (+ @2x): the small mark Windows puts over the taskbar button when people are due.
 * Run after changing the SVG:  node --experimental-strip-types scripts/packaging/make-icons.ts
 * The outputs are committed: packaging must not need a browser.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { icnsFromPngs, icoFromPngs, type SizedPng } from './icon-formats.ts';

const resources = resolve(import.meta.dirname, '../../resources');
const OVERLAY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#d64545" stroke="#fff" stroke-width="1.5"/></svg>';

const executablePath = process.env.ENISHI_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ ...(executablePath && { executablePath }), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const render = async (svg: string, size: number): Promise<Uint8Array> => {
    await page.setViewportSize({ width: size, height: size });
    const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${url}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    return new Uint8Array(await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  };

  const svg = await readFile(join(resources, 'icon.svg'), 'utf8');
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const images: SizedPng[] = [];
  for (const size of sizes) images.push({ size, png: await render(svg, size) });
  const of = (size: number) => images.find((image) => image.size === size)!;

  await writeFile(join(resources, 'icon.png'), of(1024).png);
  await mkdir(join(resources, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 64, 128, 256, 512]) await writeFile(join(resources, 'icons', `${size}x${size}.png`), of(size).png);
  await writeFile(join(resources, 'icon.ico'), icoFromPngs([16, 24, 32, 48, 64, 128, 256].map(of)));
  await writeFile(join(resources, 'icon.icns'), icnsFromPngs(images));
  await writeFile(join(resources, 'overlay-due.png'), await render(OVERLAY_SVG, 16));
  await writeFile(join(resources, 'overlay-due@2x.png'), await render(OVERLAY_SVG, 32));
  console.log(`icons written to ${resources}`);
} finally {
  await browser.close();
}
