/**
 * @vitest-environment happy-dom
 * @vitest-environment-options {"url": "https://app.hubspot.com/contacts/24681357/record/0-1/51234567801"}
 */
import { describe, expect, it } from 'vitest';
import { watchRecordPage } from '@/lib/crm/record-page';

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('CRM record watcher', () => {
  it('reports the record once the page has rendered its name and email, once, and again after navigation', async () => {
    document.body.innerHTML = '<div id="app">Loading…</div>';
    const sent: unknown[] = [];
    const send = async (m: unknown) => (sent.push(m), { ok: true, data: { received: true } });
    const watcher = watchRecordPage({ window: window as Window & typeof globalThis, send, signal: new AbortController().signal, timeoutMs: 2000 });
    await settle();
    expect(sent).toEqual([]); // nothing rendered yet: wait, do not report an empty record

    document.getElementById('app')!.innerHTML =
      '<aside data-test-id="record-sidebar"><div data-selenium-test="highlightTitle">Priya Raman</div><div data-selenium-test="highlightSubtitle"><a href="mailto:Priya.Raman@acme-robotics.example">mail</a></div></aside>';
    await settle();
    expect(sent).toEqual([
      { channel: 'engine.crmRecordViewed', payload: { record: { crm: 'hubspot', recordType: 'contact', recordId: '51234567801', name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' } } },
    ]);
    watcher.check(); // the same record again: not reported twice
    await settle();
    expect(sent).toHaveLength(1);

    history.pushState(null, '', '/contacts/24681357/record/0-2/18765432109');
    document.getElementById('app')!.innerHTML = '<aside data-test-id="record-sidebar"><div data-selenium-test="highlightTitle">Acme Robotics</div></aside>';
    watcher.check();
    await settle();
    expect(sent.at(-1)).toMatchObject({ payload: { record: { recordType: 'company', recordId: '18765432109', name: 'Acme Robotics' } } });

    history.pushState(null, '', '/contacts/24681357/objects/0-1/views/all/list');
    watcher.check();
    await settle();
    expect(sent).toHaveLength(2); // a list is no record
  });

  it('reports what it could read when a person page never shows an email', async () => {
    history.pushState(null, '', '/contacts/24681357/record/0-1/999');
    document.body.innerHTML = '<aside data-test-id="record-sidebar"><div data-selenium-test="highlightTitle">No Email Person</div></aside>';
    const sent: { payload: { record: object } }[] = [];
    const send = async (m: unknown) => (sent.push(m as never), { ok: true, data: { received: true } });
    watchRecordPage({ window: window as Window & typeof globalThis, send, signal: new AbortController().signal, timeoutMs: 50 });
    await settle(10);
    expect(sent).toEqual([]);
    await settle(100);
    expect(sent.map((m) => m.payload.record)).toEqual([{ crm: 'hubspot', recordType: 'contact', recordId: '999', name: 'No Email Person', email: undefined }]);
  });
});
