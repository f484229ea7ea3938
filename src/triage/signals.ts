/**
 * Explicit, readable evidence that a concern is urgent (or says it is not). The patterns run on folded
 * text (lower case, ä → ae, ß → ss). Each signal feeds the learned class model as a feature and, where it
 * is marked `hard`, also raises the class directly, so a discharge tomorrow is P1 even if the model has
 * never seen the wording.
 */
import type { PriorityClass } from '../shared/taxonomy.js';
import { foldText, forTest } from './text.js';

export type SignalId =
  | 'discharge_imminent'
  | 'palliative'
  | 'therapy_stops'
  | 'payment_stopped'
  | 'ill_abroad_now'
  | 'credentials_given_away'
  | 'treatment_imminent'
  | 'not_urgent'
  | 'no_emergency'
  | 'addressed_elsewhere';

export interface SignalDef {
  id: SignalId;
  /** Class the signal argues for; `not_urgent` and `no_emergency` argue for lowering and have none. */
  raiseTo?: PriorityClass;
  /** Raise by rule (true) or only inform the model (false). */
  hard: boolean;
  /**
   * The rule also holds in text without health or care vocabulary, as long as the text is plainly for the
   * Kasse: its evidence is about the Kasse account itself, not about care or money.
   */
  withoutHealthVocabulary?: boolean;
  /** German sentence for the reasons list. */
  reason: string;
  test: (folded: string) => boolean;
}

const SOON =
  '(?:heute|morgen|uebermorgen|gleich|sofort|am wochenende|diese woche|in (?:ein|zwei|drei|vier|fuenf|1|2|3|4|5) tag(?:en)?|(?:am )?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)|today|tomorrow)';

const DISCHARGE = new RegExp(
  `(?:entlass\\w*|discharg\\w*)[^.!?\\n]{0,60}\\b${SOON}\\b|\\b${SOON}\\b[^.!?\\n]{0,60}(?:entlass|discharg)`,
);

const PALLIATIVE = forTest(
  /palliativ|hospiz|\bsapv\b|austherapiert|endstadium|im sterben|sterbend|zu hause sterben|lebenserwartung[^.!?\n]{0,30}\b(?:nur noch|noch|wenige\w*|einige\w*|ein paar|kaum|ein(?:e|en)?|\d+)\b[^.!?\n]{0,15}\b(?:tag|woche|monat)(?:e|en|n)?\b|(?:begrenzt|kurz|verkuerzt)\w* lebenserwartung|nur noch wenige (?:wochen|tage)|hospice|terminal(?:ly)? ill|end[- ]of[- ]life|end[- ]stage|hospicjum|paliatyw|palyatif|хоспис|хоспіс|паллиатив|паліатив/,
);

const THERAPY_STOPS = new RegExp(
  [
    '(?:therapie|behandlung|chemo\\w*|dialyse|bestrahlung|beatmung|sauerstoff|insulin|medikament\\w*|versorgung|pflegedienst|infusion\\w*)[^.!?\\n]{0,50}(?:abgebrochen|eingestellt|gestoppt|unterbrochen|faellt (?:weg|aus)|laeuft (?:morgen |heute )?aus|kommt nicht mehr|nicht mehr (?:geliefert|kommen|fortgesetzt|weiter))',
    '(?:medikament\\w*|tabletten|insulin|sauerstoff)[^.!?\\n]{0,40}(?:gehen (?:heute |morgen )?aus|aufgebraucht|reichen nur noch|nur noch fuer (?:einen|zwei|drei|\\d) tag)',
    'ohne (?:sauerstoff|insulin|medikamente|beatmung)',
    '(?:therapy|treatment|medication)[^.!?\\n]{0,40}(?:stop|interrupt|run(?:s|ning)? out)',
  ].join('|'),
);

