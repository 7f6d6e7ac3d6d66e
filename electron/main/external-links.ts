/**
 * How a link out of the app is put to the user before it opens (which links may leave at all is
 * shared/security/external-link.ts, the renderer's rule too). No `electron` import: unit-tested
 * without the binary.
 */
/** What the confirmation shows: the host on its own line (punycode, so look-alike letters show), then the whole address. */
export function linkForConfirmation(target: string): { host: string; address: string } {
  const parsed = new URL(target);
  return { host: parsed.host, address: parsed.href };
}
