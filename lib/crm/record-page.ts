import type { SendPort } from '../client';
import { sendFromContent } from '../content-client';
import { recordOf, type CrmName, type CrmRecordRef } from './pages';
import { EMAIL_SHAPE } from '../email';

// Reads the open CRM record's name and email from the page and reports it. Runs in the CRM content script:
// plain DOM, no zod (the background validates). Selectors are ordered fallbacks per CRM, never joined with
// commas (CONTRIBUTING.md habit 4).

interface Fallback {
  css: string;
  seen: string;
}
type Role = 'scope' | 'name' | 'email';

// Facts from public help-centre screenshots, admin guides and open-source extensions, 2026-11; the test pages
// in test/crm-pages/ mirror them. Unverified against a live account: each list ends in a generic fallback.
export const CRM_SELECTORS: Record<CrmName, Record<Role, Fallback[]>> = {
  hubspot: {
    scope: [
      { css: '[data-test-id="record-sidebar"]', seen: 'HubSpot 2026-11: left sidebar of a record page (highlight card + About)' },
      { css: 'aside', seen: 'HubSpot 2026-11: the sidebar landmark' },
    ],
    name: [
      { css: '[data-selenium-test="highlightTitle"]', seen: 'HubSpot 2026-11: record name in the highlight card' },
      { css: 'h1', seen: 'generic: the page heading' },
    ],
    email: [
      { css: '[data-selenium-test="highlightSubtitle"] a[href^="mailto:"]', seen: 'HubSpot 2026-11: email under the record name' },
      { css: '[data-selenium-test="property-input-email"] a[href^="mailto:"]', seen: 'HubSpot 2026-11: Email property in About this contact' },
      { css: 'a[href^="mailto:"]', seen: 'generic: first mail link in the scope' },
    ],
  },
  salesforce: {
    scope: [
      { css: 'div.oneContent.active', seen: 'Salesforce Lightning 2026-11: the active workspace tab (others stay in the DOM)' },
      { css: 'div.windowViewMode-normal', seen: 'Salesforce Lightning 2026-11: the record view region' },
    ],
    name: [
      { css: 'records-highlights2 h1 lightning-formatted-name', seen: 'Salesforce Lightning 2026-11: person name in the highlights panel' },
      { css: 'records-highlights2 h1 slot[name="primaryField"]', seen: 'Salesforce Lightning 2026-11: primary field (Account, Opportunity)' },
      { css: 'h1 .slds-page-header__title', seen: 'Salesforce Lightning Design System page header title' },
      { css: 'h1', seen: 'generic: the page heading' },
    ],
    email: [
      { css: 'records-record-layout-item[field-label="Email"] a[href^="mailto:"]', seen: 'Salesforce Lightning 2026-11: Email field of the record layout' },
      { css: 'lightning-formatted-email a[href^="mailto:"]', seen: 'Salesforce Lightning 2026-11: any formatted email field' },
      { css: 'a[href^="mailto:"]', seen: 'generic: first mail link in the scope' },
    ],
  },
  pipedrive: {
    scope: [
      { css: '[data-testid="detail-view"]', seen: 'Pipedrive 2026-11: person / organization / deal detail view' },
      { css: 'main', seen: 'generic: the main landmark' },
    ],
    name: [
      { css: '[data-testid="header-title"]', seen: 'Pipedrive 2026-11: detail view header title' },
      { css: 'h1', seen: 'generic: the page heading' },
    ],
    email: [
      { css: '[data-testid="email-field"] a[href^="mailto:"]', seen: 'Pipedrive 2026-11: Email field in the Summary' },
      { css: 'a[href^="mailto:"]', seen: 'generic: first mail link in the scope' },
    ],
  },
};

const EMAIL = EMAIL_SHAPE;

// CRMs keep earlier records in the DOM, hidden (Salesforce's workspace tabs): only what the rep sees counts.
const shown = (el: Element) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true);

function first(root: ParentNode, list: Fallback[]): Element | null {
  for (const { css } of list) {
    for (const hit of root.querySelectorAll(css)) if (shown(hit)) return hit;
  }
  return null;
}

export interface RecordReading {
  name?: string;
  email?: string;
}

/** The name and email the record page shows, where it shows them. Never throws on a strange page. */
export function readRecord(document: Document, crm: CrmName): RecordReading {
  const s = CRM_SELECTORS[crm];
  const scope = first(document, s.scope) ?? document;
  const nameEl = first(scope, s.name);
  const name = nameEl?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 300) || undefined;
  const link = first(scope, s.email);
  const raw = (link?.getAttribute('href') ?? '').replace(/^mailto:/i, '').split('?')[0] ?? '';
  let email: string | undefined;
  try {
    email = decodeURIComponent(raw).trim().toLowerCase();
  } catch {
    email = undefined;
  }
  return { name, email: email && EMAIL.test(email) && email.length <= 320 ? email : undefined };
}

/** Person records show an email; companies and deals often show only a name. */
const wantsEmail = (ref: CrmRecordRef) => ['contact', 'lead', 'person'].includes(ref.recordType);

/**
 * Report the record a URL shows once the page has rendered what it will: at once when the name (and, for
 * people, the email) is there, else when the page stops changing or after `timeoutMs`.
 */
export function watchRecordPage(opts: { window: Window & typeof globalThis; send: SendPort; signal: AbortSignal; log?: (m: string) => void; timeoutMs?: number }) {
  const { window, send, signal, log = () => {}, timeoutMs = 8000 } = opts;
  let lastReported = '';
  let cancel: (() => void) | undefined;

  const report = (ref: CrmRecordRef, reading: RecordReading) => {
    const key = JSON.stringify([ref, reading]);
    if (key === lastReported) return;
    lastReported = key;
    sendFromContent(send, 'engine.crmRecordViewed', { record: { ...ref, ...reading } }).catch((e: unknown) => log(`record not reported: ${String(e)}`));
  };

  const check = () => {
    cancel?.();
    const ref = recordOf(new URL(window.location.href));
    if (!ref) return;
    const complete = (r: RecordReading) => !!r.name && (!wantsEmail(ref) || !!r.email);
    const now = readRecord(window.document, ref.crm);
    if (complete(now)) return report(ref, now);
    const observer = new window.MutationObserver(() => {
      const r = readRecord(window.document, ref.crm);
      if (complete(r)) {
        stop();
        report(ref, r);
      }
    });
    const timer = window.setTimeout(() => {
      stop();
      const r = readRecord(window.document, ref.crm);
      log(`record page read partly: ${JSON.stringify(r)}`);
      report(ref, r);
    }, timeoutMs);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    cancel = stop;
    observer.observe(window.document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });
  };

  signal.addEventListener('abort', () => cancel?.(), { once: true });
  check();
  return { check };
}
