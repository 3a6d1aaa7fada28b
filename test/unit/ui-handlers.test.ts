import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { senders, startTestBackground } from '../support/background';
import { seedFile, SEED_THREAD, SEED_THREAD_2 } from '../fixtures/surfaces/seed';
import { duplicateGroups } from '@/lib/handlers/contacts';
import type { Contact } from '@/lib/records';

const NOW = 1_764_072_000_000;
let bg: Awaited<ReturnType<typeof startTestBackground>>;
beforeEach(async () => {
  bg = await startTestBackground(() => NOW);
});
afterEach(() => bg.close());

const ask = async <T = never>(channel: string, payload: unknown, sender: object = senders.extension): Promise<T> => {
  const reply = await bg.route({ channel, payload }, sender);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
};
const seed = (opts: Partial<Parameters<typeof seedFile>[0]> = {}) => ask('ui.data.import', { file: seedFile({ now: NOW, ...opts }), mode: 'replace' });

describe('ui channels', () => {
  it('answers only extension pages', async () => {
    const reply = await bg.route({ channel: 'ui.data.export', payload: {} }, senders.gmail);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('shows the day away from Gmail: due reminders, every open suggestion, recent automation', async () => {
    await seed();
    const extras = await ask<{ mode: string; reminders: { id: string }[]; suggestions: { id: string }[]; subjects: Record<string, string> }>('ui.panel', {});
    expect(extras.mode).toBe('home');
    expect(extras.reminders.map((r) => r.id)).toEqual(['rm-due']);
    expect(extras.suggestions.map((s) => s.id)).toEqual(['sg-log', 'sg-draft', 'sg-followup']);
    expect(extras.subjects[SEED_THREAD_2]).toBe('Northwind renewal');
  });

  it('shows a thread’s own suggestions and reminders when its Gmail tab is in view', async () => {
    await seed();
    await ask('gmail.viewChanged', { view: 'thread', threadId: SEED_THREAD }, senders.gmail);
    const extras = await ask<{ mode: string; suggestions: { id: string }[]; reminders: { id: string }[] }>('ui.panel', { tabId: 7 });
    expect(extras.mode).toBe('thread');
    expect(extras.suggestions.map((s) => s.id)).toEqual(['sg-draft', 'sg-followup']);
    expect(extras.reminders.map((r) => r.id)).toEqual(['rm-later']);
    // Another tab (not Gmail) in view: the day's overview, not the old thread.
    expect(await ask('ui.panel', { tabId: 12 })).toMatchObject({ mode: 'home' });
  });

  it('says a CRM record tab is a record, not the day', async () => {
    await seed();
    await ask('engine.crmRecordViewed', { record: { crm: 'hubspot', recordType: 'contact', recordId: '901', email: 'elena@northwind.example' } }, senders.crm);
    expect(await ask('ui.panel', { tabId: 9 })).toMatchObject({ mode: 'record' });
  });

  it('accepts with edits and reports the acceptance to the engine once; a second answer is refused', async () => {
    await seed();
    const date = new Date(NOW + 3 * 86_400_000).toISOString().slice(0, 10);
    await ask('ui.suggestion.resolve', { id: 'sg-followup', action: 'accept', edits: { date } });
    expect(await bg.db.suggestions.get('sg-followup')).toMatchObject({ status: 'accepted', payload: { date } });
    // Accepting a follow-up makes its reminder, on the rep's edited day.
    expect(await bg.db.reminders.get('rem:sg-followup')).toMatchObject({ threadId: SEED_THREAD, status: 'pending', date });
    expect(await bg.db.events.get('suggestion.accepted:sg-followup')).toMatchObject({ event: { kind: 'followup', threadId: SEED_THREAD } });
    await expect(ask('ui.suggestion.resolve', { id: 'sg-followup', action: 'dismiss' })).rejects.toThrow('already accepted');
    await ask('ui.suggestion.resolve', { id: 'sg-log', action: 'dismiss' });
    expect(await bg.db.events.count()).toBe(1);
  });

  it('exports, wipes and re-imports to the same data; a bad file is refused whole', async () => {
    await seed({ hostile: true });
    // A report's derived figures are in the database now, and stay out of the file: they are rebuilt, not carried.
    await bg.db.reportState.put({ id: 'rollup', builtAt: 1, cursorAt: 0, cursorIds: [], pendingTemplates: [], timeZone: 'UTC' } as never);
    const first = await ask<{ tables: Record<string, unknown[]> }>('ui.data.export', {});
    expect(Object.keys(first.tables)).not.toContain('reportState');
    expect(Object.keys(first.tables)).not.toContain('reportDays');
    expect(Object.keys(first.tables)).toContain('contacts');
    const deleted = await ask<{ deleted: Record<string, number> }>('ui.data.deleteAll', { confirm: 'delete everything' });
    expect(deleted.deleted.contacts).toBe(4);
    expect(await bg.db.contacts.count()).toBe(0);
    // The shipped rules come back; nothing else does.
    expect((await bg.db.rules.toArray()).every((r) => r.builtIn)).toBe(true);
    expect(await bg.db.rules.count()).toBeGreaterThan(0);
    await ask('ui.data.import', { file: first, mode: 'replace' });
    expect({ ...(await ask<object>('ui.data.export', {})), exportedAt: 0 }).toEqual({ ...first, exportedAt: 0 });

    const bad = structuredClone(first) as { tables: Record<string, Record<string, unknown>[]> };
    bad.tables.reminders![0]!.status = 'whenever';
    await expect(ask('ui.data.import', { file: bad, mode: 'replace' })).rejects.toThrow('reminders row 1: status');
    await expect(ask('ui.data.import', { file: { ...first, tables: { ...first.tables, mystery: [] } }, mode: 'merge' })).rejects.toThrow('mystery');
    expect(await bg.db.contacts.count()).toBe(4);
    await expect(ask('ui.data.deleteAll', { confirm: 'yes' })).rejects.toThrow();
  });

  it('never puts the AI API key in an export, and keeps this browser’s key when importing one', async () => {
    await bg.settings.update({ ai: { provider: 'openai-compatible', endpoint: 'https://ai.example/v1', model: 'm', apiKey: 'sk-very-secret' } });
    const file = await ask<{ settings: { ai: Record<string, unknown> } }>('ui.data.export', {});
    expect(JSON.stringify(file)).not.toContain('sk-very-secret');
    expect(file.settings.ai).toMatchObject({ provider: 'openai-compatible', endpoint: 'https://ai.example/v1' });
    await ask('ui.data.import', { file, mode: 'replace' });
    expect((await bg.settings.load()).settings.ai).toMatchObject({ apiKey: 'sk-very-secret' });
  });

  it('edits a contact, refusing an address another contact has', async () => {
    await seed();
    await expect(ask('ui.contacts.save', { contact: { id: 'ct-marcus', name: 'Marcus Webb', email: 'elena@northwind.example', altEmails: [] } })).rejects.toThrow('Elena Sorensen already has');
    await expect(ask('ui.contacts.save', { contact: { id: 'ct-marcus', name: 'Marcus Webb', email: 'nope', altEmails: [] } })).rejects.toThrow('email');
    const { contact } = await ask<{ contact: Contact }>('ui.contacts.save', { contact: { id: 'ct-marcus', name: 'Marcus J. Webb', email: 'Marcus@Acme-Robotics.example', altEmails: [] } });
    expect(contact).toMatchObject({ name: 'Marcus J. Webb', email: 'marcus@acme-robotics.example', emails: ['marcus@acme-robotics.example'], companyId: 'co-acme' });
  });

  it('merges duplicates: addresses, activities, suggestions, reminders and deals move to the one kept', async () => {
    await seed();
    const found = await ask<{ duplicates: string[][] }>('ui.contacts.search', { query: '', limit: 50 });
    expect(found.duplicates).toEqual([['ct-elena', 'ct-elena-2']]);
    await ask('ui.contacts.merge', { keepId: 'ct-elena-2', mergeIds: ['ct-elena'] });
    expect(await bg.db.contacts.get('ct-elena')).toBeUndefined();
    expect(await bg.db.contacts.get('ct-elena-2')).toMatchObject({ email: 'e.sorensen@northwind.example', altEmails: ['elena@northwind.example'], title: 'Head of IT' });
    expect(await bg.db.activities.get('act-auto-1')).toMatchObject({ contactId: 'ct-elena-2' });
    expect(await bg.db.suggestions.get('sg-log')).toMatchObject({ contactId: 'ct-elena-2' });
    expect(await bg.db.reminders.get('rm-due')).toMatchObject({ contactId: 'ct-elena-2' });
  });

  it('groups contacts that share a mailbox (Gmail dots and tags) or a name at one company', () => {
    const c = (id: string, name: string, email: string, companyId?: string) => ({ id, name, email, altEmails: [], emails: [email], companyId, source: 'local', createdAt: 0, updatedAt: 0 }) as Contact;
    expect(
      duplicateGroups([c('a', 'Jo Doe', 'jo.doe@gmail.com'), c('b', 'J. Doe', 'jodoe+crm@gmail.com'), c('c', 'Ann Lee', 'ann@x.example', 'co'), c('d', 'ann  lee', 'a.lee@x.example', 'co'), c('e', 'Ann Lee', 'ann@y.example', 'other')]),
    ).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('contact search over its in-memory index', () => {
  type Found = { items: { contact: { id: string; name: string } }[]; total: number; duplicates: string[][] };
  const search = (query: string) => ask<Found>('ui.contacts.search', { query, limit: 50 });
  const contact = (id: string, name: string, email: string) => ({ id, name, email, altEmails: [], emails: [email], source: 'local' as const, createdAt: NOW, updatedAt: NOW });

  it('sees every write made after the index was built: add, edit, delete, clear and a company rename', async () => {
    await bg.db.contacts.bulkAdd([contact('c1', 'Ana Lima', 'ana@acme.example'), contact('c2', 'Bo Chen', 'bo@acme.example')]);
    expect((await search('acme')).items.map((i) => i.contact.id)).toEqual(['c1', 'c2']);
    await bg.db.contacts.add(contact('c3', 'Aaron Diaz', 'aaron@acme.example'));
    expect((await search('acme')).items.map((i) => i.contact.id)).toEqual(['c3', 'c1', 'c2']);
    await bg.db.contacts.update('c2', { name: 'Bo Zhang' });
    expect((await search('zhang')).items.map((i) => i.contact.name)).toEqual(['Bo Zhang']);
    await bg.db.contacts.delete('c1');
    expect((await search('acme')).total).toBe(2);
    await bg.db.companies.add({ id: 'co1', name: 'Globex', domain: 'acme.example', createdAt: NOW });
    await bg.db.contacts.update('c3', { companyId: 'co1' });
    expect((await search('globex')).items.map((i) => i.contact.id)).toEqual(['c3']);
    await bg.db.companies.update('co1', { name: 'Initech' });
    expect((await search('initech')).items.map((i) => i.contact.id)).toEqual(['c3']);
    await bg.db.contacts.clear();
    expect((await search('')).total).toBe(0);
  });

  it('finds the same contacts as a scan of every field, in name order', async () => {
    await bg.db.contacts.bulkAdd([contact('c1', 'Zoe', 'z@x.example'), contact('c2', 'adam', 'a@x.example'), contact('c3', 'Émile', 'e@y.example')]);
    expect((await search('x.example')).items.map((i) => i.contact.name)).toEqual(['adam', 'Zoe']);
    expect((await search('ÉMILE')).items.map((i) => i.contact.id)).toEqual(['c3']);
    expect((await search('nobody')).total).toBe(0);
  });
});
