import type { FollowthroughDb } from '../db';
import type { Settings } from '../settings';
import type { ViewTracker } from '../views';
import { findContacts, companyForDomain, emailDomain } from '../crm/match';
import { render, type MergeValues, type Variable } from '../drafts/template';
import { mergeValues as threadMergeValues, OPEN_STAGES } from '../drafts/merge';
import { actionWords, TodayItem, type TodayAction, type TodayActResult, type TodaySource } from '../today/source';
import type { SequenceService } from './service';
import type { EnrolmentRow, SequenceRow } from './rows';
import { words, wordsOfError, type Words } from '../words';

// Due sequence steps, as Today items: a step whose time came (SequenceService.plan gave it one inside the
// send window, spaced by the caps) is an item until the rep inserts and sends it, ticks it off, skips or
// snoozes it. "Insert" checks once more that nothing arrived from the contact (mayInsert), fills the step's
// template and puts the text into the reply box of the rep's Gmail tab showing the thread — never sends: the
// rep's own Send, confirmed like every send (email.sent), is what makes the step done.

export interface SequenceSourcePorts {
  db: FollowthroughDb;
  service: SequenceService;
  settings: () => Promise<Settings>;
  views: Pick<ViewTracker, 'get'>;
  /** Send to a Gmail tab's content script (gmail.insertDraft) and get its answer. */
  sendToTab?: (tabId: number, message: unknown) => Promise<unknown>;
}

const DAY = 86_400_000;

export const itemIdOf = (enrolmentId: string, step: number) => `sequence-step:${enrolmentId}#${step}`;

export function parseItemId(id: string): { enrolmentId: string; step: number } | undefined {
  const m = /^sequence-step:(.+)#(\d{1,2})$/.exec(id);
  return m ? { enrolmentId: m[1]!, step: Number(m[2]) } : undefined;
}

function actionsOf(kind: 'email' | 'task' | 'call'): TodayAction[] {
  return kind === 'email' ? ['insert', 'skip', 'snooze'] : ['done', 'skip', 'snooze'];
}

export function itemOf(e: EnrolmentRow, s: SequenceRow): TodayItem {
  const step = s.steps[e.nextStep!]!;
  const title =
    step.kind === 'email'
      ? `Email ${e.contactEmail}${e.subject ? ` — ${e.subject}` : ''}`
      : step.kind === 'task'
        ? `${step.title} — ${e.contactEmail}`
        : `Call ${e.contactEmail}${step.title ? ` — ${step.title}` : ''}`;
  const threading = step.kind === 'email' ? (step.threading === 'new-thread' || !e.threadId ? ' · new thread' : ' · reply in thread') : '';
  return TodayItem.parse({
    id: itemIdOf(e.id, e.nextStep!),
    kind: 'sequence-step',
    title: title.slice(0, 500),
    detail: `Step ${e.nextStep! + 1} of ${s.steps.length} in ‘${s.name}’ · ${step.kind}${threading}${e.held ? ` · ${e.held}` : ''}`.slice(0, 500),
    titleWords:
      step.kind === 'email'
        ? e.subject
          ? words('seq_item_email_subject', { email: e.contactEmail, subject: e.subject.slice(0, 400) })
          : words('seq_item_email', { email: e.contactEmail })
        : step.kind === 'task'
          ? words('seq_item_task', { title: step.title.slice(0, 300), email: e.contactEmail })
          : step.title
            ? words('seq_item_call_title', { email: e.contactEmail, title: step.title.slice(0, 300) })
            : words('seq_item_call', { email: e.contactEmail }),
    detailWords: [
      words('seq_item_step_of', { step: e.nextStep! + 1, total: s.steps.length, name: s.name.slice(0, 200) }),
      { email: words('seq_kind_email'), task: words('seq_kind_task'), call: words('seq_kind_call') }[step.kind],
      ...(step.kind === 'email' ? [step.threading === 'new-thread' || !e.threadId ? words('seq_item_new_thread') : words('seq_item_in_thread')] : []),
      ...(e.held ? [e.heldWords ?? words('text_as_written', { text: e.held })] : []),
    ],
    contactEmail: e.contactEmail,
    ...(e.threadId && /^thread-[af]:r?-?\d{1,25}$/.test(e.threadId) ? { threadId: e.threadId } : {}),
    dueAt: e.offerAt!,
    newLead: false,
    actions: actionsOf(step.kind),
  });
}

/**
 * The merge fields of a step's template, from the contact, their company, their open deal (deals are indexed by
 * contact, `*contactIds`: the most recently updated open one) and the rep's settings. `deal` says whether there
 * is one, so a step needing it can be held with the reason.
 */
