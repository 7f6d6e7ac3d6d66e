/**
 * The renderer's Content-Security-Policy. Nothing inline, nothing remote: scripts, styles, images
 * and fonts come from the app's own origin, and the renderer may connect nowhere (it talks to the
 * vault through the preload). The test harness allows `connect-src 'self'` for its loopback bridge.
 */
export interface CspOptions {
  readonly connectSrc?: readonly string[];
  /** Vite's dev server needs its HMR socket and the React refresh preamble (development only). */
  readonly devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer;
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': dev ? [dev, dev.replace(/^http/, 'ws')] : (options.connectSrc ?? ["'none'"]),
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'worker-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
