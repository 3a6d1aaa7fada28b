import type { Intent } from '../records';
import { DUTCH_ABSENCE } from './absence-nl';
import { latestText } from './clean';
import { modelIntent, type ModelGuess } from './intent-model';
import { DECIDER } from './intent-weights';
import { words, type Words } from '../words';

// What the latest inbound message asks for: hand rules that quote the words they matched, and a small linear model
// over the reply's words, cross-lingual concepts and negations (lib/drafts/intent-model.ts). Which of them decides
// was picked on held-out replies by scripts/train-intent.ts (DECIDER; since 2026-12-07 the rules, and the model where
// they answer `other`). The same text always
// gives the same intent, and the reason quotes the reply. One primary intent, plus secondary signals the rep
// should know about (objections, an unsubscribe request).

export type Signal = 'budget_objection' | 'competitor_objection' | 'unsubscribe_request';

export interface IntentResult {
  intent: Intent;
  /** Why, in English, quoting what decided it (the AI handoff, the inbound reader, older panels). */
  reason: string;
  /** The same reason for the rep in their language (lib/say.ts): our framing localized, the quote as they wrote it. */
  reasonWords: Words;
  signals: Signal[];
  /** The rule hits per intent (for tests and the inspect command). */
  scores: Partial<Record<Intent, number>>;
  /** The text that was classified: quotes and signature removed. */
  text: string;
  /** Which decided: the hand rules, or the trained model (lib/drafts/intent-weights.ts `DECIDER`). */
  decidedBy: 'rules' | 'model';
  /**
   * The trained model's guess (lib/drafts/intent-model.ts), with `withModel`. It decides only if DECIDER says so
   * (since 2026-12-07: rules→model, where the rules answer `other`).
   */
  model?: ModelGuess;
}

interface Rule {
  re: RegExp;
  weight: number;
}

