import { z } from 'zod';
import { channel } from '../channel';
import { FilterChoices, Report, ReportQuery } from '../reports/report';

// The Reports page (entrypoints/reports/) asks the background for a range's figures; the background answers
// from its daily rollup and indexed reads (lib/reports/).

export const reportsChannels = {
  'reports.get': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The figures of a range (this week, last 4 weeks, this quarter, or custom days), optionally for one contact, company, template or sequence.',
    request: ReportQuery.strict(),
    response: Report,
  }),
  'reports.filters': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The contacts, companies and templates a report can be filtered by.',
    request: z.strictObject({}),
    response: FilterChoices,
  }),
  'reports.rebuild': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Recompute every day of the reports from the stored mail, events and activities.',
    request: z.strictObject({}),
    response: z.object({ days: z.number().int().nonnegative(), mail: z.number().int().nonnegative() }),
  }),
};
