/**
 * Triage v1: keyword evidence per topic plus explicit urgency rules. Transparent and dependency-free;
 * it is the fallback the learned classifier is measured against.
 */
import { higherClass, topicInfo, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';
import type { Triage, TriageInput, TriageReason, TriageResult } from './triage.js';

/** Lower-case and fold umlauts and ß, as people type them both ways. */
export function foldText(text: string): string {
  return text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

const KEYWORDS: Partial<Record<TopicSlug, string[]>> = {
  entlassmanagement: [
    'entlassung',
    'entlassen',
    'sozialdienst',
    'pflegebett',
    'sauerstoff',
    'nach dem krankenhaus',
  ],
  palliativ_sapv: ['palliativ', 'hospiz', 'sapv', 'austherapiert', 'schmerzpumpe', 'sterbe'],
  haeusliche_krankenpflege: [
    'pflegedienst',
    'haeusliche krankenpflege',
    'wundversorgung',
    'insulin',
    'spritzen',
    'hkp',
  ],
  pflege_eilbegutachtung: ['eilbegutachtung', 'eilantrag pflege', 'pflegegrad aus der klinik'],
  behandlung_ausland: ['im ausland krank', 'krankenhaus im ausland', 'im urlaub krank'],
  fahrkosten_serienbehandlung: ['dialyse', 'chemo', 'strahlentherapie', 'transportschein', 'krankenfahrt'],
  arzneimittel_genehmigung: ['cannabis', 'off-label', 'off label', 'medikament abgelehnt', 'arzneimittel'],
  versicherungsnachweis: [
    'ersatzbescheinigung',
    'versicherungsnachweis',
    'karte geht nicht',
    'karte funktioniert nicht',
  ],
  krankengeld: [
    'krankengeld',
    'gelber schein',
    'krankschreibung',
    'krankmeldung',
    'auszahlschein',
    'arbeitsunfaehig',
  ],
  krankengeld_aussteuerung: ['ausgesteuert', 'aussteuerung', '78 wochen', 'nahtlosigkeit'],
  kinderkrankengeld: ['kinderkrankengeld', 'kind krank', 'kinderkrankentage', 'kinderkrank'],
  mutterschaftsgeld: ['mutterschaftsgeld', 'mutterschutz', 'entbindung', 'fehlgeburt'],
  verletztengeld: ['verletztengeld', 'arbeitsunfall', 'wegeunfall', 'd-arzt', 'berufsgenossenschaft'],
  pflegegeld: ['pflegegeld', 'beratungsbesuch', 'beratungseinsatz'],
  pflegeunterstuetzungsgeld: ['pflegeunterstuetzungsgeld', 'akutpflege', 'ploetzlich pflegebeduerftig'],
  uebergangsgeld: ['uebergangsgeld', 'geld waehrend der reha'],
  vorschuss: ['vorschuss', 'abschlag', 'notzahlung', 'geld vorab'],
  pflegegrad_antrag: ['pflegegrad', 'hoeherstufung', 'pflegestufe', 'pflegeantrag'],
  leistungsantrag: ['kostenuebernahme', 'heil- und kostenplan', 'zahnersatz', 'psychotherapie', 'operation'],
  hilfsmittel: ['rollstuhl', 'hoergeraet', 'prothese', 'rollator', 'hilfsmittel'],
  reha: ['reha', 'kur', 'anschlussheilbehandlung', 'ahb'],
  widerspruch: ['widerspruch', 'einspruch', 'nicht einverstanden'],
  u1_u2_erstattung: ['u1', 'u2', 'umlage', 'aag'],
  datenschutz_auskunft: ['dsgvo', 'datenschutz', 'meine daten', 'auskunft ueber', 'loeschen'],
  sicherheitsvorfall: ['phishing', 'betrug', 'komische sms', 'verdaechtig', 'link geklickt'],
  mitgliedschaft: ['kuendigen', 'kuendigung', 'kassenwechsel', 'mitgliedsbescheinigung', 'wechseln'],
  familienversicherung: ['familienversicherung', 'mitversichern', 'mitversichert', 'ehepartner'],
  beitraege: ['beitrag', 'beitraege', 'rueckstand', 'mahnung', 'ratenzahlung', 'stundung'],
  zuzahlungsbefreiung: ['zuzahlung', 'befreiung', 'befreiungsausweis', 'chronisch krank'],
  fahrkosten: ['fahrkosten', 'taxi', 'krankentransport'],
  kostenerstattung: ['quittung', 'erstattung', 'geld zurueck', 'privatrechnung', 'rechnung'],
  auslandsreise: ['ehic', 'auslandskrankenschein', 'urlaub'],
  egk_stammdaten: [
    'karte verloren',
    'lichtbild',
    'foto',
    'umgezogen',
    'adresse',
    'bankverbindung',
    'kontoaenderung',
  ],
  diga: ['diga', 'freischaltcode', 'app auf rezept'],
  arbeitgeber_meldungen: ['beitragsnachweis', 'deuev', 'lohnabrechnung', 'betriebsnummer', 'meldung'],
  beschwerde_sonstiges: ['beschwerde', 'unzufrieden', 'niemand erreichbar', 'unverschaemt'],
  kein_anliegen: ['newsletter', 'abwesenheitsnotiz', 'out of office', 'gewinnspiel', 'unsubscribe'],
};

interface UrgencyRule {
  pattern: RegExp;
  raiseTo: PriorityClass;
  reason: string;
}

const URGENCY_RULES: UrgencyRule[] = [
  { pattern: /\b(palliativ|hospiz|sterbend)/, raiseTo: 'P1', reason: 'Palliative Versorgung wird erwähnt.' },
  {
    pattern: /\b(entlassung|entlassen) (ist |wird )?(morgen|heute|uebermorgen|am \d)/,
    raiseTo: 'P1',
    reason: 'Eine Entlassung aus dem Krankenhaus steht unmittelbar bevor.',
  },
  {
    pattern:
      /(kein geld|zahlung (ist )?(ausgeblieben|eingestellt)|nicht (mehr )?(ueberwiesen|gezahlt|bezahlt)|miete nicht)/,
    raiseTo: 'P2',
    reason: 'Eine Geldleistung ist ausgeblieben oder unterbrochen.',
  },
];

const NEGATED_URGENCY = /\b(kein notfall|nicht dringend|hat zeit|eilt nicht)\b/;

export class KeywordTriage implements Triage {
  readonly version = 'keyword-1';

  classify(input: TriageInput): TriageResult {
    const text = foldText(`${input.subject ?? ''}\n${input.text}`);
    let best: { topic: TopicSlug; hits: string[] } | undefined;
    for (const [topic, words] of Object.entries(KEYWORDS) as [TopicSlug, string[]][]) {
      const hits = words.filter((w) => text.includes(w));
      if (hits.length > 0 && (!best || hits.length > best.hits.length)) best = { topic, hits };
    }
    const reasons: TriageReason[] = [];
    const topic: TopicSlug = best?.topic ?? 'beschwerde_sonstiges';
    if (best) {
      reasons.push({
        kind: 'keyword',
        text: `Begriffe „${best.hits.join('“, „')}“ deuten auf ${topicInfo(topic).label}.`,
      });
    } else {
      reasons.push({ kind: 'default', text: 'Kein Thema erkannt; als sonstiges Anliegen eingeordnet.' });
    }
    let cls = topicInfo(topic).defaultClass;
    reasons.push({ kind: 'rule', text: `Übliche Klasse für ${topicInfo(topic).label}: ${cls}.` });
    if (topic !== 'kein_anliegen' && !NEGATED_URGENCY.test(text)) {
      for (const rule of URGENCY_RULES) {
        if (rule.pattern.test(text) && higherClass(cls, rule.raiseTo) !== cls) {
          cls = rule.raiseTo;
          reasons.push({ kind: 'rule', text: `${rule.reason} Klasse auf ${cls} angehoben.` });
        }
      }
    }
    const confidence = best ? Math.min(0.9, 0.4 + 0.15 * best.hits.length) : 0.2;
    return { topic, priorityClass: cls, confidence, reasons, language: 'de', version: this.version };
  }

  classifyMany(inputs: readonly TriageInput[]): TriageResult[] {
    return inputs.map((input) => this.classify(input));
  }
}
