/**
 * Calendar arithmetic of the flow engine: local dates, day boundaries and working time in an explicit IANA time
 * zone (FLOW-METRICS.md §3.4 and §3.7).
 *
 * Nothing here reads the machine's local zone: every function takes the zone it works in. UTC offsets come from
 * `tzOffset` of `@date-fns/tz` (which asks the runtime's `Intl` time-zone data); calendar dates (`YYYY-MM-DD`) are
 * handled as whole "day numbers" (days since 1970-01-01) so date arithmetic never touches a time zone at all.
 *
 * A local day is not always 24 hours long: around daylight-saving changes it lasts 23 or 25 hours, and where
 * midnight itself is skipped (e.g. America/Sao_Paulo on 2018-11-04) the day begins at the first instant that
 * exists. All day boundaries here are therefore computed from the zone's actual offsets, never as `date × 24 h`.
 */
import { tzOffset } from '@date-fns/tz';
import type { WorkingCalendar } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Built-ins of the hot loops (day grid, day index), bound once. Reading a global such as `Math` or `Number` is a
 * dictionary look-up when the code runs inside a `vm` context (jest runs every test file in one), which makes a
 * million `dayIndex` calls many times slower under test; bound here they cost nothing anywhere.
 */
const floor = Math.floor;
const maxOf = Math.max;
const minOf = Math.min;
const POSITIVE_INFINITY = Number.POSITIVE_INFINITY;
const NEGATIVE_INFINITY = Number.NEGATIVE_INFINITY;

/**
 * How far apart the offset is sampled when looking for time-zone transitions. Between two samples with the same
 * offset the offset is assumed constant, so a transition and its reversal inside one window would be missed. A
 * scan of every zone of the runtime's time-zone database, 1900–2040, found the closest pair of transitions in
 * America/Boa_Vista: DST began 2000-10-08 and was revoked 6 days 23 hours later (the next closest pair lies
 * 8 days apart). Sampling every 5 days stays a clear 2 days below that; a 20-year day grid then needs about
 * 1,500 offset look-ups plus ~10 per transition, instead of one or two per day.
 */
const OFFSET_SAMPLE_STEP_MS = 5 * DAY_MS;

/**
 * Margin around a range of wall-clock midnights when collecting offsets: a local midnight lies within ±16 h of
 * the same wall-clock time in UTC (historic local mean times reach ±15:56), two days cover it with room to spare.
 */
const RANGE_MARGIN_MS = 2 * DAY_MS;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Zones already confirmed by `Intl`; constructing a `DateTimeFormat` costs far more than a set look-up. */
const validZones = new Set<string>();

/**
 * Whether `timeZone` is an IANA time-zone name the runtime knows (`Europe/Berlin`, `UTC`, `Asia/Kolkata`;
 * matched case-insensitively, as `Intl` does). Fixed offsets such as `+05:30` are not IANA names and return false.
 *
 * @example isValidTimeZone('Europe/Berlin') === true; isValidTimeZone('Mars/Olympus') === false
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (validZones.has(timeZone)) return true;
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  validZones.add(timeZone);
  return true;
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
}

/** UTC offset of `timeZone` at `instantMs`, in milliseconds (positive east of Greenwich). Zone must be valid. */
function offsetMsAt(timeZone: string, instantMs: number): number {
  // tzOffset answers in minutes, with fractions for historic offsets that have seconds (LMT); round to whole ms.
  return Math.round(tzOffset(timeZone, new Date(instantMs)) * MINUTE_MS);
}

/**
 * Converts a calendar date `YYYY-MM-DD` into its day number (days since 1970-01-01; negative before).
 * Pure calendar arithmetic (proleptic Gregorian), no time zone.
 *
 * @throws RangeError when the string is not a valid date.
 * @example toDayNumber('1970-01-02') === 1
 */
export function toDayNumber(date: string): number {
  const m = DATE_PATTERN.exec(date);
  if (m === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  }
  return probe.getTime() / DAY_MS;
}

