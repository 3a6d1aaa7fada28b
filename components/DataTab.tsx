import { useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { TABLE_NAMES } from '@/lib/db';
import { csvFileName, tableToCsv } from '@/lib/ui/csv';
import type { OptionsState } from '@/lib/ui/options-store';
import { download } from './download';
import { t } from '@/lib/i18n';

/** Export everything (JSON, or one table as CSV), import an export, and delete everything. */
export function DataTab({ store }: { store: StoreApi<OptionsState> }) {
  const { busy, exportData, importData, deleteAll } = useStore(store);
  const [table, setTable] = useState<string>('contacts');
  const [mode, setMode] = useState<'replace' | 'merge'>('replace');
  const [phrase, setPhrase] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const ids = { table: useId(), file: useId(), phrase: useId(), title: useId() };

  const exportJson = async () => {
    const data = await exportData();
    if (data) download(`followthrough-export-${new Date(data.exportedAt).toISOString().slice(0, 10)}.json`, 'application/json', JSON.stringify(data, null, 2));
  };
  const exportCsv = async () => {
    const data = await exportData();
    if (data) download(csvFileName(table, data.exportedAt), 'text/csv', tableToCsv(data.tables[table] ?? []));
  };
  const runImport = async () => {
    const picked = file.current?.files?.[0];
    if (!picked) return;
    if (await importData(await picked.text(), mode)) file.current!.value = '';
  };

  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title">{t('dataTab_your_data')}</h1>
      <p className="muted">{t('dataTab_everything_followthrough_knows_lives_in')}</p>

      <h2>{t('dataTab_export')}</h2>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void exportJson()}>
          {t('dataTab_export_everything_json')}</button>
      </div>
      <div className="actions">
        <label htmlFor={ids.table}>{t('dataTab_one_table_as_csv')}</label>
        <select id={ids.table} value={table} onChange={(e) => setTable(e.currentTarget.value)} style={{ width: 'auto' }}>
          {TABLE_NAMES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => void exportCsv()}>
          {t('dataTab_download_csv')}</button>
      </div>

      <h2>{t('dataTab_import')}</h2>
      <div className="field">
        <label htmlFor={ids.file}>{t('dataTab_export_file_json')}</label>
        <input id={ids.file} ref={file} type="file" accept="application/json,.json" />
      </div>
      <fieldset className="field">
        <legend className="label">{t('dataTab_when_importing')}</legend>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />{' '}{t('dataTab_replace_what_is_stored_now')}</label>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />{' '}{t('dataTab_add_to_it_rows_with')}</label>
      </fieldset>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void runImport()}>
          {t('dataTab_import')}</button>
      </div>
      <p className="hint">{t('dataTab_every_row_is_checked_first')}</p>

      <h2>{t('dataTab_delete')}</h2>
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => dialog.current?.showModal()}>
          {t('dataTab_delete_all_data')}</button>
      </div>
      <dialog ref={dialog} aria-labelledby={ids.title} onClose={() => setPhrase('')}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (phrase.trim().toLowerCase() !== 'delete everything') return;
            void deleteAll().then(() => dialog.current?.close());
          }}
        >
          <h2 id={ids.title}>{t('dataTab_delete_all_followthrough_data')}</h2>
          <p>{t('dataTab_contacts_activities_reminders_suggestions_rules')}</p>
          <div className="field">
            <label htmlFor={ids.phrase}>{t('dataTab_type_delete_everything_to_confirm')}</label>
            <input id={ids.phrase} type="text" autoComplete="off" value={phrase} onChange={(e) => setPhrase(e.currentTarget.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="danger" disabled={busy || phrase.trim().toLowerCase() !== 'delete everything'}>
              {t('dataTab_delete_everything')}</button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('dataTab_cancel')}</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
