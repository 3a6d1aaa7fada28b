import type { PanelContext } from '@/lib/messages';
import { CRM_LABELS } from '@/lib/crm/connectors/types';
import { t } from '@/lib/i18n';

type RecordContext = Extract<PanelContext, { kind: 'record' }>;

/** The CRM record open in the tab, as its page showed it. */
export function RecordSummary({ record }: { record: RecordContext['record'] }) {
  return (
    <section aria-labelledby="record-name" data-testid="crm-record">
      <h1 id="record-name" className="wrap" data-testid="record-name">
        {record.name || record.email || t('recordSummary_this_record')}
      </h1>
      <p className="muted wrap">
        {CRM_LABELS[record.crm]} {record.recordType}
        {record.email ? ` · ${record.email}` : ''}
      </p>
    </section>
  );
}
