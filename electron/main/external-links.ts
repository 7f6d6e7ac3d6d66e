/**
 * Links out of the app (a contact's web page, a source's URL). Only http and https, never with
 * credentials in them, never our own scheme; and only after the user confirms the exact address
 * in a native dialog. No `electron` import: the rules are unit-tested without the binary.
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

/** What the confirmation shows: the host on its own line (punycode, so look-alike letters show), then the whole address. */
export function linkForConfirmation(target: string): { host: string; address: string } {
  const parsed = new URL(target);
  return { host: parsed.host, address: parsed.href };
}
