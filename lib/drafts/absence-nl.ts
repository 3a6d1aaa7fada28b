// Dutch and Flemish absence notices, in the wording their auto-replies commonly use (issue 18, item 3). Read by the
// intent rules (lib/drafts/intent.ts) and the inbound reader (lib/engine/inbound.ts), so the panel's intent and the
// automation agree. Written 2026-12-07 from the Dutch tuning lines of test/fixtures/intent and everyday Dutch and
// Flemish phrasing; the held-out lines were not read for it.

const BEFORE = String.raw`(?<![\p{L}\p{N}])`;
/**
 * Within one clause: a full stop followed by a space ends a sentence, but not inside "t.e.m.", "9.3." or "ma. 9 maart",
 * nor after the abbreviations of "tot en met", the weekdays and the months.
 */
const ABBREVIATED = 't\\.e\\.m|ma|di|wo|do|vr|za|zo|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec';
const CLAUSE = String.raw`(?:[^.!?\n]|\.(?=\s?\d|[^\s.!?])|(?<=${BEFORE}(?:${ABBREVIATED}))\.)`;
const AFTER = String.raw`(?![\p{L}\p{N}])`;

/** Where the writer is instead: each says an absence on its own after "ik ben" / "ben ik" / "ik zal … zijn". */
const AWAY = [
  'afwezig',
  'met vakantie|op vakantie',
  'met verlof|op verlof|in verlof|(?:met |in )?(?:ouderschaps|zwangerschaps|bevallings|zorg|ziekte)verlof',
  '(?:met|in) congé',
  String.raw`niet (?:op kantoor|op het kantoor|aanwezig|bereikbaar|op het werk|aan het werk)`,
  // "Niet beschikbaar" and "niet werkzaam" also answer a proposed day ("dinsdag ben ik niet beschikbaar") or say where
  // someone works: they count with a span ("niet beschikbaar tot en met 6 maart", "niet werkzaam op vrijdag").
  String.raw`niet (?:beschikbaar|werkzaam) (?:tot|t/m|t\.e\.m\.|van|vanaf|op (?:maandag|dinsdag|woensdag|donderdag|vrijdag)(?:en)?)`,
  'buiten kantoor|onbereikbaar',
  'op (?:zakenreis|dienstreis|reis|cursus|training)|op (?:een )?congres|op (?:een |de )?beurs|in het buitenland',
  String.raw`er (?:even |een (?:paar|aantal) (?:dagen|weken) )?tussenuit`,
  // "Ziek" alone is also a reply's excuse ("ik ben ziek geweest, daarom nu pas"); these say the absence lasts.
  'ziekgemeld|ziek thuis|thuis ziek',
].join('|');

/** Coming back: "weer" in the Netherlands, "terug" in Flanders ("vanaf 9 maart ben ik terug aanwezig"). */
const BACK = String.raw`(?:weer|terug) (?:aanwezig|bereikbaar|beschikbaar|op kantoor|op het kantoor|aan het werk|op het werk)`;
const WHEN = String.raw`(?:vanaf|per|op|na|tot|van|maandag|dinsdag|woensdag|donderdag|vrijdag|\d)`;

