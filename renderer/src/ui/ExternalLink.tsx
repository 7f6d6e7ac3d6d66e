/**
 * A web address shown as a link that opens in the user's browser. The window never navigates: the
 * shell asks the user to confirm the address first (electron/main/external-links.ts). Anything that
 * is not an http(s) address stays plain text.
 */
function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function ExternalLink({ href, className }: { readonly href: string; readonly className?: string }) {
  if (!isWebAddress(href)) return <span className={className}>{href}</span>;
  return (
    <a className={className} href={href} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  );
}
