import type { SendPort } from '../../client';
import { BackgroundRefused, sendFromContent } from '../../content-client';
import type { ResponseOf } from '../../messages';
import type { Feature } from '../feature-manager';
import { closest, query, queryAll, type SelectorHealth } from '../selectors';
import { styleShadow } from '../shadow';
import { EMAIL_SHAPE } from '../../email';
import { insertAtCursor } from './insert-draft';
import { eachCompose } from '../compose';
import { formatDateWith, t } from '../../i18n';
import { isThreadId } from './background-message';
import { saySlot } from '../../meetings/say-slot';

// "Propose times" in every compose window (#16): the background suggests open times from the rep's
// availability; the rep unticks, adds a time of their own (even outside the rules), names the recipient's zone,
// and inserts them as plain text. The background holds them until booked or past. Plain DOM in a shadow root;
// the background validates what it receives.

const HOST_TAG = 'followthrough-propose-times';

const STYLE = `
:host { display: inline-flex; position: relative; align-items: center; margin: 0 6px; font: 500 13px/1.2 "Google Sans", Roboto, system-ui, sans-serif; }
button { font: inherit; border-radius: 16px; padding: 6px 10px; cursor: pointer; border: 1px solid #dadce0; background: #fff; color: #3c4043; }
button:hover { background: #f1f3f4; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
button.primary { background: #1a73e8; border-color: #1a73e8; color: #fff; }
.panel { position: absolute; bottom: calc(100% + 6px); left: 0; z-index: 10; width: 340px; background: #fff; color: #202124;
  border-radius: 8px; box-shadow: 0 2px 6px rgba(60,64,67,.3), 0 1px 2px rgba(60,64,67,.15); padding: 10px 14px; }
.panel[hidden] { display: none; }
label { display: flex; gap: 8px; align-items: center; padding: 4px 0; font-weight: 400; }
small, .off { color: #5f6368; font-weight: 400; }
.row { display: flex; gap: 6px; align-items: center; padding: 4px 0; }
input[type=text], input[type=datetime-local] { font: inherit; border: 1px solid #dadce0; border-radius: 4px; padding: 3px 5px; min-width: 0; flex: 1; }
.err { color: #b3261e; }
`;

type Suggested = ResponseOf<'meetings.suggest'>;
interface Choice {
  start: number;
  end: number;
  label: string;
  checked: boolean;
}

const randomId = () => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

function recipients(compose: Element, health: SelectorHealth) {
  return queryAll(compose, 'compose.recipient', health)
    .map((c) => ({ email: (c.getAttribute('data-hovercard-id') ?? c.getAttribute('email') ?? '').trim().toLowerCase(), name: (c.getAttribute('data-name') ?? c.getAttribute('name') ?? c.textContent ?? '').trim() }))
    .filter((r) => EMAIL_SHAPE.test(r.email));
}