/**
 * Converts a day number (days since 1970-01-01) back into `YYYY-MM-DD`. Years 0000–9999 only.
 *
 * @throws RangeError outside years 0000–9999 or for a non-integer day number.
 * @example fromDayNumber(0) === '1970-01-01'
 */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`Not a whole day number: ${dayNumber}`);
  const iso = new Date(dayNumber * DAY_MS).toISOString();
  // Outside 0000–9999 toISOString writes an expanded year (`+010000-…`), which is not a YYYY-MM-DD date.
  if (iso.length !== 24) throw new RangeError(`Date outside years 0000–9999: day ${dayNumber}`);
  return iso.slice(0, 10);
}

/**
 * ISO weekday of a day number: 1 = Monday … 7 = Sunday. 1970-01-01 (day 0) was a Thursday.
 *
 * @example isoWeekdayOfDayNumber(toDayNumber('2026-03-29')) === 7 // a Sunday
 */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * Adds `days` calendar days to a `YYYY-MM-DD` date. Pure date arithmetic: no time zone, no hours, so a DST change
 * can never make it land on the wrong date.
 *
 * @param days whole days, may be negative.
 * @example addDays('2026-02-27', 2) === '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone.
 *
 * @param instantMs epoch milliseconds (UTC).
 * @throws RangeError for an unknown time zone or a non-finite instant.
 * @example localDate(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Berlin') === '2026-01-02' // 00:30 CET
 */
export function localDate(instantMs: number, timeZone: string): string {
  return fromDayNumber(localDayNumber(instantMs, timeZone));
}

/** Day number of the local date of `instantMs` in `timeZone` (see {@link localDate}). */
export function localDayNumber(instantMs: number, timeZone: string): number {
  assertTimeZone(timeZone);
  if (!Number.isFinite(instantMs)) throw new RangeError(`Not an instant: ${instantMs}`);
  return floor((instantMs + cachedOffsetMs(timeZone, instantMs)) / DAY_MS);
}

/**
 * Offsets are looked up in aligned blocks of time, each sampled once per zone and kept: the engine asks about the
 * same zone and the same years again and again (a day grid per report, day boundaries per issue), and one `Intl`
 * offset look-up costs microseconds. Aligned blocks make every answer independent of the order of the questions.
 * The cache holds only offset changes (a few per year per zone), so it stays small.
 */
const BLOCK_MS = 90 * DAY_MS;

/** Offsets within block k, i.e. the instants [k · BLOCK_MS, (k + 1) · BLOCK_MS]. */
interface OffsetBlock {
  /** Offset at the block's first instant. */
  readonly startOffsetMs: number;
  /** Instants (ascending) from which a new offset applies, and that offset. */
  readonly changesMs: readonly number[];
  readonly offsetsMs: readonly number[];
}

const offsetBlocks = new Map<string, Map<number, OffsetBlock>>();

/** Grains of the search for a change: time-zone data (tzdb) dates every change to a whole second. */
const CHANGE_GRAINS_MS = [3_600_000, MINUTE_MS, 1000] as const;

/**
 * The instant (a whole second) in (loMs, hiMs] at which the offset changes from `knownOffsetMs`, given
 * offset(loMs) = knownOffsetMs ≠ offset(hiMs) and both bounds on whole seconds. Changes almost always fall on a
 * whole hour in UTC (at worst on a whole minute), so the search bisects on the hour grid first and stops as soon
 * as the second before the bracket's end still has the old offset: ~9 look-ups instead of ~19 for plain
 * bisection in seconds.
 */
function findChangeMs(timeZone: string, loMs: number, hiMs: number, knownOffsetMs: number): number {
  let lo = loMs;
  let hi = hiMs;
  for (const grainMs of CHANGE_GRAINS_MS) {
    // Invariant: offset(lo) = knownOffsetMs ≠ offset(hi). Steps are whole grains from lo, at least one, so the
    // loop also ends when lo is off the grid (a search resuming after a change at hh:30).
    while (hi - lo > grainMs) {
      const mid = lo + maxOf(1, floor((hi - lo) / (2 * grainMs))) * grainMs;
      if (offsetMsAt(timeZone, mid) === knownOffsetMs) lo = mid;
      else hi = mid;
    }
    if (grainMs === 1000 || offsetMsAt(timeZone, hi - 1000) === knownOffsetMs) return hi;
  }
  return hi;
}

/**
 * Samples the offset every {@link OFFSET_SAMPLE_STEP_MS} over the block and pins each change to the exact
 * second ({@link findChangeMs}): 19 look-ups per block plus ~10 per offset change.
 */
function computeOffsetBlock(timeZone: string, block: number): OffsetBlock {
  const blockStartMs = block * BLOCK_MS;
  const blockEndMs = blockStartMs + BLOCK_MS;
  const startOffsetMs = offsetMsAt(timeZone, blockStartMs);
  const changesMs: number[] = [];
  const offsetsMs: number[] = [];
  let sampleMs = blockStartMs;
  let sampleOffsetMs = startOffsetMs;
  while (sampleMs < blockEndMs) {
    const nextMs = minOf(sampleMs + OFFSET_SAMPLE_STEP_MS, blockEndMs);
    const nextOffsetMs = offsetMsAt(timeZone, nextMs);
    // Usually equal. Otherwise find every change in (sampleMs, nextMs]: a change A→B→C inside one window is found
    // as two changes because the search restarts from each change it finds.
    let knownMs = sampleMs;
    let knownOffsetMs = sampleOffsetMs;
    while (knownOffsetMs !== nextOffsetMs) {
      const hi = findChangeMs(timeZone, knownMs, nextMs, knownOffsetMs);
      knownMs = hi;
      knownOffsetMs = offsetMsAt(timeZone, hi);
      changesMs.push(hi);
      offsetsMs.push(knownOffsetMs);
    }
    sampleMs = nextMs;
    sampleOffsetMs = nextOffsetMs;
  }
  return { startOffsetMs, changesMs, offsetsMs };
}

function offsetBlock(timeZone: string, block: number): OffsetBlock {
  let blocks = offsetBlocks.get(timeZone);
  if (blocks === undefined) {
    blocks = new Map();
    offsetBlocks.set(timeZone, blocks);
  }
  let found = blocks.get(block);
  if (found === undefined) {
    found = computeOffsetBlock(timeZone, block);
    blocks.set(block, found);
  }
  return found;
}

/** UTC offset in ms at an instant, from the block cache (the zone must be valid). */
function cachedOffsetMs(timeZone: string, instantMs: number): number {
  const block = offsetBlock(timeZone, floor(instantMs / BLOCK_MS));
  let offsetMs = block.startOffsetMs;
  // A block holds at most a handful of changes: a linear scan beats anything cleverer.
  for (let i = 0; i < block.changesMs.length; i++) {
    if ((block.changesMs[i] ?? POSITIVE_INFINITY) > instantMs) break;
    offsetMs = block.offsetsMs[i] ?? offsetMs;
  }
  return offsetMs;
}

/**
 * The zone's offsets over [fromMs, toMs], as segments: segment j has offset `offsetsMs[j]` from `startsMs[j]`
 * (inclusive; -Infinity for the first) to `startsMs[j + 1]` (exclusive; +Infinity for the last).
 */
interface OffsetSegments {
  readonly startsMs: number[];
  readonly offsetsMs: number[];
}

function collectOffsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegments {
  const firstBlock = floor(fromMs / BLOCK_MS);
  const lastBlock = floor(toMs / BLOCK_MS);
  const startsMs = [NEGATIVE_INFINITY];
  const offsetsMs = [offsetBlock(timeZone, firstBlock).startOffsetMs];
  for (let block = firstBlock; block <= lastBlock; block++) {
    const { changesMs, offsetsMs: blockOffsetsMs } = offsetBlock(timeZone, block);
    for (let i = 0; i < changesMs.length; i++) {
      startsMs.push(changesMs[i] ?? POSITIVE_INFINITY);
      offsetsMs.push(blockOffsetsMs[i] ?? Number.NaN);
    }
  }
  return { startsMs, offsetsMs };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 31;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

/** `count` consecutive dates from day number `firstDay`, by counting days and months (no Date per day). */
function consecutiveDates(firstDay: number, count: number): string[] {
  const dates = new Array<string>(count);
  if (count === 0) return dates;
  fromDayNumber(firstDay + count - 1); // throws when the range leaves years 0000–9999
  const first = fromDayNumber(firstDay);
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  let day = Number(first.slice(8, 10));
  let yearText = first.slice(0, 4);
  for (let i = 0; i < count; i++) {
    dates[i] = `${yearText}-${twoDigits(month)}-${twoDigits(day)}`;
    day++;
    if (day > daysInMonth(year, month)) {
      day = 1;
      month++;
      if (month > 12) {
        month = 1;
        year++;
        yearText = `${year}`.padStart(4, '0');
      }
    }
  }
  return dates;
}

/**
 * Local days of a date range and the instants at which they begin.
 *
 * `startsMs[i]` is the first instant of `dates[i]`; `startsMs[dates.length]` is the first instant of the day
 * after the last date, so day i is the half-open interval [startsMs[i], startsMs[i + 1]).
 */
export interface DayGrid {
  readonly dates: readonly string[];
  readonly startsMs: Float64Array;
}

/**
 * The local days from `firstDate` to `lastDate` (inclusive) in `timeZone` with their exact start instants.
 *
 * A day starts at local midnight; where midnight does not exist (clocks jump forward across it) the day starts
 * at the first existing instant, i.e. at the jump; where midnight occurs twice, at its first occurrence. Days are
 * 23, 24 or 25 hours long around DST changes (other lengths where zones changed their standard offset).
 * An empty range (`lastDate` before `firstDate`) gives no dates and `startsMs = [start of firstDate]`.
 *
 * Cost: one offset look-up per 5 days of range plus ~10 per offset change, each done once per zone and then
 * cached; 20 years take a few milliseconds the first time and well under one after.
 *
 * @throws RangeError for an unknown time zone or a malformed date.
 * @example buildDayGrid('2026-03-29', '2026-03-29', 'Europe/Berlin') // startsMs: [2026-03-28T23:00Z, 2026-03-29T22:00Z] (23 h)
 */
export function buildDayGrid(firstDate: string, lastDate: string, timeZone: string): DayGrid {
  assertTimeZone(timeZone);
  const firstDay = toDayNumber(firstDate);
  const lastDay = maxOf(toDayNumber(lastDate), firstDay - 1);
  const count = lastDay - firstDay + 1;
  const segments = collectOffsetSegments(
    timeZone,
    firstDay * DAY_MS - RANGE_MARGIN_MS,
    (lastDay + 1) * DAY_MS + RANGE_MARGIN_MS,
  );
  const { startsMs: segmentStarts, offsetsMs: segmentOffsets } = segments;
  const startsMs = new Float64Array(count + 1);
  const dates = consecutiveDates(firstDay, count);
  let segment = 0;
  for (let i = 0; i <= count; i++) {
    // wallMs: local midnight written as if it were UTC. The day starts at the first instant t whose wall-clock
    // time t + offset(t) reaches it. Within segment j that is max(segment start, wallMs − offset j), provided it
    // is still inside segment j. Later days never start in an earlier segment, so the search resumes where the
    // previous day's ended: the whole loop is linear.
    const wallMs = (firstDay + i) * DAY_MS;
    for (;;) {
      const segmentStartMs = segmentStarts[segment] ?? NEGATIVE_INFINITY;
      const segmentEndMs = segmentStarts[segment + 1] ?? POSITIVE_INFINITY;
      const candidateMs = maxOf(segmentStartMs, wallMs - (segmentOffsets[segment] ?? 0));
      if (candidateMs < segmentEndMs) {
        startsMs[i] = candidateMs;
        break;
      }
      segment++;
    }
  }
  return { dates, startsMs };
}

/**
 * Epoch milliseconds of the first instant of a local date in `timeZone`: its midnight, or where midnight is
 * skipped by a DST jump the first instant that exists (see {@link buildDayGrid}).
 *
 * @example startOfLocalDayMs('2026-01-02', 'Asia/Kolkata') === Date.UTC(2026, 0, 1, 18, 30)
 */
export function startOfLocalDayMs(date: string, timeZone: string): number {
  return buildDayGrid(date, date, timeZone).startsMs[0] ?? Number.NaN;
}

/**
 * Index of the grid day containing `instantMs`: i with `startsMs[i] <= instantMs < startsMs[i + 1]`; -1 before
 * the grid, `dates.length` at or after its end. Binary search, O(log days), no allocation.
 *
 * @example dayIndex(buildDayGrid('2026-01-01', '2026-01-31', 'UTC'), Date.UTC(2026, 0, 3, 12)) === 2
 */
export function dayIndex(grid: DayGrid, instantMs: number): number {
  const starts = grid.startsMs;
  const days = grid.dates.length;
  // Invariant: starts[lo] <= instantMs < starts[hi] (with starts[-1] = -Infinity, starts[days + 1] = +Infinity).
  let lo = -1;
  let hi = days + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? POSITIVE_INFINITY) <= instantMs) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Calendar days from the local date of `startMs` to the local date of `endMs`, both counted:
 * `date(end) − date(start) + 1` in `timeZone` (FLOW-METRICS.md §3.4). An item started and finished on the same
 * local date took 1 day. When `endMs` lies on an earlier date than `startMs` the result is 0 or negative.
 *
 * @example calendarDaysInclusive(Date.UTC(2026, 0, 5, 22), Date.UTC(2026, 0, 6, 1), 'UTC') === 2
 */
export function calendarDaysInclusive(startMs: number, endMs: number, timeZone: string): number {
  return localDayNumber(endMs, timeZone) - localDayNumber(startMs, timeZone) + 1;
}

/** Monday to Friday without holidays in `timeZone`: the working calendar used when none is configured. */
export function defaultCalendar(timeZone: string): WorkingCalendar {
  return { timeZone, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
}

/** A calendar prepared for counting: which weekdays work, and the holidays that fall on them, sorted. */
interface PreparedCalendar {
  /** isWorkingWeekday[isoWeekday], index 0 unused. */
  readonly isWorkingWeekday: readonly boolean[];
  readonly workingWeekdayCount: number;
  /** Day numbers of holidays on working weekdays, ascending, without duplicates. */
  readonly holidayDays: Float64Array;
  readonly holidaySet: ReadonlySet<number>;
}

/** Calendars are plain config objects reused for every issue of a report; prepare each once. */
const preparedCalendars = new WeakMap<WorkingCalendar, PreparedCalendar>();

function prepareCalendar(calendar: WorkingCalendar): PreparedCalendar {
  const cached = preparedCalendars.get(calendar);
  if (cached !== undefined) return cached;
  const isWorkingWeekday = new Array<boolean>(8).fill(false);
  for (const weekday of calendar.workingWeekdays) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(`Working weekday must be 1 (Monday) … 7 (Sunday): ${weekday}`);
    }
    isWorkingWeekday[weekday] = true;
  }
  const holidaySet = new Set<number>();
  for (const holiday of calendar.holidays) {
    const day = toDayNumber(holiday);
    // A holiday on a weekend changes nothing; keeping only working-weekday holidays makes counting a subtraction.
    if (isWorkingWeekday[isoWeekdayOfDayNumber(day)] === true) holidaySet.add(day);
  }
  const prepared: PreparedCalendar = {
    isWorkingWeekday,
    workingWeekdayCount: isWorkingWeekday.filter(Boolean).length,
    holidayDays: Float64Array.from(holidaySet).sort(),
    holidaySet,
  };
  preparedCalendars.set(calendar, prepared);
  return prepared;
}

