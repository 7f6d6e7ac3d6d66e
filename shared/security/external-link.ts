/**
 * Which addresses may leave the app for the user's browser: http and https only, never with
 * credentials in them, never our own scheme or any other, and not absurdly long. The renderer shows
 * only these as links; the shell opens only these, after the user confirms.
 */
const MAX_URL_LENGTH = 2048;

/** The URL to hand to the OS browser, or undefined when the link must not leave the app. */
export function externalLinkTarget(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password || !parsed.hostname) return undefined;
  return parsed.href;
}