/** "KG" in staff notes is Krankengeld; after a number it is kilograms, after "Co." a Kommanditgesellschaft. */
const KG = '(?<!\\d ?)(?<!\\bco\\.? ?)\\bkg\\b';

const CASH_BENEFIT = `(?:kranken|kinderkranken|pflege|mutterschafts|verletzten|uebergangs|eltern)?geld|${KG}|zahlung|ueberweisung|auszahlung|sick pay|benefit`;

const PAYMENT_STOPPED = new RegExp(
  [
    'kein(?:en)? (?:cent|euro|geld) mehr',
    'kein geld',
    'ohne (?:jedes )?(?:einkommen|geld)',
    `(?:${CASH_BENEFIT})[^.!?\\n]{0,60}(?:ausgeblieben|eingestellt|gestoppt|nicht (?:mehr |noch |immer noch )?(?:gekommen|eingegangen|angekommen|ueberwiesen|gezahlt|bezahlt|ausgezahlt|erhalten|bekommen|da)|noch nicht (?:da|gekommen|eingegangen|ueberwiesen|gezahlt|erhalten|bekommen)|bleibt aus|fehlt)`,
    `(?:nichts|kein(?:e)? (?:${CASH_BENEFIT}))[^.!?\\n]{0,30}(?:bekommen|erhalten|eingegangen|angekommen|ueberwiesen)`,
    '(?:miete|strom|lebensmittel|rechnungen)[^.!?\\n]{0,40}(?:nicht (?:mehr )?(?:zahlen|bezahlen)|kann ich nicht)',
    '(?:strom|gas|wasser|wohnung)[^.!?\\n]{0,40}(?:abgestellt|abgeschaltet|gesperrt|gekuendigt)',
    'kann (?:die |meine )?(?:miete|rechnungen) nicht',
    '(?:konto|dispo)[^.!?\\n]{0,20}(?:leer|im minus|ueberzogen)',
    "(?:haven'?t|have not|did not|didn'?t) (?:received|got(?:ten)?) (?:any |my )?(?:money|payment|sick pay)",
    'no (?:money|payment) (?:since|for)',
  ].join('|'),
);

const ABROAD =
  /\b(?:im urlaub|im ausland|auf (?:mallorca|kreta|reisen)|in (?:spanien|italien|der tuerkei|tuerkei|griechenland|kroatien|polen|frankreich|oesterreich|portugal|aegypten|thailand|den usa|usa|kanada|der schweiz|daenemark|holland|den niederlanden)|on holiday|on vacation|abroad)\b/;
const NOW =
  /\b(?:jetzt|gerade|derzeit|momentan|zurzeit|aktuell|seit (?:gestern|heute|vorgestern)|liege|liegt|bin hier|now|currently|right now|at the moment)\b/;
const CARE_PLACE = /krankenhaus|klinik|notaufnahme|hospital|notfall|operiert|operation|intensiv|unfall|arzt/;

/** Data given or entered, the verb after the data ("die IBAN … eingegeben") or before it. */
const GIVEN =
  '(?:eingegeben|angegeben|weitergegeben|mitgeteilt|genannt|verraten|geschickt|gesendet|uebermittelt|eingetragen|entered|gave|given)';
const GIVEN_BEFORE = '(?:eingegeben|angegeben|weitergegeben|mitgeteilt|verraten|eingetragen)';

/**
 * Bank details told or entered somewhere. Unlike a password they are given to the Kasse itself ("die neue
 * IBAN habe ich Ihnen mitgeteilt"), so they count as given away only where the message tells of a link, a
 * website, a call, a text message or a fraud.
 */
const BANK_DATA_GIVEN = new RegExp(
  `(?:bankdaten|kontodaten|\\biban\\b|bankverbindung|bank details)[^.!?\\n]{0,80}${GIVEN}|` +
    `${GIVEN_BEFORE}[^.!?\\n]{0,40}(?:bankdaten|kontodaten|\\biban\\b|bankverbindung)`,
);
const SCAM_CONTEXT =
  /link|seite|website|anruf|angerufen|telefon|\bsms\b|fake|betrug|betrueger|angeblich|phishing|verdaechtig|gefaelscht|unbekannt|fremd|\bcall(?:ed|er)?\b|\bphone\b|text message|scam|fraud|suspicious/;

