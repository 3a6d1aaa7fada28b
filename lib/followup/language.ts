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

// Each word to the languages it counts for, with its share of one (a word several languages use is shared
// out between them), found by a hash of its letters: the text is read letter by letter and a word becomes a
// string only when its hash names one (a message's words are mostly not in the table).
interface Entry {
  word: string;
  langs: number[];
  share: number;
}
// An open-addressing table from a word's hash to its bucket: a Map keyed by the hash boxed half of the hashes
// (those past a small integer's range) on every lookup, one per word of every message.
interface Table {
  keys: Int32Array;
  buckets: (Entry[] | undefined)[];
}
const TABLE_SIZE = 4096; // a power of two, over four times the words
function slotOf(table: Table, hash: number): number {
  let i = hash & (TABLE_SIZE - 1);
  while (table.buckets[i] !== undefined && table.keys[i] !== hash) i = (i + 1) & (TABLE_SIZE - 1);
  return i;
}

// Letters a word is made of, as the pattern /[a-zà-öø-ÿ']+/ on the lower-cased text reads them.
const isWordLetter = (c: number) => (c >= 97 && c <= 122) || c === 39 || (c >= 0xe0 && c <= 0xff && c !== 0xf7);
const step = (hash: number, c: number) => Math.imul(hash ^ c, 0x01000193);
const HASH_START = 0x811c9dc5 | 0;
const hashOf = (word: string) => {
  let h = HASH_START;
  for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
  return h;
};

function tableOf(words: Record<Language, string>): Table {
  const table: Table = { keys: new Int32Array(TABLE_SIZE), buckets: new Array<Entry[] | undefined>(TABLE_SIZE).fill(undefined) };
  LANGUAGES.forEach((lang, i) => {
    for (const w of words[lang].split(' ')) {
      const h = hashOf(w);
      const slot = slotOf(table, h);
      const bucket = table.buckets[slot] ?? [];
      let entry = bucket.find((e) => e.word === w);
      if (!entry) bucket.push((entry = { word: w, langs: [], share: 1 }));
      if (!entry.langs.includes(i)) entry.langs.push(i);
      entry.share = 1 / entry.langs.length;
      table.keys[slot] = h;
      table.buckets[slot] = bucket;
    }
  });
  return table;
}
const MAIN = tableOf(WORDS);
const TABLE_KEYS = MAIN.keys;
const TABLE_BUCKETS = MAIN.buckets;
const mainSlot = (hash: number) => {
  let i = hash & (TABLE_SIZE - 1);
  while (TABLE_BUCKETS[i] !== undefined && TABLE_KEYS[i] !== hash) i = (i + 1) & (TABLE_SIZE - 1);
  return i;
};

// A message too short for the words above to settle it ("Do passt mir gut.", "jeudi ça me va") is read again
// for the words a date is written with: weekdays and months as written short, and the words around them
// (week, quarter, "passt mir", "me va", "terceiro"). They count only then: in a longer message they are
// too shared, or too rare, to weigh against its function words.
const DATE_WORDS: Record<Language, string> = {
  en: 'mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec works suits week weeks month quarter tomorrow today',
  de: 'mo di mi do fr sa so jan feb mär okt dez montag dienstag mittwoch donnerstag freitag samstag sonntag passt passen geht klappt mir uns woche wochen quartal morgen übermorgen',
  fr: 'lun mar mer jeu ven sam dim janv févr avr juil sept déc samedi dimanche ça ca me va convient arrange semaine semaines trimestre demain',
  es: 'lun mar mié jue vie sáb dom ene abr ago dic sábado domingo me va sirve conviene viene semana semanas trimestre mañana tercer cuarto',
  pt: 'seg ter qua qui sex sáb dom fev abr mai ago set out dez sábado domingo me serve convém dá semana semanas trimestre amanhã terceiro quarto',
  nl: 'ma di wo do vr za zo mrt okt zaterdag zondag past lukt schikt mij week weken kwartaal morgen',
  it: 'lun mar mer gio ven sab dom gen feb apr mag giu lug ago set ott dic sabato domenica va bene conviene settimana settimane trimestre domani',
};
const DATES = tableOf(DATE_WORDS);

