import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEnglishInWords, findErrorText, findHardCoded, findRawPaths, findUnsaid, findUnworded, findUnwordedSchemaMessages } from '../support/hardcoded-strings';

// No user-visible text is written straight into a component: JSX text and the attributes a person reads
// (aria-label, title, placeholder, alt, label, our components' text props) go through lib/i18n's t()/tn().
// Recipe for a new string: CONTRIBUTING.md "Add a user-visible string".

const root = resolve(import.meta.dirname, '../..');
const files = (dir: string, pattern = /\.tsx$/): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), pattern) : pattern.test(e.name) ? [join(dir, e.name)] : []));
const components = [...files(join(root, 'components')), ...files(join(root, 'entrypoints'))];
// UI that is not React: the in-Gmail controls and what mounts them (plain DOM in a shadow root, CONTRIBUTING.md
// habit 7), the content scripts' entry points, and the small helpers beside the components.
const domUi = [...files(join(root, 'lib/gmail'), /\.ts$/), ...files(join(root, 'entrypoints'), /\.ts$/), ...files(join(root, 'components'), /\.ts$/)];
// Text built for a surface outside JSX, read as view models (every text-named property is text): the surfaces'
// zustand stores and helpers (notices, errors, labels), the Reports page's tables, and the in-Gmail controls'
// answers to the background (an `error` or `why` the side panel shows).
const viewModels = [...files(join(root, 'lib/ui'), /\.ts$/), join(root, 'lib/reports/tables.ts'), ...files(join(root, 'lib/gmail/features'), /\.ts$/)];
// The Reports page's figures and range names (label maps of message keys), read as plain code.
const reportLabels = [join(root, 'lib/reports/metrics.ts')];
// Refusals and statuses the background makes for the rep, which the page can only say in the rep's language when
// they carry words (lib/words.ts): the handlers' answers, the CRM sync and its outbox, Today's actions, the
// meetings service and the services behind the buttons. Left out: the planners' internal invariants
// (lib/sequences/safety.ts), which no rep action reaches.
const background = [
  ...['service.ts', 'invitation.ts', 'recap.ts'].map((f) => join(root, 'lib/meetings', f)),
  ...files(join(root, 'lib/handlers'), /\.ts$/),
  ...files(join(root, 'lib/crm'), /\.ts$/),
  ...files(join(root, 'lib/today'), /\.ts$/),
  ...['lib/outbox.ts', 'lib/router.ts', 'lib/engine/runner.ts', 'lib/reports/report.ts', 'lib/drafts/library.ts', 'lib/followup/reminders.ts'].map((f) => join(root, f)),
  ...['service.ts', 'today-source.ts', 'decide.ts', 'calendar.ts'].map((f) => join(root, 'lib/sequences', f)),
  // What the automation log, the timeline, the contacts import and the popup read later: each action's and the
  // runner's audit lines, activity summaries, import row errors, settings warnings.
  ...files(join(root, 'lib/engine/actions'), /\.ts$/),
  ...['lib/followup/actions.ts', 'lib/settings.ts'].map((f) => join(root, f)),
  // Lead decisions, what undo kept, rule issues, template field issues, calendar feed warnings and the AI log's lines.
  ...['lib/today/leads.ts', 'lib/engine/undo.ts', 'lib/engine/rules.ts', 'lib/drafts/template.ts', 'lib/meetings/ical-feed.ts', 'lib/ai/gateway.ts'].map((f) => join(root, f)),
];
/**
 * Words with an English line inside them as written, by design: `file text` of the argument. A rep's own text
 * (a rule's reason), the prospect's phrase quoted, a provider's or library's own error, a code with no words.
 */
