/**
 * Padding of what the vault encrypts, so a file's size does not say how much was written (format
 * 2.0, docs/vault-format.md). Lengths are rounded up with Padmé (Nikitin et al., "Reducing Metadata
 * Leakage from Encrypted Files and Communication with PURBs", PETS 2019): a length of L is rounded to
 * a multiple of 2^(E − ⌊log2 E⌋ − 1), E = ⌊log2 L⌋, so the size reveals O(log log L) bits and costs at
 * most about 12 % more. Below a floor, everything has the floor's size. The padding itself is
 * ISO/IEC 7816-4: one 0x80 byte, then zeros.
 */

const MARK = 0x80;

/** The length a plaintext of `length` bytes (the 0x80 mark included) is padded to. */
export function paddedLength(length: number, floor: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`cannot pad a length of ${length}`);
  if (length <= floor) return floor;
  const exponent = Math.floor(Math.log2(length));
  const zeroBits = exponent - Math.floor(Math.log2(exponent)) - 1;
  const step = 2 ** zeroBits;
  return Math.ceil(length / step) * step;
}

/** The plaintext, 0x80 and zeros up to its size class. */
export function pad(plaintext: Uint8Array, floor: number): Uint8Array {
  const padded = new Uint8Array(paddedLength(plaintext.length + 1, floor));
  padded.set(plaintext);
  padded[plaintext.length] = MARK;
  return padded;
}

/** The plaintext inside a padded buffer, or undefined when the padding is not what `pad` writes. */
export function unpad(padded: Uint8Array): Uint8Array | undefined {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== MARK) return undefined;
  return padded.subarray(0, end);
}
