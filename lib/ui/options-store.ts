import { createStore } from 'zustand/vanilla';
import { request, type SendPort } from '../client';
import { userMessage } from './errors';
import { ExportFile, type ContactEdit, type ContactListItem } from '../channels/ui';
import type { ResponseOf } from '../messages';
import { formatNumber, t, tn } from '../i18n';
import { sayUndone } from './audit-words';

export const OPTION_TABS = ['today', 'rules', 'templates', 'sequences', 'meetings', 'contacts', 'data', 'ai', 'crm', 'privacy'] as const;
export type OptionTab = (typeof OPTION_TABS)[number];

export interface OptionsState {
  tab: OptionTab;
  notice: { text: string; tone: 'info' | 'error' } | null;
  busy: boolean;
  contacts: { query: string; items: ContactListItem[]; total: number; duplicates: string[][]; loaded: boolean };
  setTab: (tab: OptionTab) => void;
  searchContacts: (query: string) => Promise<void>;
  saveContact: (edit: ContactEdit) => Promise<string | null>;
  mergeContacts: (keepId: string, mergeIds: string[]) => Promise<void>;
  exportData: () => Promise<ExportFile | null>;
  importData: (text: string, mode: 'replace' | 'merge') => Promise<boolean>;
  deleteAll: () => Promise<boolean>;
  // ---- Contact import screen (issue 12) ----
  /** Import mapped contacts (CSV text with the importer's own headers); the report and the audit entry to undo. */
  importContacts: (csv: string, fileName: string) => Promise<ContactImportResult | null>;
  undoImport: (seq: number) => Promise<boolean>;
}

export type ContactImportResult = ResponseOf<'engine.importContacts'>;

const message = userMessage;

/** The options page's state: one store, a slice per tab. */
export const createOptionsStore = (send: SendPort, initialTab: OptionTab = 'rules') =>
  createStore<OptionsState>()((set, get) => {
    const fail = (error: unknown) => set({ notice: { text: message(error), tone: 'error' }, busy: false });
    const done = (text: string) => set({ notice: { text, tone: 'info' }, busy: false });
    return {
      tab: initialTab,
      notice: null,
      busy: false,
      contacts: { query: '', items: [], total: 0, duplicates: [], loaded: false },

      setTab: (tab) => set({ tab, notice: null }),

      async searchContacts(query) {
        set((s) => ({ contacts: { ...s.contacts, query } }));
        try {
          const found = await request(send, 'ui.contacts.search', { query, limit: 200 });
          if (get().contacts.query !== query) return; // a newer search is on its way
          set({ contacts: { query, ...found, loaded: true } });
        } catch (error) {
          fail(error);
        }
      },

      async saveContact(edit) {
        try {
          const { contact } = await request(send, 'ui.contacts.save', { contact: edit });
          done(t('optionsStore_saved_contact', { name: contact.name }));
          await get().searchContacts(get().contacts.query);
          return null;
        } catch (error) {
          return message(error);
        }
      },

      async mergeContacts(keepId, mergeIds) {
        set({ busy: true });
        try {
          const { contact, moved } = await request(send, 'ui.contacts.merge', { keepId, mergeIds });
          done(t('optionsStore_merged', { name: contact.name, moved: tn('optionsStore_linked_records', moved) }));
          await get().searchContacts(get().contacts.query);
        } catch (error) {
          fail(error);
        }
      },

      async exportData() {
        set({ busy: true });
        try {
          const file = await request(send, 'ui.data.export', {});
          done(t('optionsStore_export_ready'));
          return file;
        } catch (error) {
          fail(error);
          return null;
        }
      },

      async importData(text, mode) {
        set({ busy: true });
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          fail(new Error(t('optionsStore_not_json')));
          return false;
        }
        const file = ExportFile.safeParse(parsed);
        if (!file.success) {
          fail(new Error(t('optionsStore_not_export')));
          return false;
        }
        try {
          const { imported } = await request(send, 'ui.data.import', { file: file.data, mode });
          const rows = Object.values(imported).reduce((a, b) => a + b, 0);
          done(tn(mode === 'replace' ? 'optionsStore_imported_rows_replacing' : 'optionsStore_imported_rows', rows));
          return true;
        } catch (error) {
          fail(new Error(t('optionsStore_import_refused', { error: message(error) })));
          return false;
        }
      },

      async importContacts(csv, fileName) {
        set({ busy: true });
        try {
          const report = await request(send, 'engine.importContacts', { csv, fileName });
          done(tn('optionsStore_imported', report.errors.length, { file: fileName, created: formatNumber(report.created), updated: formatNumber(report.updated) }));
          void get().searchContacts(get().contacts.query);
          return report;
        } catch (error) {
          fail(error);
          return null;
        }
      },

      async undoImport(seq) {
        set({ busy: true });
        try {
          const { detail, detailWords } = await request(send, 'engine.auditUndo', { seq });
          // What was undone, in the words the log keeps for it, after our framing.
          done(t('optionsStore_import_undone', { detail: sayUndone(detailWords, detail) }));
          void get().searchContacts(get().contacts.query);
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      async deleteAll() {
        set({ busy: true });
        try {
          const { deleted, browser } = await request(send, 'ui.data.deleteAll', { confirm: 'delete everything' });
          const rows = Object.values(deleted).reduce((a, b) => a + b, 0);
          const access = browser ? browser.origins.length + browser.permissions.length : 0;
          done(
            browser
              ? t('optionsStore_deleted_all', { rows: tn('optionsStore_rows', rows), secrets: tn('optionsStore_secrets', browser.secrets), access: tn('optionsStore_permissions', access) })
              : tn('optionsStore_deleted_rows', rows),
          );
          set((s) => ({ contacts: { ...s.contacts, items: [], total: 0, duplicates: [] } }));
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },
    };
  });