export async function mergeValues(db: FollowthroughDb, e: EnrolmentRow, settings: Settings): Promise<MergeValues & { openDeal?: string }> {
  const contact = (await findContacts(db, [e.contactEmail])).get(e.contactEmail);
  const company = contact?.companyId ? await db.companies.get(contact.companyId) : await companyForDomain(db, emailDomain(e.contactEmail));
  const deals = contact ? (await db.deals.where('contactIds').equals(contact.id).toArray()).filter((d) => OPEN_STAGES.has(d.stage)) : [];
  const values = threadMergeValues({ contact, company, deals, thread: { subject: e.subject }, repName: settings.repName, timeZone: settings.workingHours.timeZone });
  const open = deals.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return { ...values, 'contact.email': e.contactEmail, 'company.domain': company?.domain ?? emailDomain(e.contactEmail), openDeal: open?.name };
}

/**
 * Why a step's text must not go out: `deal.*` fields its template needs that have neither a value nor a
 * fallback. A deal's figures are never inserted as a blank; the step is held with the field named. (Other empty
 * fields keep the visible `[field]` marker drafts use, for the rep to fill in before Send.)
 */
export function heldReason(empty: readonly Variable[], contactEmail: string, openDeal: string | undefined): string | undefined {
  const deal = empty.filter((v) => v.startsWith('deal.'));
  if (deal.length === 0) return undefined;
  const fields = deal.map((v) => `{{${v}}}`).join(', ');
  if (!openDeal) return `held: the template needs ${fields} and ${contactEmail} has no open deal — add one, or give the field a fallback`;
  return `held: the template needs ${fields}, which the open deal “${openDeal}” does not have`;
}

/** heldReason's words for the rep, said in their language. */
export function heldWords(empty: readonly Variable[], contactEmail: string, openDeal: string | undefined): Words | undefined {
  const deal = empty.filter((v) => v.startsWith('deal.'));
  if (deal.length === 0) return undefined;
  const fields = deal.map((v) => `{{${v}}}`).join(', ');
  return openDeal ? words('seq_held_deal_lacks', { fields, deal: openDeal }) : words('seq_held_no_deal', { fields, email: contactEmail });
}

/** The answer of a Gmail tab to gmail.insertDraft, checked by hand (it comes from another context). */
function insertAnswer(reply: unknown): { inserted: boolean; error?: string; words?: Words } {
  const r = reply as { inserted?: unknown; error?: unknown } | null | undefined;
  if (!r || typeof r.inserted !== 'boolean') return { inserted: false, error: 'the Gmail tab did not answer (reload Gmail and try again)', words: words('seq_gmail_no_answer') };
  return { inserted: r.inserted, error: typeof r.error === 'string' ? r.error.slice(0, 300) : undefined };
}

/** The answer of a Gmail tab to gmail.composeNew, checked by hand. */
function composeAnswer(reply: unknown): { opened: boolean; error?: string; words?: Words } {
  const r = reply as { opened?: unknown; error?: unknown } | null | undefined;
  // The tab's own error is already in the rep's language (the content script says it through t()).
  if (!r || typeof r.opened !== 'boolean') return typeof r?.error === 'string' ? { opened: false, error: r.error.slice(0, 300) } : { opened: false, error: 'the Gmail tab did not answer (reload Gmail and try again)', words: words('seq_gmail_no_answer') };
  return { opened: r.opened, error: typeof r.error === 'string' ? r.error.slice(0, 300) : undefined };
}

