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
  'engine.logThread': { threadId: sampleThread.threadId, accountEmail: 'sam@followthrough-demo.example' },
  'engine.threadLogState': { threadId: sampleThread.threadId },
  'engine.undoThreadLog': { threadId: sampleThread.threadId },
  'engine.panelLogThread': { threadId: sampleThread.threadId },
  'engine.auditList': { limit: 50 },
  'engine.auditUndo': { seq: 1 },
  'engine.rulesList': {},
  'engine.ruleSave': {
    rule: { id: 'log-acme', description: 'Log mail to Acme', trigger: 'email.sent', conditions: [{ kind: 'recipient.domain', params: { in: ['acme-robotics.example'] } }], actions: [{ kind: 'activity.log', params: {} }] },
  },
  'engine.ruleSetEnabled': { id: 'builtin.auto-log-sent', enabled: false },
  'engine.importContacts': { csv: 'Name,Email\nPriya Raman,priya.raman@acme-robotics.example\n', fileName: 'contacts.csv' },
  'engine.crmRecordViewed': { record: { crm: 'hubspot', recordType: 'contact', recordId: '51234567801', email: 'priya.raman@acme-robotics.example', name: 'Priya Raman' } },
  'drafts.listTemplates': {},
  'drafts.saveTemplate': {
    template: { name: 'Pricing, short', body: 'Hi {{contact.firstName | "there"}}, our price for {{deal.name}} is below.', intents: ['pricing'] },
  },
  'drafts.resetTemplate': { id: 'pricing-reply' },
  'drafts.deleteTemplate': { id: 'my-pricing-short' },
  'drafts.suggest': { threadId: sampleThread.threadId },
  'drafts.insert': { tabId: 7, threadId: sampleThread.threadId, text: 'Hi Priya,\n\nThanks for asking.', templateId: 'pricing-reply' },
  'drafts.closeLoop': { threadId: sampleThread.threadId },
  'drafts.aiDraft': { requestId: 'req-12345678', threadId: sampleThread.threadId },
  'drafts.aiCancel': { requestId: 'req-12345678' },
  'drafts.aiLog': { limit: 20 },
  'drafts.getAiSettings': {},
  'drafts.saveAiSettings': { ai: { provider: 'none' } },
  'crm.status': {},
  'crm.retry': { crm: 'hubspot', id: 'crm:hubspot:msg-f:1785432109876543210' },
  'crm.connect': { crm: 'hubspot', token: 'pat-na1-00000000-1111-2222-3333-444444444444' },
  'crm.signIn': { crm: 'salesforce' },
  'crm.disconnect': { crm: 'pipedrive' },
  'crm.syncNow': {},
};
