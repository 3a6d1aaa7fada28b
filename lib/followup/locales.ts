import { de, es, fr, it, nl, pt, type Chrono, type Parser, type ParsingContext } from 'chrono-node';
import { addMonthsTo, dayOf, lastDayOfMonth, mondayOf, partsOf, type Day } from './calendar';
import type { Language } from './language';
import { bounded, env, gate, gated, hasNumericDate, monthPart, pointOf, quickTest, result, TAG, unbound, type Part } from './parsers';

// Follow-up dates in German, French, Spanish, Portuguese, Dutch and Italian: chrono-node's own parser for each
// language reads the dates (days, weekdays, numeric dates, "in zwei Wochen", most ranges), and the parsers here
// read what it does not, with the same meanings as the English ones: parts of months ("Mitte März", "fin mars",
// "a mediados de marzo"), weeks and months relative to today ("nächste Woche" is the coming Monday's week,
// not seven days from now), quarters, and the day ranges chrono misses ("del 2 al 13 de marzo", "van 2 tot en
// met 13 maart"). Each language also has the words that decide how a date reads in its sentence: a return
// ("de retour le", "bis"), an inclusive end ("bis einschließlich", "tot en met", "jusqu'au … inclus") and
// an absence ("im Urlaub", "en congés").

export type Foreign = Exclude<Language, 'en'>;

/** Words that decide how a date reads in its sentence, as pattern sources (matched case-insensitively). */
export interface Leads {
  /** Before a date: the date itself ("bis", "jusqu'au", "de retour le"). */
  at: RegExp;
  /** Before a date: the day after it ("bis einschließlich", "tot en met", "après le"). */
  after: RegExp;
  /** Before a date: the working day before it ("vor dem", "avant le"). */
  before: RegExp;
  /** Any of the three above: where it fails, all three do (most dates have none of them before them). */
  anyLead: RegExp;
  /** Just after a date: it is included, so the day after it ("inclus", "inclusive", "compreso"). */
  inclusive: RegExp;
  /** An absence anywhere in the sentence ("im Urlaub", "en congés", "fuera de la oficina"). */
  absence: RegExp;
  /** Words that start a thought of their own (an absence before them does not reach a date after them). */
  fresh: RegExp;
  segmentBreak: RegExp;
  /** A past event before the date ("wir hatten am 2. März gesprochen"). */
  past: RegExp;
  /** Meeting or availability words: a range among them is a window, not an absence. */
  meet: RegExp;
  /** Just before a weekday: it is meant as a day ("am", "le", "el", "op"), even written short ("am Do"). */
  dayWord: RegExp;
  /** Just after a short weekday: it is meant as a day ("Do passt mir", "jeu me va", "gio mi va bene"). */
  dayAfter: RegExp;
}

interface Table {
  months: Record<string, number>;
  start: string;
  mid: string;
  end: string;
  /** Between a part and what it is a part of ("Ende des Monats", "fin du mois", "finales de"). */
  connect: string;
  /** Before a bare month that means the whole month ("im März", "en mars"). */
  monthIn: string;
  next: string;
  this: string;
  article: string;
  week: string;
  month: string;
  quarter: string;
  ordinals: Record<string, number>;
  /** Spans from today where chrono reads none: the words before the number, number words, units. */
  span?: { trigger: string; numbers: Record<string, number>; day: string; week: string; month: string };
  /** Day ranges: their opening and joining words; `names` where chrono misses them with month names too. */
  range: { from: string; to: string; names?: boolean };
  at: string;
  after: string;
  before: string;
  inclusive: string;
  filler: string;
  absence: string;
  fresh: string;
  segmentBreak: string;
  past: string;
  meet: string;
  /** Words before a weekday that make a short one ("Sam", "Mar", "Do") a day, not a name or a word. */
  dayWord: string;
  /**
   * After a short weekday, a few words on: the day suits someone ("passt mir", "me va", "mi va bene"). A
   * person is named ("mir", "me", "nos"), since "So geht das" or "Mar va" alone are a word and a name.
   */
  dayAfter: string;
}

const monthsOf = (spec: string): Record<string, number> => {
  const out: Record<string, number> = {};
  spec.split(';').forEach((names, i) => {
    for (const n of names.trim().split(/\s+/)) out[n] = i + 1;
  });
  return out;
};

