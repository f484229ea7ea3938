import { describe, expect, it } from 'vitest';
import { NO_CONCERN_CAP, NO_CONCERN_LEANING, decideClass, type DecisionInput } from './decide.js';

/** Two topics: 0 = a benefit topic usually P2, 1 = kein_anliegen (always P4). */
const classGivenTopic = [
  [0.1, 0.6, 0.2, 0.1],
  [0, 0, 0, 1],
];

function input(over: Partial<DecisionInput>): DecisionInput {
  return {
    topic: 'krankengeld',
    topicConfidence: 0.8,
    topicProbs: [0.8, 0.2],
    classProbs: [0.1, 0.7, 0.1, 0.1],
    classGivenTopic,
    noConcernProb: 0.2,
    signals: [],
    healthVocabulary: true,
    language: 'de',
    ...over,
  };
}

/** A message the topic model files under "kein Anliegen" with probability `share`. */
function noConcern(share: number, over: Partial<DecisionInput> = {}): DecisionInput {
  return input({
    topic: 'kein_anliegen',
    topicConfidence: share,
    topicProbs: [share * 0.8, share],
    noConcernProb: share,
    ...over,
  });
}

const config = { alpha: 1, p1Threshold: 0.3, urgentThreshold: 0.5, noConcernNoSafety: 0.3 };