const CREDENTIALS = new RegExp(
  [
    `(?:passwort|kennwort|\\bpin\\b|\\btan\\b|zugangsdaten|login|kreditkart\\w*|password)[^.!?\\n]{0,80}${GIVEN}`,
    `${GIVEN_BEFORE}[^.!?\\n]{0,40}(?:passwort|zugangsdaten|kreditkart\\w*)`,
    '(?:bankverbindung|kontoverbindung|iban)[^.!?\\n]{0,80}(?:geaendert|umgestellt)[^.!?\\n]{0,80}(?:nicht (?:ich|von mir|veranlasst|beantragt)|ohne (?:mein|dass))',
    '(?:nicht (?:ich|von mir)|habe ich nicht)[^.!?\\n]{0,60}(?:bankverbindung|kontoverbindung|iban)[^.!?\\n]{0,40}geaendert',
    // Contact or bank data changed by someone else: the account is taken over.
    '(?:neue|andere|fremde)[^.!?\\n]{0,40}(?:bankverbindung|kontoverbindung|iban|e-?mail-?adresse|mailadresse|handynummer|telefonnummer|adresse)[^\\n]{0,120}(?:nicht (?:veranlasst|beantragt|geaendert|von mir)|hab(?:e)? ich nicht|nie beantragt)',
    '(?:passwort|kennwort|e-?mail-?adresse|mailadresse|handynummer|telefonnummer|adresse|bankverbindung|kontoverbindung)[^.!?\\n]{0,60}geaendert[^\\n]{0,80}(?:nicht gemacht|hab(?:e)? (?:ich )?(?:das nicht|nichts)|hab(?:e)? ich nicht (?:geaendert|gemacht|veranlasst)|nicht (?:ich|von mir|veranlasst))',
    '(?:change[ds]?|changing) (?:of |to )?(?:my )?(?:bank account|bank details|e-?mail|password|phone number|address)[^\\n]{0,80}(?:didn.?t|did not|never)',
    '(?:konto|account|zugang|app)[^.!?\\n]{0,30}(?:gehackt|hacked|uebernommen|missbraucht|benutzt)',
    '(?:versichertennummer|kartennummer|kontonummer|geburtsdatum)[^.!?\\n]{0,80}(?:genannt|durchgegeben|weitergegeben|angegeben)',
    // Money paid to an account the person never gave, a login they did not make, a password someone else knows.
    '(?:konto|iban|bank)[^\\n]{0,120}(?:keine|nie (?:eine )?)(?:konto|bank)?aenderung[^.!?\\n]{0,20}(?:gemeldet|gemacht|veranlasst|beantragt)',
    '(?:auf|an) (?:ein|einem) (?:fremdes |anderes |unbekanntes )?konto[^.!?\\n]{0,60}(?:das|welches) ich (?:gar |ueberhaupt )?nicht (?:hab|habe|kenne)',
    '(?:geaendert|umgestellt)[^\\n]{0,80}\\bbestreitet',
    '(?:anmeldung|login|eingeloggt|angemeldet|zugegriffen|zugriff)[^\\n]{0,120}(?:ich war das nicht|das war ich nicht|war nicht ich)',
    '(?:kennt|weiss) mein(?:e)? (?:passwort|kennwort|zugangsdaten|pin)',
    '(?:e-?mail-?adresse|mailadresse|handynummer|telefonnummer|bankverbindung|iban)[^\\n]{0,60}(?:nicht meine|gehoert mir nicht)',
  ].join('|'),
);

