import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { Settings } from '@/lib/settings';
import type { PopupState, SettingsField } from '@/lib/ui/popup-store';
import { t, weekdayName, weekdayNames } from '@/lib/i18n';
import { AI_PROVIDER_LABELS, sayAiProvider } from './ai-words';

/** Typing settles before a text field is checked and saved (blur and Enter save at once). */
const SETTLE_MS = 450;

const splitList = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** The providers the settings schema accepts, found by asking it: the list follows the schema. */
function aiProviders(): string[] {
  return Object.keys(AI_PROVIDER_LABELS).filter((provider) => {
    const parsed = Settings.shape.ai.safeParse({ provider, endpoint: 'https://ai.example/v1', model: 'm' });
    return parsed.success && (parsed.data as { provider: string }).provider === provider;
  });
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="error" role="alert">
      {error}
    </span>
  ) : null;
}

/** A text box holding a value that is saved once typing settles; what does not validate stays, marked. */
function TextSetting({
  label,
  hint,
  value,
  error,
  multiline,
  onSave,
  placeholder,
  list,
}: {
  label: string;
  hint?: string;
  value: string;
  error?: string;
  multiline?: boolean;
  placeholder?: string;
  list?: string;
  onSave: (text: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastSaved = useRef(value);
  // A value changed elsewhere (Undo, another window) replaces the box unless the rep is typing in it.
  useEffect(() => {
    if (value !== lastSaved.current) {
      lastSaved.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = (t: string) => {
    clearTimeout(timer.current);
    lastSaved.current = t;
    onSave(t);
  };
  const common = {
    id,
    value: text,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
    onChange: (e: { currentTarget: { value: string } }) => {
      const t = e.currentTarget.value;
      setText(t);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => flush(t), SETTLE_MS);
    },
    onBlur: () => text !== lastSaved.current && flush(text),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type="text" list={list} {...common} onKeyDown={(e) => e.key === 'Enter' && flush(text)} />
      )}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** The main settings: each saved as it changes, validated by the settings schema, errors beside the field. */
export function SettingsForm({ store }: { store: StoreApi<PopupState> }) {
  const { settings, errors, change } = useStore(store);
  const zones = useMemo(timeZones, []);
  const providers = useMemo(aiProviders, []);
  const ids = { autoLog: useId(), start: useId(), end: useId(), tz: useId(), zones: useId(), days: useId() };
  if (!settings) return null;
  const save = <F extends SettingsField>(field: F, value: Parameters<PopupState['change']>[1], label: string) =>
    void change(field, value as never, label);
  const wh = settings.workingHours;

  return (
    <form className="settings" aria-label={t('settingsForm_settings')} onSubmit={(e) => e.preventDefault()}>
      <div className="switch">
        <label htmlFor={ids.autoLog}>
          <strong>{t('settingsForm_log_email_automatically')}</strong>
          <span className="hint block">{t('settingsForm_sent_and_received_mail_with')}</span>
        </label>
        <input
          id={ids.autoLog}
          type="checkbox"
          role="switch"
          checked={settings.autoLog}
          onChange={(e) => save('autoLog', e.currentTarget.checked, e.currentTarget.checked ? 'auto-logging turned on' : 'auto-logging turned off')}
        />
      </div>

      <ContactSwitches settings={settings} save={save} />

      <TextSetting
        label={t('settingsForm_your_company_s_domains')}
        hint={t('settingsForm_mail_between_these_is_internal')}
        placeholder={t('settingsForm_acme_com_acme_io')}
        value={settings.ownDomains.join(', ')}
        error={errors.ownDomains}
        onSave={(t) => save('ownDomains', splitList(t), 'own domains changed')}
      />
      <TextSetting
        label={t('settingsForm_never_log')}
        hint={t('settingsForm_addresses_or_whole_domains_one')}
        placeholder={t('settingsForm_ceo_acme_com_lawfirm_example')}
        multiline
        value={settings.neverLog.join('\n')}
        error={errors.neverLog}
        onSave={(t) => save('neverLog', splitList(t), 'never-log list changed')}
      />
      <TextSetting
        label={t('settingsForm_keep_records_for_days')}
        hint={t('settingsForm_events_the_audit_log_sends')}
        placeholder="180"
        value={String(settings.retentionDays)}
        error={errors.retentionDays}
        onSave={(t) => save('retentionDays', t.trim() === '' ? Number.NaN : Number(t.trim()), 'retention changed')}
      />

      <fieldset className="field">
        <legend className="label">{t('settingsForm_working_hours')}</legend>
        <div role="group" aria-label={t('settingsForm_working_days')} className="days">
          {weekdayNames('short').map((d, i) => (
            <label key={d} className="day">
              <input
                type="checkbox"
                aria-label={weekdayName(i)}
                checked={wh.days.includes(i)}
                onChange={(e) => {
                  const days = e.currentTarget.checked ? [...wh.days, i].sort() : wh.days.filter((x) => x !== i);
                  save('workingHours', { ...wh, days }, 'working days changed');
                }}
              />
              <span aria-hidden="true">{d}</span>
            </label>
          ))}
        </div>
        <div className="hours">
          <label htmlFor={ids.start}>{t('settingsForm_from')}</label>
          <input id={ids.start} type="time" value={wh.start} onChange={(e) => save('workingHours', { ...wh, start: e.currentTarget.value }, 'working hours changed')} />
          <label htmlFor={ids.end}>{t('settingsForm_to')}</label>
          <input id={ids.end} type="time" value={wh.end} onChange={(e) => save('workingHours', { ...wh, end: e.currentTarget.value }, 'working hours changed')} />
        </div>
        <TextSetting
          label={t('settingsForm_time_zone')}
          value={wh.timeZone}
          placeholder={t('settingsForm_europe_berlin')}
          list={ids.zones}
          onSave={(t) => save('workingHours', { ...wh, timeZone: t.trim() }, 'time zone changed')}
        />
        <datalist id={ids.zones}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <FieldError id={`${ids.start}-error`} error={errors.workingHours} />
      </fieldset>

      <TextSetting
        label={t('settingsForm_follow_up_cadence_days')}
        hint={t('settingsForm_nudge_after_this_many_days')}
        value={settings.followUp.cadenceDays.join(', ')}
        error={errors.followUp}
        onSave={(t) => save('followUp', { cadenceDays: splitList(t).map((n) => (/^\d+$/.test(n) ? Number(n) : NaN)) }, 'follow-up cadence changed')}
      />

      <AiProviderSetting store={store} providers={providers} />
    </form>
  );
}

/**
 * The AI provider. "None" and the browser's own AI save at once; an OpenAI-compatible endpoint is saved only
 * with the rep's click, which is also when the browser asks them to allow that one address (lib/ai/permissions.ts).
 */
function AiProviderSetting({ store, providers }: { store: StoreApi<PopupState>; providers: string[] }) {
  const { settings, errors, change, saveAiEndpoint } = useStore(store);
  const saved = settings!.ai as { provider: string; endpoint?: string; model?: string };
  const [provider, setProvider] = useState(saved.provider);
  const [endpoint, setEndpoint] = useState(saved.endpoint ?? '');
  const [model, setModel] = useState(saved.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const id = useId();
  useEffect(() => setProvider(saved.provider), [saved.provider]);
  const remote = provider === 'openai-compatible';
  return (
    <div className="field">
      <label htmlFor={`${id}-provider`}>{t('settingsForm_ai_provider')}</label>
      <select
        id={`${id}-provider`}
        value={provider}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setProvider(next);
          if (next !== 'openai-compatible') void change('ai', { ...saved, provider: next } as never, 'AI provider changed');
        }}
      >
        {providers.map((p) => (
          <option key={p} value={p}>
            {sayAiProvider(p)}
          </option>
        ))}
      </select>
      <span className="hint">{t('settingsForm_only_this_provider_is_ever')}</span>
      {remote && (
        <div className="editor">
          <div className="field">
            <label htmlFor={`${id}-endpoint`}>{t('settingsForm_ai_endpoint')}</label>
            <input id={`${id}-endpoint`} type="url" placeholder={t('settingsForm_http_localhost_11434_v1')} value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-model`}>{t('settingsForm_ai_model')}</label>
            <input id={`${id}-model`} type="text" placeholder={t('settingsForm_llama3_1')} value={model} onChange={(e) => setModel(e.currentTarget.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-key`}>{t('settingsForm_api_key_blank_keep_the')}</label>
            <input id={`${id}-key`} type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} />
          </div>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void saveAiEndpoint({ endpoint: endpoint.trim(), model: model.trim(), apiKey: apiKey || undefined }).then((ok) => ok && setApiKey(''))}>
              {t('settingsForm_allow_and_save')}</button>
          </div>
        </div>
      )}
      <FieldError id={`${id}-error`} error={errors.ai} />
    </div>
  );
}

