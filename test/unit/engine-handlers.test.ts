import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';
import { sent } from '../support/engine';
import { setUiLanguage } from '../support/i18n-fake';

let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  bg = await startTestBackground();
  await bg.settings.update({ ownDomains: ['followthrough-demo.example'] });
});
afterEach(() => bg.close());

const ask = async <T = never>(channel: string, payload: unknown, sender: object = senders.extension): Promise<T> => {
  const reply = await bg.route({ channel, payload }, sender);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
};

const thread = {
  ...sampleThread,
  participants: [...sampleThread.participants, { name: 'Dana Colleague', email: 'dana@followthrough-demo.example' }, { name: 'Newbie', email: 'new.buyer@acme-robotics.example' }],
  messages: [
    ...sampleThread.messages,
    {
      messageId: 'msg-f:1785432109876543299',
      from: { name: 'Sam Rep', email: 'sam@followthrough-demo.example' },
      to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
      cc: [{ name: 'Dana Colleague', email: 'dana@followthrough-demo.example' }, { name: '', email: 'noreply@acme-robotics.example' }],
      date: 1_764_000_100_000,
      bodyText: 'Here it is.',
    },
  ],
};

describe('Log to CRM', () => {
  it('logs the thread’s messages to the contacts on it, shows the logged state, and undoes', async () => {
    await ask('crm.loadDemoData', {});
    await ask('gmail.threadSeen', { thread, opened: true }, senders.gmail);
    await bg.engine.idle();
    expect(await ask('engine.threadLogState', { threadId: thread.threadId }, senders.gmail)).toMatchObject({ logged: false, activities: 0, messages: 2 });

    const logged = await ask<{ result: string; detail: string; state: { logged: boolean; activities: number; contacts: string[]; undoSeq?: number } }>(
      'engine.logThread',
      { threadId: thread.threadId, accountEmail: 'sam@followthrough-demo.example' },
      senders.gmail,
    );
    expect(logged.result).toBe('ok');
    expect(logged.state).toMatchObject({ logged: true, activities: 2, contacts: ['Priya Raman'] });
    expect(logged.detail).toMatch(/logged 2 email\(s\) on 1 timeline\(s\); left out 1 your own domain, 1 an automated sender/);
    expect((await bg.db.activities.toArray()).map((a) => [a.kind, a.contactId]).sort()).toEqual([
      ['email.received', 'demo-ct-priya'],
      ['email.sent', 'demo-ct-priya'],
    ]);

    // A second click finds nothing new.
    expect(await ask('engine.logThread', { threadId: thread.threadId }, senders.gmail)).toMatchObject({ result: 'skipped', detail: expect.stringMatching(/^already logged/) });
    // Gmail's button shows the line the background said in the browser's language (its script carries no word tables).
    setUiLanguage('de');
    try {
      const again = await ask<{ said?: string }>('engine.logThread', { threadId: thread.threadId }, senders.gmail);
      expect(again.said).toMatch(/^bereits erfasst/);
    } finally {
      setUiLanguage('en');
    }

    const undone = await ask<{ logged: boolean; undoSeq?: number }>('engine.undoThreadLog', { threadId: thread.threadId }, senders.gmail);
    expect(undone).toMatchObject({ logged: false, activities: 0 });
    expect(undone.undoSeq).toBeUndefined();
    expect(await bg.db.activities.count()).toBe(0);
    await expect(ask('engine.undoThreadLog', { threadId: thread.threadId }, senders.gmail)).rejects.toThrow(/nothing on this thread can be undone/);
  });

  it('creates the contact when the rep logs a thread with someone new, and undo removes it', async () => {
    await ask('gmail.threadSeen', { thread: { ...sampleThread, messages: [{ ...sampleThread.messages[0]!, from: { name: 'Nia Buyer', email: 'nia@prospect.example' } }] }, opened: true }, senders.gmail);
    const out = await ask<{ state: { contacts: string[] } }>('engine.panelLogThread', { threadId: sampleThread.threadId });
    expect(out.state.contacts).toEqual(['Nia Buyer']);
    expect(await bg.db.contacts.toArray()).toMatchObject([{ email: 'nia@prospect.example', companyId: 'co:prospect.example' }]);
    const { entries } = await ask<{ entries: { seq: number; action: string; canUndo: boolean }[] }>('engine.auditList', { limit: 10 });
    const entry = entries.find((e) => e.action === 'crm.logThread')!;
    expect(entry.canUndo).toBe(true);
    expect(await ask('engine.auditUndo', { seq: entry.seq })).toMatchObject({ changed: 3 });
    expect(await bg.db.contacts.count()).toBe(0);
    expect(await bg.db.companies.count()).toBe(0);
    const after = await ask<{ entries: { seq: number; action: string; canUndo: boolean; undoneAt?: number }[] }>('engine.auditList', { limit: 10 });
    // The engine acts on the open in the background: its follow-up suggestion may be logged before or after these.
    expect(after.entries.find((e) => e.action === 'undo' && e.seq > entry.seq)).toMatchObject({ canUndo: false });
    expect(after.entries.find((e) => e.seq === entry.seq)).toMatchObject({ canUndo: false, undoneAt: expect.any(Number) });
  });

  it('refuses to log a thread it has not read, with a clear reason', async () => {
    await expect(ask('engine.logThread', { threadId: 'thread-f:1' }, senders.gmail)).rejects.toThrow(/has not read thread-f:1 yet/);
  });
});