const CREDENTIALS_HINT =
  /passwort|kennwort|pin|tan|zugangsdaten|login|daten|iban|kreditkart|bankverbindung|kontoverbindung|password|bank details|konto|account|nummer|adresse/;

const TREATMENT_IMMINENT = new RegExp(
  `(?:\\bop\\b|operation|eingriff|termin|behandlung|aufnahme)[^.!?\\n]{0,50}\\b${SOON}\\b|\\b${SOON}\\b[^.!?\\n]{0,40}(?:\\bop\\b|operation|eingriff|operiert)`,
);

/** "It can wait": believed about money as well as about care. */
const NOT_URGENT =
  /kein(?:e)? (?:eile|zeitdruck|stress)|nicht (?:so |besonders )?(?:dringend|eilig)|eilt nicht|hat zeit|in ruhe|wenn sie zeit haben|no rush|not urgent|no hurry|nur (?:eine )?(?:allgemeine )?(?:frage|info)/;

/**
 * "No emergency" denies medical urgency only ("kein Notfall, aber ich habe kein Geld mehr"); followed by
 * "aber" within the sentence it introduces the opposite and does not count.
 */
const NO_EMERGENCY = /kein(?:e)? (?:notfall|eilfall)(?![^.!?\n]{0,40}\baber\b)|not an emergency|no emergency/;

/**
 * A greeting that names someone other than a health or care insurer: the landlord, a hotel, a practice, a
 * pet or car insurer, the Elterngeldstelle. Mail meant for them mentions hospital stays and operations
 * without being urgent for the Kasse.
 */
const OTHER_ADDRESSEE = new RegExp(
  '(?:^|\\n)\\s*(?:sehr geehrte[rs]?|liebe[rs]?|hallo|guten tag|moin|dear|hello|hi|an (?:das|die|den))\\b' +
    '[^\\n,.:!?]{0,40}?\\b' +
    '(?:hausverwaltung|vermieter\\w*|hotel\\w*|\\w*praxis(?:team)?|physio\\w*|elterngeldstelle|familienkasse|' +
    'jobcenter|agentur fuer arbeit|arbeitsagentur|wohngeldstelle|buergeramt|auslaenderbehoerde|zulassungsstelle|' +
    'finanzamt|\\w*bank|sparkasse|(?:kfz|auto|haftpflicht|hausrat|tier\\w*|reise\\w*|rechtsschutz|' +
    'lebens|berufsunfaehigkeits|zahnzusatz|handy)versicherung|stadtwerke|energieversorg\\w*|kundenservice|' +
    'kundendienst|customer service|support team|fitnessstudio|\\w*schule|schulleitung|kita\\w*|verlag|' +
    'onlineshop|shop|airline|fluggesellschaft|reisebuero|autohaus|werkstatt|landlord|personalabteilung|' +
    'personalbuero|lohnbuero|betrugsabteilung|lohnbuchhaltung|gehaltsabrechnung|lohnabrechnung|payroll|' +
    'human resources|schichtleit\\w*|hr(?= team| department|\\s*[,\\n!]|$)|(?:chef(?:in)?|boss)(?=\\s*[,\\n!]))\\b',
);

/**
 * Words that name the Kasse or what only it pays or decides: the word Kasse (not Sparkasse or Familienkasse),
 * insurance, its cash benefits and services under their German names, an insured person's number
 * (Krankenversichertennummer: a letter and nine digits), a provider's IK, an employer's Betriebsnummer, and
 * the names of the large Kassen.
 */
