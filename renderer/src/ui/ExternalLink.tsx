import { externalLinkTarget } from '../../../shared/security/external-link.ts';

/**
 * A web address shown as a link that opens in the user's browser. The window never navigates: the
 * shell asks the user to confirm the address first. What the shell would not open (not http(s),
 * credentials in it) stays plain text: the same rule on both sides.
 */
export function ExternalLink({ href, className }: { readonly href: string; readonly className?: string }) {
  if (!externalLinkTarget(href)) return <span className={className}>{href}</span>;
  return (
    <a className={className} href={href} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  );
}
