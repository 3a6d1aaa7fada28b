import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from '@/lib/client';
import { MessageError } from '@/lib/messages';
import { userMessage } from '@/lib/ui/errors';
import { WordsError, words } from '@/lib/words';
import { createRouter } from '@/lib/router';
import { EXT_ORIGIN, OWN_ID, senders, startTestBackground } from '../support/background';
import { setUiLanguage } from '../support/i18n-fake';

// What a rep reads after pressing a button that the background refuses: the handler's error carries words
// (lib/words.ts WordsError), the router brings them back with the English line, and the page says them in the
// rep's language (lib/ui/errors.ts userMessage). An error without words still shows its English text.

type Bg = Awaited<ReturnType<typeof startTestBackground>>;
let bg: Bg;
beforeEach(async () => {
  bg = await startTestBackground();
});
afterEach(async () => {
  setUiLanguage('en');
  await bg.close();
});

const refusal = async (run: () => Promise<unknown>): Promise<unknown> => run().then(() => expect.fail('the background should have refused'), (e: unknown) => e);

describe('act errors in the rep’s language', () => {
  it('a snooze without a time and an answer to a suggestion that is gone are said in German, in English the English line', async () => {
    const send = (m: unknown) => bg.route(m, senders.extension);
    const snooze = await refusal(() => request(send, 'ui.reminder.update', { id: 'rem-1', action: 'snooze' }));
    const gone = await refusal(() => request(send, 'ui.suggestion.resolve', { id: 'sug-gone', action: 'accept' }));
    expect(snooze).toBeInstanceOf(MessageError);
    expect((snooze as MessageError).words).toEqual({ key: 'err_snooze_future' });
    expect(userMessage(snooze)).toBe('snooze needs a time in the future');
    expect(userMessage(gone)).toBe('that suggestion no longer exists');
    setUiLanguage('de');
    expect(userMessage(snooze)).toBe('Zum Zurückstellen braucht es einen Zeitpunkt in der Zukunft');
    expect(userMessage(gone)).toBe('Diesen Vorschlag gibt es nicht mehr');
  });

  it('the router carries only valid words, and an error without them keeps its English text', async () => {
    const log: string[] = [];
    const route = createRouter(
      {
        'crm.status': async () => {
          throw new WordsError(words('err_crm_users_unlisted', { crm: 'HubSpot' }), 'HubSpot users cannot be listed by this version of Followthrough');
        },
        'crm.retry': async () => {
          throw new Error('plain trouble');
        },
        'crm.dismiss': async () => {
          throw Object.assign(new Error('damaged words'), { words: { key: 'no such key!' } });
        },
      } as never,
      { ownId: OWN_ID, extensionOrigin: EXT_ORIGIN, log: (m) => log.push(m) },
    );
    const send = (m: unknown) => route(m, senders.extension);
    const listed = await refusal(() => request(send, 'crm.status', {}));
    const plain = await refusal(() => request(send, 'crm.retry', { crm: 'hubspot' }));
    const damaged = await refusal(() => request(send, 'crm.dismiss', { crm: 'hubspot', id: 'x' }));
    setUiLanguage('de');
    expect(userMessage(listed)).toBe('Diese Version von Followthrough kann die Benutzer von HubSpot nicht auflisten');
    expect(userMessage(plain)).toBe('plain trouble');
    expect((damaged as MessageError).words).toBeUndefined();
    expect(userMessage(damaged)).toBe('damaged words');
    // The log keeps the English line.
    expect(log[0]).toContain('crm.status: HubSpot users cannot be listed by this version of Followthrough');
  });
});
