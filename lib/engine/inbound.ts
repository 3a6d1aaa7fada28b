import { latestText } from '../drafts/clean';
import { DUTCH_ABSENCE } from '../drafts/absence-nl';
import { detectIntent } from '../drafts/intent';
import { detectLanguage, type Language } from '../followup/language';
import type { EmailFacts } from './events';
import { words, type Words } from '../words';

// What an inbound message is, decided in one place for every area that acts on replies (reminders, rules,
// suggestions): a person's reply, an auto-reply or out-of-office, a bounce, a mailing-list message, or a
// person asking not to be emailed again. Headers decide first where the sync data carries them
// (RFC 3834 `Auto-Submitted`, the de-facto `X-Autoreply` / `X-Autorespond`, `Precedence`, RFC 3464
// delivery-status reports, RFC 2369 `List-*`), then the sender and subject, then the text.

export type InboundKind = 'reply' | 'unsubscribe' | 'out-of-office' | 'auto-reply' | 'bounce' | 'bulk';

export interface InboundVerdict {
  kind: InboundKind;
  /** Why, in English words for the audit log. */
  reason: string;
  /** Why, for the rep: said in their language by the surface (lib/say.ts). */
  words?: Words;
  /** The language the message is written in (English when unsure). */
  language?: Language;
  /** A person's reply that declines ("not interested", "kein Interesse", "no nos interesa"). */
  declined?: boolean;
}

/** Only a person's own words end a follow-up: a reply, or a request not to be emailed again. */
export const isPersonsReply = (kind: InboundKind) => kind === 'reply' || kind === 'unsubscribe';

// Bounce senders and subjects as sent by Gmail, Exchange/Outlook, Postfix, Exim, qmail and Sendmail.
const BOUNCE_LOCAL = /^(mailer[-_.]?daemon|postmaster|mail[-_.]?delivery[-_.]?(subsystem|system)?|bounces?)([-+_.]|$)/i;
const BOUNCE_NAME = /^\s*(mail delivery (subsystem|system)|mailer-daemon|microsoft outlook|postmaster)\s*$/i;
const BOUNCE_SUBJECT =
  /^\s*(delivery status notification \((failure|delay)\)|undeliverable:|undelivered mail returned to sender|mail delivery failed|returned mail:|delivery failure|failure notice|message not delivered|delivery has failed|address not found|nicht zustellbar|non remis)/i;
