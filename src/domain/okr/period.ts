/**
 * Periods of OKRs as instants: a quarter or custom dates, read in the period's IANA time zone, so a period in
 * Europe/Berlin begins at Berlin's midnight whatever the server's zone and a quarter across a daylight-saving
 * change is an hour shorter or longer than its days × 24 h. Day boundaries come from the flow engine's calendar.
 */
import { addDays, isValidTimeZone, startOfLocalDayMs, toDayNumber } from '../flow/calendar';
import type { OkrPeriod } from './types';

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** A period as instants: `[startMs, endMs)`, epoch milliseconds. */
export interface PeriodBounds {
  /** First instant of the first day (local midnight in the period's zone). */
  readonly startMs: number;
  /** First instant after the last day (exclusive). */
  readonly endMs: number;
}

/**
 * First and last calendar day (both inclusive, `YYYY-MM-DD`) of a period.
 *
 * @example periodDates({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' }) → ['2026-10-01', '2026-12-31']
 * @throws RangeError for a malformed quarter or dates.
 */
export function periodDates(period: OkrPeriod): { readonly firstDate: string; readonly lastDate: string } {
  if (period.kind === 'custom') {
    if (toDayNumber(period.endDate) < toDayNumber(period.startDate))
      throw new RangeError(`The period ends (${period.endDate}) before it begins (${period.startDate}).`);
    return { firstDate: period.startDate, lastDate: period.endDate };
  }
  const match = QUARTER_PATTERN.exec(period.quarter);
  if (!match) throw new RangeError(`Not a quarter: "${period.quarter}" (write it as 2026-Q4).`);
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  const firstMonth = (quarter - 1) * 3 + 1;
  const firstDate = `${String(year).padStart(4, '0')}-${String(firstMonth).padStart(2, '0')}-01`;
  const next =
    quarter === 4
      ? `${String(year + 1).padStart(4, '0')}-01-01`
      : `${String(year).padStart(4, '0')}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  return { firstDate, lastDate: addDays(next, -1) };
}

/**
 * The period's instants: from the local midnight of its first day to the local midnight after its last day, in
 * the period's zone (DST-aware: where midnight is skipped, the first instant that exists).
 *
 * @example periodBounds({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' })
 *   → { startMs: Date.UTC(2025, 11, 31, 23), endMs: Date.UTC(2026, 2, 31, 22) }
 * @throws RangeError for an unknown zone or malformed dates.
 */
export function periodBounds(period: OkrPeriod): PeriodBounds {
  if (!isValidTimeZone(period.timeZone)) throw new RangeError(`Unknown time zone: ${period.timeZone}`);
  const { firstDate, lastDate } = periodDates(period);
  const startMs = startOfLocalDayMs(firstDate, period.timeZone);
  const endMs = startOfLocalDayMs(addDays(lastDate, 1), period.timeZone);
  return { startMs, endMs };
}

/**
 * Elapsed share of the period at `nowMs` (epoch ms): 0 before it begins, 1 from its end, linear in real time in
 * between (a 23-hour DST day counts 23 hours). This is the progress a key result is expected to have made.
 */
export function elapsedShare(period: OkrPeriod, nowMs: number): number {
  const { startMs, endMs } = periodBounds(period);
  if (nowMs <= startMs) return 0;
  if (nowMs >= endMs) return 1;
  return (nowMs - startMs) / (endMs - startMs);
}

/** Whether the period has ended at `nowMs` (epoch ms): grading is possible from then on. */
export function isPeriodClosed(period: OkrPeriod, nowMs: number): boolean {
  return nowMs >= periodBounds(period).endMs;
}

/**
 * A key naming the period in store keys and exports (no time zone; only characters store keys allow):
 * `2026-Q4`, or `2026-10-01..2026-12-31` for custom dates.
 */
export function periodKey(period: OkrPeriod): string {
  return period.kind === 'quarter' ? period.quarter : `${period.startDate}..${period.endDate}`;
}

/**
 * The quarter before `quarter` (`2026-Q1` → `2025-Q4`): the usual baseline period of a relative key result.
 *
 * @throws RangeError for a malformed quarter.
 */
export function previousQuarter(quarter: string): string {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match) throw new RangeError(`Not a quarter: "${quarter}" (write it as 2026-Q4).`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  return q === 1 ? `${String(year - 1)}-Q4` : `${String(year)}-Q${String(q - 1)}`;
}
