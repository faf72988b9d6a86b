/**
 * The cadence of the CSI review meeting (Review-Termin; FITSM-CSI.md "the CSI rhythm": the team meets monthly,
 * later fortnightly): which calendar days the meeting falls on and when it starts. Pure: the instant "now" is
 * passed in; calendar days are `YYYY-MM-DD` in the cadence's own IANA time zone (the project's or the site's, set
 * with the cadence, never the viewer's), instants are epoch milliseconds UTC.
 *
 * Rules:
 * - fortnightly: the anchor date and every 14th calendar day after it (calendar days, so a DST change never
 *   moves the meeting to another day or hour of the wall clock);
 * - monthly: the anchor's day of the month in every month from the anchor's month on; a month without that day
 *   (31 in April, 29–31 in February) holds it on its last day, and the next month is back on the anchor's day;
 * - the series begins at the anchor: before it, the next meeting is the anchor itself;
 * - the next meeting is the first of the series on or after today's local date (a meeting today stays "next"
 *   for the whole day, so the team can prepare and hold it that day).
 */
import { fromDayNumber, isValidTimeZone, localDayNumber, toDayNumber } from '../flow/calendar';

/** How often the team meets. */
export type MeetingFrequency = 'monthly' | 'fortnightly';

export const MEETING_FREQUENCIES: readonly MeetingFrequency[] = ['monthly', 'fortnightly'];

/** Days between two fortnightly meetings. */
export const FORTNIGHT_DAYS = 14;

/** The cadence of the review meeting. */
export interface MeetingCadence {
  readonly frequency: MeetingFrequency;
  /** First meeting of the series, `YYYY-MM-DD` in {@link MeetingCadence.timeZone}. */
  readonly anchorDate: string;
  /** Local start time on the meeting day, `HH:MM` (24 h) in {@link MeetingCadence.timeZone}. */
  readonly startTime: string;
  /** Length of the meeting, minutes (15..480). */
  readonly durationMinutes: number;
  /** IANA time zone of the anchor, the start time and "today" (the project's or site's zone). */
  readonly timeZone: string;
}

/** One meeting of the series: its local day and start and end instants. */
export interface MeetingOccurrence {
  /** `YYYY-MM-DD` in the cadence's time zone. */
  readonly date: string;
  /** Start, epoch ms UTC (the local start time on `date`). */
  readonly startsAtMs: number;
  /** End, epoch ms UTC (start + duration). */
  readonly endsAtMs: number;
}

