import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Window } from 'happy-dom';
import { extractPage } from '../../lib/gmail/extract';
import { SelectorHealth } from '../../lib/gmail/selectors';
import { ownMessagesIn, parseJsonBody, parseSyncRequest, parseSyncResponse } from '../../lib/gmail/sync-parsers';
import type { SyncMessage } from '../../lib/gmail/sync';
import type { InspectCommand } from './types';

// `npm run inspect -- gmail FILE...`: for the day Gmail changes. For each file, one JSON line of what
// Followthrough extracts and which dated parser read it (lib/gmail/sync-parsers.ts): from a sync save request
// (.json) the sends, scheduled sends and draft saves, with X_response.json beside X_request.json checked to
// hold them; from a sync answer or thread fetch (.json) every message and the rep's own sent ones; from a
// saved page (.html) the view, the list rows and the open thread. An unreadable or unrecognised file gives a
// line with "error" naming what each parser missed; the command goes on; exit code 1 if any failed.

const emails = (list: { email: string }[]) => list.map((p) => p.email.toLowerCase());
const message = (m: SyncMessage) => ({ messageId: m.messageId, threadId: m.threadId, from: m.from?.email ?? null, to: emails(m.to), cc: emails(m.cc), bcc: emails(m.bcc), subject: m.subject });

function inspectJson(file: string): Record<string, unknown> {
  const body = parseJsonBody(readFileSync(file, 'utf8'));
  const request = parseSyncRequest(body);
  const answer = request.messages.length > 0 ? undefined : parseSyncResponse(body);
  if (answer?.layout) {
    const own = ownMessagesIn(answer);
    const line: Record<string, unknown> = {
      file,
      body: 'answer',
      parser: answer.layout,
      messages: answer.messages.map((m) => ({ messageId: m.messageId, threadId: m.threadId, state: m.state, legacyMessageId: m.legacyMessageId ?? null, from: m.from?.email ?? null, date: m.at === undefined ? null : new Date(m.at).toISOString() })),
      labelChanges: answer.stored.filter((s) => s.fromLabelChange).map((s) => ({ messageId: s.messageId, threadId: s.threadId, added: s.labels })),
      own: own.own.map((o) => ({ messageId: o.messageId, threadId: o.threadId, legacyMessageId: o.legacyMessageId ?? null, from: o.from.email, to: emails(o.to), cc: emails(o.cc), bcc: emails(o.bcc), subject: o.subject, date: new Date(o.at).toISOString() })),
    };
    const problems = [...answer.problems, ...own.problems];
    if (problems.length > 0) line.problems = problems;
    return line;
  }
  if (!request.layout) throw new Error(`not a Gmail sync body in any known layout: ${[...request.problems, ...(answer?.problems ?? [])].join('; ')}`);
  const line: Record<string, unknown> = {
    file,
    body: 'request',
    parser: request.layout,
    sends: request.messages.filter((m) => m.kind === 'send').map(message),
    scheduled: request.messages.filter((m) => m.kind === 'scheduled').map(message),
    drafts: request.messages.filter((m) => m.kind === 'draft').map((m) => ({ messageId: m.messageId, threadId: m.threadId })),
  };
  const responseFile = file.replace(/_request\.json$/, '_response.json');
  if (responseFile !== file && existsSync(responseFile)) {
    const stored = parseSyncResponse(parseJsonBody(readFileSync(responseFile, 'utf8')));
    if (!stored.layout) throw new Error(`${basename(responseFile)}: not a Gmail sync answer: ${stored.problems.join('; ')}`);
    // What Gmail says it stored must be what was sent: a mismatch means the layout moved.
    const storedIds = new Set(stored.stored.map((s) => s.messageId));
    const missing = request.messages.filter((m) => m.kind !== 'other' && !storedIds.has(m.messageId)).map((m) => m.messageId);
    if (missing.length > 0) throw new Error(`${basename(responseFile)}: Gmail's answer does not hold ${missing.join(', ')}`);
    line.answer = { file: responseFile, parser: stored.layout, own: ownMessagesIn(stored).own.map((o) => o.messageId) };
  }
  if (request.problems.length > 0) line.problems = request.problems;
  return line;
}

function inspectHtml(file: string): Record<string, unknown> {
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  try {
    const doc = new window.DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html') as unknown as Document;
    const health = new SelectorHealth();
    const page = extractPage(doc, health);
    if (page.view === 'other') throw new Error(`no Gmail view recognised (not found: ${health.missing().join(', ')})`);
    const thread = page.thread && {
      threadId: page.thread.threadId,
      legacyThreadId: page.thread.legacyThreadId ?? null,
      subject: page.thread.subject,
      participants: emails(page.thread.participants),
      messages: page.thread.messages.map((m) => ({
        messageId: m.messageId,
        legacyMessageId: m.legacyMessageId ?? null,
        from: m.from.email,
        to: emails(m.to),
        cc: emails(m.cc),
        date: m.date === undefined ? null : new Date(m.date).toISOString(),
        bodyText: m.bodyText,
      })),
    };
    return {
      file,
      view: page.view,
      rows: page.rows.map((r) => ({ threadId: r.threadId, senders: emails(r.senders), subject: r.subject, unread: r.unread })),
      thread,
    };
  } finally {
    void window.happyDOM.close();
  }
}

export const run: InspectCommand = async (files, { out }) => {
  if (files.length === 0) {
    out(JSON.stringify({ error: 'usage: npm run inspect -- gmail FILE... (.json sync request or answer bodies, .html page snapshots)' }));
    return 2;
  }
  let failed = false;
  for (const file of files) {
    try {
      const ext = extname(file).toLowerCase();
      if (!existsSync(file)) throw new Error('no such file');
      if (ext === '.json') out(JSON.stringify(inspectJson(file)));
      else if (ext === '.html' || ext === '.htm') out(JSON.stringify(inspectHtml(file)));
      else throw new Error(`unrecognised file type "${ext || '(none)'}": expected .json or .html`);
    } catch (error) {
      failed = true;
      out(JSON.stringify({ file, error: error instanceof Error ? error.message : String(error) }));
    }
  }
  return failed ? 1 : 0;
};