const ENGLISH_INSIDE_OK = new Set([
  // The gateway's reason code, said as it came only when this build has no words for it.
  'lib/ai/intent.ts text: outcome.reason',
  // The provider's own reason for its reading, as it wrote it.
  'lib/drafts/suggest.ts text: override.reason',
  // The reason the rep wrote into their own rule.
  'lib/engine/actions/create-suggestion.ts reason: params.reason',
  // The out-of-office phrase quoted from the prospect's message.
  'lib/followup/reminders.ts said: read.reason.slice(0, 500)',
  // The auto-reply's subject quoted as written (the checker also sees the English branch of `why`, which this line never takes).
  'lib/engine/inbound.ts why: whyWords',
  // The calendar library's own error.
  "lib/meetings/invitation.ts error: error?.message ?? 'no output'",
  'lib/meetings/ical-feed.ts detail: detail.slice(0, 300)',
  // The provider's own error, in the AI log.
  'lib/ai/gateway.ts text: why.slice(0, 1000)',
]);
/** Everything that makes words for the rep: the background files above and the rest of lib (but the Gmail scripts). */
const wordsMakers = files(join(root, 'lib'), /\.ts$/).filter((f) => !relative(root, f).startsWith('lib/gmail/'));
/**
 * Surfaces that show a line the background stored, and the fields they read it from: each must be said through
 * `say(words, english)` (or a `say…` helper), so the rep reads the stored words, not the English beside them.
 */
const SHOWN_STORED: Record<string, string[]> = {
  'components/AuditLog.tsx': ['detail'],
  'lib/ui/audit-words.ts': ['detail'],
  'lib/ui/panel-store.ts': ['detail'],
  'lib/ui/options-store.ts': ['detail'],
  'lib/ui/popup-store.ts': ['detail', 'message'],
  'components/Timeline.tsx': ['summary'],
  'components/ContactImport.tsx': ['message'],
  'components/LeadRoutingForm.tsx': ['message'],
  'components/MeetingsTab.tsx': ['message'],
  'lib/ui/issue-words.ts': ['message'],
  'components/AiLogTab.tsx': ['detail'],
  // The side panel's AI log: each call's chip has its detail as the title.
  'components/DraftSuggestions.tsx': ['detail'],
};
/** Schemas whose refusals are shown beside the popup's and options' fields (settings, meetings settings). */
const SCHEMAS = [
  'lib/settings.ts',
  'lib/meetings/settings.ts',
  'lib/meetings/schema.ts',
  // Refused by the router before a handler runs, whose issues now reach the rep (sequences, templates, contacts,
  // rules and their parameters, the rows these carry).
  'lib/records.ts',
  'lib/sequences/schema.ts',
  'lib/drafts/template.ts',
  'lib/engine/rules.ts',
  ...files(join(root, 'lib/engine/conditions'), /\.ts$/).map((f) => relative(root, f)),
  ...files(join(root, 'lib/engine/actions'), /\.ts$/).map((f) => relative(root, f)),
  ...['drafts', 'followup', 'meetings', 'sequences', 'ui'].map((c) => `lib/channels/${c}.ts`),
  // The Reports page's custom range, refused by the router (reports.get) with these issues.
  'lib/reports/metrics.ts',
];
/** Text that is not the rep's to read: names of Gmail's endpoints in the health record's technical problems. */
const NOT_UI = new Set([
  'lib/gmail/sync-channel.ts NAMES',
  // Stop reasons' ids as the reports group them (stored in a report's rows); each has its own words.
  'lib/reports/metrics.ts STOP_REASONS',
]);

