/**
 * From model probabilities to a priority class. The class model's view of the text is blended with what
 * the predicted topic usually means; then explicit rules, a stated "not urgent" and the safety bias apply,
 * each leaving a reason. Training calibrates the thresholds with this same function on out-of-fold
 * predictions, so what is tuned is exactly what runs.
 */
import { PRIORITY_CLASSES, classRank, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';
import type { TriageReason } from './triage.js';
import { signalDef, type SignalId } from './signals.js';

export interface DecisionConfig {
  /** Weight of the class model against the topic's class distribution (0..1, geometric blend). */
  alpha: number;
  /** Escalate to P1 when the blended P1 probability reaches this, even if it is not the most likely class. */
  p1Threshold: number;
  /** Escalate to at least P2 when P1 + P2 together reach this. */
  urgentThreshold: number;
  /**
   * No safety bias from this "no concern" probability on: mail for a hotel, a landlord or a pet insurer
   * mentions a hospital stay or an operation, and the doubt is about the addressee, not the urgency.
   */
  noConcernNoSafety: number;
}

/** From this topic probability on, a Kasse topic counts as evidence of a concern for the Kasse by itself. */
export const KASSE_TOPIC_CONFIDENCE = 0.5;

/**
 * From this probability on, a message whose best topic is "kein Anliegen" counts as filed there: mail about
 * another organisation's business stays P4, and the class model alone makes nothing urgent. (The value the
 * safety-bias cut-off had on CV when these rules were made; the cut-off itself is calibrated.)
 */
export const NO_CONCERN_LEANING = 0.2;

/** Without health vocabulary, a "no concern" probability from this on keeps the class at P3 or lower. */
export const NO_CONCERN_CAP = 0.15;

/** Topics whose class is never lowered below this. */
const TOPIC_FLOOR: Partial<Record<TopicSlug, PriorityClass>> = { palliativ_sapv: 'P1' };

export interface DecisionInput {
  topic: TopicSlug;
  /** Probability of `topic`. */
  topicConfidence: number;
  /** Topic probabilities in the order of `topicLabels`. */
  topicProbs: ArrayLike<number>;
  /** Class-model probabilities in the order of PRIORITY_CLASSES. */
  classProbs: ArrayLike<number>;
  /** [topic][class] distribution of classes given the topic, in the order of `topicLabels`. */
  classGivenTopic: readonly (readonly number[])[];
  /** Probability the topic model gives to `kein_anliegen`. */
  noConcernProb: number;
  signals: readonly SignalId[];
  healthVocabulary: boolean;
  /**
   * A word naming another organisation's business (a parcel, a flight, a loan, a landlord), if the text has
   * one. Only read when `topic` is kein_anliegen, so callers may leave it out for other topics.
   */
  otherBusiness?: string | undefined;
  /** Detected language code (`de`, `en`, …; `und` when unknown). */
  language: string;
}

export interface Decision {
  priorityClass: PriorityClass;
  /** Blended class probabilities, order of PRIORITY_CLASSES. */
  probs: number[];
  reasons: TriageReason[];
  escalated: boolean;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** log P(class | topic), mixed over the topic probabilities: the class model's prior offset. */
export function classPriorOffset(
  classGivenTopic: readonly (readonly number[])[],
  topicProbs: ArrayLike<number>,
): Float64Array {
  const mix = new Float64Array(4);
  for (let t = 0; t < classGivenTopic.length; t++) {
    const pt = topicProbs[t] ?? 0;
    if (pt === 0) continue;
    const row = classGivenTopic[t]!;
    for (let c = 0; c < 4; c++) mix[c] = mix[c]! + pt * (row[c] ?? 0);
  }
  for (let c = 0; c < 4; c++) mix[c] = Math.log(mix[c]! + 1e-4);
  return mix;
}

export function blendClassProbs(input: DecisionInput, alpha: number): number[] {
  const mix = [0, 0, 0, 0];
  for (let t = 0; t < input.classGivenTopic.length; t++) {
    const pt = input.topicProbs[t] ?? 0;
    const row = input.classGivenTopic[t]!;
    for (let c = 0; c < 4; c++) mix[c] = mix[c]! + pt * (row[c] ?? 0);
  }
  const s = mix.map((m, c) =>
    Math.exp(alpha * Math.log((input.classProbs[c] ?? 0) + 1e-9) + (1 - alpha) * Math.log(m + 1e-9)),
  );
  const sum = s.reduce((a, b) => a + b, 0);
  return s.map((v) => v / sum);
}

function argmaxClass(
  probs: readonly number[],
  allowed: readonly PriorityClass[] = PRIORITY_CLASSES,
): PriorityClass {
  let best = allowed[0]!;
  for (const c of allowed) if ((probs[classRank(c) - 1] ?? 0) > (probs[classRank(best) - 1] ?? 0)) best = c;
  return best;
}

/** Raises the class by the explicit rules (a discharge within days, a stopped payment, a hacked account). */
function applyHardSignals(
  signals: readonly SignalId[],
  cls: PriorityClass,
  reasons: TriageReason[],
): { cls: PriorityClass; fired: boolean } {
  const notUrgent = signals.includes('not_urgent');
  let fired = false;
  for (const id of signals) {
    const def = signalDef(id);
    if (!def.hard || !def.raiseTo) continue;
    if (notUrgent && def.raiseTo !== 'P1') continue;
    fired = true;
    if (classRank(def.raiseTo) < classRank(cls)) {
      cls = def.raiseTo;
      reasons.push({ kind: 'rule', text: `${def.reason} Klasse auf ${cls} angehoben.` });
    } else {
      reasons.push({ kind: 'rule', text: `${def.reason}` });
    }
  }
  return { cls, fired };
}

export function decideClass(input: DecisionInput, config: DecisionConfig): Decision {
  const probs = blendClassProbs(input, config.alpha);
  const reasons: TriageReason[] = [];
  let cls = argmaxClass(probs);
  reasons.push({
    kind: 'model',
    text: `Modell: ${cls} (P1 ${pct(probs[0]!)}, P2 ${pct(probs[1]!)}, P3 ${pct(probs[2]!)}, P4 ${pct(probs[3]!)}).`,
  });

  // Only a confident "no concern" blocks the rules: a short English discharge note can look like spam. So
  // does one that names another organisation's business: mail about a parcel or a loan from someone who is
  // in hospital is urgent for them, not for the Kasse (when the topic model files it under "no concern").
  if (input.topic === 'kein_anliegen') {
    const elsewhere = input.topicConfidence >= NO_CONCERN_LEANING ? input.otherBusiness : undefined;
    if (
      elsewhere !== undefined ||
      input.topicConfidence >= KASSE_TOPIC_CONFIDENCE ||
      !input.healthVocabulary
    ) {
      if (cls !== 'P4')
        reasons.push({
          kind: 'rule',
          text:
            elsewhere === undefined
              ? 'Kein Anliegen an die Kasse: Klasse P4, keine Anhebung.'
              : `Kein Anliegen an die Kasse: die Nachricht betrifft „${elsewhere}“ bei einem anderen Unternehmen. Klasse P4, keine Anhebung; bitte prüfen, ob sie weiterzuleiten ist.`,
        });
      return { priorityClass: 'P4', probs, reasons, escalated: false };
    }
  }
  // The vocabulary gate keeps other companies' mail from being raised; a message the topic model confidently
  // files under one of the Kasse's own topics (a hacked account, a missing payment in plain words) passes.
  const kasseTopic = input.topic !== 'kein_anliegen' && input.topicConfidence >= KASSE_TOPIC_CONFIDENCE;
  if (!input.healthVocabulary && !kasseTopic) {
    // An account changed by someone else, told in everyday words and plainly to the Kasse: the rules that
    // hold without health vocabulary apply, without a safety bias.
    const accountRules = input.signals.filter((id) => signalDef(id).withoutHealthVocabulary);
    if (accountRules.length > 0 && input.noConcernProb < NO_CONCERN_CAP) {
      const raised = applyHardSignals(accountRules, cls, reasons);
      return { priorityClass: raised.cls, probs, reasons, escalated: false };
    }
    // Mail for a bank, landlord or phone company reads urgent to the class model; without a single word
    // from health or care insurance it is not urgent for the Kasse.
    const capped =
      classRank(cls) <= 2 && input.noConcernProb >= NO_CONCERN_CAP ? argmaxClass(probs, ['P3', 'P4']) : cls;
    reasons.push({
      kind: 'rule',
      text:
        capped === cls
          ? 'Keine Begriffe aus Kranken- oder Pflegeversicherung erkannt: keine Anhebung durch Regeln oder Sicherheitszuschlag.'
          : `Keine Begriffe aus Kranken- oder Pflegeversicherung erkannt: Klasse von ${cls} auf ${capped} gesenkt, keine Anhebung.`,
    });
    return { priorityClass: capped, probs, reasons, escalated: false };
  }

  // A sender who says it can wait is believed about money (P2), not about medical urgency (P1); one who only
  // says it is no emergency is believed about neither, but gets no safety bias.
  const notUrgent = input.signals.includes('not_urgent');
  const noEmergency = input.signals.includes('no_emergency');
  const hard = applyHardSignals(input.signals, cls, reasons);
  const hardFired = hard.fired;
  cls = hard.cls;

  const floor = TOPIC_FLOOR[input.topic];
  if (floor && classRank(floor) < classRank(cls)) {
    cls = floor;
    reasons.push({ kind: 'rule', text: `Dieses Thema wird nie niedriger als ${floor} eingestuft.` });
  }

  // Where the message turns out not to be urgent for the Kasse: P3 or P4 as the model sees it, unless a rule
  // or the topic's floor made it urgent.
  const lowered = !hardFired && !floor && classRank(cls) <= 2 ? argmaxClass(probs, ['P3', 'P4']) : cls;

  if (notUrgent) {
    if (lowered !== cls) {
      reasons.push({
        kind: 'rule',
        text: `Die Nachricht sagt selbst, dass es nicht eilt: Klasse von ${cls} auf ${lowered} gesenkt.`,
      });
      cls = lowered;
    } else {
      reasons.push({
        kind: 'rule',
        text: 'Die Nachricht sagt, dass es nicht eilt; kein Sicherheitszuschlag.',
      });
    }
    return { priorityClass: cls, probs, reasons, escalated: false };
  }
  if (noEmergency) {
    reasons.push({
      kind: 'rule',
      text: 'Die Nachricht sagt, dass kein Notfall vorliegt; kein Sicherheitszuschlag.',
    });
    return { priorityClass: cls, probs, reasons, escalated: false };
  }

  // A message the topic model leans towards "no concern", or one greeting someone else or asking what only
  // an employer can grant, gets no safety bias; the rules above still apply.
  if (input.signals.includes('addressed_elsewhere')) {
    // Meant for someone else: urgent for them perhaps, not for the Kasse, unless a rule above says so.
    reasons.push({
      kind: 'rule',
      text:
        (lowered === cls
          ? 'Anrede oder Bitte richtet sich an einen anderen Empfänger: kein Sicherheitszuschlag.'
          : `Anrede oder Bitte richtet sich an einen anderen Empfänger: Klasse von ${cls} auf ${lowered} gesenkt.`) +
        ' Bitte prüfen, ob die Nachricht weiterzuleiten ist.',
    });
    return { priorityClass: lowered, probs, reasons, escalated: false };
  }
  // Except in another language: the models saw few such messages and readily call them "no concern", so
  // there only a confident "no concern" withholds the safety bias from a message with health vocabulary.
  // English is the exception to the exception once the topic model files it under "no concern": the corpus
  // holds over a thousand English messages, and English customer mail to shops, banks and landlords that
  // mentions a hospital stay was raised by this doubt (corpus/README.md, round 12). Filed below
  // NO_CONCERN_LEANING, or under a Kasse topic the model is unsure of, an English message keeps the doubt.
  const foreign = input.language !== 'de' && input.language !== 'und';
  const trustedNoConcern =
    input.language === 'en' && input.topic === 'kein_anliegen' && input.topicConfidence >= NO_CONCERN_LEANING;
  const doubtfulForeign =
    foreign && !trustedNoConcern && input.healthVocabulary && input.topicConfidence < KASSE_TOPIC_CONFIDENCE;
  // "No concern" is always P4: a message the topic model files there keeps no urgent class from the class
  // model alone; only a rule above can make it urgent.
  if (!doubtfulForeign && input.topic === 'kein_anliegen' && input.topicConfidence >= NO_CONCERN_LEANING) {
    if (lowered !== cls)
      reasons.push({
        kind: 'rule',
        text: `Eher kein Anliegen an die Kasse (${pct(input.topicConfidence)}): Klasse von ${cls} auf ${lowered} gesenkt, kein Sicherheitszuschlag. Bitte prüfen.`,
      });
    return { priorityClass: lowered, probs, reasons, escalated: false };
  }
  if (
    !doubtfulForeign &&
    (input.topic === 'kein_anliegen' || input.noConcernProb >= config.noConcernNoSafety)
  ) {
    return { priorityClass: cls, probs, reasons, escalated: false };
  }

  let escalated = false;
  const p1 = probs[0]!;
  const urgent = probs[0]! + probs[1]!;
  if (classRank(cls) > 1 && p1 >= config.p1Threshold) {
    reasons.push({
      kind: 'safety',
      text: `Sicherheitszuschlag: P1 ist mit ${pct(p1)} nicht ausgeschlossen; ${cls} auf P1 angehoben. Bitte prüfen.`,
    });
    cls = 'P1';
    escalated = true;
  } else if (classRank(cls) > 2 && urgent >= config.urgentThreshold) {
    reasons.push({
      kind: 'safety',
      text: `Sicherheitszuschlag: P1/P2 zusammen ${pct(urgent)}; ${cls} auf P2 angehoben. Bitte prüfen.`,
    });
    cls = 'P2';
    escalated = true;
  }
  return { priorityClass: cls, probs, reasons, escalated };
}
