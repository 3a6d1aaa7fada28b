import { z } from 'zod';
import { CRM_LABELS } from '../../crm/connectors/types';
import { defineAction } from './types';
import { words } from '../../words';

/**
 * Queue a logged activity's write to the active remote CRM. The write itself is an outbox row of the CRM
 * sync (keyed by Gmail message id + CRM), retried and deduplicated there; this only hands it over.
 */
export const crmSync = defineAction({
  kind: 'crm.sync',
  label: 'sync to my CRM',
  params: z.object({}),
  triggers: ['activity.logged'],
  external: true,
  async run({ event, settings, ports }) {
    if (event.type !== 'activity.logged') return { result: 'skipped', detail: 'only a logged activity is synced', detailWords: words('audit_sync_only_logged') };
    if (settings.crm === 'local') return { result: 'skipped', detail: 'the local CRM is active: nothing to sync', detailWords: words('audit_sync_local') };
    if (!ports.crm) return { result: 'skipped', detail: 'CRM sync is not running', detailWords: words('audit_sync_not_running') };
    const queued = await ports.crm.queue(event.activityId);
    const label = CRM_LABELS[settings.crm];
    if (queued.queued) return { result: 'ok', detail: `queued for ${label}`, detailWords: words('audit_sync_queued', { crm: label }), threadId: event.threadId };
    return { result: 'skipped', detail: `not sent to ${label}: ${queued.reason ?? 'already queued'}`, detailWords: words('audit_sync_not_sent', { crm: label, reason: queued.words ?? queued.reason ?? words('audit_sync_already_queued') }), threadId: event.threadId };
  },
});
