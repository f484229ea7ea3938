import { describe, expect, it } from 'vitest';
import { BUNDESLAENDER } from '../shared/taxonomy.js';
import {
  addDays,
  addMonthsClamped,
  addWorkingDays,
  bekanntgabe,
  berlinDate,
  berlinOffsetMinutes,
  dayNumber,
  dayPeriod,
  endOfBerlinDay,
  holidayCacheStats,
  isPublicHoliday,
  isWorkingDay,
  monthPeriod,
  nextWorkingDay,
  publicHolidays,
  rollToWorkingDay,
  startOfBerlinDay,
  weekPeriod,
  weekday,
  workingDayPeriod,
  workingDaysBetween,
} from './calendar.js';

describe('Berlin time zone', () => {
  it('maps an instant to the Berlin calendar date, not the UTC date', () => {
    // 23:30 UTC in winter is 00:30 the next day in Berlin.
    expect(berlinDate(new Date('2025-01-09T23:30:00Z'))).toBe('2025-01-10');
    expect(berlinDate(new Date('2025-01-09T22:59:59.999Z'))).toBe('2025-01-09');
    expect(berlinDate(new Date('2025-01-09T23:00:00Z'))).toBe('2025-01-10');
    // In summer the day already changes at 22:00 UTC.
    expect(berlinDate(new Date('2025-06-30T21:59:59Z'))).toBe('2025-06-30');
    expect(berlinDate(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07-01');
    // New year boundary.
    expect(berlinDate(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
  });

  it('switches offset exactly at the DST transitions', () => {
    expect(berlinOffsetMinutes(new Date('2025-03-30T00:59:59Z'))).toBe(60);
    expect(berlinOffsetMinutes(new Date('2025-03-30T01:00:00Z'))).toBe(120);
    expect(berlinOffsetMinutes(new Date('2025-10-26T00:59:59Z'))).toBe(120);
    expect(berlinOffsetMinutes(new Date('2025-10-26T01:00:00Z'))).toBe(60);
    expect(berlinOffsetMinutes(new Date('2024-07-15T12:00:00Z'))).toBe(120);
  });

  it('computes start and end of a Berlin day across DST changes', () => {
    expect(endOfBerlinDay('2025-01-15').toISOString()).toBe('2025-01-15T22:59:59.999Z');
    expect(endOfBerlinDay('2025-07-15').toISOString()).toBe('2025-07-15T21:59:59.999Z');
    // Spring forward: the day has 23 hours.
    expect(startOfBerlinDay('2025-03-30').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(endOfBerlinDay('2025-03-30').toISOString()).toBe('2025-03-30T21:59:59.999Z');
    // Fall back: the day has 25 hours.
    expect(startOfBerlinDay('2025-10-26').toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(endOfBerlinDay('2025-10-26').toISOString()).toBe('2025-10-26T22:59:59.999Z');
    const len = endOfBerlinDay('2025-10-26').getTime() + 1 - startOfBerlinDay('2025-10-26').getTime();
    expect(len).toBe(25 * 3_600_000);
  });

  it('round-trips: the end of a day belongs to that day and 1 ms later to the next', () => {
    for (let d = dayNumber('2024-01-01'); d < dayNumber('2026-01-01'); d += 1) {
      const iso = addDays('2024-01-01', d - dayNumber('2024-01-01'));
      const end = endOfBerlinDay(iso);
      expect(berlinDate(end)).toBe(iso);
      expect(berlinDate(new Date(end.getTime() + 1))).toBe(addDays(iso, 1));
      expect(berlinDate(startOfBerlinDay(iso))).toBe(iso);
    }
  });
});

describe('date helpers', () => {
  it('rejects malformed and impossible dates', () => {
    expect(() => dayNumber('2025-02-30')).toThrow(RangeError);
    expect(() => dayNumber('2025-2-3')).toThrow(RangeError);
    expect(() => berlinDate(new Date('nope'))).toThrow(RangeError);
  });

  it('knows weekdays', () => {
    expect(weekday('2025-01-06')).toBe(1); // Monday
    expect(weekday('2025-01-11')).toBe(6); // Saturday
    expect(weekday('2025-01-12')).toBe(0); // Sunday
  });

  it('adds months clamped to the end of a shorter month', () => {
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonthsClamped('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonthsClamped('2025-01-15', 12)).toBe('2026-01-15');
  });
});

describe('public holidays and working days', () => {
  it('uses only public holidays of the Land', () => {
    const by = publicHolidays('BY', 2025);
    expect(by).toContain('2025-06-19'); // Fronleichnam
    expect(by).toContain('2025-01-06'); // Heilige Drei Könige
    expect(by).not.toContain('2025-11-19'); // Buß- und Bettag is only a school holiday in BY
    expect(by).not.toContain('2025-12-24'); // Heiligabend is not a public holiday
    const be = publicHolidays('BE', 2025);
    expect(be).not.toContain('2025-06-19');
    expect(be).toContain('2025-03-08'); // Frauentag
    expect(publicHolidays('SN', 2025)).toContain('2025-11-19');
    expect(publicHolidays('NW', 2025)).not.toContain('2025-03-08');
  });

  it('treats nationwide holidays as holidays in every Land', () => {
    for (const land of BUNDESLAENDER) {
      expect(isPublicHoliday('2025-04-18', land)).toBe(true); // Karfreitag
      expect(isPublicHoliday('2025-10-03', land)).toBe(true);
      expect(isWorkingDay('2025-04-22', land)).toBe(true);
    }
  });

  it('excludes weekends and Land holidays from working days', () => {
    expect(isWorkingDay('2025-01-11', 'BE')).toBe(false); // Saturday
    expect(isWorkingDay('2025-01-06', 'BY')).toBe(false);
    expect(isWorkingDay('2025-01-06', 'BE')).toBe(true);
    expect(isWorkingDay('2024-03-08', 'BE')).toBe(false);
    expect(isWorkingDay('2024-03-08', 'HH')).toBe(true);
    expect(isWorkingDay('2025-11-19', 'SN')).toBe(false);
    expect(isWorkingDay('2025-11-19', 'BY')).toBe(true);
  });

  it('moves to working days', () => {
    expect(rollToWorkingDay('2025-04-18', 'HE')).toBe('2025-04-22');
    expect(rollToWorkingDay('2025-04-22', 'HE')).toBe('2025-04-22');
    expect(nextWorkingDay('2025-04-22', 'HE')).toBe('2025-04-23');
    expect(nextWorkingDay('2025-05-30', 'HE')).toBe('2025-06-02');
  });

  it('counts working days forwards and backwards', () => {
    expect(addWorkingDays('2025-04-17', 1, 'NI')).toBe('2025-04-22');
    expect(addWorkingDays('2025-04-22', -1, 'NI')).toBe('2025-04-17');
    expect(addWorkingDays('2025-01-27', -3, 'NI')).toBe('2025-01-22');
    expect(addWorkingDays('2025-01-27', 0, 'NI')).toBe('2025-01-27');
    expect(workingDaysBetween('2024-03-26', '2024-05-03', 'NW')).toBe(25);
    expect(workingDaysBetween('2025-01-10', '2025-01-10', 'NW')).toBe(0);
  });

  it('caches one holiday calendar per Land', () => {
    for (const land of BUNDESLAENDER) isWorkingDay('2031-05-05', land);
    const stats = holidayCacheStats();
    expect(stats.calendars).toBeGreaterThan(0);
    expect(stats.calendars).toBeLessThanOrEqual(BUNDESLAENDER.length);
    const before = holidayCacheStats();
    for (let i = 0; i < 100; i += 1) for (const land of BUNDESLAENDER) isWorkingDay('2031-05-06', land);
    expect(holidayCacheStats()).toEqual(before);
  });
});

describe('periods (§ 26 SGB X, §§ 187 ff. BGB)', () => {
  it('week period: same weekday, receipt day not counted', () => {
    const p = weekPeriod('2025-01-06', 3, 'NW');
    expect(p).toEqual({ start: '2025-01-06', literalEnd: '2025-01-27', end: '2025-01-27', shifted: false });
  });

  it('week period ending on Karfreitag moves past Easter Monday in every Land', () => {
    for (const land of BUNDESLAENDER) {
      const p = weekPeriod('2025-03-28', 3, land);
      expect(p.literalEnd).toBe('2025-04-18');
      expect(p.end).toBe('2025-04-22');
      expect(p.shifted).toBe(true);
    }
  });

  it('Fronleichnam moves the end in BY but not in BE', () => {
    // Receipt on Christi Himmelfahrt (Thu 29.05.2025) + 3 weeks = Thu 19.06.2025 (Fronleichnam).
    expect(weekPeriod('2025-05-29', 3, 'BY').end).toBe('2025-06-20');
    expect(weekPeriod('2025-05-29', 3, 'BE').end).toBe('2025-06-19');
  });

  it('Buß- und Bettag moves the end only in SN', () => {
    expect(weekPeriod('2025-10-29', 3, 'SN').end).toBe('2025-11-20');
    expect(weekPeriod('2025-10-29', 3, 'BY').end).toBe('2025-11-19');
  });

  it('Frauentag moves the end in BE but not in BY', () => {
    expect(weekPeriod('2024-02-16', 3, 'BE').end).toBe('2024-03-11');
    expect(weekPeriod('2024-02-16', 3, 'BY').end).toBe('2024-03-08');
  });

  it('month period ends on the same date or the last day of a shorter month', () => {
    expect(monthPeriod('2025-01-31', 1, 'NW').end).toBe('2025-02-28');
    expect(monthPeriod('2024-01-31', 1, 'NW').end).toBe('2024-02-29');
    expect(monthPeriod('2025-03-31', 1, 'NW').end).toBe('2025-04-30');
    // 13.04.2025 is a Sunday.
    const p = monthPeriod('2025-01-13', 3, 'NW');
    expect(p.literalEnd).toBe('2025-04-13');
    expect(p.end).toBe('2025-04-14');
  });

  it('day period moves off weekends', () => {
    expect(dayPeriod('2025-01-04', 7, 'BE').end).toBe('2025-01-13');
    expect(dayPeriod('2025-01-06', 7, 'BE').end).toBe('2025-01-13');
  });

  it('working-day period counts working days after the receipt day', () => {
    // Karfreitag 29.03., Ostermontag 01.04., 1 May are skipped.
    for (const land of BUNDESLAENDER) {
      expect(workingDayPeriod('2024-03-26', 25, land).end).toBe('2024-05-03');
    }
    // Receipt on a Saturday: the first working day counted is Monday.
    expect(workingDayPeriod('2025-01-11', 1, 'BE').end).toBe('2025-01-13');
    // Heilige Drei Könige counts in BE but not in BY.
    expect(workingDayPeriod('2025-01-03', 1, 'BE').end).toBe('2025-01-06');
    expect(workingDayPeriod('2025-01-03', 1, 'BY').end).toBe('2025-01-07');
  });

  it('rejects negative or fractional lengths', () => {
    expect(() => weekPeriod('2025-01-06', -1, 'BE')).toThrow(RangeError);
    expect(() => monthPeriod('2025-01-06', 1.5, 'BE')).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-06', 0.5, 'BE')).toThrow(RangeError);
  });
});

describe('Bekanntgabe (§ 37 Abs. 2 SGB X)', () => {
  it('4th day after posting since 2025, keeping the literal and the moved day', () => {
    const bg = bekanntgabe(new Date('2025-01-07T09:00:00Z'), 'NW');
    expect(bg).toEqual({
      postedOn: '2025-01-07',
      daysAfterPosting: 4,
      literal: '2025-01-11',
      moved: '2025-01-13',
      effective: '2025-01-13',
    });
    expect(monthPeriod(bg.effective, 1, 'NW').end).toBe('2025-02-13');
    // The literal day would give an earlier end; the later one is used.
    expect(monthPeriod(bg.literal, 1, 'NW').end).toBe('2025-02-11');
  });

  it('3rd day after posting before 2025', () => {
    const bg = bekanntgabe('2024-12-31', 'NW');
    expect(bg.daysAfterPosting).toBe(3);
    expect(bg.literal).toBe('2025-01-03');
    expect(bg.effective).toBe('2025-01-03');
    expect(bekanntgabe('2024-12-20', 'NW').literal).toBe('2024-12-23');
  });

  it('moves off a Land holiday only where it is one', () => {
    expect(bekanntgabe('2025-01-02', 'BY').effective).toBe('2025-01-07');
    expect(bekanntgabe('2025-01-02', 'NW').effective).toBe('2025-01-06');
    expect(bekanntgabe('2025-01-02', 'BY').literal).toBe('2025-01-06');
  });

  it('uses the Berlin date of the posting instant', () => {
    // 23:30 UTC on 06.01 is already 07.01 in Berlin.
    expect(bekanntgabe(new Date('2025-01-06T23:30:00Z'), 'NW').postedOn).toBe('2025-01-07');
  });

  it('Bekanntgabe 31.01.2025 gives a Widerspruch month ending 28.02.2025', () => {
    expect(monthPeriod('2025-01-31', 1, 'HE').end).toBe('2025-02-28');
  });
});
