import { t } from '../i18n';
import { kindKey } from '../engine/kind-words';
import { say } from '../say';
import { wordsOf } from '../words';

// The automation log in the rep's language: each entry's line from the words stored beside its English
// (lib/engine/runner.ts), its kind by the engine's kind words, its result by name. Entries written before the
// words existed show their English line.

/** An engine kind (an action, a trigger, the log's own work) in the rep's words, or as the engine names it. */
export const sayKind = (kind: string): string => {
  const key = kindKey(kind);
  return key ? t(key) : kind;
};

/** What an entry says happened. */
export const sayAuditDetail = (entry: { detail: string; detailWords?: unknown; action: string }): string => say(entry.detailWords, entry.detail) || sayKind(entry.action);

/** A result that is not plain success, by name. */
export const sayAuditResult = (result: 'ok' | 'skipped' | 'failed'): string => (result === 'failed' ? t('auditLog_result_failed') : result === 'skipped' ? t('auditLog_result_skipped') : t('auditLog_result_ok'));

/** What an undo took back (the undone entry's own words, kept inside the undo's) and what it left; else its English line. */
export function sayUndone(detailWords: unknown, detail: string): string {
  const args = wordsOf(detailWords)?.args;
  const english = detail.replace(/^undid #\d+: /, '');
  if (!args?.what || typeof args.what === 'string') return english;
  return args.kept ? say({ key: 'audit_undone_kept', args: { what: args.what, kept: args.kept } }, english) : say(args.what, english);
}
