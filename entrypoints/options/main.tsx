import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Options } from '@/components/Options';
import { AiLogTab } from '@/components/AiLogTab';
import { RulesTab } from '@/components/RulesTab';
import { TemplatesTab } from '@/components/TemplatesTab';
import { createLibraryStore } from '@/lib/ui/library-store';
import { createRulesStore } from '@/lib/ui/rules-store';
import { createOptionsStore, OPTION_TABS, type OptionTab } from '@/lib/ui/options-store';
import { localStorageArea, sendToBackground } from '@/lib/ui/extension';
import { CrmPageAccess } from '@/components/CrmPageAccess';
import { browser } from 'wxt/browser';
import { SalesforceSignIn } from '@/components/SalesforceSignIn';
import { SettingsStore } from '@/lib/settings';
import { createSalesforceSignInStore, salesforceRedirectUrl } from '@/lib/ui/salesforce-signin-store';
import { SequencesTab } from '@/components/SequencesTab';
import { createSequencesStore } from '@/lib/ui/sequences-store';
import { Today } from '@/components/Today';
import { LeadRoutingForm } from '@/components/LeadRoutingForm';
import { createTodayStore } from '@/lib/ui/today-store';
import { MeetingsTab } from '@/components/MeetingsTab';
import '@/components/theme.css';

// `#data`, `#contacts` … open that tab directly (links from the popup and the README).
const fromHash = location.hash.slice(1) as OptionTab;
const store = createOptionsStore(sendToBackground, OPTION_TABS.includes(fromHash) ? fromHash : 'rules');
store.subscribe((s) => history.replaceState(null, '', `#${s.tab}`));
const rules = createRulesStore(sendToBackground);
const library = createLibraryStore(sendToBackground);
const sequences = createSequencesStore({ send: sendToBackground });
const hostAccess = {
  contains: (origins: string[]) => browser.permissions.contains({ origins }),
  request: (origins: string[]) => browser.permissions.request({ origins }),
  remove: (origins: string[]) => browser.permissions.remove({ origins }),
};
const salesforceSignIn = createSalesforceSignInStore({
  settings: new SettingsStore(localStorageArea),
  redirectUrl: () => salesforceRedirectUrl(browser.identity, browser.runtime.id),
  copy: (text) => navigator.clipboard.writeText(text),
});
void salesforceSignIn.getState().load();
const today = createTodayStore(sendToBackground);
void today.getState().refresh();
browser.runtime.onMessage.addListener((message) => {
  if ((message as { channel?: unknown } | null)?.channel === 'panel.contextChanged') void today.getState().refresh();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Options
      store={store}
      slots={{
        rules: <RulesTab store={rules} />,
        templates: <TemplatesTab store={library} />,
        ai: <AiLogTab store={library} />,
        recordPages: <CrmPageAccess access={hostAccess} />,
        crm: <SalesforceSignIn store={salesforceSignIn} />,
        sequences: <SequencesTab store={sequences} />,
        meetings: <MeetingsTab send={sendToBackground} access={hostAccess} />,
        today: (
          <>
            <Today store={today} />
            <LeadRoutingForm send={sendToBackground} />
          </>
        ),
      }}
    />
  </StrictMode>,
);
