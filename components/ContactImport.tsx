import Papa from 'papaparse';
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { guessImportField, IMPORT_FIELD_HEADER, IMPORT_FIELDS, MAX_IMPORT_ROWS, type ImportField } from '@/lib/crm/import';
import type { ContactImportResult, OptionsState } from '@/lib/ui/options-store';
import { formatNumber, t, tn, type MessageKey } from '@/lib/i18n';
import { say } from '@/lib/say';

const FIELD_LABEL: Record<ImportField, MessageKey> = { email: 'importField_email', name: 'importField_name', first: 'importField_first', last: 'importField_last', company: 'importField_company', title: 'importField_title', phone: 'importField_phone', alt: 'importField_alt', domain: 'importField_domain', timeZone: 'importField_timeZone', country: 'importField_country' };
const PREVIEW_ROWS = 5;

interface Parsed {
  fileName: string;
  headers: string[];
  rows: string[][];
  problems: string[];
}

/** Read a CSV file into headers and rows (papaparse: quotes, BOMs, separators it detects). */
function readCsv(text: string, fileName: string): Parsed {
  const out = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [headers = [], ...rows] = out.data;
  // Papaparse's own words for what broke stay as it wrote them, after the line in the rep's words.
  const problems = out.errors.slice(0, 5).map(({ row, message: problem }) => t('contactImport_problem_line', { line: formatNumber((row ?? 0) + 1), problem }));
  if (rows.length > MAX_IMPORT_ROWS) problems.push(t('contactImport_only_first_rows', { max: formatNumber(MAX_IMPORT_ROWS), rows: formatNumber(rows.length) }));
  return { fileName, headers: headers.map((h) => h.trim()), rows: rows.slice(0, MAX_IMPORT_ROWS), problems };
}

/** The mapped rows as CSV under the importer's own headers; unmapped columns are left out. */
function mappedCsv(parsed: Parsed, mapping: (ImportField | '')[]): string {
  const used = mapping.map((f, i) => [f, i] as const).filter((x): x is readonly [ImportField, number] => x[0] !== '');
  return Papa.unparse({ fields: used.map(([f]) => IMPORT_FIELD_HEADER[f]), data: parsed.rows.map((r) => used.map(([, i]) => r[i] ?? '')) });
}

/** Contacts from a CSV file: preview the rows, say which column is what, import, and undo the import. */
export function ContactImport({ store }: { store: StoreApi<OptionsState> }) {
  const { busy, importContacts, undoImport } = useStore(store);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [mapping, setMapping] = useState<(ImportField | '')[]>([]);
  const [result, setResult] = useState<ContactImportResult | null>(null);
  const [undone, setUndone] = useState(false);
  const id = useId();
  const mappedFields = mapping.filter(Boolean);
  const duplicate = IMPORT_FIELDS.find((f) => mappedFields.filter((m) => m === f).length > 1);
  const canImport = !!parsed && parsed.rows.length > 0 && mappedFields.includes('email') && !duplicate;

  return (
    <section className="card contact-import" aria-label={t('contactImport_import_contacts_from_a_csv')} data-testid="contact-import">
      <h2>{t('contactImport_import_contacts_csv')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('contactImport_csv_file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (!file) return;
            void file.text().then((text) => {
              const next = readCsv(text, file.name);
              setParsed(next);
              setMapping(next.headers.map((h) => guessImportField(h) ?? ''));
              setResult(null);
              setUndone(false);
            });
          }}
        />
        <span className="hint">{t('contactImport_any_export_works_choose_below')}</span>
      </div>

      {parsed && (
        <>
          {parsed.problems.map((p) => (
            <p key={p} className="banner">
              {p}
            </p>
          ))}
          <p className="muted" data-testid="import-summary">
            {t('contactImport_file_summary', { fileName: parsed.fileName, rows: tn('contactImport_rows', parsed.rows.length), columns: tn('contactImport_columns', parsed.headers.length) })}</p>
          <div className="table-scroll">
            <table data-testid="import-preview">
              <thead>
                <tr>
                  {parsed.headers.map((h, i) => (
                    <th key={`${h}-${i}`} scope="col">
                      <div>{h || t('contactImport_column_i', { i: i + 1 })}</div>
                      <select
                        aria-label={t('contactImport_column_i_is', { i: h || `Column ${i + 1}` })}
                        value={mapping[i] ?? ''}
                        onChange={(e) => setMapping(mapping.map((m, j) => (j === i ? (e.currentTarget.value as ImportField | '') : m)))}
                      >
                        <option value="">{t('contactImport_leave_out')}</option>
                        {IMPORT_FIELDS.map((f) => (
                          <option key={f} value={f}>
                            {t(FIELD_LABEL[f])}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {parsed.rows.slice(0, PREVIEW_ROWS).map((r, i) => (
                  <tr key={i}>
                    {parsed.headers.map((_, j) => (
                      <td key={j}>{r[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!mappedFields.includes('email') && <p className="banner" role="alert">{t('contactImport_choose_the_column_that_holds')}</p>}
          {duplicate && (
            <p className="banner" role="alert">
              {t('contactImport_two_columns_are_duplicate_choose', { duplicate: t(FIELD_LABEL[duplicate]) })}</p>
          )}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={busy || !canImport || !!result}
              onClick={() => void importContacts(mappedCsv(parsed, mapping), parsed.fileName).then((out) => out && setResult(out))}
            >
              {tn('contactImport_import_rows', parsed.rows.length)}</button>
          </div>
        </>
      )}

      {result && (
        <div data-testid="import-result">
          <p>
            {t('contactImport_result', { created: formatNumber(result.created), updated: formatNumber(result.updated), unchanged: formatNumber(result.unchanged), errors: tn('contactImport_row_errors', result.errors.length) })}</p>
          {result.fileErrors.map((e, i) => (
            <p key={e} className="banner">
              {say(result.fileErrorWords?.[i], e)}
            </p>
          ))}
          {result.errors.length > 0 && (
            <ul className="import-errors">
              {result.errors.slice(0, 20).map((e) => (
                <li key={e.line}>
                  {t('contactImport_line_line', { line: e.line })}
                  {e.email ? ` (${e.email})` : ''}: {say(e.messageWords, e.message)}
                </li>
              ))}
            </ul>
          )}
          {result.auditSeq !== undefined && result.created + result.updated > 0 && (
            <button
              type="button"
              disabled={busy || undone}
              onClick={() => void undoImport(result.auditSeq!).then((done) => done && setUndone(true))}
            >
              {undone ? t('contactImport_import_undone') : t('contactImport_undo_this_import')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
