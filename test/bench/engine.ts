import { cpus, loadavg } from 'node:os';
import type { BenchSuite, BenchRow } from './types';
import { median, medianTime, round } from './measure';

// The engine's speed, each figure beside a baseline measured in this run:
// 1. Rule evaluation: events/s through the engine's in-memory path (`evaluateRules`: the trigger index,
//    then every condition of every rule of that trigger, with parameters parsed once at compile time) with
//    100 rules, beside a raw loop calling the same condition functions with the same parameters. Neither
//    includes loading facts from IndexedDB or running actions: those are per matched action, in the outbox.
// 2. Storage: the local CRM with 20,000 contacts and 100,000 activities in IndexedDB — fake-indexeddb in
//    Node, not a browser's IndexedDB — looking up a contact by email (`findContacts`, as the engine and the
//    side panel do) and reading one contact's timeline (`contactTimeline`: the newest 200 of a contact with
//    1,000 activities, as the side panel shows it), beside a raw IndexedDB index get of the same rows.


async function evaluationRows(): Promise<BenchRow[]> {
  const { compileRule, createRegistry } = await import('../../lib/engine/rules');
  const { evaluateRules, indexRules } = await import('../../lib/engine/runner');
  const { defaultSettings } = await import('../../lib/settings');
  const { contactEmails } = await import('../../lib/db');
  type Event = import('../../lib/engine/events').EngineEvent;
  type Facts = import('../../lib/engine/facts').Facts;

  const registry = createRegistry();
  const domains = Array.from({ length: 50 }, (_, i) => `customer${i}.example`);
  const shapes = [
    (i: number) => [{ kind: 'recipient.domain', params: { in: [domains[i % 50], domains[(i * 7) % 50]] } }, { kind: 'contact.exists', params: { who: 'recipient' } }],
    (i: number) => [{ kind: 'sender.domain', params: { notIn: [domains[i % 50]] } }, { kind: 'setting.on', params: { setting: 'autoLog' } }],
    (i: number) => [{ kind: 'deal.stage', params: { in: i % 2 ? ['proposal', 'negotiation'] : ['demo'] } }, { kind: 'thread.logged', params: {}, not: true }],
    () => [{ kind: 'time.workingHours', params: {} }, { kind: 'thread.hasReply', params: {} }],
    (i: number) => [{ kind: 'recipient.domain', params: { notIn: [domains[(i * 3) % 50]], match: 'all' } }],
  ];
  const rules = Array.from({ length: 100 }, (_, i) => {
    const r = compileRule(
      { id: `r${i}`, description: `rule ${i}`, trigger: i % 5 === 4 ? 'email.received' : 'email.sent', conditions: shapes[i % shapes.length]!(i), actions: [{ kind: 'activity.log' }] },
      registry,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.compiled;
  });
  const byTrigger = indexRules(rules);
  const settings = defaultSettings();
  const T0 = Date.parse('2026-11-23T14:00:00Z');
  const N = 1000;
  const events: { event: Event; facts: Facts }[] = Array.from({ length: N }, (_, i) => {
    const to = `buyer${i}@${domains[i % 50]}`;
    const email = { messageId: `msg-a:r${i}`, threadId: `thread-a:r${i}`, from: { name: '', email: 'sam@followthrough-demo.example' }, to: [{ name: '', email: to }], cc: [], bcc: [], subject: 'Hi', bodyText: '', at: T0 + i * 60_000 };
    const event: Event = i % 5 === 4 ? { type: 'email.received', email: { ...email, from: { name: '', email: to }, to: [email.from] } } : { type: 'email.sent', email };
    const contacts = new Map(i % 3 ? [[to, { id: `c${i}`, name: '', email: to, altEmails: [], emails: contactEmails({ email: to }), source: 'local' as const, createdAt: 0, updatedAt: 0 }]] : []);
    const facts: Facts = { now: T0, settings, contacts, deals: i % 4 ? [] : [{ id: 'd', name: 'd', contactIds: [], stage: 'proposal', updatedAt: 0 }], thread: { logged: i % 2 === 0, hasReply: i % 3 === 0, pendingReminders: 0 } };
    return { event, facts };
  });

  // The raw loop: the same condition functions and parameters, flattened, no engine in between.
  const flat = rules.map((r) => ({ trigger: r.rule.trigger, conds: r.conditions.map((c) => ({ test: c.def.test, params: c.params, not: c.not })) }));
  let sink = 0;
  const raw = () => {
    for (const { event, facts } of events) {
      for (const rule of flat) {
        if (rule.trigger !== event.type) continue;
        let ok = true;
        for (const c of rule.conds) if (c.test(event, c.params, facts) === c.not) { ok = false; break; }
        if (ok) sink++;
      }
    }
  };
  const engine = () => {
    for (const { event, facts } of events) sink += evaluateRules(byTrigger, event, facts).length;
  };
  // Timed in this process's CPU time (user + system), not wall time: on a shared machine other processes'
  // turns on the CPU would otherwise count against Followthrough. Wall-clock rates are printed beside.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const rate = (fn: () => void) => {
    for (let i = 0; i < 20; i++) fn(); // warm up
    const samples: number[] = [];
    for (let round = 0; round < 15; round++) {
      const start = cpuMs();
      for (let i = 0; i < 10; i++) fn();
      samples.push((10 * N) / (Math.max(cpuMs() - start, 0.001) / 1000));
    }
    return median(samples);
  };
  // Interleaved, so both see the same machine load.
  const rates = { raw: [] as number[], engine: [] as number[] };
  for (let i = 0; i < 3; i++) {
    rates.raw.push(rate(raw));
    rates.engine.push(rate(engine));
  }
  const rawRate = median(rates.raw);
  const engineRate = median(rates.engine);
  const load = `CPU time; load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
  if (sink < 0) console.log(sink);
  return [
    {
      name: `rule evaluation, 100 rules, in memory (events/s; ${load})`,
      value: Math.round(engineRate),
      unit: 'events/s',
      baseline: { name: 'raw loop over the same conditions', value: Math.round(rawRate) },
      budget: { text: '≥ 100k events/s and ≤ 3× raw', met: engineRate >= 100_000 && rawRate / engineRate <= 3 },
    },
  ];
}

async function storageRows(): Promise<BenchRow[]> {
  const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
  const { default: Dexie } = await import('dexie');
  const { FollowthroughDb, contactEmails } = await import('../../lib/db');
  const { contactTimeline, findContacts } = await import('../../lib/crm/match');
  const name = `ft-bench-${process.pid}`;
  const db = new FollowthroughDb(name, { indexedDB, IDBKeyRange });
  await db.open();
  try {
    const CONTACTS = 20_000;
    const ACTIVITIES = 100_000;
    const BIG = 1_000; // the heavy contact's activities
    const PAGE = 200; // what the side panel shows of a timeline
    const now = Date.parse('2026-11-25T12:00:00Z');
    const contacts = Array.from({ length: CONTACTS }, (_, i) => {
      const email = `person${i}@customer${i % 500}.example`;
      return { id: `c${i}`, name: `Person ${i}`, email, altEmails: [], emails: contactEmails({ email }), source: 'local' as const, createdAt: now, updatedAt: now };
    });
    for (let i = 0; i < CONTACTS; i += 5000) await db.contacts.bulkAdd(contacts.slice(i, i + 5000));
    for (let i = 0; i < ACTIVITIES; i += 10_000) {
      await db.activities.bulkAdd(
        Array.from({ length: 10_000 }, (_, j) => {
          const n = i + j;
          const contactId = n < BIG ? 'c42' : `c${n % CONTACTS}`;
          return { id: `a${n}`, kind: 'email.sent' as const, contactId, threadId: `thread-a:r${n % 30_000}`, messageId: `msg-a:r${n}`, summary: `Sent: message ${n}`, at: now - n * 60_000 };
        }),
      );
    }
    const idb = db.backendDB();
    const rawGet = (store: string, index: string, key: IDBValidKey | IDBKeyRange, count?: number) =>
      new Promise<unknown>((resolve, reject) => {
        const req = count ? idb.transaction(store, 'readonly').objectStore(store).index(index).getAll(key, count) : idb.transaction(store, 'readonly').objectStore(store).index(index).get(key);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const time = (fn: (i: number) => Promise<unknown>, runs = 200) => medianTime(fn, { warmup: 20, runs });
    const pick = (i: number) => contacts[(i * 7919) % CONTACTS]!.email;
    const lookup = await time((i) => findContacts(db, [pick(i).toUpperCase()]));
    const lookupRaw = await time((i) => rawGet('contacts', 'emails', pick(i)));
    const timeline = await time(() => contactTimeline(db, 'c42', PAGE), 50);
    const timelineRaw = await time(() => rawGet('activities', '[contactId+at]', IDBKeyRange.bound(['c42', -Infinity], ['c42', Infinity]), PAGE), 50);
    return [
      {
        name: `contact lookup by email, ${CONTACTS / 1000}k contacts, fake-indexeddb (ms)`,
        value: round(lookup, 3),
        unit: 'ms',
        baseline: { name: 'raw IndexedDB index get', value: round(lookupRaw, 3) },
        budget: { text: '≤ 5 ms', met: lookup <= 5 },
      },
      {
        name: `one contact’s timeline: newest ${PAGE} of their ${BIG}, ${ACTIVITIES / 1000}k activities, fake-indexeddb (ms)`,
        value: round(timeline, 3),
        unit: 'ms',
        baseline: { name: `raw IndexedDB index getAll of ${PAGE}`, value: round(timelineRaw, 3) },
        budget: { text: '≤ 20 ms', met: timeline <= 20 },
      },
    ];
  } finally {
    db.close();
    await new Dexie(name, { indexedDB, IDBKeyRange }).delete().catch(() => {});
  }
}

export const engineSuite: BenchSuite = {
  name: 'engine',
  async run() {
    return [...(await evaluationRows()), ...(await storageRows())];
  },
};