const AUTO_SUBJECT =
  /^\s*(automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|abwesend|abwesenheit|automatische antwort|réponse automatique|absence|absent|respuesta automática|respuesta automatica|fuera de (la )?oficina|fuera del trabajo|resposta automática|resposta automatica|ausência|ausencia|fora do escritório|automatisch antwoord|afwezig|niet aanwezig|risposta automatica|fuori ufficio|fuori dall['’]ufficio|fuori sede|assente|en dehors du bureau|hors du bureau)/i;

// The same three things said in German, French, Spanish, Portuguese, Dutch and Italian: an out-of-office notice,
// a request not to be emailed again, and a refusal. English is read by lib/drafts/intent.ts. Each pattern is a
// phrase the notice or reply templates in that language use; a date in it is read by lib/followup.
const L = String.raw`(?<![\p{L}])`;
const phrases = (list: string[]) => new RegExp(`${L}(?:${list.join('|')})(?![\\p{L}])`, 'iu');
// An absence said not to be one ("no estoy fuera de la oficina", "non sono fuori ufficio") is no notice.
const NOT_DENIED = String.raw`(?<!(?:${L}no|não|nao|non|nicht|niet|pas) )`;
const absences = (list: string[]) => new RegExp(`${L}${NOT_DENIED}(?:${list.join('|')})(?![\\p{L}])`, 'iu');

const OUT_OF_OFFICE: Record<Exclude<Language, 'en'>, RegExp> = {
  de: absences([
    String.raw`(?:ich bin|bin ich|befinde mich|ich befinde mich|bin)\b[^.!?\n]{0,60}(?:im urlaub|in urlaub|nicht im büro|nicht im hause?|nicht zu hause|außer haus|ausser haus|abwesend|auf dienstreise|auf geschäftsreise|in elternzeit|nicht erreichbar|nur eingeschränkt erreichbar|krank)`,
    'abwesenheitsnotiz|automatische antwort|automatische abwesenheitsnotiz',
    String.raw`ab [^.!?\n]{0,40}wieder (?:im büro|erreichbar|für sie da|da)`,
    String.raw`keinen zugriff auf (?:meine )?e-?mails`,
    String.raw`(?:ihre|diese) (?:e-?mail|nachricht) wird nicht weitergeleitet`,
    String.raw`nach meiner rückkehr`,
  ]),
  fr: absences([
    String.raw`je (?:suis|serai|serais) (?:actuellement )?(?:absente?|en congés?|en vacances|en déplacement|hors du bureau|indisponible|en formation|en arrêt(?: maladie)?)`,
    "réponse automatique|message d'absence|message automatique d'absence",
    String.raw`je serai de retour|de retour au bureau le`,
    String.raw`accès (?:limité|restreint) (?:à|a) (?:mes |ma )?(?:e-?mails|messagerie|courriels|emails)`,
    String.raw`(?:dès|à) mon retour`,
    String.raw`je ne (?:suis|serai) pas (?:au bureau|joignable)`,
  ]),
  es: absences([
    String.raw`(?:estoy|estaré|estare|me encuentro) (?:actualmente )?(?:fuera de (?:la )?oficina|de vacaciones|ausente|de viaje|de baja|de permiso|sin acceso)`,
    String.raw`(?:estaré|estare|estoy|me encuentro) (?:actualmente )?fuera (?:desde|del|hasta|de (?:la|mi) oficina)`,
    'respuesta automática|respuesta automatica|mensaje automático',
    String.raw`(?:estaré|estare) de vuelta|regresaré el|volveré el|me reincorporo`,
    String.raw`acceso limitado al correo`,
    String.raw`a mi (?:regreso|vuelta)`,
    String.raw`no (?:estaré|estare|estoy) en la oficina (?:hasta|desde|del|entre)`,
    // Modoboa's Spanish auto-reply (test/fixtures/intent, tuning): "Estoy fuera ahora. Le responderé tan pronto como regrese."
    String.raw`(?:le|te|les|os) (?:responderé|respondere|contestaré|contestare) (?:tan pronto como|en cuanto|cuando) (?:regrese|vuelva)`,
  ]),
  pt: absences([
    String.raw`(?:estou|estarei|encontro-me) (?:atualmente |actualmente )?(?:fora do escritório|fora do escritorio|de férias|ausente|em viagem|de licença|sem acesso)`,
    'resposta automática|resposta automatica|mensagem automática',
    String.raw`(?:estarei|estou) de volta|voltarei (?:a|em|no dia)|regressarei`,
    String.raw`acesso limitado (?:ao|a) (?:e-?mail|correio)`,
    String.raw`quando regressar|quando retornar|no meu regresso|após o meu regresso`,
    String.raw`não (?:estarei|estou) no escritório (?:até|de|desde|entre)`,
    // "Estou indisponível de momento. Responderei logo que possível." (Modoboa's pt_PT auto-reply, tuning): unavailable
    // alone is a person's answer about a day ("estou indisponível na terça"), so it needs the promise to answer or return.
    String.raw`(?:estou|estarei) (?:atualmente |actualmente |de momento |no momento |momentaneamente )?indisponível[^\n]{0,120}?(?:responderei|estarei de volta|quando (?:regressar|retornar|voltar))`,
    String.raw`responderei (?:assim que|quando|logo que) (?:regressar|retornar|voltar|estiver de volta)`,
  ]),
  nl: absences([
    String.raw`(?:ik ben|ben ik|ik zal|zal ik)\b[^.!?\n]{0,40}(?<!niet )(?:afwezig|met vakantie|op vakantie|niet op kantoor|niet aanwezig|niet bereikbaar|met verlof|op zakenreis)`,
    'automatisch antwoord|afwezigheidsbericht|automatisch bericht',
    // "Vanaf maandag ben ik weer aanwezig"; "ik ben weer op kantoor, bellen we?" is a person back at work.
    String.raw`ben ik weer (?:aanwezig|bereikbaar|op kantoor)`,
    String.raw`beperkt (?:toegang|bereikbaar)`,
    String.raw`(?:uw|dit) bericht wordt niet doorgestuurd|na mijn terugkomst|bij terugkomst`,
    // Modoboa's Dutch auto-reply (tuning): "Momenteel ben ik niet aanwezig. Ik zal antwoorden zodra ik terug kom."
    String.raw`(?:antwoorden|reageren|beantwoorden|contact opnemen) (?:zodra|wanneer|als) ik (?:weer )?terug (?:ben|kom)|na mijn terugkeer|(?:ik ben|ben ik)\b[^.!?\n]{0,40}(?:buiten kantoor|met ouderschapsverlof|met zwangerschapsverlof)`,
    // Flemish "op verlof" (leave), the idiom "er even tussenuit", a return ("vanaf 9 maart ben ik terug"), no access.
    String.raw`(?:ik ben|ben ik)\b[^.!?\n]{0,40}(?:op verlof|in verlof|er (?:even |een (?:paar|aantal) (?:dagen|weken) )?tussenuit)|(?:vanaf|per|op|na) [^.!?\n]{1,30}ben ik (?:weer )?terug|ik ben (?:weer )?terug (?:op kantoor|vanaf|op \d)`,
    String.raw`geen toegang tot (?:mijn )?(?:e-?mails?|mail|mailbox)|(?:voor|bij|in) dringende (?:zaken|vragen|gevallen)[^.!?\n]{0,40}(?:contact opnemen|bellen|mailen|terecht)`,
    // The common Dutch and Flemish wording, shared with the intent rules (a clause may hold "t.e.m." or "ma. 9 maart").
    DUTCH_ABSENCE.source,
  ]),
  it: absences([
    String.raw`(?:sono|sarò|saro) (?:attualmente )?(?:fuori ufficio|fuori dall['’]ufficio|via (?:dal|da|fino)|fuori sede|assente|in ferie|in vacanza|in trasferta|in malattia|non raggiungibile)`,
    'risposta automatica|messaggio automatico',
    String.raw`rientrerò|rientrero|rientro in ufficio|sarò di nuovo in ufficio|saro di nuovo in ufficio`,
    String.raw`accesso limitato (?:alla|alle) (?:posta|email|e-mail)`,
    String.raw`al mio (?:rientro|ritorno)`,
    String.raw`non (?:sarò|saro|sono) in ufficio (?:fino|dal|da|tra)`,
  ]),
};

// English requests in so many words ("unsubscribe", "remove me") are read by lib/drafts/intent.ts; these are the
// complaints about unwanted mail that it reads as a refusal, though the writer wants the mail to stop (real ones
// in test/fixtures/inbound/real-collected.jsonl).
const UNSUBSCRIBE: Record<Language, RegExp> = {
  en: phrases([
    String.raw`(?:do not|don't|stop|quit) spam(?:ming)?|spamming me|(?<!(?:check|checked|in|into|from|see|look at|looked in) )your spam(?!\s*(?:filter|folder|box|check|score|protection|settings|trap))`,
    String.raw`unsolicited (?:e-?mails?|mails?|messages?)|(?:do not|don't) (?:promote|advertise|market)\b[^.!?\n]{0,30}(?:that way|to me|by e-?mail)`,
    String.raw`make (?:it|this|them) stop`,
    String.raw`(?:keep|still|continue to) (?:getting|receiving|get|receive) (?:(?:these|your|those) (?:e-?mails|mails|messages|newsletters?)|(?:e-?mails|mails|messages|newsletters?) from (?:you|y'?all|your))`,
  ]),
  de: phrases([
    String.raw`(?:nehmen|streichen|entfernen|löschen) sie mich[^.!?\n]{0,40}(?:verteiler|liste|e-?mail|mailing|datenbank)`,
    String.raw`keine (?:weiteren )?(?:e-?mails|nachrichten|mails|werbung)(?: mehr)?(?: erhalten| bekommen| zusenden| schicken)?`,
    String.raw`(?:schreiben|kontaktieren|mailen|anschreiben) sie mich (?:bitte )?nicht mehr|(?:schreiben|mailen) sie mir (?:bitte )?nicht mehr`,
    'abmelden|austragen|abbestellen',
  ]),
  fr: phrases([
    'désabonner|désabonnez|désinscrire|désinscrivez|désinscription',
    String.raw`(?:retirez|supprimez|enlevez|retirer|supprimer|enlever)[- ]?(?:moi|mon adresse)[^.!?\n]{0,30}(?:liste|fichier|base)`,
    String.raw`ne (?:plus )?me (?:contactez|écrivez|sollicitez) plus|merci de ne plus me (?:contacter|écrire|solliciter|relancer)|ne plus recevoir`,
  ]),
  es: phrases([
    'darme de baja|dar de baja|denme de baja|bórrenme|borrenme|elimínenme|quítenme|sáquenme',
    String.raw`(?:dejen|deje) de (?:escribirme|contactarme|enviarme)`,
    String.raw`no (?:me )?(?:vuelvan|vuelva) a (?:escribir|contactar)|no (?:quiero|deseo) recibir más|no me (?:escriban|contacten|envíen) más|no (?:me|nos) (?:escriba|contacte|envíe|envie|envien|mande|manden) más (?:correos|e-?mails|mails|mensajes|información|publicidad)`,
    String.raw`no (?:quiero|deseo) (?:seguir )?recibir (?:sus |tus |más |estos )?(?:correos|e-?mails|mensajes)`,
    String.raw`(?:borrar|eliminar|quitar|sacar)me de (?:su|la|vuestra) lista`,
  ]),
  pt: phrases([
    String.raw`descadastr\w*|cancelar (?:a )?(?:minha )?inscrição`,
    String.raw`(?:removam|remova|retirem|retire|tirem|tire)-me d[ae]`,
    String.raw`não (?:me )?(?:contatem|contactem|enviem|escrevam|envie|contate|contacte) mais|não quero receber mais|parem de (?:me )?(?:enviar|contatar|contactar|escrever)`,
  ]),
  nl: phrases([
    'afmelden|uitschrijven',
    String.raw`(?:haal|verwijder) (?:mij|me)[^.!?\n]{0,30}(?:uit|van)[^.!?\n]{0,30}(?:lijst|mailinglijst|bestand)`,
    String.raw`geen (?:e-?mails|berichten|mails|nieuwsbrieven) meer|(?:stuur|stuurt|zend) (?:mij|me) (?:\p{L}+ )?geen (?:e-?mails|mails|berichten|nieuwsbrieven|reclame)|niet meer (?:te )?(?:mailen|e-?mailen|benaderen|contacteren)`,
  ]),
  it: phrases([
    String.raw`disiscriv\w*|cancellatemi|rimuovetemi|rimuovermi|cancellarmi`,
    String.raw`non (?:contattatemi|scrivetemi|inviatemi) più|non mandatemi più (?:email|e-?mail|mail|messaggi|comunicazioni|newsletter)|non (?:voglio|desidero) (?:più )?ricevere|(?:smettete|smettetela) di (?:scrivermi|contattarmi|inviarmi|mandarmi)|non scrivermi più|di non (?:scrivermi|contattarmi|inviarmi|mandarmi) più`,
  ]),
};

const DECLINE: Record<Exclude<Language, 'en'>, RegExp> = {
  de: phrases([
    String.raw`kein(?:e|en)? interesse|nicht interessiert|kein(?:en)? bedarf`,
    String.raw`haben (?:bereits|schon) (?:einen|eine|ein) (?:anbieter|lösung|partner|dienstleister)`,
    String.raw`(?:passt|ist) (?:leider )?nicht (?:zu uns|für uns|das richtige)|danke,? (?:aber )?nein|nein,? danke`,
  ]),
  fr: phrases([
    String.raw`(?:ne sommes|ne suis) pas intéressée?s?|pas intéressée?s?|aucun intérêt|pas d'intérêt|pas de besoin`,
    String.raw`(?:nous avons|j'ai) déjà (?:un|une) (?:prestataire|solution|fournisseur|partenaire)`,
    String.raw`non,? merci|merci,? mais non|(?:ça|cela) ne nous intéresse pas|nous ne donnerons pas suite`,
  ]),
  es: phrases([
    String.raw`no (?:nos |me )?interesa|no (?:estamos|estoy) interesad[oa]s?|sin interés|no tenemos (?:necesidad|interés)`,
    String.raw`ya (?:tenemos|contamos con|trabajamos con) (?:un |una )?(?:proveedor|solución|socio)`,
    String.raw`no,? gracias|gracias,? pero no|no es (?:para nosotros|lo que buscamos)`,
  ]),
  pt: phrases([
    String.raw`não (?:nos |me )?interessa|não (?:estamos|estou) interessad[oa]s?|sem interesse|não temos (?:necessidade|interesse)`,
    String.raw`já (?:temos|trabalhamos com) (?:um |uma )?(?:fornecedor|solução|parceiro)`,
    String.raw`não,? obrigad[oa]|obrigad[oa],? mas não|não é (?:para nós|o que procuramos)`,
  ]),
  nl: phrases([
    String.raw`geen interesse|niet geïnteresseerd|niet geinteresseerd|geen behoefte`,
    String.raw`hebben (?:al|reeds) (?:een )?(?:leverancier|oplossing|partner)`,
    String.raw`nee,? (?:dank je|dank u|bedankt)|bedankt,? maar nee|past niet bij ons|(?:wij|we) zien ervan af`,
  ]),
  it: phrases([
    String.raw`non (?:mi |ci )?interessa|non (?:siamo|sono) interessat[oai]|nessun interesse|non abbiamo (?:bisogno|necessità|interesse)`,
    String.raw`abbiamo già (?:un |una )?(?:fornitore|soluzione|partner)`,
    String.raw`no,? grazie|grazie,? ma no|non fa per noi`,
  ]),
};

// A subject the writer typed, not a reply's or forward's prefix on the subject we wrote.
const OWN_SUBJECT = /^(?!\s*(?:re|aw|sv|vs|antw|r|rif|res|ynt|fw|fwd|wg|tr|rv|enc|doorst)\s*:)\s*\S/i;

/** An automatic acknowledgement's own words: a request, ticket or case received, an answer promised soon. */
const ACKNOWLEDGES =
  /\b(?:we|i)(?: have|'ve)? received your (?:request|message|e-?mail|inquiry|enquiry|ticket)|\b(?:ticket|case|request) (?:#|number|no\.|id\b)|\b(?:will|shall) (?:respond|reply|answer|get back to you) (?:shortly|soon|as soon as possible|within)/i;

const FOREIGN = ['de', 'fr', 'es', 'pt', 'nl', 'it'] as const;

/**
 * The first of a table's patterns that the text holds, trying the detected language first and then the others: a
 * short message ("Non inviatemi più email.", "No me interesa, gracias.") often has too few words to settle its
 * language, and the detector then answers English. The phrases are each language's own, so a match in another
 * language's table is no accident.
 */
function firstIn(table: Partial<Record<Language, RegExp>>, language: Language, text: string): RegExp | undefined {
  const own = table[language];
  if (own?.test(text)) return own;
  for (const lang of FOREIGN) if (lang !== language && table[lang]!.test(text)) return table[lang];
  return undefined;
}

/**
 * The writer says they are at the office ("Estaré en la oficina hasta las 18:00", "I'll be in the office until 6"):
 * the model, which learns "oficina" and "estaré" from absence notices, can take that for one.
 */
const PRESENT =
  /(?<![\p{L}])(?:i(?:'m| am| will be|'ll be)|estaré|estare|estoy|estarei|estou|sarò|saro|sono|ik ben|ben ik|ich bin|bin ich|je suis|je serai) (?:(?!not |no |non |niet |nicht |pas )\p{L}+ )?(?:in the office|at the office|at my desk|en la oficina|no escritório|in ufficio|op kantoor|im büro|au bureau)(?![\p{L}])/iu;

/** The first quote in an English reason (detectIntent quotes the sentence that decided it), for the rep's words. */
const quoteIn = (reason: string) => /“[^”]*”/.exec(reason)?.[0] ?? '';

/** The words of a pattern's match, for the reason. */
const quoted = (re: RegExp, text: string) => {
  const m = re.exec(text);
  return m ? `“${m[0].trim().slice(0, 80)}”` : '';
};

const header = (headers: Record<string, string> | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v.trim().toLowerCase();
  return undefined;
};

/** What kind of message this inbound email is. Pure: the same email always gives the same answer. */
export function classifyInbound(email: Pick<EmailFacts, 'from' | 'subject' | 'bodyText'> & { headers?: Record<string, string> }): InboundVerdict {
  const { headers } = email;
  const local = email.from.email.slice(0, email.from.email.lastIndexOf('@'));
  const contentType = header(headers, 'content-type');
  if (contentType?.includes('report-type=delivery-status') || header(headers, 'x-failed-recipients')) {
    return { kind: 'bounce', reason: 'a delivery failure report', words: words('inbound_bounce_report') };
  }
  if (BOUNCE_LOCAL.test(local) || BOUNCE_NAME.test(email.from.name ?? '') || BOUNCE_SUBJECT.test(email.subject)) {
    const what = BOUNCE_SUBJECT.test(email.subject) ? email.subject.trim().slice(0, 80) : email.from.email;
    return { kind: 'bounce', reason: `a delivery failure (${what})`, words: words('inbound_bounce', { what }) };
  }
  const autoSubmitted = header(headers, 'auto-submitted');
  const precedence = header(headers, 'precedence');
  const autoByHeader =
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    header(headers, 'x-autoreply') !== undefined ||
    header(headers, 'x-autorespond') !== undefined ||
    precedence === 'auto_reply';
  const intent = detectIntent(email.bodyText, email.subject);
  const latest = latestText(email.bodyText);
  const language = detectLanguage(latest);
  const absence = firstIn(OUT_OF_OFFICE, language, latest);
  const away = absence ? quoted(absence, latest) : undefined;
  // The trained model's out-of-office is a guess over words, and it takes a ticket acknowledgement ("We have
  // received your request and will respond shortly") for one: automation (a sequence paused, a reminder kept)
  // does not act on its guess when the message says it acknowledges, and the rules found no absence in it.
  // Nor when the message says its writer is at the office.
  const acknowledges = intent.decidedBy === 'model' && (ACKNOWLEDGES.test(latest) || PRESENT.test(latest));
  const outOfOffice = (intent.intent === 'out_of_office' && !acknowledges) || away !== undefined;
  if (autoByHeader || AUTO_SUBJECT.test(email.subject) || outOfOffice) {
    const why = autoByHeader ? 'marked automatic by its headers' : AUTO_SUBJECT.test(email.subject) ? `“${email.subject.trim().slice(0, 80)}”` : (away ?? intent.reason);
    const whyWords = autoByHeader ? words('inbound_why_headers') : why === intent.reason ? quoteIn(why) || words('inbound_why_text') : why;
    // An auto-reply that says when its writer is away is an out-of-office; otherwise it only acknowledges.
    if (outOfOffice) return { kind: 'out-of-office', reason: `an out-of-office reply (${away ?? why})`, words: words('inbound_ooo', { why: away ?? whyWords }), language };
    return { kind: 'auto-reply', reason: `an automatic reply (${why})`, words: words('inbound_auto', { why: whyWords }), language };
  }
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk' || header(headers, 'list-id') !== undefined || header(headers, 'list-unsubscribe') !== undefined) {
    return { kind: 'bulk', reason: 'a mailing-list or bulk message', words: words('inbound_bulk') };
  }
  if (intent.signals.includes('unsubscribe_request')) return { kind: 'unsubscribe', reason: 'they asked not to be emailed again', words: words('inbound_unsubscribe'), language };
  // A subject of their own ("I keep getting emails…") can carry the request; a reply's "Re: …" is ours.
  const asked = OWN_SUBJECT.test(email.subject) ? `${email.subject}\n${latest}` : latest;
  const stop = firstIn(UNSUBSCRIBE, language, asked);
  if (stop) {
    const said = quoted(stop, asked);
    return { kind: 'unsubscribe', reason: `they asked not to be emailed again (${said})`, words: words('inbound_unsubscribe_quote', { quote: said }), language };
  }
  if (intent.intent === 'not_interested') {
    const said = quoteIn(intent.reason);
    return { kind: 'reply', reason: `a reply from a person: ${intent.reason}`, words: said ? words('inbound_declined_quote', { quote: said }) : words('inbound_declined'), language, declined: true };
  }
  const declines = firstIn(DECLINE, language, latest);
  if (declines) {
    const said = quoted(declines, latest);
    return { kind: 'reply', reason: `a reply from a person: they declined (${said})`, words: words('inbound_declined_quote', { quote: said }), language, declined: true };
  }
  return { kind: 'reply', reason: 'a reply from a person', words: words('inbound_reply'), language };
}
