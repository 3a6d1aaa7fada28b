import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import type { RequestOf, ResponseOf } from '../messages';
import type { TabInView } from './panel-store';
import { userMessage } from './errors';
import { CountryCode, IanaTimeZone } from '../records';
import { formatDay, formatNumber, t, tn, uiLocale } from '../i18n';
import { say } from '../say';

// Sequences as the options page and the side panel see them, read and changed through the sequences channels.

export type SequenceView = ResponseOf<'sequences.list'>['sequences'][number];
export type EnrolmentView = ResponseOf<'sequences.enrolments'>['enrolments'][number];
export type ReachView = ResponseOf<'sequences.save'>['reach'][number];
export type DueItem = ResponseOf<'sequences.due'>['items'][number];
export type SequenceEdit = RequestOf<'sequences.save'>['sequence'];
export type TemplateChoice = { id: string; name: string };

export interface SequencesState {
  sequences: SequenceView[];
  templates: TemplateChoice[];
  /** The enrolments shown: one contact's (side panel) or one sequence's (options). */
  enrolments: EnrolmentView[];
  due: DueItem[];
  /** After an edit was saved: the enrolments it reaches, for the rep to apply it to. */
  reach: { sequenceId: string; version: number; items: ReachView[] } | null;
  vacationUntil: string | undefined;
  /** Whose public holidays count when a contact has none (settings). */
  country: string | undefined;
  /** Contacts matching the enrol filter (the contacts list's own search). */
  matches: { email: string; name: string }[];
  notice: { text: string; tone: 'info' | 'error' } | null;
  busy: boolean;
  load: () => Promise<void>;
  save: (edit: SequenceEdit) => Promise<boolean>;
  apply: (sequenceId: string, enrolmentIds: string[]) => Promise<void>;
  remove: (sequenceId: string) => Promise<void>;
  enrol: (sequenceId: string, people: RequestOf<'sequences.enrol'>['people']) => Promise<void>;
  enrolCsv: (sequenceId: string, csv: string) => Promise<void>;
  loadEnrolments: (of: { email?: string; sequenceId?: string }) => Promise<void>;
  control: (enrolmentId: string, action: 'pause' | 'resume' | 'stop', resumeOn?: string) => Promise<void>;
  /** Which enrolments an unsaved edit would reach (the editor shows it live); null when not asked or unchanged. */
  preview: { sequenceId: string; items: ReachView[]; error?: string } | null;
  previewReach: (edit: SequenceEdit & { id: string }) => Promise<void>;
  /** Save an edit and move the chosen enrolments onto the new version in one go. */
  saveAndApply: (edit: SequenceEdit & { id: string }, enrolmentIds: string[]) => Promise<boolean>;
  /** A contact's time zone and country ('' clears); answers a problem in words, or null. */
  savePlace: (email: string, timeZone: string, country: string) => Promise<string | null>;
  setVacation: (until: string | undefined) => Promise<void>;
  setCountry: (country: string | undefined) => Promise<void>;
  filterContacts: (query: string) => Promise<void>;
  loadDue: () => Promise<void>;
  /**
   * `load` and `loadDue`, each only if it never answered: the side panel's sequence pane, drawn on every thread
   * the rep opens, needs the sequences, templates and due steps once, not per thread (they follow no thread).
   * The panel's `refresh` keeps them current.
   */
  loadOnce: () => Promise<void>;
  /** Read again what is shown (the sequences, the enrolments and the due steps): something changed in the background. */
  refresh: () => Promise<void>;
  act: (itemId: string, action: DueItem['actions'][number]) => Promise<void>;
}

export interface SequencesPorts {
  send: SendPort;
  /** The tab the side panel is beside (insert goes to it); absent on the options page. */
  tabInView?: () => Promise<TabInView>;
}

