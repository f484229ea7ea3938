/** Legal clocks for concerns: Berlin-time calendar arithmetic and per-topic statutory deadlines. */
export type { Bekanntgabe, IsoDate, PeriodEnd } from './calendar.js';
export {
  BEKANNTGABE_FOUR_DAY_RULE_FROM,
  BERLIN_TIME_ZONE,
  addDays,
  addMonthsClamped,
  addWorkingDays,
  bekanntgabe,
  berlinDate,
  berlinOffsetMinutes,
  dayPeriod,
  daysBetween,
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
export type {
  ClockFacts,
  ComputeDeadlinesInput,
  Deadline,
  DeadlineActor,
  DeadlineKind,
  DeadlineUnit,
} from './clocks.js';
export {
  DEADLINE_KINDS,
  INTERIM_NOTICE_WORKING_DAYS,
  clockTopics,
  computeDeadlines,
  earliestDue,
  possibleDeadlineKinds,
} from './clocks.js';
