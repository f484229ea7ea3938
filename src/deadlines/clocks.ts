/**
 * Statutory clocks per concern. `computeDeadlines` is pure and deterministic: the same topic, receipt
 * instant, Land and facts always give the same deadlines, so a later step can simply recompute them when
 * staff correct the receipt time or the topic.
 *
 * Interim-notice rule (`interimNoticeBy`): where a timely reasoned notice to the insured prevents the
 * consequence (§ 13 Abs. 3a SGB V, § 18 SGB IX, the extension notice of Art. 12 Abs. 3 DSGVO), the notice
 * must reach the insured before the period ends. We therefore require it to be posted by the end of the
 * 3rd working day before the due day (Berlin time, Land holidays), which leaves room for normal letter
 * delivery. If that moment lies before the clock started, the start instant is used instead.
 */
import type { Bundesland, TopicSlug } from '../shared/taxonomy.js';
import { TOPICS } from '../shared/taxonomy.js';
import type { IsoDate, PeriodEnd } from './calendar.js';
import {
  addWorkingDays,
  bekanntgabe,
  berlinDate,
  dayPeriod,
  endOfBerlinDay,
  monthPeriod,
  nextWorkingDay,
  rollToWorkingDay,
  startOfBerlinDay,
  weekPeriod,
  workingDayPeriod,
} from './calendar.js';

