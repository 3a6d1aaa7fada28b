import { useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { TABLE_NAMES } from '@/lib/db';
import { csvFileName, tableToCsv } from '@/lib/ui/csv';
import type { OptionsState } from '@/lib/ui/options-store';
import { download } from './download';

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
      <h1 id="data-title">Your data</h1>
      <p className="muted">Everything Followthrough knows lives in this browser. Take it with you, bring it back, or remove it.</p>

      <h2>Export</h2>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void exportJson()}>
          Export everything (JSON)
        </button>
      </div>
      <div className="actions">
        <label htmlFor={ids.table}>One table as CSV</label>
        <select id={ids.table} value={table} onChange={(e) => setTable(e.currentTarget.value)} style={{ width: 'auto' }}>
          {TABLE_NAMES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => void exportCsv()}>
          Download CSV
        </button>
      </div>

      <h2>Import</h2>
      <div className="field">
        <label htmlFor={ids.file}>Export file (JSON)</label>
        <input id={ids.file} ref={file} type="file" accept="application/json,.json" />
      </div>
      <fieldset className="field">
        <legend className="label">When importing</legend>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace what is stored now
        </label>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Add to it (rows with the same id are overwritten)
        </label>
      </fieldset>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void runImport()}>
          Import
        </button>
      </div>
      <p className="hint">Every row is checked first: a file with one bad row is refused whole and nothing changes.</p>

      <h2>Delete</h2>
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => dialog.current?.showModal()}>
          Delete all data…
        </button>
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
          <h2 id={ids.title}>Delete all Followthrough data?</h2>
          <p>Contacts, activities, reminders, suggestions, rules, the automation log and your settings are removed from this browser. Nothing in a connected CRM is touched. This cannot be undone: export first if you may want it back.</p>
          <div className="field">
            <label htmlFor={ids.phrase}>Type “delete everything” to confirm</label>
            <input id={ids.phrase} type="text" autoComplete="off" value={phrase} onChange={(e) => setPhrase(e.currentTarget.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="danger" disabled={busy || phrase.trim().toLowerCase() !== 'delete everything'}>
              Delete everything
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
