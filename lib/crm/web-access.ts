import type { RemoteCrmName } from './connectors/types';

// The CRM web apps whose record pages Followthrough reads (lib/crm/pages.ts). Host access to them is an
// optional permission, asked for when the rep connects that CRM or turns on record-page detection for it, so
// a rep without a CRM gives Followthrough no access to any CRM's pages. The record-page content script is
// registered at run time for exactly the hosts granted (entrypoints/background.ts).

export const CRM_WEB_ORIGINS: Record<RemoteCrmName, string[]> = {
  hubspot: ['https://app.hubspot.com/*'],
  pipedrive: ['https://*.pipedrive.com/*'],
  salesforce: ['https://*.lightning.force.com/*'],
};

export const ALL_CRM_WEB_ORIGINS = Object.values(CRM_WEB_ORIGINS).flat();

/** The id the record-page content script is registered under (scripting.registerContentScripts). */
export const CRM_CONTENT_SCRIPT_ID = 'followthrough-crm-record-pages';

/** The content script's bundle as WXT writes it (entrypoints/crm.content → content-scripts/crm.js). */
export const CRM_CONTENT_SCRIPT_FILE = 'content-scripts/crm.js';

export interface ContentScriptPort {
  /** The hosts among `origins` the rep has granted. */
  granted(origins: string[]): Promise<string[]>;
  registered(id: string): Promise<{ matches: string[] } | undefined>;
  register(script: { id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions?: boolean }): Promise<void>;
  update(script: { id: string; matches: string[] }): Promise<void>;
  unregister(id: string): Promise<void>;
}

const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Make the registered record-page script match exactly the CRM web apps granted: registered when the first is
 * granted, narrowed or widened as grants change, unregistered when none is left. Safe to repeat (each worker
 * start, each permission change). Resolves with the hosts it now runs on.
 */
export async function syncCrmContentScript(port: ContentScriptPort): Promise<string[]> {
  const matches = await port.granted(ALL_CRM_WEB_ORIGINS);
  const current = await port.registered(CRM_CONTENT_SCRIPT_ID);
  if (matches.length === 0) {
    if (current) await port.unregister(CRM_CONTENT_SCRIPT_ID);
    return [];
  }
  if (!current) await port.register({ id: CRM_CONTENT_SCRIPT_ID, matches, js: [CRM_CONTENT_SCRIPT_FILE], runAt: 'document_idle' });
  else if (!same(current.matches, matches)) await port.update({ id: CRM_CONTENT_SCRIPT_ID, matches });
  return matches;
}