export const DEADLINE_KINDS = [
  'sgb5_13_3a',
  'sgb11_18a_assessment',
  'sgb11_18c',
  'sgb9_14_forward',
  'sgb9_14_decide',
  'sgb9_18_fiktion',
  'sgg_88_widerspruch',
  'sgg_84_widerspruchsfrist',
  'dsgvo_15',
  'dsgvo_33_72h',
  'sgb1_42_vorschuss',
  'sgb1_16_forward',
  'entlassung_7d',
  'sapv_hkp_3wd',
  'sapv_hkp_vorlage',
  'krankengeld_au_gap',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DeadlineUnit = 'calendar' | 'working_days' | 'hours';

/** Who has to act before the deadline: the Kasse, or the insured (or their doctor/provider). */
export type DeadlineActor = 'kasse' | 'insured';

/** Facts from the concern that change which clocks run or how long they are. All optional. */
export interface ClockFacts {
  /** § 13 Abs. 3a: a Medizinischer Dienst opinion is obtained (and the insured was told): 5 weeks. */
  mdOpinion?: boolean;
  /** § 13 Abs. 3a: dental Gutachterverfahren: 6 weeks (takes precedence over `mdOpinion`). */
  dentalExpertProcedure?: boolean;
  /** hilfsmittel: the aid compensates a disability, so SGB IX clocks apply instead of § 13 Abs. 3a. */
  disabilityAid?: boolean;
  /** § 18a SGB XI: Pflegezeit or Familienpflegezeit announced to the employer. */
  withPflegezeit?: boolean;
  /** § 18a SGB XI: applicant is in hospital, stationary reha, a hospice or ambulatory palliative care. */
  inHospitalOrHospice?: boolean;
  /** palliativ_sapv: the concern includes an application for a Pflegegrad (adds the SGB XI clocks). */
  careApplication?: boolean;
  /** entlassmanagement: (planned) discharge instant; without it the receipt stands in. */
  dischargeAt?: Date;
  /** palliativ_sapv / haeusliche_krankenpflege: day the prescription was issued. */
  prescribedAt?: Date;
  /** widerspruch: the contested Bescheid was handed to the post at this instant. */
  bescheidPostedAt?: Date;
  /** widerspruch: the Bescheid was notified abroad (3-month Widerspruchsfrist, § 84 Abs. 1 SGG). */
  notifiedAbroad?: boolean;
  /** widerspruch: the Bescheid lacked a correct Rechtsbehelfsbelehrung (1 year, § 66 Abs. 2 SGG). */
  missingRechtsbehelfsbelehrung?: boolean;
  /** reha: an expert report needed for the decision arrived at this instant (2 weeks after it). */
  expertReportReceivedAt?: Date;
  /** reha: several rehabilitation carriers are involved (6 weeks, § 15 SGB IX). */
  severalCarriers?: boolean;
  /** krankengeld: last day of the current AU certificate. */
  lastAuDay?: Date;
}

export interface ComputeDeadlinesInput {
  topic: TopicSlug;
  receivedAt: Date;
  land: Bundesland;
  facts?: ClockFacts;
}

export interface Deadline {
  kind: DeadlineKind;
  /** German label for staff. */
  label: string;
  legalBasis: string;
  /** German: what starts the clock. */
  startedBy: string;
  /** Instant the clock started (receipt, discharge, …; 00:00 Berlin for day-based triggers). */
  startsAt: Date;
  unit: DeadlineUnit;
  /** German length, e.g. '3 Wochen', '25 Arbeitstage', '72 Stunden'. */
  length: string;
  /** End of the due day, 23:59:59.999 Berlin time; exact instant for hour clocks. */
  dueAt: Date;
  /** Due day, YYYY-MM-DD in Berlin. */
  dueDate: IsoDate;
  /** Latest moment a reasoned Zwischennachricht must be posted; null where a notice does not help. */
  interimNoticeBy: Date | null;
  /** German: what a miss costs. */
  consequence: string;
  /** Land whose public holidays were applied. */
  land: Bundesland;
  actor: DeadlineActor;
}

/** Working days before the due day by which an interim notice must be posted. */
export const INTERIM_NOTICE_WORKING_DAYS = 3;

/** Which clocks a topic can produce (some only with certain facts). */
const TOPIC_KINDS: Partial<Record<TopicSlug, readonly DeadlineKind[]>> = {
  leistungsantrag: ['sgb5_13_3a'],
  arzneimittel_genehmigung: ['sgb5_13_3a'],
  behandlung_ausland: ['sgb5_13_3a'],
  hilfsmittel: ['sgb5_13_3a', 'sgb9_14_forward', 'sgb9_14_decide', 'sgb9_18_fiktion'],
  pflegegrad_antrag: ['sgb11_18c', 'sgb11_18a_assessment'],
  pflege_eilbegutachtung: ['sgb11_18c', 'sgb11_18a_assessment'],
  reha: ['sgb9_14_forward', 'sgb9_14_decide', 'sgb9_18_fiktion'],
  widerspruch: ['sgg_88_widerspruch', 'sgg_84_widerspruchsfrist'],
  datenschutz_auskunft: ['dsgvo_15'],
  sicherheitsvorfall: ['dsgvo_33_72h'],
  vorschuss: ['sgb1_42_vorschuss'],
  uebergangsgeld: ['sgb1_16_forward'],
  entlassmanagement: ['entlassung_7d'],
  palliativ_sapv: ['sapv_hkp_3wd', 'sapv_hkp_vorlage', 'sgb11_18a_assessment', 'sgb11_18c'],
  haeusliche_krankenpflege: ['sapv_hkp_3wd', 'sapv_hkp_vorlage'],
  krankengeld: ['krankengeld_au_gap'],
};

/** Topics that can carry at least one legal clock, in taxonomy order. */
export function clockTopics(): TopicSlug[] {
  return TOPICS.map((t) => t.slug).filter((slug) => TOPIC_KINDS[slug] !== undefined);
}

/** The deadline kinds a topic can produce, depending on facts; empty for topics without a clock. */
export function possibleDeadlineKinds(topic: TopicSlug): readonly DeadlineKind[] {
  return TOPIC_KINDS[topic] ?? [];
}

/**
 * Earliest due instant among the deadlines, or null if there are none. `actors` restricts which deadlines
 * count (default: all), e.g. `['kasse']` to ignore the insured's own Widerspruchsfrist.
 */
export function earliestDue(
  deadlines: readonly Deadline[],
  options: { actors?: readonly DeadlineActor[] } = {},
): Date | null {
  let best: number | null = null;
  for (const d of deadlines) {
    if (options.actors && !options.actors.includes(d.actor)) continue;
    const t = d.dueAt.getTime();
    if (best === null || t < best) best = t;
  }
  return best === null ? null : new Date(best);
}

// ---------------------------------------------------------------------------------------------------------

function validInstant(d: Date, what: string): Date {
  if (!(d instanceof Date) || !Number.isFinite(d.getTime())) throw new RangeError(`invalid ${what}`);
  return d;
}

function germanDate(iso: IsoDate): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

interface DaySpec {
  kind: DeadlineKind;
  label: string;
  legalBasis: string;
  startedBy: string;
  startsAt: Date;
  unit: 'calendar' | 'working_days';
  length: string;
  period: PeriodEnd;
  withInterimNotice: boolean;
  consequence: string;
  actor: DeadlineActor;
}

class Builder {
  readonly out: Deadline[] = [];
  constructor(readonly land: Bundesland) {}

  day(spec: DaySpec): void {
    const dueDate = spec.period.end;
    const dueAt = endOfBerlinDay(dueDate);
    let interimNoticeBy: Date | null = null;
    if (spec.withInterimNotice) {
      const noticeDay = addWorkingDays(dueDate, -INTERIM_NOTICE_WORKING_DAYS, this.land);
      const t = endOfBerlinDay(noticeDay).getTime();
      interimNoticeBy = new Date(Math.max(t, spec.startsAt.getTime()));
    }
    this.out.push({
      kind: spec.kind,
      label: spec.label,
      legalBasis: spec.legalBasis,
      startedBy: spec.startedBy,
      startsAt: new Date(spec.startsAt.getTime()),
      unit: spec.unit,
      length: spec.length,
      dueAt,
      dueDate,
      interimNoticeBy,
      consequence: spec.consequence,
      land: this.land,
      actor: spec.actor,
    });
  }
}

const RECEIPT = 'Eingang bei der Kasse (jeder Kanal, auch während eines Ausfalls)';

function section13(b: Builder, receivedAt: Date, start: IsoDate, facts: ClockFacts): void {
  const weeks = facts.dentalExpertProcedure ? 6 : facts.mdOpinion ? 5 : 3;
  const variant = facts.dentalExpertProcedure
    ? ' (zahnärztliches Gutachterverfahren)'
    : facts.mdOpinion
      ? ' (mit Gutachten des Medizinischen Dienstes)'
      : '';
  b.day({
    kind: 'sgb5_13_3a',
    label: `Entscheidung über den Leistungsantrag${variant}`,
    legalBasis: '§ 13 Abs. 3a SGB V',
    startedBy: `${RECEIPT} – Antrag`,
    startsAt: receivedAt,
    unit: 'calendar',
    length: `${weeks} Wochen`,
    period: weekPeriod(start, weeks, b.land),
    withInterimNotice: true,
    consequence:
      'Genehmigungsfiktion: Ohne Bescheid oder rechtzeitige, begründete Mitteilung gilt die Leistung als ' +
      'genehmigt; Versicherte dürfen sie selbst beschaffen und die Kasse muss die Kosten erstatten.',
    actor: 'kasse',
  });
}

function sgb9(b: Builder, receivedAt: Date, start: IsoDate, facts: ClockFacts): void {
  b.day({
    kind: 'sgb9_14_forward',
    label: 'Zuständigkeit klären, ggf. Antrag weiterleiten',
    legalBasis: '§ 14 Abs. 1 SGB IX',
    startedBy: `${RECEIPT} – Antrag auf Teilhabeleistung`,
    startsAt: receivedAt,
    unit: 'calendar',
    length: '2 Wochen',
    period: weekPeriod(start, 2, b.land),
    withInterimNotice: false,
    consequence:
      'Ohne Weiterleitung in der Frist wird die Kasse leistender Träger und muss über den gesamten ' +
      'Bedarf entscheiden, auch soweit eigentlich ein anderer Träger zuständig wäre.',
    actor: 'kasse',
  });

  let decide: { startedBy: string; startsAt: Date; weeks: number; basis: string; variant: string };
  if (facts.expertReportReceivedAt) {
    const at = validInstant(facts.expertReportReceivedAt, 'expertReportReceivedAt');
    decide = {
      startedBy: 'Eingang des Gutachtens bei der Kasse',
      startsAt: at,
      weeks: 2,
      basis: '§ 14 Abs. 2 Satz 3 SGB IX',
      variant: ' (nach Gutachten)',
    };
  } else if (facts.severalCarriers) {
    decide = {
      startedBy: `${RECEIPT} – Antrag`,
      startsAt: receivedAt,
      weeks: 6,
      basis: '§ 15 SGB IX',
      variant: ' (mehrere Träger beteiligt)',
    };
  } else {
    decide = {
      startedBy: `${RECEIPT} – Antrag`,
      startsAt: receivedAt,
      weeks: 3,
      basis: '§ 14 Abs. 2 Satz 2 SGB IX',
      variant: '',
    };
  }
  b.day({
    kind: 'sgb9_14_decide',
    label: `Entscheidung über die Teilhabeleistung${decide.variant}`,
    legalBasis: decide.basis,
    startedBy: decide.startedBy,
    startsAt: decide.startsAt,
    unit: 'calendar',
    length: `${decide.weeks} Wochen`,
    period: weekPeriod(berlinDate(decide.startsAt), decide.weeks, b.land),
    withInterimNotice: false,
    consequence:
      'Pflichtverletzung gegenüber den Versicherten; die Verzögerung führt auf die Genehmigungsfiktion ' +
      'nach § 18 SGB IX zu.',
    actor: 'kasse',
  });

  b.day({
    kind: 'sgb9_18_fiktion',
    label: 'Entscheidung oder begründete Mitteilung vor Ablauf von zwei Monaten',
    legalBasis: '§ 18 SGB IX',
    startedBy: `${RECEIPT} – Antrag`,
    startsAt: receivedAt,
    unit: 'calendar',
    length: '2 Monate',
    period: monthPeriod(start, 2, b.land),
    withInterimNotice: true,
    consequence:
      'Ohne begründete Mitteilung gilt die Leistung als genehmigt; Versicherte dürfen sie selbst ' +
      'beschaffen und die Kasse muss die Kosten erstatten.',
    actor: 'kasse',
  });
}

function pflege(b: Builder, receivedAt: Date, start: IsoDate, assessmentDays: 5 | 10 | null): void {
  if (assessmentDays !== null) {
    b.day({
      kind: 'sgb11_18a_assessment',
      label:
        assessmentDays === 5
          ? 'Verkürzte Begutachtung (Klinik, Reha, Hospiz, Palliativversorgung)'
          : 'Verkürzte Begutachtung (häusliche Pflege mit Pflegezeit)',
      legalBasis: assessmentDays === 5 ? '§ 18a Abs. 5 SGB XI' : '§ 18a Abs. 6 SGB XI',
      startedBy: `${RECEIPT} – Pflegeantrag`,
      startsAt: receivedAt,
      unit: 'working_days',
      length: `${assessmentDays} Arbeitstage`,
      period: workingDayPeriod(start, assessmentDays, b.land),
      withInterimNotice: false,
      consequence:
        'Für jede angefangene Woche über der Frist zahlt die Pflegekasse 70 Euro an den Antragsteller.',
      actor: 'kasse',
    });
  }
  b.day({
    kind: 'sgb11_18c',
    label: 'Bescheid über den Pflegegrad (Zugang beim Antragsteller maßgeblich)',
    legalBasis: '§ 18c SGB XI',
    startedBy: `${RECEIPT} – Pflegeantrag`,
    startsAt: receivedAt,
    unit: 'working_days',
    length: '25 Arbeitstage',
    period: workingDayPeriod(start, 25, b.land),
    withInterimNotice: false,
    consequence:
      'Für jede angefangene Woche über der Frist zahlt die Pflegekasse 70 Euro, fällig mit dem Bescheid; ' +
      'eine Zwischennachricht verhindert das nicht.',
    actor: 'kasse',
  });
}

function widerspruch(b: Builder, receivedAt: Date, start: IsoDate, facts: ClockFacts): void {
  b.day({
    kind: 'sgg_88_widerspruch',
    label: 'Widerspruchsbescheid',
    legalBasis: '§ 88 Abs. 2 SGG',
    startedBy: `${RECEIPT} – Widerspruch`,
    startsAt: receivedAt,
    unit: 'calendar',
    length: '3 Monate',
    period: monthPeriod(start, 3, b.land),
    withInterimNotice: false,
    consequence:
      'Untätigkeitsklage wird zulässig; Prozess- und Kostenrisiko für die Kasse, sofern kein zureichender ' +
      'Grund für die Verzögerung besteht.',
    actor: 'kasse',
  });

  if (facts.bescheidPostedAt) {
    const posted = validInstant(facts.bescheidPostedAt, 'bescheidPostedAt');
    const bg = bekanntgabe(posted, b.land);
    const months = facts.missingRechtsbehelfsbelehrung ? 12 : facts.notifiedAbroad ? 3 : 1;
    const basis = facts.missingRechtsbehelfsbelehrung
      ? '§ 66 Abs. 2 SGG'
      : facts.notifiedAbroad
        ? '§ 84 Abs. 1 Satz 2 SGG'
        : '§ 84 Abs. 1 Satz 1 SGG';
    const moved = bg.moved === bg.literal ? '' : `, verschoben auf ${germanDate(bg.moved)}`;
    b.day({
      kind: 'sgg_84_widerspruchsfrist',
      label: 'Widerspruchsfrist der Versicherten (Rechtzeitigkeit prüfen)',
      legalBasis: `${basis}, § 37 Abs. 2 SGB X`,
      startedBy:
        `Bekanntgabe des Bescheids: zur Post am ${germanDate(bg.postedOn)}, ` +
        `${bg.daysAfterPosting}. Tag danach ${germanDate(bg.literal)}${moved}; maßgeblich der spätere Tag`,
      startsAt: startOfBerlinDay(bg.effective),
      unit: 'calendar',
      length: months === 12 ? '1 Jahr' : months === 1 ? '1 Monat' : `${months} Monate`,
      period: monthPeriod(bg.effective, months, b.land),
      withInterimNotice: false,
      consequence:
        'Nach Ablauf wird der Bescheid bestandskräftig; ein späterer Widerspruch ist unzulässig ' +
        '(allenfalls Überprüfungsantrag nach § 44 SGB X).',
      actor: 'insured',
    });
  }
}

function sapvHkp(
  b: Builder,
  topic: 'palliativ_sapv' | 'haeusliche_krankenpflege',
  receivedAt: Date,
  start: IsoDate,
  facts: ClockFacts,
): void {
  const basis =
    topic === 'palliativ_sapv'
      ? '§ 37b SGB V i. V. m. SAPV-Richtlinie'
      : '§ 37 SGB V i. V. m. HKP-Richtlinie';
  b.day({
    kind: 'sapv_hkp_3wd',
    label: 'Entscheidung über die Verordnung (Zielfrist)',
    legalBasis: basis,
    startedBy: `${RECEIPT} – Verordnung`,
    startsAt: receivedAt,
    unit: 'working_days',
    length: '3 Arbeitstage',
    period: workingDayPeriod(start, 3, b.land),
    withInterimNotice: false,
    consequence:
      'Bis zur Entscheidung trägt die Kasse die Kosten der bereits erbrachten Versorgung; ohne Zusage ' +
      'droht eine Versorgungslücke.',
    actor: 'kasse',
  });
  if (facts.prescribedAt) {
    const at = validInstant(facts.prescribedAt, 'prescribedAt');
    b.day({
      kind: 'sapv_hkp_vorlage',
      label: 'Vorlage der Verordnung bei der Kasse (Rechtzeitigkeit prüfen)',
      legalBasis: basis,
      startedBy: 'Ausstellung der Verordnung',
      startsAt: at,
      unit: 'working_days',
      length: '3 Arbeitstage',
      period: workingDayPeriod(berlinDate(at), 3, b.land),
      withInterimNotice: false,
      consequence:
        'Bei späterer Vorlage übernimmt die Kasse die Kosten erst ab Eingang der Verordnung, nicht ' +
        'rückwirkend ab Ausstellung.',
      actor: 'insured',
    });
  }
}

function buildDeadlines(b: Builder, topic: TopicSlug, receivedAt: Date, facts: ClockFacts): void {
  const start = berlinDate(receivedAt);
  switch (topic) {
    case 'leistungsantrag':
    case 'arzneimittel_genehmigung':
    case 'behandlung_ausland':
      section13(b, receivedAt, start, facts);
      return;
    case 'hilfsmittel':
      if (facts.disabilityAid) sgb9(b, receivedAt, start, facts);
      else section13(b, receivedAt, start, facts);
      return;
    case 'reha':
      sgb9(b, receivedAt, start, facts);
      return;
    case 'pflegegrad_antrag':
      pflege(b, receivedAt, start, facts.inHospitalOrHospice ? 5 : facts.withPflegezeit ? 10 : null);
      return;
    case 'pflege_eilbegutachtung':
      pflege(b, receivedAt, start, 5);
      return;
    case 'palliativ_sapv':
      sapvHkp(b, topic, receivedAt, start, facts);
      // Ambulatory palliative care always qualifies for the 5-day assessment.
      if (facts.careApplication) pflege(b, receivedAt, start, 5);
      return;
    case 'haeusliche_krankenpflege':
      sapvHkp(b, topic, receivedAt, start, facts);
      return;
    case 'widerspruch':
      widerspruch(b, receivedAt, start, facts);
      return;
    case 'datenschutz_auskunft':
      b.day({
        kind: 'dsgvo_15',
        label: 'Auskunft oder Antwort auf Betroffenenrecht',
        legalBasis: 'Art. 12 Abs. 3, Art. 15 DSGVO',
        startedBy: `${RECEIPT} – Antrag der betroffenen Person`,
        startsAt: receivedAt,
        unit: 'calendar',
        length: '1 Monat',
        period: monthPeriod(start, 1, b.land),
        withInterimNotice: true,
        consequence:
          'Beschwerde bei der Datenschutzaufsicht, Bußgeld- und Schadensersatzrisiko; eine Verlängerung um ' +
          'zwei Monate ist nur mit begründeter Mitteilung innerhalb der Frist möglich.',
        actor: 'kasse',
      });
      return;
    case 'sicherheitsvorfall': {
      const dueAt = new Date(receivedAt.getTime() + 72 * 3_600_000);
      b.out.push({
        kind: 'dsgvo_33_72h',
        label: 'Meldung einer Datenschutzverletzung an die Aufsicht prüfen',
        legalBasis: 'Art. 33 DSGVO',
        startedBy: 'Kenntnis der Kasse vom Vorfall (Eingang der Meldung)',
        startsAt: new Date(receivedAt.getTime()),
        unit: 'hours',
        length: '72 Stunden',
        dueAt,
        dueDate: berlinDate(dueAt),
        interimNoticeBy: null,
        consequence:
          'Verspätete Meldung an die Aufsichtsbehörde ist bußgeldbewehrt; die Verzögerung muss begründet werden.',
        land: b.land,
        actor: 'kasse',
      });
      return;
    }
    case 'vorschuss':
      b.day({
        kind: 'sgb1_42_vorschuss',
        label: 'Vorschusszahlung beginnen',
        legalBasis: '§ 42 Abs. 1 Satz 2 SGB I',
        startedBy: `${RECEIPT} – Antrag auf Vorschuss`,
        startsAt: receivedAt,
        unit: 'calendar',
        length: '1 Monat',
        period: monthPeriod(start, 1, b.land),
        withInterimNotice: false,
        consequence:
          'Pflichtverletzung, sobald der Anspruch dem Grunde nach feststeht; Versicherte bleiben ohne ' +
          'existenzsichernde Zahlung.',
        actor: 'kasse',
      });
      return;
    case 'uebergangsgeld': {
      const due = rollToWorkingDay(start, b.land);
      b.day({
        kind: 'sgb1_16_forward',
        label: 'Weiterleitung an den zuständigen Rentenversicherungsträger',
        legalBasis: '§ 16 Abs. 2 SGB I',
        startedBy: `${RECEIPT} – Antrag`,
        startsAt: receivedAt,
        unit: 'working_days',
        length: 'selber Arbeitstag',
        period: { start, literalEnd: start, end: due, shifted: due !== start },
        withInterimNotice: false,
        consequence:
          'Der Antrag gilt beim zuständigen Träger als am Eingangstag gestellt, aber jede Liegezeit ' +
          'verzögert die Zahlung des Übergangsgelds.',
        actor: 'kasse',
      });
      return;
    }
    case 'entlassmanagement': {
      const at = facts.dischargeAt ? validInstant(facts.dischargeAt, 'dischargeAt') : receivedAt;
      const from = berlinDate(at);
      // A supply horizon, not a filing period: it is not moved off weekends or holidays.
      const due = dayPeriod(from, 7, b.land).literalEnd;
      b.day({
        kind: 'entlassung_7d',
        label: 'Anschlussversorgung nach Entlassung sichern',
        legalBasis: '§ 39 Abs. 1a SGB V',
        startedBy: facts.dischargeAt
          ? 'Entlassung aus dem Krankenhaus'
          : 'Eingang bei der Kasse (Entlassdatum unbekannt, Eingang als Ersatz)',
        startsAt: at,
        unit: 'calendar',
        length: '7 Tage',
        period: { start: from, literalEnd: due, end: due, shifted: false },
        withInterimNotice: false,
        consequence:
          'Verordnungen und AU aus dem Krankenhaus reichen höchstens sieben Tage; danach droht eine ' +
          'Versorgungslücke.',
        actor: 'kasse',
      });
      return;
    }
    case 'krankengeld': {
      if (!facts.lastAuDay) return;
      const at = validInstant(facts.lastAuDay, 'lastAuDay');
      const last = berlinDate(at);
      const due = nextWorkingDay(last, b.land);
      b.day({
        kind: 'krankengeld_au_gap',
        label: 'Folgebescheinigung der Arbeitsunfähigkeit (lückenlos)',
        legalBasis: '§ 46 Satz 2 SGB V',
        startedBy: `Letzter bescheinigter AU-Tag (${germanDate(last)})`,
        startsAt: startOfBerlinDay(last),
        unit: 'working_days',
        length: 'nächster Arbeitstag (Samstag zählt nicht)',
        period: { start: last, literalEnd: due, end: due, shifted: false },
        withInterimNotice: false,
        consequence:
          'Ohne ärztliche Feststellung der weiteren AU spätestens an diesem Tag kann der Anspruch auf ' +
          'Krankengeld (und eine daran hängende Mitgliedschaft) enden. Früh erinnern.',
        actor: 'insured',
      });
      return;
    }
    // Topics without a statutory clock of their own (targets such as "before the appointment" or quotas
    // such as Kinderkrankengeld days are not legal deadlines and are left to triage).
    case 'fahrkosten_serienbehandlung':
    case 'versicherungsnachweis':
    case 'krankengeld_aussteuerung':
    case 'kinderkrankengeld':
    case 'mutterschaftsgeld':
    case 'verletztengeld':
    case 'pflegegeld':
    case 'pflegeunterstuetzungsgeld':
    case 'u1_u2_erstattung':
    case 'mitgliedschaft':
    case 'familienversicherung':
    case 'beitraege':
    case 'zuzahlungsbefreiung':
    case 'fahrkosten':
    case 'kostenerstattung':
    case 'auslandsreise':
    case 'egk_stammdaten':
    case 'diga':
    case 'arbeitgeber_meldungen':
    case 'beschwerde_sonstiges':
    case 'kein_anliegen':
      return;
  }
}

const KIND_ORDER = new Map<DeadlineKind, number>(DEADLINE_KINDS.map((k, i) => [k, i]));

/**
 * Legal deadlines for one concern. Pure: depends only on the input. Topics without a clock give `[]`.
 * Result is sorted by due instant, ties by kind order in `DEADLINE_KINDS`.
 */
export function computeDeadlines(input: ComputeDeadlinesInput): Deadline[] {
  const receivedAt = validInstant(input.receivedAt, 'receivedAt');
  const b = new Builder(input.land);
  buildDeadlines(b, input.topic, receivedAt, input.facts ?? {});
  return b.out.sort(
    (x, y) =>
      x.dueAt.getTime() - y.dueAt.getTime() || (KIND_ORDER.get(x.kind) ?? 0) - (KIND_ORDER.get(y.kind) ?? 0),
  );
}
