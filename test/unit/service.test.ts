import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { senders, startTestBackground } from '../support/background';
import { sampleThread } from '../support/samples';

let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  bg = await startTestBackground();
});
afterEach(() => bg.close());

const ask = async (channel: string, payload: unknown, sender: object = senders.extension) => {
  const reply = await bg.route({ channel, payload }, sender);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as never;
};

describe('background service', () => {
  it('stores an opened thread and shows it, with matched contacts, to the side panel of that tab', async () => {
    await ask('crm.loadDemoData', {});
    await ask('gmail.threadSeen', { thread: sampleThread, opened: true }, senders.gmail);
    expect(bg.notified).toContain(7);

    const context = await ask('panel.getContext', { tabId: 7 });
    expect(context).toMatchObject({
      kind: 'thread',
      thread: { id: sampleThread.threadId, subject: sampleThread.subject, participants: sampleThread.participants },
      activities: [],
    });
    const cards = (context as { cards: { contact: { name: string }; company?: { name: string }; deals: { stage: string }[] }[] }).cards;
    expect(cards.map((c) => c.contact.name)).toEqual(['Priya Raman']);
    expect(cards[0]).toMatchObject({ company: { name: 'Acme Robotics' }, deals: [{ stage: 'proposal' }] });
    expect(await bg.db.messages.get('msg-f:1785432109876543210')).toMatchObject({ threadId: sampleThread.threadId, direction: 'inbound' });
  });

  it('falls back to the last view touched when the panel names a tab without one', async () => {
    await ask('gmail.threadSeen', { thread: sampleThread, opened: true }, senders.gmail);
    expect(await ask('panel.getContext', { tabId: 99 })).toMatchObject({ kind: 'thread' });
    expect(await ask('panel.getContext', {})).toMatchObject({ kind: 'thread' });
  });

  it('shows nothing once the tab has gone back to a list', async () => {
    await ask('gmail.threadSeen', { thread: sampleThread, opened: true }, senders.gmail);
    await ask('gmail.viewChanged', { view: 'list' }, senders.gmail);
    expect(await ask('panel.getContext', { tabId: 7 })).toEqual({ kind: 'none' });
  });

  it('seeds the demo data idempotently and reports status', async () => {
    expect(await ask('crm.loadDemoData', {})).toEqual({ contacts: 3, companies: 2, deals: 1 });
    await ask('crm.loadDemoData', {});
    expect(await ask('popup.getStatus', {})).toMatchObject({ contacts: 3, threads: 0, activitiesToday: 0, remindersDue: 0, settingsWarnings: [] });
  });
});
