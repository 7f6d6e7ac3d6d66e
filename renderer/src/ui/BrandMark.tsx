/** Two linked rings: 縁, the ties between people. */
export function BrandMark({ size = 40 }: { readonly size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <circle cx="24" cy="32" r="11" fill="none" stroke="var(--on-accent)" strokeWidth="5" />
      <circle cx="40" cy="32" r="11" fill="none" stroke="var(--on-accent)" strokeWidth="5" />
    </svg>
  );
}
