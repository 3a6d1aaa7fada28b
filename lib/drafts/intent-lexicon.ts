// A small cross-lingual concept lexicon for the intent model's features (lib/drafts/intent-features.ts): words
// that mean the same thing in the seven languages (en, es, pt, it, nl, de, fr) map to one shared feature, so what
// the model learns from an English "meeting" also counts for "reunión", "Termin" or "réunion". These are features,
// not rules: nothing here decides an intent; the model learns each concept's weight per intent from the labelled
// replies (scripts/train-intent.ts). Written from everyday vocabulary of each language, not from the held-out
// replies. Words are folded as the features fold them (lower case, accents removed, digits read as 0); an entry
// ending in `*` matches every word that starts with it (at least four letters before the star).

export const CONCEPTS: Record<string, string[]> = {
  MEETING: ['meeting', 'meetings', 'meet', 'call', 'calls', 'chat', 'demo', 'zoom', 'teams', 'webex', 'skype', 'hangout', 'reunion', 'reuniones', 'reuniao', 'reunioes', 'riunione', 'riunioni', 'vergadering', 'afspraak', 'overleg', 'termin', 'termine', 'besprechung', 'treffen', 'rendez', 'rdv', 'llamada', 'chamada', 'chiamata', 'telefonata', 'anruf', 'appel', 'videollamada', 'videochamada', 'videochiamata', 'visio', 'gesprek', 'gesprach', 'entretien', 'entrevista', 'colloquio', 'sollicitatiegesprek'],
  SCHEDULE: ['schedul*', 'agend*', 'reschedul*', 'reagend*', 'remarc*', 'program*', 'pianific*', 'plann*', 'inplann*', 'planen', 'planifi*', 'organiz*', 'organis*', 'book', 'booked', 'slot', 'slots', 'invite', 'invitation', 'convite', 'invito', 'uitnodiging', 'einladung'],
  AVAILABLE: ['availab*', 'disponib*', 'beschikbaar', 'verfugbar', 'free', 'libre', 'livre', 'libero', 'vrij', 'frei', 'suits', 'works', 'conviene', 'serve', 'schikt', 'passt'],
  WEEKDAY: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'],
  DAYPART: ['morning', 'afternoon', 'evening', 'manana', 'tarde', 'noche', 'manha', 'mattina', 'pomeriggio', 'ochtend', 'middag', 'avond', 'morgen', 'vormittag', 'nachmittag', 'abend', 'matin', 'apres', 'soir', 'soiree'],
  HOUR: ['hour', 'hours', 'pm', 'am', "o'clock", 'hora', 'horas', 'horario', 'ora', 'ore', 'orario', 'uur', 'uhr', 'heure', 'heures', 'h00', '00h', '00h00'],
  TOMORROW: ['tomorrow', 'today', 'tonight', 'manana', 'hoy', 'amanha', 'hoje', 'domani', 'oggi', 'vandaag', 'heute', 'demain', "aujourd'hui", 'aujourd'],
  WEEK: ['week', 'weeks', 'weekend', 'semana', 'semanas', 'settimana', 'settimane', 'woche', 'wochen', 'semaine', 'semaines'],
  MONTH: ['month', 'months', 'mes', 'meses', 'mese', 'mesi', 'maand', 'maanden', 'monat', 'monate', 'mois', 'quarter', 'trimestre', 'kwartaal', 'quartal', 'year', 'ano', 'anno', 'jaar', 'jahr', 'annee'],
  MONTHNAME: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre', 'janeiro', 'fevereiro', 'marco', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro', 'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre', 'januari', 'februari', 'maart', 'mei', 'juni', 'juli', 'augustus', 'oktober', 'januar', 'februar', 'marz', 'mai', 'dezember', 'janvier', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'],
  NEXT: ['next', 'following', 'proximo', 'proxima', 'siguiente', 'prossimo', 'prossima', 'volgende', 'nachste', 'nachsten', 'prochain', 'prochaine'],
  LATER: ['later', 'soon', 'eventually', 'future', 'luego', 'despues', 'pronto', 'futuro', 'depois', 'breve', 'dopo', 'poi', 'presto', 'straks', 'binnenkort', 'spater', 'bald', 'zukunft', 'tard', 'bientot', 'avenir', 'toekomst'],
  NOWTIME: ['now', 'currently', 'moment', 'momento', 'ahora', 'agora', 'adesso', 'ora', 'momentos', 'nu', 'moment', 'momenteel', 'jetzt', 'derzeit', 'zurzeit', 'moment', 'maintenant', 'actuellement'],
  BUSY: ['busy', 'swamped', 'priority', 'priorit*', 'ocupad*', 'occupat*', 'druk', 'bezig', 'beschaftigt', 'occupe', 'occupee', 'hold', 'backlog', 'bandwidth', 'capacity', 'capacidad', 'capacidade', 'capacita', 'capaciteit', 'kapazitat', 'capacite', 'postpon*', 'pospon*', 'adiar', 'rinvi*', 'uitstellen', 'verschieben', 'reporter'],
  PRICE: ['price', 'prices', 'pricing', 'priced', 'cost', 'costs', 'costo', 'costos', 'coste', 'precio', 'precios', 'preco', 'precos', 'custo', 'custos', 'prezzo', 'prezzi', 'costi', 'prijs', 'prijzen', 'kosten', 'preis', 'preise', 'prix', 'cout', 'couts', 'tarif*', 'fee', 'fees', 'rate', 'rates', 'cuanto', 'quanto', 'wieviel', 'combien', 'much', 'expensive', 'caro', 'cara', 'duur', 'teuer', 'cher', 'chere', 'cheap', 'cheaper', 'barato', 'economico', 'goedkoop', 'billig'],
  QUOTE: ['quote', 'quotation', 'estimate', 'cotizacion', 'cotacao', 'orcamento', 'presupuesto', 'preventivo', 'offerte', 'angebot', 'kostenvoranschlag', 'devis', 'proposal', 'propuesta', 'proposta', 'voorstel', 'vorschlag', 'proposition'],
  DISCOUNT: ['discount', 'discounts', 'descuento', 'desconto', 'sconto', 'korting', 'rabatt', 'remise', 'reduction'],
  LICENSE: ['licen*', 'subscript*', 'suscrip*', 'assinatura', 'abbonamento', 'abonnement', 'abonament*', 'seat', 'seats', 'plano', 'piano'],
  BUY: ['buy', 'buying', 'purchas*', 'order', 'orders', 'comprar', 'compra', 'adquirir', 'acquist*', 'kopen', 'aankoop', 'bestellen', 'bestelling', 'kaufen', 'kauf', 'bestellung', 'acheter', 'achat', 'commande', 'procure*', 'pedido', 'ordine'],
  PAYMENT: ['pay', 'paid', 'paying', 'payment', 'payments', 'invoice', 'invoices', 'billing', 'pago', 'pagar', 'pagos', 'pagamento', 'pagamentos', 'pagare', 'betal*', 'zahl*', 'paiement', 'payer', 'factur*', 'fatur*', 'fattur*', 'rechnung', 'budget', 'budgets', 'presupuesto', 'orcamento'],
  MONEY: ['usd', 'eur', 'euro', 'euros', 'gbp', 'dollar', 'dollars', 'dolares', 'reais'],
  QUESTIONWORD: ['how', 'what', 'when', 'where', 'why', 'which', 'who', 'whether', 'como', 'cuando', 'donde', 'porque', 'cual', 'cuales', 'quien', 'quando', 'onde', 'qual', 'quais', 'quem', 'cosa', 'dove', 'perche', 'quale', 'quali', 'chi', 'hoe', 'wat', 'wanneer', 'waar', 'waarom', 'welke', 'wie', 'wann', 'wo', 'warum', 'welche', 'welcher', 'comment', 'quoi', 'quand', 'pourquoi', 'quel', 'quelle', 'quels', 'quelles', 'combien'],
  CAN: ['can', 'could', 'possible', 'able', 'puede', 'pueden', 'puedo', 'podria', 'podrian', 'posible', 'pode', 'podem', 'posso', 'poderia', 'possivel', 'puo', 'possono', 'potrebbe', 'possibile', 'kan', 'kunnen', 'kunt', 'zou', 'mogelijk', 'kann', 'konnen', 'konnten', 'moglich', 'peut', 'peux', 'pouvez', 'pourriez', 'pourrait'],
  HELP: ['help', 'assist', 'assistance', 'support', 'ayuda', 'ayudar', 'ajuda', 'ajudar', 'suporte', 'aiuto', 'aiutare', 'assistenza', 'supporto', 'hulp', 'helpen', 'ondersteuning', 'hilfe', 'helfen', 'unterstutzung', 'aide', 'aider'],
  PROBLEM: ['error', 'errors', 'issue', 'problem', 'problems', 'bug', 'fails', 'failed', 'failing', 'broken', 'erro', 'errore', 'errori', 'fout', 'fouten', 'fehler', 'erreur', 'erreurs', 'problema', 'problemas', 'problemi', 'probleem', 'problemen', 'probleme', 'funciona', 'funziona', 'werkt', 'funktioniert', 'fonctionne'],
  INFO: ['information', 'info', 'details', 'informacion', 'informacao', 'informacoes', 'informazioni', 'informatie', 'informationen', 'renseignement*', 'documentation', 'documentacion', 'documentacao', 'documentazione', 'documentatie', 'dokumentation'],
  KNOW: ['know', 'wonder', 'wondering', 'understand', 'saber', 'sabe', 'pregunta', 'preguntas', 'duda', 'dudas', 'pergunta', 'perguntas', 'duvida', 'duvidas', 'sapere', 'domanda', 'domande', 'dubbio', 'weten', 'vraag', 'vragen', 'wissen', 'frage', 'fragen', 'savoir', 'question', 'questions'],
  THANKS: ['thanks', 'thank', 'thx', 'appreciate', 'appreciated', 'gracias', 'agradezco', 'agradecemos', 'obrigado', 'obrigada', 'agradeco', 'valeu', 'grazie', 'ringrazio', 'bedankt', 'dank', 'dankjewel', 'dankuwel', 'danke', 'vielen', 'merci', 'remercie'],
  GOOD: ['good', 'great', 'perfect', 'excellent', 'awesome', 'wonderful', 'fantastic', 'nice', 'cool', 'bueno', 'buena', 'genial', 'perfecto', 'perfecta', 'excelente', 'bom', 'boa', 'otimo', 'otima', 'perfeito', 'perfeita', 'buono', 'ottimo', 'perfetto', 'benissimo', 'bene', 'goed', 'prima', 'perfect', 'uitstekend', 'top', 'gut', 'super', 'perfekt', 'prima', 'toll', 'bien', 'parfait', 'excellent', 'genial'],
  YES: ['yes', 'yep', 'yeah', 'sure', 'ok', 'okay', 'si', 'sim', 'claro', 'vale', 'certo', 'certamente', 'ja', 'jawel', 'zeker', 'natuurlijk', 'klar', 'gerne', 'graag', 'oui', "d'accord", 'daccord', 'volontiers', 'absolutely', 'definitely'],
  AGREE: ['agree', 'agreed', 'approve', 'approved', 'accept', 'accepted', 'acuerdo', 'aceptar', 'acepto', 'concordo', 'aceito', 'accordo', 'accetto', 'akkoord', 'eens', 'einverstanden', 'akzeptiert', 'accord', 'accepte', 'confirm', 'confirmed', 'confirmo', 'confirmado', 'confermo', 'confermato', 'bevestig*', 'bestatig*', 'confirme'],
  WELCOME: ['welcome', 'glad', 'happy', 'pleased', 'love', 'encantado', 'encantada', 'gusto', 'feliz', 'contento', 'prazer', 'felice', 'lieto', 'piacere', 'blij', 'graag', 'freue', 'freuen', 'gern', 'ravi', 'ravie', 'heureux', 'plaisir'],
  INTEREST: ['interes*', 'intere*', 'geinteres*', 'interess*', 'keen', 'curious', 'curioso', 'curiosa', 'nieuwsgierig', 'neugierig'],
  NEGATION: ['not', 'no', "don't", 'dont', "doesn't", "won't", "can't", 'cannot', "isn't", "aren't", 'never', 'nor', 'neither', 'nunca', 'ni', 'nao', 'nem', 'non', 'mai', 'niet', 'geen', 'nooit', 'nicht', 'kein', 'keine', 'keinen', 'keiner', 'nie', 'pas', 'jamais', 'aucun', 'aucune', 'ne'],
  DECLINE: ['decline', 'declined', 'declining', 'pass', 'refuse', 'reject', 'rechazar', 'rechazo', 'recusar', 'recuso', 'rifiutare', 'rifiuto', 'afwijzen', 'weigeren', 'ablehnen', 'absage', 'refuser', 'decliner', 'unfortunately', 'lamentablemente', 'desafortunadamente', 'infelizmente', 'purtroppo', 'helaas', 'leider', 'malheureusement', 'sorry', 'desculpe', 'scusa', 'spiacente', 'excuses', 'desole'],
  STOP: ['stop', 'stopp', 'parar', 'pare', 'dejar', 'deje', 'smettere', 'smetti', 'stoppen', 'ophouden', 'aufhoren', 'arreter', 'arretez', 'cease', 'halt', 'quit'],
  UNSUBSCRIBE: ['unsubscrib*', 'unsuscrib*', 'optout', 'opt', 'baja', 'descadastr*', 'desinscri*', 'disiscriv*', 'cancellami', 'uitschrijv*', 'afmelden', 'abmelden', 'abbestellen', 'austragen', 'desabonn*', 'spam', 'unsolicited', 'remove', 'removed', 'eliminar', 'eliminame', 'remover', 'rimuovere', 'rimuovi', 'verwijder*', 'entfernen', 'supprimer', 'retirer', 'mailing'],
  SEND: ['send', 'sent', 'sending', 'share', 'enviar', 'envie', 'envio', 'manda', 'mandar', 'compartir', 'compartilhar', 'inviare', 'invia', 'mandare', 'condividere', 'sturen', 'stuur', 'versturen', 'delen', 'senden', 'schicken', 'zusenden', 'envoyer', 'envoie', 'partager'],
  ATTACH: ['attached', 'attachment', 'attach', 'enclosed', 'adjunto', 'adjunta', 'anexo', 'anexa', 'anexado', 'allegato', 'allegata', 'allego', 'bijlage', 'bijgevoegd', 'anhang', 'anbei', 'angehangt', 'joint', 'jointe', 'ci-joint'],
  EMAIL: ['email', 'emails', 'e-mail', 'e-mails', 'mail', 'mails', 'inbox', 'correo', 'correos', 'mensaje', 'mensagem', 'mensagens', 'posta', 'messaggio', 'bericht', 'berichten', 'nachricht', 'nachrichten', 'courriel', 'message', 'messages'],
  ABSENT: ['vacation', 'holiday', 'holidays', 'leave', 'pto', 'sabbatical', 'away', 'absence', 'absent', 'vacaciones', 'ausente', 'ausencia', 'ferias', 'ferie', 'vacanza', 'vacanze', 'assente', 'assenza', 'vakantie', 'afwezig', 'afwezigheid', 'urlaub', 'abwesend', 'abwesenheit', 'ferien', 'vacances', 'conge', 'conges', 'absente', 'fuera', 'fora', 'fuori', 'weg', 'ooo', 'offline', 'travel*', 'viaj*', 'viagem', 'viaggio', 'reis', 'reise', 'voyage'],
  OFFICE: ['office', 'desk', 'oficina', 'escritorio', 'ufficio', 'kantoor', 'buro', 'bureau', 'werk', 'arbeit', 'travail', 'trabajo', 'trabalho', 'lavoro'],
  RETURN: ['return', 'returning', 'back', 'regreso', 'regresare', 'volvere', 'vuelta', 'retorno', 'retornarei', 'volto', 'voltarei', 'rientro', 'rientrero', 'ritorno', 'terug', 'zuruck', 'wieder', 'retour', 'rentre', 'rentrerai', 'reviens'],
  UNTIL: ['until', 'till', 'through', 'hasta', 'ate', 'fino', 'tot', 'bis', "jusqu'au", 'jusqu', "jusqu'a", 'jusqu\'', 'einschliesslich'],
  AUTOMATIC: ['automatic', 'automatically', 'auto', 'autoreply', 'automatica', 'automatico', 'automatisch', 'automatische', 'automatique'],
  URGENT: ['urgent', 'urgente', 'urgenti', 'dringend', 'spoed', 'immediate', 'emergency', 'emergencia', 'emergenza', 'noodgeval', 'notfall'],
  PERSON: ['colleague', 'colleagues', 'team', 'person', 'contact', 'manager', 'department', 'colega', 'colegas', 'equipo', 'equipe', 'pessoa', 'contato', 'collega', 'colleghi', 'persona', 'contatto', 'reparto', 'collega', 'afdeling', 'persoon', 'kollege', 'kollegin', 'abteilung', 'ansprechpartner', 'collegue', 'responsable', 'responsavel', 'responsabile', 'verantwoordelijk', 'zustandig', 'verantwortlich'],
  FORWARD: ['forward', 'forwarded', 'forwarding', 'cc', 'cc\'d', 'loop', 'looping', 'introduce', 'introducing', 'reenviar', 'reenvio', 'encaminhar', 'encaminhei', 'inoltrare', 'inoltrato', 'doorsturen', 'doorgestuurd', 'weiterleiten', 'weitergeleitet', 'transferer', 'transmis', 'transmettre', 'handles', 'manages', 'cargo', 'encarregado', 'incaricato', 'kummert'],
  PLEASE: ['please', 'pls', 'favor', 'favore', 'alsjeblieft', 'alstublieft', 'aub', 'bitte', 'plait', 'svp'],
  GREETING: ['hi', 'hello', 'hey', 'dear', 'hola', 'estimado', 'estimada', 'ola', 'oi', 'prezado', 'prezada', 'caro', 'ciao', 'salve', 'gentile', 'buongiorno', 'hallo', 'beste', 'goedemiddag', 'goedemorgen', 'sehr', 'geehrte', 'geehrter', 'liebe', 'lieber', 'bonjour', 'salut', 'madame', 'monsieur'],
  WANT: ['want', 'wants', 'would', 'like', 'need', 'needs', 'quiero', 'queremos', 'quisiera', 'gustaria', 'necesito', 'necesitamos', 'quero', 'queremos', 'gostaria', 'preciso', 'precisamos', 'voglio', 'vorrei', 'vorremmo', 'bisogno', 'wil', 'willen', 'graag', 'nodig', 'mochte', 'mochten', 'will', 'brauche', 'brauchen', 'veux', 'voudrais', 'voudrions', 'besoin', 'souhaite', 'souhaiterais'],
  NEWS: ['released', 'release', 'published', 'update', 'updated', 'version', 'lanzamiento', 'publicado', 'actualizacion', 'atualizacao', 'versao', 'rilascio', 'pubblicato', 'aggiornamento', 'versione', 'uitgebracht', 'versie', 'veroffentlicht', 'publie', 'fixed', 'merged', 'corregido', 'corrigido', 'corretto', 'opgelost', 'behoben', 'corrige'],
};

/** Folded word → its concept, and stem (without the star) → its concept; the first listed wins. */
export const CONCEPT_OF = new Map<string, string>();
export const STEM_OF = new Map<string, string>();
export const STEM_MIN = 4;
export const STEM_MAX = 12;
for (const [concept, entries] of Object.entries(CONCEPTS)) {
  for (const entry of entries) {
    if (entry.endsWith('*')) {
      const stem = entry.slice(0, -1);
      if (!STEM_OF.has(stem)) STEM_OF.set(stem, concept);
    } else if (!CONCEPT_OF.has(entry)) CONCEPT_OF.set(entry, concept);
  }
}

/** The concept of a folded word, or undefined. */
export function conceptOf(word: string): string | undefined {
  const exact = CONCEPT_OF.get(word);
  if (exact) return exact;
  for (let n = Math.min(word.length, STEM_MAX); n >= STEM_MIN; n--) {
    const c = STEM_OF.get(word.slice(0, n));
    if (c) return c;
  }
  return undefined;
}
