import type { HolidaysTypes } from 'date-holidays';
import type Holidays from 'date-holidays';
import { describe, expect, it, vi } from 'vitest';
import type { Bundesland, TopicSlug } from '../shared/taxonomy.js';
import { BUNDESLAENDER, TOPIC_SLUGS } from '../shared/taxonomy.js';
import { berlinDate, endOfBerlinDay } from './calendar.js';
import type { ClockFacts, Deadline, DeadlineKind } from './clocks.js';
import {
  DEADLINE_KINDS,
  clockTopics,
  computeDeadlines,
  earliestDue,
  possibleDeadlineKinds,
} from './clocks.js';

const counter = vi.hoisted(() => ({ constructed: 0 }));

vi.mock('date-holidays', async (importOriginal) => {
  const mod = await importOriginal<{ default: typeof Holidays }>();
  const Real = mod.default;
  class CountingHolidays extends Real {
    constructor(country: string, state: string, opts?: HolidaysTypes.Options) {
      super(country, state, opts ?? {});
      counter.constructed += 1;
    }
  }
  return { ...mod, default: CountingHolidays };
});

/** Instant of a Berlin wall-clock time on a winter day (CET, UTC+1). */
function cet(date: string, time = '10:00'): Date {
  return new Date(`${date}T${time}:00+01:00`);
}
/** Instant of a Berlin wall-clock time on a summer day (CEST, UTC+2). */
function cest(date: string, time = '10:00'): Date {
  return new Date(`${date}T${time}:00+02:00`);
}

