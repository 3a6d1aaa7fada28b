/** The Followthrough mark and a subtitle. */
export function Brand({ subtitle }: { subtitle?: string }) {
  return (
    <header className="brand">
      <span className="brand-mark" aria-hidden="true" />
      <strong>Followthrough</strong>
      {subtitle && <span className="muted">{subtitle}</span>}
    </header>
  );
}
