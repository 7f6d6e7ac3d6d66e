import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy } from '../../shared/security/csp.ts';
import { APP_ORIGIN, contentTypeFor, rendererFileFor } from './renderer-files.ts';
import { isAllowedNavigation, isPermissionAllowed, isTrustedSender, mainWindowOptions } from './window-options.ts';

describe('the app:// protocol', () => {
  const root = '/opt/enishi/renderer';
  test('maps our URLs onto files inside the renderer folder', () => {
    expect(rendererFileFor(root, `${APP_ORIGIN}/index.html`)).toBe(`${root}/index.html`);
    expect(rendererFileFor(root, `${APP_ORIGIN}/`)).toBe(`${root}/index.html`);
    expect(rendererFileFor(root, `${APP_ORIGIN}/assets/index-abc.js?v=1`)).toBe(`${root}/assets/index-abc.js`);
  });

  test('never resolves outside the renderer folder, however the path is spelled', () => {
    for (const url of [
      `${APP_ORIGIN}/../../etc/passwd`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2f..%2fsecret`,
      `${APP_ORIGIN}/assets/..%5c..%5csecret`,
    ]) {
      const file = rendererFileFor(root, url);
      expect(file === undefined || file.startsWith(`${root}/`), `${url} → ${file}`).toBe(true);
    }
    expect(rendererFileFor(root, `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret`)).toBeUndefined();
  });

  test('refuses NUL bytes, malformed escapes, other hosts and other schemes', () => {
    for (const url of [
      `${APP_ORIGIN}/a%00.js`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(rendererFileFor(root, url), url).toBeUndefined();
    }
  });

  test('serves scripts and styles with their types', () => {
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('the window', () => {
  test('is isolated, sandboxed and has no Node', () => {
    const prefs = mainWindowOptions('/p/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(prefs.preload).toBe('/p/preload.cjs');
  });

  test('answers IPC only from our main frame at our origin', () => {
    expect(isTrustedSender({ isOurMainFrame: true, frameUrl: `${APP_ORIGIN}/index.html` }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ isOurMainFrame: false, frameUrl: `${APP_ORIGIN}/index.html` }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ isOurMainFrame: true, frameUrl: 'https://evil.example/' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ isOurMainFrame: true, frameUrl: 'app://enishi.evil/index.html' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ isOurMainFrame: true, frameUrl: undefined }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ isOurMainFrame: true, frameUrl: 'http://localhost:5173/' }, 'http://localhost:5173')).toBe(true);
  });

  test('never navigates away from the page', () => {
    const here = `${APP_ORIGIN}/index.html`;
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#contacts`, here)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', here)).toBe(false);
    expect(isAllowedNavigation(`${APP_ORIGIN}/other.html`, here)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', here)).toBe(false);
  });
});

describe('the content security policy', () => {
  test('allows nothing inline, remote or eval in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('permissions', () => {
  test('only writing to the clipboard is allowed', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen', 'display-capture', 'unknown']) expect(isPermissionAllowed(permission), permission).toBe(false);
  });
});