function isWorkingDay(prepared: PreparedCalendar, dayNumber: number): boolean {
  return (
    prepared.isWorkingWeekday[isoWeekdayOfDayNumber(dayNumber)] === true &&
    !prepared.holidaySet.has(dayNumber)
  );
}

/** Number of entries of an ascending array that are < value. */
function countBelow(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? POSITIVE_INFINITY) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days among the whole days firstDay..lastDay (inclusive), in O(7 + log holidays). */
function countWorkingDays(prepared: PreparedCalendar, firstDay: number, lastDay: number): number {
  if (lastDay < firstDay) return 0;
  const span = lastDay - firstDay + 1;
  const fullWeeks = floor(span / 7);
  let count = fullWeeks * prepared.workingWeekdayCount;
  for (let day = firstDay + fullWeeks * 7; day <= lastDay; day++) {
    if (prepared.isWorkingWeekday[isoWeekdayOfDayNumber(day)] === true) count++;
  }
  const holidays = countBelow(prepared.holidayDays, lastDay + 1) - countBelow(prepared.holidayDays, firstDay);
  return count - holidays;
}

/** Share (0..1) of local day [dayStartMs, dayEndMs) that lies inside [fromMs, toMs). */
function shareOfDay(dayStartMs: number, dayEndMs: number, fromMs: number, toMs: number): number {
  const insideMs = minOf(dayEndMs, toMs) - maxOf(dayStartMs, fromMs);
  return insideMs <= 0 ? 0 : insideMs / (dayEndMs - dayStartMs);
}

