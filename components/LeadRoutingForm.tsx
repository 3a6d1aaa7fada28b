import { useEffect, useState } from 'react';
import { request, type SendPort } from '@/lib/client';
import { userMessage } from '@/lib/ui/errors';
import { LeadRouting, type Teammate } from '@/lib/settings';
import { t, t as tr, tn } from '@/lib/i18n';
import { CRM_LABELS, RemoteCrmName, type CrmOwner } from '@/lib/crm/connectors/types';
import { sayIssues } from '@/lib/ui/issue-words';

/** Lead routing's settings on the options page: web-form senders, teammates (with their away switch) and round-robin owners. */
export function LeadRoutingForm({ send }: { send: SendPort }) {
  const [routing, setRouting] = useState<LeadRouting | null>(null);
  const [forms, setForms] = useState('');
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [crm, setCrm] = useState<RemoteCrmName | null>(null);
  /** The CRM's users, once the rep asked for them: teammates are picked by the id the CRM's owner field holds. */
  const [owners, setOwners] = useState<CrmOwner[] | null>(null);

  useEffect(() => {
    request(send, 'settings.load', {})
      .then(({ settings }) => {
        const active = RemoteCrmName.safeParse(settings.crm);
        setCrm(active.success ? active.data : null);
        const parsed = LeadRouting.safeParse(settings.leadRouting ?? {});
        const value = parsed.success ? parsed.data : LeadRouting.parse({});
        setRouting(value);
        setForms(value.formSenders.join(', '));
      })
      .catch((e: unknown) => setStatus({ text: userMessage(e), tone: 'error' }));
  }, [send]);

  if (!routing) return <p className="muted">{t('leadRoutingForm_reading_lead_routing')}</p>;
  const setMate = (i: number, patch: Partial<Teammate>) => setRouting({ ...routing, teammates: routing.teammates.map((t, j) => (j === i ? { ...t, ...patch } : t)) });

  const loadOwners = async () => {
    if (!crm) return;
    try {
      const { owners: listed } = await request(send, 'crm.owners', { crm });
      setOwners(listed);
      setStatus({ text: tn('leadRoutingForm_users_to_pick', listed.length, { crm: CRM_LABELS[crm] }), tone: 'info' });
    } catch (e) {
      setStatus({ text: userMessage(e), tone: 'error' });
    }
  };

  const save = async () => {
    const next = { ...routing, formSenders: forms.split(/[\s,;]+/).filter(Boolean) };
    const checked = LeadRouting.safeParse(next);
    if (!checked.success) {
      setStatus({ text: sayIssues(checked.error.issues), tone: 'error' });
      return;
    }
    // With the CRM's users read, an id none of them has would be refused by the CRM at the first lead.
    const unknown = owners && crm ? checked.data.teammates.filter((t) => !owners.some((o) => o.id === t.crmOwnerId)) : [];
    if (unknown.length && crm) {
      setStatus({ text: unknown.map((t) => tr('leadRoutingForm_not_an_owner_id', { name: t.name, id: t.crmOwnerId, crm: CRM_LABELS[crm] })).join('; '), tone: 'error' });
      return;
    }
    try {
      await request(send, 'settings.update', { patch: { leadRouting: checked.data } });
      setRouting(checked.data);
      setStatus({ text: t('leadRoutingForm_saved'), tone: 'info' });
    } catch (e) {
      setStatus({ text: userMessage(e), tone: 'error' });
    }
  };

  return (
    <form
      className="card"
      aria-labelledby="lead-routing-title"
      data-testid="lead-routing"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="lead-routing-title">{t('leadRoutingForm_lead_routing')}</h2>
      <label className="row">
        <input type="checkbox" checked={routing.inbound} onChange={(e) => setRouting({ ...routing, inbound: e.target.checked })} />
        {t('leadRoutingForm_make_a_new_lead_of')}</label>
      <label htmlFor="form-senders">{t('leadRoutingForm_web_form_senders_the_address')}</label>
      <input id="form-senders" type="text" value={forms} placeholder={t('leadRoutingForm_forms_mysite_example')} onChange={(e) => setForms(e.target.value)} />
      <fieldset>
        <legend>{t('leadRoutingForm_teammates_for_teams_on_a')}</legend>
        {routing.teammates.length === 0 && <p className="muted small">{t('leadRoutingForm_no_teammates_yet')}</p>}
        {routing.teammates.map((mate, i) => (
          <div className="row" key={i} data-testid="teammate">
            <input aria-label={t('leadRoutingForm_teammate_i_name', { i: i + 1 })} type="text" value={mate.name} onChange={(e) => setMate(i, { name: e.target.value })} />
            {owners ? (
              <select
                aria-label={crm ? t('leadRoutingForm_teammate_owner_in_crm', { number: i + 1, crm: CRM_LABELS[crm] }) : t('leadRoutingForm_teammate_owner_in_the_crm', { number: i + 1 })}
                value={mate.crmOwnerId}
                onChange={(e) => {
                  const picked = owners.find((o) => o.id === e.target.value);
                  setMate(i, { crmOwnerId: e.target.value, ...(picked && !mate.name ? { name: picked.name } : {}) });
                }}
              >
                <option value="">{t('leadRoutingForm_pick_an_owner')}</option>
                {mate.crmOwnerId && !owners.some((o) => o.id === mate.crmOwnerId) && <option value={mate.crmOwnerId}>{t('leadRoutingForm_crmownerid_not_found', { crmOwnerId: mate.crmOwnerId })}</option>}
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.email ? ` <${o.email}>` : ''} — {o.id}
                  </option>
                ))}
              </select>
            ) : (
              <input aria-label={t('leadRoutingForm_teammate_i_owner_id_in', { i: i + 1 })} type="text" value={mate.crmOwnerId} onChange={(e) => setMate(i, { crmOwnerId: e.target.value })} />
            )}
            <label>
              <input type="checkbox" checked={mate.away} onChange={(e) => setMate(i, { away: e.target.checked })} />{' '}{t('leadRoutingForm_away')}</label>
            <button type="button" aria-label={t('leadRoutingForm_remove_teammate_i', { i: mate.name || i + 1 })} onClick={() => setRouting({ ...routing, teammates: routing.teammates.filter((_, j) => j !== i) })}>
              {t('leadRoutingForm_remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => setRouting({ ...routing, teammates: [...routing.teammates, { name: '', crmOwnerId: '', away: false }] })}>
          {t('leadRoutingForm_add_a_teammate')}</button>
        {crm && !owners && (
          <button type="button" onClick={() => void loadOwners()}>{t('leadRoutingForm_pick_teammates_from_crm', { crm: CRM_LABELS[crm] })}
          </button>
        )}
      </fieldset>
      <label className="row">
        <input type="checkbox" checked={routing.assignOwner} onChange={(e) => setRouting({ ...routing, assignOwner: e.target.checked })} />
        {t('leadRoutingForm_give_each_new_lead_an')}</label>
      <div className="actions">
        <button type="submit" className="primary">
          {t('leadRoutingForm_save_lead_routing')}</button>
      </div>
      {status && (
        <p role="status" className={`notice ${status.tone}`}>
          {status.text}
        </p>
      )}
    </form>
  );
}
