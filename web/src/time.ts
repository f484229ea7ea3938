/**
 * Dates as German case workers read them, always in Europe/Berlin (legal deadlines are Berlin days),
 * whatever time zone the browser is in.
 */
export const ZONE = 'Europe/Berlin';

const dateFmt = new Intl.DateTimeFormat('de-DE', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFmt = new Intl.DateTimeFormat('de-DE', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeFmt = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const partsFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatDate(iso: string): string {
  return dateFmt.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${dateTimeFmt.format(new Date(iso))} Uhr`;
}

export function formatTime(iso: string): string {
  return `${timeFmt.format(new Date(iso))} Uhr`;
}

/** A calendar date "YYYY-MM-DD" as "TT.MM.JJJJ". */
export function formatIsoDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function berlinParts(d: Date): Parts {
  const get = (type: string) => Number(partsFmt.formatToParts(d).find((p) => p.type === type)?.value ?? '0');
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Berlin's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function berlinOffsetMinutes(d: Date): number {
  const p = berlinParts(d);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** The Berlin calendar day of an instant, as a day number (days since 1970-01-01). */
function berlinDayNumber(d: Date): number {
  const p = berlinParts(d);
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
}

/** Whole Berlin calendar days from today until the day of `iso`; negative when it lies in the past. */
export function daysUntil(iso: string, now = new Date()): number {
  return berlinDayNumber(new Date(iso)) - berlinDayNumber(now);
}

export interface DueInfo {
  days: number;
  text: string;
  urgent: boolean;
  overdue: boolean;
}

export function dueInfo(iso: string, now = new Date()): DueInfo {
  const days = daysUntil(iso, now);
  const overdue = new Date(iso).getTime() < now.getTime();
  let text: string;
  if (overdue)
    text = days === 0 ? 'heute abgelaufen' : days === -1 ? '1 Tag überfällig' : `${-days} Tage überfällig`;
  else if (days === 0) text = 'heute fällig';
  else if (days === 1) text = 'morgen fällig';
  else text = `noch ${days} Tage`;
  return { days, text, urgent: overdue || days <= 3, overdue };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetSuffix(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as the value of an <input type="datetime-local"> in Berlin time. */
export function toBerlinLocalInput(iso: string): string {
  const p = berlinParts(new Date(iso));
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A datetime-local value read as Berlin wall-clock time, as ISO 8601 with its offset
 * ("2025-03-30T10:00:00+02:00"). Returns undefined for an unreadable value.
 */
export function berlinLocalToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes settle the offset even next to a daylight-saving switch.
  let offset = berlinOffsetMinutes(new Date(wall - 60 * 60_000));
  offset = berlinOffsetMinutes(new Date(wall - offset * 60_000));
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offsetSuffix(offset)}`;
}
