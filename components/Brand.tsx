import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';

/** The Followthrough mark, a subtitle and whatever status sits beside it. */
export function Brand({ subtitle, children }: { subtitle?: string; children?: ReactNode }) {
  return (
    <header className="brand">
      <span className="brand-mark" aria-hidden="true" />
      <strong>{t('brand_followthrough')}</strong>
      {subtitle && <span className="muted">{subtitle}</span>}
      {children && <span className="brand-end">{children}</span>}
    </header>
  );
}
