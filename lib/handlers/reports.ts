import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { ReportRollup } from '../reports/rollup';
import { buildReport, filterChoices, type ReportPorts } from '../reports/report';
import { meetingSource, sequenceSource } from '../reports/sources';

/** What the reports are given beyond the service's ports: the background's one rollup (sequences and meetings are read from their tables unless given). */
export type ReportsPorts = Partial<Pick<ReportPorts, 'rollup' | 'sequences' | 'meetings'>>;

/** The background's answers to the reports channels (lib/channels/reports.ts). */
export function reportsHandlers(ports: ServicePorts & { reports?: ReportsPorts }) {
  const timeZone = async () => (await ports.settings.load()).settings.workingHours.timeZone;
  const rollup = ports.reports?.rollup ?? new ReportRollup({ db: ports.db, now: ports.now, timeZone });
  const reportPorts: ReportPorts = { db: ports.db, rollup, now: ports.now, timeZone, sequences: ports.reports?.sequences ?? sequenceSource(ports.db), meetings: ports.reports?.meetings ?? meetingSource(ports.db) };
  return {
    async 'reports.get'(query) {
      return buildReport(reportPorts, query);
    },
    async 'reports.filters'() {
      return filterChoices(ports.db);
    },
    async 'reports.rebuild'() {
      return rollup.rebuild();
    },
  } satisfies Partial<Handlers>;
}
