/**
 * Wall-clock time in Europe/Berlin and the sample company's working calendar (weekdays 08:00–18:00, German
 * public holidays of Schleswig-Holstein), computed arithmetically so the generator needs neither the machine's
 * time zone nor ICU data and stays deterministic.
 *
 * Europe/Berlin: UTC+1 (CET), UTC+2 (CEST) from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC (EU rule, in force since 1996).
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Office hours of the sample company, minutes after local midnight: work happens in [08:00, 18:00). */
export const OFFICE_START_MINUTE = 8 * 60;
export const OFFICE_END_MINUTE = 18 * 60;
/** Working minutes in one working day. */
export const WORKING_MINUTES_PER_DAY = OFFICE_END_MINUTE - OFFICE_START_MINUTE;

/** Start (epoch ms) of the UTC day of the last Sunday of `month` (0-based) in `year`. */
function lastSundayUtcMs(year: number, month: number): number {
  const lastDayMs = Date.UTC(year, month + 1, 0);
  return lastDayMs - new Date(lastDayMs).getUTCDay() * MS_PER_DAY;
}

const MS_PER_AVERAGE_YEAR = 365.2425 * MS_PER_DAY;
/** Summer time [start, end) per year, computed once per year (pure memo): the generator asks ~100,000 times. */
const summerTimeCache = new Map<number, readonly [number, number]>();

/**
 * UTC offset of Europe/Berlin at an instant, in minutes (60 in winter, 120 in summer).
 *
 * @example berlinOffsetMinutes(Date.UTC(2026, 2, 29, 0, 59)) === 60; berlinOffsetMinutes(Date.UTC(2026, 2, 29, 1)) === 120
 */
