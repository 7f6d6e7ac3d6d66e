/**
 * A last line of defence for what reaches the log file and crash reports. The app logs only
 * method names, error codes and error class names; this strips anything that could still name a
 * person or a secret if a message ever carried it: the user's home folder, email addresses, phone
 * numbers, network addresses, pairing codes, keys and other long hex or base64 runs.
 */
const MAX_LINE = 2000;

const hasDigitAndBothCases = (run: string) => /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
const digitCount = (run: string) => run.replace(/\D/g, '').length;
const colonCount = (run: string) => run.split(':').length - 1;

const RULES: readonly [RegExp, (match: string) => string][] = [
  [/[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}/gu, () => '<email>'],
  [/enishi:\/\/\S+/gi, () => 'enishi://<link>'],
  // Pairing codes: groups of five with dashes, or the same 25+ Crockford base32 characters run together (with digits).
  [/\b[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{1,5}){3,}\b/gi, () => '<pairing-code>'],
  [/\b[0-9a-f]{16,}\b/gi, () => '<hex>'],
  [/\b[0-9A-HJKMNP-TV-Z]{25,}\b/gi, (run) => (digitCount(run) >= 3 ? '<pairing-code>' : run)],
  // Keys and other random bytes in base64; paths and words have no digits or only one case.
  [/[A-Za-z0-9+/_-]{20,}={0,2}/g, (run) => (hasDigitAndBothCases(run) ? '<data>' : run)],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, () => '<address>'],
  // IPv6, shortened (fe80::1%en0) or in full; a time of day (01:02:03) has neither "::" nor five colons.
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%[\w.]+)?(?![\w:])/gi, (run) => (run.includes('::') || colonCount(run) >= 5 ? '<address>' : run)],
  // Phone numbers: ten digits or more, with the usual separators (dates have eight).
  [/\+?\d[\d\s().-]{7,}\d/g, (run) => (digitCount(run) >= 10 ? '<number>' : run)],
];

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` with the user's home folder written as `~` and every sensitive-looking run replaced by a
 * placeholder. Full-width digits and letters (０９０－…) are folded first (NFKC), and each line is cut
 * at 2,000 characters before any rule runs, so no line can make the rules slow.
 */
export function redact(text: string, homeDir?: string): string {
  let out = text
    .normalize('NFKC')
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line))
    .join('\n');
  if (homeDir && homeDir.length > 1) {
    out = out.replace(new RegExp(escapeForRegExp(homeDir), 'g'), '~');
    out = out.replace(new RegExp(escapeForRegExp(homeDir.replaceAll('\\', '/')), 'g'), '~');
  }
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace);
  return out;
}
