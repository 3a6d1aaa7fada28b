import type { SendPort } from '../../client';
import { BackgroundRefused, sendFromContent } from '../../content-client';
import type { ResponseOf } from '../../messages';
import type { Feature } from '../feature-manager';
import { query, type SelectorHealth } from '../selectors';
import { styleShadow } from '../shadow';
import { eachCompose, readComposeFacts } from '../compose';
import { formatDay, t } from '../../i18n';

// "Remind me" in every compose window: the date read from the draft, +3 working days, or a day the rep
// picks, and "even if they reply". Chosen before Send; the background makes the reminder count only once
// Gmail confirms the send. Plain DOM in a shadow root (CONTRIBUTING.md habit 7), no zod here: the background
// validates what it receives.

const HOST_TAG = 'followthrough-remind-me';

const STYLE = `
:host { display: inline-flex; position: relative; align-items: center; margin: 0 6px; font: 500 13px/1.2 "Google Sans", Roboto, system-ui, sans-serif; }
button { font: inherit; border-radius: 16px; padding: 6px 10px; cursor: pointer; border: 1px solid #dadce0; background: #fff; color: #3c4043; }
button:hover { background: #f1f3f4; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
button.set { border-color: #1a73e8; color: #1a73e8; }
.menu { position: absolute; bottom: calc(100% + 6px); right: 0; z-index: 3; min-width: 260px; background: #fff; color: #202124;
  border-radius: 8px; box-shadow: 0 2px 6px rgba(60,64,67,.3), 0 1px 2px rgba(60,64,67,.15); padding: 8px 0; }
.menu[hidden] { display: none; }
.menu button { display: block; width: 100%; text-align: left; border: none; border-radius: 0; padding: 8px 16px; }
.menu small { display: block; color: #5f6368; font-weight: 400; margin-top: 2px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row { display: flex; gap: 8px; align-items: center; padding: 6px 16px; }
.row input[type=date] { font: inherit; border: 1px solid #dadce0; border-radius: 4px; padding: 4px; }
label { display: flex; gap: 8px; align-items: center; padding: 6px 16px; font-weight: 400; }
.off { color: #5f6368; }
`;

type Dates = ResponseOf<'followup.composeDates'>;

interface Choice {
  date: string;
  evenIfReplied: boolean;
}

const randomId = () => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const label = (iso: string) => formatDay(iso);

function readCompose(compose: Element, document: Document, health: SelectorHealth) {
  const { subject, to, threadId } = readComposeFacts(compose, document, health);
  const body = query<HTMLElement>(compose, 'compose.body', health)?.innerText ?? '';
  return { subject, to: to.slice(0, 100), threadId, body: body.slice(0, 20_000) };
}