/** One broken rule of a cadence: the member and the rule in English. */
export interface MeetingCadenceProblem {
  readonly path: string;
  readonly message: string;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MINUTE_MS = 60_000;

/** The rules of a cadence that the shape does not say (valid date, time, zone, duration). Empty: valid. */
export function findCadenceProblems(cadence: MeetingCadence): MeetingCadenceProblem[] {
  const problems: MeetingCadenceProblem[] = [];
  if (!MEETING_FREQUENCIES.includes(cadence.frequency))
    problems.push({ path: 'frequency', message: 'must be monthly or fortnightly' });
  if (!isCalendarDate(cadence.anchorDate))
    problems.push({ path: 'anchorDate', message: 'must be a calendar date YYYY-MM-DD' });
  if (!TIME_PATTERN.test(cadence.startTime))
    problems.push({ path: 'startTime', message: 'must be a time HH:MM (00:00–23:59)' });
  if (
    !Number.isInteger(cadence.durationMinutes) ||
    cadence.durationMinutes < 15 ||
    cadence.durationMinutes > 480
  )
    problems.push({ path: 'durationMinutes', message: 'must be whole minutes from 15 to 480' });
  if (!isValidTimeZone(cadence.timeZone))
    problems.push({ path: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin' });
  return problems;
}

/** Whether `date` is a real calendar day `YYYY-MM-DD`. */
export function isCalendarDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** Days in a month (1..12) of a year of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The monthly meeting day of `year`/`month` for an anchor day of the month (clamped to the month's last day). */
function monthlyDate(year: number, month: number, anchorDay: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(anchorDay, daysInMonth(year, month)), 2)}`;
}

/**
 * Offset of `timeZone` from UTC at an instant, ms (Berlin in winter: +3,600,000). Read from `Intl`, the same
 * time zone data the rest of the app uses.
 */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a local wall time `HH:MM` on `date` has in `timeZone`. A wall time that a DST jump skips (02:30 on
 * the last Sunday of March in Berlin) is moved forward by the jump (03:30 CEST), as calendars do; one that occurs
 * twice (02:30 on the last Sunday of October) is the later one (CET).
 *
 * @example localTimeToInstantMs('2026-03-19', '10:00', 'Europe/Berlin') === Date.UTC(2026, 2, 19, 9, 0) // CET
 * @example localTimeToInstantMs('2026-04-02', '10:00', 'Europe/Berlin') === Date.UTC(2026, 3, 2, 8, 0) // CEST
 */
export function localTimeToInstantMs(date: string, time: string, timeZone: string): number {
  const match = TIME_PATTERN.exec(time);
  if (match === null) throw new RangeError(`Not a time HH:MM: ${time}`);
  const wallMs = toDayNumber(date) * 86_400_000 + (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
  // The offset in force just before the wall time: a skipped time then lands after the jump.
  const offset = zoneOffsetMs(wallMs - zoneOffsetMs(wallMs, timeZone), timeZone);
  return wallMs - offset;
}

/** The occurrence of a cadence on a local date (which must be one of its days). */
export function occurrenceOn(cadence: MeetingCadence, date: string): MeetingOccurrence {
  const startsAtMs = localTimeToInstantMs(date, cadence.startTime, cadence.timeZone);
  return { date, startsAtMs, endsAtMs: startsAtMs + cadence.durationMinutes * MINUTE_MS };
}

/** Whether `date` is a meeting day of the cadence (on or after the anchor). */
export function isMeetingDay(cadence: MeetingCadence, date: string): boolean {
  if (!isCalendarDate(date) || date < cadence.anchorDate) return false;
  return firstMeetingDateOnOrAfter(cadence, date) === date;
}

/** The first meeting day of the series on or after local date `date` (`YYYY-MM-DD`). */
export function firstMeetingDateOnOrAfter(cadence: MeetingCadence, date: string): string {
  const from = date < cadence.anchorDate ? cadence.anchorDate : date;
  if (cadence.frequency === 'fortnightly') {
    const anchor = toDayNumber(cadence.anchorDate);
    const elapsed = toDayNumber(from) - anchor;
    return fromDayNumber(anchor + Math.ceil(elapsed / FORTNIGHT_DAYS) * FORTNIGHT_DAYS);
  }
  const anchorDay = Number(cadence.anchorDate.slice(8, 10));
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const candidate = monthlyDate(year, month, anchorDay);
  if (candidate >= from) return candidate;
  month += 1;
  if (month === 13) {
    month = 1;
    year += 1;
  }
  return monthlyDate(year, month, anchorDay);
}

/**
 * The next `count` meetings as of `nowMs`: the first on or after today's local date in the cadence's time zone,
 * then the following ones of the series.
 *
 * Worked examples (Europe/Berlin, 10:00, see the tests):
 * - monthly, anchor 2026-01-31, now 2026-02-10 → 2026-02-28, 2026-03-31, 2026-04-30 (month ends clamp, each month
 *   back on the 31st where it has one);
 * - monthly, anchor 2027-12-29, now 2028-02-01 → 2028-02-29 (a leap year), 2028-03-29;
 * - fortnightly, anchor 2026-03-19 (Thursday), now 2026-03-20 → 2026-04-02 at 08:00 UTC (10:00 CEST; the anchor
 *   itself was 09:00 UTC, 10:00 CET: the clock moved on 29 March, the meeting stays at 10:00 local);
 * - fortnightly, anchor 2028-02-17 → 2028-03-02 (29 February counts), anchor 2027-02-17 → 2027-03-03.
 *
 * @param nowMs epoch ms UTC.
 * @param count how many meetings (≥ 1).
 */
export function nextMeetings(cadence: MeetingCadence, nowMs: number, count: number): MeetingOccurrence[] {
  const today = fromDayNumber(localDayNumber(nowMs, cadence.timeZone));
  const dates: string[] = [];
  let date = firstMeetingDateOnOrAfter(cadence, today);
  while (dates.length < count) {
    dates.push(date);
    date = firstMeetingDateOnOrAfter(cadence, fromDayNumber(toDayNumber(date) + 1));
  }
  return dates.map((d) => occurrenceOn(cadence, d));
}

/** The next meeting as of `nowMs` (see {@link nextMeetings}). */
export function nextMeeting(cadence: MeetingCadence, nowMs: number): MeetingOccurrence {
  const [next] = nextMeetings(cadence, nowMs, 1);
  if (next === undefined) throw new Error('a cadence always has a next meeting');
  return next;
}
