import { beforeEach, describe, expect, it } from 'vitest';
import { composeNew, parseComposeMessage } from '@/lib/gmail/features/compose-new';
import { SelectorHealth } from '@/lib/gmail/selectors';

// A new-thread sequence step opens Gmail's new-message window and fills it, on markup shaped like Gmail's
// (2026-11/12: the Compose button `div.T-I.T-I-KE.L3[gh=cm]` acts on mousedown + mouseup, the window
// `[role=dialog]` with `div.M9`, the To field `input[aria-label="To recipients"]`, `input[name=subjectbox]` and
// the contenteditable `[aria-label="Message Body"]`), drawn a moment after the press.

const dialogHtml = `<div class="nH Hd" role="dialog" aria-label="New Message"><div class="M9">
  <form class="bAs"><div class="aoD hl"><input class="agP aFw" aria-label="To recipients" peoplekit-id="to" type="text"></div>
  <input name="subjectbox" class="aoT" aria-label="Subject" type="text"></form>
  <div class="Am aiL Al editable" contenteditable="true" role="textbox" aria-label="Message Body"></div>
  <div class="T-I J-J5-Ji aoO v7 T-I-atl L3" role="button">Send</div></div></div>`;

let committed: string[];

function gmail({ button = true } = {}) {
  document.body.innerHTML = `<div class="aic">${button ? '<div class="T-I J-J5-Ji T-I-KE L3" role="button" tabindex="0" gh="cm">Compose</div>' : ''}</div><div class="dw"></div>`;
  committed = [];
  const b = document.querySelector('[gh="cm"]');
  let pressed = false;
  // Like Gmail's T-I buttons: a press (mousedown then mouseup) acts; a bare click() does nothing.
  b?.addEventListener('mousedown', () => (pressed = true));
  b?.addEventListener('mouseup', () => {
    if (!pressed) return;
    pressed = false;
    setTimeout(() => {
      document.querySelector('.dw')!.insertAdjacentHTML('beforeend', dialogHtml);
      const to = document.querySelector<HTMLInputElement>('.dw [aria-label="To recipients"]')!;
      // Gmail turns what was typed into a recipient chip when the field is left.
      to.addEventListener('blur', () => committed.push(to.value));
    }, 30);
  });
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('the message guard', () => {
  it('accepts only a well-formed gmail.composeNew', () => {
    expect(parseComposeMessage({ channel: 'gmail.composeNew', payload: { to: 'jane@acme.example', subject: 'Pilot', text: 'Hi' } })).toEqual({ to: 'jane@acme.example', subject: 'Pilot', text: 'Hi' });
    for (const bad of [
      null,
      { channel: 'gmail.insertDraft', payload: { to: 'jane@acme.example', subject: '', text: 'Hi' } },
      { channel: 'gmail.composeNew', payload: { to: 'jane@acme.example, eve@evil.example', subject: '', text: 'Hi' } },
      { channel: 'gmail.composeNew', payload: { to: 'jane@acme.example', subject: '', text: '' } },
      { channel: 'gmail.composeNew', payload: { to: 'jane@acme.example', subject: '', text: 'Hi', cc: 'x@y.example' } },
    ]) expect(parseComposeMessage(bad)).toBeNull();
  });
});

describe('opening a new compose', () => {
  it('presses Compose, waits for the new window, fills To (left as a chip), Subject and the text; never sends', async () => {
    gmail();
    let sends = 0;
    document.addEventListener('click', (e) => {
      if ((e.target as Element).closest?.('.aoO')) sends++;
    });
    const health = new SelectorHealth();
    const answer = await composeNew({ to: 'jane@acme.example', subject: 'Acme and the pilot', text: 'Hi Jane,\n\nFollowing up.' }, window, health, new AbortController().signal);
    expect(answer).toEqual({ opened: true });
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.querySelector<HTMLInputElement>('[aria-label="To recipients"]')!.value).toBe('jane@acme.example');
    expect(committed).toEqual(['jane@acme.example']);
    expect(dialog.querySelector<HTMLInputElement>('input[name="subjectbox"]')!.value).toBe('Acme and the pilot');
    expect(dialog.querySelector('[aria-label="Message Body"]')!.innerHTML).toBe('<div>Hi Jane,</div><div><br></div><div>Following up.</div>');
    expect(sends).toBe(0);
    expect(health.missing()).toEqual([]);
  });

  it('with no Compose button it says so and the health record names it', async () => {
    gmail({ button: false });
    const health = new SelectorHealth();
    expect(await composeNew({ to: 'jane@acme.example', subject: '', text: 'Hi' }, window, health, new AbortController().signal)).toEqual({ opened: false, error: 'Gmail’s Compose button was not found on this page.' });
    expect(health.missing()).toContain('app.compose');
  });

  it('a window that never opens is reported, not waited on forever', async () => {
    gmail();
    document.querySelector('[gh="cm"]')!.replaceWith(Object.assign(document.createElement('div'), { className: 'T-I J-J5-Ji T-I-KE L3' }));
    document.querySelector('.T-I-KE')!.setAttribute('gh', 'cm');
    expect(await composeNew({ to: 'jane@acme.example', subject: '', text: 'Hi' }, window, undefined, new AbortController().signal, 200)).toEqual({ opened: false, error: 'Gmail’s new-message window did not open.' });
  });
});