/** One compose window's control. */
function mount(compose: Element, sendButton: Element, send: SendPort, document: Document, health: SelectorHealth, signal: AbortSignal) {
  const host = document.createElement(HOST_TAG);
  const composeId = randomId();
  host.dataset.composeId = composeId;
  const root = host.attachShadow({ mode: 'open' });
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.setAttribute('aria-haspopup', 'menu');
  toggle.setAttribute('aria-expanded', 'false');
  const menu = document.createElement('div');
  menu.className = 'menu';
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  styleShadow(root, STYLE);
  root.append(toggle, menu);
  // Beside Send, where the rep looks last before sending.
  sendButton.insertAdjacentElement('afterend', host);

  let choice: Choice | undefined;
  let evenIfReplied = false;
  let dates: Dates | undefined;

  const render = () => {
    toggle.className = choice ? 'set' : '';
    toggle.textContent = choice ? `⏰ ${label(choice.date)}` : `⏰ ${t('remindMe_toggle')}`;
    toggle.setAttribute('aria-label', choice ? t('remindMe_set_for', { day: label(choice.date) }) : t('remindMe_toggle_label'));
  };

  const option = (text: string, detail: string, onPick: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'menuitem');
    b.textContent = text;
    const small = document.createElement('small');
    small.textContent = detail;
    b.append(small);
    b.addEventListener('click', onPick, { signal });
    return b;
  };

  const pick = (date: string) => {
    choice = { date, evenIfReplied };
    close();
    render();
  };

  const buildMenu = () => {
    menu.replaceChildren();
    if (!dates) {
      const wait = document.createElement('div');
      wait.className = 'row off';
      wait.textContent = t('remindMe_reading_draft');
      menu.append(wait);
      return;
    }
    const d = dates;
    menu.append(option(t('remindMe_suggested', { day: label(d.suggested.date) }), d.suggested.reason, () => pick(d.suggested.date)));
    menu.append(option(t('remindMe_in_three_working_days', { day: label(d.plusThree) }), t('remindMe_usual_followup'), () => pick(d.plusThree)));
    const row = document.createElement('div');
    row.className = 'row';
    const input = document.createElement('input');
    input.type = 'date';
    input.min = d.today;
    input.value = choice?.date ?? d.suggested.date;
    input.setAttribute('aria-label', t('remindMe_another_day'));
    const set = document.createElement('button');
    set.type = 'button';
    set.textContent = t('remindMe_set');
    set.addEventListener('click', () => input.value && input.value >= d.today && pick(input.value), { signal });
    row.append(input, set);
    menu.append(row);
    const even = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = evenIfReplied;
    box.addEventListener('change', () => {
      evenIfReplied = box.checked;
      if (choice) choice.evenIfReplied = evenIfReplied;
    }, { signal });
    even.append(box, document.createTextNode(t('remindMe_even_if_reply')));
    menu.append(even);
    if (choice) {
      menu.append(
        option(t('remindMe_no_reminder'), t('remindMe_remove_the_one_set'), () => {
          choice = undefined;
          close();
          render();
        }),
      );
    }
  };

  const open = async () => {
    menu.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    buildMenu();
    try {
      dates = await sendFromContent(send, 'followup.composeDates', { text: readCompose(compose, document, health).body });
    } catch (e) {
      const note = document.createElement('div');
      note.className = 'row off';
      note.textContent = e instanceof BackgroundRefused ? e.message : t('gmail_not_answering');
      menu.replaceChildren(note);
      return;
    }
    if (!menu.hidden) buildMenu();
  };
  const close = () => {
    menu.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  };

  toggle.addEventListener('click', () => (menu.hidden ? void open() : close()), { signal });
  menu.addEventListener('keydown', (e) => e.key === 'Escape' && (close(), toggle.focus()), { signal });

  // The choice goes to the background when the rep sends; the background keeps it until Gmail confirms.
  const sending = () => {
    if (!choice) return;
    const facts = readCompose(compose, document, health);
    const { date, evenIfReplied: even } = choice;
    choice = undefined;
    sendFromContent(send, 'followup.remindMe', { composeId, threadId: facts.threadId, subject: facts.subject, to: facts.to, date, evenIfReplied: even }).catch(
      () => {},
    );
  };
  compose.addEventListener(
    'click',
    (e) => {
      const sendButton = query(compose, 'compose.send', health);
      if (sendButton && e.target instanceof Node && sendButton.contains(e.target)) sending();
    },
    { capture: true, signal },
  );
  compose.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && ((e as KeyboardEvent).ctrlKey || (e as KeyboardEvent).metaKey) && sending(), {
    capture: true,
    signal,
  });

  render();
  signal.addEventListener('abort', () => host.remove(), { once: true });
}

export function remindMe(send: SendPort, window: Window & typeof globalThis): Feature {
  return {
    id: 'remind-me',
    // Compose windows open over every view and stay open across them: one observer for the page's life,
    // and a reminder the rep chose survives moving to another thread.
    include: [() => true],
    lifetime: 'page',
    init(signal, { document, health }) {
      eachCompose(window, document, HOST_TAG, health, signal, (compose, sendButton) => mount(compose, sendButton, send, document, health, signal));
    },
  };
}