function only(list: Deadline[], kind: DeadlineKind): Deadline {
  const found = list.filter((d) => d.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as Deadline;
}

function kinds(list: Deadline[]): DeadlineKind[] {
  return list.map((d) => d.kind).sort();
}

const RICH_FACTS: ClockFacts = {
  mdOpinion: true,
  dentalExpertProcedure: true,
  disabilityAid: true,
  withPflegezeit: true,
  inHospitalOrHospice: true,
  careApplication: true,
  dischargeAt: cet('2025-02-03'),
  prescribedAt: cet('2025-01-31'),
  bescheidPostedAt: cet('2025-01-07'),
  notifiedAbroad: true,
  missingRechtsbehelfsbelehrung: true,
  expertReportReceivedAt: cet('2025-02-10'),
  severalCarriers: true,
  lastAuDay: cet('2025-02-07'),
};

describe('§ 13 Abs. 3a SGB V', () => {
  it('3 weeks from Mon 06.01.2025 end Mon 27.01.2025 at 23:59:59.999 Berlin', () => {
    const list = computeDeadlines({ topic: 'leistungsantrag', receivedAt: cet('2025-01-06'), land: 'NW' });
    expect(list).toHaveLength(1);
    const d = only(list, 'sgb5_13_3a');
    expect(d.dueDate).toBe('2025-01-27');
    expect(d.dueAt.toISOString()).toBe('2025-01-27T22:59:59.999Z');
    expect(d.length).toBe('3 Wochen');
    expect(d.unit).toBe('calendar');
    expect(d.legalBasis).toContain('13 Abs. 3a');
    expect(d.startsAt.toISOString()).toBe(cet('2025-01-06').toISOString());
    expect(d.land).toBe('NW');
    expect(d.actor).toBe('kasse');
    // Interim notice: end of the 3rd working day before Mon 27.01. = Wed 22.01.
    expect(d.interimNoticeBy?.toISOString()).toBe('2025-01-22T22:59:59.999Z');
  });

  it('ending on Karfreitag moves to Tue 22.04.2025', () => {
    for (const topic of [
      'leistungsantrag',
      'hilfsmittel',
      'arzneimittel_genehmigung',
      'behandlung_ausland',
    ] as const) {
      const d = only(computeDeadlines({ topic, receivedAt: cet('2025-03-28'), land: 'HE' }), 'sgb5_13_3a');
      expect(d.dueDate).toBe('2025-04-22');
      expect(d.dueAt.toISOString()).toBe('2025-04-22T21:59:59.999Z'); // CEST
      // 3 working days before Tue 22.04.: Thu 17.04., Wed 16.04., Tue 15.04.
      expect(berlinDate(d.interimNoticeBy as Date)).toBe('2025-04-15');
    }
  });

  it('5 weeks with an MD opinion, 6 weeks in the dental procedure', () => {
    const receivedAt = cet('2025-01-06');
    const md = only(
      computeDeadlines({ topic: 'leistungsantrag', receivedAt, land: 'NW', facts: { mdOpinion: true } }),
      'sgb5_13_3a',
    );
    expect(md.dueDate).toBe('2025-02-10');
    expect(md.length).toBe('5 Wochen');
    const dental = only(
      computeDeadlines({
        topic: 'leistungsantrag',
        receivedAt,
        land: 'NW',
        facts: { dentalExpertProcedure: true, mdOpinion: true },
      }),
      'sgb5_13_3a',
    );
    expect(dental.dueDate).toBe('2025-02-17');
    expect(dental.length).toBe('6 Wochen');
  });

  it('uses the Berlin receipt day when 23:30 UTC is already the next day', () => {
    // Thu 09.01.2025 23:30 UTC = Fri 10.01.2025 00:30 Berlin → Fri 31.01.2025, not Thu 30.01.
    const winter = only(
      computeDeadlines({
        topic: 'leistungsantrag',
        receivedAt: new Date('2025-01-09T23:30:00Z'),
        land: 'BE',
      }),
      'sgb5_13_3a',
    );
    expect(winter.dueDate).toBe('2025-01-31');
    // Thu 05.06.2025 22:30 UTC = Fri 06.06.2025 00:30 CEST → Fri 27.06.2025.
    const summer = only(
      computeDeadlines({
        topic: 'leistungsantrag',
        receivedAt: new Date('2025-06-05T22:30:00Z'),
        land: 'BE',
      }),
      'sgb5_13_3a',
    );
    expect(summer.dueDate).toBe('2025-06-27');
    // One hour earlier it is still Thursday in Berlin.
    const before = only(
      computeDeadlines({
        topic: 'leistungsantrag',
        receivedAt: new Date('2025-06-05T21:30:00Z'),
        land: 'BE',
      }),
      'sgb5_13_3a',
    );
    expect(before.dueDate).toBe('2025-06-26');
  });

  it('uses the Land holidays: Fronleichnam in BY but not in BE', () => {
    const at = cest('2025-05-29');
    expect(
      only(computeDeadlines({ topic: 'hilfsmittel', receivedAt: at, land: 'BY' }), 'sgb5_13_3a').dueDate,
    ).toBe('2025-06-20');
    expect(
      only(computeDeadlines({ topic: 'hilfsmittel', receivedAt: at, land: 'BE' }), 'sgb5_13_3a').dueDate,
    ).toBe('2025-06-19');
  });

  it('disability-compensating aids use SGB IX instead', () => {
    const list = computeDeadlines({
      topic: 'hilfsmittel',
      receivedAt: cet('2025-01-06'),
      land: 'NW',
      facts: { disabilityAid: true },
    });
    expect(kinds(list)).toEqual(['sgb9_14_decide', 'sgb9_14_forward', 'sgb9_18_fiktion']);
  });
});

describe('SGB XI Pflege', () => {
  it('§ 18c: 25 working days from Tue 26.03.2024 end Fri 03.05.2024', () => {
    const list = computeDeadlines({ topic: 'pflegegrad_antrag', receivedAt: cet('2024-03-26'), land: 'NW' });
    expect(kinds(list)).toEqual(['sgb11_18c']);
    const d = only(list, 'sgb11_18c');
    expect(d.dueDate).toBe('2024-05-03');
    expect(d.unit).toBe('working_days');
    expect(d.length).toBe('25 Arbeitstage');
    expect(d.interimNoticeBy).toBeNull();
    expect(d.consequence).toContain('70 Euro');
  });

  it('§ 18a: 5 working days in hospital or hospice, 10 with Pflegezeit at home', () => {
    const receivedAt = cet('2024-03-26');
    const hospital = computeDeadlines({
      topic: 'pflegegrad_antrag',
      receivedAt,
      land: 'NW',
      facts: { inHospitalOrHospice: true, withPflegezeit: true },
    });
    expect(only(hospital, 'sgb11_18a_assessment').dueDate).toBe('2024-04-04');
    expect(only(hospital, 'sgb11_18a_assessment').length).toBe('5 Arbeitstage');
    const home = computeDeadlines({
      topic: 'pflegegrad_antrag',
      receivedAt,
      land: 'NW',
      facts: { withPflegezeit: true },
    });
    expect(only(home, 'sgb11_18a_assessment').dueDate).toBe('2024-04-11');
    expect(only(home, 'sgb11_18a_assessment').length).toBe('10 Arbeitstage');
  });

  it('Eilbegutachtung always has the 5-day assessment and the 25-day decision', () => {
    const list = computeDeadlines({
      topic: 'pflege_eilbegutachtung',
      receivedAt: cet('2024-03-26'),
      land: 'NW',
    });
    expect(kinds(list)).toEqual(['sgb11_18a_assessment', 'sgb11_18c']);
    expect(list[0]?.kind).toBe('sgb11_18a_assessment'); // sorted by due date
    expect(only(list, 'sgb11_18a_assessment').dueDate).toBe('2024-04-04');
  });

  it('Buß- und Bettag counts as a holiday only in SN', () => {
    // Receipt Wed 12.11.2025, 5 working days: SN skips Wed 19.11.
    const sn = computeDeadlines({
      topic: 'pflege_eilbegutachtung',
      receivedAt: cet('2025-11-12'),
      land: 'SN',
    });
    const by = computeDeadlines({
      topic: 'pflege_eilbegutachtung',
      receivedAt: cet('2025-11-12'),
      land: 'BY',
    });
    expect(only(sn, 'sgb11_18a_assessment').dueDate).toBe('2025-11-20');
    expect(only(by, 'sgb11_18a_assessment').dueDate).toBe('2025-11-19');
  });
});

describe('§ 14 SGB IX reha', () => {
  it('2 weeks to forward, 3 weeks to decide, 2 months for § 18', () => {
    const list = computeDeadlines({ topic: 'reha', receivedAt: cet('2025-01-06'), land: 'NW' });
    expect(only(list, 'sgb9_14_forward').dueDate).toBe('2025-01-20');
    expect(only(list, 'sgb9_14_decide').dueDate).toBe('2025-01-27');
    const fiktion = only(list, 'sgb9_18_fiktion');
    expect(fiktion.dueDate).toBe('2025-03-06');
    expect(fiktion.interimNoticeBy).not.toBeNull();
    expect(list.map((d) => d.kind)).toEqual(['sgb9_14_forward', 'sgb9_14_decide', 'sgb9_18_fiktion']);
  });

  it('6 weeks with several carriers, 2 weeks after an expert report', () => {
    const several = computeDeadlines({
      topic: 'reha',
      receivedAt: cet('2025-01-06'),
      land: 'NW',
      facts: { severalCarriers: true },
    });
    expect(only(several, 'sgb9_14_decide').dueDate).toBe('2025-02-17');
    const report = computeDeadlines({
      topic: 'reha',
      receivedAt: cet('2025-01-06'),
      land: 'NW',
      facts: { expertReportReceivedAt: cet('2025-02-05') },
    });
    expect(only(report, 'sgb9_14_decide').dueDate).toBe('2025-02-19');
    expect(only(report, 'sgb9_14_forward').dueDate).toBe('2025-01-20');
  });
});

describe('Widerspruch', () => {
  it('§ 88 SGG: 3 months from receipt, moved off a Sunday', () => {
    const list = computeDeadlines({ topic: 'widerspruch', receivedAt: cet('2025-01-13'), land: 'NW' });
    expect(kinds(list)).toEqual(['sgg_88_widerspruch']);
    expect(only(list, 'sgg_88_widerspruch').dueDate).toBe('2025-04-14');
  });

  it('Widerspruchsfrist from the later Bekanntgabe day: posted Tue 07.01.2025 → Thu 13.02.2025', () => {
    const list = computeDeadlines({
      topic: 'widerspruch',
      receivedAt: cet('2025-01-20'),
      land: 'NW',
      facts: { bescheidPostedAt: cet('2025-01-07') },
    });
    const frist = only(list, 'sgg_84_widerspruchsfrist');
    expect(frist.dueDate).toBe('2025-02-13');
    expect(frist.actor).toBe('insured');
    expect(frist.startsAt.toISOString()).toBe('2025-01-12T23:00:00.000Z'); // 00:00 Berlin on 13.01.
    expect(frist.startedBy).toContain('11.01.2025');
    expect(frist.startedBy).toContain('13.01.2025');
    expect(only(list, 'sgg_88_widerspruch').dueDate).toBe('2025-04-22'); // 20.04. is Easter Sunday, 21.04. Easter Monday
  });

  it('3 months if notified abroad, 1 year without Rechtsbehelfsbelehrung', () => {
    const abroad = computeDeadlines({
      topic: 'widerspruch',
      receivedAt: cet('2025-01-20'),
      land: 'NW',
      facts: { bescheidPostedAt: cet('2025-01-07'), notifiedAbroad: true },
    });
    expect(only(abroad, 'sgg_84_widerspruchsfrist').dueDate).toBe('2025-04-14');
    const noRbb = computeDeadlines({
      topic: 'widerspruch',
      receivedAt: cet('2025-01-20'),
      land: 'NW',
      facts: { bescheidPostedAt: cet('2025-01-07'), missingRechtsbehelfsbelehrung: true },
    });
    expect(only(noRbb, 'sgg_84_widerspruchsfrist').dueDate).toBe('2026-01-13');
    expect(only(noRbb, 'sgg_84_widerspruchsfrist').length).toBe('1 Jahr');
  });
});

describe('other clocks', () => {
  it('DSGVO Art. 15: one month, month-end clamped', () => {
    const d25 = only(
      computeDeadlines({ topic: 'datenschutz_auskunft', receivedAt: cet('2025-01-31'), land: 'BE' }),
      'dsgvo_15',
    );
    expect(d25.dueDate).toBe('2025-02-28');
    expect(d25.interimNoticeBy).not.toBeNull();
    const d24 = only(
      computeDeadlines({ topic: 'datenschutz_auskunft', receivedAt: cet('2024-01-31'), land: 'BE' }),
      'dsgvo_15',
    );
    expect(d24.dueDate).toBe('2024-02-29');
  });

  it('DSGVO Art. 33: exactly 72 hours, across DST and without weekend move', () => {
    const dst = only(
      computeDeadlines({
        topic: 'sicherheitsvorfall',
        receivedAt: new Date('2025-03-28T10:00:00Z'),
        land: 'BE',
      }),
      'dsgvo_33_72h',
    );
    expect(dst.unit).toBe('hours');
    expect(dst.dueAt.toISOString()).toBe('2025-03-31T10:00:00.000Z');
    expect(dst.dueDate).toBe('2025-03-31');
    const easter = only(
      computeDeadlines({
        topic: 'sicherheitsvorfall',
        receivedAt: new Date('2025-04-17T21:30:00Z'),
        land: 'BE',
      }),
      'dsgvo_33_72h',
    );
    expect(easter.dueAt.toISOString()).toBe('2025-04-20T21:30:00.000Z');
    expect(easter.dueDate).toBe('2025-04-20'); // Easter Sunday 23:30 Berlin; hour clocks do not move
  });

  it('§ 42 SGB I Vorschuss: one month', () => {
    const d = only(
      computeDeadlines({ topic: 'vorschuss', receivedAt: cest('2025-04-30'), land: 'HH' }),
      'sgb1_42_vorschuss',
    );
    expect(d.dueDate).toBe('2025-05-30');
    // 31.05.2025 + 1 month = 30.06.2025 (Mon).
    const e = only(
      computeDeadlines({ topic: 'vorschuss', receivedAt: cest('2025-05-31'), land: 'HH' }),
      'sgb1_42_vorschuss',
    );
    expect(e.dueDate).toBe('2025-06-30');
  });

  it('Übergangsgeld: forward on the day of receipt, or the next working day', () => {
    const sat = only(
      computeDeadlines({ topic: 'uebergangsgeld', receivedAt: cet('2025-01-11'), land: 'HH' }),
      'sgb1_16_forward',
    );
    expect(sat.dueDate).toBe('2025-01-13');
    const tue = only(
      computeDeadlines({ topic: 'uebergangsgeld', receivedAt: cet('2025-01-14'), land: 'HH' }),
      'sgb1_16_forward',
    );
    expect(tue.dueDate).toBe('2025-01-14');
  });

  it('Entlassmanagement: 7-day horizon from discharge, not moved off weekends', () => {
    const d = only(
      computeDeadlines({
        topic: 'entlassmanagement',
        receivedAt: cest('2025-04-10'),
        land: 'NW',
        facts: { dischargeAt: cest('2025-04-12', '11:00') },
      }),
      'entlassung_7d',
    );
    expect(d.dueDate).toBe('2025-04-19'); // Saturday, stays
    expect(d.startsAt.toISOString()).toBe(cest('2025-04-12', '11:00').toISOString());
    const noDate = only(
      computeDeadlines({ topic: 'entlassmanagement', receivedAt: cest('2025-04-10'), land: 'NW' }),
      'entlassung_7d',
    );
    expect(noDate.dueDate).toBe('2025-04-17');
  });

  it('SAPV/HKP: 3 working days, plus the Vorlagefrist when the prescription date is known', () => {
    // Receipt Thu 17.04.2025 before Easter: Tue 22., Wed 23., Thu 24.
    const sapv = computeDeadlines({ topic: 'palliativ_sapv', receivedAt: cest('2025-04-17'), land: 'BE' });
    expect(kinds(sapv)).toEqual(['sapv_hkp_3wd']);
    expect(only(sapv, 'sapv_hkp_3wd').dueDate).toBe('2025-04-24');
    const hkp = computeDeadlines({
      topic: 'haeusliche_krankenpflege',
      receivedAt: cest('2025-04-17'),
      land: 'BE',
      facts: { prescribedAt: cest('2025-04-16') },
    });
    const vorlage = only(hkp, 'sapv_hkp_vorlage');
    expect(vorlage.dueDate).toBe('2025-04-23');
    expect(vorlage.actor).toBe('insured');
    expect(vorlage.legalBasis).toContain('HKP');
  });

  it('SAPV with a care application adds the 5-day assessment and § 18c', () => {
    const list = computeDeadlines({
      topic: 'palliativ_sapv',
      receivedAt: cet('2024-03-26'),
      land: 'NW',
      facts: { careApplication: true },
    });
    expect(kinds(list)).toEqual(['sapv_hkp_3wd', 'sgb11_18a_assessment', 'sgb11_18c']);
    expect(only(list, 'sgb11_18c').dueDate).toBe('2024-05-03');
  });

  it('Krankengeld: AU-continuity clock only with lastAuDay; Saturday is not a working day', () => {
    expect(computeDeadlines({ topic: 'krankengeld', receivedAt: cet('2025-01-06'), land: 'NW' })).toEqual([]);
    const fri = computeDeadlines({
      topic: 'krankengeld',
      receivedAt: cest('2025-05-26'),
      land: 'NW',
      facts: { lastAuDay: cest('2025-05-30', '00:00') },
    });
    expect(only(fri, 'krankengeld_au_gap').dueDate).toBe('2025-06-02');
    // Last AU day Fri 06.06.2025: Mon 09.06. is Pfingstmontag.
    const whit = computeDeadlines({
      topic: 'krankengeld',
      receivedAt: cest('2025-06-02'),
      land: 'NW',
      facts: { lastAuDay: new Date('2025-06-05T22:00:00Z') }, // 00:00 Berlin on 06.06.
    });
    expect(only(whit, 'krankengeld_au_gap').dueDate).toBe('2025-06-10');
  });
});

describe('topic coverage and helpers', () => {
  it('topics without a clock return [] even with every fact set', () => {
    const withClock = new Set(clockTopics());
    const without = TOPIC_SLUGS.filter((t) => !withClock.has(t));
    expect(without).toContain('kein_anliegen');
    expect(without).toContain('diga');
    for (const topic of without) {
      expect(
        computeDeadlines({ topic, receivedAt: cet('2025-01-06'), land: 'BY', facts: RICH_FACTS }),
      ).toEqual([]);
    }
  });

  it('clockTopics covers the required topics, and every clock topic yields a deadline with all facts', () => {
    const required: TopicSlug[] = [
      'leistungsantrag',
      'hilfsmittel',
      'arzneimittel_genehmigung',
      'behandlung_ausland',
      'pflegegrad_antrag',
      'pflege_eilbegutachtung',
      'reha',
      'widerspruch',
      'datenschutz_auskunft',
      'sicherheitsvorfall',
      'vorschuss',
      'entlassmanagement',
      'palliativ_sapv',
      'haeusliche_krankenpflege',
      'krankengeld',
    ];
    expect(clockTopics()).toEqual(expect.arrayContaining(required));
    for (const topic of clockTopics()) {
      const list = computeDeadlines({ topic, receivedAt: cet('2025-01-06'), land: 'BY', facts: RICH_FACTS });
      expect(list.length).toBeGreaterThan(0);
      for (const d of list) expect(possibleDeadlineKinds(topic)).toContain(d.kind);
    }
  });

  it('DEADLINE_KINDS are unique', () => {
    expect(new Set(DEADLINE_KINDS).size).toBe(DEADLINE_KINDS.length);
  });

  it('earliestDue picks the minimum, optionally by actor, and null for none', () => {
    expect(earliestDue([])).toBeNull();
    const list = computeDeadlines({
      topic: 'widerspruch',
      receivedAt: cet('2025-01-20'),
      land: 'NW',
      facts: { bescheidPostedAt: cet('2025-01-07') },
    });
    expect(earliestDue(list)?.toISOString()).toBe(endOfBerlinDay('2025-02-13').toISOString());
    expect(earliestDue(list, { actors: ['kasse'] })?.toISOString()).toBe(
      endOfBerlinDay('2025-04-22').toISOString(),
    );
    expect(earliestDue(list, { actors: [] })).toBeNull();
  });

  it('rejects invalid instants', () => {
    expect(() => computeDeadlines({ topic: 'reha', receivedAt: new Date('x'), land: 'BE' })).toThrow(
      RangeError,
    );
    expect(() =>
      computeDeadlines({
        topic: 'krankengeld',
        receivedAt: cet('2025-01-06'),
        land: 'BE',
        facts: { lastAuDay: new Date('x') },
      }),
    ).toThrow(RangeError);
  });
});

describe('invariants over many inputs', () => {
  // Deterministic pseudo-random inputs (LCG), no clock or Math.random involved.
  function* inputs(
    count: number,
  ): Generator<{ topic: TopicSlug; receivedAt: Date; land: Bundesland; facts: ClockFacts }> {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const topics = clockTopics();
    const base = Date.parse('2023-01-01T00:00:00Z');
    for (let i = 0; i < count; i += 1) {
      const topic = topics[next() % topics.length] as TopicSlug;
      const land = BUNDESLAENDER[next() % BUNDESLAENDER.length] as Bundesland;
      const receivedAt = new Date(base + (next() % (4 * 365 * 24 * 60)) * 60_000);
      const facts: ClockFacts =
        next() % 2 === 0 ? {} : { ...RICH_FACTS, lastAuDay: receivedAt, dischargeAt: receivedAt };
      yield { topic, receivedAt, land, facts };
    }
  }

  it('is deterministic, ends day clocks at 23:59:59.999 Berlin and never before the start', () => {
    for (const input of inputs(3000)) {
      const a = computeDeadlines(input);
      const b = computeDeadlines({ ...input, receivedAt: new Date(input.receivedAt.getTime()) });
      expect(b).toEqual(a);
      for (const d of a) {
        expect(DEADLINE_KINDS).toContain(d.kind);
        expect(d.dueDate).toBe(berlinDate(d.dueAt));
        expect(d.dueAt.getTime()).toBeGreaterThan(d.startsAt.getTime());
        if (d.unit !== 'hours') {
          expect(d.dueAt.getTime()).toBe(endOfBerlinDay(d.dueDate).getTime());
          expect(berlinDate(new Date(d.dueAt.getTime() + 1))).not.toBe(d.dueDate);
        }
        if (d.interimNoticeBy) {
          expect(d.interimNoticeBy.getTime()).toBeLessThan(d.dueAt.getTime());
          expect(d.interimNoticeBy.getTime()).toBeGreaterThanOrEqual(d.startsAt.getTime());
        }
      }
      for (let i = 1; i < a.length; i += 1) {
        expect((a[i] as Deadline).dueAt.getTime()).toBeGreaterThanOrEqual(
          (a[i - 1] as Deadline).dueAt.getTime(),
        );
      }
    }
  });

  it('does not construct a Holidays object per call', () => {
    const all = [...inputs(500)];
    for (const input of all) computeDeadlines(input);
    const afterWarmUp = counter.constructed;
    expect(afterWarmUp).toBeGreaterThan(0); // the mock really counts
    expect(afterWarmUp).toBeLessThanOrEqual(BUNDESLAENDER.length);
    for (let round = 0; round < 4; round += 1) for (const input of all) computeDeadlines(input);
    expect(counter.constructed).toBe(afterWarmUp);
  });

  it('does not depend on the caller mutating the input Date afterwards', () => {
    const receivedAt = cet('2025-01-06');
    const list = computeDeadlines({ topic: 'leistungsantrag', receivedAt, land: 'NW' });
    receivedAt.setTime(0);
    expect(list[0]?.startsAt.toISOString()).toBe(cet('2025-01-06').toISOString());
  });
});