export function berlinOffsetMinutes(instantMs: number): 60 | 120 {
  // An approximate year is enough: around New Year both neighbours say winter time.
  const year = Math.floor(1970 + instantMs / MS_PER_AVERAGE_YEAR);
  let summer = summerTimeCache.get(year);
  if (summer === undefined) {
    summer = [lastSundayUtcMs(year, 2) + MS_PER_HOUR, lastSundayUtcMs(year, 9) + MS_PER_HOUR];
    summerTimeCache.set(year, summer);
  }
  return instantMs >= summer[0] && instantMs < summer[1] ? 120 : 60;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * Formats an instant the way Jira Cloud writes it, in Berlin wall-clock time with the offset in effect then.
 *
 * @example formatJiraInstant(Date.UTC(2026, 2, 2, 8, 15)) === '2026-03-02T09:15:00.000+0100'
 */
export function formatJiraInstant(instantMs: number): string {
  const offsetMinutes = berlinOffsetMinutes(instantMs);
  const wall = new Date(instantMs + offsetMinutes * MS_PER_MINUTE);
  const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}`;
  const time = `${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}:${pad(wall.getUTCSeconds(), 2)}`;
  return `${date}T${time}.${pad(wall.getUTCMilliseconds(), 3)}+${pad(offsetMinutes / 60, 2)}00`;
}

/** Berlin local day of an instant as days since 1970-01-01. */
export function berlinDayNumber(instantMs: number): number {
  return Math.floor((instantMs + berlinOffsetMinutes(instantMs) * MS_PER_MINUTE) / MS_PER_DAY);
}

/** Minutes (fractional) after Berlin local midnight of an instant. */
export function berlinMinuteOfDay(instantMs: number): number {
  const wallMs = instantMs + berlinOffsetMinutes(instantMs) * MS_PER_MINUTE;
  return (wallMs - Math.floor(wallMs / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE;
}

/**
 * The instant of a Berlin wall-clock time: local day (days since 1970-01-01) plus minutes after midnight.
 * Wall times in the spring-forward gap or the autumn overlap (02:00–03:00) resolve to the offset after the
 * change; the sample data never uses them.
 */
export function berlinWallToInstant(dayNumber: number, minuteOfDay: number): number {
  const wallMs = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  const guessMs = wallMs - 60 * MS_PER_MINUTE;
  const offsetMinutes = berlinOffsetMinutes(guessMs);
  const instantMs = wallMs - offsetMinutes * MS_PER_MINUTE;
  const check = berlinOffsetMinutes(instantMs);
  return check === offsetMinutes ? instantMs : wallMs - check * MS_PER_MINUTE;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number (days since 1970-01-01, a Thursday). */
export function isoWeekdayOfDay(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

const dayOf = (year: number, month: number, day: number): number =>
  Date.UTC(year, month - 1, day) / MS_PER_DAY;

/** Easter Sunday (Gregorian, anonymous algorithm) as a day number. */
function easterDay(year: number): number {
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
  return dayOf(year, month, day);
}

/** Holidays by year, computed once per year (pure memo). */
const holidayCache = new Map<number, ReadonlyMap<number, string>>();

/**
 * Public holidays in Schleswig-Holstein (the sample company sits in Kiel) of a year: day number → German name.
 *
 * @example sampleHolidays(2026).get(easter + 1) === 'Ostermontag'
 */
export function sampleHolidays(year: number): ReadonlyMap<number, string> {
  const cached = holidayCache.get(year);
  if (cached !== undefined) return cached;
  const easter = easterDay(year);
  const holidays = new Map<number, string>([
    [dayOf(year, 1, 1), 'Neujahr'],
    [easter - 2, 'Karfreitag'],
    [easter + 1, 'Ostermontag'],
    [dayOf(year, 5, 1), 'Tag der Arbeit'],
    [easter + 39, 'Christi Himmelfahrt'],
    [easter + 50, 'Pfingstmontag'],
    [dayOf(year, 10, 3), 'Tag der Deutschen Einheit'],
    [dayOf(year, 10, 31), 'Reformationstag'],
    [dayOf(year, 12, 25), '1. Weihnachtstag'],
    [dayOf(year, 12, 26), '2. Weihnachtstag'],
  ]);
  holidayCache.set(year, holidays);
  return holidays;
}

/** `YYYY-MM-DD` of a day number. */
export function dayNumberToDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Holiday dates `YYYY-MM-DD` of the given years, for a flow-engine `WorkingCalendar`. */
export function sampleHolidayDates(years: readonly number[]): string[] {
  return years.flatMap((year) => [...sampleHolidays(year).keys()].map(dayNumberToDate)).sort();
}

/** Whether a Berlin local day is a working day of the sample company (Monday–Friday, not a holiday). */
export function isWorkingDay(dayNumber: number): boolean {
  if (isoWeekdayOfDay(dayNumber) > 5) return false;
  let working = workingDayCache.get(dayNumber);
  if (working === undefined) {
    working = !sampleHolidays(new Date(dayNumber * MS_PER_DAY).getUTCFullYear()).has(dayNumber);
    workingDayCache.set(dayNumber, working);
  }
  return working;
}

/** Working-day answers per weekday (pure memo). */
const workingDayCache = new Map<number, boolean>();

/** Whether an instant lies in office hours [08:00, 18:00) of a working day, Berlin time. */
export function isOfficeTime(instantMs: number): boolean {
  const minute = berlinMinuteOfDay(instantMs);
  return (
    isWorkingDay(berlinDayNumber(instantMs)) && minute >= OFFICE_START_MINUTE && minute < OFFICE_END_MINUTE
  );
}

/** The first working day at or after a day number. */
export function nextWorkingDay(dayNumber: number): number {
  let day = dayNumber;
  while (!isWorkingDay(day)) day++;
  return day;
}

/** The instant itself when in office hours, else 08:00 of the next working day (Berlin time). */
export function nextOfficeInstant(instantMs: number): number {
  if (isOfficeTime(instantMs)) return instantMs;
  const day = berlinDayNumber(instantMs);
  const minute = berlinMinuteOfDay(instantMs);
  const startDay = isWorkingDay(day) && minute < OFFICE_START_MINUTE ? day : nextWorkingDay(day + 1);
  return berlinWallToInstant(startDay, OFFICE_START_MINUTE);
}

/**
 * Adds working minutes to an instant: time only passes in office hours of working days, so the result always
 * lies in office hours (strictly before 18:00). Starting outside office hours counts from the next opening.
 *
 * @example addWorkingMinutes(friday 17:30, 60) → Monday 08:30 (when Monday is not a holiday)
 */
export function addWorkingMinutes(instantMs: number, minutes: number): number {
  let atMs = nextOfficeInstant(instantMs);
  let remaining = Math.max(0, minutes);
  for (;;) {
    const day = berlinDayNumber(atMs);
    const available = OFFICE_END_MINUTE - berlinMinuteOfDay(atMs);
    // Floor, not round: a result rounded up could land on 18:00:00.000, outside office hours.
    if (remaining < available) return Math.floor(atMs + remaining * MS_PER_MINUTE);
    remaining -= available;
    atMs = berlinWallToInstant(nextWorkingDay(day + 1), OFFICE_START_MINUTE);
  }
}