describe('hard-coded strings in components', () => {
  it('finds text, text attributes and strings inside expressions, and ignores code', () => {
    const found = findHardCoded(
      'x.tsx',
      `export const X = ({ ok, n }: { ok: boolean; n: number }) => (
        <div className="card wide" data-testid="x" aria-label="Close the panel">
          Save changes
          <input placeholder={'Search contacts'} type="text" />
          <img alt={ok ? 'Done' : t('key')} src="a.png" />
          {ok ? 'Yes please' : <b>{t('no')}</b>}
          <span title={\`Due \${n}\`}>{n} · {t('ok')}</span>
          {items.map((i) => <li key={i}>Item {i}</li>)}
          <FormActions save="Save rule" onCancel={() => {}} />
          {kind === 'followup' && t('x')}
        </div>
      );`,
    );
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['aria-label', 'Close the panel'],
      ['text', 'Save changes'],
      ['placeholder', 'Search contacts'],
      ['alt', 'Done'],
      ['text', 'Yes please'],
      ['title', 'Due'],
      ['text', 'Item'],
      ['save', 'Save rule'],
    ]);
  });

  it('finds label maps and status texts outside JSX, and ignores keys, class names, URLs and MIME types', () => {
    const found = findHardCoded(
      'x.tsx',
      `const LABELS: Record<Kind, string> = { email: 'Email sent', note: t('x') };
      const KEYS: Record<Kind, MessageKey> = { email: 'activityKind_email', note: 'activityKind_note' };
      const DAYS = ['Sunday', 'Monday'];
      const WHAT = { task: 'Task', undo: 'Undo of a logged email' } as const;
      const STYLE = { bg: '#ffffff', series: ['#0b57d0'], mime: 'text/calendar', url: 'https://x.test/a', cls: 'card' };
      const theme = { title: 'Kept: not a label map' };
      function save() {
        setStatus({ text: \`Saved \${n} rules.\`, tone: 'info' });
        setError('Show the chart first.');
        setError(null);
      }`,
    );
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['LABELS', 'Email sent'],
      ['DAYS', 'Sunday'],
      ['DAYS', 'Monday'],
      ['WHAT', 'Task'],
      ['WHAT', 'Undo of a logged email'],
      ['setStatus.text', 'Saved'],
      ['setStatus.text', 'rules.'],
      ['setError', 'Show the chart first.'],
    ]);
  });

  it('finds text set on plain-DOM elements, and ignores roles, states, styles and keys', () => {
    const found = findHardCoded(
      'x.ts',
      `const b = document.createElement('button');
      b.textContent = 'Log to CRM';
      b.title = \`Logged \${n} emails\`;
      input.placeholder = t('key');
      b.setAttribute('aria-label', busy ? 'Logging…' : t('x'));
      b.setAttribute('role', 'status');
      b.setAttribute('aria-expanded', 'false');
      box.append(input, document.createTextNode('Even if they reply'));
      note.append('Reminder saved.');
      const row = el('div', { className: 'row err', textContent: 'Calendar not read' }, 'Their zone', input);
      const ok = el('button', { type: 'button', textContent: t('proposeTimes_use') });
      style.textContent = css;
      b.className = 'primary wide';
      const name = chip.textContent?.trim() === 'Invite';`,
    );
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['textContent', 'Log to CRM'],
      ['title', 'Logged'],
      ['title', 'emails'],
      ['setAttribute(aria-label)', 'Logging…'],
      ['createTextNode', 'Even if they reply'],
      ['append', 'Reminder saved.'],
      ['el.textContent', 'Calendar not read'],
      ['el', 'Their zone'],
    ]);
  });

  it.each(domUi.map((f) => relative(root, f)))('%s (plain DOM) has none', (file) => {
    const found = findHardCoded(file, readFileSync(join(root, file), 'utf8')).filter((f) => !NOT_UI.has(`${file} ${f.where}`));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: "${f.text}"`)).toEqual([]);
  });

  it('finds status texts in any React state setter', () => {
    const found = findHardCoded('x.tsx', `setNote({ ok: false, text: \`Not booked: \${e}\` }); setMoving({ id, why: 'no open time' }); setTone('info'); setNote({ text: t('k') });`);
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['setNote.text', 'Not booked:'],
      ['setMoving.why', 'no open time'],
    ]);
  });

  it('finds refusals the background makes without words, and ignores those with words or passing another error on', () => {
    const found = findUnworded(
      'x.ts',
      `throw new Error('that suggestion no longer exists');
      throw new WordsError(words('err_x'), 'that suggestion no longer exists');
      throw new Error(reply.error);
      return { kind: 'failed', error: \`No \${label} contact has \${email}\` };
      return { kind: 'retry', error: 'waiting for the undo', words: words('crm_wait_undo') };
      return { ok: false, reason: 'snooze needs a time in the future' };
      return { ok: false, reason: 'x y', words: said };
      return { ok: false as const, error: 'Reading a calendar feed is not available here.' };
      return { ...fail(held), words: heldSaid };
      throw new CrmError(crm, 'timeout', \`\${name} did not answer\`);
      throw new CrmError(crm, 'timeout', \`\${name} did not answer\`, { message: words('k') });
      throw new OAuthError('Salesforce sign-in returned no code.');
      const e = new Error('not thrown, not shown');
      throw new CrmError(crm, 'server', \`\${name} failed\`, undefined, { status: 500 });`,
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, 'throw new Error'],
      [4, 'outcome without words'],
      [6, 'refusal without words'],
      [8, 'refusal without words'],
      [10, 'new CrmError without words'],
      [12, 'new OAuthError without words'],
      [14, 'new CrmError without words'],
    ]);
  });

  it('finds our own error classes thrown with one English line, answers with an error or note line and no words, and outcomes kept `as const`', () => {
    const found = findUnworded(
      'x.ts',
      `throw new FeedError(\`The calendar feed at \${host} answered \${status}.\`);
      throw new FeedError(words('feedErr_status', { host, status }), \`The calendar feed at \${host} answered \${status}.\`);
      throw new TypeError(value);
      const error = e instanceof FeedError ? e.message : \`The calendar feed could not be read: \${String(e)}\`;
      return { busy: [], error };
      return { busy: [], error: e.message, errorWords: e.words };
      return { kind: 'failed' as const, error: 'not a sequence.due payload' };
      words('err_invitation_not_built', { error: error?.message ?? 'no output' });
      return { kind: 'fallback', reason: 'no_provider', note: 'No AI provider is set up, so these are your templates.' };
      return { kind: 'fallback', reason, note: \`The AI draft failed (\${why}).\`, noteWords: words('aiNote_failed', { failure }) };
      const body = { subject: title, type: 'meeting', note: \`Booked by \${name}\` };`,
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, 'throw new FeedError without words'],
      [5, 'error without words'],
      [7, 'outcome without words'],
      [9, 'note without words'],
    ]);
  });

  it('finds lines stored for a surface without their words: audit details, activity summaries, row errors, warnings', () => {
    const found = findUnworded(
      'x.ts',
      `return { result: 'skipped', detail: 'no reminder was waiting', threadId };
      return { result: 'ok', detail: \`cancelled \${n} reminder(s)\`, detailWords: words('audit_cancelled_reminders', { count: n }) };
      await this.audit({ ...base, result: 'failed', detail: message(error).slice(0, 2000) });
      await db.activities.add({ id, kind: 'meeting', summary: \`Meeting booked: \${slot}\`, at: now });
      await db.activities.add({ id, kind: 'note', summary: note.body.slice(0, 2000), at: now });
      const sent = { id, summary: \`\${verb}: \${subject || '(no subject)'}\`.slice(0, 2000) };
      return { status, detail: logged ? \`Sent “\${subject}”: logged.\` : \`“\${subject}” will not be logged.\` };
      const activity = { id, summary: \`\${verb}: \${subject}\`, summaryWords: words('activity_sent', { subject }) };
      errors.push({ line, message: 'no email address' });
      errors.push({ line, message: 'no email address', messageWords: words('import_no_email') });
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'a meeting must end after it starts' });
      fileErrors.push(\`only the first \${max} rows were read\`);
      warnings.push(\`Setting "\${key}" was invalid\`);
      warningWords.push(words('settings_warning_field_reset', { field: key, issue }));`,
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, 'detail without words'],
      [4, 'summary without words'],
      [6, 'summary without words'],
      [7, 'detail without words'],
      [9, 'message without words'],
      [12, 'line without words'],
    ]);
  });

  it('finds stored lines a surface shows as written, and passes those said through say()', () => {
    const found = findUnsaid(
      'x.tsx',
      `const what = e.detail || e.action;
      const said = say(e.detailWords, e.detail);
      const { detail } = await request(send, 'engine.auditUndo', { seq });
      done(t('optionsStore_import_undone', { detail }));
      const { detail: english, detailWords } = out;
      const fine = sayUndone(detailWords, english);
      const row = <li>{a.summary}</li>;
      const ok = <li>{say(a.summaryWords, a.summary)}</li>;
      const problems = out.errors.map(({ row, message: problem }) => t('k', { row, problem }));
      const shown = <span>{e.message}</span>;`,
      ['detail', 'summary', 'message'],
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, '.detail shown as written'],
      [4, 'detail shown as written'],
      [7, '.summary shown as written'],
      [10, '.message shown as written'],
    ]);
  });

  it('finds schema messages written without words, and passes those written through issue()', () => {
    const found = findUnwordedSchemaMessages(
      'x.ts',
      `const Time = z.string().regex(/^\\d\\d:\\d\\d$/, 'a time as HH:MM');
      const Fine = z.string().regex(/^\\d\\d:\\d\\d$/, issue('a time as HH:MM', 'issue_time'));
      const Range = z.object({}).refine((r) => r.a < r.b, { message: 'a range must end after it starts' });
      const Keep = z.number().min(7, 'keep at least 7 days').max(3650);
      const Url = z.url({ protocol: /^https?$/, message: 'an http(s) URL' });
      const Id = z.string().regex(/^[a-z]+$/, 'lower');
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: \`unknown time zone "\${tz}"\` });
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: \`unknown time zone "\${tz}"\`, params: { words: w } });`,
    );
    expect(found.map((f) => f.line)).toEqual([1, 3, 4, 5, 7]);
  });

  it.each(Object.keys(SHOWN_STORED))('%s says the stored lines it shows', (file) => {
    const found = findUnsaid(file, readFileSync(join(root, file), 'utf8'), SHOWN_STORED[file]!);
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
  });

  it.each(SCHEMAS)('%s (a schema shown beside fields) words its messages', (file) => {
    const found = findUnwordedSchemaMessages(file, readFileSync(join(root, file), 'utf8'));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
  });

  it.each(background.map((f) => relative(root, f)))('%s (background) refuses only with words', (file) => {
    const found = findUnworded(file, readFileSync(join(root, file), 'utf8'));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
  });

  it('finds notices a store sets or returns, text a words function returns, and text built by string methods', () => {
    const found = findHardCoded(
      'x.tsx',
      `const fail = (e: unknown) => set({ notice: { text: userMessage(e), tone: 'error' }, busy: false });
      set({ inserted: { ...get().inserted, [id]: { ok: false, message: 'Nothing to insert.' } } });
      set((s) => ({ errors: s.errors, saved: \`Saved: \${label}.\` }));
      set(main, 'className', logged ? 'logged' : '');
      done(\`Enrolled \${n} contacts.\`.slice(0, 600));
      done([t('a'), 'your holidays'].join(', '));
      act(\`log:\${id}\`, async () => { const out = await go(); return out.ok ? \`Logged: \${out.detail}\` : out.detail; });
      run(async () => t('rulesStore_reset'));
      const what = { followup: 'Follow-up', draft: t('x') }[kind];
      function plainWords(rule: Rule) { return \`When \${trigger(rule)}, then \${rule.actions.join(', then ') || 'nothing'}.\`; }
      const rowLabel = (n: number) => (n ? t('k', { n }) : 'none');
      function sentenceText(parts: string[]) { const then = parts.length ? t('k') : 'nothing yet'; return t('s', { then }); }
      set({ notice: { text: say(result.words, result.note ?? 'Done.'), tone: 'info' } });
      function build() { return 'card wide'; }
      export function Timeline({ activities, empty = 'Nothing logged yet.' }: Props) { return <ul>{activities.length ? null : <li>{empty}</li>}</ul>; }
      const Tab = () => <div>{text('bufferBefore', 'Buffer before each meeting (minutes)')}{t('k', { n: 'x y' })}{format(d, 'dd MMM')}</div>;`,
    );
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['set.inserted.[id].message', 'Nothing to insert.'],
      ['set.saved', 'Saved:'],
      ['done', 'Enrolled'],
      ['done', 'contacts.'],
      ['done', 'your holidays'],
      ['act returns', 'Logged:'],
      ['inline map', 'Follow-up'],
      ['plainWords returns', 'When'],
      ['plainWords returns', ', then'],
      ['plainWords returns', 'nothing'],
      ['rowLabel returns', 'none'],
      ['sentenceText returns', 'nothing yet'],
      ['set.notice.text', 'Done.'],
      ['empty default', 'Nothing logged yet.'],
      ['text()', 'Buffer before each meeting (minutes)'],
    ]);
  });

  it('reads every text-named property of a view model as text, at any depth, and leaves the rest', () => {
    const source = `tables.push({ id: 'emails', title: 'Emails by day', columns: ['Day', t('x')], rows: r ? [['Emails awaiting a reply', r.awaited]] : [], chart: 'byDay', headline: \`Rate: \${n}\`, note: t('n') });
      return { attached: false, why: 'Gmail showed no dropzone for the file' };
      const theme = { title: 'Kept: not a label map' };`;
    expect(findHardCoded('x.ts', source, { viewModel: true }).map((f) => [f.where, f.text])).toEqual([
      ['title', 'Emails by day'],
      ['columns', 'Day'],
      ['rows', 'Emails awaiting a reply'],
      ['headline', 'Rate:'],
      ['why', 'Gmail showed no dropzone for the file'],
      ['title', 'Kept: not a label map'],
    ]);
    // In a component an object's title is configuration until it reaches JSX.
    expect(findHardCoded('x.tsx', source)).toEqual([]);
  });

  it.each(viewModels.map((f) => relative(root, f)))('%s (view model) has none', (file) => {
    const found = findHardCoded(file, readFileSync(join(root, file), 'utf8'), { viewModel: true }).filter((f) => !NOT_UI.has(`${file} ${f.where}`));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: "${f.text}"`)).toEqual([]);
  });

  it.each(reportLabels.map((f) => relative(root, f)))('%s (report labels) has none', (file) => {
    const found = findHardCoded(file, readFileSync(join(root, file), 'utf8')).filter((f) => !NOT_UI.has(`${file} ${f.where}`));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: "${f.text}"`)).toEqual([]);
  });

  it('reads the code of event handlers in JSX, where a status text is set on submit', () => {
    const found = findHardCoded(
      'x.tsx',
      `const F = () => <form onSubmit={(e) => { if (bad) return setError(\`timeZone: “\${zone}” is not a time zone\`); setError(t('k')); }}><select onChange={(e) => setHost(custom ? 'https://' : e.currentTarget.value)} /></form>;`,
    );
    expect(found.map((f) => [f.where, f.text])).toEqual([
      ['setError', 'timeZone: “'],
      ['setError', '” is not a time zone'],
    ]);
  });

  it('finds refusals under any false flag and issues thrown as one English line', () => {
    const found = findUnworded(
      'x.ts',
      `return { lead: false, reason: 'already a contact' };
      return { lead: false, reason: 'already a contact', words: words('lead_already_contact') };
      return { queued: false, reason: \`activity \${id} is gone\` };
      return { log: false, reason: 'personal' };
      return { available: false as const, reason: \`Not recorded per \${what}.\`, reasonWords: words('k') };
      if (!parsed.success) throw new Error(describeRowIssues(parsed.error.issues, 5));
      if (!out.saved) throw new Error(out.issues.map((i) => i.message).join('; '));
      if (parsed.fileErrors.length) throw new Error(parsed.fileErrors.join('; '));
      throw new WordsError(issuesWords(parsed.error.issues), describeRowIssues(parsed.error.issues));`,
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, 'refusal without words'],
      [3, 'refusal without words'],
      [6, 'throw new Error of issues'],
      [7, 'throw new Error of issues'],
      [8, 'throw new Error of issues'],
    ]);
  });

  it('finds English lines put inside words, and passes their words with the English after ?? as the fallback (but for an error’s own text)', () => {
    const found = findEnglishInWords(
      'x.ts',
      `words('audit_not_a_lead', { reason: decision.reason });
      words('audit_not_a_lead', { reason: decision.words ?? decision.reason });
      words('audit_undid_kept', { seq, what, kept: kept.join('; ').slice(0, 900) });
      words('audit_undid_kept', { seq, what, kept: keptWords(kept) });
      words('audit_condition_failed', { error });
      words('audit_condition_failed', { error: said ?? error });
      words('audit_condition_failed', { error: said ?? words('err_unexpected') });
      words('err_template_broken_field', { template: name, error: String(error) });
      words('crm_unreadable_note', { issue: parsed.error.issues[0]?.message ?? '' });
      words('crm_unreadable_note', { issue: firstIssueWords(parsed.error.issues) });
      words('err_import_settings', { issues: describeRowIssues(found, 5) });
      words('crm_failed_fix', { fix: fixSaid, message: error.said?.message ?? error.message });
      words('k', { what: 'the local CRM' });
      const why = verdict.words ?? verdict.reason;
      words('audit_kept_no_return_date', { reason: why });
      const because = verdict.reason;
      words('audit_kept_no_return_date', { reason: because });
      words('k', { found: fields.join(', '), seq: String(seq) });`,
    );
    expect(found.map((f) => [f.line, f.where])).toEqual([
      [1, 'reason: an English line'],
      [3, 'a list of lines joined into one line'],
      [5, 'error: an English line'],
      [6, "an error's text when it has no words (error)"],
      [8, "String(error): an error's text"],
      [9, "an error's message"],
      [11, 'describeRowIssues(…): issues as English lines'],
      [13, 'text written here'],
      [17, 'reason: an English line'],
    ]);
  });

  it.each(wordsMakers.map((f) => relative(root, f)))('%s puts no English line inside words', (file) => {
    const found = findEnglishInWords(file, readFileSync(join(root, file), 'utf8')).filter((f) => !ENGLISH_INSIDE_OK.has(`${file} ${f.text}`));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
  });

  it('finds an error shown by its own text, and passes userMessage', () => {
    const found = findErrorText(
      'x.tsx',
      `const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
      set({ error: t('k', { error: err instanceof Error ? err.message : String(err) }) });
      set({ error: userMessage(e) });
      const code = e instanceof CrmError ? e.code : 'other';`,
    );
    expect(found.map((f) => f.line)).toEqual([1, 2]);
  });

  it('finds a refused field’s raw path shown in a line, or put inside words, and passes the place in words', () => {
    const found = findRawPaths(
      'x.tsx',
      `const line = issues.map((i) => (i.path ? \`\${i.path}: \${i.message}\` : i.message)).join('; ');
      const all = issues.map((i) => \`\${i.path.join(' ')}: \${sayIssue(i)}\`);
      const fine = issues.map((i) => t('issue_at', { path: say(placeWords(i.path)!), issue: sayIssue(i) }));
      const key = \`\${prefix}.\${i}\`;`,
    );
    expect(found.map((f) => f.line)).toEqual([1, 2]);
    const inWords = findEnglishInWords('x.ts', `words('issue_at', { path: i.path.map(String).join('.'), issue: issueWords(i) }); words('issue_at', { path: place, issue: issueWords(i) });`);
    expect(inWords.map((f) => f.where)).toEqual(["a field's raw path"]);
  });

  it.each([...components, ...viewModels.filter((f) => !f.includes('/lib/gmail/'))].map((f) => relative(root, f)))('%s shows no raw field path', (file) => {
    const found = findRawPaths(file, readFileSync(join(root, file), 'utf8'));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
  });

  // The surfaces (not the Gmail scripts, which carry no lib/say.ts: the background says their lines).
  it.each([...components, ...files(join(root, 'components'), /\.ts$/), ...viewModels.filter((f) => !f.includes('/lib/gmail/'))].map((f) => relative(root, f)).filter((f) => f !== 'lib/ui/errors.ts'))(
    '%s says errors through userMessage',
    (file) => {
      const found = findErrorText(file, readFileSync(join(root, file), 'utf8'));
      expect(found.map((f) => `${f.file}:${f.line} ${f.where}: ${f.text}`)).toEqual([]);
    },
  );

  it.each(components.map((f) => relative(root, f)))('%s has none', (file) => {
    const found = findHardCoded(file, readFileSync(join(root, file), 'utf8'));
    expect(found.map((f) => `${f.file}:${f.line} ${f.where}: "${f.text}"`)).toEqual([]);
  });
});
