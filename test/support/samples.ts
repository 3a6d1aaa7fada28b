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
  'gmail.sendIntent': { key: 'intent:m1abc-x7', inline: false, subject: 'Pricing', to: ['priya.raman@acme-robotics.example'], at: 1_764_000_000_000 },
  'gmail.sendConfirmed': {
    intentKey: 'intent:m1abc-x7',
    email: {
      messageId: 'msg-a:r8190137112111191537',
      threadId: 'thread-a:r263523620390330024',
      from: { name: 'Sam Rep', email: 'sam@followthrough-demo.example' },
      to: [{ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' }],
      cc: [],
      bcc: [],
      subject: 'Pricing',
      bodyText: 'Hi Priya, the annual price is $29 per van.',
      at: 1_764_000_000_000,
    },
  },
  'gmail.sendUndone': { key: 'intent:m1abc-x7', at: 1_764_000_000_500 },
  'gmail.settleSends': {},
  'gmail.threadSeen': { thread: sampleThread, opened: true, account: 'sam@followthrough-demo.example' },
  'gmail.selectorHealth': { checks: [{ key: 'thread.subject', view: 'thread', found: true }], networkProblems: [] },
  'gmail.getHealth': {},
};