/** Adds each word of `sample` found in `table` to its languages' scores. */
function countWords(sample: string, table: Table, score: number[]): void {
  let start = -1;
  let hash = HASH_START;
  for (let i = 0; i <= sample.length; i++) {
    const c = i < sample.length ? sample.charCodeAt(i) : 32;
    if (isWordLetter(c)) {
      if (start < 0) {
        start = i;
        hash = HASH_START;
      }
      hash = step(hash, c);
    } else if (start >= 0) {
      const bucket = table.buckets[slotOf(table, hash)];
      if (bucket) {
        for (const entry of bucket) {
          if (entry.word.length === i - start && sample.startsWith(entry.word, start)) {
            for (const l of entry.langs) score[l]! += entry.share;
            break;
          }
        }
      }
      start = -1;
    }
  }
}

// Letters one language writes and the others (nearly) never do, each language counted once however many
// there are.
const LETTERS: [string, Language][] = [
  ['ßäöü', 'de'],
  ['ñ¿¡', 'es'],
  ['ãõ', 'pt'],
  ['œêëîû', 'fr'],
  ['òì', 'it'],
];
// Each such letter's language bit by its code (all are below U+0180), 0 for every other letter.
const LETTER_CODES = 0x180;
const LETTER_LANGUAGE = new Uint8Array(LETTER_CODES);
for (const [letters, lang] of LETTERS) for (const letter of letters) LETTER_LANGUAGE[letter.charCodeAt(0)] = 1 << LANGUAGES.indexOf(lang);
if (LETTERS.some(([letters]) => [...letters].some((l) => l.charCodeAt(0) >= LETTER_CODES))) throw new Error('a language letter past the table');

/** The language of a message: one of the seven, English when unsure. */
export function detectLanguage(text: string): Language {
  const sample = text.length > 1500 ? text.slice(0, 1500).toLowerCase() : text.toLowerCase();
  const score = [0, 0, 0, 0, 0, 0, 0];
  let letters = 0;
  let start = -1;
  let hash = HASH_START;
  for (let i = 0; i <= sample.length; i++) {
    const c = i < sample.length ? sample.charCodeAt(i) : 32;
    if (isWordLetter(c)) {
      if (start < 0) {
        start = i;
        hash = HASH_START;
      }
      hash = step(hash, c);
    } else if (start >= 0) {
      const bucket = TABLE_BUCKETS[mainSlot(hash)];
      if (bucket) {
        for (const entry of bucket) {
          if (entry.word.length === i - start && sample.startsWith(entry.word, start)) {
            for (const l of entry.langs) score[l]! += entry.share;
            break;
          }
        }
      }
      start = -1;
    }
    if (c >= 0xa1 && c < LETTER_CODES) letters |= LETTER_LANGUAGE[c]!;
  }
  for (let i = 0; i < 7; i++) if (letters & (1 << i)) score[i]! += 1.5;
  let best = 0;
  for (let i = 1; i < 7; i++) if (score[i]! > score[best]!) best = i;
  // Another language wins only with more than English, and more than one word of its own.
  if (best !== 0 && score[best]! >= 1.5 && score[best]! > score[0]!) return LANGUAGES[best]!;
  if (score[0]! >= 1.5) return 'en';
  // Unsure: no language has more than one word of its own. Its date words may tell, by the same rule, and
  // only if one language alone leads.
  countWords(sample, DATES, score);
  best = 0;
  let tie = false;
  for (let i = 1; i < 7; i++) {
    if (score[i]! > score[best]!) {
      best = i;
      tie = false;
    } else if (best !== 0 && score[i] === score[best]) tie = true;
  }
  return best !== 0 && !tie && score[best]! >= 1.5 ? LANGUAGES[best]! : 'en';
}
