/**
 * Legal date arithmetic for statutory clocks, in the Europe/Berlin time zone.
 *
 * An instant (`Date`) maps to a Berlin calendar date; all period arithmetic then works on calendar dates
 * written as `YYYY-MM-DD` strings (`IsoDate`). Internally dates are day numbers (days since 1970-01-01),
 * which keeps the loops cheap enough for thousands of concerns per second.
 *
 * Rules implemented (§ 26 SGB X with §§ 187 ff. BGB, § 64 SGG, VO (EWG) 1182/71 for DSGVO periods):
 * - the day of the triggering event (receipt, Bekanntgabe) is not counted;
 * - a week period ends on the same weekday, a month period on the same date or on the last day of a
 *   shorter month;
 * - a period whose last day is a Saturday, Sunday or public holiday of the Land ends on the next working day;
 * - a working-day period counts working days after the trigger day (working day = Mon-Fri and not a
 *   public holiday of the Land; only date-holidays entries of type 'public' count).
 *
 * Berlin offsets are read from `Intl.DateTimeFormat` (no tz library); public holidays come from
 * date-holidays with one instance per Land and one cached set per Land and year.
 */
import Holidays from 'date-holidays';
import type { Bundesland } from '../shared/taxonomy.js';

/** A calendar date `YYYY-MM-DD` (Berlin local date when derived from an instant). */
export type IsoDate = string;

