import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Window } from 'happy-dom';
import { extractPage } from '../../lib/gmail/extract';
import { SelectorHealth } from '../../lib/gmail/selectors';
import { parseJsonBody, parseSyncRequest, parseSyncResponse } from '../../lib/gmail/sync';
import type { InspectCommand } from '../inspect';

// `npm run inspect -- gmail FILE...`: for the day Gmail changes. For each file, one JSON line of what
// Followthrough extracts: from a sync request body (.json, with X_response.json beside X_request.json read
// too) the sends and draft saves; from a saved page (.html) the view, the list rows and the open thread.
// An unreadable or unrecognised file gives a line with "error"; the command goes on; exit code 1 if any failed.

const emails = (list: { email: string }[]) => list.map((p) => p.email.toLowerCase());

function inspectJson(file: string): Record<string, unknown> {
  const request = parseJsonBody(readFileSync(file, 'utf8'));
  const { messages, problems } = parseSyncRequest(request);
  if (messages.length === 0) throw new Error(`not a Gmail sync request with messages: ${problems.join('; ') || 'no message found'}`);
  const line: Record<string, unknown> = {
    file,
    sends: messages
      .filter((m) => m.kind === 'send')
      .map((m) => ({ messageId: m.messageId, threadId: m.threadId, from: m.from?.email ?? null, to: emails(m.to), cc: emails(m.cc), bcc: emails(m.bcc), subject: m.subject })),
    drafts: messages.filter((m) => m.kind === 'draft').map((m) => ({ messageId: m.messageId, threadId: m.threadId })),
  };
  const responseFile = file.replace(/_request\.json$/, '_response.json');
  if (responseFile !== file && existsSync(responseFile)) {
    const { stored, problems: responseProblems } = parseSyncResponse(parseJsonBody(readFileSync(responseFile, 'utf8')));
    if (stored.length === 0) throw new Error(`${basename(responseFile)}: not a Gmail sync response: ${responseProblems.join('; ')}`);
    // What Gmail says it stored must be what was sent: a mismatch means the layout moved.
    const storedIds = new Set(stored.map((s) => s.messageId));
    const missing = messages.filter((m) => m.kind !== 'other' && !storedIds.has(m.messageId)).map((m) => m.messageId);
    if (missing.length > 0) throw new Error(`${basename(responseFile)}: Gmail's answer does not hold ${missing.join(', ')}`);
  }
  if (problems.length > 0) line.problems = problems;
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
    out(JSON.stringify({ error: 'usage: npm run inspect -- gmail FILE... (.json sync request bodies, .html page snapshots)' }));
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
