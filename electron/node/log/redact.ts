/**
 * A last line of defence for what reaches the log file and crash reports. The app logs only
 * method names, error codes and error class names; this strips anything that could still name a
 * person or a secret if a message ever carried it: the user's home folder, email addresses, phone
 * numbers, network addresses, pairing codes, keys and other long hex or base64 runs.
 */
const MAX_LINE = 2000;

const hasDigitAndBothCases = (run: string) => /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
const digitCount = (run: string) => run.replace(/\D/g, '').length;

const RULES: readonly [RegExp, (match: string) => string][] = [
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, () => '<email>'],
  [/\b[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{1,5}){3,}\b/gi, () => '<pairing-code>'],
  [/enishi:\/\/\S+/gi, () => 'enishi://<link>'],
  [/\b[0-9a-f]{16,}\b/gi, () => '<hex>'],
  // Keys and other random bytes in base64; paths and words have no digits or only one case.
  [/[A-Za-z0-9+/_-]{20,}={0,2}/g, (run) => (hasDigitAndBothCases(run) ? '<data>' : run)],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, () => '<address>'],
  [/\b(?:[0-9a-f]{1,4}:){5,7}[0-9a-f]{1,4}\b/gi, () => '<address>'],
  // Phone numbers: ten digits or more, with the usual separators (dates have eight).
  [/\+?\d[\d\s().-]{7,}\d/g, (run) => (digitCount(run) >= 10 ? '<number>' : run)],
];

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with the user's home folder written as `~` and every sensitive-looking run replaced by a placeholder. */
export function redact(text: string, homeDir?: string): string {
  let out = text;
  if (homeDir && homeDir.length > 1) {
    out = out.replace(new RegExp(escapeForRegExp(homeDir), 'g'), '~');
    out = out.replace(new RegExp(escapeForRegExp(homeDir.replaceAll('\\', '/')), 'g'), '~');
  }
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace);
  return out
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line))
    .join('\n');
}
