import { describe, expect, it } from 'vitest';
import { suggestFollowUp } from '@/lib/followup';

// A month's name or abbreviation is also a first name ("Mar", "May", "Mag", "Ott"). Greeted and closed by a
// comma, "!" or the line's end, it is the person greeted, and a number after it counts people, not days:
// "Hola Mar, 3 personas…" is no 3 March. Short messages are read by the English reader (too few words to
// tell their language), which reads "Mar, 3" as a date whatever language the greeting is in; the Italian
// reader does so too. Messages written for these tests (not real ones), read on Tuesday 2026-02-17 in Berlin:
// with no date the follow-up is the default cadence, Friday 2026-02-20.

const at = Date.parse('2026-02-17T10:00:00+01:00');
const read = (text: string) => suggestFollowUp({ text, at, timeZone: 'Europe/Berlin' });

const NAMES: string[] = [
  'Hi Mar, 3 of us will join the call, thanks for the invite.',
  'Dear May, 3 of us will join the call on our side.',
  'Hey Jun, 2 of us will join the call.',
  'Hallo Mar, 3 Kollegen kommen mit.',
  'Bonjour Mar, 3 collègues seront là.',
  'Hola Mar, 3 personas se unirán a la llamada.',
  'Oi Mar, 3 colegas vem tambem.',
  "Hoi Mar, 3 collega's doen mee.",
  'Ciao Mar, 2 colleghi si uniranno alla chiamata.',
  "Ciao Mar, 2 colleghi del nostro ufficio si uniranno alla chiamata, grazie per l'invito.",
  'Caro Mag, 2 colleghi del nostro ufficio si uniranno alla chiamata, grazie.',
  'Gentile Ott, 3 colleghi parteciperanno alla riunione, grazie.',
];

// Look-alikes: the month after a greeting's own comma, in running text, or with its day right after it.
const DATES: [string, string][] = [
  ['Hola, 3 mar nos va bien.', '2026-03-03'],
  ['Hola, nos vemos hasta el 3 de mar. Gracias por la invitación y un saludo.', '2026-03-03'],
  ['See you Mar 3 then.', '2026-03-03'],
  ['Hi Tom, Mar 3 works for us.', '2026-03-03'],
  ['Hi, Mar 3 works for us.', '2026-03-03'],
  ['Ciao, il 2 mar va bene per noi, grazie.', '2026-03-02'],
  ['Ciao Luca, ci sentiamo il 2 mag. per la chiamata, grazie.', '2026-05-04'],
  ['Thanks. May 4 works for us.', '2026-05-04'],
];

describe('greeted month names', () => {
  it.each(NAMES)('%s — a name, no date', (text) => {
    const result = read(text);
    expect(result.cues, JSON.stringify(result.cues)).toEqual([]);
    expect(result.date).toBe('2026-02-20');
  });

  it.each(DATES)('%s — still a date', (text, date) => {
    expect(read(text).date).toBe(date);
  });

  it('a greeted month name beside a date neither reads as one nor hides it', () => {
    expect(read('Hi Mar, 3 of us can meet on March 10.').cues.map((c) => [c.phrase, c.date])).toEqual([['March 10', '2026-03-10']]);
  });
});