/** A country code as the rep reads it ("Germany" / "Deutschland"); the code itself where Intl has no name. */
const countryName = (code: string) => {
  try {
    return new Intl.DisplayNames([uiLocale()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

export const createSequencesStore = (ports: SequencesPorts) =>
  createStore<SequencesState>()((set, get) => {
    const { send } = ports;
    let shown: { email?: string; sequenceId?: string } = {};
    let latestPreview: unknown;
    const fail = (error: unknown) => set({ notice: { text: userMessage(error), tone: 'error' }, busy: false });
    const done = (text: string) => set({ notice: { text, tone: 'info' }, busy: false });
    // Whether `load` and `loadDue` have answered once (`loadOnce`).
    let listed = false;
    let dueRead = false;
    const refreshShown = async () => {
      if (shown.email || shown.sequenceId) await get().loadEnrolments(shown);
    };
    return {
      sequences: [],
      templates: [],
      enrolments: [],
      due: [],
      reach: null,
      preview: null,
      vacationUntil: undefined,
      country: undefined,
      matches: [],
      notice: null,
      busy: false,

      async load() {
        try {
          const [{ sequences }, { templates }, { settings }] = await Promise.all([
            request(send, 'sequences.list', {}),
            request(send, 'drafts.listTemplates', {}),
            request(send, 'settings.load', {}),
          ]);
          const block = settings.sequences as { vacationUntil?: string; country?: string } | undefined;
          set({ country: block?.country, sequences, templates: templates.filter((t) => t.kind === 'template' && !t.hidden).map((t) => ({ id: t.id, name: t.name })), vacationUntil: block?.vacationUntil });
          listed = true;
        } catch (error) {
          fail(error);
        }
      },

      async save(edit) {
        set({ busy: true });
        try {
          const { sequence, reach } = await request(send, 'sequences.save', { sequence: edit });
          const reached = reach.filter((r) => r.reaches).length;
          set({ reach: edit.id ? { sequenceId: sequence.id, version: sequence.version, items: reach } : null });
          const named = { version: formatNumber(sequence.version), name: sequence.name };
          done(!edit.id ? t('sequencesStore_created', { name: sequence.name }) : reached ? tn('sequencesStore_saved_reach', reached, named) : t('sequencesStore_saved_no_reach', named));
          await get().load();
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      async previewReach(edit) {
        const asked = edit;
        latestPreview = asked;
        try {
          const { reach } = await request(send, 'sequences.reach', { sequence: edit });
          if (latestPreview !== asked) return; // a newer edit is on its way
          set({ preview: { sequenceId: edit.id, items: reach } });
        } catch (error) {
          if (latestPreview === asked) set({ preview: { sequenceId: edit.id, items: [], error: userMessage(error) } });
        }
      },

      async saveAndApply(edit, enrolmentIds) {
        set({ busy: true });
        try {
          const { sequence, reach } = await request(send, 'sequences.save', { sequence: edit });
          const chosen = reach.filter((r) => r.reaches && enrolmentIds.includes(r.enrolmentId)).map((r) => r.enrolmentId);
          const moved = chosen.length ? (await request(send, 'sequences.apply', { sequenceId: sequence.id, enrolmentIds: chosen })).moved : 0;
          set({ reach: null, preview: null });
          done(tn('sequencesStore_saved_moved', moved, { version: formatNumber(sequence.version), name: sequence.name }));
          await Promise.all([get().load(), refreshShown()]);
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      async savePlace(email, timeZone, country) {
        // Checked here too, so the rep reads which field is wrong instead of a refused message.
        if (timeZone.trim() && !IanaTimeZone.safeParse(timeZone).success) return t('sequencesStore_bad_zone', { zone: timeZone.trim() });
        if (country.trim() && !CountryCode.safeParse(country).success) return t('sequencesStore_bad_country', { country: country.trim() });
        set({ busy: true });
        try {
          const out = await request(send, 'sequences.contactPlace', { email, timeZone: timeZone.trim(), country: country.trim().toUpperCase() });
          const place = { email, zone: out.timeZone ?? t('sequencesStore_your_zone'), holidays: out.country ? countryName(out.country) : t('sequencesStore_your_holidays') };
          done(out.replanned ? tn('sequencesStore_place_saved_replanned', out.replanned, place) : t('sequencesStore_place_saved', place));
          await refreshShown();
          return null;
        } catch (error) {
          const text = userMessage(error);
          set({ notice: { text, tone: 'error' }, busy: false });
          return text;
        }
      },

      async apply(sequenceId, enrolmentIds) {
        set({ busy: true });
        try {
          const { moved } = await request(send, 'sequences.apply', { sequenceId, enrolmentIds });
          set({ reach: null, preview: null });
          done(tn('sequencesStore_moved', moved));
          await refreshShown();
        } catch (error) {
          fail(error);
        }
      },

      async remove(sequenceId) {
        set({ busy: true });
        try {
          const { stopped } = await request(send, 'sequences.delete', { sequenceId });
          done(stopped ? tn('sequencesStore_deleted_stopped', stopped) : t('sequencesStore_deleted'));
          await get().load();
        } catch (error) {
          fail(error);
        }
      },

      async enrol(sequenceId, people) {
        set({ busy: true });
        try {
          const { enrolled, skipped } = await request(send, 'sequences.enrol', { sequenceId, people });
          const who = skipped.map((s) => t('sequencesStore_skipped_item', { email: s.email, reason: say(s.words, s.reason) }));
          done([tn('sequencesStore_enrolled', enrolled.length), ...(who.length ? [t('sequencesStore_skipped', { who: who.join('; ') })] : [])].join(' ').slice(0, 600));
          await Promise.all([get().load(), refreshShown()]);
        } catch (error) {
          fail(error);
        }
      },

      async enrolCsv(sequenceId, csv) {
        set({ busy: true });
        try {
          const { enrolled, skipped, errors } = await request(send, 'sequences.enrolCsv', { sequenceId, csv });
          const refused = [
            ...errors.map((e) => t('sequencesStore_refused_line', { line: formatNumber(e.line), message: say(e.messageWords, e.message) })),
            ...skipped.map((s) => t('sequencesStore_refused_email', { email: s.email, reason: say(s.words, s.reason) })),
          ];
          const shown = refused.slice(0, 5).join('; ');
          const who = refused.length > 5 ? tn('sequencesStore_and_more', refused.length - 5, { list: shown }) : shown;
          done([tn('sequencesStore_enrolled_file', enrolled.length), ...(refused.length ? [t('sequencesStore_not_enrolled', { who })] : [])].join(' '));
          await Promise.all([get().load(), refreshShown()]);
        } catch (error) {
          fail(error);
        }
      },

      async loadEnrolments(of) {
        shown = of;
        try {
          const { enrolments } = await request(send, 'sequences.enrolments', of);
          if (shown !== of) return;
          set({ enrolments });
        } catch (error) {
          fail(error);
        }
      },

      async control(enrolmentId, action, resumeOn) {
        set({ busy: true });
        try {
          const { enrolment } = await request(send, 'sequences.control', { enrolmentId, action, ...(resumeOn ? { resumeOn } : {}) });
          done(say(enrolment.reasonWords, enrolment.reason));
          await Promise.all([refreshShown(), get().loadDue()]);
        } catch (error) {
          fail(error);
        }
      },

      async setVacation(until) {
        set({ busy: true });
        try {
          await request(send, 'sequences.vacation', { until });
          set({ vacationUntil: until });
          done(until ? t('sequencesStore_vacation_on', { day: formatDay(until, { weekday: 'long', month: 'long', day: 'numeric' }) }) : t('sequencesStore_vacation_off'));
        } catch (error) {
          fail(error);
        }
      },

      async setCountry(country) {
        set({ busy: true });
        try {
          const { settings } = await request(send, 'settings.load', {});
          await request(send, 'settings.update', { patch: { sequences: { ...(settings.sequences as object), country } } });
          set({ country });
          done(country ? t('sequencesStore_holidays', { country: countryName(country) }) : t('sequencesStore_no_holidays'));
        } catch (error) {
          fail(error);
        }
      },

      async filterContacts(query) {
        try {
          const { items } = await request(send, 'ui.contacts.search', { query, limit: 500 });
          set({ matches: items.map((i) => ({ email: i.contact.email, name: i.contact.name })) });
        } catch (error) {
          fail(error);
        }
      },

      async loadOnce() {
        await Promise.all([listed ? undefined : get().load(), dueRead ? undefined : get().loadDue()]);
      },

      async refresh() {
        await Promise.all([refreshShown(), get().loadDue(), get().load()]);
      },

      async loadDue() {
        try {
          set({ due: (await request(send, 'sequences.due', {})).items });
          dueRead = true;
        } catch (error) {
          fail(error);
        }
      },

      async act(itemId, action) {
        set({ busy: true });
        try {
          const tab = (await ports.tabInView?.()) ?? {};
          const result = await request(send, 'sequences.act', { itemId, action, tabId: tab.tabId });
          if (result.ok) done(say(result.words, result.note ?? t('sequencesStore_done')));
          else set({ notice: { text: say(result.words, result.reason), tone: 'error' }, busy: false });
          await Promise.all([get().loadDue(), refreshShown()]);
        } catch (error) {
          fail(error);
        }
      },
    };
  });