const KASSE_VOCABULARY = forTest(
  new RegExp(
    [
      '(?<!spar|familien)kasse|versicher|insur|krankengeld|pflegegeld|mutterschaftsgeld|verletztengeld|uebergangsgeld',
      'pflegeunterstuetzungsgeld|pflegegrad|pflegestufe|hilfsmittel|zuzahl|gesundheitskarte|\\begk\\b|\\bkvnr',
      '\\b[a-z]\\d{9}\\b|\\bik\\W{0,3}\\d{9}\\b|betriebsnummer|medizinischer dienst|\\bmdk?\\b|sapv|hospiz|\\breha\\b',
      'mutterschutz|schutzfrist|\\baok\\b|barmer|\\bdak\\b|\\bikk\\b|\\bbkk\\b|\\btk\\b|techniker|knappschaft|\\bhkk\\b',
    ].join('|'),
  ),
);

/**
 * A line that greets one person by name, familiarly ("Hallo Frau Kaya,", "Hi Tom,", "Dear Ms Patel,"),
 * not in the formal "Sehr geehrte" or "Guten Tag" of a letter to a case worker. With no word of the Kasse in
 * the whole message (KASSE_VOCABULARY), such a note goes to a team lead, a colleague or a landlord.
 */
const NAMED_GREETING = new RegExp(
  '(?:^|\\n)\\s*(?:(?:hallo|hi|hey|moin|servus|liebe[rs]?|guten morgen|dear|hello)[ ,]+(?:frau|herr|mr|mrs|ms|miss)\\.? [a-z]+|' +
    '(?:hi|hey) (?!folks|all\\b|there|team|everyone|ihr\\b|leute|zusammen)[a-z]{3,})\\s*[,!\\n]',
);

/**
 * A request about one's own work that only an employer can grant: a shift to swap or re-plan, a meeting to
 * miss. A sick note with such a request is for the team lead or HR, not for the Kasse.
 */
const WORK_REQUEST = forTest(
  new RegExp(
    [
      '\\bschicht(?:en|plan)?\\b[^.!?\\n]{0,40}\\b(?:umplan|tausch|uebernehm|eintrag|absag|verschieb)|dienstplan',
      '(?:meeting|besprechung|jour fixe)[^.!?\\n]{0,40}\\bnicht\\b|\\bnicht[^.!?\\n]{0,30}\\b(?:zum|ins|am|im) (?:meeting|besprechung)',
      '(?:swap|cover|change) (?:my|the) shifts?|(?:miss|attend|make) (?:the|tomorrow.s|today.s|our) (?:meeting|stand-?up)',
    ].join('|'),
  ),
);

export const SIGNALS: readonly SignalDef[] = [
  {
    id: 'palliative',
    raiseTo: 'P1',
    hard: true,
    reason: 'Palliative Versorgung oder Hospiz wird erwähnt.',
    test: (t) => PALLIATIVE.test(t),
  },
  {
    id: 'discharge_imminent',
    raiseTo: 'P1',
    hard: true,
    reason: 'Eine Krankenhausentlassung steht in den nächsten Tagen an.',
    test: (t) => (t.includes('entlass') || t.includes('discharg')) && DISCHARGE.test(t),
  },
  {
    id: 'therapy_stops',
    raiseTo: 'P1',
    hard: true,
    reason: 'Eine laufende Therapie oder Versorgung droht abzubrechen.',
    test: (t) => THERAPY_STOPS.test(t),
  },
  {
    id: 'ill_abroad_now',
    raiseTo: 'P1',
    hard: true,
    reason: 'Die Person ist gerade im Ausland erkrankt oder in Behandlung.',
    test: (t) => ABROAD.test(t) && NOW.test(t) && CARE_PLACE.test(t),
  },
  {
    id: 'credentials_given_away',
    raiseTo: 'P1',
    hard: true,
    withoutHealthVocabulary: true,
    reason: 'Zugangs- oder Bankdaten wurden preisgegeben oder die Bankverbindung unbekannt geändert.',
    test: (t) =>
      CREDENTIALS_HINT.test(t) && (CREDENTIALS.test(t) || (BANK_DATA_GIVEN.test(t) && SCAM_CONTEXT.test(t))),
  },
  {
    id: 'payment_stopped',
    raiseTo: 'P2',
    hard: true,
    reason: 'Eine Geldleistung ist ausgeblieben oder das Geld reicht nicht mehr.',
    test: (t) => PAYMENT_STOPPED.test(t),
  },
  {
    id: 'treatment_imminent',
    raiseTo: 'P1',
    hard: false,
    reason: 'Eine Behandlung oder Operation steht in den nächsten Tagen an.',
    test: (t) => TREATMENT_IMMINENT.test(t),
  },
  {
    id: 'not_urgent',
    hard: false,
    reason: 'Die Nachricht sagt selbst, dass es nicht eilt.',
    test: (t) => NOT_URGENT.test(t),
  },
  {
    id: 'no_emergency',
    hard: false,
    reason: 'Die Nachricht sagt selbst, dass kein medizinischer Notfall vorliegt.',
    test: (t) => NO_EMERGENCY.test(t),
  },
  {
    id: 'addressed_elsewhere',
    hard: false,
    reason:
      'Die Anrede oder die Bitte richtet sich an einen anderen Empfänger als die Kranken- oder Pflegekasse.',
    test: (t) => {
      // Greetings are read in the head only; a quoted thread further down greets someone else.
      const head = t.length > 400 ? t.slice(0, 400) : t;
      return (
        OTHER_ADDRESSEE.test(head) ||
        WORK_REQUEST.test(t) ||
        (NAMED_GREETING.test(head) && !KASSE_VOCABULARY.test(t))
      );
    },
  },
];