/** Whom mail may be logged to beyond existing local contacts: three separate wishes (settings v3). */
function ContactSwitches({ settings, save }: { settings: NonNullable<PopupState['settings']>; save: <F extends SettingsField>(field: F, value: Parameters<PopupState['change']>[1], label: string) => void }) {
  const ids = { crm: useId(), createCrm: useId(), createLocal: useId() };
  const connected = settings.crm !== 'local';
  const rows = [
    { id: ids.crm, field: 'logToCrmContacts' as const, title: t('settingsForm_log_crm_contacts'), hint: t('settingsForm_log_crm_contacts_hint'), disabled: !connected },
    { id: ids.createCrm, field: 'createCrmContacts' as const, title: t('settingsForm_create_crm_contacts'), hint: t('settingsForm_create_crm_contacts_hint'), disabled: !connected },
    { id: ids.createLocal, field: 'createLocalContacts' as const, title: t('settingsForm_create_local_contacts'), hint: t('settingsForm_create_local_contacts_hint'), disabled: false },
  ];
  return (
    <fieldset className="contact-switches" aria-label={t('settingsForm_contacts')}>
      <legend>{t('settingsForm_contacts')}</legend>
      {rows.map((r) => (
        <div className="switch" key={r.field}>
          <label htmlFor={r.id}>
            <strong>{r.title}</strong>
            <span className="hint block">{r.disabled ? t('settingsForm_connect_a_crm_first') : r.hint}</span>
          </label>
          <input
            id={r.id}
            type="checkbox"
            role="switch"
            checked={settings[r.field]}
            disabled={r.disabled}
            onChange={(e) => save(r.field, e.currentTarget.checked, t(e.currentTarget.checked ? 'settingsForm_switch_on' : 'settingsForm_switch_off', { what: r.title }))}
          />
        </div>
      ))}
    </fieldset>
  );
}
