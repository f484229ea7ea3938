/**
 * The topic taxonomy every triage result maps to: 37 slugs, each with a German label and the class it
 * usually gets. Slugs and default classes follow the GKV reference taxonomy; the labels are ours.
 */
export const PRIORITY_CLASSES = ['P1', 'P2', 'P3', 'P4'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export const PRIORITY_CLASS_LABEL: Record<PriorityClass, string> = {
  P1: 'medizinisch dringend',
  P2: 'existenzsichernd',
  P3: 'fristgebunden',
  P4: 'Standard',
};

/** Rank used for ordering: lower is served first. */
export function classRank(c: PriorityClass): number {
  return PRIORITY_CLASSES.indexOf(c) + 1;
}

export function higherClass(a: PriorityClass, b: PriorityClass): PriorityClass {
  return classRank(a) <= classRank(b) ? a : b;
}

export function isPriorityClass(v: unknown): v is PriorityClass {
  return typeof v === 'string' && (PRIORITY_CLASSES as readonly string[]).includes(v);
}

export const TOPICS = [
  { slug: 'entlassmanagement', label: 'Versorgung nach Krankenhausentlassung', defaultClass: 'P1' },
  { slug: 'palliativ_sapv', label: 'SAPV, Hospiz, Palliativversorgung', defaultClass: 'P1' },
  { slug: 'haeusliche_krankenpflege', label: 'Häusliche Krankenpflege', defaultClass: 'P1' },
  { slug: 'pflege_eilbegutachtung', label: 'Pflegeantrag aus Klinik, Reha oder Hospiz', defaultClass: 'P1' },
  { slug: 'behandlung_ausland', label: 'Behandlung im Ausland', defaultClass: 'P3' },
  {
    slug: 'fahrkosten_serienbehandlung',
    label: 'Fahrten zu Dialyse, Chemo- oder Strahlentherapie',
    defaultClass: 'P1',
  },
  { slug: 'arzneimittel_genehmigung', label: 'Genehmigung von Arzneimitteln', defaultClass: 'P3' },
  { slug: 'versicherungsnachweis', label: 'Versicherungsnachweis, Ersatzbescheinigung', defaultClass: 'P4' },
  { slug: 'krankengeld', label: 'Krankengeld', defaultClass: 'P2' },
  { slug: 'krankengeld_aussteuerung', label: 'Ende des Krankengelds, Nahtlosigkeit', defaultClass: 'P2' },
  { slug: 'kinderkrankengeld', label: 'Kinderkrankengeld', defaultClass: 'P2' },
  { slug: 'mutterschaftsgeld', label: 'Mutterschaftsgeld', defaultClass: 'P2' },
  { slug: 'verletztengeld', label: 'Verletztengeld', defaultClass: 'P2' },
  { slug: 'pflegegeld', label: 'Pflegegeld', defaultClass: 'P2' },
  { slug: 'pflegeunterstuetzungsgeld', label: 'Pflegeunterstützungsgeld', defaultClass: 'P2' },
  { slug: 'uebergangsgeld', label: 'Übergangsgeld (an die Rentenversicherung)', defaultClass: 'P2' },
  { slug: 'vorschuss', label: 'Vorschuss oder Abschlag', defaultClass: 'P2' },
  { slug: 'pflegegrad_antrag', label: 'Antrag auf Pflegegrad', defaultClass: 'P3' },
  { slug: 'leistungsantrag', label: 'Leistungsantrag mit Entscheidungsfrist', defaultClass: 'P3' },
  { slug: 'hilfsmittel', label: 'Hilfsmittelantrag', defaultClass: 'P3' },
  { slug: 'reha', label: 'Reha, Anschlussheilbehandlung, Kur', defaultClass: 'P3' },
  { slug: 'widerspruch', label: 'Widerspruch', defaultClass: 'P3' },
  { slug: 'u1_u2_erstattung', label: 'Erstattung U1/U2 (AAG)', defaultClass: 'P3' },
  { slug: 'datenschutz_auskunft', label: 'Datenschutz: Auskunft, Löschung', defaultClass: 'P3' },
  { slug: 'sicherheitsvorfall', label: 'Phishing, Datenmissbrauch', defaultClass: 'P3' },
  { slug: 'mitgliedschaft', label: 'Mitgliedschaft, Kassenwechsel, Kündigung', defaultClass: 'P3' },
  { slug: 'familienversicherung', label: 'Familienversicherung', defaultClass: 'P4' },
  { slug: 'beitraege', label: 'Beiträge, Rückstand, Stundung', defaultClass: 'P4' },
  { slug: 'zuzahlungsbefreiung', label: 'Befreiung von Zuzahlungen', defaultClass: 'P4' },
  { slug: 'fahrkosten', label: 'Fahrkosten (sonstige)', defaultClass: 'P4' },
  { slug: 'kostenerstattung', label: 'Kostenerstattung, Rechnung', defaultClass: 'P4' },
  { slug: 'auslandsreise', label: 'Auslandskrankenschein, EHIC', defaultClass: 'P4' },
  { slug: 'egk_stammdaten', label: 'Gesundheitskarte, Adresse, Bankverbindung', defaultClass: 'P4' },
  { slug: 'diga', label: 'Digitale Gesundheitsanwendung', defaultClass: 'P4' },
  { slug: 'arbeitgeber_meldungen', label: 'Arbeitgeber: Meldungen, Betriebsnummer', defaultClass: 'P4' },
  { slug: 'beschwerde_sonstiges', label: 'Beschwerde, Information, Sonstiges', defaultClass: 'P4' },
  { slug: 'kein_anliegen', label: 'Kein Anliegen', defaultClass: 'P4' },
] as const satisfies readonly { slug: string; label: string; defaultClass: PriorityClass }[];

export type TopicSlug = (typeof TOPICS)[number]['slug'];
export const TOPIC_SLUGS: readonly TopicSlug[] = TOPICS.map((t) => t.slug);
const BY_SLUG = new Map<string, (typeof TOPICS)[number]>(TOPICS.map((t) => [t.slug, t]));

export function isTopicSlug(v: unknown): v is TopicSlug {
  return typeof v === 'string' && BY_SLUG.has(v);
}

export function topicInfo(slug: TopicSlug): { slug: TopicSlug; label: string; defaultClass: PriorityClass } {
  const t = BY_SLUG.get(slug);
  if (!t) throw new Error(`unknown topic ${slug}`);
  return t;
}

export const BUNDESLAENDER = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type Bundesland = (typeof BUNDESLAENDER)[number];