/** Ids of the signals found in a folded text, in the order of SIGNALS. */
export function detectSignals(folded: string): SignalId[] {
  // A loop, not filter().map(): the arrays map() returned kept making V8 throw away the optimised code of
  // extractFeatures at its first use of them ("wrong map"), about once per hundred messages in an import.
  const found: SignalId[] = [];
  for (const s of SIGNALS) if (s.test(folded)) found.push(s.id);
  return found;
}

export function signalDef(id: SignalId): SignalDef {
  const def = SIGNALS.find((s) => s.id === id);
  if (!def) throw new Error(`unknown signal ${id}`);
  return def;
}

/**
 * The Kasse, insurance and the Kasse's benefits in the other languages insured people in Germany write in
 * (folded: lower case, no diacritics): "hastalık parası", "zasiłek", "ступінь догляду". A message that names
 * them is one for health insurance even without a word of illness, so they are part of HEALTH_VOCABULARY.
 * Words that also mean a shop's till or any payment are kept: a word too many only lets the rules and the
 * doubt look at a message, one too few would file a Kasse concern as someone else's mail.
 */
const FOREIGN_KASSE_WORDS: readonly string[] = [
  // Turkish
  'sigorta|(?<![a-z])kasa(?!ba)|hastal[ıi]k paras|bak[ıi]m (?:paras|derece)|sagl[ıi]k kart',
  // Polish
  'ubezpiecz|\\bkas(?:a|e|y|ie)\\b|zasi[lł][ek]|swiadczen|stopien (?:opieki|pielegnac)|refundac|zwrot koszt',
  // Russian and Ukrainian (no \b: it knows only ASCII letters)
  'страх|касс|(?<![а-яіїєґ])кас[аиіу](?![а-яіїєґ])|пособи|выплат|виплат|степен[ьи] ухода|ступ[іе]н[ья] догляду',
  // … and the German names written in Cyrillic (Кранкенгельд, Пфлегеград, Мутершафтсгельд)
  'компенсац|возмещ|відшкод|медичн[аоі] картк|кранкен|пфлег|мутершафт',
  // Romanian, Italian, Spanish, French, Croatian
  'asigur|indemniza|assicura|cassa (?:malati|mutua|sanitaria)|indennit|rimbors|asegura|subsidio|reembols',
  'seguro (?:medico|de salud|de enfermedad)|caja (?:de salud|del seguro|de enfermedad)|prestacion',
  'assurance|\\bassure|mutuelle|caisse (?:d.assurance|maladie)|indemnit|rembours|osiguran|blagajn|naknad',
  // Arabic and Greek, folded as the text is (an Arabic hamza stays a mark of its own)
  foldText('تأمين|تامين|صندوق|اعانة|إعانة|بدل مرض|درجة الرعاية|تعويض|ασφαλ|ταμεί|επίδομα|αποζημίωσ'),
];

