/**
 * Simulation calendar: day indices relative to the outage start, working days (Mon–Fri without the
 * nationwide public holidays) and the simple deadline arithmetic the simulation needs. The exact legal
 * arithmetic with Land calendars lives in src/deadlines/; here day precision is enough.
 */
const DAY_MS = 86_400_000;

function easterSunday(year: number): number {
  // Anonymous Gregorian computus; returns a UTC timestamp.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Nationwide public holidays of a year as UTC midnight timestamps. */
export function nationwideHolidays(year: number): number[] {
  const easter = easterSunday(year);
  return [
    Date.UTC(year, 0, 1),
    easter - 2 * DAY_MS,
    easter + 1 * DAY_MS,
    Date.UTC(year, 4, 1),
    easter + 39 * DAY_MS,
    easter + 50 * DAY_MS,
    Date.UTC(year, 9, 3),
    Date.UTC(year, 11, 25),
    Date.UTC(year, 11, 26),
  ];
}

export class SimCalendar {
  readonly startMs: number;
  private readonly minDay: number;
  private readonly working: Uint8Array;

  /** `start` is an ISO date (day 0); days from `minDay` to `maxDay` are tabulated. */
  constructor(start: string, minDay: number, maxDay: number) {
    const ms = Date.parse(`${start}T00:00:00Z`);
    if (Number.isNaN(ms)) throw new Error(`invalid start date ${start}`);
    this.startMs = ms;
    this.minDay = minDay;
    const n = maxDay - minDay + 1;
    this.working = new Uint8Array(n);
    const firstYear = new Date(ms + minDay * DAY_MS).getUTCFullYear();
    const lastYear = new Date(ms + maxDay * DAY_MS).getUTCFullYear();
    const holidays = new Set<number>();
    for (let y = firstYear; y <= lastYear; y++) for (const h of nationwideHolidays(y)) holidays.add(h);
    for (let i = 0; i < n; i++) {
      const dayMs = ms + (minDay + i) * DAY_MS;
      const wd = new Date(dayMs).getUTCDay(); // 0 = Sunday
      this.working[i] = wd !== 0 && wd !== 6 && !holidays.has(dayMs) ? 1 : 0;
    }
  }

  isWorkingDay(day: number): boolean {
    const i = day - this.minDay;
    if (i < 0 || i >= this.working.length) {
      const wd = new Date(this.startMs + day * DAY_MS).getUTCDay();
      return wd !== 0 && wd !== 6;
    }
    return this.working[i] === 1;
  }

  isWeekend(day: number): boolean {
    const wd = new Date(this.startMs + day * DAY_MS).getUTCDay();
    return wd === 0 || wd === 6;
  }

  /** The first working day on or after `day`. */
  rollForward(day: number): number {
    let d = day;
    while (!this.isWorkingDay(d)) d += 1;
    return d;
  }

  /** `n` working days after the day of receipt (which is not counted). */
  addWorkingDays(day: number, n: number): number {
    let d = day;
    let left = n;
    while (left > 0) {
      d += 1;
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** Week limit: same weekday `weeks` later, moved to the next working day if needed. */
  addWeeks(day: number, weeks: number): number {
    return this.rollForward(day + 7 * weeks);
  }

  /** Month limit: same date `months` later (or the last day of a shorter month), then rolled forward. */
  addMonths(day: number, months: number): number {
    const date = new Date(this.startMs + day * DAY_MS);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + months;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const target = Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay));
    return this.rollForward(Math.round((target - this.startMs) / DAY_MS));
  }

  isoDate(day: number): string {
    return new Date(this.startMs + day * DAY_MS).toISOString().slice(0, 10);
  }
}
