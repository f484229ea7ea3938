/**
 * Scenario model for `vorrang simulate`: who writes to the Kasse, on which channel, about what, which
 * statutory clock starts, and how much of the back office works in each phase of an outage.
 *
 * Volumes follow the load figures of the GKV reference (§8): about 12 letters per 1,000 insured per
 * working day, ~7 crisis calls per 1,000 insured per day while the outage lasts, ~16 Pflege assessments,
 * ~12 new Krankengeld cases (plus pay slips of the ~0.9 % running cases) and ~11 Kinderkrankengeld cases
 * per 100,000 insured per working day. The split over topics is our own estimate and only has to be
 * plausible: about 4 % P1, 11 % P2, 26 % P3 and 59 % P4 items.
 */
import type { DeadlineKind } from '../dispatch.js';
import { TOPICS, type PriorityClass, type TopicSlug } from '../../shared/taxonomy.js';

export const CHANNELS = ['post', 'fax', 'email', 'portal', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const POLICIES = ['fifo', 'priority_age', 'edd', 'vorrang'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface ScenarioParams {
  name: string;
  insured: number;
  /** Back-office staff (head count). */
  staff: number;
  /** Days until payment runs resume; the five phases scale with it (10 days = the 2023 timeline). */
  outageDays: number;
  channelsDown: Channel[];
  /** Volume multipliers by topic slug, or by class (P1–P4, applied to topics of that default class). */
  mix: Record<string, number>;
  seed: number;
  /** Simulated days after the outage start. */
  horizonDays: number;
  /** Normal operation before the outage, so the system starts with a realistic open stock. */
  warmupDays: number;
  /** Day 0 (the attack on Bitmarck became effective on Tue 25 April 2023). */
  startDate: string;
  /** Working hours per working day and the hour they start. */
  hoursPerDay: number;
  workdayStartHour: number;
  /** Share of paid staff hours spent on case work (the rest: leave, sickness, meetings, other duties). */
  productiveShare: number;
  /** Capacity factor in phases 4–5 (overtime and Saturday shifts during catch-up). */
  catchUpFactor: number;
  /** Capacity factor in phase 3 (systems restarting, reconciliation, archives still partly offline). */
  restartFactor: number;
  /** Capacity factor in phase 2 (manual emergency processing without the core system). */
  emergencyFactor: number;
}

export const SCENARIOS: Record<string, ScenarioParams> = {
  'bitmarck-2023': {
    name: 'bitmarck-2023',
    insured: 1_000_000,
    staff: 1_500,
    outageDays: 10,
    channelsDown: ['email', 'portal', 'phone'],
    mix: {},
    seed: 2023,
    horizonDays: 90,
    warmupDays: 14,
    startDate: '2023-04-25',
    hoursPerDay: 8,
    workdayStartHour: 8,
    productiveShare: 0.75,
    catchUpFactor: 1.1,
    emergencyFactor: 0.4,
    restartFactor: 0.8,
  },
};

export const DEFAULT_SCENARIO = 'bitmarck-2023';

/** Phase boundaries in days after the outage start (GKV reference §8, scaled by outageDays / 10). */
export interface Phases {
  /** Phase 1 ends: core system back for manual emergency work (48 h in 2023). */
  p1End: number;
  /** Phase 2 ends: payment runs resume, interim notices can be printed. */
  p2End: number;
  /** Phase 3 ends: phones normal. */
  p3End: number;
  /** Phase 4 ends: email and portal back, their queued mail is released. */
  p4End: number;
  /** Phase 5 ends: catch-up shifts stop. */
  p5End: number;
}

export function phasesFor(outageDays: number): Phases {
  const s = outageDays / 10;
  return { p1End: 2 * s, p2End: 7 * s, p3End: 10 * s, p4End: 21 * s, p5End: 60 * s };
}

/** Case arrivals per 1,000 insured per working day, by channel, in normal operation. */
export const CHANNEL_RATE: Record<Channel, number> = {
  post: 11,
  fax: 1,
  email: 3.5,
  portal: 2.5,
  phone: 1.8,
};

/** Relative topic weights of normal case arrivals (roughly items per 1,000 insured per working day). */
export const TOPIC_WEIGHT: Record<TopicSlug, number> = {
  entlassmanagement: 0.25,
  palliativ_sapv: 0.05,
  haeusliche_krankenpflege: 0.3,
  pflege_eilbegutachtung: 0.04,
  behandlung_ausland: 0.1,
  fahrkosten_serienbehandlung: 0.15,
  arzneimittel_genehmigung: 0.15,
  versicherungsnachweis: 0.4,
  krankengeld: 1.2,
  krankengeld_aussteuerung: 0.05,
  kinderkrankengeld: 0.11,
  mutterschaftsgeld: 0.08,
  verletztengeld: 0.08,
  pflegegeld: 0.4,
  pflegeunterstuetzungsgeld: 0.02,
  uebergangsgeld: 0.05,
  vorschuss: 0.05,
  pflegegrad_antrag: 0.12,
  leistungsantrag: 1.0,
  hilfsmittel: 0.8,
  reha: 0.3,
  widerspruch: 0.2,
  u1_u2_erstattung: 1.2,
  datenschutz_auskunft: 0.03,
  sicherheitsvorfall: 0.05,
  mitgliedschaft: 1.0,
  familienversicherung: 1.2,
  beitraege: 1.5,
  zuzahlungsbefreiung: 0.6,
  fahrkosten: 0.4,
  kostenerstattung: 1.5,
  auslandsreise: 0.2,
  egk_stammdaten: 1.2,
  diga: 0.2,
  arbeitgeber_meldungen: 2.0,
  beschwerde_sonstiges: 0.8,
  kein_anliegen: 0.8,
};

/** Extra written follow-ups while the outage lasts (phases 1–4): people chase money and report phishing. */
export const OUTAGE_SURGE: Partial<Record<TopicSlug, number>> = {
  vorschuss: 4,
  krankengeld: 1.3,
  pflegegeld: 1.3,
  sicherheitsvorfall: 3,
  beschwerde_sonstiges: 1.5,
};

/** Crisis calls per 1,000 insured per working day in phases 1–4 (SBK 2023: ~8,000/day for ~1.1 M). */
export const CRISIS_CALL_RATE = 7;
/** Share of answered crisis calls that leave a case note to work on. */
export const CRISIS_NOTE_SHARE = 0.3;
/** Worker-hours per answered crisis call (taken from back-office capacity). */
export const CRISIS_CALL_HOURS = 0.08;
/** Share of calls that get through while phones are partly down (phase 1). */
export const PHONE_DOWN_ANSWER_SHARE = 0.5;

/** What the notes from crisis calls are about. */
export const CRISIS_TOPIC_WEIGHT: Partial<Record<TopicSlug, number>> = {
  krankengeld: 30,
  pflegegeld: 12,
  vorschuss: 8,
  kinderkrankengeld: 5,
  versicherungsnachweis: 10,
  haeusliche_krankenpflege: 4,
  entlassmanagement: 3,
  palliativ_sapv: 1,
  sicherheitsvorfall: 5,
  egk_stammdaten: 3,
  beschwerde_sonstiges: 19,
};

/** Probability that the text raises an item above its topic's default class (GKV reference §5). */
export const RAISE_TO: Partial<Record<TopicSlug, { cls: PriorityClass; share: number }>> = {
  versicherungsnachweis: { cls: 'P1', share: 0.15 },
  behandlung_ausland: { cls: 'P1', share: 0.2 },
  arzneimittel_genehmigung: { cls: 'P1', share: 0.1 },
  leistungsantrag: { cls: 'P1', share: 0.05 },
  hilfsmittel: { cls: 'P1', share: 0.05 },
  reha: { cls: 'P1', share: 0.1 },
  kostenerstattung: { cls: 'P2', share: 0.05 },
  sicherheitsvorfall: { cls: 'P1', share: 0.1 },
};

export type ClockLength = { unit: 'weeks' | 'workingDays' | 'months'; n: number };
export interface ClockSpec {
  kind: DeadlineKind;
  length: ClockLength;
  /** Share of the topic's items that carry this clock (the rest carry `otherwise`, if given). */
  share: number;
  /** Share that gets the longer limit (e.g. 5 weeks with an MD opinion under §13 Abs. 3a). */
  longShare?: number;
  longLength?: ClockLength;
  otherwise?: { kind: DeadlineKind; length: ClockLength };
}

/** Statutory clocks per topic (GKV reference §3). */
export const TOPIC_CLOCK: Partial<Record<TopicSlug, ClockSpec>> = {
  leistungsantrag: {
    kind: 'sgb5_13_3a',
    length: { unit: 'weeks', n: 3 },
    share: 1,
    longShare: 0.2,
    longLength: { unit: 'weeks', n: 5 },
  },
  arzneimittel_genehmigung: { kind: 'sgb5_13_3a', length: { unit: 'weeks', n: 3 }, share: 1 },
  behandlung_ausland: { kind: 'sgb5_13_3a', length: { unit: 'weeks', n: 3 }, share: 1 },
  // Disability-compensating aids fall under SGB IX instead (§14 SGB IX, no Genehmigungsfiktion).
  hilfsmittel: {
    kind: 'sgb5_13_3a',
    length: { unit: 'weeks', n: 3 },
    share: 0.7,
    longShare: 0.2,
    longLength: { unit: 'weeks', n: 5 },
    otherwise: { kind: 'sgb9_14_decide', length: { unit: 'weeks', n: 3 } },
  },
  reha: { kind: 'sgb9_14_decide', length: { unit: 'weeks', n: 3 }, share: 1 },
  pflegegrad_antrag: { kind: 'sgb11_18c', length: { unit: 'workingDays', n: 25 }, share: 1 },
  pflege_eilbegutachtung: { kind: 'sgb11_18a_assessment', length: { unit: 'workingDays', n: 5 }, share: 1 },
  datenschutz_auskunft: { kind: 'dsgvo_15', length: { unit: 'months', n: 1 }, share: 1 },
  widerspruch: { kind: 'sgg_88_widerspruch', length: { unit: 'months', n: 3 }, share: 1 },
};

/**
 * External preparation before a decision is possible, in calendar days [min, max] (documents from the
 * insured or the practice, an MD opinion or the MD care assessment). It does not progress while the core
 * system and the data exchange are down (phases 1 and 2). Items with the longer §13 Abs. 3a limit are the
 * ones with an MD opinion and get `MD_PREP_DAYS`.
 */
export const PREP_DAYS: Partial<Record<TopicSlug, readonly [number, number]>> = {
  leistungsantrag: [2, 10],
  hilfsmittel: [2, 10],
  arzneimittel_genehmigung: [2, 8],
  behandlung_ausland: [1, 5],
  reha: [3, 10],
  pflegegrad_antrag: [8, 16],
  pflege_eilbegutachtung: [1, 3],
  widerspruch: [7, 30],
};
export const MD_PREP_DAYS: readonly [number, number] = [12, 24];

/** Cash-benefit topics whose delay until payment is reported as cashDelayDaysP95. */
export const CASH_TOPICS: readonly TopicSlug[] = [
  'krankengeld',
  'kinderkrankengeld',
  'mutterschaftsgeld',
  'verletztengeld',
  'pflegegeld',
  'pflegeunterstuetzungsgeld',
  'vorschuss',
];

/** Spread of actual effort around the topic estimate (log-normal sigma). */
export const EFFORT_SIGMA = 0.5;

/** Resolve mix multipliers (topic slugs and class names) into one factor per topic. */
export function topicMultipliers(mix: Record<string, number>): Record<TopicSlug, number> {
  const out = {} as Record<TopicSlug, number>;
  for (const t of TOPICS) {
    const byClass = mix[t.defaultClass] ?? 1;
    const byTopic = mix[t.slug] ?? 1;
    out[t.slug] = byClass * byTopic;
  }
  return out;
}
