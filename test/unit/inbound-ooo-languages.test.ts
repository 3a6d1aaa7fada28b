import { describe, expect, it } from 'vitest';
import { detectIntent } from '@/lib/drafts/intent';
import { classifyInbound, isPersonsReply } from '@/lib/engine/inbound';
import { suggestFollowUp } from '@/lib/followup';

// Out-of-office notices, requests to stop mail and refusals in Spanish, Portuguese, Italian and Dutch (issue 18,
// item 3). Each rule has a case that failed before it and a look-alike that must not fire. The notices marked
// "tuning" are the translator-written default auto-replies of test/fixtures/intent/tuning.jsonl (round 4); the
// others are the languages' common phrasings, written here as tests. Read on Tuesday 17 February 2026.

const at = Date.parse('2026-02-17T09:00:00+01:00');
const verdict = (bodyText: string, subject = 'Re: Propuesta') => classifyInbound({ from: { email: 'prospect@example.com', name: 'Prospect' }, subject, bodyText });
const followUp = (text: string) => suggestFollowUp({ text, at, timeZone: 'Europe/Madrid' }).date;

describe('out-of-office notices in es, pt, it, nl', () => {
  it.each([
    // [text, follow-up date: the day back, or three working days when the notice gives none]
    ['Estoy fuera ahora. Le responderé tan pronto como regrese.\n\nSaludos cordiales,\nAna', '2026-02-20'], // tuning (Modoboa)
    ['Estaré de vacaciones hasta el 6 de marzo.', '2026-03-06'],
    ['Estou indisponível de momento. Responderei logo que possível.\n\nMelhores cumprimentos,\nRui', '2026-02-20'], // tuning (Modoboa)
    ['Estarei de férias até 6 de março.', '2026-03-06'],
    ['Al momento non posso rispondere. Risponderò al mio ritorno.\n\nDistinti saluti,\nLuca', '2026-02-20'], // tuning (Modoboa)
    ['Sarò in ferie fino al 6 marzo.', '2026-03-06'],
    ['Momenteel ben ik niet aanwezig. Ik zal antwoorden zodra ik terug kom.\n\nMet vriendelijke groet,\nSanne', '2026-02-20'], // tuning (Modoboa)
    ['Ik ben met vakantie. Vanaf maandag 9 maart ben ik weer aanwezig.', '2026-03-09'],
    ['Ik ben afwezig tot en met 6 maart.', '2026-03-09'],
    ['Ik ben op verlof tot en met 6 maart.', '2026-03-09'],
    ['Ik ben er even tussenuit. Vanaf 9 maart ben ik terug.', '2026-03-09'],
    ['Ik heb geen toegang tot mijn mailbox. Voor dringende zaken kunt u contact opnemen met Piet.', '2026-02-20'],
    ['No estaré en la oficina hasta el 9 de marzo.', '2026-03-09'],
    ['Não estarei no escritório até 9 de março.', '2026-03-09'],
    ['Non sarò in ufficio fino al 9 marzo.', '2026-03-09'],
    ["Je ne serai pas au bureau jusqu'au 9 mars.", '2026-03-09'],
  ])('%s', (text, back) => {
    const v = verdict(text);
    expect(v.kind, v.reason).toBe('out-of-office');
    expect(isPersonsReply(v.kind)).toBe(false);
    // The intent the panel shows says so too, by the rules alone.
    const intent = detectIntent(text);
    expect([intent.intent, intent.decidedBy]).toEqual(['out_of_office', 'rules']);
    expect(followUp(text)).toBe(back);
  });

  it.each([
    'No estoy fuera de la oficina, hablamos mañana.',
    'Não estou fora do escritório, podemos falar hoje.',
    'Non sono fuori ufficio, ci sentiamo domani.',
    'Estou indisponível na terça, podemos falar na quarta?',
    'Le responderé mañana con los precios.',
    'Ik bel je zodra ik terug ben van de lunch.',
    'Het kantoor is dicht op maandag, kom dinsdag langs.',
    'Ik ben terug van vakantie, zullen we dinsdag bellen?',
    'Ben ik terug in de tijd? Deze offerte ken ik al.',
    'Sarò in ufficio fino alle 18, chiamami pure.',
    'Wat voor verlofregeling hebben jullie?',
    'the office is out of paper',
  ])('not an absence: %s', (text) => {
    const v = verdict(text);
    expect(v.kind, v.reason).toBe('reply');
    expect(detectIntent(text).intent).not.toBe('out_of_office');
  });

  // The model, retrained on the Spanish notices, reads this as one; automation does not act on its guess when the
  // message says its writer is at the office and the rules found no absence.
  it('being at the office is no absence, whatever the model guesses', () => {
    for (const text of ['Estaré en la oficina hasta las 18:00, llámame.', "I'll be in the office until 6pm, call me then.", 'Ik ben vandaag op kantoor tot vijf uur.']) {
      expect(verdict(text).kind, text).toBe('reply');
    }
    expect(verdict("I'm not in the office until Monday.").kind).toBe('out-of-office');
  });

  it('"now" in these languages is no follow-up date (it gave tomorrow)', () => {
    for (const text of ['Ahora estoy de vacaciones.', 'Ich bin jetzt im Urlaub.', 'Je suis absent maintenant.', 'Ik ben nu afwezig.', 'Sono via adesso.']) {
      expect(followUp(text), text).toBe('2026-02-20');
    }
    expect(followUp('Hoy no puedo, mañana te llamo.')).toBe('2026-02-18');
  });
});