function mount(compose: Element, sendButton: Element, send: SendPort, document: Document, health: SelectorHealth, signal: AbortSignal) {
  const host = document.createElement(HOST_TAG);
  const composeId = randomId();
  const root = host.attachShadow({ mode: 'open' });
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.textContent = `📅 ${t('proposeTimes_toggle')}`;
  toggle.setAttribute('aria-expanded', 'false');
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', t('proposeTimes_panel_label'));
  panel.hidden = true;
  styleShadow(root, STYLE);
  root.append(toggle, panel);
  sendButton.insertAdjacentElement('afterend', host);

  let choices: Choice[] = [];
  let zone = '';
  let suggested: Suggested | undefined;
  function el<K extends 'div' | 'input' | 'button' | 'label' | 'small'>(tag: K, props: Record<string, string | boolean> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    Object.assign(e, props);
    e.append(...kids);
    return e;
  }
  const say = (text: string, cls = 'off') => panel.replaceChildren(el('div', { className: cls, textContent: text }));

  const render = () => {
    const s = suggested!;
    panel.replaceChildren();
    const zoneInput = el('input', { type: 'text', value: zone, placeholder: t('proposeTimes_zone_placeholder') });
    zoneInput.setAttribute('aria-label', t('proposeTimes_zone_label'));
    const zoneSet = el('button', { type: 'button', textContent: t('proposeTimes_use') });
    zoneSet.addEventListener('click', () => void load(zoneInput.value.trim()), { signal });
    panel.append(el('div', { className: 'row' }, el('small', { textContent: t('proposeTimes_their_zone') }), zoneInput, zoneSet));
    if (s.feedError) panel.append(el('div', { className: 'err', textContent: t('proposeTimes_calendar_not_read', { error: s.feedError }) }));
    if (choices.length === 0) panel.append(el('div', { className: 'off', textContent: t('proposeTimes_no_open_times', { reasons: s.reasons.join('; ') }) }));
    for (const c of choices) {
      const box = el('input', { type: 'checkbox', checked: c.checked });
      box.addEventListener('change', () => (c.checked = box.checked), { signal });
      panel.append(el('label', { className: 'slot' }, box, c.label));
    }
    const when = el('input', { type: 'datetime-local' });
    when.setAttribute('aria-label', t('proposeTimes_another_time'));
    const add = el('button', { type: 'button', textContent: t('proposeTimes_add') });
    add.addEventListener('click', () => {
      const start = new Date(when.value).getTime();
      if (!Number.isFinite(start)) return;
      choices.push({ start, end: start + s.lengthMinutes * 60_000, label: t('proposeTimes_your_time', { time: formatDateWith(start, { dateStyle: 'medium', timeStyle: 'short' }) }), checked: true });
      render();
    }, { signal });
    panel.append(el('div', { className: 'row' }, when, add));
    const insert = el('button', { type: 'button', className: 'primary', textContent: t('proposeTimes_insert') });
    insert.addEventListener('click', () => void insertTimes(), { signal });
    panel.append(el('div', { className: 'row' }, insert));
  };

  const load = async (recipientZone?: string) => {
    say(t('proposeTimes_finding'));
    try {
      suggested = await sendFromContent(send, 'meetings.suggest', recipientZone ? { recipientZone } : {});
    } catch (e) {
      say(e instanceof BackgroundRefused ? e.message : t('gmail_not_answering'), 'err');
      return;
    }
    zone = suggested.recipientZone;
    const shownIn = suggested.recipientZone;
    choices = suggested.slots.map((x) => ({ start: x.start, end: x.end, label: saySlot(x, shownIn), checked: true }));
    render();
  };

  const insertTimes = async () => {
    const to = recipients(compose, health);
    const picked = choices.filter((c) => c.checked);
    if (to.length === 0) return say(t('proposeTimes_add_recipient'), 'err');
    if (picked.length === 0) return say(t('proposeTimes_tick_one'), 'err');
    const heading = closest(compose, 'compose.dialog') ? null : query(document, 'thread.subject');
    const threadId = heading?.getAttribute('data-thread-perm-id')?.replace(/^#/, '');
    try {
      const { text } = await sendFromContent(send, 'meetings.hold', {
        composeId,
        threadId: isThreadId(threadId) ? threadId : undefined,
        contactEmail: to[0]!.email,
        contactName: to[0]!.name.slice(0, 200) || undefined,
        recipientZone: zone || undefined,
        slots: picked.slice(0, 5).map(({ start, end }) => ({ start, end })),
      });
      const body = query<HTMLElement>(compose, 'compose.body', health);
      if (!body) return say(t('proposeTimes_no_body'), 'err');
      insertAtCursor(body, text);
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
    } catch (e) {
      say(e instanceof BackgroundRefused ? e.message : t('gmail_not_answering'), 'err');
    }
  };

  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) void load(zone || undefined);
  }, { signal });
  panel.addEventListener('keydown', (e) => e.key === 'Escape' && ((panel.hidden = true), toggle.focus()), { signal });
  signal.addEventListener('abort', () => host.remove(), { once: true });
}

export function proposeTimes(send: SendPort, window: Window & typeof globalThis): Feature {
  return {
    id: 'propose-times',
    include: [() => true],
    lifetime: 'page',
    init(signal, { document, health }) {
      eachCompose(window, document, HOST_TAG, health, signal, (compose, sendButton) => mount(compose, sendButton, send, document, health, signal));
    },
  };
}