const r = (re: RegExp, weight = 1): Rule => ({ re, weight });
// Rules for Spanish, Portuguese, Italian, Dutch, French and German words: `\b` is ASCII-only in JavaScript, so these
// take word edges that know accented letters (written `\b` in the source string and replaced here): before a word,
// no letter or digit may precede; after one, none may follow. One-sided checks cost less than a full `\b` rebuilt.
const NOT_BEFORE = '(?<![\\p{L}\\p{N}_])';
const NOT_AFTER = '(?![\\p{L}\\p{N}_])';
const u = (source: string, weight = 1): Rule =>
  r(new RegExp(source.replace(/\\b(?=[(\\\p{L}\d])/gu, NOT_BEFORE).replaceAll('\\b', NOT_AFTER), 'u'), weight);
const WEEKDAYS = '(lunes|martes|miércoles|miercoles|jueves|viernes|segunda|terça|terca|quarta|quinta|sexta|lunedì|martedì|mercoledì|giovedì|venerdì|maandag|dinsdag|woensdag|donderdag|vrijdag)(-feira)?';

// Weights: 3 = decisive on its own, 2 = strong, 1 = a hint that needs company.
const RULES: Record<Exclude<Intent, 'other'>, Rule[]> = {
  out_of_office: [
    // es, pt, it, nl, fr, de (written 2026-12-07 from the tuning split and common wording; held-out never read)
    // An absence said not to be one ("no estoy fuera de la oficina", "non sono fuori ufficio") is none.
    u(String.raw`\b(?<!\bno (estoy|estaré|estare|estamos|estaba) )(?<!\bno )(fuera de la oficina|estaré (fuera|ausente|de vacaciones)|estoy (fuera de|ausente|de vacaciones)|respuesta automática|regresaré el|volveré (el|a la oficina))\b`, 3),
    // Modoboa's Spanish auto-reply (tuning, round 4): "Estoy fuera ahora. Le responderé tan pronto como regrese."
    u(String.raw`\b(le|te|les|os) (responderé|contestaré) (tan pronto como|en cuanto|cuando) (regrese|vuelva)\b`, 3),
    u(String.raw`\b(?<!\bnão (estou|estarei|estamos) )(?<!\bnão )(fora do escritório|estarei (fora|ausente|de férias)|estou (fora do|ausente|de férias)|resposta automática|retorno (no dia|em \d))\b`, 3),
    // Modoboa's pt_PT auto-reply (tuning, round 4): "Estou indisponível de momento. Responderei logo que possível."
    // Unavailable alone answers a proposed day ("estou indisponível na terça"): it needs the promise to answer or return.
    u(String.raw`\b(estou|estarei) (atualmente |de momento |no momento |momentaneamente )?indisponível\b[^\n]{0,120}?\b(responderei|estarei de volta|quando (regressar|retornar|voltar))\b|\bresponderei (assim que|quando|logo que) (regressar|retornar|voltar)\b`, 3),
    u(String.raw`\b(?<!\bnon (sono|sarò|saro|siamo) )(?<!\bnon )(fuori (ufficio|sede)|sarò (assente|fuori|via|in ferie|in vacanza)|sono (assente|fuori ufficio|in ferie)|risposta automatica|rientrerò)\b`, 3),
    // Modoboa's Italian auto-reply (tuning, round 4): "Al momento non posso rispondere. Risponderò al mio ritorno."
    u(String.raw`\b(risponderò|ti risponderò|vi risponderò|le risponderò) (al mio (ritorno|rientro)|appena (rientro|ritorno|rientrerò|tornerò))\b`, 3),
    u(String.raw`\b(?<!\bniet )(afwezig|niet op kantoor|op vakantie|automatisch antwoord|afwezigheidsbericht)\b`, 3),
    // Modoboa's Dutch auto-reply (tuning, round 4): "Momenteel ben ik niet aanwezig. Ik zal antwoorden zodra ik terug kom."
    u(String.raw`\b(momenteel|op dit moment) ben ik niet aanwezig\b|\bik ben (momenteel |op dit moment )?niet aanwezig (tot|van|vanaf|t/m)\b|\b(antwoorden|reageren|beantwoorden) (zodra|wanneer|als) ik (weer )?terug (ben|kom)\b|\bweer (aanwezig|op kantoor|bereikbaar) (op|vanaf|per)\b|\bben ik weer (aanwezig|op kantoor|bereikbaar)\b|\b(ik ben|ben ik) [^.!?\n]{0,30}(met vakantie|op verlof|in verlof|er (even |een (paar|aantal) (dagen|weken) )?tussenuit)\b|\b(vanaf|per|op|na) [^.!?\n]{1,30}ben ik (weer )?terug\b|\bgeen toegang tot (mijn )?(e-?mails?|mail|mailbox)\b`, 3),
    // Dutch and Flemish notices in their common wording (lib/drafts/absence-nl.ts, shared with the inbound reader).
    r(DUTCH_ABSENCE, 3),
    // "No estaré en la oficina hasta…", "Não estarei no escritório até…", "Non sarò in ufficio fino al…", "Je ne serai pas au bureau".
    u(String.raw`\bno (estaré|estoy) en la oficina (hasta|desde|del|entre)\b|\bnão (estarei|estou) no escritório (até|de|desde|entre)\b|\bnon (sarò|sono) in ufficio (fino|dal|da|tra)\b|\bje ne (suis|serai) pas au bureau\b`, 3),
    u(String.raw`\b(je suis (actuellement )?(en vacances|en congé|absente?|indisponible)|je ne suis pas au bureau|réponse automatique|nicht (im büro|in der agentur|erreichbar)|im urlaub)\b`, 3),
    u(String.raw`\b(acceso limitado al correo|acesso limitado ao e-?mail|accesso limitato alla posta|beperkt bereikbaar)\b`, 3),
    r(/\b(i am|i'm|i will be|i'll be|currently|will be)\s+(currently\s+)?(out of (the )?office|ooo|away from (the|my) (office|desk)|(on|in) (a )?(annual |parental |maternity |paternity |medical |sick |study )?(leave|vacation|holidays?|sabbatical|pto))\b/, 3),
    // "on a holiday until April 29th", "in holiday during 3 weeks" (lvgl/lvgl#222, notepad-plus-plus#353) are matched above;
    // "doing a break from the 5th of july until the 24th" (Totodore/socketioxide#54): all tuning lines.
    r(/\b(doing|taking|on) a break from\b.{0,60}\b(until|till|through|to)\b/, 3),
    // "I'm out of project until 11.Sep due to my vacation" (lunchclass/absolute#423, tuning).
    r(/\b(due to|because of) (my|our) (vacation|holidays?|annual leave|leave|pto|time off)\b/, 3),
    // "I will be on some international travel for several weeks" (AstroNvim/AstroNvim#2405, tuning).
    r(/\b(i am|i'm|i will be|i'll be|we are|we're|we will be|we'll be) (on|doing) (some |a )?(international |business |work )?(travel|trip|travelling|traveling)\b/, 3),
    r(/\b(automatic reply|auto-?reply|autoreply|out of office (reply|message|notice)|abwesenheitsnotiz)\b/, 3),
    r(/\bout off? (the )?office\b.{0,80}\b(until|through|thru|till|returning|back on|back in|return on|from)\b/, 3), // "out off office until" as typed (kangarko/Boss#1356, tuning)
    r(/\b(limited|no|intermittent|sporadic) (access to|availability (to|on|for)|ability to (check|respond to)) (e-?mail|email|my email|messages)\b/, 3),
    r(/\bwill (respond|reply|get back to you|be in touch|answer) (to your (e-?mail|message) )?(upon|on|when|after) my return\b/, 3),
    r(/\b(i am|i'm|i will be|i'll be) (traveling|travelling|out|away|off)\b.{0,60}\b(until|through|returning|back (on|in|at))\b/, 2),
    r(/\b(for (urgent|immediate) (matters|assistance|issues|requests)|if (this|your (request|matter)) is urgent)\b/, 2),
    r(/\bno longer (with|at|employed|working (at|for)) /, 3),
    r(/\bthis (e-?mail|mailbox|address) is no longer (monitored|active|in use)\b/, 3),
    r(/\b(i am|i'm) on (a )?(leave|vacation|holiday|sabbatical)\b/, 3),
    r(/\b(thank you|thanks) for your (e-?mail|email|message|letter|note)\b.{0,160}\b(as soon as (i can|possible|i am able|i'm able)|at my earliest convenience|when i return|upon my return|when i am back|when i'm back)\b/, 3),
    r(/\bif (you are|you're|it is|it's) (badly |urgently )?in need of (a |the )?(reply|response|answer)\b/, 2),
    r(/\b(taking|take|took) (the |next |this |a few |a couple of ){0,2}(week|weeks|days?|time) off\b|\b(will|i'll) (return|be back) (on|in|after) (monday|tuesday|wednesday|thursday|friday|january|february|march|april|may|june|july|august|september|october|november|december|\d)/, 3),
    r(/\bon (leave|vacation|holiday|pto|sabbatical)\b.{0,40}\b(back|return|returning)\b|\b(i'll|i will) be (offline|off-line|away|unavailable|out)\b/, 3),
    r(/\b(i'll|i will|i'm|i am) be back (at|in) (the|my) office\b|\bback (at|in) the office (on|from)\b|\bfor urgent (cases|matters|requests)\b|\bwieder im büro\b/, 3),
    // An auto-reply that only says the writer is unavailable and answers on return (ivmm/Student-resources#76, tuning).
    r(/\b(i am|i'm) (currently |now )?unavailable\b.{0,80}\b(respond|reply|answer|get back)\b.{0,40}\b(as soon as|when|once|upon|after) (i|my) return\b/, 3),
  ],
  not_interested: [
    u(String.raw`\b(no (me|nos) interesa|no (estoy|estamos) interesad[oa]s?|no,? gracias|dar(me|nos) de baja|dej(e|en|ar) de (enviar|escribir|mandar)|no (me|nos) (envíe|envíen|mande|manden) más (correos|e-?mails|mails|mensajes|información|publicidad)|no (me|nos) (escriba|escriban|contacte|contacten)|no (quiero|deseo) recibir más|no (quiero|deseo) (seguir )?recibir (sus |tus |más |estos )?(correos|e-?mails|mensajes))\b`, 3),
    u(String.raw`\b(não (tenho|temos) interesse|não (estou|estamos) interessad[oa]s?|não,? obrigad[oa]|não (estou|estamos) abert[oa]s? (para|a)|descadastr\w*|parar de receber)\b`, 3),
    u(String.raw`\b(a vaga (já )?(foi preenchida|se encontra encerrada|está encerrada)|não foi selecionad[oa]|seguir com outros candidatos)\b`, 3),
    u(String.raw`\b(non (mi|ci) interessa|non (sono|siamo) interessat[oi]|no,? grazie|cancellar(mi|ci) da|disiscriv\w*|non (voglio|vogliamo|desidero) più ricevere|non (inviatemi|mandatemi) più (email|e-?mail|mail|messaggi|comunicazioni|newsletter)|non (scrivetemi|contattatemi) più|di non (inviarmi|mandarmi|scrivermi|contattarmi) più|smettete(la)? di (scrivermi|contattarmi|inviarmi|mandarmi))\b`, 3),
    u(String.raw`\b(geen interesse|niet geïnteresseerd|nee,? (dank|bedankt)|uitschrijven|afmelden voor|geen (e-?mails|mails|berichten|nieuwsbrieven) meer|niet meer (te )?(mailen|e-?mailen|benaderen|contacteren)|(stuur|stuurt) (mij|me) (\p{L}+ )?geen (e-?mails|mails|berichten|nieuwsbrieven|reclame)|(opzoek|op zoek) naar een (andere|nieuwe) (payment )?(provider|leverancier))\b`, 3),
    u(String.raw`\b(pas intéressée?s?|désinscri\w*|ne plus recevoir|kein interesse|nicht interessiert|keine (e-?mails|mails) mehr)\b`, 3),
    r(/\bno (positions?|openings?|vacanc(y|ies)|roles?) (available|open)\b|\b(the )?(job|position|role|vacancy) (was|has been|is) (already )?(filled|closed)\b|\bnot available for (freelanc\w*|new (work|projects|opportunities)|hire)\b|\b(don't|do not) (support|accept|do) (promotion|sponsored|paid|advertis)/, 3),
    r(/\b(not|no longer|isn't|aren't|am not|are not|we're not|i'm not)\s+(really |currently |at all |very )?interested\b/, 3),
    r(/\b(remove|take) (me|us|my (name|email|address))( off| from)?\b.{0,30}\b(list|lists|mailing|distribution|database|emails?)\b/, 3),
    r(/\b(remove me|take me off|unsubscribe|opt (me )?out|stop (e-?mailing|emailing|contacting|messaging|sending)|do not (contact|email|e-mail)|don't (contact|email|e-mail) (me|us)|discontinue (these|your))\b/, 3),
    r(/\bno,? thanks?( you)?\b|\bthanks?,? but no\b|\bthank you,? but no\b/, 3),
    r(/\b(we('ll| will)|i('ll| will)) (have to |need to )?pass\b/, 3),
    r(/\b(not a (good )?fit|not relevant|not for (us|me)|not something we('re| are) (interested|looking)|no need (for|at)|not looking (for|to|at)|no use for)\b/, 2),
    r(/\bwe('re| are) (all set|covered)\b|\bwe('re| are) good( for now|,? thanks?| here)?\s*[.!]?\s*$/m, 2),
    r(/\b(decided (not to|to go (with|another|in a different))|going (in )?(a different|another) direction|won't be (moving|going) forward|not (be )?moving forward|decline|declining|chose (another|a different)|went with (another|a different|someone))\b/, 2),
    r(/\bplease (do not|don't) (contact|email|call|reach out)\b/, 3),
    r(/\b(spam|spamming|spammed|unsolicited|cold e-?mails?|mass e-?mails?|stop (this|it|now|immediately)|halt|(dnc|do not call|do-not-contact) list|never (contact|email) me|not (welcome|appreciated|wanted|acceptable)|nobody wants)\b/, 3),
    r(/\b(will you|please|can you|could you) stop\b|\bdon't do it again\b|\bdo not do (it|this|that) again\b/, 3),
    r(/\b(be |get |been |being )?removed from (the|your|this|all|any)( \w+)? (list|lists|mailing list|emails?)\b/, 3),
    r(/\bunsubscrib\w*|\bunsuscrib\w*/, 3),
    r(/\b(don't|do not) see (a|the|any) (need|use|fit)\b|\bstepping (back|down|away) from\b|\b(we|i)('re| are| am)? (no longer|don't|do not) (use|using|need|needed)\b|\bdon't have (the )?time (to|for) (this|it|that|maintain)/, 2),
    r(/\b(we|i) (probably |really |just )?(don't|do not|won't|will not) (want|need) (this|that|it|to (list|add|use|buy|go ahead|proceed|continue|move forward))\b/, 2),
    r(/\bnot (interested )?at this time\b/, 1),
    // A proposal turned down with regret (rubyaustralia/rubyconfau-2013-cfp#7, tuning): "has not been able to include this".
    r(/\bunfortunately\b.{0,120}\b(not been able|unable|not able|cannot|can't|won't be able) to (include|accept|select|take on|offer|proceed with|move forward with)\b/, 3),
  ],
  referral: [
    r(/\b(not|isn't|i'm not|i am not) (really |quite )?the (right|best|correct|appropriate|relevant) (person|contact|one|people)\b/, 3),
    r(/\b(wrong|better|right|best|appropriate) (person|contact|people) (to (talk|speak|ask|contact)|for this|would be|is)\b/, 2),
    r(/\b(you (should|might want to|may want to|can|could) |best to |please |i'd |i would )(reach out|talk|speak|get in touch|connect|contact|email|e-mail|follow up)( with| to)? [a-z]+/, 2),
    r(/\b(cc'?(ed|ing|'d)?|copying|copied|looping in|looped in|adding|added|introducing|forwarding|forwarded|passing|passed) (in )?(my colleague|[a-z]+,? (who|our|my|she|he)|this (on|along) to|your (e-?mail|note|message) (on )?to|it (on )?to)\b/, 3),
    r(/\b(handles|manages|owns|looks after|is responsible for|is in charge of|oversees|runs|takes care of) (this|that|these|our|all|the|purchasing|procurement|vendor)\b/, 2),
    r(/\b(she|he|they) (is|are|would be) (the|a) (right|best|better|correct|appropriate) (person|contact)\b/, 3),
    r(/\b(the right|the best) (person|contact) (is|would be)\b/, 3),
    r(/\bplease (contact|call|email|e-mail|reach) [a-z]+\b/, 1),
    r(/\b(contact|email|e-mail|reach out to|write to|ask|try)\s+`?[\w.+-]+@[\w-]+\.[\w.]+/, 3),
    r(/\b(best|better) (if )?(the request |it |this |your request )?(goes|go|to go|is sent|be sent|to send|to ask|to contact|to talk to|to reach out to) (directly |straight )?(to|with)\b/, 3),
    r(/\b(you|he|she|they) should (take care of|handle|own|look at|answer) (this|it|that)\b/, 2),
  ],
  timing: [
    u(String.raw`\b(por el momento|por ahora|más adelante|en la (siguiente|próxima) versión|no momento|por enquanto|mais para frente|dar uma segurada|em hold|al momento|per ora|più avanti|op dit moment|voorlopig|deze maand nog|binnenkort|ons streven)\b`, 2),
    r(/\b(not|isn't|wasn't) (a |the )?(good|great|right|best|ideal) (time|timing|moment)\b|\bbad (time|timing)\b|\btiming (is|isn't|isnt)\b/, 3),
    r(/\bnot (right )?now\b|\bnot at the moment\b|\bmaybe later\b|\bnot yet\b|\bnot this (year|quarter|month)\b/, 2),
    r(/\b(circl(e|ing)|check(ing)?|touch(ing)?|com(e|ing)|get(ting)?) back (with me |to me |in touch |to (this|it) )?(in|next|after|around|later|early|at the end|once|when)\b/, 3),
    r(/\b(not planned|no plans?) (as of now|for now|right now|at the moment|yet)\b|\buntil then\b|\bnot a priority\b|\bin the backlog\b|\bnot (on|in) (our|the) (roadmap|plan)\b/, 2),
    r(/\b(reach out|follow up|try me|contact me|ping me|revisit( this)?|talk|reconnect) (again )?(in|next|after|around|early|later|at the (start|beginning|end)|once)\b.{0,30}\b(weeks?|months?|quarter|year|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|fall|autumn|winter|holidays|new year|budget|planning)\b/, 3),
    r(/\b(next|following) (quarter|year|fiscal year|budget cycle)\b|\b(in|for) q[1-4]\b|\bin (a few|a couple( of)?|\d+|two|three|six) (weeks|months)\b/, 2),
    r(/\b(swamped|slammed|too busy|very busy|really busy|super busy|heads down|buried|bandwidth|capacity|on hold|not a priority|lower priority|on the back burner|down the road|later this year|later in the year|revisit|too early|premature)\b/, 2),
    r(/\bbusy\b/, 1),
    r(/\b(postpone|postponing|push (it|this|that) (back|out)|defer|hold off|move (it|this|that|the \w+|\w+) (back|out|to next)|wait until|until after)\b/, 2),
  ],
  pricing: [
    u(String.raw`\b(precios?|cu[aá]nto (cuesta|cobran|sale|vale)|cost[oe]s?|cotizaci[oó]n|presupuesto|tarifas?|se cobra|suscripci[oó]n|preço|preços|quanto custa|custos?|orçamento|cotação|mensalidade|prezz[oi]|cost[oi]|quanto costa|preventivo|tariff[ae]|listino|prijs|prijzen|kosten|offerte|tarie(f|ven))\b`, 2),
    r(/\b(pricing|price|prices|priced|cost|costs|costing|quote|quotation|discount|discounts|rates?|fees?|invoice|invoicing|payment terms?|net ?\d{2}|billing|bid|bids|budgetary|per (user|seat|month|year|license|licence)|license cost|licence cost|how much|expensive|cheaper|afford|tco)\b/, 2),
    r(/\$\s?\d|\d\s?(usd|eur|gbp|€|£)\b|€\s?\d|£\s?\d/, 2),
    r(/\b(purchase|buy|buying|order|procure|renew)( \w+){0,4} (licen[cs]es?|seats?|subscriptions?|plans?)\b|\bvolume (purchase|licen[cs]e|pricing|deal)\b/, 2),
    r(/\b(what|how much) (would|does|will|is) (it|this|that)( \w+)? cost\b|\bwhat('s| is| are) (the|your) (price|pricing|cost|rate|fee)s?\b/, 3),
    r(/\b(send|share|provide|give) (me |us )?(a |your )?(quote|pricing|price list|proposal with pricing|estimate|price estimate)\b/, 3),
  ],
  meeting: [
    u(String.raw`\b(reuni[oó]n|videollamada|agendar|reunião|reuniões|entrevista|reagendar|remarcar|agende|riunione|appuntamento|videochiamata|ci sentiamo|afspraak|afspreken|overleg|vergadering|belafspraak|skype)\b`, 2),
    u(String.raw`\b((a|de) qu[eé] hora|a las \d{1,2}|(às|as) \d{1,2}(h|:\d{2})|alle (ore )?\d{1,2}|om \d{1,2}([:.]\d{2})? ?uur)\b`, 2),
    u(String.raw`\b(llamada|chamada|telefonema|bellen)\b`, 1),
    u(String.raw`\b${WEEKDAYS}\b.{0,30}\b(que vem|que viene|próxim[oa]|prossim[oa]|volgende|a las|às|alle|om|en la tarde|à tarde|pomeriggio|middag|perfeito|perfecto|perfetto|puedo|posso|kan ik)\b|\b(preferir[ií]a|prefiero|prefiro|preferisco) (un |o |a |el |il )?${WEEKDAYS}\b`, 2),
    u(String.raw`\b${WEEKDAYS}\b`, 1),
    r(/\b(meet|meeting|call|chat|talk|catch up|sync|demo|walkthrough|walk-through|zoom|teams|webex|hangout|conference call|phone call|coffee|lunch|get together)\b/, 1),
    r(/\b(schedule|reschedule|re-schedule|set up|setup|book|arrange|find|pick|propose|grab|move|push|postpone|confirm) (a |the |our |some |another |this )?(time|call|meeting|slot|demo|chat|session|appointment)\b/, 3),
    r(/\b(are you|would you be|is (he|she|everyone)|will you be) (available|free)\b|\bwhen (are|would) you (be )?(available|free)\b|\byour availability\b|\bmy availability\b/, 3),
    r(/\b(let's|lets|let us|can we|could we|shall we|should we|happy to|glad to|love to|like to|want to|would be great to) (meet|talk|chat|speak|connect|hop on|jump on|get on|catch up|set up|schedule|discuss)\b/, 3),
    r(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|this week)\b.{0,40}\b(works|work|ok|okay|fine|good|at \d|\d ?(am|pm)|morning|afternoon|at noon)\b/, 2),
    r(/\b\d{1,2}([:.]\d{2})? ?(am|pm)\b|\b\d{1,2}:\d{2}\b/, 1),
    r(/\b(calendar invite|send (me |us )?an invite|sent (you )?an invite|calendly|calendar link|invitation)\b/, 2),
    r(/\b(check in|check-in|touch base|hop on|jump on)\b/, 1),
    r(/\b(voice|video|zoom|phone|teams|google meet) (call|chat|link|meeting)\b|\bmeet(ing)? link\b|\bzoom\b/, 2),
    r(/\b(available|free|availability)\b/, 1),
    r(/\b(monday|tuesday|wednesday|thursday|friday|tomorrow|whole day|all day|this afternoon|this morning)\b/, 1),
    r(/\b(i am|i'm|we are|we're|we'd be|i'd be|i'll be|we'll be) (fully |generally |also )?(available|free)\b/, 2),
    r(/\bcan (meet|talk|chat|call|do a call)\b|\b(any ?time|pretty much any time|whenever suits|whenever works|flexible)\b.{0,40}\b(meet|talk|call|chat)|\b(meet|talk|call|chat)\b.{0,40}\b(any ?time|whenever)\b/, 2),
    r(/\b(scheduled|rescheduled|booked|set) for (the week of |next )?(monday|tuesday|wednesday|thursday|friday|tomorrow|\w+ \d)/, 2),
    r(/\b\d{1,2} ?(-|to|–) ?\d{1,2} ?(min|mins|minutes)\b|\b\d{2} ?(min|mins|minutes)\b/, 1),
    r(/\b(weekly|recurring|regular|monthly|quick|short|brief|intro|introductory|discovery|follow-up) (\w+ )?(call|meeting|sync|chat|check-in)\b/, 2),
    r(/\b(can|could) (you|we|they) (make|do) (it )?(on |at )?(monday|tuesday|wednesday|thursday|friday|tomorrow|next|\d{1,2}(\/\d{1,2}|:\d{2}| ?(am|pm)))/, 3),
    r(/\b(does|do|would|will) (this|that|these|the|any of these) (date|time|day|slot|times|dates|slots) work\b/, 3),
  ],
  question: [
    u(String.raw`\b((quisiera|quería|me gustaría|escribo para) (saber|consultar|preguntar)|consultar si|gostaria de saber|como faço|alguém sabe|vorrei sapere|potreste|come posso|(weet|weten) (iemand|jullie)|kunnen jullie|enig idee|please advi[cs]e)\b`, 2),
    r(/\?/, 1),
    r(/\b(can|could|would) you (please )?(send|share|tell|explain|clarify|provide|confirm|let me know|point me)\b/, 2),
    r(/\b(do|does|did|can|could|is|are|will|would|have|has) (you|it|your|the|this|they|we)\b[^.!\n]{0,120}\?/, 2),
    r(/\b(what|how|why|which|where|who|when) (is|are|does|do|would|will|can|could|about|many|long|exactly)\b[^.!\n]{0,120}\?/, 2),
    r(/\b(more (info|information|details)|tell me more|learn more)\b|\b(send|share|have|get|see|need|want|any|provide|attach)( me| us)?( the| a| an| your| some)? (info|details|case stud(y|ies)|references|documentation|docs|brochure|deck|slides|one-?pager|spec sheet|data ?sheet|white ?paper)\b/, 2),
    r(/\b(wondering|curious|question|questions)\b/, 1),
  ],
  positive: [
    u(String.raw`\b(perfect[oa]|excelente|genial|de acuerdo|me apunto|me parece (bien|perfecto)|perfeit[oa]|ótimo|combinado|show de bola|perfett[oa]|ottimo|benissimo|d'accordo|va bene|akkoord|klinkt goed)\b`, 2),
    u(String.raw`\b(gracias|obrigad[oa]|agradeço|agradecemos|valeu|grazie|bedankt|dank( je| u)?( wel)?|dankjewel|merci|danke)\b`, 1),
    r(/\b(sounds (good|great|interesting|perfect)|looks (good|great|interesting)|that works|works for (me|us)|great|perfect|excellent|wonderful|awesome|fantastic|lovely|brilliant)\b/, 2),
    r(/\b(yes|yep|yeah|sure|absolutely|definitely|of course|agreed|agree|approved|ok|okay|go ahead|let's do it|let's go|count (me|us) in|i'm in|we're in|on board|good idea|great idea|no worries|no problem|will do|understood|noted|looks good to me|done|booked|all set|i (can|could|will|'ll) (take|do|handle) (it|that|this|#?\d|[a-z]{3} \d)|(added|invited) you|happy to help)\b/, 2),
    r(/\b(interested|intrigued|keen|excited|happy to|glad to|love to|would love|appreciate|thank you|thank-you|thanks|thx)\b/, 1),
  ],
};

const SIGNALS: Record<Signal, RegExp> = {
  budget_objection:
    /\b(no budget|budget (is|was|has been|'s) (tight|frozen|cut|spent|exhausted|allocated)|out of (our|my) budget|(over|above|beyond) (our|my) budget|don't have (the )?budget|do not have (the )?budget|can't afford|cannot afford|can not afford|too (expensive|pricey|costly|much)|(price|cost) is (too high|a concern|an issue)|budget freeze|spending freeze|cost-?cutting|cheaper (option|alternative|elsewhere))\b/,
  competitor_objection:
    /\b(already (use|using|have|work with|working with|signed with|chose|went with|partnered)|(went|go|gone|going) with (another|a different|someone else|a competitor)|chose (another|a different|a competitor)|(happy|satisfied) with (our|the) (current|existing)|(current|existing|another|other) (vendor|provider|supplier|solution|tool|platform|partner)|in-?house (solution|tool|team)|built (our|it) (own|in-?house))\b/,
  unsubscribe_request:
    /\b(unsubscrib\w*|unsuscrib\w*|removed? from (the|your|this|all)( \w+)? lists?|remove me|remove us|take me off|take us off|opt (me )?out|stop (e-?mailing|emailing|contacting|messaging|sending)|do not (contact|email|e-mail) (me|us)|don't (contact|email|e-mail) (me|us)|(off|from) (your|the) (mailing |email |distribution )?list)\b/,
};

const REASONS: Record<Intent, string> = {
  meeting: 'they want to meet or talk',
  pricing: 'they asked about pricing',
  question: 'they asked a question',
  referral: 'they pointed you to someone else',
  timing: 'they said the timing is not right',
  not_interested: 'they declined',
  out_of_office: 'it is an out-of-office reply',
  positive: 'they replied positively with no other ask',
  other: 'no clear ask in their reply',
};

/** REASONS as words; the keys are written out so the messages check them (lib/words.ts). */
const REASON_WORDS: Record<Intent, Words> = {
  meeting: words('draftReason_meeting'),
  pricing: words('draftReason_pricing'),
  question: words('draftReason_question'),
  referral: words('draftReason_referral'),
  timing: words('draftReason_timing'),
  not_interested: words('draftReason_not_interested'),
  out_of_office: words('draftReason_out_of_office'),
  positive: words('draftReason_positive'),
  other: words('draftReason_other_intent'),
};

const SIGNAL_REASON_WORDS: Record<Signal, Words> = {
  budget_objection: words('draftReason_signal_budget_objection'),
  competitor_objection: words('draftReason_signal_competitor_objection'),
  unsubscribe_request: words('draftReason_signal_unsubscribe_request'),
};

/** The signals as one list of words (at most the three there are). */
function signalList(signals: Signal[]): Words {
  const [a, b, c] = signals.map((s) => SIGNAL_REASON_WORDS[s]);
  if (c) return words('draftReason_list_3', { a: a!, b: b!, c });
  if (b) return words('draftReason_list_2', { a: a!, b });
  return a!;
}

/**
 * The reason in English and in words: what the reply is about, the sentence that decided it (quoted as written,
 * inside the marks of the rep's language) and any signals.
 */
function reasonOf(intent: Intent, sentence: string | undefined, signals: Signal[]): { reason: string; reasonWords: Words } {
  const because = sentence ? ` (“${sentence}”)` : '';
  const extra = signals.length ? `; also: ${signals.map((s) => SIGNAL_WORDS[s]).join(', ')}` : '';
  let said = REASON_WORDS[intent];
  if (sentence) said = words('draftReason_quoted', { why: said, quote: sentence });
  if (signals.length) said = words('draftReason_also', { why: said, signals: signalList(signals) });
  return { reason: `${REASONS[intent]}${because}${extra}`, reasonWords: said };
}

const SIGNAL_WORDS: Record<Signal, string> = {
  budget_objection: 'budget objection',
  competitor_objection: 'competitor or existing-vendor objection',
  unsubscribe_request: 'asked not to be emailed again',
};

interface Hit {
  intent: Exclude<Intent, 'other'>;
  weight: number;
  phrase: string;
}

/** Rule hits on the lower-cased text, quoted from the original when the two line up. */
function hits(lower: string, original: string): Hit[] {
  const found: Hit[] = [];
  const aligned = lower.length === original.length;
  for (const { intent, re, weight } of COMPILED) {
    for (const m of lower.matchAll(re)) found.push({ intent, weight, phrase: aligned ? original.slice(m.index, m.index + m[0].length) : m[0] });
  }
  return found;
}

// Compiled once: global and case-insensitive (matchAll needs `g`; it restarts each call from lastIndex 0), keeping `m` and `u`.
const COMPILED = (Object.entries(RULES) as [Exclude<Intent, 'other'>, Rule[]][]).flatMap(([intent, rules]) =>
  rules.map((rule) => ({ intent, weight: rule.weight, re: new RegExp(rule.re.source, `gi${rule.re.flags.includes('m') ? 'm' : ''}${rule.re.flags.includes('u') ? 'u' : ''}`) })),
);

/** The sentence around the deciding words, so the reason reads like their message ("…per-van price…"); no quote marks. */
function quote(phrase: string, text: string): string {
  const at = text.toLowerCase().indexOf(phrase.toLowerCase());
  let sentence = phrase;
  if (at !== -1) {
    const before = text.slice(0, at);
    const start = Math.max(before.search(/[^.!?\n]*$/), 0);
    const endRel = text.slice(at + phrase.length).search(/[.!?\n]/);
    const end = endRel === -1 ? text.length : at + phrase.length + endRel + 1;
    sentence = text.slice(start, end);
  }
  sentence = sentence.replace(/\s+/g, ' ').trim();
  if (sentence.length > 90) {
    const i = sentence.toLowerCase().indexOf(phrase.toLowerCase().replace(/\s+/g, ' '));
    const from = Math.max(0, Math.min(i - 30, sentence.length - 90));
    sentence = `${from > 0 ? '…' : ''}${sentence.slice(from, from + 88).trim()}…`;
  }
  return sentence;
}

/** The hand rules' answer, with the phrase each intent's strongest rule matched (for quoting). */
function rulesIntent(body: string, subject: string): IntentResult & { phrases: Partial<Record<Intent, string>> } {
  const text = latestText(body);
  const lower = text.toLowerCase();
  const all = hits(lower, text);
  if (/^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|ooo|abwesend|réponse automatique)\b/i.test(subject)) {
    all.push({ intent: 'out_of_office', weight: 3, phrase: subject.trim() });
  }
  const scores: Partial<Record<Intent, number>> = {};
  const best = new Map<Intent, Hit>();
  for (const h of all) {
    scores[h.intent] = (scores[h.intent] ?? 0) + h.weight;
    const prev = best.get(h.intent);
    if (!prev || h.weight > prev.weight) best.set(h.intent, h);
  }
  const score = (i: Intent) => scores[i] ?? 0;
  const strong = (i: Intent) => (best.get(i)?.weight ?? 0) >= 3;

  const signals = (Object.keys(SIGNALS) as Signal[]).filter((s) => SIGNALS[s].test(lower));

  let intent: Intent = 'other';
  if (!text) intent = 'other';
  else if (strong('out_of_office')) intent = 'out_of_office';
  else if (strong('not_interested') || (score('not_interested') >= 2 && score('not_interested') >= score('timing') && score('meeting') < 3 && score('pricing') < 3)) intent = 'not_interested';
  else if (strong('referral') || (score('referral') >= 2 && score('meeting') < 3 && score('pricing') < 2)) intent = 'referral';
  else {
    // The specific asks first; a question is what is left when it is about something else.
    const meeting = score('meeting');
    const timing = score('timing');
    if (score('pricing') >= 2) intent = 'pricing';
    else if (meeting >= 2 && meeting >= timing) intent = 'meeting';
    else if (timing >= 2) intent = 'timing';
    else if (score('question') >= 1) intent = 'question';
    else if (score('positive') > 0) intent = 'positive';
    else if (score('not_interested') > 0) intent = 'not_interested';
    else if (score('referral') > 0) intent = 'referral';
  }

  const decisive = best.get(intent as Exclude<Intent, 'other'>);
  const phrases: Partial<Record<Intent, string>> = {};
  for (const [i, h] of best) phrases[i] = h.phrase;
  return { intent, ...reasonOf(intent, decisive ? quote(decisive.phrase, text) : undefined, signals), signals, scores, text, decidedBy: 'rules', phrases };
}

/** The rules' answer alone (for the training script, which compares them with the model). */
export function detectIntentByRules(body: string, subject = ''): IntentResult {
  const { phrases: _phrases, ...result } = rulesIntent(body, subject);
  return result;
}

/**
 * Classify the latest inbound message. `subject` helps spot auto-replies ("Automatic reply: …").
 * Quoted history and signatures are removed first, so a reply is judged by what its writer just wrote.
 * Who decides — the rules, the model, or the rules with the model where they abstain — is DECIDER in
 * lib/drafts/intent-weights.ts, picked by scripts/train-intent.ts on the held-out replies.
 */
export function detectIntent(body: string, subject = '', options: { withModel?: boolean } = {}): IntentResult {
  const { phrases, ...rules } = rulesIntent(body, subject);
  const modelMayDecide = DECIDER === 'model' || DECIDER === 'model+rules' || (DECIDER === 'rules→model' && rules.intent === 'other');
  if (!rules.text || (!modelMayDecide && !options.withModel)) return rules;
  const model = modelIntent(rules.text, { scores: rules.scores, intent: rules.intent });
  if (!modelMayDecide || model.intent === rules.intent) return { ...rules, ...(options.withModel ? { model } : {}) };
  // The model's answer, quoting the rules' words for it when they found any, else the word that weighed most.
  const phrase = phrases[model.intent];
  // The sentence around it, as the rules' reasons read; the model's word alone ("vous") tells the rep little.
  const sentence = phrase ? quote(phrase, rules.text) : model.word ? quote(model.word, rules.text) : undefined;
  return { ...rules, intent: model.intent, ...reasonOf(model.intent, sentence, rules.signals), decidedBy: 'model', ...(options.withModel ? { model } : {}) };
}
