import { performance } from 'node:perf_hooks';
import type { BenchRow, BenchSuite } from './types';
import { medianTime, round } from './measure';

// Today over a heavy mailbox: 20,000 contacts, 100,000 activities, 2,000 deals, 50,000 stored messages over a
// year (2 KB bodies) of which the last 30 days leave 216 threads waiting for the rep's answer from contacts,
// 60 due reminders, and 20 new leads — in fake-indexeddb in Node (not a browser's IndexedDB). Timed: the
// ranking of every source's items (contacts, open deals, last touches read by index; the first 100 kept),
// and the whole `today.list` answer (the sources' own reads, the marks, the ranking), beside a raw IndexedDB
// index get in the same run.

const progress = (what: string) => {
  if (process.env.FT_BENCH_PROGRESS) console.error(`[today bench] ${what} ${Math.round(performance.now())} ms`);
};

async function rows(): Promise<BenchRow[]> {
  const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
  const { default: Dexie } = await import('dexie');
  const { FollowthroughDb, contactEmails } = await import('../../lib/db');
  const { SettingsStore } = await import('../../lib/settings');
  const { ViewTracker } = await import('../../lib/views');
  const { todayHandlers } = await import('../../lib/handlers/today');
  const { rankToday } = await import('../../lib/today/rank');
  const { dbRankContext } = await import('../../lib/today/context');
  const { TODAY_LIMIT } = await import('../../lib/today/today');
  const { inboundSource } = await import('../../lib/today/inbound-source');
  const { reminderSource } = await import('../../lib/today/reminder-source');
  const { TodayMarks } = await import('../../lib/today/marks');
  type Ports = Parameters<typeof todayHandlers>[0];
  const name = `ft-bench-today-${process.pid}`;
  const db = new FollowthroughDb(name, { indexedDB, IDBKeyRange });
  await db.open();
  try {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const CONTACTS = 20_000;
    const ACTIVITIES = 100_000;
    const MESSAGES = 50_000;
    const THREADS = 30_000;
    const DEALS = 2_000;
    const REP = { name: 'Sam Rep', email: 'sam@followthrough-demo.example' };
    const body = 'Thanks for the call today. '.repeat(75); // ~2 KB
    const stages = ['lead', 'qualified', 'demo', 'proposal', 'negotiation', 'won', 'lost'] as const;
    const contacts = Array.from({ length: CONTACTS }, (_, i) => {
      const email = `person${i}@customer${i % 500}.example`;
      return { id: `c${i}`, name: `Person ${i}`, email, altEmails: [], emails: contactEmails({ email }), source: 'local' as const, createdAt: now, updatedAt: now };
    });
    for (let i = 0; i < CONTACTS; i += 5000) await db.contacts.bulkAdd(contacts.slice(i, i + 5000));
    await db.companies.bulkAdd(Array.from({ length: 500 }, (_, i) => ({ id: `co${i}`, name: `Customer ${i}`, domain: `customer${i}.example`, createdAt: now })));
    await db.deals.bulkAdd(
      Array.from({ length: DEALS }, (_, i) => ({
        id: `d${i}`,
        name: `Deal ${i}`,
        // Half name their contact; half are their company's.
        ...(i % 2 ? { contactIds: [`c${(i * 7) % CONTACTS}`] } : { contactIds: [], companyId: `co${i % 500}` }),
        stage: stages[i % stages.length]!,
        amount: 1_000 * ((i * 37) % 100),
        currency: 'USD',
        updatedAt: now,
      })),
    );
    for (let i = 0; i < ACTIVITIES; i += 10_000) {
      await db.activities.bulkAdd(
        Array.from({ length: 10_000 }, (_, j) => {
          const n = i + j;
          return { id: `a${n}`, kind: 'email.sent' as const, contactId: `c${n % CONTACTS}`, threadId: `thread-a:r${n % THREADS}`, messageId: `msg-a:r${n}`, summary: `Sent: message ${n}`, at: now - n * 300_000 };
        }),
      );
    }
    // A year of messages, newest first every 10 minutes; in the last 30 days (4,320 messages on as many
    // threads) the rep answered all but 1 in 20 (216 threads waiting).
    for (let i = 0; i < MESSAGES; i += 5_000) {
      await db.messages.bulkAdd(
        Array.from({ length: 5_000 }, (_, j) => {
          const n = i + j;
          const fromRep = n % 20 !== 0;
          return {
            id: `msg-a:r${n}`,
            threadId: `thread-a:r${n % THREADS}`,
            from: fromRep ? REP : { name: '', email: `person${n % CONTACTS}@customer${n % 500}.example` },
            to: [],
            cc: [],
            bcc: [],
            subject: `Subject ${n % THREADS}`,
            bodyText: body,
            date: now - n * 600_000,
            direction: fromRep ? ('outbound' as const) : ('inbound' as const),
          };
        }),
      );
    }
    await db.reminders.bulkAdd(
      Array.from({ length: 2_000 }, (_, n) => ({ id: `r${n}`, threadId: `thread-a:r${n}`, contactId: `c${n}`, dueAt: now + (n - 60) * 3_600_000, reason: `No reply after 3 working days`, status: 'pending' as const, createdAt: now - 10 * 86_400_000 })),
    );
    await db.leads.bulkAdd(
      Array.from({ length: 20 }, (_, n) => ({ id: `lead:msg-a:r${n * 20}`, messageId: `msg-a:r${n * 20}` as const, threadId: `thread-a:r${n * 20}` as const, contactId: `c${n * 20}`, email: `person${n * 20}@customer${(n * 20) % 500}.example`, name: '', source: 'inbound' as const, subject: '', status: 'new' as const, at: now - n * 20 * 600_000 })),
    );
    progress('seeded');
    const memory = () => {
      const m = new Map<string, unknown>();
      return { get: async (k: string) => m.get(k), set: async (k: string, v: unknown) => void m.set(k, v) };
    };
    const settings = new SettingsStore(memory());
    await settings.update({ ownDomains: ['followthrough-demo.example'] });
    const ports = { db, settings, views: new ViewTracker(memory()), now: () => now, notifyPanels: () => {} } as unknown as Ports;
    const handlers = todayHandlers(ports, { updateReminder: async () => undefined, sources: [] });
    // The items the sources give, once: the ranking alone is timed over them.
    const marks = new TodayMarks(db);
    const open = async () => '';
    const load = async () => (await settings.load()).settings;
    const items = [
      ...(await inboundSource({ db, settings: load, marks, openThread: open }).items(now)),
      ...(await reminderSource({ db, marks, update: async () => undefined, openThread: open }).items(now)),
    ];
    const context = dbRankContext(db);
    progress(`items ${items.length}`);

    const idb = db.backendDB();
    const rawGet = (key: string) =>
      new Promise<unknown>((resolve, reject) => {
        const req = idb.transaction('contacts', 'readonly').objectStore('contacts').index('emails').get(key);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const time = (fn: (i: number) => Promise<unknown>, runs = 20) => medianTime(fn, { warmup: 3, runs });
    const ranked = await rankToday(items, now, context, TODAY_LIMIT);
    if (ranked.length !== TODAY_LIMIT || !ranked[0]!.item.newLead) throw new Error(`the bench's Today is not what it should be (${ranked.length} items)`);
    progress('ranked once');
    const rank = await time(() => rankToday(items, now, context, TODAY_LIMIT));
    progress('rank timed');
    const list = await time(() => handlers['today.list']());
    const raw = await time((i) => rawGet(contacts[(i * 7919) % CONTACTS]!.email));
    const what = `${items.length.toLocaleString('en-US')} items (${items.filter((i) => i.kind === 'inbound').length} waiting mail, ${items.filter((i) => i.kind === 'reminder').length} reminders), 20k contacts, 100k activities, fake-indexeddb (ms)`;
    return [
      {
        name: `Today's ranking, first ${TODAY_LIMIT} of ${what}`,
        value: round(rank, 2),
        unit: 'ms',
        baseline: { name: 'raw IndexedDB index get', value: round(raw, 3) },
        budget: { text: '≤ 50 ms', met: rank <= 50 },
      },
      {
        name: `Today's whole answer (today.list: sources' reads over 50k messages, marks, ranking), ${what}`,
        value: round(list, 2),
        unit: 'ms',
        baseline: { name: 'raw IndexedDB index get', value: round(raw, 3) },
      },
    ];
  } finally {
    db.close();
    await new Dexie(name, { indexedDB, IDBKeyRange }).delete().catch(() => {});
  }
}

export const todaySuite: BenchSuite = { name: 'Today', run: rows };