export const BERLIN_TIME_ZONE = 'Europe/Berlin';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------------------
// Day numbers and ISO dates

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse `YYYY-MM-DD` into a day number; throws on malformed or impossible dates. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** Format a day number as `YYYY-MM-DD`. */
export function isoFromDayNumber(n: number): IsoDate {
  const d = new Date(n * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}-${day < 10 ? '0' : ''}${day}`;
}

function yearOfDayNumber(n: number): number {
  return new Date(n * MS_PER_DAY).getUTCFullYear();
}

/** Weekday of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Weekday of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

/** Add (or subtract) calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumber(date) + days);
}

/** Days from `a` to `b` (positive if `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

// ---------------------------------------------------------------------------------------------------------
// Europe/Berlin time zone

const BERLIN_FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: BERLIN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * Offset cache keyed by UTC hour. Berlin changes its offset only on full UTC hours, so one lookup per hour
 * is exact. Bounded so a long-running server does not grow it without limit.
 */
const offsetCache = new Map<number, number>();
const OFFSET_CACHE_MAX = 50_000;

function berlinOffsetMsAt(ms: number): number {
  const hourKey = Math.floor(ms / MS_PER_HOUR);
  const hit = offsetCache.get(hourKey);
  if (hit !== undefined) return hit;
  const probe = hourKey * MS_PER_HOUR;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of BERLIN_FORMAT.formatToParts(new Date(probe))) {
    const v = Number(part.value);
    if (part.type === 'year') y = v;
    else if (part.type === 'month') mo = v;
    else if (part.type === 'day') d = v;
    else if (part.type === 'hour') h = v;
    else if (part.type === 'minute') mi = v;
    else if (part.type === 'second') s = v;
  }
  const offset = Date.UTC(y, mo - 1, d, h, mi, s) - probe;
  if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

function assertValidInstant(instant: Date, what = 'instant'): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid ${what}`);
  return ms;
}

/** UTC offset of Berlin at `instant`, in minutes (60 in winter, 120 in summer). */
export function berlinOffsetMinutes(instant: Date): number {
  return berlinOffsetMsAt(assertValidInstant(instant)) / 60_000;
}

function berlinDayNumberOf(ms: number): number {
  return Math.floor((ms + berlinOffsetMsAt(ms)) / MS_PER_DAY);
}

/** The Berlin calendar date of an instant. */
export function berlinDate(instant: Date): IsoDate {
  return isoFromDayNumber(berlinDayNumberOf(assertValidInstant(instant)));
}

/** Instant of a Berlin wall-clock time given as milliseconds of a UTC-style local timestamp. */
function berlinLocalToInstant(localMs: number): number {
  const guessOffset = berlinOffsetMsAt(localMs - MS_PER_HOUR);
  let utc = localMs - guessOffset;
  const actual = berlinOffsetMsAt(utc);
  if (actual !== guessOffset) utc = localMs - actual;
  return utc;
}

/** 00:00:00.000 Berlin time on `date`. */
export function startOfBerlinDay(date: IsoDate): Date {
  return new Date(berlinLocalToInstant(dayNumber(date) * MS_PER_DAY));
}

/** 23:59:59.999 Berlin time on `date`: the last moment a day-based period is still open. */
export function endOfBerlinDay(date: IsoDate): Date {
  return new Date(berlinLocalToInstant((dayNumber(date) + 1) * MS_PER_DAY - 1));
}

// ---------------------------------------------------------------------------------------------------------
// Public holidays and working days

const holidayInstances = new Map<Bundesland, Holidays>();
const holidaySets = new Map<string, ReadonlySet<number>>();

function holidaysFor(land: Bundesland): Holidays {
  let hd = holidayInstances.get(land);
  if (!hd) {
    hd = new Holidays('DE', land, { types: ['public'] });
    holidayInstances.set(land, hd);
  }
  return hd;
}

function holidayDayNumbers(land: Bundesland, year: number): ReadonlySet<number> {
  const key = `${land}:${year}`;
  let set = holidaySets.get(key);
  if (!set) {
    const days = new Set<number>();
    for (const h of holidaysFor(land).getHolidays(year)) {
      if (h.type !== 'public') continue;
      days.add(dayNumber(h.date.slice(0, 10)));
    }
    set = days;
    holidaySets.set(key, set);
  }
  return set;
}

/** Public holidays of a Land in a year, as sorted `YYYY-MM-DD` dates. */
export function publicHolidays(land: Bundesland, year: number): IsoDate[] {
  return [...holidayDayNumbers(land, year)].sort((a, b) => a - b).map(isoFromDayNumber);
}

/** How many holiday calendars and per-year sets are cached (for diagnostics and tests). */
export function holidayCacheStats(): { calendars: number; yearSets: number } {
  return { calendars: holidayInstances.size, yearSets: holidaySets.size };
}

function isHolidayDn(n: number, land: Bundesland): boolean {
  return holidayDayNumbers(land, yearOfDayNumber(n)).has(n);
}

function isWorkingDayDn(n: number, land: Bundesland): boolean {
  const wd = weekdayOfDayNumber(n);
  if (wd === 0 || wd === 6) return false;
  return !isHolidayDn(n, land);
}

/** True if `date` is a public holiday in the Land. */
export function isPublicHoliday(date: IsoDate, land: Bundesland): boolean {
  return isHolidayDn(dayNumber(date), land);
}

/** Working day = Monday to Friday and not a public holiday of the Land. */
export function isWorkingDay(date: IsoDate, land: Bundesland): boolean {
  return isWorkingDayDn(dayNumber(date), land);
}

function rollForwardDn(n: number, land: Bundesland): number {
  let d = n;
  while (!isWorkingDayDn(d, land)) d += 1;
  return d;
}

/** `date` itself if it is a working day, otherwise the next working day. */
export function rollToWorkingDay(date: IsoDate, land: Bundesland): IsoDate {
  return isoFromDayNumber(rollForwardDn(dayNumber(date), land));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate, land: Bundesland): IsoDate {
  return isoFromDayNumber(rollForwardDn(dayNumber(date) + 1, land));
}

function addWorkingDaysDn(n: number, count: number, land: Bundesland): number {
  let d = n;
  if (count >= 0) {
    let left = count;
    while (left > 0) {
      d += 1;
      if (isWorkingDayDn(d, land)) left -= 1;
    }
  } else {
    let left = -count;
    while (left > 0) {
      d -= 1;
      if (isWorkingDayDn(d, land)) left -= 1;
    }
  }
  return d;
}

/**
 * Move by `count` working days. Positive: the `count`-th working day after `date` (the day itself is not
 * counted). Negative: the `|count|`-th working day before `date`. Zero returns `date` unchanged.
 */
export function addWorkingDays(date: IsoDate, count: number, land: Bundesland): IsoDate {
  if (!Number.isInteger(count)) throw new RangeError(`working days must be an integer: ${count}`);
  return isoFromDayNumber(addWorkingDaysDn(dayNumber(date), count, land));
}

/** Working days after `from` up to and including `to` (0 if `to` is not after `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, land: Bundesland): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  let count = 0;
  for (let d = a + 1; d <= b; d += 1) if (isWorkingDayDn(d, land)) count += 1;
  return count;
}

// ---------------------------------------------------------------------------------------------------------
// Periods

