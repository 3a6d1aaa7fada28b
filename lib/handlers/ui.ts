import type { Handlers } from '../router';
import { reminderService } from './followup';
import type { ServicePorts } from './ports';
import { contactEmails, rowSchemas, TABLE_NAMES, type TableName } from '../db';
import { Contact, type Company, type Suggestion } from '../records';
import { canonicalEmail, emailDomain } from '../crm/match';
import { Settings } from '../settings';
import type { ExportFile, PanelExtras } from '../channels/ui';

/** How many rows a panel list holds before it says "and N more" (the timeline virtualises instead). */
const LIST_LIMIT = 50;

const endOfLocalDay = (now: number) => {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.getTime();
};

const describe = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`)
    .join('; ');

/** The background's answers to the ui area's channels (lib/channels/ui.ts). */
export function uiHandlers(ports: ServicePorts) {
  const { db, now } = ports;

  // Contact search runs on every keystroke: the contacts, sorted by name, with the text each is found by and
  // the duplicate groups, are kept in memory and read again only when a contact or company was written since
  // (or a table was cleared), instead of reading and sorting every contact per keystroke.
  type ContactIndex = { key: string; contacts: Contact[]; companyById: Map<string, Company>; haystacks: string[]; duplicates: string[][] };
  let index: Promise<ContactIndex> | undefined;
  async function contactIndex(): Promise<ContactIndex> {
    const [contactCount, companyCount] = await Promise.all([db.contacts.count(), db.companies.count()]);
    const key = [db.writeCount('contacts'), db.writeCount('companies'), contactCount, companyCount].join(':');
    const cached = index && (await index.catch(() => undefined));
    if (cached?.key === key) return cached;
    index = (async () => {
      const [contacts, companies] = await Promise.all([db.contacts.toArray(), db.companies.toArray()]);
      const companyById = new Map(companies.map((c) => [c.id, c]));
      const duplicates = duplicateGroups(contacts);
      contacts.sort((a, b) => byName.compare(a.name, b.name));
      const haystacks = contacts.map((c) => {
        const company = c.companyId ? companyById.get(c.companyId) : undefined;
        return [c.name, c.title ?? '', company?.name ?? '', ...c.emails].join('\u0000').toLowerCase();
      });
      return { key, contacts, companyById, haystacks, duplicates };
    })();
    return index;
  }

  async function subjectsOf(threadIds: (string | undefined)[]): Promise<Record<string, string>> {
    const ids = [...new Set(threadIds.filter((t): t is string => !!t))];
    const threads = await db.threads.bulkGet(ids);
    return Object.fromEntries(threads.filter((t) => t !== undefined).map((t) => [t.id, t.subject]));
  }

  return {
    async 'ui.panel'({ tabId }): Promise<PanelExtras> {
      const { settings } = await ports.settings.load();
      const view = await ports.views.get(tabId);
      // A named tab Followthrough knows nothing about shows the day's overview; no tab (the panel opened
      // as a page of its own) follows the Gmail or CRM tab touched last.
      const inView = tabId !== undefined && view?.tabId !== tabId ? undefined : view;
      const base = { autoLog: settings.autoLog };

      if (inView?.view === 'thread' && inView.threadId) {
        const threadId = inView.threadId;
        const suggestions = (await db.suggestions.where('threadId').equals(threadId).toArray())
          .filter((s) => s.status === 'open')
          .sort((a, b) => b.createdAt - a.createdAt);
        const reminders = (await db.reminders.where('threadId').equals(threadId).toArray())
          .filter((r) => r.status === 'pending' || r.status === 'snoozed')
          .sort((a, b) => a.dueAt - b.dueAt);
        const flag = (await db.threads.get(threadId))?.flag;
        return { ...base, mode: 'thread', threadId, suggestions, reminders, subjects: await subjectsOf([threadId]), ...(flag ? { flag: { kind: flag.kind, reason: flag.reason, at: flag.at } } : {}) };
      }

      const suggestions = await db.suggestions.where('status').equals('open').reverse().sortBy('createdAt');
      const reminders = (await db.reminders.where('dueAt').belowOrEqual(endOfLocalDay(now())).toArray())
        .filter((r) => r.status === 'pending' || r.status === 'snoozed')
        .sort((a, b) => a.dueAt - b.dueAt);
      const shown = { suggestions: suggestions.slice(0, LIST_LIMIT), reminders: reminders.slice(0, LIST_LIMIT) };
      return {
        ...base,
        mode: inView?.record ? 'record' : 'home',
        ...shown,
        subjects: await subjectsOf([...shown.suggestions, ...shown.reminders].map((r) => r.threadId)),
      };
    },

    async 'ui.suggestion.resolve'({ id, action, edits }) {
      const at = now();
      // A follow-up becomes (or stops being) a reminder through the one reminder service, so its alarm and
      // notification follow; the rep's edited date is the reminder's day.
      const current = await db.suggestions.get(id);
      if (current?.kind === 'followup' && current.status === 'open') {
        const reminders = reminderService(ports);
        const date = typeof edits?.date === 'string' ? edits.date : undefined;
        if (action === 'accept') {
          await reminders.accept(id, date);
          await ports.dispatch({ type: 'suggestion.accepted', suggestionId: id, kind: 'followup', threadId: current.threadId, at });
        } else {
          await reminders.dismiss(id);
        }
        ports.notifyPanels();
        return { suggestion: (await db.suggestions.get(id))! };
      }
      const suggestion = await db.transaction('rw', db.suggestions, async (): Promise<Suggestion> => {
        const row = await db.suggestions.get(id);
        if (!row) throw new Error('that suggestion no longer exists');
        if (row.status !== 'open') throw new Error(`that suggestion was already ${row.status}`);
        const next: Suggestion = {
          ...row,
          status: action === 'accept' ? 'accepted' : 'dismissed',
          payload: edits ? { ...row.payload, ...edits, editedAt: at } : row.payload,
        };
        await db.suggestions.put(next);
        return next;
      });
      // The engine acts on an accepted suggestion (schedule the reminder, log the thread) from the event.
      if (action === 'accept') {
        await ports.dispatch({ type: 'suggestion.accepted', suggestionId: id, kind: suggestion.kind, threadId: suggestion.threadId, at });
      }
      ports.notifyPanels();
      return { suggestion };
    },

    async 'ui.reminder.update'({ id, action, until }) {
      const reminders = reminderService(ports);
      if (action === 'snooze' && until === undefined) throw new Error('snooze needs a time in the future');
      // The service tells the panels itself.
      const reminder = action === 'done' ? await reminders.done(id) : await reminders.snoozeUntil(id, until!);
      return { reminder };
    },

    async 'ui.data.export'(): Promise<ExportFile> {
      const { settings } = await ports.settings.load();
      const tables = await db.dump();
      // An export is a file the rep may mail or keep anywhere: the AI provider's API key stays in the browser.
      const { apiKey: _key, ...ai } = settings.ai as typeof settings.ai & { apiKey?: string };
      return { format: 'followthrough-export', version: 1, exportedAt: now(), settings: { ...settings, ai }, tables };
    },

    async 'ui.data.import'({ file, mode }) {
      // Check everything before writing anything: a bad file is refused whole, and nothing stored is lost.
      // A file without an API key (every export) keeps the key this browser has.
      const current = (await ports.settings.load()).settings.ai as { apiKey?: string };
      const fileAi = file.settings.ai as { apiKey?: string } | undefined;
      const withKey = fileAi && !fileAi.apiKey && current.apiKey ? { ...file.settings, ai: { ...fileAi, apiKey: current.apiKey } } : file.settings;
      const settings = Settings.safeParse(withKey);
      if (!settings.success) throw new Error(`settings: ${describe(settings.error.issues)}`);
      const unknown = Object.keys(file.tables).filter((t) => !(TABLE_NAMES as string[]).includes(t));
      if (unknown.length > 0) throw new Error(`the file has tables this version does not know: ${unknown.join(', ')}`);
      const rows = {} as Record<TableName, unknown[]>;
      for (const name of TABLE_NAMES) {
        const input = file.tables[name] ?? [];
        const parsed: unknown[] = [];
        for (const [i, row] of input.entries()) {
          const result = rowSchemas[name].safeParse(row);
          if (!result.success) throw new Error(`${name} row ${i + 1}: ${describe(result.error.issues)}`);
          parsed.push(result.data);
        }
        rows[name] = parsed;
      }
      const tables = TABLE_NAMES.map((n) => db.table(n));
      await db.transaction('rw', tables, async () => {
        for (const name of TABLE_NAMES) {
          if (mode === 'replace') await db.table(name).clear();
          if (rows[name].length > 0) await db.table(name).bulkPut(rows[name]);
        }
      });
      await ports.settings.update(settings.data);
      // The engine reads rules once and caches them; built-ins missing from the file come back as shipped.
      await ports.engine.seedBuiltIns();
      ports.notifyPanels();
      return { imported: Object.fromEntries(TABLE_NAMES.map((n) => [n, rows[n].length])) };
    },

    async 'ui.data.deleteAll'() {
      const deleted: Record<string, number> = {};
      await db.transaction(
        'rw',
        TABLE_NAMES.map((n) => db.table(n)),
        async () => {
          for (const name of TABLE_NAMES) {
            deleted[name] = await db.table(name).count();
            await db.table(name).clear();
          }
        },
      );
      // Tokens, the AI key, sync cursors and granted permissions go too (before the settings are written afresh).
      const browser = await ports.wipe?.();
      await ports.settings.update(Settings.parse({}));
      // Everything the rep made is gone; Followthrough starts again with its shipped rules.
      await ports.engine.seedBuiltIns();
      ports.notifyPanels();
      return { deleted, ...(browser ? { browser } : {}) };
    },

    async 'ui.contacts.search'({ query, limit }) {
      const { contacts, companyById, haystacks, duplicates } = await contactIndex();
      const q = query.trim().toLowerCase();
      const matches = q ? contacts.filter((_, i) => haystacks[i]!.includes(q)) : contacts;
      // Activities are counted by index for the contacts shown only, never by reading every activity.
      const shown = matches.slice(0, limit);
      const counts = await Promise.all(shown.map((c) => db.activities.where('contactId').equals(c.id).count()));
      return {
        items: shown.map((contact, i) => ({
          contact,
          company: contact.companyId ? companyById.get(contact.companyId) : undefined,
          activities: counts[i] ?? 0,
        })),
        total: matches.length,
        duplicates,
      };
    },

    async 'ui.contacts.save'({ contact: edit }) {
      const at = now();
      const contact = await db.transaction('rw', db.contacts, async () => {
        const existing = edit.id ? await db.contacts.get(edit.id) : undefined;
        if (edit.id && !existing) throw new Error('that contact no longer exists');
        const draft = {
          ...(existing ?? { id: `ct-${crypto.randomUUID()}`, source: 'local' as const, createdAt: at }),
          name: edit.name,
          email: edit.email,
          altEmails: edit.altEmails.filter((e) => e.length > 0),
          title: edit.title || undefined,
          phone: edit.phone || undefined,
          companyId: edit.companyId ?? existing?.companyId,
          updatedAt: at,
        };
        const parsed = Contact.safeParse({ ...draft, emails: contactEmails(draft) });
        if (!parsed.success) throw new Error(describe(parsed.error.issues));
        const clash = await db.contacts.where('emails').anyOf(parsed.data.emails).filter((c) => c.id !== parsed.data.id).first();
        if (clash) throw new Error(`email: ${clash.name} already has one of these addresses`);
        await db.contacts.put(parsed.data);
        return parsed.data;
      });
      ports.notifyPanels();
      return { contact };
    },

    async 'ui.contacts.merge'({ keepId, mergeIds }) {
      const others = [...new Set(mergeIds)].filter((id) => id !== keepId);
      if (others.length === 0) throw new Error('pick at least one other contact to merge');
      let moved = 0;
      const contact = await db.transaction('rw', [db.contacts, db.activities, db.suggestions, db.reminders, db.deals], async () => {
        const keep = await db.contacts.get(keepId);
        if (!keep) throw new Error('the contact to keep no longer exists');
        const merged = await db.contacts.bulkGet(others);
        if (merged.some((c) => !c)) throw new Error('a contact to merge no longer exists');
        const gone = merged as Contact[];
        const addresses = new Set([...keep.altEmails, ...gone.flatMap((c) => [c.email, ...c.altEmails])]);
        addresses.delete(keep.email);
        const next: Contact = {
          ...keep,
          altEmails: [...addresses].slice(0, 50),
          title: keep.title ?? gone.find((c) => c.title)?.title,
          phone: keep.phone ?? gone.find((c) => c.phone)?.phone,
          companyId: keep.companyId ?? gone.find((c) => c.companyId)?.companyId,
          updatedAt: now(),
        };
        next.emails = contactEmails(next);
        // Only activities index contactId; suggestions and reminders are few enough to scan.
        moved += await db.activities.where('contactId').anyOf(others).modify({ contactId: keepId });
        moved += await db.suggestions.filter((s) => s.contactId !== undefined && others.includes(s.contactId)).modify({ contactId: keepId });
        moved += await db.reminders.filter((r) => r.contactId !== undefined && others.includes(r.contactId)).modify({ contactId: keepId });
        moved += await db.deals
          .filter((d) => d.contactIds.some((id) => others.includes(id)))
          .modify((d) => {
            d.contactIds = [...new Set(d.contactIds.map((id) => (others.includes(id) ? keepId : id)))];
          });
        await db.contacts.bulkDelete(others);
        await db.contacts.put(next);
        return next;
      });
      ports.notifyPanels();
      return { contact, moved };
    },
  } satisfies Partial<Handlers>;
}

/** Contacts that are probably one person: the same mailbox, or the same name at the same company. */
// One collator for every search: `localeCompare` builds one per call, which dominated a 20k-contact sort.
const byName = new Intl.Collator();

export function duplicateGroups(contacts: Contact[]): string[][] {
  const parent = new Map(contacts.map((c) => [c.id, c.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const byKey = new Map<string, string>();
  for (const c of contacts) {
    const keys = [...c.emails.map((e) => `e:${canonicalEmail(e)}`), `n:${c.name.trim().toLowerCase().replace(/\s+/g, ' ')}|${c.companyId ?? emailDomain(c.email)}`];
    for (const key of keys) {
      const seen = byKey.get(key);
      if (seen) parent.set(find(c.id), find(seen));
      else byKey.set(key, c.id);
    }
  }
  const groups = new Map<string, string[]>();
  for (const c of contacts) groups.set(find(c.id), [...(groups.get(find(c.id)) ?? []), c.id]);
  return [...groups.values()].filter((g) => g.length > 1);
}
