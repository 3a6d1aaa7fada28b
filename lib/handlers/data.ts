import type { Handlers } from '../router';
import { describeRowIssues, rowSchemas, TABLE_NAMES, type TableName } from '../db';
import { Settings } from '../settings';
import type { ExportFile } from '../channels/ui';
import type { ServicePorts } from './ports';
import type { ReportsPorts } from './reports';
import { WordsError, words } from '../words';
import { issuesWords } from '../issue-words';

// The reports' day figures and their cursor are derived from the rest (lib/reports/rollup.ts): not written to an
// export (they are a cache, and their build time would make two exports of the same data differ), never taken
// from a file (an older export may hold them), and emptied by an import, so the next report rebuilds them from
// what is stored now (an import sends no engine events for the rollup to read).
const DERIVED = new Set<TableName>(['reportDays', 'reportState']);

/** Everything stored, as the rep's own: export it to a file, import one back, or delete it all (`ui.data.*`). */
export function dataHandlers(ports: ServicePorts & { reports?: ReportsPorts }) {
  const { db, now } = ports;

  return {
    async 'ui.data.export'(): Promise<ExportFile> {
      const { settings } = await ports.settings.load();
      const tables = Object.fromEntries(Object.entries(await db.dump()).filter(([name]) => !DERIVED.has(name as TableName)));
      // An export is a file the rep may mail or keep anywhere: the AI provider's API key stays in the browser.
      const { apiKey: _key, ...ai } = settings.ai as typeof settings.ai & { apiKey?: string };
      return { format: 'followthrough-export', version: 1, exportedAt: now(), settings: { ...settings, ai }, tables };
    },

    async 'ui.data.import'({ file, mode }) {
      // Check everything before writing anything: a bad file is refused whole, and nothing stored is lost.
      // A file without an API key (every export) keeps the key this browser has.
      const current = (await ports.settings.load()).settings.ai as { apiKey?: string };
      const fileAi = file.settings.ai as { apiKey?: string } | undefined;
      const withKey = fileAi && !fileAi.apiKey && current.apiKey ? { ...file.settings, ai: { ...fileAi, apiKey: current.apiKey } } : file.settings;
      const settings = Settings.safeParse(withKey);
      if (!settings.success) throw new WordsError(words('err_import_settings', { issues: issuesWords(settings.error.issues, 5) }), `settings: ${describeRowIssues(settings.error.issues, 5)}`);
      const unknown = Object.keys(file.tables).filter((t) => !(TABLE_NAMES as string[]).includes(t));
      if (unknown.length > 0) throw new WordsError(words('err_import_unknown_tables', { tables: unknown.join(', ') }), `the file has tables this version does not know: ${unknown.join(', ')}`);
      const rows = {} as Record<TableName, unknown[]>;
      for (const name of TABLE_NAMES) {
        const input = DERIVED.has(name) ? [] : (file.tables[name] ?? []);
        const parsed: unknown[] = [];
        for (const [i, row] of input.entries()) {
          const result = rowSchemas[name].safeParse(row);
          if (!result.success) throw new WordsError(words('err_import_row', { table: name, row: i + 1, issues: issuesWords(result.error.issues, 5) }), `${name} row ${i + 1}: ${describeRowIssues(result.error.issues, 5)}`);
          parsed.push(result.data);
        }
        rows[name] = parsed;
      }
      const tables = TABLE_NAMES.map((n) => db.table(n));
      await db.transaction('rw', tables, async () => {
        for (const name of TABLE_NAMES) {
          if (mode === 'replace' || DERIVED.has(name)) await db.table(name).clear();
          if (rows[name].length > 0) await db.table(name).bulkPut(rows[name]);
        }
      });
      await ports.settings.update(settings.data);
      // The engine reads rules once and caches them; built-ins missing from the file come back as shipped.
      await ports.engine.seedBuiltIns();
      // Start the rebuild now rather than on the first report (which waits for it either way).
      ports.reports?.rollup?.rebuild().catch((e: unknown) => console.warn(`[Followthrough] reports not rebuilt after the import: ${String(e)}`));
      ports.notifyPanels();
      return { imported: Object.fromEntries(TABLE_NAMES.map((n) => [n, rows[n].length])) };
    },

    async 'ui.data.deleteAll'() {
      const deleted: Record<string, number> = {};
      await db.transaction(
        'rw',
        TABLE_NAMES.map((n) => db.table(n)),
        async () => {
          for (const name of TABLE_NAMES) {
            deleted[name] = await db.table(name).count();
            await db.table(name).clear();
          }
        },
      );
      // Tokens, the AI key, sync cursors and granted permissions go too (before the settings are written afresh).
      const browser = await ports.wipe?.();
      await ports.settings.update(Settings.parse({}));
      // Everything the rep made is gone; Followthrough starts again with its shipped rules.
      await ports.engine.seedBuiltIns();
      ports.notifyPanels();
      return { deleted, ...(browser ? { browser } : {}) };
    },
  } satisfies Partial<Handlers>;
}