const TABLES: Record<Foreign, Table> = {
  de: {
    months: monthsOf('januar jänner jan; februar feb; märz maerz mär; april apr; mai; juni jun; juli jul; august aug; september sept sep; oktober okt; november nov; dezember dez'),
    start: 'anfang|anfangs|beginn|zu beginn|am anfang',
    mid: 'mitte',
    end: 'ende|gegen ende|zum ende|am ende|spätestens ende',
    connect: 'des|der|dieses|diesen|dieser|im|am',
    monthIn: 'im|in|ab|bis|seit|nach|vor',
    range: { from: 'vom|von|zwischen dem', to: String.raw`bis einschließlich|bis zum|bis|und dem|-` },
    next: 'nächste[nmrs]?|naechste[nmrs]?|kommende[nmrs]?|folgende[nmrs]?',
    this: 'diese[nmrs]?|laufende[nmrs]?',
    article: 'der|die|das|des|dem|den|im|am|in|zum|zur',
    week: 'woche',
    month: 'monats?',
    quarter: 'quartals?|quartal',
    ordinals: { ersten: 1, erste: 1, zweiten: 2, zweite: 2, dritten: 3, dritte: 3, vierten: 4, vierte: 4, letzten: 4 },
    at: String.raw`bis(?: zum| zur| am| auf)?|ab(?: dem| den)?|ab|wieder(?: im büro| im haus| erreichbar| da| zurück| verfügbar| für sie da)?(?: am| ab)?|zurück(?: am| ab)?|erreichbar(?: am| ab)?|spätestens(?: am| bis)?|ich melde mich(?: am| ab)?|melde mich(?: am)?`,
    after: String.raw`bis einschließlich|bis einschl\.?|bis inklusive|bis inkl\.?|einschließlich bis|bis und mit|nach dem|nach|im anschluss an`,
    before: String.raw`vor dem|vor|bevor`,
    inclusive: String.raw`einschließlich|einschl\.|inklusive|inkl\.`,
    filler: String.raw`(?:(?:am|dem|den|der|die|zum|zur|ca\.?|etwa|voraussichtlich|wahrscheinlich|wieder|also|dann|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|,|-|:)\s*)*`,
    absence: String.raw`urlaub|abwesend|abwesenheit|nicht im büro|nicht im hause?|außer haus|ausser haus|nicht erreichbar|nicht verfügbar|eingeschränkt erreichbar|keinen zugriff|kein zugriff|dienstreise|geschäftsreise|elternzeit|mutterschutz|krank|krankgeschrieben|betriebsferien|betriebsurlaub|fortbildung|schulung|seminar|messe|konferenz|unterwegs|verreist|out of office`,
    fresh: String.raw`ab|wieder|zurück|erreichbar|melde|gerne|bitte|können|sprechen|telefonieren|treffen|termin|anrufen|kontaktieren|danach`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:und|aber|dann|sowie)\b`,
    past: String.raw`war|waren|hatte|hatten|haben .{0,30}(?:gesprochen|telefoniert|geschickt|gesendet|vereinbart)|letzte[nmrs]?|vergangene[nmrs]?|gestern|seit`,
    meet: String.raw`termin|treffen|gespräch|telefonat|anruf|call|verfügbar|zeit|passt|passen|zwischen`,
    dayWord: String.raw`am|an|ab|bis|vom|von|seit|nach|vor|zum|nächsten|kommenden|diesen|jeden|ab dem|bis zum`,
    dayAfter: String.raw`(?:passt|passen|geht|gehen|klappt|ginge|wäre|würde|ist)\b[^,.;:!?\n]{0,12}?\s(?:mir|uns|dir|euch|bei mir|bei uns|für mich|für uns)`,
  },
  fr: {
    months: monthsOf('janvier janv; février fevrier févr fevr; mars; avril avr; mai; juin; juillet juil; août aout; septembre sept; octobre oct; novembre nov; décembre decembre déc dec'),
    start: 'début|debut|au début|au debut|dès le début|en début',
    mid: 'mi-|mi |à la mi-|à la mi |a la mi-|milieu|au milieu|vers la mi-',
    end: 'fin|à la fin|a la fin|vers la fin|d\'ici la fin|d\'ici fin|en fin',
    connect: 'du|de la|de|d\'|des',
    monthIn: 'en|au mois d[e\']|courant|dès|des|d\'ici|avant|après|depuis',
    range: { from: 'du|entre le', to: String.raw`au|et le|-` },
    next: 'prochaine?|suivante?|à venir',
    this: 'cette|ce|en cours',
    article: 'la|le|l\'|ce|cette|du|de|au|à|d\'ici',
    week: 'semaine',
    month: 'mois',
    quarter: 'trimestre',
    ordinals: { premier: 1, '1er': 1, deuxième: 2, second: 2, '2e': 2, troisième: 3, '3e': 3, quatrième: 4, dernier: 4, '4e': 4 },
    at: String.raw`jusqu'au|jusqu'à|jusqu'a|jusqu'|jusque|retour(?: au bureau)?(?: prévu)?(?: le| à partir du| dès le)?|de retour(?: au bureau)?(?: le| à partir du| dès le)?|à partir du|à partir de|a partir du|dès le|dès|rentre(?: le)?|reviens(?: le)?|reviendrai(?: le)?|serai de retour(?: le)?|disponible(?: à partir du| dès le| le)?|joignable(?: à partir du| dès le| le)?|d'ici le|d'ici|au plus tard le|au plus tard`,
    after: String.raw`après le|après|apres le|apres|à l'issue du`,
    before: String.raw`avant le|avant`,
    inclusive: String.raw`inclus|incluse|inclusivement|compris|y compris`,
    filler: String.raw`(?:(?:le|la|l'|du|au|vers le|environ|normalement|sans doute|probablement|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|,|-|:)\s*)*`,
    absence: String.raw`absente?|absence|en congés?|congés?|en vacances|vacances|hors du bureau|en déplacement|déplacement|indisponible|pas disponible|en formation|en arrêt|arrêt maladie|en séminaire|en conférence|salon|fermé|fermeture|accès limité|sans accès|en voyage|en mission|out of office`,
    fresh: String.raw`retour|rentre|reviens|reviendrai|disponible|joignable|contacter|appeler|rappeler|parler|échanger|rencontrer|rendez-vous|merci|pourrons|pouvons|je vous|n'hésitez`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:et|mais|puis|ensuite)\b`,
    past: String.raw`était|étions|avons (?:eu|parlé|échangé|envoyé)|avais|avait|dernier|dernière|hier|depuis|a eu lieu|avons eu`,
    meet: String.raw`rendez-vous|réunion|rencontre|appel|échange|disponible|créneau|entre|convient`,
    dayWord: String.raw`le|les|dès|depuis|jusqu'à|jusqu'au|avant|après|ce|chaque|d'ici|du|au|à partir du`,
    dayAfter: String.raw`(?:me|nous|vous|te|ça me|ca me|ça nous|ca nous) (?:va|irait|convient|conviendrait|arrange|arrangerait)`,
  },
  es: {
    months: monthsOf('enero; febrero; marzo; abril; mayo; junio; julio; agosto; septiembre setiembre; octubre; noviembre; diciembre'),
    start: 'principios|a principios|inicios|a inicios|comienzos|a comienzos|principio|al principio|inicio',
    mid: 'mediados|a mediados|mitad|a mitad|la mitad',
    end: 'finales|a finales|fines|a fines|final|al final|fin|a fin',
    connect: 'de|del|de la',
    monthIn: 'en|para|desde|antes de|después de|hasta',
    next: 'próxim[oa]|proxim[oa]|siguiente|que viene|entrante',
    this: 'est[ea]',
    article: 'el|la|los|las|de|del|para|en',
    week: 'semana',
    month: 'mes',
    quarter: 'trimestre',
    ordinals: { primer: 1, primero: 1, segundo: 2, tercer: 3, tercero: 3, cuarto: 4, último: 4 },
    range: { from: 'del|desde el|de', to: String.raw`al|a|hasta el|-`, names: true },
    at: String.raw`hasta(?: el| el día| el dia)?|a partir del?|desde el|de vuelta(?: el)?|regreso(?: el)?|regresaré(?: el)?|regresare(?: el)?|vuelvo(?: el)?|volveré(?: el)?|volvere(?: el)?|estaré de vuelta(?: el)?|disponible(?: a partir del| el| desde el)?|me reincorporo(?: el)?|reincorporo(?: el)?|retorno(?: el)?|a más tardar el|para el`,
    after: String.raw`después del?|despues del?|tras el|luego del?`,
    before: String.raw`antes del?`,
    inclusive: String.raw`inclusive|incluido|incluida`,
    filler: String.raw`(?:(?:el|la|día|dia|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|aproximadamente|probablemente|,|-|:)\s*)*`,
    absence: String.raw`fuera de la oficina|fuera de oficina|fuera|ausente|ausencia|de vacaciones|vacaciones|de viaje|viaje de negocios|no disponible|sin acceso|acceso limitado|de baja|baja médica|de permiso|permiso|licencia|cerrad[oa]|conferencia|feria|formación|congreso|out of office`,
    fresh: String.raw`vuelta|vuelvo|volveré|regreso|regresaré|disponible|contactar|llamar|hablar|reunirnos|reunión|gracias|podemos|podremos|responderé`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:y|pero|luego)\b`,
    past: String.raw`fue|fuimos|era|tuvimos|enviamos|pasado|pasada|ayer|desde hace`,
    meet: String.raw`reunión|reunion|reunirnos|llamada|cita|disponible|hueco|entre|nos va bien|me va bien`,
    dayWord: String.raw`el|los|desde|hasta|antes del|después del|próximo|este|cada|del|al|para el`,
    dayAfter: String.raw`(?:me|nos|te|le|les) (?:va|iría|viene|vendría|sirve|serviría|conviene|convendría|cuadra)`,
  },
  pt: {
    months: monthsOf('janeiro; fevereiro; março marco; abril; maio; junho; julho; agosto; setembro; outubro; novembro; dezembro'),
    start: 'início|inicio|no início|no inicio|começo|no começo|princípio|princípios|em princípios',
    mid: 'meados|em meados|meio|no meio',
    end: 'final|no final|fim|no fim|finais|em finais|ao fim',
    connect: 'de|do|da',
    monthIn: 'em|no mês de|desde|antes de|depois de|até',
    range: { from: 'de|desde|entre', to: String.raw`a|até|-` },
    span: {
      trigger: 'em|daqui a|dentro de|no prazo de|após|depois de',
      numbers: { um: 1, uma: 1, dois: 2, duas: 2, 'três': 3, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, quinze: 15, algumas: 2, alguns: 2, umas: 2, uns: 2 },
      day: 'dias?',
      week: 'semanas?',
      month: 'mês|mes|meses',
    },
    next: 'próxim[oa]|proxim[oa]|seguinte|que vem',
    this: 'est[ea]',
    article: 'o|a|os|as|de|do|da|no|na|em',
    week: 'semana',
    month: 'mês|mes',
    quarter: 'trimestre',
    ordinals: { primeiro: 1, segundo: 2, terceiro: 3, quarto: 4, último: 4 },
    at: String.raw`até(?: o| ao| dia| o dia| a)?|ate(?: o| dia)?|a partir d[oe](?: dia)?|de volta(?: em| no dia| dia| a)?|volto(?: em| no dia| dia| a)?|voltarei(?: em| no dia| dia)?|retorno(?: em| no dia| dia| a)?|retornarei(?: em| no dia| dia)?|regresso(?: em| no dia| dia)?|estarei de volta(?: em| no dia| dia)?|disponível(?: a partir d[oe]| em| no dia)?|o mais tardar|para o dia`,
    after: String.raw`depois d[oe](?: dia)?|após o|após|apos`,
    before: String.raw`antes d[oe](?: dia)?`,
    inclusive: String.raw`inclusive|incluído|incluida|incluída`,
    filler: String.raw`(?:(?:o|a|dia|no|na|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo|segunda|terça|quarta|quinta|sexta|aproximadamente|provavelmente|,|-|:)\s*)*`,
    absence: String.raw`fora do escritório|fora do escritorio|fora|ausente|ausência|ausencia|de férias|férias|ferias|em viagem|viagem|indisponível|sem acesso|acesso limitado|de licença|licença|fechad[oa]|conferência|feira|formação|congresso|out of office`,
    fresh: String.raw`volta|volto|voltarei|retorno|retornarei|disponível|contatar|contactar|ligar|falar|reunião|obrigad[oa]|podemos|poderemos|responderei`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:e|mas|depois)\b`,
    past: String.raw`foi|fomos|era|tivemos|enviamos|passado|passada|ontem|desde`,
    meet: String.raw`reunião|reuniao|chamada|ligação|conversa|disponível|horário|entre`,
    dayWord: String.raw`na|no|à|até|desde|antes de|depois de|próxima|próximo|esta|este|cada|da|do`,
    dayAfter: String.raw`(?:me|nos|te|lhe|lhes) (?:serve|serviria|convém|convinha|dá jeito|daria jeito|fica bem|vai bem)|(?:dá|serve|fica bom|está bom|pode ser) (?:para mim|para nós|pra mim|pra nós)`,
  },
  nl: {
    months: monthsOf('januari jan; februari feb; maart mrt; april apr; mei; juni jun; juli jul; augustus aug; september sept sep; oktober okt; november nov; december dec'),
    start: 'begin|aan het begin van|in het begin van|begin van',
    mid: 'half|midden|medio|halverwege',
    end: 'eind|einde|eind van|aan het eind van|aan het einde van|tegen het eind van',
    connect: 'van|van de|deze|het',
    monthIn: 'in|vanaf|voor|na|tot',
    next: 'volgende|komende|aankomende',
    this: 'deze',
    article: 'de|het|van|in|deze',
    week: 'week',
    month: 'maand',
    quarter: 'kwartaal',
    ordinals: { eerste: 1, tweede: 2, derde: 3, vierde: 4, laatste: 4 },
    range: { from: 'vanaf|van', to: String.raw`tot en met|t/m|tot|-`, names: true },
    at: String.raw`tot|vanaf|terug(?: op| vanaf)?|weer(?: aanwezig| bereikbaar| op kantoor| beschikbaar| terug)?(?: op| vanaf)?|aanwezig(?: op| vanaf)?|bereikbaar(?: op| vanaf)?|beschikbaar(?: op| vanaf)?|uiterlijk(?: op)?|per`,
    after: String.raw`tot en met|t/m|tot en|na|na afloop van`,
    before: String.raw`vóór|voor`,
    inclusive: String.raw`inclusief|incl\.`,
    filler: String.raw`(?:(?:op|de|het|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|waarschijnlijk|ongeveer|,|-|:)\s*)*`,
    absence: String.raw`afwezig|afwezigheid|vakantie|met verlof|verlof|niet op kantoor|niet aanwezig|niet bereikbaar|beperkt bereikbaar|op reis|zakenreis|ziek|gesloten|congres|beurs|cursus|buiten kantoor|out of office`,
    fresh: String.raw`terug|weer|aanwezig|bereikbaar|contact|bellen|spreken|afspraak|bedankt|kunnen|graag|reageren`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:en|maar|dan)\b`,
    past: String.raw`was|waren|hadden|had|vorige|afgelopen|gisteren|sinds|hebben .{0,30}(?:gesproken|gebeld|gestuurd)`,
    meet: String.raw`afspraak|vergadering|overleg|gesprek|bellen|beschikbaar|tijd|tussen|schikt|past`,
    dayWord: String.raw`op|vanaf|tot|voor|na|volgende|deze|aanstaande|a\.s\.|elke|van|t/m|tot en met`,
    dayAfter: String.raw`(?:past|passen|kan|kunnen|lukt|schikt|komt)\b[^,.;:!?\n]{0,12}?\s(?:mij|me|ons|jou|je|u)`,
  },
  it: {
    months: monthsOf('gennaio; febbraio; marzo; aprile; maggio; giugno; luglio; agosto; settembre; ottobre; novembre; dicembre'),
    start: "inizio|all'inizio di|agli inizi di|inizi|primi di|ai primi di|a inizio",
    mid: 'metà|a metà|meta|a meta|verso metà',
    end: 'fine|alla fine di|a fine|verso fine|entro fine|verso la fine di',
    connect: "di|del|della|dello|dell'",
    monthIn: 'a|in|ad|da|entro|prima di|dopo',
    range: { from: 'dal|tra il', to: String.raw`al|-` },
    next: 'prossim[oa]|successiv[oa]|entrante',
    this: 'quest[oa]',
    article: "il|la|lo|l'|del|della|di|a|in|entro",
    week: 'settimana',
    month: 'mese',
    quarter: 'trimestre',
    ordinals: { primo: 1, secondo: 2, terzo: 3, quarto: 4, ultimo: 4 },
    at: String.raw`fino al|fino a|fino all'|fino il|sino al|a partire dal?|a partire da|rientro(?: in ufficio)?(?: previsto)?(?: il| dal)?|rientrerò(?: in ufficio)?(?: il)?|rientrero(?: il)?|di ritorno(?: in ufficio)?(?: il| dal)?|tornerò(?: il)?|tornero(?: il)?|torno(?: il)?|sarò di nuovo(?: in ufficio)?(?: il| dal)?|disponibile(?: dal| a partire dal| il)?|raggiungibile(?: dal| il)?|entro il|entro`,
    after: String.raw`dopo il|dopo`,
    before: String.raw`prima del?|prima di`,
    inclusive: String.raw`compreso|compresa|incluso|inclusa|inclusi`,
    filler: String.raw`(?:(?:il|lo|la|l'|giorno|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|lunedi|martedi|mercoledi|giovedi|venerdi|circa|probabilmente|,|-|:)\s*)*`,
    absence: String.raw`fuori ufficio|fuori sede|fuori|assente|assenza|in ferie|ferie|in vacanza|vacanza|vacanze|in viaggio|trasferta|in trasferta|non disponibile|non raggiungibile|senza accesso|accesso limitato|in malattia|permesso|chius[oa]|chiusura|congresso|fiera|formazione|conferenza|out of office`,
    fresh: String.raw`rientro|rientrerò|ritorno|tornerò|disponibile|raggiungibile|contattare|chiamare|sentirci|parlare|riunione|grazie|possiamo|potremo|risponderò`,
    segmentBreak: String.raw`[,;:()]|\s-\s|\b(?:e|ma|poi)\b`,
    past: String.raw`era|erano|abbiamo (?:avuto|parlato|inviato|sentito)|avevamo|scorso|scorsa|ieri|da quando`,
    meet: String.raw`riunione|incontro|chiamata|call|appuntamento|disponibile|tra le|fra le`,
    dayWord: String.raw`il|lo|di|dal|al|entro|fino a|prima di|dopo|prossimo|questo|ogni|a partire da`,
    dayAfter: String.raw`(?:mi|ci|ti|vi|le|gli) (?:va|andrebbe|sta bene|starebbe bene|torna comodo|è comodo|conviene)|va bene (?:a me|per me|a noi|per noi)`,
  },
};