export function sequenceTodaySource(ports: SequenceSourcePorts): TodaySource {
  const { db, service } = ports;
  const fail = (reason: string, said?: Words): TodayActResult => ({ ok: false, reason: reason.slice(0, 500), ...(said ? { words: said } : {}) });
  /** Not inserted because the enrolment may no longer take a step (a reply landed, the rep paused it). */
  const notInserted = (check: { reason: string; words?: Words }) => fail(`not inserted — ${check.reason}`, words('err_step_not_inserted', { why: check.words ?? check.reason }));

  async function insert(e: EnrolmentRow, step: number, tabId: number | undefined): Promise<TodayActResult> {
    const check = await service.mayInsertNow(e.id, step);
    if (!check.ok) return notInserted(check);
    const s = check.sequence.steps[step];
    if (s?.kind !== 'email') return fail(`step ${step + 1} is a ${s?.kind ?? 'missing'} step, not an email`, words('err_step_not_email', { step: step + 1 }));
    const template = await db.templates.get(s.templateId);
    if (!template) return fail(`the step’s template “${s.templateId}” was deleted from the library`, words('err_step_template_deleted', { template: s.templateId }));
    const settings = await ports.settings();
    const values = await mergeValues(db, e, settings);
    let text: string;
    let subject = '';
    const newThread = s.threading === 'new-thread' || !e.threadId;
    try {
      const body = render(template.body, values);
      const title = newThread && s.subject ? render(s.subject, values) : undefined;
      const empty = [...new Set([...body.empty, ...(title?.empty ?? [])])];
      const held = heldReason(empty, e.contactEmail, values.openDeal);
      if (held) {
        const heldSaid = heldWords(empty, e.contactEmail, values.openDeal);
        await service.hold(e.id, held, heldSaid);
        return { ...fail(held), words: heldSaid };
      }
      text = body.text;
      subject = (title?.text ?? '').trim() || e.subject || check.sequence.name;
    } catch (error) {
      return fail(`the template “${template.name}” has a broken field: ${String(error)}`, words('err_template_broken_field', { template: template.name, error: wordsOfError(error) ?? words('err_unexpected') }));
    }
    if (!ports.sendToTab) return fail('Gmail is not reachable from here', words('err_gmail_unreachable'));
    const view = await ports.views.get(tabId);
    if (newThread) {
      if (!view) return fail('open Gmail in a tab, then press Insert again', words('err_open_gmail_then_insert'));
      // Checked once more right before the text goes in: a reply may have landed while the template was filled.
      const again = await service.mayInsertNow(e.id, step);
      if (!again.ok) return notInserted(again);
      const answer = composeAnswer(await ports.sendToTab(view.tabId, { channel: 'gmail.composeNew', payload: { to: e.contactEmail, subject: subject.slice(0, 1000), text } }).catch((err: unknown) => ({ error: String(err) })));
      if (!answer.opened || answer.error) return answer.error ? fail(answer.error, answer.words) : fail('Gmail’s new-message window did not open', words('err_compose_not_opened'));
      await service.markInserted(e.id, step);
      return { ok: true, note: 'New message opened in Gmail with the text in place — your Send makes the step done', words: words('seq_note_compose_opened') };
    }
    if (!view || view.threadId !== e.threadId) return fail('open the sequence’s thread in Gmail, then press Insert again', words('err_open_thread_then_insert'));
    const again = await service.mayInsertNow(e.id, step);
    if (!again.ok) return notInserted(again);
    const answer = insertAnswer(await ports.sendToTab(view.tabId, { channel: 'gmail.insertDraft', payload: { threadId: e.threadId, text } }).catch((err: unknown) => ({ error: String(err) })));
    if (!answer.inserted) return answer.error ? fail(answer.error, answer.words) : fail('the text could not be put into Gmail’s reply box', words('err_text_not_inserted'));
    await service.markInserted(e.id, step);
    return { ok: true, note: 'Inserted in Gmail — your Send makes the step done', words: words('seq_note_inserted') };
  }

  return {
    kind: 'sequence-step',
    async items(now) {
      return (await service.offered(now)).map(({ enrolment, sequence }) => itemOf(enrolment, sequence));
    },
    async act(itemId, action, options) {
      const key = parseItemId(itemId);
      if (!key) return fail(`not a sequence step: ${itemId}`, words('err_today_not_yours', { item: itemId }));
      const e = await db.enrolments.get(key.enrolmentId);
      if (!e) return fail('this enrolment no longer exists', words('err_enrolment_gone'));
      if (e.state !== 'active' || e.nextStep !== key.step) return fail(`step ${key.step + 1} is no longer due — ${e.reason}`, words('err_step_no_longer_due', { step: key.step + 1, why: e.reasonWords ?? e.reason }));
      const sequence = await db.sequences.get([e.sequenceId, e.sequenceVersion]);
      const step = sequence?.steps[key.step];
      if (!step) return fail('the sequence version this enrolment runs is missing', words('err_sequence_version_missing'));
      if (!actionsOf(step.kind).includes(action)) return fail(`a ${step.kind} step cannot be “${action}”`, words('err_today_action_unknown', { action: actionWords(action) }));
      try {
        switch (action) {
          case 'insert':
            return await insert(e, key.step, options.tabId);
          case 'done':
          case 'skip': {
            const after = await service.complete(e.id, key.step);
            return { ok: true, note: `${action === 'done' ? 'Done' : 'Skipped'} — ${after.reason}`.slice(0, 500), words: words(action === 'done' ? 'seq_note_done' : 'seq_note_skipped', { why: after.reasonWords ?? after.reason }) };
          }
          case 'snooze': {
            const until = options.until ?? options.now + DAY;
            if (until <= options.now) return fail('a snooze ends in the future', words('err_snooze_future'));
            await service.snooze(e.id, key.step, until);
            return { ok: true, note: `Snoozed until ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC`, words: words('today_note_snoozed', { at: { at: until } }) };
          }
          default:
            return fail(`“${action}” is not an action of a sequence step`, words('err_today_action_unknown', { action: actionWords(action) }));
        }
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error), wordsOfError(error));
      }
    },
  };
}