describe('Dutch and Flemish absence notices in their common wording (lib/drafts/absence-nl.ts)', () => {
  // Each fails on the code before it: the reader called it a person's reply, or only the model's guess made it a
  // notice (the panel then shows the model's reason, and the rules alone said something else).
  it.each([
    // [text, follow-up date: the day back, or three working days when the notice gives none]
    ['Ik ben van maandag 2 t.e.m. vrijdag 13 maart met verlof.', '2026-03-16'], // a clause holding "t.e.m." (Flemish)
    ['Tot en met 6 maart ben ik niet beschikbaar.', '2026-03-09'],
    ['Op vrijdag ben ik niet werkzaam.', '2026-02-20'],
    ['Ik ben niet werkzaam op vrijdag.', '2026-02-20'],
    ['Ik heb vakantie tot en met 6 maart.', '2026-03-09'],
    ['Ik ben op maandag 9 maart terug aanwezig.', '2026-03-09'], // Flemish "terug" for "weer"
    ['Ik ben weer aan het werk op 9 maart.', '2026-03-09'],
    ['Ik ben vanaf 2 maart tot en met 13 maart op cursus.', '2026-03-16'],
    ['Ik ben deze week op een congres in Berlijn.', '2026-02-23'],
    ['Ik ben op reis en lees mijn mail sporadisch.', '2026-02-20'],
    ['Ik ben met ziekteverlof.', '2026-02-20'],
    ['Ik ben in congé tot en met 6 maart.', '2026-03-09'],
    ['Uw e-mail wordt niet doorgestuurd.', '2026-02-20'],
    ['Voor dringende zaken kunt u zich wenden tot mijn collega Piet.', '2026-02-20'],
    ['Tijdens mijn afwezigheid worden e-mails niet gelezen.', '2026-02-20'],
    ['Ik lees mijn e-mail in die periode beperkt.', '2026-02-20'],
    ['Wegens vakantie is ons kantoor gesloten tot en met 6 maart.', '2026-03-09'],
    ['Ik zal uw bericht beantwoorden zodra ik weer op kantoor ben.', '2026-02-20'],
  ])('%s', (text, back) => {
    const v = verdict(text, 'Re: Offerte');
    expect(v.kind, v.reason).toBe('out-of-office');
    const intent = detectIntent(text);
    expect([intent.intent, intent.decidedBy]).toEqual(['out_of_office', 'rules']);
    expect(suggestFollowUp({ text, at, timeZone: 'Europe/Amsterdam' }).date).toBe(back);
  });

  it.each([
    'Ik ben niet afwezig, bel me gerust.', // read as a notice before
    'Ik ben ziek geweest, daarom reageer ik nu pas. Graag een offerte.', // read as a notice before
    'Ik ben weer op kantoor, zullen we vandaag bellen?', // read as a notice before
    'Dinsdag ben ik niet beschikbaar, woensdag wel?',
    'Ik ben niet werkzaam bij die afdeling, probeer Jan.',
    'Ik ben niet in de gelegenheid om dinsdag te komen.',
    'Ik heb geen vakantie gehad, maar de offerte is klaar.',
    'Na terugkomst van de beurs bel ik je.',
    'Wegens vakantie reageer ik nu pas. Wat kost de licentie?',
    'Voor dringende vragen over de offerte bel ik je morgen.',
    'Wat is jullie vakantiesluiting?',
    'Ik lees mijn mail niet vaak, bel me liever.',
  ])('not an absence: %s', (text) => {
    const v = verdict(text, 'Re: Offerte');
    expect(v.kind, v.reason).toBe('reply');
    expect(detectIntent(text).intent).not.toBe('out_of_office');
  });

  it('a Dutch "Niet aanwezig:" subject is an automatic reply', () => {
    expect(verdict('Bedankt voor uw bericht.', 'Niet aanwezig: Offerte').kind).toBe('auto-reply');
    expect(verdict('Bedankt voor uw bericht.', 'Re: Niet aanwezig op de demo').kind).toBe('reply');
  });
});

describe('requests to stop mail and refusals, however short', () => {
  // Short messages often have too few words for the language detector, which then answers English: each
  // language's phrases are tried after the detected language's own.
  it.each([
    'Por favor, no me envíe más correos.',
    'No quiero recibir sus correos.',
    'Non inviatemi più email.',
    'Per favore non mandatemi più email.',
    'Vi prego di non inviarmi più email.',
    'Stuur me alsjeblieft geen mails meer.',
    'Wilt u mij niet meer mailen?',
  ])('asks to stop: %s', (text) => {
    const v = verdict(text);
    expect(v.kind, v.reason).toBe('unsubscribe');
    expect(detectIntent(text).intent).toBe('not_interested');
  });

  it.each([
    'No me envíe más de dos opciones, por favor.',
    'Non mandatemi più di tre file alla volta.',
    'Stuur me geen factuur, maar een offerte.',
  ])('not a request to stop mail: %s', (text) => {
    expect(verdict(text).kind).toBe('reply');
    expect(detectIntent(text).intent).not.toBe('not_interested');
  });

  it('a short Spanish refusal is a declined reply; an interested one is not', () => {
    expect(verdict('No me interesa, gracias.')).toMatchObject({ kind: 'reply', declined: true });
    expect(verdict('Me interesa mucho, ¿cuándo hablamos?').declined ?? false).toBe(false);
  });
});