// A letter-aware word start: \b only knows ASCII, and these languages write "à", "über", "été".
const LETTERS = 'a-zà-öø-ÿ';
const leadEnd = (words: string, filler: string) => new RegExp(String.raw`(?:^|[^a-zà-öø-ÿ0-9])(?:${words})\s*${filler}$`, 'i');

function buildLeads(t: Table): Leads {
  // Letter-aware word edges without the Unicode flag (\\b only knows ASCII, and these languages write "à",
  // "über", "été"; a Unicode lookbehind tried at every character costs more than the rest of the reading).
  const edge = (words: string) => new RegExp(`(?:^|[^${LETTERS}])(?:${words})(?![${LETTERS}])`, 'i');
  return {
    at: leadEnd(t.at, t.filler),
    after: leadEnd(t.after, t.filler),
    before: leadEnd(t.before, t.filler),
    anyLead: leadEnd(`${t.at}|${t.after}|${t.before}`, t.filler),
    inclusive: new RegExp(`^[\\s,]*\\(?(?:${t.inclusive})(?![${LETTERS}])`, 'i'),
    absence: edge(t.absence),
    fresh: edge(t.fresh),
    segmentBreak: new RegExp(t.segmentBreak, 'gi'),
    past: edge(t.past),
    meet: edge(t.meet),
    dayWord: new RegExp(`(?:^|[^${LETTERS}])(?:${t.dayWord})[\\s,]*$`, 'i'),
    // As the English one: within a few words after the weekday, before any punctuation.
    dayAfter: new RegExp(`^[^,.;:!?\\n]{0,12}?(?:^|[^${LETTERS}])(?:${t.dayAfter})(?![${LETTERS}])`, 'i'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Parsers

const alt = (names: Iterable<string>) => [...names].sort((a, b) => b.length - a.length).join('|');

// The part a word names, its patterns compiled once per table, and each word's answer kept (a message names
// a part in the few ways a language has, and three Unicode patterns cost more than the lookup).
const partPatterns = new WeakMap<Table, { patterns: [RegExp, Part][]; known: Map<string, Part> }>();
function partFrom(word: string | undefined, t: Table): Part {
  if (!word) return 'whole';
  let table = partPatterns.get(t);
  if (!table) {
    table = { patterns: [[new RegExp(`^(?:${t.mid})`, 'iu'), 'mid'], [new RegExp(`^(?:${t.start})`, 'iu'), 'start'], [new RegExp(`^(?:${t.end})`, 'iu'), 'end']], known: new Map() };
    partPatterns.set(t, table);
  }
  let part = table.known.get(word);
  if (part === undefined) {
    const w = word.toLowerCase().trim();
    part = table.patterns.find(([pattern]) => pattern.test(w))?.[1] ?? 'whole';
    if (table.known.size > 500) table.known.clear();
    table.known.set(word, part);
  }
  return part;
}

function quarterSpan(year: number, q: number): [Day, Day] {
  return [dayOf(year, 3 * (q - 1) + 1, 1), lastDayOfMonth(year, 3 * q)];
}


/**
 * Our parsers for a language. `monthNeed` is the test chrono's month parsers run on the same text first (a month
 * name's first letters, see NEEDS): where every month name of the table holds a match of it, a text failing it
 * holds no month name, and its answer (remembered per text) spares the month names' scan.
 */
function parsersFor(t: Table, monthNeed?: { test: (text: string) => boolean; pattern: RegExp }): Parser[] {
  const PART = `(${t.start}|${t.mid}|${t.end})`;
  const MONTH = `(${alt(Object.keys(t.months))})\\.?`;
  // Each parser's full pattern is tried at every position of a text; a cheap test of the whole text first
  // (remembered per text, shared by the parsers reading month names) skips it on most messages.
  const MONTH_NAME = new RegExp(alt(Object.keys(t.months)), 'i');
  const needFirst = monthNeed && Object.keys(t.months).every((name) => monthNeed.pattern.test(name)) ? monthNeed.test : undefined;
  const hasMonth = quickTest(needFirst ? (text) => needFirst(text) && MONTH_NAME.test(text) : MONTH_NAME);
  // The unit parser reads a week, month or quarter only with a "next", a "this" or a part word beside it
  // ("nächste Woche", "ce mois-ci", "fin du mois"; "die Woche" alone is nothing): a text holding none of those
  // words anywhere ("no terceiro trimestre") is not scanned for units.
  const UNIT_WORD = new RegExp(`${t.week}|${t.month}|${t.quarter}`, 'i');
  const QUALIFIER = new RegExp(`${t.next}|${t.this}|-ci|${t.start}|${t.mid}|${t.end}`, 'i');
  const hasUnit = quickTest((text) => UNIT_WORD.test(text) && QUALIFIER.test(text));
  // Every quarter the quarter parser reads holds "Q1", "1. Quartal" or "premier trimestre" (a part word and a
  // year are optional around it): "el próximo trimestre" alone is the unit parser's.
  const ORD = alt(Object.keys(t.ordinals));
  const hasQuarter = quickTest(new RegExp(`q[1-4]|[1-4]\\.\\s*(?:${t.quarter})|(?:${ORD})\\s+(?:${t.quarter})`, 'i'));
  // Two numeric dates hold one (hasNumericDate, remembered per text: chrono's numeric parsers ask it first).
  const NUMERIC_PAIR = /\d[./-]\d[^]{1,30}\d[./-]\d/;
  const hasNumericPair = quickTest((text) => hasNumericDate(text) && NUMERIC_PAIR.test(text));
  const monthOf = (name: string) => {
    const lower = name.toLowerCase();
    return t.months[lower.endsWith('.') ? lower.slice(0, -1) : lower];
  };
  const yearFor = (month: number, todayParts: { year: number; month: number }, yearWord?: string) =>
    yearWord ? Number(yearWord) : month < todayParts.month ? todayParts.year + 1 : todayParts.year;

  // Parsers keyed on the word that must be there (a month name, "Woche", "mois"), with what may stand before
  // it ("Mitte", "fin du", "la próxima") read backwards from it: a pattern opening with optional words would be
  // tried at every character of every message.
  const LETTER = 'a-zà-öø-ÿ';
  const PART_BEFORE = new RegExp(`(^|[^${LETTER}])((${t.start}|${t.mid}|${t.end})\\s*(?:(?:${t.connect})\\s*)?)$`, 'i');
  // A day number just before the month (with a joining word that is not also an "in" word, such as "de"):
  // no part word or "in" word can end there, so both patterns below would fail.
  const inWords = new Set(t.monthIn.split('|'));
  const joins = t.connect.split('|').filter((w) => !inWords.has(w));
  const DAY_BEFORE = new RegExp(`\\d\\.?\\s*(?:(?:${joins.join('|')})\\s+)?$`, 'i');
  const IN_BEFORE = new RegExp(`(^|[^${LETTER}])(?:${t.monthIn})\\s+(?:(?:${t.connect})\\s+)?$`, 'i');

  // "Mitte März", "fin mars", "a mediados de marzo", "eind maart", "a metà marzo 2027"; and a whole month after
  // a preposition: "im März", "en mars", "in maart" (a day after the month name is chrono's).
  // A month with a day number before it ("13 de marzo") is passed over by the pattern itself, not matched and
  // then refused: the look back runs only where a month name matched, and most months in a message are a
  // day's. It sees the text chrono hands the pattern (from the last match on); the test in `extract`, on the
  // whole text, stays the rule.
  const dayBeforeMonth = `(?<!\\d\\.?\\s*(?:(?:${joins.join('|')})\\s+)?(?:${alt(Object.keys(t.months))}))`;
  const monthPattern = bounded(`${MONTH.replace(')', `)${dayBeforeMonth}`)}(?!\\s*\\d{1,2}(?!\\d))(?:\\s+(?:de\\s+|del\\s+)?(20\\d{2}))?(?=[^${LETTER}]|$)`, 'i');
  const monthParser: Parser = {
    pattern: gated(hasMonth, monthPattern),
    extract(context, match) {
      const { index, text, groups } = unbound(match);
      const [name, yearWord] = groups;
      const month = monthOf(name ?? '');
      if (!month) return null;
      const before = context.text.slice(Math.max(0, index - 40), index);
      if (DAY_BEFORE.test(before)) return null; // "13 marzo", "13 de marzo": chrono's day, neither a part nor "in"
      const part = PART_BEFORE.exec(before);
      if (!part && !IN_BEFORE.test(before)) return null;
      const { today } = env(context);
      const lead = part?.[2] ?? '';
      const [start, end, tags] = monthPart(yearFor(month, partsOf(today), yearWord), month, partFrom(part?.[3], t));
      // The preposition before a whole month is left to the reading of the sentence.
      return result(context, index - lead.length, lead + text, start, end, tags);
    },
  };

  // "nächste Woche", "Ende des Monats", "la semaine prochaine", "fin du mois prochain", "el próximo trimestre".
  const UNIT = `(${t.week}|${t.month}|${t.quarter})`;
  const unitPattern = bounded(`${UNIT}((?:\\s*-ci|\\s+(?:${t.next}|${t.this}))?)(?:\\s+(20\\d{2}))?(?=[^${LETTER}]|$)`, 'i');
  const UNIT_BEFORE = new RegExp(`(^|[^${LETTER}])((?:(${t.start}|${t.mid}|${t.end})\\s*(?:(?:${t.connect})\\s*)?)?((?:(?:${t.article}|${t.next}|${t.this})\\s+){0,3}))$`, 'i');
  const NEXT = new RegExp(`(?:^|[^${LETTER}])(?:${t.next})(?![${LETTER}])`, 'i');
  const THIS = new RegExp(`(?:^|[^${LETTER}])(?:${t.this})(?![${LETTER}])|-ci`, 'i');
  const isWeek = new RegExp(`^(?:${t.week})$`, 'i');
  const isMonth = new RegExp(`^(?:${t.month})$`, 'i');
  const unitParser: Parser = {
    pattern: gated(hasUnit, unitPattern),
    extract(context, match) {
      const { index: at, text: unitText, groups } = unbound(match);
      const [unit, trail] = groups;
      const back = UNIT_BEFORE.exec(context.text.slice(Math.max(0, at - 60), at));
      const extension = back?.[2] ?? '';
      const partWord = back?.[3];
      const lead = back?.[4] ?? '';
      const index = at - extension.length;
      const text = extension + unitText;
      const words = `${lead} ${trail ?? ''}`;
      const next = NEXT.test(words);
      const thisOne = THIS.test(words);
      const part = partFrom(partWord, t);
      if (!next && !thisOne && part === 'whole') return null; // "die Woche", "le mois" alone
      const { today } = env(context);
      const u = (unit ?? '').toLowerCase();
      if (isWeek.test(u)) {
        const monday = mondayOf(today) + (next ? 7 : 0);
        if (part === 'start') return result(context, index, text, monday, monday, [TAG.point]);
        if (part === 'mid') return result(context, index, text, monday + 2, monday + 2, [TAG.point]);
        if (part === 'end') return result(context, index, text, monday + 4, monday + 4, [TAG.point]);
        return result(context, index, text, monday, monday + 6, next ? [] : [TAG.past]);
      }
      const now = partsOf(today);
      if (isMonth.test(u)) {
        const target = next ? partsOf(addMonthsTo(dayOf(now.year, now.month, 1), 1)) : now;
        const [start, end, tags] = monthPart(target.year, target.month, part);
        return result(context, index, text, start, end, !next && part === 'whole' ? [...tags, TAG.past] : tags);
      }
      const current = Math.floor((now.month - 1) / 3) + 1;
      const q = next ? (current % 4) + 1 : current;
      const year = next && current === 4 ? now.year + 1 : now.year;
      const [start, end, tags] = pointOf(quarterSpan(year, q), part);
      return result(context, index, text, start, end, !next && part === 'whole' ? [...tags, TAG.past] : tags);
    },
  };

  // "Q1", "Q1 2027", "im ersten Quartal", "au premier trimestre", "1. Quartal", "Ende Q2".
  const quarterPattern = bounded(`(?:${PART}\\s*(?:(?:${t.connect})\\s*)?)?(?:q([1-4])|([1-4])\\.\\s*(?:${t.quarter})|(${ORD})\\s+(?:${t.quarter}))(?:\\s+(?:(?:${t.connect})\\s+)?(20\\d{2}))?(?=[^a-zà-öø-ÿ\\d]|$)`, 'i');
  const quarterParser: Parser = {
    pattern: gated(hasQuarter, quarterPattern),
    extract(context, match) {
      const { index, text, groups } = unbound(match);
      const [partWord, qDigit, qLead, qWord, yearWord] = groups;
      const q = Number(qDigit ?? qLead ?? t.ordinals[(qWord ?? '').toLowerCase()]);
      if (!(q >= 1 && q <= 4)) return null;
      const { today } = env(context);
      const now = partsOf(today);
      const part = partFrom(partWord, t);
      let year = yearWord ? Number(yearWord) : now.year;
      if (!yearWord) {
        const [s, e] = quarterSpan(year, q);
        const passed = part === 'whole' || part === 'start' ? s <= today : e < today;
        if (passed && !(part === 'whole' && s <= today && today <= e)) year++;
      }
      const [start, end, tags] = pointOf(quarterSpan(year, q), part);
      const current = start <= today && today <= end && part === 'whole';
      return result(context, index, text, start, end, current ? [...tags, TAG.past] : tags);
    },
  };

  const parsers = [monthParser, unitParser, quarterParser];

  // Portuguese spans, which chrono (2.10) does not read: "em duas semanas", "daqui a 10 dias".
  if (t.span) {
    const { trigger, numbers, day, week, month } = t.span;
    const spanPattern = bounded(`(?:${trigger})\\s+(\\d{1,3}|${alt(Object.keys(numbers))})\\s+(${day}|${week}|${month})(?=[^a-zà-öø-ÿ]|$)`, 'i');
    const hasSpanUnit = quickTest(new RegExp(`${day}|${week}|${month}`, 'i'));
    const isDay = new RegExp(`^(?:${day})$`, 'i');
    const isWeekUnit = new RegExp(`^(?:${week})$`, 'i');
    parsers.push({
      pattern: gated(hasSpanUnit, spanPattern),
      extract(context, match) {
        const { index, text, groups } = unbound(match);
        const [count, unit] = groups;
        const n = /^\d+$/.test(count ?? '') ? Number(count) : numbers[(count ?? '').toLowerCase()];
        if (!n || n > 500) return null;
        const { today } = env(context);
        const u = unit ?? '';
        const day = isDay.test(u) ? today + n : isWeekUnit.test(u) ? today + 7 * n : addMonthsTo(today, n);
        return result(context, index, text, day, day, [TAG.span]);
      },
    });
  }

  // "vom 23.02. bis 27.02.2026", "de 23/02 a 27/02": a range of numeric dates, read as chrono reads its own.
  const NUMERIC = String.raw`(\d{1,2})[./-](\d{1,2})\.?(?:[./-](\d{4}|\d{2}))?`;
  const numericRange = bounded(`(?:(?:${t.range.from})\\s+)?${NUMERIC}\\s*(?:${t.range.to})\\s*${NUMERIC}(?=[^a-zà-öø-ÿ\\d]|$)`, 'i');
  parsers.push({
    pattern: gated(hasNumericPair, numericRange),
    extract(context, match) {
      const { index, text, groups } = unbound(match);
      const [d1, m1, y1, d2, m2, y2] = groups.map((g) => (g === undefined ? undefined : Number(g)));
      const full = (y?: number) => (y === undefined ? undefined : y < 100 ? 2000 + y : y);
      const start: Record<string, number> = { day: d1!, month: m1! };
      const end: Record<string, number> = { day: d2!, month: m2! };
      if (!(m1! >= 1 && m1! <= 12 && m2! >= 1 && m2! <= 12 && d1! >= 1 && d1! <= 31 && d2! >= 1 && d2! <= 31)) return null;
      const endYear = full(y2) ?? full(y1);
      if (endYear !== undefined) {
        end.year = endYear;
        start.year = full(y1) ?? (m1! > m2! ? endYear - 1 : endYear);
      }
      return context.createParsingResult(index, text, start, end);
    },
  });

  // "del 2 al 13 de marzo", "van 2 tot en met 13 maart": a range of days, read as chrono reads its own.
  if (t.range.names) {
    const rangePattern = bounded(
      `(?:(?:${t.range.from})\\s+)?(\\d{1,2})\\.?(?:\\s*(?:de\\s+)?${MONTH})?\\s*(?:${t.range.to})\\s*(\\d{1,2})\\.?\\s*(?:de\\s+|del\\s+)?${MONTH}(?:\\s*(?:de\\s+|del\\s+)?(20\\d{2}))?(?=[^a-zà-öø-ÿ\\d]|$)`,
      'i',
    );
    parsers.push({
      pattern: gated(hasMonth, rangePattern),
      extract(context, match) {
        const { index, text, groups } = unbound(match);
        const [d1, m1, d2, m2, yearWord] = groups;
        const endMonth = monthOf(m2 ?? '');
        const startMonth = m1 ? monthOf(m1) : endMonth;
        const a = Number(d1);
        const b = Number(d2);
        if (!endMonth || !startMonth || !(a >= 1 && a <= 31 && b >= 1 && b <= 31)) return null;
        const start: Record<string, number> = { day: a, month: startMonth };
        const end: Record<string, number> = { day: b, month: endMonth };
        if (yearWord) {
          end.year = Number(yearWord);
          start.year = startMonth > endMonth ? end.year - 1 : end.year;
        }
        return context.createParsingResult(index, text, start, end);
      },
    });
  }
  return parsers;
}

// ---------------------------------------------------------------------------------------------------------
// chrono per language

const CHRONO = { de, fr, es, pt, nl, it } as const;

// What chrono's parsers of each language read that ours replace: weeks and months relative to today (chrono
// reads "nächste Woche" as seven days from now) and clock times (a time is no day).
const UNWANTED: Record<Foreign, string[]> = {
  de: ['nächste Woche', 'nächsten Monat', 'um 15:30 Uhr'],
  fr: ['la semaine prochaine', 'le mois prochain', 'à 15h30'],
  es: ['la próxima semana', 'el próximo mes', 'a las 15:30'],
  pt: ['próxima semana', 'próximo mês', 'às 15:30'],
  nl: ['volgende week', 'volgende maand', 'om 15:30'],
  it: ['la prossima settimana', 'il prossimo mese', 'alle 15:30'],
};

// What each of chrono's parsers needs in a text before it can read anything there, so that it runs only on
// texts holding it (as the English reader's do): a weekday, a month name, a time unit, or a numeric date.
// Each is the first three letters of every word in chrono-node 2.10.3's own dictionaries for the language
// (WEEKDAY_DICTIONARY, MONTH_DICTIONARY, TIME_UNIT_DICTIONARY; test/unit/followup/languages.test.ts checks
// every word of them against these), and of the words a parser reads beside its dictionary ("weekend").
// One-letter units ("3 h") count only as words of their own.
interface Needs {
  weekday: string;
  month: string;
  unit: string;
  /** A sample of each kind, to find which parser reads what. */
  samples: { weekday: string; month: string[]; unit: string[] };
}
const NEEDS: Record<Foreign, Needs> = {
  de: {
    weekday: 'di|die|do|don|fr|fre|mi|mit|mo|mon|sa|sam|so|son',
    month: 'apr|aug|dez|feb|jan|jul|jun|jän|mae|mai|mrz|mär|nov|okt|sep',
    unit: String.raw`jah|jr|min|mon|qua|sek|std|stu|tag|woc|(?:^|[^a-zà-öø-ÿ])[ahj](?![a-zà-öø-ÿ])`,
    samples: { weekday: 'Montag', month: ['3. März', 'März 2027', '3 März'], unit: ['in 3 Tagen', 'vor 3 Tagen'] },
  },
  fr: {
    weekday: 'dim|jeu|lun|mar|mer|sam|ven',
    month: 'aou|aoû|avr|dec|déc|fev|fév|jan|jui|jul|jun|mai|mar|nov|oct|sep',
    unit: String.raw`ann|ans|heu|hr|min|moi|sec|sem|tri|jou|(?:^|[^a-zà-öø-ÿ])h(?![a-zà-öø-ÿ])`,
    samples: { weekday: 'lundi', month: ['3 mars', 'mars 2027'], unit: ['dans 3 jours', 'il y a 3 jours'] },
  },
  es: {
    weekday: 'dom|jue|lun|mar|mie|mié|sab|sáb|vie',
    month: 'abr|ago|dic|ene|feb|jul|jun|mar|may|nov|oct|sep|set',
    unit: String.raw`ano|año|cua|dia|día|hor|hr|mes|min|sec|seg|sem|(?:^|[^a-zà-öø-ÿ])h(?![a-zà-öø-ÿ])`,
    samples: { weekday: 'lunes', month: ['3 de marzo', 'marzo 2027', 'marzo 3'], unit: ['en 3 días', 'dentro de 3 semanas'] },
  },
  pt: {
    weekday: 'dom|qua|qui|sab|seg|sex|sáb|ter',
    month: 'abr|ago|dez|fev|jan|jul|jun|mai|mar|nov|out|set',
    unit: '(?!)', // chrono 2.10.3 has no Portuguese time-unit parser
    samples: { weekday: 'segunda-feira', month: ['3 de março', 'março 2027'], unit: [] },
  },
  nl: {
    weekday: 'di|din|do|don|ma|maa|vr|vri|wo|woe|za|zat|zo|zon',
    month: 'apr|aug|dec|feb|jan|jul|jun|maa|mar|mei|mrt|nov|okt|sep',
    unit: String.raw`dag|hr|jaa|jar|jr|maa|min|sec|ure|uur|wee|wek|(?:^|[^a-zà-öø-ÿ])[hu](?![a-zà-öø-ÿ])`,
    samples: { weekday: 'maandag', month: ['3 maart', 'maart 2027', 'maart 3'], unit: ['binnen 3 dagen', '3 dagen geleden', '3 dagen later', 'over 3 dagen', '+3 dagen'] },
  },
  it: {
    // chrono's Italian weekday parser also reads "weekend" and "fine settimana" (as Saturday), words outside its
    // dictionary.
    weekday: 'dom|fin|gio|lun|mar|mer|sab|ven|wee',
    month: 'ago|apr|dic|feb|gen|giu|lug|mag|mar|nov|ott|set',
    unit: String.raw`ann|gg|gio|mes|min|ora|ore|sec|set|tri|(?:^|[^a-zà-öø-ÿ])[ghms](?![a-zà-öø-ÿ])`,
    samples: { weekday: 'lunedì', month: ['3 marzo', 'marzo 2027', 'marzo 3'], unit: ['tra 3 giorni', '3 giorni fa', '3 giorni dopo', '+3 giorni'] },
  },
};

/** The need tests of a language, exported for the test that checks them against chrono's dictionaries. */
export const needsOf = (lang: Foreign) => {
  const n = NEEDS[lang];
  return { weekday: new RegExp(n.weekday, 'i'), month: new RegExp(n.month, 'i'), unit: new RegExp(n.unit, 'i') };
};

/**
 * chrono's parsers for a language, each behind the test of what it reads (found by what it reads in samples,
 * not by class name, which a minifier may rename). A parser reading none of the samples runs on every text.
 */
function gateByNeed(lang: Foreign, parsers: Parser[], probe: (parser: Parser, text: string) => { text: string } | undefined, month: (text: string) => boolean): Parser[] {
  const { samples } = NEEDS[lang];
  const tests = needsOf(lang);
  const weekday = quickTest(tests.weekday);
  const unit = quickTest(tests.unit);
  const reads = (p: Parser, texts: string[]) => texts.some((t) => probe(p, t) !== undefined);
  // A parser that reads month names only without a day ("marzo 2027") gives nothing a follow-up uses (a month
  // without its day is no cue; ours read "im März", "a mediados de marzo"), and costs a scan per month name.
  const dayless = (p: Parser) => {
    const found = samples.month.map((t) => probe(p, t) as ({ start: { isCertain(c: string): boolean } } & { text: string }) | undefined).filter((r) => r !== undefined);
    return found.length > 0 && found.every((r) => !r.start.isCertain('day')) && !reads(p, [samples.weekday, ...samples.unit, '3/12', '2026-12-03']);
  };
  return parsers.filter((p) => !dayless(p)).map((parser) => {
    const p = steadyPattern(parser);
    const needs: ((text: string) => boolean)[] = [];
    if (reads(p, [samples.weekday])) needs.push(weekday);
    if (reads(p, samples.month)) needs.push(month);
    if (reads(p, samples.unit)) needs.push(unit);
    const numeric = reads(p, ['3/12', '2026-12-03', '3.12.2026', '12/2026']);
    if (needs.length === 0 && !numeric) return p; // casual words ("hoy", "morgen"): cheap, left as they are
    if (numeric) needs.push(hasNumericDate);
    return gate((text) => {
      for (const need of needs) if (need(text)) return true;
      return false;
    }, p);
  });
}

// Several of chrono's casual parsers (es, pt, fr, nl: "hoy", "amanhã", "demain", "morgen", and the parts of
// the day) write their pattern as a regex literal inside `innerPattern()`, so each call returns a new object
// and chrono's word-boundary base compiles the whole pattern again on every parse. Their patterns depend on
// nothing but the source, so the wrapped parser keeps the compiled one while the source and flags stay the
// same. chrono's own parser objects are shared (the plain `pt.parse` uses them too) and are left untouched.
type WordBoundaryParser = Parser & { innerPattern?: (context: ParsingContext) => RegExp; patternLeftBoundary?: () => string };
function steadyPattern(parser: WordBoundaryParser): Parser {
  const { innerPattern, patternLeftBoundary } = parser;
  if (typeof innerPattern !== 'function' || typeof patternLeftBoundary !== 'function') return parser;
  let source = '';
  let flags = '';
  let pattern: RegExp | undefined;
  let last: RegExp | undefined; // most parsers hand back one pattern object, whose source and flags never change
  return {
    pattern(context) {
      const inner = innerPattern.call(parser, context);
      if (inner === last && pattern) return pattern;
      last = inner;
      if (!pattern || inner.source !== source || inner.flags !== flags) {
        source = inner.source;
        flags = inner.flags;
        pattern = new RegExp(`${patternLeftBoundary.call(parser)}${source}`, flags);
      }
      return pattern;
    },
    extract: (context, match) => parser.extract(context, match),
  };
}

export interface LocaleReader {
  parsers: Parser[];
  refiners: Chrono['refiners'];
  leads: Leads;
}

const readers = new Map<Foreign, LocaleReader>();

/** chrono's parsers and refiners for a language (unwanted ones removed) and ours, and its lead words. */
export function localeReader(lang: Foreign, probe: (parser: Parser, text: string) => { text: string } | undefined): LocaleReader {
  let reader = readers.get(lang);
  if (!reader) {
    const base = CHRONO[lang].casual;
    const parsers = base.parsers.filter((p) => !UNWANTED[lang].some((text) => (probe(p, text)?.text.trim().length ?? 0) >= text.length - 3));
    // One month test per text for chrono's month parsers and ours.
    const monthPattern = needsOf(lang).month;
    const month = quickTest(monthPattern);
    reader = { parsers: [...gateByNeed(lang, parsers, probe, month), ...parsersFor(TABLES[lang], { test: month, pattern: monthPattern })], refiners: base.refiners, leads: buildLeads(TABLES[lang]) };
    readers.set(lang, reader);
  }
  return reader;
}
