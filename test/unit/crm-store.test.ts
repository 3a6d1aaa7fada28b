import { describe, expect, it } from 'vitest';
import { createCrmStore } from '@/lib/ui/crm-store';
import type { CrmStatus } from '@/lib/crm/health';

// The CRM section's store: the permission is asked inside the click (before anything is awaited), a refused
// permission stops the connect with a plain message, and no token stays in the store.

const status: CrmStatus = {
  active: 'hubspot',
  crms: [{ crm: 'hubspot', label: 'HubSpot', active: true, connected: true, account: 'HubSpot portal 4242', queued: 0, failed: 1, failures: [{ id: 'crm:hubspot:msg-f:1', error: 'HubSpot refused … — Reconnect HubSpot' }], rows: [] }],
};

function fakes(granted: boolean) {
  const calls: string[] = [];
  const sent: { channel: string; payload: unknown }[] = [];
  const send = async (m: unknown) => {
    const msg = m as { channel: string; payload: unknown };
    sent.push(msg);
    calls.push(`send ${msg.channel}`);
    if (msg.channel === 'crm.status') return { ok: true, data: status };
    if (msg.channel === 'crm.connect') return { ok: true, data: { account: 'HubSpot portal 4242' } };
    if (msg.channel === 'crm.retry') return { ok: true, data: { retried: 1 } };
    return { ok: false, error: { code: 'handler_failed', message: 'nope' } };
  };
  const requestAccess = (r: { origins: string[]; permissions?: string[] }) => {
    calls.push(`permission ${r.origins.join(' ')}${r.permissions ? ` +${r.permissions.join(',')}` : ''}`);
    return Promise.resolve(granted);
  };
  return { calls, sent, store: createCrmStore({ send, requestAccess }) };
}

describe('CRM store', () => {
  it('asks for the API host and the web app’s (record pages) synchronously inside the click, then connects and reloads the status', async () => {
    const { calls, store } = fakes(true);
    const pending = store.getState().connect('hubspot', 'pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(calls).toEqual(['permission https://api.hubapi.com/* https://app.hubspot.com/*']); // before any await
    expect(await pending).toBe(true);
    expect(calls).toEqual(['permission https://api.hubapi.com/* https://app.hubspot.com/*', 'send crm.connect', 'send crm.status']);
    expect(store.getState()).toMatchObject({ notice: 'Connected: HubSpot portal 4242.', error: null, status });
    expect(JSON.stringify(store.getState())).not.toContain('aaaaaaaa-bbbb');
  });

  it('a refused permission stops before anything is sent', async () => {
    const { sent, store } = fakes(false);
    expect(await store.getState().connect('pipedrive', '0123456789abcdef')).toBe(false);
    expect(sent).toEqual([]);
    expect(store.getState().error).toMatch(/needs access to the CRM’s API/);
  });

  it('Salesforce: the org’s own host for a pasted token, sign-in hosts and identity for the sign-in window', async () => {
    const { calls, store } = fakes(true);
    void store.getState().connect('salesforce', '00D5g000001abcd!AQ0.x', 'https://acme.my.salesforce.com/');
    void store.getState().signIn('salesforce');
    expect(calls.slice(0, 2)).toEqual([
      'permission https://acme.my.salesforce.com/* https://*.lightning.force.com/*',
      'permission https://login.salesforce.com/* https://test.salesforce.com/* https://*.my.salesforce.com/* https://*.lightning.force.com/* +identity',
    ]);
  });

  it('retry sends the CRM and reports what was queued again', async () => {
    const { sent, store } = fakes(true);
    await store.getState().retry('hubspot');
    expect(sent[0]).toEqual({ channel: 'crm.retry', payload: { crm: 'hubspot', id: undefined } });
    expect(store.getState().notice).toBe('Retrying 1.');
  });
});
