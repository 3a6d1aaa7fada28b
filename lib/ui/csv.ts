import Papa from 'papaparse';

/**
 * One table as CSV for a spreadsheet: a column per field seen in any row, nested values as JSON, and
 * cells that a spreadsheet would run as a formula (=, +, -, @ …) escaped, since they may hold mail text.
 */
export function tableToCsv(rows: readonly unknown[]): string {
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      fields.push(key);
    }
  }
  const data = rows.map((row) =>
    fields.map((f) => {
      const value = (row as Record<string, unknown>)[f];
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    }),
  );
  return Papa.unparse({ fields, data }, { escapeFormulae: true, newline: '\r\n' });
}

export function csvFileName(table: string, at: number): string {
  return `followthrough-${table}-${new Date(at).toISOString().slice(0, 10)}.csv`;
}
