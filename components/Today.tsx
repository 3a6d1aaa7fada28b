import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { TodayState } from '@/lib/ui/today-store';
import type { TodayListAnswer } from '@/lib/channels/today';
import type { TodayAction } from '@/lib/today/source';
import { tomorrowMorning } from './Reminders';
import { t, type MessageKey } from '@/lib/i18n';
import { say } from '@/lib/say';
import type { RankedItem } from '@/lib/today/rank';

const ACTION_LABELS: Record<TodayAction, MessageKey> = { open: 'todayAction_open', insert: 'todayAction_insert', done: 'todayAction_done', snooze: 'todayAction_snooze', skip: 'todayAction_skip' };

/** An item's words in the rep's language; the English lines for anything made without them. */
const titleOf = (r: RankedItem) => say(r.item.titleWords, r.item.title);
const detailOf = (r: RankedItem) => (r.item.detailWords?.length ? r.item.detailWords.map((w) => say(w)).join(' · ') : r.item.detail);

/** What Today will show and how to get there, for a rep with nothing on it yet (day one, or all done). */
function EmptyToday({ setup, compact }: { setup: TodayListAnswer['setup']; compact: boolean }) {
  const steps: string[] = [];
  if (!setup.ownDomains) steps.push(t('today_setup_own_domain'));
  if (setup.contacts === 0) steps.push(t('today_setup_open_thread'));
  steps.push(t('today_setup_accept_followup'));
  if (setup.formSenders === 0) steps.push(t('today_setup_form_senders'));
  return (
    <div className="card wrap" data-testid="today-empty">
      <p>
        <strong>{t('today_nothing_to_do_right_now')}</strong>{' '}{t('today_today_lists_what_to_do')}</p>
      {!compact && steps.length > 0 && (
        <>
          <p className="muted small">{t('today_to_fill_it')}</p>
          <ul className="muted small" data-testid="today-setup">
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Today: the ranked list, each row with its title, detail, why it ranks there (fit and engagement apart) and
 * its one-click actions. Keyboard: j/k move, Enter acts with the row's default action, e marks it done.
 */
export function Today({ store, compact = false, headingLevel = 2 }: { store: StoreApi<TodayState>; compact?: boolean; headingLevel?: 1 | 2 }) {
  const { status, list, error, selected, busy, notice } = useStore(store);
  const state = store.getState();
  const rows = useRef(new Map<string, HTMLLIElement>());
  const keyboard = useRef(false);

  // After j/k (or an action that moved the selection), focus follows the selected row.
  useEffect(() => {
    if (!keyboard.current || !selected) return;
    rows.current.get(selected)?.focus();
  }, [selected]);

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const items = list?.items ?? [];
  const act = (id: string, action: TodayAction) => void state.act(id, action, action === 'snooze' ? tomorrowMorning(Date.now()) : undefined);

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const onRow = (e.target as HTMLElement).dataset.todayRow !== undefined;
    if (e.key === 'j' || e.key === 'ArrowDown') {
      e.preventDefault();
      keyboard.current = true;
      state.move(1);
      if (selected) rows.current.get(store.getState().selected ?? '')?.focus();
    } else if (e.key === 'k' || e.key === 'ArrowUp') {
      e.preventDefault();
      keyboard.current = true;
      state.move(-1);
      rows.current.get(store.getState().selected ?? '')?.focus();
    } else if (e.key === 'Enter' && onRow && selected) {
      // Enter on a button presses that button; on the row it takes the row's default action.
      e.preventDefault();
      keyboard.current = true;
      const row = items.find((i) => i.item.id === selected);
      if (row) act(row.item.id, row.item.actions[0]!);
    } else if (e.key === 'e' && selected) {
      const row = items.find((i) => i.item.id === selected);
      if (row?.item.actions.includes('done')) {
        e.preventDefault();
        keyboard.current = true;
        act(row.item.id, 'done');
      }
    }
  };

  return (
    <section aria-labelledby="today-title" data-testid="today" className="today">
      <Heading id="today-title">
        {t('today_today')}{items.length > 0 && <span className="count"> {items.length}</span>}
      </Heading>
      {notice && (
        <p role="status" className={`notice ${notice.tone}`} data-testid="today-notice">
          {notice.text}
        </p>
      )}
      {status === 'loading' && <p className="muted">{t('today_reading_what_is_due')}</p>}
      {status === 'error' && (
        <p role="alert" className="banner">
          {t('today_today_could_not_be_read', { error: error ?? '' })}
        </p>
      )}
      {list && list.problems.length > 0 && (
        <p role="alert" className="banner small" data-testid="today-problems">
          {t('today_part_of_today_could_not')}{' '}{list.problems.join('; ')}
        </p>
      )}
      {status === 'ready' && list && items.length === 0 && <EmptyToday setup={list.setup} compact={compact} />}
      {items.length > 0 && (
        <>
          <p className="muted small" id="today-keys">
            {t('today_keys_j_and_k_move')}</p>
          <ul aria-label={t('today_today_most_pressing_first')} aria-describedby="today-keys" data-testid="today-list" onKeyDown={onKey} className="today-list">
            {items.map((r) => {
              const isSelected = r.item.id === selected;
              return (
                <li
                  key={r.item.id}
                  ref={(el) => {
                    if (el) rows.current.set(r.item.id, el);
                    else rows.current.delete(r.item.id);
                  }}
                  tabIndex={isSelected ? 0 : -1}
                  data-today-row=""
                  data-testid="today-item"
                  data-id={r.item.id}
                  data-kind={r.item.kind}
                  aria-current={isSelected ? 'true' : undefined}
                  aria-label={`${r.rank}. ${titleOf(r)}`}
                  className={`card today-item${isSelected ? ' selected' : ''}`}
                  onFocus={() => {
                    if (!isSelected) state.select(r.item.id);
                  }}
                  onClick={() => state.select(r.item.id)}
                >
                  <div className="row">
                    <strong className="card-title">{titleOf(r)}</strong>
                    {r.item.newLead && <span className="chip on">{t('today_new_lead')}</span>}
                  </div>
                  {detailOf(r) && <p className="muted small wrap" data-testid="today-detail">{detailOf(r)}</p>}
                  <p className="small wrap" data-testid="today-why">
                    <span className="sr-only">{t('today_why_here')}{' '}</span>#{r.rank} — {say(r.whyWords, r.why)}
                  </p>
                  {!compact && (
                    <dl className="today-measures small">
                      <div>
                        <dt>{t('today_fit')}</dt>
                        <dd data-testid="today-fit">{say(r.fit.labelWords, r.fit.label)}</dd>
                      </div>
                      <div>
                        <dt>{t('today_engagement')}</dt>
                        <dd data-testid="today-engagement">{say(r.engagement.labelWords, r.engagement.label)}</dd>
                      </div>
                    </dl>
                  )}
                  {compact && (
                    <p className="muted small wrap">
                      {t('today_fit_label_engagement_label2', { label: say(r.fit.labelWords, r.fit.label), label2: say(r.engagement.labelWords, r.engagement.label) })}
                    </p>
                  )}
                  <div className="actions">
                    {r.item.actions.map((a, i) => (
                      <button
                        key={a}
                        type="button"
                        tabIndex={isSelected ? 0 : -1}
                        className={i === 0 ? 'primary' : undefined}
                        disabled={busy[r.item.id] === true}
                        aria-label={t('todayAction_label', { action: t(ACTION_LABELS[a]), title: titleOf(r) })}
                        data-action={a}
                        onClick={(e) => {
                          e.stopPropagation();
                          state.select(r.item.id);
                          act(r.item.id, a);
                        }}
                      >
                        {t(ACTION_LABELS[a])}
                      </button>
                    ))}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
