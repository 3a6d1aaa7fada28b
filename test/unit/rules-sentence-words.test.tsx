import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { RulesTab } from '@/components/RulesTab';
import type { RulesList, RulesState } from '@/lib/ui/rules-store';
import { setUiLanguage } from '../support/i18n-fake';

// The Rules tab's sentence built from a rule's parts — its trigger, conditions (one negated) and actions — and the
// kinds' names in the editor's lists, in the rep's language; a kind this build has no words for shows the
// engine's own label. A rule written for this test.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const list: RulesList = {
  rules: [
    {
      id: 'mine',
      builtIn: false,
      enabled: true,
      updatedAt: 0,
      definition: {
        id: 'mine',
        description: 'Mine',
        trigger: 'email.sent',
        conditions: [{ kind: 'contact.exists' }, { kind: 'thread.logged', not: true }],
        actions: [{ kind: 'activity.log' }, { kind: 'crm.sync' }, { kind: 'brand.new' }],
      },
    },
  ],
  conditions: [
    { kind: 'contact.exists', label: 'is a contact in the CRM' },
    { kind: 'thread.logged', label: 'the thread is already logged' },
  ],
  actions: [
    { kind: 'activity.log', label: 'log the email on the contact’s timeline' },
    { kind: 'crm.sync', label: 'sync to my CRM' },
    { kind: 'brand.new', label: 'do a new thing' },
  ],
  triggers: ['email.sent'],
};

async function sentence(): Promise<string> {
  const store = createStore<RulesState>()(() => ({
    list,
    error: null,
    notice: null,
    busy: false,
    load: async () => {},
    setEnabled: async () => {},
    save: async () => [],
    duplicate: async () => null,
    reset: async () => {},
  }));
  const host = document.createElement('div');
  const root = createRoot(host);
  await act(async () => root.render(<RulesTab store={store} />));
  const text = [...host.querySelectorAll('p.muted.small.wrap')].map((p) => p.textContent).join('\n');
  act(() => root.unmount());
  return text;
}

describe('the Rules tab’s sentence', () => {
  afterEach(() => setUiLanguage('en'));

  it('reads as before in English', async () => {
    expect(await sentence()).toBe(
      'When I send an email, if is a contact in the CRM and not: the thread is already logged, then log the email on the contact’s timeline, then sync to my CRM, then do a new thing.',
    );
  });

  it('is German in German, but for the kind it has no words for', async () => {
    setUiLanguage('de');
    expect(await sentence()).toMatch(
      /^Wenn .+ und ist ein Kontakt im CRM und nicht: der Thread ist bereits im CRM erfasst, dann die E-Mail im Verlauf des Kontakts erfassen, dann mit meinem CRM abgleichen, dann do a new thing\.$/,
    );
  });
});