/**
 * Working time elapsed in [startMs, endMs), in working days.
 *
 * A local date in `calendar.timeZone` is a working day when its ISO weekday is in `workingWeekdays` and it is not
 * in `holidays`. Each working day contributes the share of its own length that lies inside the interval: a whole
 * working day counts 1 whether it lasts 23, 24 or 25 hours; 6 hours of a 24-hour working day count 0.25. Hours of
 * the day are not weighted (there is no notion of office hours): a working day is worked around the clock.
 * Non-working days contribute 0. Returns 0 when `endMs <= startMs`.
 *
 * Cost: only the first and the last day need their exact length; the whole days between are counted by
 * weekday arithmetic and a binary search over the holidays, so a span of years costs the same as a span of days.
 *
 * @example
 * // Friday 2026-01-09 16:00 → Monday 2026-01-12 10:00 in Berlin, Monday–Friday:
 * // 8 h of Friday (8/24) + 10 h of Monday (10/24) = 0.75 working days
 * workingDaysBetween(Date.UTC(2026, 0, 9, 15), Date.UTC(2026, 0, 12, 9), defaultCalendar('Europe/Berlin')) === 0.75
 */
export function workingDaysBetween(startMs: number, endMs: number, calendar: WorkingCalendar): number {
  if (!(endMs > startMs)) return 0;
  const prepared = prepareCalendar(calendar);
  const timeZone = calendar.timeZone;
  const firstDay = localDayNumber(startMs, timeZone);
  const lastDay = localDayNumber(endMs, timeZone);
  const firstGrid = buildDayGrid(fromDayNumber(firstDay), fromDayNumber(firstDay), timeZone).startsMs;
  const firstShare = isWorkingDay(prepared, firstDay)
    ? shareOfDay(firstGrid[0] ?? 0, firstGrid[1] ?? 0, startMs, endMs)
    : 0;
  if (lastDay <= firstDay) return firstShare;
  const lastGrid = buildDayGrid(fromDayNumber(lastDay), fromDayNumber(lastDay), timeZone).startsMs;
  const lastShare = isWorkingDay(prepared, lastDay)
    ? shareOfDay(lastGrid[0] ?? 0, lastGrid[1] ?? 0, startMs, endMs)
    : 0;
  return firstShare + countWorkingDays(prepared, firstDay + 1, lastDay - 1) + lastShare;
}