/** End of a legal period: the literal last day and the day after moving off a weekend or holiday. */
export interface PeriodEnd {
  /** The day the period was triggered (not counted). */
  start: IsoDate;
  /** Last day by pure calendar arithmetic. */
  literalEnd: IsoDate;
  /** Last day after moving off Saturday, Sunday or a public holiday; equals `literalEnd` if no move. */
  end: IsoDate;
  /** True if `end` differs from `literalEnd`. */
  shifted: boolean;
}

function periodEnd(startDn: number, literalDn: number, land: Bundesland): PeriodEnd {
  const endDn = rollForwardDn(literalDn, land);
  return {
    start: isoFromDayNumber(startDn),
    literalEnd: isoFromDayNumber(literalDn),
    end: isoFromDayNumber(endDn),
    shifted: endDn !== literalDn,
  };
}

function requireNonNegativeInt(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer: ${n}`);
}

/** Calendar-day period: `days` after `start`, moved off weekend/holiday. */
export function dayPeriod(start: IsoDate, days: number, land: Bundesland): PeriodEnd {
  requireNonNegativeInt(days, 'days');
  const s = dayNumber(start);
  return periodEnd(s, s + days, land);
}

/** Week period: ends on the same weekday `weeks` later, moved off weekend/holiday. */
export function weekPeriod(start: IsoDate, weeks: number, land: Bundesland): PeriodEnd {
  requireNonNegativeInt(weeks, 'weeks');
  const s = dayNumber(start);
  return periodEnd(s, s + 7 * weeks, land);
}

/** Same date `months` later, or the last day of that month if it is shorter. No weekend move. */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const d = new Date(dayNumber(date) * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const day = d.getUTCDate();
  const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return isoFromDayNumber(Math.round(Date.UTC(y, m, Math.min(day, lastOfTarget)) / MS_PER_DAY));
}

/** Month period: same date `months` later (or the last day of a shorter month), moved off weekend/holiday. */
export function monthPeriod(start: IsoDate, months: number, land: Bundesland): PeriodEnd {
  requireNonNegativeInt(months, 'months');
  return periodEnd(dayNumber(start), dayNumber(addMonthsClamped(start, months)), land);
}

/** Working-day period: the `count`-th working day after `start`. Never needs a weekend move. */
export function workingDayPeriod(start: IsoDate, count: number, land: Bundesland): PeriodEnd {
  requireNonNegativeInt(count, 'count');
  const s = dayNumber(start);
  const e = addWorkingDaysDn(s, count, land);
  return {
    start: isoFromDayNumber(s),
    literalEnd: isoFromDayNumber(e),
    end: isoFromDayNumber(e),
    shifted: false,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Bekanntgabe of a posted administrative act (§ 37 Abs. 2 SGB X)

/** From this posting date on the Zugangsfiktion is the 4th day after posting; before it, the 3rd day. */
export const BEKANNTGABE_FOUR_DAY_RULE_FROM: IsoDate = '2025-01-01';

export interface Bekanntgabe {
  /** Berlin date the letter was handed to the post. */
  postedOn: IsoDate;
  /** 4 for letters posted from 2025-01-01, 3 before. */
  daysAfterPosting: 3 | 4;
  /** The fictional day of notification counted literally (may be a weekend or holiday). */
  literal: IsoDate;
  /** The same day moved to the next working day if it is a weekend or holiday. */
  moved: IsoDate;
  /**
   * The day used for follow-on periods. Courts disagree on whether the fiction moves off weekends, so both
   * days are kept and the later one (favourable to the insured) is used.
   */
  effective: IsoDate;
}

/** Zugangsfiktion for a posted letter: both the literal and the moved day, and the later one to use. */
export function bekanntgabe(postedAt: Date | IsoDate, land: Bundesland): Bekanntgabe {
  const postedOn =
    typeof postedAt === 'string' ? isoFromDayNumber(dayNumber(postedAt)) : berlinDate(postedAt);
  const p = dayNumber(postedOn);
  const daysAfterPosting: 3 | 4 = p >= dayNumber(BEKANNTGABE_FOUR_DAY_RULE_FROM) ? 4 : 3;
  const literalDn = p + daysAfterPosting;
  const movedDn = rollForwardDn(literalDn, land);
  return {
    postedOn,
    daysAfterPosting,
    literal: isoFromDayNumber(literalDn),
    moved: isoFromDayNumber(movedDn),
    effective: isoFromDayNumber(Math.max(literalDn, movedDn)),
  };
}