const HEALTH_VOCABULARY = forTest(
  new RegExp(
    [
      // German, including the abbreviations of staff notes (KG = Krankengeld, MD = Medizinischer Dienst, eAU).
      'kranken|kasse|versicher|pflege|arzt|aerzt|klinik|hospital|praxis|reha\\b|kur\\b|rezept|medikament|medizin',
      'therapie|behandl|diagnose|befund|attest|\\be?au\\b|arbeitsunfae|krankschreib|krankmeld|gesundheit|\\begk\\b',
      'kvnr|beitrag|zuzahl|hilfsmittel|rollstuhl|rollator|hoergeraet|hospiz|palliativ|sapv|mutterschaft|entbind',
      'schwanger|unfall|verletzt|operation|\\bop\\b|zahn|physio|dialyse|chemo|diga|sozialdienst|entlass|notaufnahme',
      `insulin|diabet|blutzucker|glukose|fieber|ausgesteuert|aussteuerung|kostenuebernahme|\\bmd\\b|${KG}`,
      'auszahlschein|versichertennummer|apothek|infusion|prothese|strahlenklinik|bestrahlung|arbeitsunfall|berufsgenossenschaft',
      'ersatzbescheinigung|notzahlung|vorschuss|kostenerstattung|orthopaed|roentgen|spritze|\\bmrt\\b|chirurg|kardiolog|radiolog',
      // English and the languages insured people in Germany write in most.
      'insurance|insured|health|doctor|clinic|sick|illness|fever|nurse|medic|surgery|glucose|ambulance|\\behic\\b',
      'dentist|tooth|infusion|therapy|treatment|prescription|pharmacy|wheelchair|injur|dialysis|hospice|neurolog|oxygen',
      // Turkish
      'hastane|ilac|doktor|diyaliz|ameliyat|tedavi|recete|eczane|hasta\\b|hastal[ıi]k|hemsire|hamile|dogum(?! gue?n)',
      'taburcu|felc|kanser|kemoterapi|tekerlekli sandalye|yogun bak',
      // Polish, Croatian, Serbian, Bosnian
      'szpital|lekarz|\\bleki?\\b|apteka|chory|choroba|dializ|chemio|zwolnienie lekarskie|bolnic',
      'pielegn|rehabilit|po operacji|na operacj|operowan|ciaz|porod|wypis|wozek inwalidz|niepelnospraw|lijek|ljekar|bolest|bolovanj',
      // Russian and Ukrainian
      'больниц|врач|лекарств|аптек|травм|диализ|лікар|ліки|хвор|діаліз|больничн|болезн|после операции|на операцию|прооперир|хирург|реабилит',
      'медсестр|сиделк|беремен|инсульт|инфаркт|онколог|химиотерап|инвалид|після операції|на операцію|прооперув|хірург|реабілітац|догляд|вагітн|пологи',
      'інсульт|інфаркт|хіміотерап|інвалід',
      // Romanian, Italian, Spanish, French, Greek
      'spital|bolnav|boala|ospedal|malat|infermier|enferm|hopital|medecin|malad|νοσοκομ|γιατρ|ασθεν|φαρμακ',
      // Arabic, folded as the text is (an Arabic hamza stays a mark of its own)
      foldText(
        'مستشفى|طبيب|دكتور|ممرض|تمريض|مريض|مرض|دواء|أدوية|صيدلية|علاج|غسيل كلى|حامل|ولادة|رعاية|جلطة|سرطان|كيماوي|كرسي متحرك|إعاقة|إسعاف',
      ),
      // The Kasse and its benefits named in other languages.
      ...FOREIGN_KASSE_WORDS,
    ].join('|'),
  ),
);

