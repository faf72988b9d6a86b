/**
 * How many values one key result takes per UTC day from people: every view reads a key result's whole history, so
 * an unbounded stream of manual check-ins or "measure now" clicks would make it slow for everyone (and fill the
 * store). The daily measurement and external values have their own bounds (one per day; the web trigger's rate
 * limit). Pure: the check-ins and now are passed in.
 */
import type { CheckIn } from './types';

/** Manual check-ins one key result takes per UTC day. */
export const MAX_MANUAL_CHECK_INS_PER_UTC_DAY = 50;
/** Values measured on demand ("measure now") one key result takes per UTC day. */
export const MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY = 24;

const MS_PER_DAY = 86_400_000;

/** A value measured on demand: its measurement id names a minute (`measured:2026-12-05T10:07`), the daily one a day. */
export function isOnDemandMeasurement(checkIn: CheckIn): boolean {
  return checkIn.source === 'measured' && (checkIn.measurementId?.includes('T') ?? false);
}

/**
 * The check-ins matching `counts` recorded on the UTC day of `nowMs` (epoch ms). By when they were recorded, not
 * when their value held: a backdated check-in is today's work.
 */
export function recordedOnUtcDay(
  checkIns: readonly CheckIn[],
  nowMs: number,
  counts: (checkIn: CheckIn) => boolean,
): number {
  const dayStartMs = Math.floor(nowMs / MS_PER_DAY) * MS_PER_DAY;
  return checkIns.filter(
    (checkIn) =>
      checkIn.recordedAtMs >= dayStartMs && checkIn.recordedAtMs < dayStartMs + MS_PER_DAY && counts(checkIn),
  ).length;
}