const PHRASES = [
  // "Ik ben van maandag 2 t.e.m. vrijdag 13 maart met verlof", "Tot en met 6 maart ben ik niet bereikbaar".
  String.raw`(?:ik ben|ben ik|ik zal|zal ik)${AFTER}${CLAUSE}{0,60}?${BEFORE}(?<!niet |geen )(?:${AWAY})`,
  // The span said first: "Tot en met 6 maart ben ik niet beschikbaar", "Op vrijdag ben ik niet werkzaam".
  String.raw`(?:tot en met|t/m|t\.e\.m\.|tot|vanaf|van|op (?:maandag|dinsdag|woensdag|donderdag|vrijdag)(?:en)?)${AFTER}${CLAUSE}{0,40}?(?:ben ik|ik ben) niet (?:beschikbaar|werkzaam)`,
  // "Ik heb vakantie tot en met 6 maart", "Tot 9 maart heb ik verlof".
  String.raw`(?:ik heb|heb ik)${AFTER}${CLAUSE}{0,50}?${BEFORE}(?<!geen )(?:vakantie|zomervakantie|verlof)`,
  // A return with a day: "Vanaf 9 maart ben ik weer bereikbaar", "Ik ben op 9 maart terug aanwezig", "weer aan het werk op
  // 9 maart". Each starts at a rare word ("ik ben", "vanaf", "per", "weer", "terug"), not at every digit: cheaper.
  String.raw`ben ik ${BACK}|(?:ik ben|vanaf|per)${AFTER}${CLAUSE}{0,40}?${BEFORE}${WHEN}${AFTER}${CLAUSE}{0,30}?${BACK}|(?:vanaf|per)${AFTER}${CLAUSE}{0,40}?${BACK}|${BACK}${AFTER} ${WHEN}`,
  String.raw`(?:vanaf|per|op|na) ${CLAUSE}{1,30}?ben ik (?:weer )?terug|ik ben (?:weer )?terug (?:op kantoor|vanaf|per|op (?:\d|maandag|dinsdag|woensdag|donderdag|vrijdag))`,
  'automatisch antwoord|afwezigheidsbericht|afwezigheidsmelding|automatisch bericht',
  // A line that opens with the absence: "Afwezig t/m 6 maart".
  String.raw`(?<=^|\n)\s*afwezig (?:tot|t/m|t\.e\.m\.|van|vanaf)`,
  String.raw`(?:tijdens|in) mijn afwezigheid`,
  // What happens to the mail meanwhile.
  String.raw`(?:uw|je|jouw|dit|deze) (?:e-?mail|mail|bericht)(?:je)? wordt niet (?:automatisch )?(?:doorgestuurd|gelezen)`,
  String.raw`(?:ik lees|lees ik) (?:mijn |de )?(?:e-?mails?|mail|berichten) (?:in die periode |tijdens mijn (?:afwezigheid|vakantie|verlof) |dan )?(?:beperkt|sporadisch|niet of nauwelijks|niet of beperkt)`,
  String.raw`geen toegang tot (?:mijn )?(?:e-?mails?|mail|mailbox)|beperkt (?:toegang|bereikbaar)`,
  // A return said as the writer's own ("na mijn terugkomst"); "na terugkomst van de beurs bel ik je" is a person's plan.
  String.raw`(?:na|bij) mijn (?:terugkomst|terugkeer)|zo (?:spoedig|snel) mogelijk na (?:mijn )?(?:terugkomst|terugkeer)`,
  // The answer promised for the return: "Ik zal antwoorden zodra ik terug kom" (Modoboa's Dutch auto-reply, tuning).
  String.raw`(?:antwoorden|reageren|beantwoorden|terugkomen|contact (?:met u |met je )?opnemen) (?:zodra|wanneer|als|nadat) ik (?:weer )?(?:terug|op kantoor|aanwezig|beschikbaar) (?:ben|kom)`,
  // Who to turn to meanwhile: "In dringende gevallen kunt u contact opnemen met…", "Voor dringende zaken kunt u zich wenden tot…".
  String.raw`(?:voor|bij|in) dringende (?:zaken|vragen|gevallen|kwesties)${CLAUSE}{0,50}?(?:contact opnemen|bellen|mailen|terecht|wenden|bereiken|contacteren|benaderen)`,
  // An office closed for the holidays: "Wegens vakantie is ons kantoor gesloten", "vakantiesluiting van 20 juli t/m 9 augustus".
  String.raw`(?:wegens|in verband met|i\.v\.m\.) (?:vakantie|verlof|de feestdagen|vakantiesluiting)${CLAUSE}{0,50}?gesloten|gesloten (?:wegens|in verband met|i\.v\.m\.) (?:vakantie|verlof|de feestdagen)|vakantiesluiting (?:van|vanaf|tot|t/m|tot en met)`,
];

/**
 * A Dutch or Flemish absence notice's own words. An absence said not to be one ("ik ben niet afwezig") is left out:
 * the absence word may not follow "niet".
 */
export const DUTCH_ABSENCE = new RegExp(`${BEFORE}(?<!niet )(?:${PHRASES.join('|')})${AFTER}`, 'iu');