describe('automatic logging through the handlers', () => {
  it('logs a send to an existing contact onto the timeline the side panel shows; not a colleague or a no-reply', async () => {
    await ask('crm.loadDemoData', {});
    await bg.handlers['gmail.threadSeen']({ thread: sampleThread, opened: true }, { tabId: 7 });
    await bg.engine.dispatch(sent(['priya.raman@acme-robotics.example'], { threadId: sampleThread.threadId, subject: 'Pilot proposal' }));
    await bg.engine.dispatch(sent(['dana@followthrough-demo.example'], { subject: 'Internal' }));
    await bg.engine.dispatch(sent(['no-reply@acme-robotics.example'], { subject: 'Automated' }));
    await bg.engine.idle();
    const context = await ask<{ kind: string; activities: { summary: string }[] }>('panel.getContext', { tabId: 7 });
    expect(context.activities.map((a) => a.summary)).toEqual(['Sent: Pilot proposal']);
    expect(await bg.db.activities.count()).toBe(1);
  });
});

describe('rules and CSV import through channels', () => {
  it('answers an invalid rule with the offending field', async () => {
    const bad = await ask('engine.ruleSave', { rule: { id: 'x', description: 'x', trigger: 'email.sent', actions: [{ kind: 'followup.schedule', params: { afterDays: 'soon' } }] } });
    expect(bad).toEqual({ saved: false, issues: [{ path: 'actions.0.params.afterDays', message: expect.any(String), words: { key: 'issue_number' } }] });
    const list = await ask<{ rules: { id: string }[]; actions: { kind: string }[] }>('engine.rulesList', {});
    expect(list.rules.map((r) => r.id)).not.toContain('x');
    expect(list.actions.map((a) => a.kind)).toContain('suggestion.create');
  });

  it('imports contacts with a per-row report, and the import can be undone', async () => {
    const csv = [
      'First Name,Last Name,Email,Company,Job Title,Other Emails',
      'Ada,Lovelace,ada@engines.example,Analytical Engines,CTO,a.lovelace@engines.example',
      'Bad,Row,not-an-email,,,',
      ',,,,,',
      'Ada,Again,ADA@engines.example,,,',
      'Grace,Hopper,grace@navy.example,,Admiral,bogus',
      'Alan,Turing,alan@bletchley.example,,,',
    ].join('\n');
    const report = await ask<{ auditSeq: number }>('engine.importContacts', { csv, fileName: 'people.csv' });
    expect(report).toMatchObject({
      created: 2,
      updated: 0,
      errors: [
        { line: 3, message: '"not-an-email" is not an email address' },
        { line: 5, message: 'the same person as line 2' },
        { line: 6, message: 'alternate address "bogus" is not an email address' },
      ],
      fileErrors: [],
    });
    expect(await bg.db.contacts.get('ct:ada@engines.example')).toMatchObject({ name: 'Ada Lovelace', title: 'CTO', companyId: 'co:engines.example', emails: ['ada@engines.example', 'a.lovelace@engines.example'], source: 'import' });
    await ask('engine.auditUndo', { seq: report.auditSeq });
    expect(await bg.db.contacts.count()).toBe(0);

    expect(await ask('engine.importContacts', { csv: 'Name;Phone\nx;1' })).toMatchObject({ created: 0, fileErrors: [expect.stringMatching(/no email column/)] });
  });
});

describe('CRM record pages', () => {
  it('shows the local timeline of the contact a CRM tab shows', async () => {
    await ask('crm.loadDemoData', {});
    await bg.engine.dispatch(sent(['Priya.Raman@acme-robotics.example'], { subject: 'Pilot proposal' }));
    await bg.engine.idle();
    await ask('engine.crmRecordViewed', { record: { crm: 'salesforce', recordType: 'contact', recordId: '003Hs00002AbCdEIAV', email: 'priya.raman@acme-robotics.example', name: 'Priya Raman' } }, senders.crm);
    const context = await ask<{ kind: string; card?: { contact: { id: string } }; activities: { summary: string }[] }>('panel.getContext', { tabId: 9 });
    expect(context).toMatchObject({ kind: 'record', card: { contact: { id: 'demo-ct-priya' } }, activities: [{ summary: 'Sent: Pilot proposal' }] });
    // The event was recorded for rules to act on.
    expect(await bg.db.events.where('type').equals('crm.record.viewed').count()).toBe(1);

    // Matched by name when the page shows no email; unknown people match nothing.
    await ask('engine.crmRecordViewed', { record: { crm: 'pipedrive', recordType: 'person', recordId: '1042', name: 'marcus webb' } }, senders.crm);
    expect(await ask('panel.getContext', { tabId: 9 })).toMatchObject({ kind: 'record', card: { contact: { id: 'demo-ct-marcus' } } });
    await ask('engine.crmRecordViewed', { record: { crm: 'hubspot', recordType: 'contact', recordId: '1', email: 'stranger@elsewhere.example' } }, senders.crm);
    expect(await ask('panel.getContext', { tabId: 9 })).toEqual({ kind: 'record', record: expect.any(Object), activities: [] });
  });
});
