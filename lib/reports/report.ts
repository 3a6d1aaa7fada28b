import Dexie from 'dexie';
import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import type { Deal } from '../records';
import {
  DealReport,
  EmailReport,
  FollowUpReport,
  MeetingReport,
  RangeInput,
  SequenceReport,
  SuggestionReport,
  addDays,
  dayKey,
  dayStart,
  dealReport,
  emailReport,
  followUpReport,
  meetingReport,
  resolveRange,
  sequenceReport,
  suggestionReport,
  type MeetingReportPort,
  type ReportScope,
  type SequenceReportPort,
} from './metrics';
import type { ReportRollup } from './rollup';
import { Words, WordsError, words, type WordsKey } from '../words';

// One report: the rollup's day rows for the email figures, and indexed reads of reminders, suggestions and
// deals for the rest. Never a scan of all mail or activities.

export const ReportFilter = z.object({ kind: z.enum(['contact', 'company', 'template', 'sequence']), id: z.string().min(1).max(200) });
export type ReportFilter = z.infer<typeof ReportFilter>;

export const ReportQuery = z.object({ range: RangeInput, filter: ReportFilter.optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** A section the chosen filter or the installed areas cannot give: said, never shown as zeros. */
const Unavailable = z.object({ available: z.literal(false), reason: z.string().max(300), reasonWords: Words.optional() });
const section = <T extends z.ZodType>(figures: T) => z.union([z.object({ available: z.literal(true), figures }), Unavailable]);

export const Report = z.object({
  range: z.object({ from: z.string(), to: z.string(), kind: z.enum(['week', '4weeks', 'quarter', 'custom']) }),
  timeZone: z.string(),
  filter: ReportFilter.extend({ name: z.string() }).optional(),
  email: section(EmailReport),
  followUps: section(FollowUpReport),
  suggestions: section(SuggestionReport),
  deals: section(DealReport),
  sequences: section(SequenceReport),
  meetings: section(MeetingReport),
  /** When the rollup was last built from scratch. */
  builtAt: z.number().int().nullable(),
});
export type Report = z.infer<typeof Report>;

export interface ReportPorts {
  db: FollowthroughDb;
  rollup: ReportRollup;
  now: () => number;
  timeZone: () => Promise<string>;
  /** The sequences' and meetings' own tables, read by index (lib/reports/sources.ts). */
  sequences: SequenceReportPort;
  meetings: MeetingReportPort;
}

const NOT_RECORDED = {
  contact: 'reports_not_recorded_contact',
  company: 'reports_not_recorded_company',
  template: 'reports_not_recorded_template',
  sequence: 'reports_not_recorded_sequence',
} as const satisfies Record<ReportFilter['kind'], WordsKey>;
const notFor = (what: ReportFilter['kind']) => ({ available: false as const, reason: `Not recorded per ${what}.`, reasonWords: words(NOT_RECORDED[what]) });
const ok = <T>(figures: T) => ({ available: true as const, figures });

/**
 * The open deals (not won or lost), by the `stage` index as three key ranges around the two closed stages:
 * each range is one bulk read, where `noneOf` walks the index with a cursor step per deal.
 */
async function openDeals(db: FollowthroughDb): Promise<Deal[]> {
  const parts = await Promise.all([
    db.deals.where('stage').below('lost').toArray(),
    db.deals.where('stage').between('lost', 'won', false, false).toArray(),
    db.deals.where('stage').above('won').toArray(),
  ]);
  return parts.flat();
}

/** The `at` of an `[contactId+at]` index key. */
const touchAt = (key: unknown): number | undefined => (Array.isArray(key) && typeof key[1] === 'number' ? key[1] : undefined);

export async function buildReport(ports: ReportPorts, query: ReportQuery): Promise<Report> {
  const { db, rollup } = ports;
  await rollup.catchUp();
  const timeZone = await ports.timeZone();
  const now = ports.now();
  const range = resolveRange(query.range, now, timeZone);
  const start = dayStart(range.from, timeZone);
  const end = dayStart(addDays(range.to, 1), timeZone);
  const filter = query.filter;

  // Who the filter is about: a contact, or a company's contacts.
  let contactIds: Set<string> | undefined;
  let name = '';
  let companyDomain: string | undefined;
  if (filter?.kind === 'contact') {
    const contact = await db.contacts.get(filter.id);
    if (!contact) throw new WordsError(words('err_contact_gone'), 'that contact no longer exists');
    contactIds = new Set([contact.id]);
    name = contact.name || contact.email;
  } else if (filter?.kind === 'company') {
    const company = await db.companies.get(filter.id);
    if (!company) throw new WordsError(words('err_company_gone'), 'that company no longer exists');
    contactIds = new Set(await db.contacts.where('companyId').equals(company.id).primaryKeys());
    name = company.name;
    companyDomain = company.domain;
  } else if (filter?.kind === 'template') {
    const template = await db.templates.get(filter.id);
    if (!template) throw new WordsError(words('err_template_gone'), 'that template no longer exists');
    name = template.name;
  }

  // A contact's or company's logged emails by day: their activities in the range, by the [contactId+at] index.
  const withLogged = async (report: EmailReport): Promise<EmailReport> => {
    if (!contactIds) return report;
    const byDay = new Map<string, number>();
    for (const c of contactIds) {
      const rows = await db.activities.where('[contactId+at]').between([c, start], [c, end], true, false).toArray();
      for (const a of rows) if (a.kind === 'email.sent' || a.kind === 'email.received') byDay.set(dayKey(a.at, timeZone), (byDay.get(dayKey(a.at, timeZone)) ?? 0) + 1);
    }
    const days = report.byDay.map((d) => ({ ...d, logged: byDay.get(d.day) ?? 0 }));
    return { ...report, byDay: days, totals: { ...report.totals, logged: days.reduce((n, d) => n + d.logged, 0) } };
  };
  const scope = filter && filter.kind !== 'sequence' ? `${filter.kind}:${filter.id}` : 'all';
  const email =
    filter?.kind === 'sequence'
      ? { available: false as const, reason: 'Email figures per sequence come with the sequences’ own records (see Sequences below).', reasonWords: words('reports_email_per_sequence') }
      : ok(await withLogged(emailReport(range.days, await rollup.days(scope, range.from, range.to))));

  const people = filter?.kind === 'template' ? undefined : contactIds;
  const about = (contactId: string | undefined) => people === undefined || (contactId !== undefined && people.has(contactId));
  const perThing = filter?.kind === 'template' || filter?.kind === 'sequence';

  // Reminders by their due time (a day's slack each side: `date` is the rep's day, `dueAt` an instant).
  const followUps = perThing
    ? notFor(filter.kind)
    : ok(
        followUpReport(
          (await db.reminders.where('dueAt').between(start - 86_400_000, end + 86_400_000, true, false).toArray()).filter((r) => about(r.contactId)),
          range,
          now,
          timeZone,
        ),
      );
  const suggestions = perThing
    ? notFor(filter.kind)
    : ok(suggestionReport((await db.suggestions.where('createdAt').between(start, end, true, false).toArray()).filter((s) => about(s.contactId)), range, timeZone));

  let deals: Report['deals'];
  if (perThing) deals = notFor(filter.kind);
  else {
    const open: Deal[] =
      filter?.kind === 'company'
        ? await db.deals.where('companyId').equals(filter.id).toArray()
        : await openDeals(db);
    const mine = open.filter((d) => people === undefined || filter?.kind === 'company' || d.contactIds.some((c) => people.has(c)));
    // Each contact's newest activity before the range ends: one key-only index lookup each (the index key
    // [contactId, at] is all it needs, so no activity is read or cloned), all in one read transaction.
    const dealPeople = [...new Set(mine.flatMap((d) => d.contactIds))];
    const newest = await db.transaction('r', db.activities, () =>
      Promise.all(dealPeople.map((c) => db.activities.where('[contactId+at]').between([c, Dexie.minKey], [c, end], true, false).lastKey())),
    );
    const touchOf = new Map(dealPeople.map((c, i) => [c, touchAt(newest[i])]));
    const lastTouch = new Map<string, number | undefined>();
    for (const d of mine) {
      const times = d.contactIds.map((c) => touchOf.get(c)).filter((t) => t !== undefined);
      lastTouch.set(d.id, times.length ? Math.max(...times) : undefined);
    }
    deals = ok(dealReport(mine, lastTouch, range, timeZone));
  }

  // Sequences and meetings: read from their own tables by time, or by the filter's own index.
  let contactEmails: string[] | undefined;
  if (contactIds) contactEmails = (await db.contacts.bulkGet([...contactIds])).flatMap((c) => (c ? [c.email.toLowerCase(), ...c.emails.filter((e) => e.includes('@'))] : []));
  const who: ReportScope =
    filter?.kind === 'sequence'
      ? { sequenceIds: [filter.id] }
      : filter?.kind === 'template'
        ? { sequenceIds: await ports.sequences.usingTemplate(filter.id) }
        : filter?.kind === 'company'
          ? { domain: companyDomain, contactEmails, contactIds: [...contactIds!] }
          : contactIds
            ? { contactEmails, contactIds: [...contactIds] }
            : {};
  if (filter?.kind === 'sequence') name = (await ports.sequences.name(filter.id)) ?? filter.id;
  const noSequences = who.sequenceIds?.length === 0;
  const [enrolments, steps] = noSequences ? [[], []] : await Promise.all([ports.sequences.enrolments(start, end, who), ports.sequences.steps(start, end, who)]);
  const templateIds = [...new Set(steps.flatMap((s) => (s.templateId ? [s.templateId] : [])))];
  const templateNames = new Map((await db.templates.bulkGet(templateIds)).flatMap((t) => (t ? [[t.id, t.name] as const] : [])));
  // A template's figures are its own steps; the enrolments are those of the sequences that use it.
  const ownSteps = filter?.kind === 'template' ? steps.filter((s) => s.templateId === filter.id) : steps;
  const sequences: Report['sequences'] = ok(sequenceReport(enrolments, ownSteps, start, end, (id) => templateNames.get(id) ?? id));

  const meetings: Report['meetings'] = perThing
    ? notFor(filter.kind)
    : ok(meetingReport(await ports.meetings.proposals(start, end, who), await ports.meetings.meetings(start, end, who), start, end));

  const state = await rollup.state();
  return {
    range: { from: range.from, to: range.to, kind: range.kind },
    timeZone,
    ...(filter ? { filter: { ...filter, name } } : {}),
    email,
    followUps,
    suggestions,
    deals,
    sequences,
    meetings,
    builtAt: state?.builtAt ?? null,
  };
}

export const FilterChoices = z.object({
  contacts: z.array(z.object({ id: z.string(), name: z.string() })).max(500),
  companies: z.array(z.object({ id: z.string(), name: z.string() })).max(500),
  templates: z.array(z.object({ id: z.string(), name: z.string() })).max(500),
  sequences: z.array(z.object({ id: z.string(), name: z.string() })).max(500).default([]),
});
export type FilterChoices = z.infer<typeof FilterChoices>;

/** What the filter can be set to: the most recently updated contacts, companies, templates and sequences (500 each). */
export async function filterChoices(db: FollowthroughDb): Promise<FilterChoices> {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const contacts = (await db.contacts.orderBy('updatedAt').reverse().limit(500).toArray()).map((c) => ({ id: c.id, name: c.name || c.email }));
  const companies = (await db.companies.limit(500).toArray()).map((c) => ({ id: c.id, name: c.name }));
  const templates = (await db.templates.orderBy('updatedAt').reverse().limit(500).toArray()).filter((t) => t.kind === 'template').map((t) => ({ id: t.id, name: t.name }));
  // A row per version of each sequence: the newest version of each, not archived, by the updatedAt index.
  const versions = await db.sequences.orderBy('updatedAt').reverse().limit(2000).toArray();
  const newest = new Map<string, { id: string; name: string; archived: boolean }>();
  for (const s of versions) if (!newest.has(s.id)) newest.set(s.id, { id: s.id, name: s.name, archived: s.archived });
  const sequences = [...newest.values()].filter((s) => !s.archived).slice(0, 500).map(({ id, name }) => ({ id, name }));
  return { contacts: contacts.sort(byName), companies: companies.sort(byName), templates: templates.sort(byName), sequences: sequences.sort(byName) };
}
