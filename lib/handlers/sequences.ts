import { parseContactsCsv } from '../crm/import';
import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { listWords, WordsError, words } from '../words';

/** The background's answers to the sequences channels (lib/channels/sequences.ts). */
export function sequencesHandlers(ports: ServicePorts) {
  const need = () => {
    if (!ports.sequences) throw new WordsError(words('err_not_here', { what: words('err_area_sequences') }), 'sequences are not wired in this context');
    return ports.sequences;
  };
  const changed = () => ports.notifyPanels();

  return {
    async 'sequences.list'() {
      return { sequences: await need().service.listSequences() };
    },

    async 'sequences.save'({ sequence }) {
      const out = await need().service.saveSequence(sequence);
      changed();
      return out;
    },

    async 'sequences.reach'({ sequence }) {
      return { reach: await need().service.previewReach(sequence.id, sequence.steps, sequence) };
    },

    async 'sequences.apply'({ sequenceId, enrolmentIds }) {
      const moved = await need().service.applyToEnrolments(sequenceId, enrolmentIds);
      changed();
      return { moved };
    },

    async 'sequences.delete'({ sequenceId }) {
      return { stopped: await need().service.archiveSequence(sequenceId) };
    },

    async 'sequences.enrol'({ sequenceId, people }) {
      const out = await need().service.enrol(sequenceId, people);
      changed();
      return out;
    },

    async 'sequences.enrolCsv'({ sequenceId, csv }) {
      // Read exactly like a contacts import (papaparse, header names, address checks); only the addresses are used.
      const parsed = parseContactsCsv(csv);
      if (parsed.fileErrors.length) throw new WordsError(listWords(parsed.fileErrorWords) ?? words('import_no_columns'), parsed.fileErrors.join('; '));
      const errors = parsed.errors.map((e) => ({ line: e.line, email: e.email, message: e.message, messageWords: e.messageWords }));
      if (parsed.rows.length === 0) return { enrolled: [], skipped: [], errors };
      const out = await need().service.enrol(sequenceId, parsed.rows.map((r) => ({ email: r.email })));
      changed();
      return { ...out, errors };
    },

    async 'sequences.enrolments'({ email, sequenceId }) {
      const s = need().service;
      if (email) return { enrolments: await s.enrolmentsOf(email) };
      if (!sequenceId) throw new WordsError(words('err_name_contact_or_sequence'), 'name a contact’s address or a sequence');
      const sequence = await s.latest(sequenceId);
      const rows = await s.enrolmentsOfSequence(sequenceId);
      return { enrolments: rows.map((e) => ({ ...e, sequenceName: sequence?.name ?? sequenceId, steps: sequence?.steps.length ?? 0 })) };
    },

    async 'sequences.control'({ enrolmentId, action, resumeOn }) {
      return { enrolment: await need().service.control(enrolmentId, action, resumeOn) };
    },

    async 'sequences.vacation'({ until }) {
      await need().service.setVacation(until, (patch) => ports.settings.update(patch));
      changed();
      return { until };
    },

    async 'sequences.contactPlace'({ email, timeZone, country }) {
      const { contact, replanned } = await need().service.setContactPlace(email, { timeZone: timeZone || undefined, country: country || undefined });
      changed();
      return { ...contact, replanned };
    },

    async 'sequences.due'() {
      const { service, today } = need();
      await service.tick();
      return { items: await today.items(service.now()) };
    },

    async 'sequences.act'({ itemId, action, tabId, until }) {
      const { service, today } = need();
      const result = await today.act(itemId, action, { now: service.now(), until, tabId });
      changed();
      return result;
    },
  } satisfies Partial<Handlers>;
}
