import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { OPTION_TABS, type OptionTab, type OptionsState } from '@/lib/ui/options-store';
import { Brand } from './Brand';
import { ContactsTab } from './ContactsTab';
import { DataTab } from './DataTab';
import { PrivacyTab } from './PrivacyTab';
import { t, t as tr, type MessageKey } from '@/lib/i18n';

const TAB_LABELS: Record<OptionTab, MessageKey> = { today: 'optionsTab_today', rules: 'optionsTab_rules', templates: 'optionsTab_templates', contacts: 'optionsTab_contacts', data: 'optionsTab_data', ai: 'optionsTab_ai', crm: 'optionsTab_crm', sequences: 'optionsTab_sequences', meetings: 'optionsTab_meetings', privacy: 'optionsTab_privacy' };

export interface OptionsSlots {
  rules: ReactNode;
  templates: ReactNode;
  ai: ReactNode;
  /** Shown on the privacy tab: which CRM web apps Followthrough may read. */
  recordPages?: ReactNode;
  /** CRM sign-in setup (Salesforce's External Client App). */
  crm: ReactNode;
  /** Sequences: create, edit, enrol (components/SequencesTab.tsx). */
  sequences?: ReactNode;
  /** Meetings: availability, booking link, calendar feed (components/MeetingsTab.tsx, issue 16). */
  meetings?: ReactNode;
  /** Today's list and lead routing's settings (issue 15). */
  today?: ReactNode;
}

/** The options page: tabs for rules, templates, contacts, data, the AI log and privacy. */
export function Options({ store, slots }: { store: StoreApi<OptionsState>; slots: OptionsSlots }) {
  const { tab, setTab, notice } = useStore(store);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? OPTION_TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = (to + OPTION_TABS.length) % OPTION_TABS.length;
    setTab(OPTION_TABS[next]!);
    tabs.current[next]?.focus();
  };
  return (
    <main className="app options">
      <Brand subtitle={t('options_options')}>
        {/* Reports: its own page, so the chart library never loads here. */}
        <a href="/reports.html" target="_blank" rel="noreferrer">
          {t('options_reports')}</a>
      </Brand>
      <div role="tablist" aria-label={t('options_options_sections')} className="tabs">
        {OPTION_TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-controls={`panel-${t}`}
            aria-selected={tab === t}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {tr(TAB_LABELS[t])}
          </button>
        ))}
      </div>
      <div role="status" aria-live="polite" className={notice ? `notice ${notice.tone}` : 'notice empty'} data-testid="options-notice">
        {notice?.text}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'today' && slots.today}
        {tab === 'rules' && slots.rules}
        {tab === 'templates' && slots.templates}
        {tab === 'contacts' && <ContactsTab store={store} />}
        {tab === 'data' && <DataTab store={store} />}
        {tab === 'ai' && slots.ai}
        {tab === 'crm' && slots.crm}
        {tab === 'sequences' && slots.sequences}
        {tab === 'meetings' && slots.meetings}
        {tab === 'privacy' && <PrivacyTab>{slots.recordPages}</PrivacyTab>}
      </div>
    </main>
  );
}
