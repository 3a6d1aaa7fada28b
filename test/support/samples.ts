import type { ChannelName, RequestOf } from '@/lib/messages';

// One valid payload per channel, as the real senders make them.

export const sampleThread = {
  threadId: 'thread-f:1785432109876543210',
  legacyThreadId: '18c6a1b2c3d4e5f6',
  subject: 'Fleet tracking pilot — next steps',
  participants: [
    { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' },
    { name: 'Sam Rep', email: 'sam@followthrough-demo.example' },
  ],
  messages: [
    {
      messageId: 'msg-f:1785432109876543210',
      legacyMessageId: '18c6a1b2c3d4e5f6',
      from: { name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' },
      to: [{ name: 'Sam Rep', email: 'sam@followthrough-demo.example' }],
      cc: [],
      date: 1_764_000_000_000,
      bodyText: 'Can you send the pilot proposal by Friday?',
    },
  ],
} satisfies RequestOf<'gmail.threadOpened'>['thread'];

export const validPayloads: { [C in ChannelName]?: RequestOf<C> } = {
  'gmail.viewChanged': { view: 'list' },
  'gmail.threadOpened': { thread: sampleThread },
  'panel.getContext': { tabId: 7 },
  'popup.getStatus': {},
  'crm.loadDemoData': {},
  'crm.status': {},
  'crm.retry': { crm: 'hubspot', id: 'crm:hubspot:msg-f:1785432109876543210' },
  'crm.connect': { crm: 'hubspot', token: 'pat-na1-00000000-1111-2222-3333-444444444444' },
  'crm.signIn': { crm: 'salesforce' },
  'crm.disconnect': { crm: 'pipedrive' },
  'crm.syncNow': {},
};
