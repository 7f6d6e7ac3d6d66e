/**
 * Codes people read and type (device codes, pairing codes): upper-case Crockford base32 with a
 * mod-37 check character, so any one mistyped or misread character is caught.
 */
export const CODE_DIGITS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the 32 digits and five more, for a value mod 37. */
const CHECK_SYMBOLS = `${CODE_DIGITS}*~$=U`;

export function checkSymbol(digits: string): string {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 32 + CODE_DIGITS.indexOf(digit)) % 37;
  return CHECK_SYMBOLS[remainder]!;
}

/** A code as typed: any case, with or without dashes and spaces, O for 0 and I/L for 1. */
export function normalizeTyped(text: string): string {
  return text
    .toUpperCase()
    .replace(/[-\s]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Digits followed by their check symbol, as typed (after normalizeTyped). */
export const CHECKED_CODE = /^[0-9A-HJKMNP-TV-Z]+[0-9A-HJKMNP-TV-Z*~$=U]$/;

/** Whether the last character is the check symbol of the rest. */
export function checks(code: string): boolean {
  return CHECKED_CODE.test(code) && checkSymbol(code.slice(0, -1)) === code.at(-1);
}
