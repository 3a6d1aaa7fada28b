import { useCallback, useEffect, useState } from 'react';
import { CRM_WEB_ORIGINS } from '@/lib/crm/web-access';
import { CRM_LABELS, type RemoteCrmName } from '@/lib/crm/connectors/types';
import { t } from '@/lib/i18n';
import { userMessage } from '@/lib/ui/errors';

/** browser.permissions for one list of origins at a time. */
export interface HostAccessPort {
  contains(origins: string[]): Promise<boolean>;
  /** Must be the first thing a click does: the browser asks the rep only inside the gesture. */
  request(origins: string[]): Promise<boolean>;
  remove(origins: string[]): Promise<boolean>;
}

/** Record-page detection per CRM web app: each switch is the host permission itself, asked for or given back. */
export function CrmPageAccess({ access }: { access: HostAccessPort }) {
  const [held, setHeld] = useState<Partial<Record<RemoteCrmName, boolean>>>({});
  const [error, setError] = useState<string | null>(null);
  const crms = Object.keys(CRM_WEB_ORIGINS) as RemoteCrmName[];
  const load = useCallback(async () => {
    const entries = await Promise.all(crms.map(async (crm) => [crm, await access.contains(CRM_WEB_ORIGINS[crm])] as const));
    setHeld(Object.fromEntries(entries));
  }, [access]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = (crm: RemoteCrmName, on: boolean) => {
    const asked = on ? access.request(CRM_WEB_ORIGINS[crm]) : access.remove(CRM_WEB_ORIGINS[crm]);
    setHeld((h) => ({ ...h, [crm]: on }));
    void asked
      .then((ok) => setError(ok ? null : on ? t('crmPageAccess_not_allowed', { crm: CRM_LABELS[crm] }) : null))
      .catch((e: unknown) => setError(userMessage(e)))
      .finally(() => void load());
  };

  return (
    <section aria-labelledby="crm-pages-title" data-testid="crm-page-access">
      <h2 id="crm-pages-title">{t('crmPageAccess_crm_record_pages')}</h2>
      <p className="muted">{t('crmPageAccess_when_on_the_side_panel')}</p>
      {crms.map((crm) => (
        <label key={crm} className="switch">
          <input type="checkbox" checked={held[crm] ?? false} onChange={(e) => toggle(crm, e.currentTarget.checked)} />
          <span>
            {CRM_LABELS[crm]} <span className="muted">({CRM_WEB_ORIGINS[crm].join(', ')})</span>
          </span>
        </label>
      ))}
      {error && (
        <p role="alert" className="banner">
          {error}
        </p>
      )}
    </section>
  );
}
