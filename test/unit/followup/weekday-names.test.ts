import { describe, expect, it } from 'vitest';
import { suggestFollowUp } from '@/lib/followup';
import { detectLanguage, type Language } from '@/lib/followup/language';

// A weekday written short ("Sam", "Mar", "Do", "Fr", "Sun") is also a first name, a title or a common word.
// Alone it is no date; with a day number, a time, a leading word ("am", "le", "el", "op", "on"), a small
// abbreviation's period or words saying the day suits someone ("Do passt mir") it still is — unless it is
// greeted ("Hi Sun, 3 of us…"). Messages written for these tests (not real ones), read on Tuesday
// 2026-02-17 in Berlin: with no date the follow-up is the default cadence, Friday 2026-02-20.

const at = Date.parse('2026-02-17T10:00:00+01:00');
const read = (text: string) => suggestFollowUp({ text, at, timeZone: 'Europe/Berlin' });

const NAMES: [Language, string][] = [
  ['fr', 'Bonjour Sam, merci pour votre message. Je vous recontacte dès que possible.'],
  ['fr', "Bonjour Jeu, merci pour la démo, nous en parlons en interne et je reviens vers vous."],
  ['fr', "Merci pour la proposition, nous irons d'abord à la mer avec toute l'équipe. Cordialement,\nSam"],
  ['es', 'Hola Mar, gracias por tu mensaje. Lo revisamos con el equipo y te decimos algo.'],
  ['es', 'Hola Dom, gracias por la propuesta, la revisamos con calma y te contestamos.'],
  ['es', 'Gracias por el envío de la propuesta, la revisamos con el equipo.\n\nUn saludo,\nVie'],
  ['pt', 'Olá Dom, obrigado pela mensagem. Vamos ter uma reunião interna e depois falamos.'],
  ['pt', 'Obrigado pela proposta, vamos ter de analisar com a equipa. Cumprimentos, Sex'],
  ['de', 'Sehr geehrte Fr. Müller, vielen Dank für Ihre Nachricht. Ich melde mich bei Ihnen.'],
  ['de', 'Hallo Di, danke für die Unterlagen. So machen wir das, ich melde mich bei Ihnen.'],
  ['de', 'So, wie besprochen schicke ich Ihnen die Unterlagen. Viele Grüße\nMi'],
  ['nl', 'Hoi Do, bedankt voor je bericht. Ik kom er zo snel mogelijk op terug.'],
  ['nl', 'Beste Ma, dank je wel voor de offerte. Ik laat het zo spoedig mogelijk weten.'],
  ['it', 'Ciao Gio, grazie per il messaggio, ne parlo con il team e ti faccio sapere.'],
  ['it', 'Buongiorno Mar, grazie per la proposta, la valutiamo internamente.'],
  ['it', 'Ciao Dom, grazie mille per la demo, ti faccio sapere appena possibile.'],
  ['en', 'Hi Sun, thanks for the call, I will get back to you shortly.'],
  ['en', 'Hi Sat, thanks for the demo, we will discuss internally and get back to you.'],
  ['en', 'Thanks Wed, we will discuss it internally and let you know.'],
  ['en', 'Hi Sun, is this a good time to ask about the renewal terms?'],
  // A greeted name stays a name with a number or a day word after it.
  ['en', 'Hi Sun, 3 of us will join the call.'],
  ['en', 'Hello Sat!\n2 questions on the contract before we sign.'],
  ['fr', 'Bonjour Sam, 3 collègues se joindront à nous pour la démo.'],
  ['nl', 'Hoi Do, 3 collega’s doen mee met het gesprek, bedankt.'],
  // An availability word after a name or a word is not a day: a person must be named ("passt mir").
  ['de', 'So geht das nicht weiter, ich melde mich bei Ihnen.'],
  ['it', 'Ciao Mar, mi va bene la proposta: ne parlo con il team e ti faccio sapere, grazie.'],
];

const DAYS: [Language, string, string][] = [
  ['fr', 'Je suis absent, je rentre lun 9 mars.', '2026-03-09'],
  ['fr', 'Je suis absent du bureau et je serai de retour le sam.', '2026-02-23'],
  ['es', 'Estoy fuera de la oficina hasta el mié.', '2026-02-18'],
  ['es', 'Gracias, hablamos con el equipo el vie.', '2026-02-20'],
  ['pt', 'Estou fora do escritório até qua.', '2026-02-18'],
  ['pt', 'Obrigado pela mensagem, falamos na sex.', '2026-02-20'],
  ['de', 'Ich bin ab Mo., 9. März wieder im Büro.', '2026-03-09'],
  ['de', 'Ich bin am Do wieder da.', '2026-02-19'],
  ['nl', 'Ik ben vanaf ma 9 maart weer op kantoor.', '2026-03-09'],
  ['nl', 'Ik ben op do weer bereikbaar.', '2026-02-19'],
  ['it', 'Sono fuori ufficio fino a mer.', '2026-02-18'],
  ['it', 'Grazie, ci sentiamo ven.', '2026-02-20'],
  ['en', 'Can we talk on Fri?', '2026-02-20'],
  ['en', 'Thanks for the deck. Does Thu work for you?', '2026-02-19'],
  ['en', 'Thanks, Fri works for me.', '2026-02-20'],
  ['en', 'Sounds good. How about Tue?', '2026-02-24'],
  // A short weekday before words saying the day suits someone.
  ['de', 'Danke für die Unterlagen. Do passt mir gut, ich rufe Sie an.', '2026-02-19'],
  ['de', 'Vielen Dank für Ihre Nachricht. Mi geht bei mir, ich melde mich.', '2026-02-18'],
  ['fr', 'Merci pour votre message, jeu me va très bien.', '2026-02-19'],
  ['es', 'Gracias por la propuesta; mié nos va bien para hablar.', '2026-02-18'],
  ['pt', 'Obrigado pela mensagem, qua me serve para a reunião.', '2026-02-18'],
  ['nl', 'Bedankt voor je bericht, do past mij goed voor een gesprek.', '2026-02-19'],
  ['it', 'Grazie per il messaggio, gio mi va bene per la chiamata.', '2026-02-19'],
  // A greeting comma is no greeted name: "Hi, Thu" is a day.
  ['en', 'Hi, Thu 3pm works for me.', '2026-02-19'],
];

describe('short weekdays that are names or words', () => {
  it.each(NAMES)('%s: %s — no date', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
    const result = read(text);
    expect(result.cues, JSON.stringify(result.cues)).toEqual([]);
    expect(result.date).toBe('2026-02-20');
  });

  it('a greeted name beside a weekday neither reads as a day nor moves it', () => {
    // "Sun" read as Sunday would also push Thursday into the week after it.
    const result = read('Hi Sun, Thursday works for me.');
    expect(result.cues.map((c) => [c.phrase, c.date])).toEqual([['Thursday', '2026-02-19']]);
    expect(read('Hallo Mo, Donnerstag passt mir, ich rufe Sie an.').cues.map((c) => [c.phrase, c.date])).toEqual([['Donnerstag', '2026-02-19']]);
  });

  it.each(DAYS)('%s: %s — still a day', (lang, text, date) => {
    expect(detectLanguage(text)).toBe(lang);
    expect(read(text).date).toBe(date);
  });
});