/**
 * The business of another organisation: a parcel or an order, a flight, a phone, internet or energy contract,
 * a bank account or a loan, a tenancy, another kind of insurance. Mail for the Kasse mentions these too (a
 * Krankengeld delay and the landlord's reminder), so this alone decides nothing; it tells the decision that a
 * message the topic model files under "no concern" is about someone else's business.
 */
const OTHER_BUSINESS = forTest(
  new RegExp(
    [
      '\\bpaket\\w*|sendungsverfolgung|sendungsnummer|packstation|zusteller\\w*|lieferadresse|bestellnummer',
      '\\bmeine[rns]? bestellung|bestellung (?:nr|nummer)|\\bretoure|ruecksendung|ruecksendefrist|umtausch\\w*|warenkorb|onlineshop|lieferdienst',
      '\\bflug\\b|\\bfluege|\\bflugs\\b|flughafen|airline|fluggesellschaft|boarding|gepaeck|hotelzimmer',
      'handyvertrag|mobilfunk|internetanschluss|\\brouter\\b|\\bwlan\\b|festnetz|(?:strom|gas)(?:vertrag|anbieter)',
      'zaehlerstand|stadtwerke|fitnessstudio|streamingdienst|onlinebanking|girokonto|kreditkarte|geldautomat',
      '\\bkredit(?:rate|vertrag)?\\b|darlehen|ratenkredit|dispo(?:kredit|zinsen)?\\b|banking[- ]app',
      'vermieter\\w*|mietvertrag|hausverwaltung|nebenkostenabrechnung|mietrueckstand',
      '(?:kfz|auto|haftpflicht|gebaeude|rechtsschutz|lebens|tier\\w*|handy|reiseruecktritts)versicherung',
      '\\bparcel|tracking number|return (?:window|period|policy)|send (?:it|them) back|\\bmy order\\b|order number|delivery slot|\\bcourier|return label|\\bflight',
      'luggage|baggage|broadband|\\bwifi\\b|(?:phone|mobile) contract|sim card|electricity|gas supplier',
      'meter reading|gym membership|subscription|online banking|credit card|debit card|bank account|\\bloan\\b',
      'mortgage|\\batm\\b|overdraft|landlord|tenancy|(?:car|home|pet|travel|life|contents) (?:insurance|policy|cover)',
      'home contents|phone bill|mobile bill|phone line|\\bpackage\\b|booking ref\\w*|reservation|\\broof\\b|plumber|electrician|boiler',
      'hausrat\\w*|handyrechnung|telefonrechnung|\\bdsl\\b|glasfaser|kabelanschluss|fernwaerme|heizkosten',
      '(?:strom|gas)(?:rechnung|abschlag|zaehler|sperre)|handwerker\\w*|dachdecker|klempner|installateur|elektriker',
      'umzugsfirma|autowerkstatt|klassenlehrer\\w*|klassenfahrt|hausaufgaben|buergergeld|kindergeld\\w*|familienkasse',
      'elterngeld\\w*|wohngeld\\w*|jobcenter|auslaenderbehoerde|finanzamt|steuererklaerung|zulassungsstelle',
    ].join('|'),
  ),
);

/** The first word of another organisation's business in a folded text (see OTHER_BUSINESS), if any. */
export function otherBusinessTerm(folded: string): string | undefined {
  return OTHER_BUSINESS.exec(folded)?.[0];
}

/**
 * Whether a folded text uses any health or insurance vocabulary at all, in German, English or another
 * language insured people in Germany write in (the Kasse and its benefits named in them included).
 */
export function hasHealthVocabulary(folded: string): boolean {
  return HEALTH_VOCABULARY.test(folded);
}
