// Which of the seven languages Followthrough reads a message is written in: English, German, French, Spanish,
// Portuguese, Dutch or Italian. Each language's most frequent function words are counted over the message's
// first 1,500 characters, with a bonus for letters only one of them uses (ß, ñ, ã…); English is the answer
// unless another language clearly leads. A text this short, this domain-bound and limited to seven languages
// does not need a general detector's trigram profiles (franc-min ships 82 of them and costs more per message
// than the whole date reading of a short reply); this counts words in one pass.

export type Language = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'nl' | 'it';

export const LANGUAGES: readonly Language[] = ['en', 'de', 'fr', 'es', 'pt', 'nl', 'it'];

// Words frequent in each language's business mail and rare in the others'. Words two languages share ("de",
// "la", "e", "en") count for neither or are left out.
const WORDS: Record<Language, string> = {
  en: 'april august september october november december monday tuesday wednesday thursday friday fine due the and you your is are will be with for this that i we to of on at my our have not back until office am was it thanks thank please would could can me us if do so get just next week call from out',
  de: 'januar februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch donnerstag freitag ich und bin der die das nicht mit sie wir ist zu im am bis vom ab für auf den dem ein eine wieder sehr ihre ihnen haben werde urlaub danke grüße gruß bitte sind bei oder auch noch nach wird freundlichen büro abwesend zurück erreichbar uns mich sich melde woche wochen monat nächste nächsten ende anfang mitte',
  fr: 'le trimestre janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi je et le les des du au vous nous suis moi semaine mois prochain prochaine fin début pas pour avec une sur serai jusqu merci bonjour cordialement absent absente retour mon votre bureau congés ce qui dans ne sera mes vos aux être',
  es: 'dos le semanas ausente segundo trimestre enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes miércoles jueves viernes el los las del y que estoy estaré por para con una su hasta gracias saludos usted mi oficina vacaciones al muchas nos lo cuando buenos días es semana mes próximo próxima hablamos mediados finales principios',
  pt: 'qual seria preço utilizadores usuários comigo falar duas semanas início ausente segundo trimestre janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro segunda terça quarta quinta sexta feira o os do da dos das não estou estarei uma até obrigado obrigada você ao meu minha férias escritório na em pelo pela semana mês próximo próxima meados atenciosamente olá cumprimentos voltarei retorno',
  nl: 'laten bellen we nog eens januari februari maart april mei juni juli augustus september oktober november december maandag dinsdag woensdag donderdag vrijdag ik en het een van niet met voor zijn tot op dat uw wij weken maand volgende eind begin weer vakantie afwezig bedankt groet groeten terug maar ook te graag hebben kantoor vanaf dag wordt bij aanwezig',
  it: 'qual è prezzo utenti costo fine ti tra settimane inizio gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre lunedì martedì mercoledì giovedì venerdì il lo gli di della che non sono sarò con una un fino settimana mese prossimo prossima metà ci sentiamo al grazie saluti ufficio ferie mio vostro rientro ma cordiali buongiorno sarà nel alla dal ho ci assente',
};

const TABLE = new Map<string, number>();
LANGUAGES.forEach((lang, i) => {
  for (const w of WORDS[lang].split(' ')) TABLE.set(w, (TABLE.get(w) ?? 0) | (1 << i));
});

// Letters one language writes and the others (nearly) never do.
const LETTERS: [RegExp, Language][] = [
  [/[ßäöü]/, 'de'],
  [/[ñ¿¡]/, 'es'],
  [/[ãõ]/, 'pt'],
  [/[œêëîû]/, 'fr'],
  [/[òì]/, 'it'],
];

// One pass for all of them first: most messages hold none.
const ANY_LETTER = /[ßäöüñ¿¡ãõœêëîûòì]/;

const WORD = /[a-zà-öø-ÿ']+/g;

/** The language of a message: one of the seven, English when unsure. */
export function detectLanguage(text: string): Language {
  const sample = text.length > 1500 ? text.slice(0, 1500).toLowerCase() : text.toLowerCase();
  const score = [0, 0, 0, 0, 0, 0, 0];
  // All words at once: one array of strings costs less than a match object per word.
  for (const word of sample.match(WORD) ?? []) {
    const bits = TABLE.get(word);
    if (bits === undefined) continue;
    // A word several languages share is shared out between them.
    let n = 0;
    for (let b = bits; b; b &= b - 1) n++;
    const share = 1 / n;
    for (let i = 0; i < 7; i++) if (bits & (1 << i)) score[i]! += share;
  }
  if (ANY_LETTER.test(sample)) for (const [re, lang] of LETTERS) if (re.test(sample)) score[LANGUAGES.indexOf(lang)]! += 1.5;
  let best = 0;
  for (let i = 1; i < 7; i++) if (score[i]! > score[best]!) best = i;
  // Another language wins only with more than English, and more than one word of its own.
  if (best !== 0 && score[best]! >= 1.5 && score[best]! > score[0]!) return LANGUAGES[best]!;
  return 'en';
}
