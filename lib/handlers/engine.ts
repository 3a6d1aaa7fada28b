import { importContacts } from '../crm/import';
import { logThread, threadLogState } from '../crm/log-thread';
import { EVENT_TYPES, RuleValidationError, type RuleInput } from '../engine/rules';
import { Undo } from '../engine/undo';
import type { Handlers } from '../router';
import type { ServicePorts } from './ports';
import { WordsError, words } from '../words';
import { say } from '../say';

/** The background's answers to the engine area's channels (lib/channels/engine.ts). */
export function engineHandlers(ports: ServicePorts) {
  const { db, engine, now } = ports;

  async function log(threadId: string, accountEmail?: string) {
    const { settings } = await ports.settings.load();
    // Participants who are contacts only in the connected CRM get mirror rows first, so the log finds them.
    // A CRM that cannot answer now does not stop the rep's click: the sync finds them by address when it writes.
    if (ports.crm && settings.crm !== 'local' && settings.logToCrmContacts) {
      const messages = await db.messages.where('threadId').equals(threadId).toArray();
      const self = accountEmail?.toLowerCase();
      const addresses = [...new Set(messages.flatMap((m) => [m.from, ...m.to, ...m.cc, ...m.bcc]).map((p) => p.email.toLowerCase()))].filter((e) => e !== self);
      await ports.crm.sync.directory.resolve(addresses, messages[0]?.subject ?? '').catch(() => undefined);
    }
    const at = now();
    const { result } = await engine.runManual({
      action: 'crm.logThread',
      eventId: `manual:log:${threadId}`,
      // One audit entry per click: a click that finds nothing new is recorded as skipped.
      key: `manual:log:${threadId}:${at}`,
      run: (tx) => logThread(tx, threadId, { settings, now: at, accountEmail }),
    });
    ports.notifyPanels();
    return { result: result.result, detail: result.detail, detailWords: result.detailWords, state: await threadLogState(db, threadId) };
  }

  /**
   * Undo an audited action, and take back from the CRM the emails it had logged there: the deletions are
   * queued before the undo (durable if the worker stops), and run once it has landed.
   */
  async function undoWithCrm(seq: number) {
    const messages = ports.crm ? await loggedMessages(seq) : [];
    if (messages.length) await ports.crm!.sync.queueUndo(messages);
    const out = await engine.undo(seq);
    if (messages.length) void ports.crm!.sync.undoLanded(messages.map((m) => m.messageId)).catch(() => {});
    return out;
  }

  /** The Gmail messages whose activities an audit entry's undo deletes. */
  async function loggedMessages(seq: number): Promise<{ messageId: string; subject?: string }[]> {
    const entry = await db.auditLog.get(seq);
    const undo = Undo.safeParse(entry?.undo);
    if (!undo.success) return [];
    const ids = undo.data.flatMap((s) => (s.op === 'delete' && s.table === 'activities' ? s.keys : []));
    const activities = (await db.activities.bulkGet(ids)).filter((a) => !!a?.messageId);
    const out = new Map<string, { messageId: string; subject?: string }>();
    for (const a of activities) out.set(a!.messageId!, { messageId: a!.messageId!, subject: a!.summary });
    return [...out.values()];
  }

  return {
    'engine.logThread': async ({ threadId, accountEmail }) => {
      const out = await log(threadId, accountEmail);
      return out.detailWords ? { ...out, said: say(out.detailWords, out.detail) } : out;
    },
    'engine.panelLogThread': ({ threadId }) => log(threadId),

    'engine.threadLogState': ({ threadId }) => threadLogState(db, threadId),

    async 'engine.undoThreadLog'({ threadId }) {
      const state = await threadLogState(db, threadId);
      if (!state.undoSeq) throw new WordsError(words('err_nothing_to_undo'), 'nothing on this thread can be undone');
      await undoWithCrm(state.undoSeq);
      ports.notifyPanels();
      return threadLogState(db, threadId);
    },

    async 'engine.auditList'({ limit, before, threadId }) {
      // One page by index, newest first (an index orders equal keys by seq): never the whole log.
      const query = threadId ? db.auditLog.where('threadId').equals(threadId) : before ? db.auditLog.where(':id').below(before) : db.auditLog.toCollection();
      const rows = await query
        .reverse()
        .filter((e) => !before || (e.seq ?? 0) < before)
        .limit(limit)
        .toArray();
      return {
        entries: rows.map((e) => ({
          seq: e.seq!,
          at: e.at,
          eventId: e.eventId,
          ruleId: e.ruleId,
          ruleDescription: e.ruleDescription,
          action: e.action,
          result: e.result,
          detail: e.detail,
          detailWords: e.detailWords,
          threadId: e.threadId,
          canUndo: !e.undoneAt && Array.isArray(e.undo) && e.undo.length > 0,
          undoneAt: e.undoneAt,
        })),
      };
    },

    async 'engine.auditUndo'({ seq }) {
      const out = await undoWithCrm(seq);
      ports.notifyPanels();
      return out;
    },

    async 'engine.rulesList'() {
      return {
        rules: await engine.listRules(),
        conditions: [...engine.registry.conditions.values()].map(({ kind, label }) => ({ kind, label })),
        actions: [...engine.registry.actions.values()].map(({ kind, label }) => ({ kind, label })),
        triggers: EVENT_TYPES,
      };
    },

    async 'engine.ruleSave'({ rule }) {
      try {
        await engine.saveRule(rule as RuleInput);
        return { saved: true, issues: [] };
      } catch (error) {
        if (error instanceof RuleValidationError) return { saved: false, issues: error.issues };
        throw error;
      }
    },

    async 'engine.ruleSetEnabled'({ id, enabled }) {
      return { changed: await engine.setRuleEnabled(id, enabled) };
    },

    async 'engine.importContacts'({ csv, fileName }) {
      let report: Awaited<ReturnType<typeof importContacts>>['report'] | undefined;
      const at = now();
      const { seq } = await engine.runManual({
        action: 'crm.importContacts',
        eventId: `manual:import:${at}`,
        key: `manual:import:${at}`,
        run: async (tx) => {
          const out = await importContacts(tx, csv, at);
          report = out.report;
          const changed = out.report.created + out.report.updated;
          return {
            result: changed ? 'ok' : 'skipped',
            detail: `imported ${fileName ?? 'a CSV file'}: ${out.report.created} created, ${out.report.updated} updated, ${out.report.errors.length} row error(s)`,
            detailWords: words('audit_imported', { file: fileName ?? words('audit_a_csv_file'), created: out.report.created, updated: out.report.updated, errors: words('contactImport_row_errors', { count: out.report.errors.length }) }),
            undo: out.undo,
          };
        },
      });
      ports.notifyPanels();
      return { ...report!, auditSeq: seq };
    },

    async 'engine.crmRecordViewed'({ record }, { tabId }) {
      const at = now();
      if (tabId !== undefined) await ports.views.set({ tabId, view: 'other', record, at });
      await ports.dispatch({ type: 'crm.record.viewed', ...record, at });
      ports.notifyPanels(tabId);
      return { received: true };
    },
  } satisfies Partial<Handlers>;
}