describe('decision', () => {
  it('keeps an urgent class when the text uses health vocabulary', () => {
    expect(decideClass(input({}), config).priorityClass).toBe('P2');
  });

  it('keeps a model-urgent class below P2 when there is no health vocabulary and "no concern" is plausible', () => {
    const d = decideClass(
      input({
        healthVocabulary: false,
        topicConfidence: 0.3,
        noConcernProb: NO_CONCERN_CAP,
        classProbs: [0.1, 0.6, 0.1, 0.2],
      }),
      config,
    );
    expect(d.priorityClass).toBe('P4');
    expect(d.escalated).toBe(false);
    expect(d.reasons.some((r) => r.kind === 'rule' && /gesenkt/.test(r.text))).toBe(true);
  });

  it('believes the model without health vocabulary when "no concern" is unlikely', () => {
    const d = decideClass(input({ healthVocabulary: false, noConcernProb: NO_CONCERN_CAP / 2 }), config);
    expect(d.priorityClass).toBe('P2');
  });

  it('gives no safety bias to a message that leans towards "no concern"', () => {
    const leaning = noConcern(0.4, { classProbs: [0.35, 0.05, 0.1, 0.5] });
    const d = decideClass(leaning, config);
    expect(d.escalated).toBe(false);
    expect(d.priorityClass).toBe('P4');
    // The same class probabilities under a health topic, "no concern" unlikely, are escalated to P1.
    const health = decideClass(
      { ...leaning, topic: 'krankengeld', topicConfidence: 0.6, noConcernProb: 0.1 },
      config,
    );
    expect(health.priorityClass).toBe('P1');
  });

  it('still raises by a hard rule when the message only leans towards "no concern"', () => {
    const d = decideClass(
      noConcern(0.4, { classProbs: [0.05, 0.05, 0.1, 0.8], signals: ['discharge_imminent'] }),
      config,
    );
    expect(d.priorityClass).toBe('P1');
  });

  it('gives no safety bias when "no concern" is likely enough, whatever the topic', () => {
    const doubtful = input({ classProbs: [0.35, 0.05, 0.1, 0.5], noConcernProb: 0.1 });
    expect(decideClass(doubtful, config).priorityClass).toBe('P1');
    const d = decideClass({ ...doubtful, noConcernProb: 0.3 }, config);
    expect(d.escalated).toBe(false);
    expect(d.priorityClass).toBe('P4');
  });

  it('believes "no emergency" about escalation but not about money', () => {
    const money = decideClass(input({ signals: ['no_emergency'] }), config);
    expect(money.priorityClass).toBe('P2');
    const unsure = decideClass(
      input({ classProbs: [0.35, 0.05, 0.1, 0.5], signals: ['no_emergency'] }),
      config,
    );
    expect(unsure.priorityClass).toBe('P4');
    expect(unsure.escalated).toBe(false);
    // "It can wait" lowers money too.
    expect(decideClass(input({ signals: ['not_urgent'] }), config).priorityClass).toBe('P3');
  });

  it('lowers a model-urgent class for mail greeting someone else, unless a hard rule fired', () => {
    const d = decideClass(input({ signals: ['addressed_elsewhere'] }), config);
    expect(d.priorityClass).toBe('P3');
    expect(d.escalated).toBe(false);
    const ruled = decideClass(input({ signals: ['addressed_elsewhere', 'discharge_imminent'] }), config);
    expect(ruled.priorityClass).toBe('P1');
  });

  it('lets a confidently recognised Kasse topic pass the vocabulary gate, but not a doubtful one', () => {
    const plain = input({
      healthVocabulary: false,
      topicConfidence: 0.7,
      signals: ['credentials_given_away'],
    });
    expect(decideClass(plain, config).priorityClass).toBe('P1');
    const doubtful = decideClass({ ...plain, topicConfidence: 0.3 }, config);
    expect(doubtful.priorityClass).toBe('P3');
    expect(doubtful.reasons.some((r) => /Keine Begriffe/.test(r.text))).toBe(true);
  });

  it('applies the takeover rule to a doubtful topic when "no concern" is unlikely, and no other rule', () => {
    const takeover = input({
      topic: 'sicherheitsvorfall',
      healthVocabulary: false,
      topicConfidence: 0.3,
      noConcernProb: NO_CONCERN_CAP / 2,
      classProbs: [0.1, 0.1, 0.5, 0.3],
      signals: ['credentials_given_away'],
    });
    const d = decideClass(takeover, config);
    expect(d.priorityClass).toBe('P1');
    expect(d.escalated).toBe(false);
    expect(d.reasons.some((r) => r.kind === 'rule' && /angehoben/.test(r.text))).toBe(true);
    // Mail that may well be for someone else (a bank) is not raised by it.
    expect(decideClass({ ...takeover, noConcernProb: NO_CONCERN_CAP }, config).priorityClass).toBe('P3');
    // A discharge or a stopped payment without a word of health vocabulary raises nothing.
    const discharge = decideClass({ ...takeover, signals: ['discharge_imminent'] }, config);
    expect(discharge.priorityClass).toBe('P3');
  });

  it('keeps mail about another organisation\'s business at P4 when the topic model leans to "no concern"', () => {
    // Health vocabulary ("im Krankenhaus") and a model that reads urgency, but the topic model's best guess
    // is "no concern" and the message is about a parcel: neither the model's class, the rules nor the
    // safety bias raise it.
    const parcel = noConcern(0.35, {
      classProbs: [0.6, 0.1, 0.1, 0.2],
      signals: ['discharge_imminent'],
      otherBusiness: 'paket',
    });
    const d = decideClass(parcel, config);
    expect(d.priorityClass).toBe('P4');
    expect(d.escalated).toBe(false);
    expect(
      d.reasons.some((r) => r.kind === 'rule' && /„paket“ bei einem anderen Unternehmen/.test(r.text)),
    ).toBe(true);
    // Without the other business, the same message is raised.
    expect(decideClass({ ...parcel, otherBusiness: undefined }, config).priorityClass).toBe('P1');
    // A "no concern" guess below NO_CONCERN_LEANING does not block the rules.
    const weak = noConcern(NO_CONCERN_LEANING - 0.05, {
      classProbs: parcel.classProbs,
      signals: parcel.signals,
      otherBusiness: 'paket',
    });
    expect(decideClass(weak, config).priorityClass).toBe('P1');
    // A Kasse topic that names a landlord or a bank (Krankengeld late, the rent unpaid) keeps its class.
    const kasse = decideClass({ ...parcel, topic: 'krankengeld', otherBusiness: 'vermieter' }, config);
    expect(kasse.priorityClass).toBe('P1');
  });

  it('keeps the safety bias for a message in another language that the model only guesses is no concern', () => {
    // Above NO_CONCERN_LEANING, below the share that withholds the safety bias in `config`.
    const guess = noConcern(0.25, { classProbs: [0.35, 0.05, 0.1, 0.5] });
    expect(decideClass(guess, config).priorityClass).toBe('P4');
    const foreign = decideClass({ ...guess, language: 'pl' }, config);
    expect(foreign.priorityClass).toBe('P1');
    expect(foreign.escalated).toBe(true);
  });

  it('believes a "no concern" leaning for English as for German, and keeps the doubt below the leaning', () => {
    // English customer mail to a shop from someone in hospital: filed under "no concern" at 0.25.
    const shop = noConcern(0.25, { classProbs: [0.35, 0.05, 0.1, 0.5] });
    expect(decideClass({ ...shop, language: 'en' }, config).priorityClass).toBe('P4');
    // Just below the leaning, an English message keeps the safety bias like other languages.
    const unsure = noConcern(NO_CONCERN_LEANING - 0.05, { classProbs: shop.classProbs });
    const raised = decideClass({ ...unsure, language: 'en' }, config);
    expect(raised.priorityClass).toBe('P1');
    expect(raised.escalated).toBe(true);
    // And a Kasse topic guessed in English keeps it where German would lose it to the "no concern" share.
    const guessed = input({ topicConfidence: 0.3, classProbs: [0.35, 0.05, 0.1, 0.5], noConcernProb: 0.35 });
    expect(decideClass(guessed, config).priorityClass).toBe('P4');
    expect(decideClass({ ...guessed, language: 'en' }, config).priorityClass).toBe('P1');
  });

  it('keeps no urgent class from the class model alone for a message filed under "no concern"', () => {
    const leaning = noConcern(0.4, { classProbs: [0.1, 0.6, 0.2, 0.1] });
    const d = decideClass(leaning, config);
    expect(d.priorityClass).toBe('P3');
    expect(d.escalated).toBe(false);
    expect(d.reasons.some((r) => r.kind === 'rule' && /Eher kein Anliegen.*P2 auf P3/.test(r.text))).toBe(
      true,
    );
    // In another language the model's "no concern" is doubtful: the class model is believed.
    expect(decideClass({ ...leaning, language: 'tr' }, config).priorityClass).toBe('P2');
    // Below NO_CONCERN_LEANING the class model is believed.
    const unsure = noConcern(NO_CONCERN_LEANING - 0.05, { classProbs: leaning.classProbs });
    expect(decideClass(unsure, config).priorityClass).toBe('P2');
    // A rule still makes it urgent: a stopped payment is P2 whatever the topic model thinks.
    const rule = decideClass({ ...leaning, signals: ['payment_stopped'] }, config);
    expect(rule.priorityClass).toBe('P2');
  });
});
